"""Plans without pydantic: the quick path of ``isoctl validate``.

Importing pydantic and building :mod:`isoctl.plan.model` costs more than a whole yamllint run, and
most plans a hook or CI sees are schema-valid. :func:`build` checks such data against a table
of the models' fields and returns twin objects with the same attributes and methods; it gives
up (returns ``None``) on anything it is not certain pydantic accepts unchanged, and the caller
then asks pydantic, which reports the errors. The table, ``_model_table.py``, is generated from
the pydantic models (``python -m isoctl.plan.tablegen``); a test fails when it is stale, and a
property test checks that whatever :func:`build` accepts, pydantic accepts as the same values.

The twins have the models' attributes, the plan's methods and ``model_dump``, so the core is
typed with the models (``plan: Plan``, imported under ``TYPE_CHECKING``) and takes either.

A field's *spec* is a tuple: ``("str",)``, ``("int", ge, le)``, ``("date",)``, ``("bool",)``, ``("none",)``,
``("literal", values)``, ``("schedule",)``, ``("period",)``, ``("list", item, min_length, one_is_a_list)``,
``("model", name)`` or ``("union", specs)``; a field is ``(name, spec, default, checks)`` with
``default`` one of ``("required",)``, ``("value", v)``, ``("list",)``. Each spec is compiled
once, at import, into a function that returns the value or gives up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from isoctl.plan._model_table import TABLE
from isoctl.plan.modelbase import Period, PlanMethods, as_list, task_id_ok, to_period, to_schedule
from isoctl.plan.schedule import Schedule

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

    def model_dump(self, *, mode: str = "python", exclude_none: bool = False) -> dict[str, Any]:
        """The same dict as pydantic's ``model_dump`` of the model this twins (a test compares them)."""
        out = {}
        for name in self.__slots__:
            value = _dump(getattr(self, name), mode, exclude_none)
            if value is not None or not exclude_none:
                out[name] = value
        return out


def _dump(value: Any, mode: str, exclude_none: bool) -> Any:
    if isinstance(value, FastModel):
        return value.model_dump(mode=mode, exclude_none=exclude_none)
    if value.__class__ is list:
        return [_dump(v, mode, exclude_none) for v in value]
    if isinstance(value, (Schedule, Period)):
        return value.format()
    if mode == "json" and isinstance(value, dt.date):
        return value.isoformat()
    return value


def _make_classes(table: dict[str, tuple[Any, ...]]) -> dict[str, type]:
    made = {}
    for name, fields in table.items():
        bases = (FastModel, PlanMethods) if name == "Plan" else (FastModel,)
        made[name] = type(name, bases, {"__slots__": tuple(f[0] for f in fields), "__module__": __name__,
                                        "__qualname__": name})
    return made


Check = Callable[[Any], Any]


def _give_up(v: Any) -> Any:
    raise _GiveUp


def _compile(spec: tuple[Any, ...], models: dict[str, Check]) -> Check:
    """One function per spec: returns the value pydantic would give, or raises :class:`_GiveUp`."""
    kind = spec[0]
    if kind == "str":
        def text(v: Any) -> Any:
            if v.__class__ is not str:
                raise _GiveUp
            return v.strip(_WS)
        return text
    if kind == "model":
        name = spec[1]
        return lambda v: models[name](v)
    if kind == "list":
        item, least, one_is_a_list = _compile(spec[1], models), spec[2], spec[3]

        def items(v: Any) -> Any:
            if one_is_a_list:
                v = as_list(v)
            if v.__class__ is not list or len(v) < least:
                raise _GiveUp
            return [item(x) for x in v]
        return items
    if kind == "union":
        return _union(spec[1], models)
    if kind == "none":
        def none(v: Any) -> Any:
            if v is not None:
                raise _GiveUp
        return none
    if kind == "literal":
        values = frozenset(spec[1])

        def literal(v: Any) -> Any:
            if v.__class__ is not str or v not in values:
                raise _GiveUp
            return v
        return literal
    if kind == "schedule":
        def schedule(v: Any) -> Any:
            try:
                return to_schedule(v)
            except Exception:  # noqa: BLE001 - pydantic will report it
                raise _GiveUp from None
        return schedule
    if kind == "period":
        def period(v: Any) -> Any:
            try:
                return to_period(v)
            except Exception:  # noqa: BLE001 - pydantic will report it
                raise _GiveUp from None
        return period
    if kind == "int":
        low, high = spec[1], spec[2]

        def integer(v: Any) -> Any:
            if v.__class__ is not int or (low is not None and v < low) or (high is not None and v > high):
                raise _GiveUp
            return v
        return integer
    if kind == "bool":
        def boolean(v: Any) -> Any:
            if v.__class__ is not bool:
                raise _GiveUp
            return v
        return boolean
    if kind == "date":
        def date(v: Any) -> Any:
            if v.__class__ is not dt.date:
                raise _GiveUp
            return v
        return date
    return _give_up


