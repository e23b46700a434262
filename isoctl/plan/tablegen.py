"""Generate ``isoctl/_model_table.py`` (the fields :mod:`isoctl.plan.fastmodel` checks) from the
pydantic models: ``python -m isoctl.plan.tablegen``. Refuses a field it cannot express, so that a
change to :mod:`isoctl.plan.model` that the quick path would get wrong cannot go unnoticed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from isoctl.plan.modelbase import as_list


def generate(root: type | None = None) -> str:
    """The text of ``_model_table.py``, from the pydantic models (from ``root``, default
    :class:`isoctl.plan.model.Plan`, down)."""
    import pprint

    from pydantic import BaseModel

    from isoctl.plan import model

    table: dict[str, list[tuple[Any, ...]]] = {}

    def spec_of(ann: Any, metadata: list[Any], where: str) -> tuple[Any, ...]:
        import types
        import typing

        from annotated_types import Ge, Le, MinLen
        from pydantic.functional_validators import BeforeValidator

        befores = [m.func for m in metadata if isinstance(m, BeforeValidator)]
        bounds = {type(m): m for m in metadata if isinstance(m, (Ge, Le, MinLen))}
        origin = typing.get_origin(ann)
        if befores == [model._to_schedule]:
            return ("schedule",)
        if befores == [model._to_period]:
            return ("period",)
        if origin is typing.Annotated:
            inner, *more = typing.get_args(ann)
            return spec_of(inner, [*more, *metadata], where)
        if origin is list:
            (item,) = typing.get_args(ann)
            if befores not in ([], [as_list]):
                raise ValueError(f"{where}: a validator fastmodel does not know: {befores}")
            return ("list", spec_of(item, [], where), bounds[MinLen].min_length if MinLen in bounds else 0,
                    befores == [as_list])
        if ann is int and befores == [model._whole_number]:
            befores = []  # it refuses only what is not an exact int, which fastmodel gives up on anyway
        elif ann is int:
            raise ValueError(f"{where}: an integer field is model.Int (a bare int would read true and '2_024')")
        if ann is bool and befores == [model._truth]:
            befores = []  # it refuses what is not a bool, as fastmodel's check does
        elif ann is bool:
            raise ValueError(f"{where}: a yes/no field is model.Bool (a bare bool would read 1 and 'yes')")
        if befores:
            raise ValueError(f"{where}: a validator fastmodel does not know: {befores}")
        if origin in (typing.Union, types.UnionType):
            # a field's bounds over an optional integer (``Field(ge=1)`` on ``Int | None``) are the
            # integer's: pydantic applies them to it, so the quick path must too
            numeric = [m for m in metadata if isinstance(m, (Ge, Le))]
            return ("union", tuple(spec_of(a, numeric, where) for a in typing.get_args(ann)))
        if origin is typing.Literal:
            return ("literal", tuple(sorted(typing.get_args(ann))))
        if ann is str:
            return ("str",)
        if ann is bool:
            return ("bool",)
        if ann is int:
            return ("int", bounds[Ge].ge if Ge in bounds else None, bounds[Le].le if Le in bounds else None)
        if ann is dt.date:
            return ("date",)
        if ann is type(None):
            return ("none",)
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            walk(ann)
            return ("model", ann.__name__)
        raise ValueError(f"{where}: a type fastmodel does not know: {ann!r}")

    def walk(cls: type) -> None:
        if cls.__name__ in table:
            return
        table[cls.__name__] = []
        validators = cls.__pydantic_decorators__.field_validators
        known = {"_id_shape": "task_id"}
        rows = []
        for fname, info in cls.model_fields.items():
            if info.alias not in (None, fname):
                raise ValueError(f"{cls.__name__}.{fname}: fastmodel does not know aliases")
            checks = []
            for vname, dec in validators.items():
                if fname in dec.info.fields:
                    if vname not in known or dec.info.mode != "after":
                        raise ValueError(f"{cls.__name__}.{fname}: a validator fastmodel does not know: {vname}")
                    checks.append(known[vname])
            if info.is_required():
                default: tuple[Any, ...] = ("required",)
            elif info.default_factory is list:
                default = ("list",)
            elif info.default_factory is None and isinstance(info.default, (str, int, type(None))):
                default = ("value", info.default)
            else:
                raise ValueError(f"{cls.__name__}.{fname}: a default fastmodel does not know")
            rows.append((fname, spec_of(info.annotation, list(info.metadata), f"{cls.__name__}.{fname}"),
                         default, tuple(checks)))
        table[cls.__name__] = rows
        config = cls.model_config
        if config.get("extra") != "forbid" or not config.get("str_strip_whitespace") or config.get("strict"):
            raise ValueError(f"{cls.__name__}: fastmodel assumes extra='forbid', str_strip_whitespace, lax mode")

    walk(root or model.Plan)
    body = pprint.pformat({k: tuple(v) for k, v in table.items()}, width=110, sort_dicts=False)
    return ('"""The fields of the plan models, for :mod:`isoctl.plan.fastmodel`.\n\n'
            'Generated from isoctl/model.py by ``python -m isoctl.plan.tablegen``: do not edit."""\n\n'
            f"TABLE = {body}\n")


def main() -> None:
    import os
    import sys

    from isoctl.fsutil import write_atomic

    target = os.path.join(os.path.dirname(__file__), "_model_table.py")
    write_atomic(target, generate(), force=True)
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
