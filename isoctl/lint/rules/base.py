"""What a rule module provides and what it receives.

A rule is a module ``isoctl/rules/<code>_<name>.py`` (e.g. ``c001_no_internal_audit.py``) with:

- a module docstring that is its documentation: first line a one-line summary, then sections
  ``Why`` (citing the article of Decision 19/2014, Circular 26/2014, ISO 9001 or Decree 30),
  ``Fails`` and ``Passes`` (each a ```yaml block — a whole plan or a fragment merged into the
  base plan of :mod:`isoctl.lint.rules.examples`), and ``Options`` when it has any;
- ``CODE`` ("C001"), ``NAME`` ("no-internal-audit"), ``SEVERITY`` ("error" | "warning" | "info"),
  ``OPTIONS`` (dict of option name -> default), ``FIXABLE`` (bool);
- ``DOC_VI``: the docstring's prose in Vietnamese, beside it in the same module — the summary line, then
  ``Vì sao:`` (Why) and ``Tùy chọn:`` (Options) when the docstring has them, citing the same documents,
  rules and ``literals``; the examples are the docstring's, shown in both languages (``isoctl --lang vi
  explain CODE``, ``isoctl --lang vi rules``);
- ``check(ctx: RuleContext) -> Iterator[Violation]``.

The engine stamps file, line, column and severity; a rule only says *where* (a YAML path) and,
when one path can hold several of its findings, what each is *about* (``Violation.about``: the
word, the citation, the unit and month — part of the finding's identity, see
:mod:`isoctl.lint.identity`; never a count or a line).

How the docstring is laid out (checked by tests/lint/test_rules_docs.py, shown by ``isoctl explain``)::

    One-line summary.

    Why:
        Paragraphs; cite the article (QĐ 19/2014 Điều 4.4.b, TT 26/2014 Điều 7.2.k, ISO 9001 §9.2,
        NĐ 30/2020 Phụ lục I …).

    Fails:
        ```yaml
        <fragment>
        ```

    Passes:
        ```yaml
        <fragment>
        ```

    Options:
        ``max-tasks`` (default 4): what it limits.   (only when OPTIONS is not empty)

Section headings are ``Why:``, ``Fails:``, ``Passes:``, ``Options:`` alone on a line. Every
```yaml block under ``Fails:`` must produce the rule's CODE, every block under ``Passes:`` must
not. A block is merged into ``isoctl.lint.rules.examples.BASE`` (a plan clean for ALL rules — if
your rule fires on it, fix BASE, do not special-case it):

- mappings merge key by key (``document: {number: null}`` changes only the number);
- lists of mappings with ``id`` (units, phases, tasks) merge item by item on ``id``; new ids are
  appended; ``__delete__: true`` in an item removes it;
- other lists (``lead``, ``recipients``, ``basis`` …) are replaced whole; a value ``__delete__``
  removes the key;
- comments in the fragment are kept (so ``# isoctl: ignore[...]`` examples work);
- a block holding ``agency``, ``document`` and ``phases`` is a whole plan, used verbatim.

``isoctl.lint.rules.examples.build(fragment)`` gives the resulting text; ``lint_example(text)`` lints
it through the whole engine (suppressions included).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from isoctl.diagnostics import YamlPath
from isoctl.records import dataclass, field

if TYPE_CHECKING:
    from isoctl.plan.model import Plan


@dataclass(frozen=True)
class Fix:
    """Replace ``old`` by ``new`` inside the text value at ``path`` (all occurrences).

    With ``word=True`` only occurrences that are whole words are replaced ("hoà" but not the
    "hoà" inside "hoàn").
    """

    path: YamlPath
    old: str
    new: str
    word: bool = False


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
    # what the finding is about beyond its path (a unit and a month, a citation, the misspelt
    # word): part of its identity (isoctl.lint.identity), so never a count or a line number
    about: tuple[Any, ...] = ()
    # the path that identifies the finding when ``path`` only shows where (a finding about
    # several tasks shown at one of them)
    anchor: YamlPath | None = None
    length: int | None = None  # how many characters it covers on its line (the region's end)


@dataclass
class RuleContext:
    plan: Plan
    loaded: Any  # isoctl.plan.loader.Loaded
    options: dict[str, Any] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)  # shared between rules of one file

    @property
    def text(self) -> str:
        return self.loaded.text

    def memo(self, key: Hashable, compute: Any) -> Any:
        """Compute something once per file and share it between rules."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]
