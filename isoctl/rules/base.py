"""What a rule module provides and what it receives.

A rule is a module ``isoctl/rules/<code>_<name>.py`` (e.g. ``c001_no_internal_audit.py``) with:

- a module docstring that is its documentation: first line a one-line summary, then sections
  ``Why`` (citing the article of Decision 19/2014, Circular 26/2014, ISO 9001 or Decree 30),
  ``Fails`` and ``Passes`` (each a ```yaml block — a whole plan or a fragment merged into the
  base plan of :mod:`isoctl.rules.examples`), and ``Options`` when it has any;
- ``CODE`` ("C001"), ``NAME`` ("no-internal-audit"), ``SEVERITY`` ("error" | "warning" | "info"),
  ``OPTIONS`` (dict of option name -> default), ``FIXABLE`` (bool);
- ``check(ctx: RuleContext) -> Iterator[Violation]``.

The engine stamps file, line, column and severity; a rule only says *where* (a YAML path).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import YamlPath


@dataclass(frozen=True)
class Fix:
    """Replace ``old`` by ``new`` inside the text value at ``path`` (all occurrences)."""

    path: YamlPath
    old: str
    new: str


@dataclass(frozen=True)
class Violation:
    path: YamlPath
    message: str
    hint: str | None = None
    fix: Fix | None = None
    offset: int = 0  # characters into the value at ``path`` where the problem starts
    key: bool = False  # point at the key rather than the value
    line: int | None = None  # an explicit position (for text-level rules); overrides ``path``
    col: int | None = None


@dataclass
class RuleContext:
    plan: Any  # isoctl.model.Plan
    loaded: Any  # isoctl.loader.Loaded
    options: dict[str, Any] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)  # shared between rules of one file

    @property
    def text(self) -> str:
        return self.loaded.text

    def memo(self, key: str, compute: Any) -> Any:
        """Compute something once per file and share it between rules."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]
