"""Ctrl-C anywhere (issue 17): exit 130 and "interrupted", no traceback, no partial file.

Each long command runs in a subprocess in a session of its own and is sent SIGINT at spread-out
moments, to its process group as a terminal sends it (the pool's workers get it too) and to the
process alone. Runs that end before the signal arrives are counted apart; enough rounds run to
catch a failure that shows once in twenty. The first 0.4 s are left out: that is the Python
interpreter starting (site, .pth files), before the first line of isoctl runs.
ISOCTL_INTERRUPT_ROUNDS sets the rounds per command (default 8; a quarter of that for the validate
runs, which take half a minute each on a loaded machine; a third in Vietnamese); the issue's "one in
twenty" was hunted with 40.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import PLANS, ROOT

ROUNDS = int(os.environ.get("ISOCTL_INTERRUPT_ROUNDS", "8"))
BIG = PLANS / "plan-2023.yaml"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals and process groups are POSIX")


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("interrupt")
    (folder / ".git").mkdir()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    generate.generate(folder / "plans", 1000)
    proc = subprocess.run([sys.executable, "-m", "isoctl", "render", "docx", str(BIG), "-o", str(folder / "big.docx")],
                          cwd=folder, capture_output=True)
    assert (folder / "big.docx").exists(), proc.stderr
    return folder


COMMANDS = {
    "validate, 1000 plans, pool, json -o": (["validate", "plans", "-j", "2", "--format", "json", "-o", "out.json"],
                                           "out.json"),
    "validate, 1000 plans, one process, -o": (["validate", "plans", "-j", "1", "-o", "out.txt"], "out.txt"),
    "validate, 1000 plans, pool, full": (["validate", "plans", "-j", "2"], None),
    "render docx --all": (["render", "docx", str(BIG), "--all", "-o", "docs"], "docs"),
    "import docx": (["import", "docx", "big.docx", "-o", "imported.yaml"], "imported.yaml"),
    "timeline --svg --html": (["timeline", str(BIG), "--svg", "t.svg", "--html", "t.html"], "t.html"),
}


START = 0.4
_DURATIONS: dict[str, float] = {}


def _duration(work: Path, command: str) -> float:
    """How long the command takes here, now, uninterrupted (the signals are spread over it)."""
    if command not in _DURATIONS:
        start = time.monotonic()
        subprocess.run([sys.executable, "-m", "isoctl", *COMMANDS[command][0], "--force"], cwd=work,
                       capture_output=True, env={**os.environ, "LANG": "C.UTF-8"})
        _DURATIONS[command] = time.monotonic() - start
    if _DURATIONS[command] < 0.3:
        pytest.skip(f"{command} takes {_DURATIONS[command]:.2f} s here: too quick to interrupt")
    return _DURATIONS[command]


def _whole(path: Path, where: str) -> None:
    data = path.read_bytes()
    if path.suffix == ".json":
        json.loads(data)
    elif path.suffix == ".yaml":
        assert isinstance(yaml.safe_load(data), dict), where
    elif path.suffix in (".svg", ".html"):
        assert data.rstrip().endswith((b"</svg>", b"</html>")), where


def _temporary(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*.tmp"))


def _ctrl_c_as_at_a_terminal() -> None:
    """In the child: SIGINT handled by default, as in a terminal. A test run started in the
    background (``cmd &`` in a script, as CI runners and nohup do) inherits SIGINT ignored, and
    Python then never turns Ctrl-C into KeyboardInterrupt: no run would be interrupted."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_ctrl_c_at_any_moment_is_exit_130_and_interrupted(work, command, lang):
    args, output = COMMANDS[command]
    longest = _duration(work, command) * 0.9 - START
    rng = random.Random(f"{command}{lang}")
    rounds = ROUNDS if not command.startswith("validate") else max(2, ROUNDS // 4)  # 30 s a run, loaded
    rounds = rounds if lang == "en" else max(1, rounds // 3)
    env = {**os.environ, "LANG": "C.UTF-8", "NO_COLOR": "1", "ISOCTL_LANG": lang}
    env.pop("ISOCTL_DEBUG", None)
    word = "interrupted" if lang == "en" else "đã ngắt"
    interrupted = 0
    # the spread rounds, then (when the command outran most of them: a quick, idle machine) rounds
    # just after start-up, so that every run still checks an interruption, not only clean exits
    plan = [START + rng.random() * max(longest, 0.05) for _ in range(rounds)]
    elapsed: list[float] = []  # how long each run lasted, signal and all
    i = 0
    while i < len(plan):
        if i == len(plan) - 1 and interrupted < max(1, rounds // 4) and len(plan) < rounds + 4:
            # just after start-up; sooner when the runs here end sooner than that (an idle machine:
            # import docx in 0.4 s), never before Python has started (its handler is set by then)
            plan.append(max(0.12, min(START + 0.05, 0.5 * min(elapsed, default=START))))
        target = work / output if output else None
        if target is not None and target.is_file():
            target.unlink()
        delay = plan[i]
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "isoctl", *args, "--force"], cwd=work, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                start_new_session=True, preexec_fn=_ctrl_c_as_at_a_terminal)
        time.sleep(delay)
        to_group = i % 3 != 2
        try:
            os.killpg(proc.pid, signal.SIGINT) if to_group else os.kill(proc.pid, signal.SIGINT)
        except ProcessLookupError:
            pass
        out, err = proc.communicate(timeout=300)
        elapsed.append(time.monotonic() - started)
        text = (out + err).decode("utf-8", "replace")
        where = f"{command}, round {i}, SIGINT after {delay:.2f} s to the {'group' if to_group else 'process'}"
        for bad in ("Traceback", "internal error", "Exception ignored", "lỗi nội bộ"):
            assert bad not in text, f"{where}:\n{text[-3000:]}"
        assert proc.returncode in (0, 1, 130), f"{where}: exit {proc.returncode}\n{text[-3000:]}"
        assert not _temporary(work), f"{where}: left {_temporary(work)}"
        if proc.returncode == 130:
            interrupted += 1
            assert err.decode("utf-8", "replace").rstrip().endswith(word), f"{where}:\n{text[-3000:]}"
            if target is not None and target.is_file():  # an interruption after the write: it is whole
                _whole(target, where)
        i += 1
    assert interrupted >= 1, f"only {interrupted} of {len(plan)} runs were interrupted: the delays are off"
