"""The one record every check produces, and the errors the core raises."""

from __future__ import annotations

from typing import Any

from isoctl.lazyre import lazy
from isoctl.records import dataclass, field

YamlPath = tuple[str | int, ...]

SEVERITIES = ("error", "warning", "info")

# what plan text must never bring to a terminal raw: control characters (an escape sequence can
# set the clipboard or clear the screen; tab and newline excepted), bidi overrides and marks,
# zero-width and other invisible characters (an id that reads as another), line separators,
# noncharacters and lone surrogates (undecodable bytes, which a terminal's encoder refuses)
_TERMINAL_UNSAFE = lazy("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e"
                              "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]")


def escape_controls(text: str) -> str:
    """Plan text made safe for a terminal: every character of :data:`_TERMINAL_UNSAFE` shown as a
    ``\\x1b`` / ``\\u202e``-style escape, everything else (Vietnamese, tab, newline) as it is."""
    if text.isprintable() or not _TERMINAL_UNSAFE.search(text):  # no unsafe character is printable
        return text
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100
                                else f"\\u{ord(m.group(0)):04x}", text)


@dataclass(frozen=True, order=True)
class Finding:
    """A problem at a place in a file. Sorted by (file, line, col, code)."""

    file: str
    line: int
    col: int
    code: str
    message: str
    severity: str = "error"
    hint: str | None = None
    path: YamlPath = ()
    end_line: int | None = field(default=None, compare=False)
    end_col: int | None = field(default=None, compare=False)
    fix: Any = field(default=None, compare=False, repr=False)
    # (exact, loose) identity across edits: see isoctl.lint.identity
    ident: tuple[str, str] = field(default=("", ""), compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line or self.line,
            "end_col": self.end_col or self.col,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "path": path_to_str(self.path),
            "fixable": self.fix is not None,
            "id": self.ident[0] or None,
        }


def path_to_str(path: YamlPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class IsoctlError(Exception):
    """An error a user can act on. ``exit_code`` 1 = bad input, 2 = usage/config."""

    exit_code = 1

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 col: int | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.col = col
        self.hint = hint

    def where(self) -> str:
        if self.file is None:
            return ""
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.col or 1}"

    def __str__(self) -> str:
        where = self.where()
        text = f"{where}: {self.message}" if where else self.message
        if not self.hint:
            return text
        from isoctl.i18n import tr

        return f"{text}\n  {tr('hint', 'gợi ý')}: {self.hint}"


class UsageError(IsoctlError):
    exit_code = 2


class ConfigError(IsoctlError):
    exit_code = 2
