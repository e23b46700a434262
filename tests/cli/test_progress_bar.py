"""The progress bar of ``isoctl validate``, as a user meets it: the real program under a real
terminal (Python's ``pty``). A bar on stderr only when stderr is a terminal, never with ``-q``, never
in the report on stdout; findings printed as files are done, while the bar still counts the rest.

The bar waits a second before it is drawn; these runs set ``ISOCTL_PROGRESS_DELAY=0`` so that what
is drawn does not depend on how fast the machine is (the delay itself is tested on the class, with
a clock of its own)."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT
from isoctl.present.progress import Progress, delay_from, wanted

pty = pytest.importorskip("pty")

FRAME = re.compile(rb"Checking [\xe2\x94\x81\xe2\x95\xb8 ]*(\d+)/(\d+) \d+:\d\d")
FINDING = re.compile(rb"plan-\d{5}\.yaml:\d+:\d+: [A-Z]\d{3} ")


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plans")
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(folder), "--count", "40"],
                   check=True, capture_output=True)
    return folder


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "TERM")}
    env.update({"LANG": "C.UTF-8", "COLUMNS": "100", "ISOCTL_PROGRESS_DELAY": "0", "TERM": "xterm", "NO_COLOR": "1",
                **extra})
    env.pop("LC_ALL", None)
    return env


def _read_all(fd: int) -> bytes:
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the other end is closed
            break
        if not chunk:
            break
        out += chunk
    return out


def _run(args, *, stdout_tty: bool, stderr_tty: bool, env=None):
    """Run isoctl with stdout and/or stderr on one terminal; the other to a pipe. Returns
    (exit code, bytes on the terminal, stdout if piped, stderr if piped)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "isoctl", *args], cwd=ROOT, env=env or _env(),
                            stdin=subprocess.DEVNULL,
                            stdout=slave if stdout_tty else subprocess.PIPE,
                            stderr=slave if stderr_tty else subprocess.PIPE)
    os.close(slave)
    import threading

    piped: dict[str, bytes] = {}

    def drain(name, stream):
        with stream:
            piped[name] = stream.read()

    threads = [threading.Thread(target=drain, args=(n, s)) for n, s in (("out", proc.stdout), ("err", proc.stderr))
               if s is not None]
    for t in threads:
        t.start()
    terminal = _read_all(master)
    for t in threads:
        t.join()
    code = proc.wait()
    os.close(master)
    return code, terminal, piped.get("out"), piped.get("err")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_findings_stream_while_the_bar_counts(plans, jobs):
    """On a terminal: the first finding is printed while files remain (a frame k/40, k < 40, comes
    after it), each frame is wiped before findings are printed, the last frame is 40/40 and wiped."""
    code, term, _, _ = _run(["validate", "--format", "concise", "--jobs", jobs, str(plans)],
                            stdout_tty=True, stderr_tty=True)
    assert code == 1, term[-2000:]
    frames = [(m.start(), int(m.group(1)), int(m.group(2))) for m in FRAME.finditer(term)]
    assert frames, term[:2000]
    assert {total for _, _, total in frames} == {40}
    first = FINDING.search(term).start()
    assert any(pos > first and done < 40 for pos, done, _ in frames), "findings came only at the end"
    assert frames[-1][1] == 40
    # every frame is wiped before the next output: no finding line starts with bar text
    for line in term.split(b"\n"):
        if FINDING.search(line):
            assert not FRAME.search(line.split(b"\x1b[K")[-1]), line
    assert b"\r\x1b[K" in term[frames[-1][0]:], "the last frame is wiped"


@pytest.mark.parametrize("fmt", ["concise", "json", "sarif", "github"])
def test_bar_on_stderr_only_never_in_the_report(plans, fmt):
    """stderr a terminal, stdout a pipe: the bar is on the terminal, and stdout holds exactly what
    the same run without any terminal writes (no control codes, no bar)."""
    code, term, out, _ = _run(["validate", "--format", fmt, str(plans)], stdout_tty=False, stderr_tty=True)
    assert FRAME.search(term), term[:500]
    plain = subprocess.run([sys.executable, "-m", "isoctl", "validate", "--format", fmt, str(plans)], cwd=ROOT,
                           env=_env(), capture_output=True)
    assert code == plain.returncode == 1
    assert b"\x1b" not in out and b"\r" not in out and b"Checking" not in out
    if fmt == "sarif":  # the run's own timestamps aside, the same document
        a, b = json.loads(out), json.loads(plain.stdout)
        assert a["runs"][0]["results"] == b["runs"][0]["results"]
    else:
        assert out == plain.stdout
    if fmt == "json":
        assert json.loads(out)


