"""The imported plan as a plan file: modeline, fields in the contract's order, comments."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

SCHEMA = Path("schema") / "plan.schema.json"


def modeline(output: str | None) -> str:
    """The yaml-language-server line pointing at the project's schema, relative to ``output``."""
    if output and output != "-":
        folder = Path(output).resolve().parent
        for base in (folder, *folder.parents):
            if (base / SCHEMA).is_file() or (base / "pyproject.toml").is_file() or (base / ".git").exists():
                rel = os.path.relpath(base / SCHEMA, folder)
                return f"# yaml-language-server: $schema={Path(rel).as_posix()}"
    return f"# yaml-language-server: $schema=../{SCHEMA.as_posix()}"


def _convert(value: Any, flow: bool = False) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            if k.startswith("_"):
                continue
            m[k] = _convert(v, flow=k in ("lead", "partners", "after"))
        return m
    if isinstance(value, list):
        s = CommentedSeq(_convert(v) for v in value)
        if flow:
            s.fa.set_flow_style()
        return s
    return value


def _attach(root: Any, path: tuple[Any, ...], lines: list[str]) -> bool:
    """Put ``lines`` as a comment before the node at ``path``; False when it has no node."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not path:
        return False
    node, col = root, 0
    for depth, key in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(node, CommentedMap):
            if key not in node:
                return _attach(root, path[:-1], lines) if len(path) > 1 else False
            if last:
                node.yaml_set_comment_before_after_key(key, before="\n".join(lines), indent=col)
                return True
            child = node[key]
            col += 2 if isinstance(child, CommentedMap) else 2 if isinstance(child, CommentedSeq) else 0
            node = child
        elif isinstance(node, CommentedSeq):
            if not isinstance(key, int) or key >= len(node):
                return _attach(root, path[:-1], lines)
            if last:
                node.yaml_set_comment_before_after_key(key, before="\n".join(lines), indent=col)
                return True
            node = node[key]
            col += 2
        else:
            return _attach(root, path[:-1], lines)
    return False


def dump(plan: dict[str, Any], comments: dict[tuple[Any, ...], list[str]], *, source: str,
         output: str | None) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    data = _convert(plan)
    loose: list[str] = []
    for path, lines in comments.items():
        if not _attach(data, tuple(path), lines):
            loose.extend(lines)
    buf = io.StringIO()
    yaml.dump(data, buf)
    head = [modeline(output), f"# Imported from {Path(source).name} by `isoctl import docx`. Lines marked",
            "# 'imported:' are guesses: check them, then delete the comment."]
    tail = [f"# {line}" for line in loose]
    return "\n".join(head) + "\n" + buf.getvalue() + ("\n".join(tail) + "\n" if tail else "")
