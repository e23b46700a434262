"""A progress bar on stderr for long runs, drawn only once a run has taken a second.

Shown as pip and cargo show theirs: only when stderr is a terminal (never in a pipe, a file or a
CI log), never with ``-q`` (quiet means only the requested output), never on ``TERM=dumb``, and
only on stderr, so a report on stdout (json, sarif, concise …) holds none of it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from typing import TextIO

DELAY = 1.0  # seconds before a bar appears: shorter runs show none
DELAY_VARIABLE = "ISOCTL_PROGRESS_DELAY"  # seconds, to change it (0: from the first file)


def wanted(stream: TextIO, *, quiet: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    """Whether a bar may be drawn on ``stream``: a terminal, not quiet, not a dumb terminal."""
    env = os.environ if environ is None else environ
    if quiet or env.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a file
        return False


def delay_from(environ: Mapping[str, str] | None = None) -> float:
    """The delay before a bar appears: ``ISOCTL_PROGRESS_DELAY`` seconds, else one second."""
    env = os.environ if environ is None else environ
    try:
        value = float(env.get(DELAY_VARIABLE, DELAY))
    except ValueError:
        return DELAY
    return value if value >= 0 else DELAY


def _columns(stream: TextIO) -> int:
    """The width of the terminal ``stream`` is (COLUMNS first, as for the report), else 80."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        import shutil  # with bz2 and lzma: only when a bar is drawn

        return shutil.get_terminal_size((80, 24)).columns


class Progress:
    """``advance()`` after each item; ``clear()`` before writing to the same terminal; ``close()``.

    Nothing is drawn before ``delay`` seconds have passed, so short runs show no bar; after that
    the bar is redrawn at most ten times a second, on one line that :meth:`clear` wipes. The line
    fits the terminal (``columns``): the bar shrinks, then goes, before the line would wrap."""

    def __init__(self, total: int, label: str, *, stream: TextIO | None = None, delay: float = DELAY,
                 clock: Callable[[], float] = time.monotonic, width: int = 30, columns: int | None = None) -> None:
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.clock = clock
        self.columns = columns or _columns(self.stream)
        self.width = width
        self.start = clock()
        self.delay = delay
        self.last = float("-inf")
        self.shown = False

    def line(self, now: float) -> str:
        """The bar's text (without the control codes that draw it)."""
        elapsed = int(now - self.start)
        count = f"{self.done}/{self.total} {elapsed // 60}:{elapsed % 60:02d}"
        room = self.columns - 1 - len(self.label) - len(count) - 2  # never the last column: no wrap
        width = min(self.width, room)
        if width < 5:
            return f"{self.label} {count}"[: max(0, self.columns - 1)]
        frac = self.done / self.total if self.total else 1.0
        full = int(frac * width)
        bar = "━" * full + ("╸" if full < width else "") + " " * max(0, width - full - 1)
        return f"{self.label} {bar} {count}"

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = self.clock()
        if now - self.start < self.delay or (now - self.last < 0.1 and self.done < self.total):
            return
        self.last = now
        self.stream.write(f"\r\x1b[K{self.line(now)}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

    def close(self) -> None:
        self.clear()
