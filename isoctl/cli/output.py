"""Writing to the terminal without a terminal library: the commands' plain output."""

from __future__ import annotations

import os
import sys
from typing import TextIO

# plan text made safe for a terminal: defined in the core, imported by the commands from here
from isoctl.diagnostics import escape_controls as escape_controls

COLOUR_MODES = ("auto", "always", "never")
_mode = "auto"


def set_colour(mode: str | None) -> None:
    """``--color``: ``always`` and ``never`` win over NO_COLOR/FORCE_COLOR; ``auto`` (or None) asks them."""
    global _mode
    if mode is not None and mode not in COLOUR_MODES:
        raise ValueError(mode)
    _mode = mode or "auto"


def colour(stream: TextIO | None = None) -> bool:
    """Colour on a terminal, unless NO_COLOR; FORCE_COLOR forces it; ``--color`` overrides both."""
    if _mode != "auto":
        return _mode == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def echo(text: str = "", err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text if text.endswith("\n") or not text else text + "\n")
    stream.flush()
