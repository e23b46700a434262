"""The imported plan as a plan file: modeline, fields in the contract's order, comments.

The writer is small because the data is: mappings, lists, text, numbers, dates. Text that YAML
could read as something else is double-quoted (JSON escapes, which YAML reads the same); the
file is checked against the schema before it is written (:mod:`.run`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

from isoctl.lazyre import lazy

SCHEMA = Path("schema") / "plan.schema.json"
_PLAIN = lazy(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9+.~=<][^\n\t]*$")
_RESERVED = lazy(r"(?i)^(true|false|yes|no|on|off|null|y|n)$")
_FLOW_KEYS = ("lead", "partners", "after")
_ID = lazy(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


def modeline(output: str | None) -> str:
    """The yaml-language-server line pointing at the project's schema, relative to ``output``."""
    if output and output != "-":
        folder = Path(output).resolve().parent
        for base in (folder, *folder.parents):
            if (base / SCHEMA).is_file() or (base / "pyproject.toml").is_file() or (base / ".git").exists():
                rel = os.path.relpath(base / SCHEMA, folder)
                return f"# yaml-language-server: $schema={Path(rel).as_posix()}"
    return f"# yaml-language-server: $schema=../{SCHEMA.as_posix()}"


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text[:1].isdigit() and "/" in text and not re.fullmatch(r"[\d:.\-+eE ]+", text) and ": " not in text \
            and " #" not in text and "\n" not in text and not text.endswith((" ", ":")):
        return text   # '19/2014/QĐ-TTg', '6/2024': text in every YAML version
    if (_PLAIN.match(text) and not _RESERVED.match(text) and ": " not in text and " #" not in text
            and not text.endswith((" ", ":"))):
        return text
    return json.dumps(text, ensure_ascii=False)


class _Writer:
    def __init__(self, comments: dict[tuple[Any, ...], list[str]]) -> None:
        self.comments = comments
        self.out: list[str] = []

    def note(self, path: tuple[Any, ...], col: int) -> None:
        for line in self.comments.get(path, ()):
            self.out.append(" " * col + "# " + line)

    def mapping(self, data: dict[str, Any], path: tuple[Any, ...], col: int, first: str = "") -> None:
        pad = first
        for key, value in data.items():
            if key.startswith("_"):
                continue
            here = (*path, key)
            if pad == first and first:
                for line in self.comments.get(here, ()):
                    self.out.append(" " * col + "# " + line)
            else:
                self.note(here, col)
            lead = pad or " " * col
            pad = ""
            if isinstance(value, dict) and value:
                self.out.append(f"{lead}{key}:")
                self.mapping(value, here, col + 2)
            elif isinstance(value, list) and value:
                if key in _FLOW_KEYS and all(isinstance(v, str) and _ID.match(v) for v in value):
                    self.out.append(f"{lead}{key}: [{', '.join(value)}]")
                else:
                    self.out.append(f"{lead}{key}:")
                    self.sequence(value, here, col + 2)
            elif isinstance(value, (dict, list)):
                self.out.append(f"{lead}{key}: {'{}' if isinstance(value, dict) else '[]'}")
            else:
                self.out.append(f"{lead}{key}: {scalar(value)}")

    def sequence(self, items: list[Any], path: tuple[Any, ...], col: int) -> None:
        for k, item in enumerate(items):
            self.note((*path, k), col)
            if isinstance(item, dict) and item:
                self.mapping(item, (*path, k), col + 2, first=" " * col + "- ")
            else:
                self.out.append(" " * col + "- " + scalar(item))


def _exists(plan: Any, path: tuple[Any, ...]) -> bool:
    node = plan
    for key in path:
        if isinstance(node, dict) and isinstance(key, str) and key in node and not key.startswith("_"):
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return False
    return True


def dump(plan: dict[str, Any], comments: dict[tuple[Any, ...], list[str]], *, source: str,
         output: str | None) -> str:
    placed: dict[tuple[Any, ...], list[str]] = {}
    loose: list[str] = []
    for path, lines in comments.items():
        path = tuple(path)
        while path and not _exists(plan, path):
            path = path[:-1]
        if path:
            placed.setdefault(path, []).extend(lines)
        else:
            loose.extend(lines)
    w = _Writer(placed)
    w.mapping(plan, (), 0)
    from isoctl.i18n import tr

    head = [modeline(output), *("# " + line for line in tr(
        "Imported from {f} by `isoctl import docx`. Lines marked\n'imported:' are guesses: check them, then delete "
        "the comment.", "Nhập từ {f} bằng `isoctl import docx`. Các dòng 'đã nhập:'\nlà phỏng đoán: hãy kiểm tra "
        "rồi xóa chú thích.", f=Path(source).name).split("\n"))]
    tail = [f"# {line}" for line in loose]
    return "\n".join([*head, *w.out, *tail]) + "\n"
