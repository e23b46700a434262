"""The JSON Schema of plan files, generated from the models (committed as schema/plan.schema.json).

Pydantic gives the shapes; what ``validate`` checks beyond them and a schema can say is added
here from the same declarations, so an editor refuses what ``validate`` refuses: no string holds a
control character or U+FFFE/U+FFFF, no id (``id``, the items of ``lead``, ``partners``,
``after``) a bidi override or a zero-width character, no task id a space, and ``format`` is at
most the newest this isoctl reads. (A schedule written as text is the one thing left to
``validate``: its grammar is more than a regular expression can say.)
"""

from __future__ import annotations

import json
from typing import Any

_ID_LISTS = ("lead", "partners", "after")


def plan_schema() -> dict:
    from isoctl.plan.model import Plan
    from isoctl.plan.modelbase import SUPPORTED_FORMAT

    schema = Plan.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "isoctl plan"
    schema["properties"]["format"]["maximum"] = SUPPORTED_FORMAT
    _characters(schema, None)
    task_id = schema["$defs"]["Task"]["properties"]["id"]
    _refuse(task_id, _space_class())
    return schema


def plan_schema_text() -> str:
    return json.dumps(plan_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _characters(node: Any, role: str | None) -> None:
    """Refuse the characters ``validate`` refuses in every string schema under ``node``: those no
    document holds everywhere, and hidden ones too where ``role`` is "id"."""
    from isoctl.plan.modelbase import HIDDEN_CHARS, NEVER_CHARS

    if isinstance(node, list):
        for item in node:
            _characters(item, role)
        return
    if not isinstance(node, dict):
        return
    if node.get("type") == "string":
        _refuse(node, NEVER_CHARS)
        if role == "id":
            _refuse(node, HIDDEN_CHARS)
    for key, value in node.items():
        if key == "properties":
            for name, prop in value.items():
                _characters(prop, "id" if name == "id" else ("list" if name in _ID_LISTS else None))
        elif key == "items":
            _characters(value, "id" if role == "list" else None)
        elif key in ("anyOf", "oneOf", "allOf", "$defs", "then", "else", "if"):
            children = value.values() if key == "$defs" else value
            for child in children if isinstance(children, (list, type({}.values()))) else [children]:
                _characters(child, role if key != "$defs" else None)


def _refuse(node: dict, char_class: str) -> None:
    """Add "contains none of ``char_class``" to a string schema (a ``not`` of a pattern)."""
    rule = {"not": {"pattern": char_class}}
    for branch in node.get("anyOf", [node]):
        if branch.get("type") != "string":
            continue
        if "not" in branch:
            branch.setdefault("allOf", []).append(rule)
        else:
            branch["not"] = rule["not"]


def _space_class() -> str:
    """The characters ``task_id_ok`` calls white space (``str.isspace``), as a regex class."""
    import sys

    spaces = [c for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    ranges: list[list[int]] = []
    for c in spaces:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return "[" + "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]"
