"""Domain lint rules, one module each (see :mod:`isoctl.rules.base`).

Rule modules are found by name (``<letter><3 digits>_<name>.py``) so adding a rule is adding a
file. :func:`run_rules` is what the linter calls.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache
from types import ModuleType
from typing import Any

from ..diagnostics import Finding
from .base import RuleContext, Violation

_MODULE_NAME = re.compile(r"^[a-z]\d{3}_\w+$")


@lru_cache(maxsize=1)
def all_rules() -> tuple[ModuleType, ...]:
    """Every rule module, sorted by code."""
    mods = []
    for info in pkgutil.iter_modules(__path__):
        if _MODULE_NAME.match(info.name):
            mods.append(importlib.import_module(f"{__name__}.{info.name}"))
    return tuple(sorted(mods, key=lambda m: m.CODE))


def by_code() -> dict[str, ModuleType]:
    table = {}
    for mod in all_rules():
        table[mod.CODE] = mod
        table[mod.NAME] = mod
    return table


def run_rules(checked: Any, config: Any) -> list[Finding]:
    """Run every rule on a schema-valid plan; positions resolved, severities defaulted."""
    loaded = checked.loaded
    cache: dict[str, Any] = {}
    out: list[Finding] = []
    for mod in all_rules():
        options = dict(getattr(mod, "OPTIONS", {}))
        if config is not None:
            options.update(config.rule_options(mod.CODE, mod.NAME))
        ctx = RuleContext(checked.plan, loaded, options, cache)
        for v in mod.check(ctx):
            out.append(_finding(loaded, mod, v))
    return out


def _finding(loaded: Any, mod: ModuleType, v: Violation) -> Finding:
    if v.line is not None:
        return Finding(loaded.file, v.line, v.col or 1, mod.CODE, v.message, mod.SEVERITY, v.hint, v.path,
                       fix=v.fix)
    return loaded.finding(v.path, mod.CODE, v.message, hint=v.hint, severity=mod.SEVERITY, key=v.key,
                          offset=v.offset, fix=v.fix)
