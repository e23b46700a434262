"""How long ``isoctl import docx`` takes on a 30-page plan document.

    python benchmarks/import_docx.py            # 7 paired runs
    python benchmarks/import_docx.py --runs 3

The document is the real 2023 plan (plans/plan-2023.yaml) grown to 30 pages — its phase
repeated twelve times with every task renamed, its responsibilities repeated — and rendered by
isoctl in its default layout (task tables in the body and in the appendix), so it has the header
table, the body and appendix tables and the signature table a real one has. Its pages are counted
in the PDF LibreOffice prints of it (``soffice`` and ``pdfinfo``, when installed); without them they
are estimated from the text: 2,000 characters a page (A4, Times New Roman 14 pt, Decree 30
margins; tables are less dense, so the estimate is, if anything, low).

Each run is a cold process, and the runs are paired, A B C D A B C D … after one warm-up round
(:func:`run.interleaved`, the machinery of benchmarks/run.py), so that a load which comes and goes
on a shared machine weighs on every side alike:

- A = ``isoctl import docx FILE -o -``, the measured command;
- B = python-docx opening the same file and reading every paragraph and cell (the least any
  reader of the file does: python starting, python-docx imported, the package parsed);
- C = ``isoctl validate`` of the plan file A writes (isoctl starting and reading that plan);
- D = ``python -c pass`` (the interpreter starting).

Each is given as min / median / max of the wall time and of the CPU time (user + system, from
``wait4``), with A's medians as a ratio of each peer's. The target: A's median wall time under one
second on a document of at least 30 pages; the CPU time says what the import itself costs when
the wall time is stretched by other work on the machine. Results go to benchmarks/import-results.md.
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHARS_PER_PAGE = 2000
TARGET_PAGES = 30
PEER = ("import sys, docx\n"
        "d = docx.Document(sys.argv[1])\n"
        "n = sum(len(p.text) for p in d.paragraphs)\n"
        "n += sum(len(c.text) for t in d.tables for r in t.rows for c in r.cells)\n")


def big_plan() -> object:
    from isoctl.plan.files import load_plan

    plan = load_plan(ROOT / "plans" / "plan-2023.yaml")
    base = plan.phases[0]
    phases = []
    for k in range(1, 13):
        ph = copy.deepcopy(base)
        ph.id, ph.title = f"dot-{k}", f"Đợt {k}: {base.title}"
        for t in ph.tasks:
            t.id, t.title, t.label = f"{t.id}-{k}", f"{t.title} (đợt {k})", None
        phases.append(ph)
    plan.phases = phases
    plan.responsibilities = [copy.deepcopy(r) for r in plan.responsibilities] * 3
    plan.presentation = None   # isoctl's default layout: the tasks in tables in the body and the appendix
    for _, t in plan.tasks():
        t.shown_in = None
    return plan


def document(folder: Path) -> tuple[Path, int]:
    import docx

    from isoctl.render import render_document

    path = folder / "plan-30-trang.docx"
    path.write_bytes(render_document(big_plan(), "ke-hoach").docx)
    d = docx.Document(str(path))
    chars = sum(len(p.text) for p in d.paragraphs) + sum(len(c.text) for t in d.tables for r in t.rows for c in r.cells)
    return path, chars


def pages(path: Path, chars: int) -> tuple[float, str]:
    """The document's pages: printed by LibreOffice when it is installed, else estimated."""
    soffice, pdfinfo = shutil.which("soffice") or shutil.which("libreoffice"), shutil.which("pdfinfo")
    if soffice and pdfinfo:
        folder = path.parent
        try:
            subprocess.run([soffice, f"-env:UserInstallation={(folder / 'lo').as_uri()}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(folder), str(path)],
                           check=True, capture_output=True, timeout=300, stdin=subprocess.DEVNULL)
            info = subprocess.run([pdfinfo, str(path.with_suffix(".pdf"))], check=True, capture_output=True,
                                  text=True).stdout
            count = next(int(line.split()[1]) for line in info.splitlines() if line.startswith("Pages:"))
            return count, "pages of the PDF LibreOffice prints of it"
        except (subprocess.SubprocessError, OSError, StopIteration, ValueError):
            pass
    return chars / CHARS_PER_PAGE, f"pages estimated at {CHARS_PER_PAGE:,} characters a page (no LibreOffice)"


def spread(xs: list[float]) -> str:
    return f"{min(xs):.3f} / {statistics.median(xs):.3f} / {max(xs):.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--no-write", action="store_true", help="do not write benchmarks/import-results.md")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import interleaved, write_bytecode

    write_bytecode()   # as an install does; an editable install under PYTHONDONTWRITEBYTECODE has none
    isoctl = str(Path(sys.executable).parent / "isoctl")
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        path, chars = document(Path(tmp))
        count, counted = pages(path, chars)
        result = Path(tmp) / "plans" / "plan-30-trang.yaml"
        subprocess.run([isoctl, "import", "docx", str(path), "-o", str(result)], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        commands = {
            "A: `isoctl import docx FILE -o -`": [isoctl, "import", "docx", str(path), "-o", "-"],
            "B: python-docx opens FILE, reads every paragraph and cell": [sys.executable, "-c", PEER, str(path)],
            "C: `isoctl validate` of the plan A writes": [isoctl, "validate", str(result), "-q"],
            "D: `python -c pass`": [sys.executable, "-c", "pass"],
        }
        stats = dict(zip(commands, interleaved(list(commands.values()), args.runs), strict=True))
    a = stats[next(iter(stats))]
    wall, cpu = statistics.median(a.walls), statistics.median(a.cpus)
    ok = wall < 1.0 and count >= TARGET_PAGES
    rows = []
    for name, st in stats.items():
        ratio = "" if st is a else (f"{wall / statistics.median(st.walls):.2f} / {cpu / statistics.median(st.cpus):.2f}")
        rows.append(f"| {name} | {spread(st.walls)} | {spread(st.cpus)} | {ratio} |")
    verdict = ("met" if ok else "NOT met") + f": median {wall:.3f} s wall, {cpu:.3f} s CPU"
    if not ok and cpu < 1.0 and count >= TARGET_PAGES:
        verdict += " (the import's own CPU time is under a second; the wall time is the machine's load)"
    lines = [
        "# isoctl import docx: a 30-page plan",
        "",
        f"Document: plans/plan-2023.yaml grown to {sum(1 for _ in big_plan().tasks())} tasks, rendered by isoctl; "
        f"{chars:,} characters, {count:.0f} {counted}. {args.runs} rounds of cold runs, paired A B C D A B C D … "
        f"after a warm-up round, on {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, load average {load:.1f} before and "
        f"{os.getloadavg()[0]:.1f} after ({time.strftime('%Y-%m-%d %H:%M')}).",
        "",
        "| command | wall min / median / max (s) | CPU min / median / max (s) | A ÷ this, wall / CPU (medians) |",
        "|---|---|---|---|",
        *rows,
        "",
        f"Target: A's median wall time under 1 s on a document of at least {TARGET_PAGES} pages — {verdict}.",
        "CPU time is user + system of the process (wait4). Reproduce: `python benchmarks/import_docx.py`.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        (ROOT / "benchmarks" / "import-results.md").write_text(text, encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
