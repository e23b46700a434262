"""isoctl's speed and memory, measured against peers doing the same work on the same files.

    python benchmarks/run.py            # full: 1,000 generated plans, 5 pairs of runs, 10,000 for memory
    python benchmarks/run.py --quick    # 200 plans, 3 pairs (1 for the slow peer), 2,000 for memory
    python benchmarks/run.py --only large,memory   # some sections only (implies --no-write)
    python benchmarks/run.py --only memory --memory-plans /tmp/plans --memory-rows=--fix,--diff   # some rows

Every time is taken from cold processes, and every target is a ratio to a peer that runs in the
same run, its runs interleaved with isoctl's (A B A B …, after one warm-up run of each), so that
a load which comes and goes on a shared machine weighs on both sides alike. Each figure is printed
as min/median/max of the wall time, with the median CPU time (user + system, the process and the
workers it waited for). The peers: ``yamllint -d relaxed`` on the same file or folder, the
*floor* (python starting, reading the file and parsing it with libyaml's CSafeLoader), and
``python -c pass`` for start-up. Memory is the peak resident set of the largest process (the
main one or a worker), from ``wait4``. Prints a table and writes ``benchmarks/results.md``. Needs
the ``bench`` extra (``pip install -e '.[bench]'``, i.e. yamllint).
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
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402

REAL_PLANS = [ROOT / "plans" / "plan-2023.yaml", ROOT / "plans" / "plan-2024.yaml"]
# Modules that must not be imported just to print --version or --help.
HEAVY = ("pydantic", "yaml", "ruamel", "docx", "jinja2", "isoctl.plan.model", "isoctl.plan.validate", "isoctl.lint.engine")
FORMATS = ("full", "concise", "json", "sarif", "github")
SECTIONS = ("start", "one", "folder", "memory", "large", "real")
MB = 1024 * 1024


@dataclass
class Stat:
    """The runs of one command: wall and CPU seconds, peak RSS in bytes."""
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    rss: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    def spread(self) -> str:
        return f"{fmt_time(min(self.walls))} / {fmt_time(self.median)} / {fmt_time(max(self.walls))}"


@dataclass
class Row:
    name: str
    ours: Stat | None
    peer_name: str = ""
    peer: Stat | None = None
    target: str = ""
    ok: bool | None = None
    note: str = ""
    cpu_ratio: bool = False  # the ratio printed is of CPU time (else of median wall time)

    @property
    def ratio(self) -> float | None:
        if self.ours is None or self.peer is None:
            return None
        if self.cpu_ratio:
            return self.ours.cpu / self.peer.cpu if self.peer.cpu else None
        return self.ours.median / self.peer.median if self.peer.median else None


def tool(name: str) -> str:
    """An executable next to this interpreter (the venv), else on PATH."""
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else (shutil.which(name) or name)


def once(cmd: list[str], *, cwd: Path = ROOT, ok_codes: tuple[int, ...] = (0, 1)) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (bytes) of one cold process of ``cmd``. ``wait4``
    gives the process's own usage plus that of the children it waited for (the lint workers)."""
    env = {**os.environ, "NO_COLOR": "1", "LANG": "C.UTF-8"}
    env.pop("GITHUB_ACTIONS", None)
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok_codes:
            err.seek(0)
            raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {err.read().decode()[-500:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def interleaved(cmds: list[list[str]], runs: int, *, warm_up: bool = True) -> list[Stat]:
    """Run the commands in turn, A B A B … ``runs`` times each (after one unmeasured warm-up
    round that fills the OS file cache, unless ``warm_up`` is false); one Stat per command."""
    stats = [Stat() for _ in cmds]
    for k in range(runs + (1 if warm_up else 0)):
        for cmd, stat in zip(cmds, stats, strict=True):
            wall, cpu, rss = once(cmd)
            if warm_up and k == 0:
                continue
            stat.walls.append(wall)
            stat.cpus.append(cpu)
            stat.rss = max(stat.rss, rss)
    return stats


def memory_runs(out: Path, baseline: Path) -> list[tuple[str, list[str]]]:
    """The memory target's runs (label, flags): every output format to stdout, the default (full)
    with ``-q``, and full written with ``-o`` (a file's report goes into the output file as it is
    made, as concise and github do; json and sarif write to a file as to stdout); then the flags
    that keep more than a report: ``--write-baseline`` (its file is the next row's baseline),
    ``--baseline``, ``--show-activities``, ``--diff`` and ``--fix`` (run on a fresh copy of the
    plans each time, so that every run has the same fixes to make)."""
    runs = [(fmt, ["--format", fmt]) for fmt in FORMATS]
    runs.append(("full -q", ["-q"]))
    runs.append(("full -o FILE", ["--format", "full", "-o", str(out), "--force"]))
    runs.append(("--write-baseline", ["-q", "--write-baseline", str(baseline), "--force"]))
    runs.append(("--baseline", ["--baseline", str(baseline)]))
    runs.append(("--show-activities", ["-q", "--show-activities"]))
    runs.append(("--diff", ["--diff"]))
    runs.append(("--fix", ["--fix"]))
    return runs


def wanted_rows(runs: list[tuple[str, list[str]]], pattern: str | None) -> list[tuple[str, list[str]]]:
    """The memory rows named by ``--memory-rows`` (comma-separated labels, e.g. ``--fix,json``;
    each row takes minutes at 10,000 plans); all of them without it. ``--baseline`` alone needs a
    baseline: its ``--write-baseline`` row runs first (unreported) when it is not chosen too."""
    if not pattern:
        return runs
    names = [n.strip() for n in pattern.split(",") if n.strip()]
    labels = [label for label, _ in runs]
    unknown = [n for n in names if n not in labels]
    if unknown:
        raise SystemExit(f"unknown memory row(s): {', '.join(unknown)}; rows: {', '.join(labels)}")
    return [r for r in runs if r[0] in names]


def floor_cmd(path: str) -> list[str]:
    """Python starting, reading the file and parsing it with libyaml: what any YAML tool pays."""
    code = ("import sys, yaml\nwith open(sys.argv[1], encoding='utf-8') as f:\n"
            "    yaml.load(f.read(), Loader=yaml.CSafeLoader)")
    return [sys.executable, "-c", code, path]


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
    ap.add_argument("--quick", action="store_true", help="200 plans, 2,000 for memory, fewer runs")
    ap.add_argument("--count", type=int, help="number of generated plans (default 1000, quick 200)")
    ap.add_argument("--memory-count", type=int, help="plans for the memory target (default 10000, quick 2000)")
    ap.add_argument("--memory-plans", metavar="FOLDER",
                    help="validate this folder of generated plans for memory (default: generate --memory-count)")
    ap.add_argument("--memory-rows", metavar="LABELS",
                    help="only these memory rows, comma-separated labels (write --memory-rows=--fix,--diff,json; implies --no-write)")
    ap.add_argument("--runs", type=int, help="pairs of runs per measurement (default 5, quick 3)")
    ap.add_argument("--only", help=f"comma-separated sections: {', '.join(SECTIONS)} (implies --no-write)")
    ap.add_argument("--no-write", action="store_true", help="do not write benchmarks/results.md")
    ap.add_argument("--only-large", action="store_true", help="the same as --only large")
    args = ap.parse_args(argv)
    only = set(SECTIONS)
    if args.only or args.only_large:
        only = {s.strip() for s in (args.only or "large").split(",") if s.strip()}
        if only - set(SECTIONS):
            ap.error(f"unknown section(s): {', '.join(sorted(only - set(SECTIONS)))}")
    write = not (args.no_write or args.only or args.only_large or args.memory_rows)
    count = args.count or (200 if args.quick else 1000)
    mem_count = args.memory_count or (2000 if args.quick else 10000)
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
        ours = row.ours.spread() if row.ours else "—"
        peer = row.peer.spread() if row.peer else ""
        ratio = f"{row.ratio:.3f}" if row.ratio is not None else ""
        verdict = "ok" if row.ok else ("MISSED" if row.ok is False else "")
        print(f"  {row.name:<40} {ours:>26}  {row.peer_name:<22} {peer:>26}  {ratio:>6} {row.target} {verdict}"
              f" {row.note}", flush=True)

    print(f"isoctl benchmarks: {count} generated plans, {runs} interleaved pairs per figure; "
          f"times are min / median / max wall; load average {os.getloadavg()[0]:.1f}")
    write_bytecode()
    if "start" in only:
        version, help_t, bare = interleaved([[isoctl, "--version"], [isoctl, "--help"], [python, "-c", "pass"]], runs)
        for label, stat, flags in (("isoctl --version", version, ["--version"]), ("isoctl --help", help_t, ["--help"])):
            heavy = heavy_imports(flags)
            say(Row(label, stat, "python -c pass", bare, "imports nothing heavy", not heavy,
                    f"heavy imports: {', '.join(heavy) or 'none'}"))
    if "one" in only:
        ours, lint, floor = interleaved([[isoctl, "validate", one, "-q"], [yamllint, "-d", "relaxed", one],
                                         floor_cmd(one)], runs)
        name = f"validate 1 plan ({Path(one).name})"
        say(Row(name, ours, "yamllint -d relaxed", lint, "≤ 1.0", ours.median <= lint.median))
        say(Row(name, ours, "floor (python+read+CSafeLoader)", floor, "≤ 2.5", ours.median <= 2.5 * floor.median))
    with tempfile.TemporaryDirectory(prefix="isoctl-bench-") as tmp:
        if "folder" in only:
            folder = Path(tmp) / "plans"
            generate(folder, count, seed=7)
            judged = count >= 1000  # on fewer plans start-up weighs more: not judged
            # yamllint takes minutes on the folder: fewer rounds, the three commands interleaved
            ours, ours_1, lint = interleaved([[isoctl, "validate", str(folder), "-q"],
                                              [isoctl, "validate", str(folder), "-q", "-j", "1"],
                                              [yamllint, "-d", "relaxed", str(folder)]], slow_runs, warm_up=False)
            name = f"validate {count} plans (all cores)"
            say(Row(name, ours, "yamllint -d relaxed", lint, "wall ≤ 0.04" if judged else "(judged at 1,000)",
                    ours.median <= lint.median / 25 if judged else None))
            say(Row(name + ", CPU", ours, "yamllint -d relaxed", lint, "CPU ≤ 0.1" if judged else "(judged at 1,000)",
                    ours.cpu <= lint.cpu / 10 if judged else None, cpu_ratio=True,
                    note=f"CPU {fmt_time(ours.cpu)} vs {fmt_time(lint.cpu)}"))
            say(Row(f"validate {count} plans (-j 1)", ours_1, "yamllint -d relaxed", lint, "", None))
            shutil.rmtree(folder)
        if "memory" in only:
            if args.memory_plans:
                folder = Path(args.memory_plans)
                mem_count = sum(1 for _ in folder.glob("*.yaml"))
            else:
                folder = Path(tmp) / "many"
                generate(folder, mem_count, seed=7)
            judged = mem_count >= 10000  # the target is set at 10,000 plans
            baseline = Path(tmp) / "baseline.json"
            chosen = wanted_rows(memory_runs(Path(tmp) / "report.out", baseline), args.memory_rows)
            if any(label == "--baseline" for label, _ in chosen) and \
                    not any(label == "--write-baseline" for label, _ in chosen):
                once([isoctl, "validate", str(folder), "-q", "--write-baseline", str(baseline), "--force"])
            for label, flags in chosen:
                target = folder
                if label == "--fix":  # never the measured folder itself: a fresh copy, not timed
                    target = Path(tmp) / "fixed"
                    shutil.rmtree(target, ignore_errors=True)
                    shutil.copytree(folder, target)
                cmd = [isoctl, "validate", str(target), *flags]
                (stat,) = interleaved([cmd], 1, warm_up=False)
                if label == "--fix":
                    shutil.rmtree(target)
                say(Row(f"validate {mem_count} plans, {label}: peak RSS", stat,
                        target="< 200 MB" if judged else "(judged at 10,000)",
                        ok=stat.rss < 200 * MB if judged else None,
                        note=f"{stat.rss / MB:.0f} MB, largest process; CPU {fmt_time(stat.cpu)}"))
            if not args.memory_plans:
                shutil.rmtree(folder)
        if "large" in only:
            # two 2,000-task plans, the second with every id renamed; each command paired with the
            # floor on the same plan, at least 3 rounds so that min / median / max say something
            old, new = big_plans(Path(tmp), 2000)
            large_runs = max(3, runs // 2)
            for name, cmd, limit in (
                ("diff 2,000 tasks, every id renamed", ["diff", str(old), str(new)], 10.0),
                ("render docx, 2,000 tasks", ["render", "docx", str(old), "-o", str(Path(tmp) / "big.docx"), "--force"],
                 5.0),
            ):
                ours, floor = interleaved([[isoctl, *cmd], floor_cmd(str(old))], large_runs)
                say(Row(name, ours, "floor (python+read+CSafeLoader)", floor, f"< {limit:.0f} s", ours.median < limit,
                        note=f"CPU {fmt_time(ours.cpu)}"))
        if "real" in only:
            for name, cmd in (
                ("render docx (plan-2023)", ["render", "docx", one, "-o", str(Path(tmp) / "out.docx"), "--force"]),
                ("diff plan-2023 plan-2024", ["diff", str(REAL_PLANS[0]), str(REAL_PLANS[1])]),
                ("timeline plan-2024", ["timeline", str(REAL_PLANS[1])]),
            ):
                try:
                    ours, floor = interleaved([[isoctl, *cmd], floor_cmd(str(REAL_PLANS[0]))], runs)
                    say(Row(name, ours, "floor (python+read+CSafeLoader)", floor, note="no target"))
                except RuntimeError as exc:
                    say(Row(name, None, note=f"failed: {str(exc)[:120]}"))

    if write:
        write_results(rows, count, mem_count, runs, slow_runs, args.quick)
    missed = [r.name + (f" vs {r.peer_name}" if r.peer_name else "") for r in rows if r.ok is False]
    print(("targets missed: " + "; ".join(missed)) if missed else "all targets met")
    return 1 if missed else 0


def write_results(rows: list[Row], count: int, mem_count: int, runs: int, slow_runs: int, quick: bool) -> None:
    from isoctl import __version__

    lines = [
        "# isoctl benchmark results",
        "",
        f"Latest run: {time.strftime('%Y-%m-%d %H:%M')}, isoctl {__version__}, "
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs (nproc), load average {os.getloadavg()[0]:.1f} at the end. {count} generated "
        f"plans, {mem_count} for memory; {runs} runs of each side, interleaved A B A B with the peer "
        f"({slow_runs} on the folder){' (--quick)' if quick else ''}. Times: min / median / max wall; ratio of "
        "medians (of CPU times where it says CPU).",
        "",
        "| measurement | isoctl | peer | peer time | ratio | target | met |",
        "|---|---:|---|---:|---:|---|---|",
    ]
    for r in rows:
        ratio = f"{r.ratio:.3f}" if r.ratio is not None else ""
        met = "yes" if r.ok else ("**no**" if r.ok is False else "")
        note = f" ({r.note})" if r.note else ""
        lines.append(f"| {r.name}{note} | {r.ours.spread() if r.ours else '—'} | {r.peer_name} | "
                     f"{r.peer.spread() if r.peer else ''} | {ratio} | {r.target} | {met} |")
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
