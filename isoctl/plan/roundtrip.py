"""Edit a plan file in place through ruamel.yaml's round-trip mode: comments, order, quoting survive.

Used by every command that changes a plan (``--fix``, ``done``, ``set``, ``new``): they edit
``data``, merge ``dump()`` back into the text as written (:func:`isoctl.lint.fix.merge3`) and write
the result with :func:`isoctl.fsutil.write_atomic`.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from isoctl.diagnostics import IsoctlError
from isoctl.i18n import tr


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

    @classmethod
    def from_file(cls, path: str | Path) -> RoundTrip:
        """The file as it is on disk (``text``): a BOM and CRLF line ends are kept for ``dump``."""
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise IsoctlError(tr("cannot read: {e}", "không đọc được: {e}", e=getattr(exc, "strerror", None) or exc),
                              file=str(path)) from None
        return cls(text, str(path))

    def dump(self) -> str:
        buf = io.StringIO()
        self.yaml.dump(self.data, buf)
        out = buf.getvalue()
        if self.newline != "\n":
            out = out.replace("\n", self.newline)
        return ("\ufeff" if self.bom else "") + out
