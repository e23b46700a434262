"""Writing to the terminal without a terminal library: the commands' plain output."""

from __future__ import annotations

import os
import re
import sys
from typing import TextIO

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


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """Plan text made safe for a terminal: control characters (an escape sequence could set the
    clipboard or clear the screen) and bidi overrides shown as ``\\x1b``-style escapes."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100
                         else f"\\u{ord(m.group(0)):04x}", text)


def echo(text: str = "", err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text if text.endswith("\n") or not text else text + "\n")
    stream.flush()
