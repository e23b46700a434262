"""Edit a plan file in place through ruamel.yaml's round-trip mode: comments, order, quoting survive.

Used by every command that changes a plan (``--fix``, ``done``, ``set``, ``new``): they edit
``data``, merge ``dump()`` back into the text as written (:func:`isoctl.lint.fix.merge3`) and write
the result with :func:`isoctl.fsutil.write_atomic`.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from isoctl.diagnostics import IsoctlError
from isoctl.i18n import tr


def kept_comment(token: Any) -> Any:
    """``token``, an end-of-line comment as read, made to keep the gap the user left before it
    when the value before it is changed: it stays in its column if the new value leaves room, else
    it follows the value at the distance the user left, at most two spaces (ruamel would leave one)."""
    from ruamel.yaml.error import StringMark

    mark = token.start_mark
    if not isinstance(mark, StringMark) or not token.value.startswith("#"):
        return token
    at = mark.pointer
    gap = 0
    while at - gap > 0 and mark.buffer[at - gap - 1] == " ":
        gap += 1
    kept = _kept_class()(token.value, token.start_mark, token.end_mark)
    kept.gap = min(max(gap, 1), 2)  # past an aligned column: two spaces, or the one the user left
    return kept


@functools.cache
def _kept_class() -> Any:
    from ruamel.yaml.tokens import CommentToken

    class KeptComment(CommentToken):
        __slots__ = ("gap",)

    return KeptComment


def _emitter(base: Any) -> Any:
    """ruamel's emitter, placing a :func:`kept_comment` at its gap."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    class Emitter(base):  # type: ignore[misc, valid-type]
        def write_comment(self, comment: Any, pre: bool = False) -> None:
            gap = getattr(comment, "gap", None)
            if gap is not None and not pre:
                column = max(comment.start_mark.column, self.column + gap)
                comment = CommentToken(comment.value, CommentMark(column), comment.end_mark)
            super().write_comment(comment, pre)

    return Emitter


class RoundTrip:
    """A plan document loaded for editing. ``data`` is ruamel's CommentedMap."""

    def __init__(self, text: str, file: str = "<string>") -> None:
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        self.file = file
        self.text = text
        self.bom = text.startswith("\ufeff")
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.yaml = YAML(typ="rt")
        self.yaml.preserve_quotes = True
        self.yaml.width = 4096
        self.yaml.indent(mapping=2, sequence=4, offset=2)
        self.yaml.Emitter = _emitter(self.yaml.Emitter)
        self._detect_indent(text)
        try:
            self.data: Any = self.yaml.load(text.lstrip("\ufeff").replace("\r\n", "\n"))
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise IsoctlError(tr("cannot edit: YAML syntax error: {e}", "không sửa được: lỗi cú pháp YAML: {e}",
                                 e=getattr(exc, "problem", exc)), file=file,
                              line=mark.line + 1 if mark else None, col=mark.column + 1 if mark else None) from None

    def _detect_indent(self, text: str) -> None:
        """Keep the file's own list style: ``- item`` flush with its key, or indented under it."""
        previous = ""
        for line in text.splitlines():
            stripped = line.lstrip(" ")
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("- ") and previous.rstrip().endswith(":"):
                offset = (len(line) - len(stripped)) - (len(previous) - len(previous.lstrip(" ")))
                if offset >= 0:
                    self.yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
                return
            previous = line

    def dump(self) -> str:
        buf = io.StringIO()
        self.yaml.dump(self.data, buf)
        out = buf.getvalue()
        if self.newline != "\n":
            out = out.replace("\n", self.newline)
        return ("\ufeff" if self.bom else "") + out
