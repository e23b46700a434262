"""Plans without pydantic: the quick path of ``isoctl validate``.

Importing pydantic and building :mod:`isoctl.model` costs more than a whole yamllint run, and
most plans a hook or CI sees are schema-valid. :func:`build` checks such data against a table
of the models' fields and returns twin objects with the same attributes and methods; it gives
up (returns ``None``) on anything it is not certain pydantic accepts unchanged, and the caller
then asks pydantic, which reports the errors. The table, ``_model_table.py``, is generated from
the pydantic models (``python -m isoctl.tablegen``); a test fails when it is stale, and a
property test checks that whatever :func:`build` accepts, pydantic accepts as the same values.

A field's *spec* is a tuple: ``("str",)``, ``("int", ge, le)``, ``("date",)``, ``("none",)``,
``("literal", values)``, ``("schedule",)``, ``("list", item, min_length, one_is_a_list)``,
``("model", name)`` or ``("union", specs)``; a field is ``(name, spec, default, checks)`` with
``default`` one of ``("required",)``, ``("value", v)``, ``("list",)``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._model_table import TABLE
from .modelbase import PlanMethods, as_list, task_id_ok, to_schedule

# White_Space as Rust's str::trim sees it (pydantic-core strips with it): Python's str.strip()
# would also strip U+001C..U+001F.
_WS = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
      "\u2028\u2029\u202f\u205f\u3000"
_CHECKS = {"task_id": task_id_ok}


class _GiveUp(Exception):
    """Not certain: let pydantic decide."""


class FastModel:
    """Base of the twin classes: slots only, compared by value."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(getattr(self, f) == getattr(other, f) for f in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{f}={getattr(self, f)!r}' for f in self.__slots__)})"


def _make_classes(table: dict[str, tuple[Any, ...]]) -> dict[str, type]:
    made = {}
    for name, fields in table.items():
        bases = (FastModel, PlanMethods) if name == "Plan" else (FastModel,)
        made[name] = type(name, bases, {"__slots__": tuple(f[0] for f in fields), "__module__": __name__,
                                        "__qualname__": name})
    return made


def _value(spec: tuple[Any, ...], v: Any) -> Any:
    kind = spec[0]
    if kind == "str":
        if v.__class__ is not str:
            raise _GiveUp
        return v.strip(_WS)
    if kind == "model":
        return _model(spec[1], v)
    if kind == "list":
        if spec[3]:
            v = as_list(v)
        if v.__class__ is not list or len(v) < spec[2]:
            raise _GiveUp
        item = spec[1]
        return [_value(item, x) for x in v]
    if kind == "union":
        return _value(_branch(spec[1], v), v)
    if kind == "none":
        if v is not None:
            raise _GiveUp
        return None
    if kind == "literal":
        if v.__class__ is not str or v not in spec[1]:
            raise _GiveUp
        return v
    if kind == "schedule":
        try:
            return to_schedule(v)
        except Exception:  # noqa: BLE001 - pydantic will report it
            raise _GiveUp from None
    if kind == "int":
        if v.__class__ is not int or (spec[1] is not None and v < spec[1]) or (spec[2] is not None and v > spec[2]):
            raise _GiveUp
        return v
    if kind == "date":
        if v.__class__ is not dt.date:
            raise _GiveUp
        return v
    raise _GiveUp


_BRANCH_KINDS = {str: ("str", "literal"), int: ("int",), list: ("list",), dict: ("model",),
                 type(None): ("none",), dt.date: ("date",)}


def _branch(specs: tuple[tuple[Any, ...], ...], v: Any) -> tuple[Any, ...]:
    """The one union member for this value's type (pydantic's smart mode picks the exact-type
    match); none, or more than one, and pydantic decides."""
    kinds = _BRANCH_KINDS.get(v.__class__, ())
    found = [s for s in specs if s[0] in kinds]
    if len(found) != 1:
        raise _GiveUp
    return found[0]


def _model(name: str, data: Any) -> Any:
    if data.__class__ is not dict:
        raise _GiveUp
    fields = TABLE[name]
    if len(data) > len(fields) or any(k not in FIELD_NAMES[name] for k in data):
        raise _GiveUp
    obj = object.__new__(CLASSES[name])
    for fname, spec, default, checks in fields:
        if fname in data:
            value = _value(spec, data[fname])
            for check in checks:
                if not _CHECKS[check](value):
                    raise _GiveUp
        elif default[0] == "value":
            value = default[1]
        elif default[0] == "list":
            value = []
        else:
            raise _GiveUp
        object.__setattr__(obj, fname, value)
    return obj


def build(data: Any) -> Any | None:
    """A twin :class:`~isoctl.model.Plan` of ``data``, or ``None`` when pydantic must decide."""
    try:
        return _model("Plan", data)
    except (_GiveUp, RecursionError):
        return None


FIELD_NAMES = {name: frozenset(f[0] for f in fields) for name, fields in TABLE.items()}
CLASSES = _make_classes(TABLE)
globals().update(CLASSES)

