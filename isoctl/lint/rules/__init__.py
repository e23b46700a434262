"""Domain lint rules, one module each (see :mod:`isoctl.lint.rules.base`).

Rule modules are found by name (``<letter><3 digits>_<name>.py``) so adding a rule is adding a
file. :func:`run_rules` is what the linter calls.
"""

from __future__ import annotations

import importlib
import os
from functools import lru_cache
from types import ModuleType
from typing import Any

from isoctl.diagnostics import Finding
from isoctl.lazyre import lazy
from isoctl.lint.rules.base import RuleContext, Violation

_MODULE_NAME = lazy(r"^[a-z]\d{3}_\w+$")


@lru_cache(maxsize=1)
def all_rules() -> tuple[ModuleType, ...]:
    """Every rule module, sorted by code."""
    from importlib.machinery import all_suffixes

    # the package's folder listed as pkgutil.iter_modules lists it (which imports inspect to do so)
    suffixes = all_suffixes()
    names = set()
    for folder in __path__:
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        for entry in entries:
            for suffix in suffixes:
                if entry.endswith(suffix):
                    names.add(entry[:-len(suffix)])
    mods = [importlib.import_module(f"{__name__}.{name}") for name in sorted(names) if _MODULE_NAME.match(name)]
    return tuple(sorted(mods, key=lambda m: m.CODE))


def by_code() -> dict[str, ModuleType]:
    table = {}
    for mod in all_rules():
        table[mod.CODE] = mod
        table[mod.NAME] = mod
    return table


def resolve(code_or_name: str) -> str:
    """A rule's code from its code or name (unknown names are returned unchanged)."""
    mod = by_code().get(code_or_name) or by_code().get(code_or_name.upper())
    return mod.CODE if mod is not None else code_or_name.upper()


def known_code(code: str) -> bool:
    from isoctl.plan.validate import SCHEMA_CODES

    return code in by_code() or code in SCHEMA_CODES


# What a rule's DOC_VI says in Vietnamese; the examples (Fails, Passes) are the docstring's, in both.
TRANSLATED = ("summary", "intro", "Why", "Options")


def documentation(mod: ModuleType, lang: str | None = None) -> dict[str, str]:
    """The rule's docstring cut into summary / intro / Why / Fails / Passes / Options, in the run's
    language (or ``lang``): in Vietnamese, the prose is the module's ``DOC_VI`` and the examples the
    docstring's."""
    from isoctl.i18n import get_lang
    from isoctl.lint.rules.examples import sections

    doc = sections(mod.__doc__)
    if (lang or get_lang()) == "vi":
        vi = sections(mod.DOC_VI)
        doc.update({k: vi.get(k, "") for k in TRANSLATED})
        doc.update({k: v for k, v in vi.items() if k not in TRANSLATED})
    return doc


def summary(mod: ModuleType) -> str:
    return documentation(mod)["summary"]


def run_rules(checked: Any, config: Any, codes: Any = None) -> list[Finding]:
    """Run every rule (or those whose code is in ``codes``) on a schema-valid plan; positions
    resolved, severities defaulted."""
    loaded = checked.loaded
    cache: dict[str, Any] = {}
    out: list[Finding] = []
    for mod in all_rules():
        if codes is not None and mod.CODE not in codes:
            continue
        options = dict(getattr(mod, "OPTIONS", {}))
        if config is not None:
            options.update(config.rule_options(mod.CODE, mod.NAME))
        ctx = RuleContext(checked.plan, loaded, options, cache)
        for v in mod.check(ctx) or ():
            out.append(_finding(loaded, mod, v))
    return out


def _finding(loaded: Any, mod: ModuleType, v: Violation) -> Finding:
    from isoctl.lint.identity import identity
    from isoctl.records import replace

    ident = identity(loaded.data, v.path if v.anchor is None else v.anchor, v.about)
    if v.line is not None:
        col = v.col or 1
        return Finding(loaded.file, v.line, col, mod.CODE, v.message, mod.SEVERITY, v.hint, v.path,
                       end_line=v.line, end_col=col + max(1, v.length or 1), fix=v.fix, ident=ident)
    found = replace(loaded.finding(v.path, mod.CODE, v.message, hint=v.hint, severity=mod.SEVERITY, key=v.key,
                                   offset=v.offset, fix=v.fix), ident=ident)
    if v.length:
        found = replace(found, end_line=found.line, end_col=found.col + v.length)
    return found