_BRANCH_KINDS = {str: ("str", "literal"), int: ("int",), bool: ("bool",), list: ("list",), dict: ("model",),
                 type(None): ("none",), dt.date: ("date",)}


def _union(specs: tuple[tuple[Any, ...], ...], models: dict[str, Check]) -> Check:
    """The one member for the value's type (pydantic's smart mode picks the exact-type match);
    none, or more than one, and pydantic decides."""
    by_type: dict[type, Check] = {}
    for cls, kinds in _BRANCH_KINDS.items():
        found = [s for s in specs if s[0] in kinds]
        if len(found) == 1:
            by_type[cls] = _compile(found[0], models)
    return lambda v: by_type.get(v.__class__, _give_up)(v)


def _compile_model(name: str, models: dict[str, Check]) -> Check:
    cls = CLASSES[name]
    names = FIELD_NAMES[name]
    # (name, check, the default's kind and value, the extra checks): the default's kind compared
    # by identity, the extra checks (few fields have one) looked at only where there are some
    fields = [(fname, _compile(spec, models), _DEFAULT_KINDS.get(default[0], _REQUIRED),
               default[1] if default[0] == "value" else None, tuple(_CHECKS[c] for c in checks))
              for fname, spec, default, checks in TABLE[name]]
    missing = object()
    known = names.issuperset

    def model(data: Any) -> Any:
        if data.__class__ is not dict or not known(data):
            raise _GiveUp
        obj = cls.__new__(cls)
        get = data.get
        for fname, check, kind, default, checks in fields:
            v = get(fname, missing)
            if v is not missing:
                value = check(v)
                if checks:
                    for ok in checks:
                        if not ok(value):
                            raise _GiveUp
            elif kind is _VALUE:
                value = default
            elif kind is _LIST:
                value = []
            else:
                raise _GiveUp
            setattr(obj, fname, value)
        return obj
    return model


_VALUE, _LIST, _REQUIRED = object(), object(), object()
_DEFAULT_KINDS = {"value": _VALUE, "list": _LIST}


def build(data: Any) -> Any | None:
    """A twin :class:`~isoctl.plan.model.Plan` of ``data``, or ``None`` when pydantic must decide."""
    try:
        return _MODELS["Plan"](data)
    except (_GiveUp, RecursionError):
        return None


def spliced(plan: Any, data: Any, pi: int, ti: int) -> Any | None:
    """The twin of ``data``, a plan that is ``plan``'s (a twin) but for task ``(pi, ti)``: ``plan``
    with that task's twin built again and the rest shared (a twin is never changed once built);
    ``None`` when ``plan`` is not a twin or pydantic must decide."""
    plan_cls, phase_cls = CLASSES["Plan"], CLASSES["Phase"]
    if plan.__class__ is not plan_cls:
        return None
    try:
        task = _MODELS["Task"](data["phases"][pi]["tasks"][ti])
    except (_GiveUp, RecursionError, KeyError, IndexError, TypeError):
        return None
    old = plan.phases[pi]
    phase = phase_cls.__new__(phase_cls)
    for name in phase_cls.__slots__:
        setattr(phase, name, getattr(old, name))
    phase.tasks = [*old.tasks]
    phase.tasks[ti] = task
    new = plan_cls.__new__(plan_cls)
    for name in plan_cls.__slots__:
        setattr(new, name, getattr(plan, name))
    new.phases = [*plan.phases]
    new.phases[pi] = phase
    return new


FIELD_NAMES = {name: frozenset(f[0] for f in fields) for name, fields in TABLE.items()}
CLASSES = _make_classes(TABLE)
globals().update(CLASSES)
_MODELS: dict[str, Check] = {}
_MODELS.update({name: _compile_model(name, _MODELS) for name in TABLE})

