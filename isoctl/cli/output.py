"""Writing to the terminal without a terminal library: the commands' plain output."""

from __future__ import annotations

import os
import sys
from typing import TextIO


def colour(stream: TextIO | None = None) -> bool:
    """Colour on a terminal, unless NO_COLOR; FORCE_COLOR forces it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return (stream or sys.stdout).isatty()


def echo(text: str = "", err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text if text.endswith("\n") or not text else text + "\n")
    stream.flush()
