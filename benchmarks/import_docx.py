"""How long ``isoctl import docx`` takes on a 30-page plan document.

    python benchmarks/import_docx.py            # 7 paired runs
    python benchmarks/import_docx.py --runs 3

The document is the real 2023 plan (plans/plan-2023.yaml) grown to about 30 pages — its phase
repeated twelve times with every task renamed, its responsibilities repeated — and rendered by
isoctl in its default layout (task tables in the body and in the appendix), so it has the header
table, the body and appendix tables and the signature table a real one has. Pages are estimated from the text: 2,000 characters a page (A4, Times New Roman 14 pt,
Decree 30 margins; tables are less dense, so this overestimates the characters a page holds and
the page count is, if anything, low).

Each run is a cold process: A = ``isoctl import docx FILE -o -``; B, the peer, = python-docx
opening the same file and reading every paragraph and cell (the least any reader of the file
does). Runs are paired A B A B …; the table gives min/median/max of each and of the ratio A/B,
and the target: A's median under one second. Results go to benchmarks/import-results.md.
"""

from __future__ import annotations

import argparse
import copy
import platform
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


def run(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def stats(xs: list[float]) -> str:
    return f"{min(xs):.3f} / {statistics.median(xs):.3f} / {max(xs):.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import write_bytecode

    write_bytecode()   # as an install does; an editable install under PYTHONDONTWRITEBYTECODE has none
    isoctl = str(Path(sys.executable).parent / "isoctl")
    with tempfile.TemporaryDirectory() as tmp:
        path, chars = document(Path(tmp))
        pages = chars / CHARS_PER_PAGE
        a_cmd = [isoctl, "import", "docx", str(path), "-o", "-"]
        b_cmd = [sys.executable, "-c", PEER, str(path)]
        run(a_cmd)  # warm the page cache and the bytecode
        run(b_cmd)
        a, b = [], []
        for _ in range(args.runs):
            a.append(run(a_cmd))
            b.append(run(b_cmd))
    ratios = [x / y for x, y in zip(a, b, strict=True)]
    ok = statistics.median(a) < 1.0 and pages >= TARGET_PAGES
    lines = [
        "# isoctl import docx: a 30-page plan",
        "",
        f"Document: plans/plan-2023.yaml grown to {sum(1 for _ in big_plan().tasks())} tasks, rendered by isoctl; "
        f"{chars:,} characters ≈ {pages:.0f} pages at {CHARS_PER_PAGE:,} characters a page. "
        f"{args.runs} paired cold runs (A B A B …) on {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}.",
        "",
        "| | min / median / max (s) |",
        "|---|---|",
        f"| A: `isoctl import docx FILE -o -` | {stats(a)} |",
        f"| B: python-docx reads every paragraph and cell | {stats(b)} |",
        f"| ratio A/B | {stats(ratios)} |",
        "",
        f"Target: A's median under 1 s on a document of at least {TARGET_PAGES} pages — "
        f"{'met' if ok else 'NOT met'}.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "benchmarks" / "import-results.md").write_text(text, encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
