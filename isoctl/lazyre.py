"""Regular expressions compiled when first used, not when their module is imported.

isoctl keeps about a hundred patterns at module level (rules, the schedule grammar, citations,
activities). ``re.compile`` runs Python's own regex parser and compiler, so compiling them all at
import was a fifth of the CPU of checking one plan cold, although a given run uses only some of
them (``isoctl validate`` on one plan uses four in five; ``import docx`` none of the lint rules').

:func:`lazy` is ``re.compile`` deferred: it returns an object with the methods and attributes of
the compiled pattern, which compiles the pattern the first time one of them is used (and then
binds the compiled pattern's methods to itself, so a later call costs what a call on the compiled
pattern costs). ``.pattern`` is known without compiling, so a pattern can be built from another's
source at import. Behaviour is ``re.compile``'s, except that a malformed pattern fails when first
used rather than at import (``tests/test_lazyre.py`` compiles every one of them).

Compiling is itself most of a pattern's cost (Python's regex parser and compiler are Python code:
the 97 patterns one plan uses took 100 M instructions, an eighth of the run). So a pattern is not
compiled by ``re`` when the generated table ``isoctl/_regex_table.py`` (``python -m
isoctl.startgen``) holds its compiled code, for this very interpreter (its version, the regex
engine's ``MAGIC``, code size and byte order): the pattern object is then made from that code by
``_sre.compile``, the call ``re.compile`` ends with, and is equal to what ``re.compile`` returns
(the test checks it; equal patterns have the same code). Any other pattern, or another Python,
and ``re.compile`` compiles it as before. :func:`compile` is the same for a pattern needed now
(built from data: the law's editions and provinces, the schedule grammar's pieces).
"""

from __future__ import annotations

import re
import sys
from typing import Any, cast

# what a compiled pattern offers (re.Pattern in Python 3.11)
_BOUND = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
          "flags", "groups", "groupindex")

_made: list[LazyPattern] = []  # every lazy pattern, for the test that compiles them all


class LazyPattern:
    """A pattern and its flags; compiled (with ``re.compile``, so through re's own cache) on first use."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags
        _made.append(self)

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiling it now if it is not yet)."""
        found = self.__dict__.get("_compiled")
        if found is None:
            found = compile(self.pattern, self._flags)
            for name in _BOUND:
                self.__dict__[name] = getattr(found, name)
            self.__dict__["_compiled"] = found
        return found

    @property
    def is_compiled(self) -> bool:
        return "_compiled" in self.__dict__

    def __getattr__(self, name: str) -> Any:
        # called only for what the instance does not hold yet: the compiled pattern's methods
        if name not in _BOUND:
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}{f', {self._flags!r}' if self._flags else ''})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyPattern):
            other = other.compiled()
        return self.compiled() == other

    def __hash__(self) -> int:
        return hash(self.compiled())

    def __copy__(self) -> LazyPattern:
        return self  # as a compiled pattern: immutable

    def __deepcopy__(self, memo: dict[int, Any]) -> LazyPattern:
        return self

    def __reduce__(self) -> tuple[Any, tuple[str, int]]:
        return lazy, (self.pattern, self._flags)


_table: dict[tuple[str, int], tuple[Any, ...]] | None = None
_compiled: dict[tuple[str, int], re.Pattern[str]] = {}
seen: set[tuple[str, int]] | None = None  # when not None: every pattern compiled (the generator's)


def _load_table() -> dict[tuple[str, int], tuple[Any, ...]]:
    global _table
    try:
        import _sre

        from isoctl import _regex_table as generated

        ok = generated.PYTHON == (sys.hexversion, _sre.MAGIC, _sre.CODESIZE, sys.byteorder)
    except (ImportError, AttributeError):
        ok = False
    _table = generated.PATTERNS if ok else {}
    return _table


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re.compile's twin
    """``re.compile(pattern, flags)``, from the generated table's code when it has the pattern;
    kept, as ``re`` keeps what it compiles, so ``compile(p).sub(…)`` costs what ``re.sub(p, …)`` does."""
    key = (pattern, flags)
    done = _compiled.get(key)
    if done is not None:
        return done
    if seen is not None:
        seen.add(key)
    table = _table if _table is not None else _load_table()
    found = table.get(key)
    if found is None:
        done = re.compile(pattern, flags)
    else:
        import _sre

        final_flags, code, groups, groupindex, indexgroup = found
        done = _sre.compile(pattern, final_flags, list(memoryview(code).cast("I")), groups, groupindex, indexgroup)
    if len(_compiled) < 512:  # as re's own cache, bounded (patterns built from data)
        _compiled[key] = done
    return cast("re.Pattern[str]", done)


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled when first used (typed as the compiled pattern it
    stands for)."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))
