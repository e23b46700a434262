"""A progress bar on stderr for long runs, drawn only once a run has taken a second."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


class Progress:
    """``advance()`` after each item; ``clear()`` before writing to the same terminal; ``close()``.

    Nothing is drawn before ``delay`` seconds have passed, so short runs show no bar; after that
    the bar is redrawn at most ten times a second, on one line that :meth:`clear` wipes."""

    def __init__(self, total: int, label: str, *, stream: TextIO | None = None, delay: float = 1.0,
                 clock: Callable[[], float] = time.monotonic, width: int = 30) -> None:
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.clock, self.width = clock, width
        self.start = clock()
        self.delay = delay
        self.last = float("-inf")
        self.shown = False

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = self.clock()
        if now - self.start < self.delay or (now - self.last < 0.1 and self.done < self.total):
            return
        self.last = now
        frac = self.done / self.total if self.total else 1.0
        full = int(frac * self.width)
        bar = "━" * full + ("╸" if full < self.width else "") + " " * max(0, self.width - full - 1)
        elapsed = int(now - self.start)
        self.stream.write(f"\r\x1b[K{self.label} {bar} {self.done}/{self.total} {elapsed // 60}:{elapsed % 60:02d}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

    def close(self) -> None:
        self.clear()
