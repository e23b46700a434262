"""validate's full report fits a narrow terminal (issue 16): the message and hint lines are
wrapped at spaces with a hanging indent, as the source excerpt is cut to a window; through the
program on a real terminal (a pty) of that width, or of another with COLUMNS set, in English and
Vietnamese.

As ruff's output: piped or written to a file, the report is the same whatever the terminal or
COLUMNS say, each finding's header one line (grep finds it by file:line and code).
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys

import pytest
from rich.cells import cell_len

from conftest import ROOT, SEED_PLANS
from isoctl.lint.report import wrap_line as wrap

pty = pytest.importorskip("pty")
HEADER = re.compile(r"^\S+:\d+:\d+: [A-Z]\d{3} \[")
LANGS = ("C.UTF-8", "vi_VN.UTF-8")


def _env(lang: str, columns: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("ISOCTL_LANG", "LC_ALL", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "GITHUB_ACTIONS")}
    env.update({"LANG": lang, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "TERM": "xterm"})
    if columns is not None:
        env["COLUMNS"] = columns
    return env


def validate(*args: str, lang: str = "C.UTF-8", columns: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "isoctl", "validate", *args], cwd=ROOT, env=_env(lang, columns),
                          capture_output=True, text=True, encoding="utf-8")


def on_terminal(columns: int, *args: str, lang: str = "C.UTF-8", env_columns: str | None = None) -> str:
    """validate's stdout on a pty ``columns`` wide (with ``env_columns``, COLUMNS set to it)."""
    import fcntl
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "isoctl", "validate", *args], cwd=ROOT, env=_env(lang, env_columns),
                            stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.DEVNULL)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=120)
    os.close(master)
    return out.decode("utf-8").replace("\r\n", "\n")


LOCATION = re.compile(r"^\S+:\d+:\d+: ")
SUMMARY = re.compile(r"^(\d+ file\(s\) checked|đã kiểm tra \d+ tệp)")
HINT = re.compile(r"^  (hint|gợi ý): ")
EXCERPT = re.compile(r"^\s*\d* \|")
FIXABLE = ("fixable with --fix", "sửa được bằng --fix")


def unwrapped(text: str) -> list[str]:
    """The report with every wrapped line joined back to the line it continues: a header's and the
    summary's lines hang by 2 spaces, a hint's under its text."""
    out: list[str] = []
    state, indent = None, 0
    for line in text.splitlines():
        hangs = (state is not None and line.strip() and line.startswith(" " * indent)
                 and line[indent] != " " and not EXCERPT.match(line) and not HINT.match(line)
                 and not (state == "header" and line.strip() in FIXABLE))
        if hangs:
            out[-1] += " " + line.strip()
            continue
        out.append(line)
        if LOCATION.match(line):
            state, indent = "header", 2
        elif SUMMARY.match(line):
            state, indent = "summary", 2
        elif HINT.match(line):
            state, indent = "hint", len(HINT.match(line).group(0))
        else:
            state = None
    return out


def check_fits(narrow: str, wide: str, columns: int) -> None:
    lines = narrow.splitlines()
    assert max(map(cell_len, lines)) <= columns, [line for line in lines if cell_len(line) > columns]
    # nothing lost, nothing cut inside a word: joined back, the narrow report is the wide one
    # (apart from the source excerpts, which are windows of the line at each width)
    def words(report: list[str]) -> list[str]:
        return [line for line in report if not re.match(r"^\s*\d* \|", line)]
    assert words(unwrapped(narrow)) == words(wide.splitlines())
    assert any(line.startswith("  ") and not EXCERPT.match(line) and not HINT.match(line)
               and line.strip() not in FIXABLE for line in lines)  # something was wrapped


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("columns", [60, 80])
def test_full_report_fits_columns_on_a_terminal(columns: int, lang: str) -> None:
    plans = [str(p.relative_to(ROOT)) for p in SEED_PLANS]
    narrow, wide = on_terminal(100, *plans, lang=lang, env_columns=str(columns)), validate(*plans, lang=lang)
    assert wide.returncode == 1, wide.stderr
    check_fits(narrow, wide.stdout, columns)
    assert any(line.startswith("    ") and not line.lstrip().startswith("|") for line in narrow.splitlines()
               if not re.match(r"^\s*\d+ \|", line))  # a hint's hanging indent, under its text


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_60_column_terminal(lang: str) -> None:
    plans = [str(p.relative_to(ROOT)) for p in SEED_PLANS]
    shown = on_terminal(60, *plans, lang=lang)
    check_fits(shown, validate(*plans, lang=lang).stdout, 60)


def test_piped_or_to_a_file_stays_one_line_a_finding(tmp_path) -> None:
    plans = [str(p.relative_to(ROOT)) for p in SEED_PLANS]
    out = tmp_path / "report.txt"
    written = validate(*plans, "--output-file", str(out), columns="60")
    assert written.returncode == 1
    for text in (validate(*plans).stdout, validate(*plans, columns="60").stdout, out.read_text(encoding="utf-8")):
        headers = [line for line in text.splitlines() if HEADER.match(line)]
        assert any(cell_len(h) > 100 for h in headers)  # not wrapped
        assert not [line for line in text.splitlines() if line.startswith("  ") and not EXCERPT.match(line)
                    and not HINT.match(line) and line.strip() not in FIXABLE]
    on_terminal(60, *plans, "--output-file", str(tmp_path / "t.txt"))  # on a terminal, but the report is a file
    assert any(cell_len(line) > 100 for line in (tmp_path / "t.txt").read_text(encoding="utf-8").splitlines())


def test_wrap_never_breaks_a_word() -> None:
    line = "plans/plan-2024.yaml:34:11: L005 [error] '26/2014/TT-BKHHCN' is a misspelling of 26/2014/TT-BKHCN"
    lines = wrap(line, 40, indent=2)
    assert " ".join(part.strip() for part in lines) == line
    assert all(cell_len(part) <= 40 for part in lines[1:]) and lines[0] == "plans/plan-2024.yaml:34:11: L005 [error]"
    long = "x" * 90
    assert wrap(f"a {long} b", 60, indent=2) == ["a", f"  {long}", "  b"]  # a word longer than the room stays whole
    assert wrap("  hint: ngắn", 60, indent=8) == ["  hint: ngắn"]
    assert wrap("  hint: " + "chữ " * 30, 60, indent=8)[1].startswith("        chữ")
    assert wrap("報告書 " * 20, 30, indent=0) and all(cell_len(p) <= 30 for p in wrap("報告書 " * 20, 30, indent=0))
    assert wrap(line, None, indent=2) == [line]
    kept = wrap("/a/very/long/folder/name/of/the/plans/plan-2024.yaml:125:13: S004 [warning] task", 40, 2, glue=2)
    assert kept[0] == "/a/very/long/folder/name/of/the/plans/plan-2024.yaml:125:13: S004"  # location and code together
