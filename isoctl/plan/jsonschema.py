"""The JSON Schema of plan files, generated from the models (committed as schema/plan.schema.json).

Pydantic gives the shapes; what ``validate`` checks beyond them and a schema can say is added
here from the same declarations, so an editor refuses what ``validate`` refuses: no string holds a
control character or U+FFFE/U+FFFF, no id (``id``, the items of ``lead``, ``partners``,
``after``) a bidi override or a zero-width character, no task id a space, and ``format`` is at
most the newest this isoctl reads; and an integer field takes the text of one in range ("2024",
" 2024 ", "2024.0"), as pydantic's lax mode does. ``true``/``false`` and digits split by "_"
("2_024"), which that lax mode would also read as numbers, are refused by both: the schema's
``type: integer`` and integer-text pattern do not take them, and every integer field of the model
is ``model.Int``, which refuses them too (the loader keeps an unquoted 2_024 as the text an editor's
YAML 1.2 reads). A yes/no field takes ``true``/``false`` only, in both (``model.Bool``; the loader
reads yes/no/on/off as the text YAML 1.2 makes of them). A schedule mapping is checked as the
grammar checks it (``$defs/ScheduleMapping``, from :func:`isoctl.plan.schedule.mapping_schema`;
a test compares the two on generated mappings), and a plain number is no schedule in either.
A schedule written as text is refused where validate refuses it (``$defs/ScheduleText``, written
once, from :func:`isoctl.plan.schedule.text_schema` and the patterns of
:mod:`isoctl.plan.schedule_pattern`; a test generates texts and checks the schema never refuses
one validate takes, and refuses near the grammar all validate refuses). Left to ``validate``: a
text with a character outside ``schedule_pattern.ALPHABET`` (and such a mapping's ``date``).
"""

from __future__ import annotations

import json
from typing import Any

_ID_LISTS = ("lead", "partners", "after")


def plan_schema() -> dict:
    from isoctl.plan.model import Plan
    schema = Plan.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "isoctl plan"
    _schedule_texts(schema)
    schema["$defs"]["ScheduleText"] = _schedule_text()
    _characters(schema, None)
    task_id = schema["$defs"]["Task"]["properties"]["id"]
    _refuse(task_id, _class_of(str.isspace))  # what task_id_ok calls white space
    declared = _declared(schema)
    _integer_text(schema)
    _restore(schema, declared)
    _schedule_mappings(schema, {"$ref": "#/$defs/ScheduleMapping"})
    schema["$defs"]["ScheduleMapping"] = _schedule_mapping()
    return schema


def _schedule_mapping() -> dict:
    from isoctl.plan.schedule import mapping_schema
    from isoctl.plan.schedule_pattern import day_refusal

    mapping = mapping_schema(_class_of(str.isspace), _class_of(str.isdecimal))
    mapping["properties"]["date"]["not"] = {"type": "string", "pattern": day_refusal()}
    _characters(mapping, None)
    return mapping


def _schedule_text() -> dict:
    from isoctl.plan.model import SCHEDULE_TEXT
    from isoctl.plan.schedule import text_schema
    from isoctl.plan.schedule_pattern import refusal

    return text_schema(_class_of(str.isspace), SCHEDULE_TEXT["description"], refusal())


def _schedule_texts(node: Any) -> None:
    """Point where the model declares a schedule text at ``$defs/ScheduleText`` (the grammar's
    schema of a text, written once)."""
    from isoctl.plan.model import SCHEDULE_TEXT

    children = enumerate(node) if isinstance(node, list) else node.items() if isinstance(node, dict) else ()
    for key, value in children:
        if value == SCHEDULE_TEXT:
            node[key] = {"$ref": "#/$defs/ScheduleText"}
        else:
            _schedule_texts(value)


def _schedule_mappings(node: Any, mapping: dict) -> None:
    """Put ``mapping`` (the schedule grammar's schema of a mapping) where the model declares one."""
    from isoctl.plan.model import SCHEDULE_MAPPING

    children = enumerate(node) if isinstance(node, list) else node.items() if isinstance(node, dict) else ()
    for key, value in children:
        if value == SCHEDULE_MAPPING:
            node[key] = mapping
        else:
            _schedule_mappings(value, mapping)


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


def _class_of(test: Any) -> str:
    """The characters ``test`` takes, as a regular-expression class of ``\\uXXXX`` ranges."""
    import sys

    ranges: list[list[int]] = []
    for c in range(sys.maxunicode + 1):
        if test(chr(c)):
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1][1] = c
            else:
                ranges.append([c, c])
    return "[" + "".join(_u(a) if a == b else f"{_u(a)}-{_u(b)}" for a, b in ranges) + "]"


def _u(c: int) -> str:
    # beyond the BMP the character itself: Python has no \\u{…} and JavaScript no \\U
    return f"\\u{c:04x}" if c <= 0xFFFF else chr(c)


def _declared(schema: dict) -> dict[tuple[str, str], Any]:
    """The schemas of the fields that declare their own (``WithJsonSchema``: schedules, a
    period), by (model, field): their loaders are strict about integers, so they stay as written."""
    import copy
    import inspect

    from pydantic import BaseModel, WithJsonSchema

    from isoctl.plan import model

    out = {}
    for name, cls in inspect.getmembers(model, inspect.isclass):
        if issubclass(cls, BaseModel) and cls.__module__ == model.__name__ and name in schema["$defs"]:
            for field_name, info in cls.model_fields.items():
                if any(isinstance(m, WithJsonSchema) for m in info.metadata):
                    key = info.alias or field_name
                    out[(name, key)] = copy.deepcopy(schema["$defs"][name]["properties"][key])
    for field_name, info in model.Plan.model_fields.items():
        if any(isinstance(m, WithJsonSchema) for m in info.metadata):
            key = info.alias or field_name
            out[("", key)] = copy.deepcopy(schema["properties"][key])
    return out


def _restore(schema: dict, declared: dict[tuple[str, str], Any]) -> None:
    for (name, key), value in declared.items():
        (schema["$defs"][name] if name else schema)["properties"][key] = value


def _integer_text(node: Any) -> Any:
    """Every integer schema under ``node`` also taking a number written as text, in its bounds
    (pydantic's lax mode reads "2024", " +2024 " and "2024.0" as 2024; digits split by "_" are
    the one form it reads that is left out)."""
    if isinstance(node, list):
        return [_integer_text(item) for item in node]
    if not isinstance(node, dict):
        return node
    for key, value in list(node.items()):
        if key != "not":
            node[key] = _integer_text(value)
    if node.get("type") != "integer":
        return node
    # an optional ``model.Int`` field's bounds (``Field(ge=1)`` over ``Int | None``) come out of
    # pydantic under their Python names; JSON Schema calls them minimum/maximum
    for python_name, json_name in (("ge", "minimum"), ("le", "maximum")):
        if python_name in node:
            node[json_name] = node.pop(python_name)
    node = dict(sorted(node.items()))
    from isoctl.plan.patterns import range_pattern

    lo, hi = node.get("minimum"), node.get("maximum")
    number = r"[+-]?\d+" if lo is None or lo < 0 or hi is None else rf"\+?0*(?:{range_pattern(lo, hi)})"
    space = _class_of(str.isspace)
    text = {"type": "string", "pattern": rf"^{space}*{number}(?:\.0+)?{space}*$"}
    outer = {k: v for k, v in node.items() if k in ("title", "description", "default")}
    inner = {k: v for k, v in node.items() if k not in outer}
    return {**outer, "anyOf": [inner, text]}