def test_no_bar_when_stderr_is_not_a_terminal(plans):
    code, term, _, err = _run(["validate", "--format", "concise", str(plans)], stdout_tty=True, stderr_tty=False)
    assert code == 1
    assert FINDING.search(term)
    assert not FRAME.search(term) and b"Checking" not in err and b"\r" not in err and b"\x1b" not in err


@pytest.mark.parametrize("env", [{"TERM": "dumb"}, {}], ids=["TERM=dumb", "-q"])
def test_no_bar_when_quiet_or_dumb_terminal(plans, env):
    args = ["validate", "--format", "concise", str(plans)] + ([] if env else ["-q"])
    code, term, _, _ = _run(args, stdout_tty=True, stderr_tty=True, env=_env(**env))
    assert code == 1
    assert FINDING.search(term)
    assert b"Checking" not in term and b"\x1b[K" not in term


def test_no_bar_over_json_written_to_the_terminal(plans):
    code, term, _, _ = _run(["validate", "--format", "json", str(plans)], stdout_tty=True, stderr_tty=True)
    assert code == 1
    assert b"Checking" not in term
    document, _, summary = term.replace(b"\r\n", b"\n").rpartition(b"]\n")
    assert json.loads(document + b"]") and b"40 file(s) checked" in summary


def test_vietnamese_label(plans):
    code, term, _, _ = _run(["--lang", "vi", "validate", "--format", "concise", str(plans)],
                            stdout_tty=True, stderr_tty=True)
    assert "Đang kiểm tra".encode() in term


# --- the class, with a clock of its own ---


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_nothing_is_drawn_before_the_delay_then_at_most_ten_times_a_second():
    clock, out = Clock(), io.StringIO()
    bar = Progress(1000, "Checking", stream=out, clock=clock, columns=100)
    for _ in range(10):
        clock.now += 0.05
        bar.advance()
    assert out.getvalue() == ""  # 0.5 s: a short run shows nothing
    clock.now += 0.6
    bar.advance()
    assert out.getvalue().count("\r\x1b[K") == 1 and "11/1000 0:01" in out.getvalue()
    for _ in range(50):
        clock.now += 0.01
        bar.advance()
    assert out.getvalue().count("\r\x1b[K") <= 1 + 6  # 0.5 s at ten frames a second at most
    clock.now += 0.001
    bar.done = 999
    bar.advance()  # the last one is always drawn
    assert out.getvalue().endswith("1000/1000 0:01")
    bar.close()
    assert out.getvalue().endswith("\r\x1b[K") and not bar.shown
    size = len(out.getvalue())
    bar.clear()  # nothing shown: nothing written
    assert len(out.getvalue()) == size


@pytest.mark.parametrize("columns", [10, 20, 30, 40, 50, 60, 80, 120])
@pytest.mark.parametrize("label", ["Checking", "Đang kiểm tra"])
def test_the_line_never_wraps(columns, label):
    clock = Clock()
    bar = Progress(10000, label, stream=io.StringIO(), clock=clock, columns=columns, delay=0)
    for done in (0, 1, 5000, 10000):
        bar.done = done
        clock.now += 3725
        line = bar.line(clock.now)
        assert len(line) < columns, (columns, line)
        if columns >= 60:
            assert "━" in line or "╸" in line


def test_when_a_bar_is_wanted(tmp_path):
    assert not wanted(io.StringIO())
    with open(tmp_path / "f", "w") as fh:
        assert not wanted(fh)
    master, slave = pty.openpty()
    with os.fdopen(slave, "w") as term:
        assert wanted(term, environ={"TERM": "xterm"})
        assert not wanted(term, quiet=True, environ={"TERM": "xterm"})
        assert not wanted(term, environ={"TERM": "dumb"})
    os.close(master)
    assert delay_from({}) == 1.0
    assert delay_from({"ISOCTL_PROGRESS_DELAY": "0"}) == 0.0
    assert delay_from({"ISOCTL_PROGRESS_DELAY": "x"}) == 1.0
    assert delay_from({"ISOCTL_PROGRESS_DELAY": "-1"}) == 1.0
