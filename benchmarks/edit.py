"""The time of ``isoctl done`` / ``isoctl set`` on plans of 100, 2,000 and 10,000 tasks.

    python benchmarks/edit.py                  # 100, 2,000 and 10,000 tasks, 5 pairs of runs
    python benchmarks/edit.py --tasks 10000 --runs 3

Each size is measured in cold processes, interleaved A B A B … with its peer in the same run
(after one unmeasured warm-up round of each), so a load that comes and goes on a shared machine
weighs on both alike: A is ``isoctl set TASK note=…`` on a fresh copy of the plan (the copy is
made before the clock starts), B is ``isoctl validate --format concise`` on the same plan, the
check an edit must pass twice (the plan as read and as it would be written, then linted). Each
figure is min / median / max wall time with the median CPU time (user + system). The target of
issue 17 is under a second for 10,000 tasks. No test asserts a time; this script prints the table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import plan_text  # noqa: E402


def tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else (shutil.which(name) or name)


def once(cmd: list[str], before=None) -> tuple[float, float]:
    """Wall and CPU seconds of one cold process (``before`` runs first, off the clock)."""
    if before is not None:
        before()
    env = {**os.environ, "NO_COLOR": "1", "LANG": "C.UTF-8"}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {code}: {proc.stderr.read().decode()[-400:]}")
    proc.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime


def spread(walls: list[float]) -> str:
    return f"{min(walls):.2f} / {statistics.median(walls):.2f} / {max(walls):.2f} s"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tasks", type=int, nargs="*", default=[100, 2000, 10000])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    isoctl = tool("isoctl")
    print(f"{'tasks':>6}  {'isoctl set (min/median/max)':<28} {'cpu':>6}  {'validate (min/median/max)':<28} {'cpu':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.tasks:
            text = plan_text(11, n).replace("  abrv:", "  abbr:")
            source, work = Path(tmp, f"plan-{n}.yaml"), Path(tmp, f"edit-{n}.yaml")
            source.write_text(text, encoding="utf-8")
            middle = f"nv-2-{n // 8}" if n >= 16 else "nv-1-1"

            def fresh(source: Path = source, work: Path = work) -> None:
                shutil.copyfile(source, work)

            edit = [isoctl, "set", middle, "note=Đã rà soát", str(work), "--force"]
            check = [isoctl, "validate", "--format", "concise", str(source)]
            a, b = ([], []), ([], [])
            for k in range(args.runs + 1):
                wall, cpu = once(edit, fresh)
                if k:
                    a[0].append(wall)
                    a[1].append(cpu)
                wall, cpu = once(check)
                if k:
                    b[0].append(wall)
                    b[1].append(cpu)
            assert "Đã rà soát" in work.read_text(encoding="utf-8")
            print(f"{n:>6}  {spread(a[0]):<28} {statistics.median(a[1]):>5.2f}s  {spread(b[0]):<28} "
                  f"{statistics.median(b[1]):>5.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
