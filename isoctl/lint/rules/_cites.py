"""Every citation of a plan file, for the L rules: the ``basis`` entries and the citations found in
free text (purpose, scope, budget, duties, task titles and notes, basis subjects …), each with the
YAML path and offsets it came from, and a way to turn an offset into a line and column."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import TYPE_CHECKING, Any

from isoctl.diagnostics import YamlPath
from isoctl.lint.rules._text import segments_at, strings
from isoctl.plan.citations import Symbol, find, parse_symbol
from isoctl.records import dataclass

if TYPE_CHECKING:
    from isoctl.plan.model import Plan

# Values that are not prose: identifiers, codes, dates, the structured basis fields.
_SKIP_KEYS = frozenset({"id", "lead", "partners", "after", "unit", "abbr", "type", "number", "date", "done_on", "status",
                        "activity", "label", "format", "year", "kind", "cite", "issuer", "when", "authority"})


@dataclass(frozen=True)
class Occurrence:
    """One place a document is cited."""

    symbol: Symbol
    path: YamlPath  # the value the symbol is written in
    offset: int  # where the symbol starts in that value
    kind: str | None
    date: dt.date | None
    date_path: YamlPath | None  # where the date is written
    date_offset: int | None
    issuer: str | None
    issuer_path: YamlPath | None
    issuer_offset: int | None
    basis: int | None = None  # index in ``basis`` when it is a basis entry
    date_length: int | None = None  # how long the date is as written in a text

    @property
    def in_basis(self) -> bool:
        return self.basis is not None


def own_codes(plan: Plan) -> tuple[str, ...]:
    abbr = (plan.agency.abbr or "").strip()
    return (abbr,) if abbr else ()


def occurrences(ctx: Any) -> list[Occurrence]:
    """Every citation in the file, in file order (memoised per file)."""
    return ctx.memo("cites.occurrences", lambda: _collect(ctx))


def _collect(ctx: Any) -> list[Occurrence]:
    plan, data = ctx.plan, ctx.loaded.data
    own = own_codes(plan)
    out: list[Occurrence] = []
    for i, c in enumerate(plan.basis):
        sym = parse_symbol(c.cite, c.kind, own)
        out.append(Occurrence(sym, ("basis", i, "cite"), 0, c.kind, c.date,
                              ("basis", i, "date") if c.date else None, 0 if c.date else None,
                              c.issuer, ("basis", i, "issuer") if c.issuer else None, 0 if c.issuer else None, i))
    recorded = getattr(ctx.loaded, "strings", None)
    # every symbol has a "/" (123/QĐ-UBND): a value without one is passed over before its path is read
    for path, text in recorded if recorded is not None else strings(data, _SKIP_KEYS):
        if "/" not in text or not _SKIP_KEYS.isdisjoint(path):
            continue
        text = unicodedata.normalize("NFC", text)
        for c in find(text, own):
            out.append(Occurrence(c.symbol, path, c.start, c.kind, c.date, path if c.date else None,
                                  c.date_start, c.issuer, path if c.issuer else None, c.issuer_start,
                                  date_length=len(c.date_text) if c.date_text else None))
    return sorted(out, key=lambda o: position(ctx, o.path, o.offset))


def position(ctx: Any, path: YamlPath, offset: int = 0) -> tuple[int, int]:
    """Line and column of the character ``offset`` into the value at ``path`` (plain, quoted and
    multi-line scalars: folded lines count as one space)."""
    segments = segments_at(ctx, path)
    if not segments:
        pos = ctx.loaded.locate(path)
        return pos.line, pos.col
    acc = 0
    for k, seg in enumerate(segments):
        n = len(unicodedata.normalize("NFC", seg.text))
        if offset < acc + n or k == len(segments) - 1:
            return seg.line, seg.col + max(0, offset - acc)
        acc += n + 1
    return segments[0].line, segments[0].col


def at(ctx: Any, path: YamlPath, offset: int | None, length: int | None = None) -> dict[str, Any]:
    """Violation keyword arguments that point at ``offset`` into the value at ``path`` and cover
    ``length`` characters (by default the whole value, when it is not text: a date)."""
    line, col = position(ctx, path, offset or 0)
    if length is None:
        pos = ctx.loaded.locate(path)
        if pos.end_line == pos.line and pos.line == line and pos.col == col and pos.end_col:
            length = pos.end_col - pos.col
    return {"line": line, "col": col, "length": length}


def where(ctx: Any, occ: Occurrence) -> str:
    """"line N" for messages."""
    return str(position(ctx, occ.path, occ.offset)[0])
