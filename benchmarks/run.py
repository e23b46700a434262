"""isoctl's speed, measured against peers doing the same work on the same files.

    python benchmarks/run.py            # full: 1,000 generated plans, 5 runs (3 for the slow peer)
    python benchmarks/run.py --quick    # 200 plans, 3 runs (1 for the slow peer): a minute or so

Every figure is the median wall time of cold processes. Ratios compare isoctl with a peer:
``yamllint -d relaxed`` (the usual YAML linter) on the same file or folder, and ``python -c pass``
for start-up. Prints a table and writes ``benchmarks/results.md``. Needs the ``bench`` extra
(``pip install -e '.[bench]'``, i.e. yamllint). Run it from the repository root or anywhere:
paths are relative to this file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402

REAL_PLANS = [ROOT / "plans" / "plan-2023.yaml", ROOT / "plans" / "plan-2024.yaml"]
# Modules that must not be imported just to print --version or --help.
HEAVY = ("pydantic", "yaml", "ruamel", "docx", "jinja2", "isoctl.plan.model", "isoctl.plan.validate", "isoctl.lint.engine")


@dataclass
class Row:
    name: str
    isoctl: float | None  # median seconds
    peer_name: str = ""
    peer: float | None = None
    target: str = ""
    ok: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.isoctl is None or not self.peer:
            return None
        return self.isoctl / self.peer


def tool(name: str) -> str:
    """An executable next to this interpreter (the venv), else on PATH."""
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else (shutil.which(name) or name)


def timed(cmd: list[str], runs: int, *, cwd: Path = ROOT, ok_codes: tuple[int, ...] = (0, 1),
          warm_up: bool = True) -> float:
    """Median wall time of ``runs`` cold processes of ``cmd`` (after one unmeasured warm-up run that
    fills the OS file cache; skipped for the slow peer, whose files the previous runs have cached)."""
    env = {**os.environ, "NO_COLOR": "1", "LANG": "C.UTF-8"}
    env.pop("GITHUB_ACTIONS", None)

    def once() -> float:
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if proc.returncode not in ok_codes:
            raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
        return elapsed

    if warm_up:
        once()
    return statistics.median(once() for _ in range(runs))


def spread(cmd: list[str], runs: int, *, cwd: Path = ROOT) -> tuple[float, float, float, float]:
    """(min, median, max) wall time and the median CPU time (user + system) of ``runs`` cold
    processes of ``cmd``, after one warm-up run. On a shared, busy machine the wall time grows
    with the load; the CPU time much less."""
    import resource

    env = {**os.environ, "NO_COLOR": "1", "LANG": "C.UTF-8"}
    env.pop("GITHUB_ACTIONS", None)
    times, cpus = [], []
    for k in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
        if k:
            times.append(elapsed)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(times), statistics.median(times), max(times), statistics.median(cpus)


def big_plans(folder: Path, tasks: int) -> tuple[Path, Path]:
    """A plan of ``tasks`` tasks and the same plan with every phase and task id renamed."""
    from generate import plan_text, rename_ids

    folder.mkdir(parents=True, exist_ok=True)
    text = plan_text(11, tasks).replace("  abrv:", "  abbr:")  # schema-valid, so diff and render run
    old, new = folder / f"big-{tasks}.yaml", folder / f"big-{tasks}-renamed.yaml"
    old.write_text(text, encoding="utf-8")
    new.write_text(rename_ids(text), encoding="utf-8")
    return old, new


def heavy_imports(args: list[str]) -> list[str]:
    """Heavy modules imported by ``isoctl ARGS`` (run in a fresh interpreter)."""
    code = ("import sys, json\nsys.argv = ['isoctl', *json.loads(sys.argv[1])]\n"
            "from isoctl.cli.entry import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            f"heavy = {HEAVY!r}\n"
            "print(json.dumps(sorted({m for m in sys.modules for h in heavy if m == h or m.startswith(h + '.')})),"
            " file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"})
    found = json.loads(proc.stderr.strip().splitlines()[-1])
    return sorted({m.split(".")[0] if not m.startswith("isoctl") else m for m in found})


def write_bytecode() -> None:
    """pip writes bytecode when it installs; an editable install run with PYTHONDONTWRITEBYTECODE
    has none, so every run would compile isoctl's sources again. Write it, as an install does."""
    import compileall

    import isoctl

    compileall.compile_dir(str(Path(isoctl.__file__).parent), quiet=1)


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="200 plans and fewer runs (about a minute)")
    ap.add_argument("--count", type=int, help="number of generated plans (default 1000, quick 200)")
    ap.add_argument("--runs", type=int, help="runs per measurement (default 5, quick 3)")
    ap.add_argument("--no-write", action="store_true", help="do not write benchmarks/results.md")
    ap.add_argument("--only-large", action="store_true",
                    help="only the 2,000-task diff and render targets (implies --no-write)")
    args = ap.parse_args(argv)
    count = args.count or (200 if args.quick else 1000)
    runs = args.runs or (3 if args.quick else 5)
    slow_runs = 1 if args.quick else 3
    isoctl, yamllint, python = tool("isoctl"), tool("yamllint"), sys.executable
    if not Path(yamllint).exists() and not shutil.which(yamllint):
        print("yamllint not found: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    rows: list[Row] = []
    one = str(REAL_PLANS[0])

    def say(row: Row) -> None:
        rows.append(row)
        ratio = f"{row.ratio:.3f}" if row.ratio is not None else ""
        print(f"  {row.name:<44} {fmt_time(row.isoctl):>9}  {row.peer_name:<26} {fmt_time(row.peer):>9}  {ratio:>6}  "
              f"{'ok' if row.ok else ('MISSED' if row.ok is False else '')} {row.note}", flush=True)

    print(f"isoctl benchmarks: {count} generated plans, {runs} runs per figure (median)")
    write_bytecode()
    with tempfile.TemporaryDirectory(prefix="isoctl-bench-") as tmp:
        old, new = big_plans(Path(tmp), 2000)
        for name, cmd, limit in (
            ("diff 2,000 tasks, every id renamed", ["diff", str(old), str(new)], 10.0),
            ("render docx, 2,000 tasks", ["render", "docx", str(old), "-o", str(Path(tmp) / "big.docx"), "--force"],
             5.0),
        ):
            low, mid, high, cpu = spread([isoctl, *cmd], max(1, runs // 2))
            say(Row(name, mid, target=f"< {limit:.0f} s", ok=mid < limit,
                    note=f"min {fmt_time(low)}, max {fmt_time(high)}, CPU {fmt_time(cpu)}"))
    if args.only_large:
        missed = [r.name for r in rows if r.ok is False]
        print(("targets missed: " + "; ".join(missed)) if missed else "all targets met")
        return 1 if missed else 0
    version = timed([isoctl, "--version"], runs)
    bare = timed([python, "-c", "pass"], runs)
    heavy_v = heavy_imports(["--version"])
    say(Row("isoctl --version", version, "python -c pass", bare, "imports nothing heavy", not heavy_v,
            f"heavy imports: {', '.join(heavy_v) or 'none'}"))
    help_t = timed([isoctl, "--help"], runs)
    heavy_h = heavy_imports(["--help"])
    say(Row("isoctl --help", help_t, "python -c pass", bare, "imports nothing heavy", not heavy_h,
            f"heavy imports: {', '.join(heavy_h) or 'none'}"))

    ours = timed([isoctl, "validate", one, "-q"], runs)
    theirs = timed([yamllint, "-d", "relaxed", one], runs)
    say(Row(f"validate 1 plan ({Path(one).name})", ours, "yamllint -d relaxed", theirs, "ratio ≤ 1",
            ours <= theirs))

    with tempfile.TemporaryDirectory(prefix="isoctl-bench-") as tmp:
        folder = Path(tmp) / "plans"
        generate(folder, count, seed=7)
        ours = timed([isoctl, "validate", str(folder), "-q"], runs)
        ours_1 = timed([isoctl, "validate", str(folder), "-q", "-j", "1"], max(1, runs // 2))
        theirs = timed([yamllint, "-d", "relaxed", str(folder)], slow_runs, warm_up=False)
        # the target is set for a folder of 1,000 plans: on fewer, start-up weighs more and it is not judged
        say(Row(f"validate {count} plans (all cores)", ours, "yamllint -d relaxed", theirs,
                "ratio ≤ 0.04" if count >= 1000 else "(judged at 1,000 plans)",
                ours <= theirs / 25 if count >= 1000 else None))
        say(Row(f"validate {count} plans (-j 1)", ours_1, "yamllint -d relaxed", theirs, "", None))

        for name, cmd in (
            ("render docx (plan-2023)", ["render", "docx", one, "-o", str(Path(tmp) / "out.docx"), "--force"]),
            ("diff plan-2023 plan-2024", ["diff", str(REAL_PLANS[0]), str(REAL_PLANS[1])]),
            ("timeline plan-2024", ["timeline", str(REAL_PLANS[1])]),
        ):
            try:
                say(Row(name, timed([isoctl, *cmd], runs), note="absolute"))
            except RuntimeError as exc:
                say(Row(name, None, note=f"failed: {str(exc)[:120]}"))

    if not args.no_write:
        write_results(rows, count, runs, slow_runs, args.quick)
    missed = [r.name for r in rows if r.ok is False]
    print(("targets missed: " + "; ".join(missed)) if missed else "all targets met")
    return 1 if missed else 0


def write_results(rows: list[Row], count: int, runs: int, slow_runs: int, quick: bool) -> None:
    from isoctl import __version__

    lines = [
        "# isoctl benchmark results",
        "",
        f"Latest run: {time.strftime('%Y-%m-%d %H:%M')}, isoctl {__version__}, "
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs (nproc). {count} generated plans; median of {runs} cold runs "
        f"({slow_runs} for yamllint on the folder){' (--quick)' if quick else ''}.",
        "",
        "| measurement | isoctl | peer | peer time | ratio | target | met |",
        "|---|---:|---|---:|---:|---|---|",
    ]
    for r in rows:
        ratio = f"{r.ratio:.3f}" if r.ratio is not None else ""
        met = "yes" if r.ok else ("**no**" if r.ok is False else "")
        note = f" ({r.note})" if r.note else ""
        lines.append(f"| {r.name}{note} | {fmt_time(r.isoctl)} | {r.peer_name} | {fmt_time(r.peer)} | "
                     f"{ratio} | {r.target} | {met} |")
    lines += [
        "",
        "Reproduce: `pip install -e '.[bench]'` then `python benchmarks/run.py` (or `--quick`).",
        "The plans come from `benchmarks/generate.py` (seed 7): Vietnamese text drawn from the real",
        "plans, 40–80 tasks in 3–6 phases, comments, every kind of schedule; about 2% carry a schema",
        "error, as a real folder would.",
        "",
    ]
    (ROOT / "benchmarks" / "results.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
