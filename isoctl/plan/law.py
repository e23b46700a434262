"""The law as it stood on a plan's date: the data files in ``docs/law/`` and questions about them.

``docs/law/legal-timeline.toml`` lists the documents every ISO plan cites (number, date, issuer,
subject), the core basis of a yearly plan by period and the editions of TCVN ISO 9001 a plan may
target; ``docs/law/reorganisation.toml`` the bodies of local government that stopped existing
(the district level, merged provinces). Each entry has its source beside it; the facts live there
and nowhere in the code.

A plan's date is a window: its document date, or when it has none the whole of its year (of its
period for a multi-year programme). A rule reports something only when it was wrong on every day
of the window, so an undated plan is not blamed for a change that happened during its year.

Pure standard library; the files are read once.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isoctl.lazyre import compile as _compile
from isoctl.records import dataclass

if TYPE_CHECKING:
    from isoctl.plan.model import Plan


@dataclass(frozen=True)
class Document:
    symbol: str
    kind: str
    date: dt.date
    issuer: str
    about: str = ""  # the subject as its title writes it; empty when no source gave it
    effective: dt.date | None = None
    source: str = ""
    title_checked: bool = False  # ``about`` was checked against a published title (L007 compares it)
    date_checked: bool = True  # a source gave ``date``; when not, no rule compares or suggests it


@dataclass(frozen=True)
class CoreBasis:
    start: dt.date
    until: dt.date | None
    cite: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Edition:
    name: str
    pattern: re.Pattern[str]
    accepted_until: dt.date | None
    successor: str | None
    source: str
    published: dt.date | None = None
    published_in: int | None = None  # the year its designation names, when the day is not known

    @property
    def family(self) -> str:
        """The standard's number without its year: "9001", "18091"."""
        m = _compile(r"ISO\s+(\d+)").search(self.name)
        return m.group(1) if m else self.name

    def published_after(self, last: dt.date) -> bool:
        """Whether it was not yet published on ``last`` (as far as the sources say)."""
        if self.published is not None:
            return self.published > last
        return self.published_in is not None and self.published_in > last.year


@dataclass(frozen=True)
class Province:
    old: tuple[str, ...]
    new: str
    since: dt.date
    by: str
    source: str


@dataclass(frozen=True)
class DistrictLevel:
    since: dt.date
    successor: str
    successor_en: str
    source: str


@dataclass(frozen=True)
class Law:
    documents: dict[str, Document]
    core_basis: tuple[CoreBasis, ...]
    editions: tuple[Edition, ...]
    provinces: tuple[Province, ...]
    district_level: DistrictLevel


def data_dir() -> Path:
    """Where the data files are: ``isoctl/lawdata`` when installed (mapped from ``docs/law``), else
    the source tree's ``docs/law`` (an editable install)."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "lawdata"
    if (installed / "legal-timeline.toml").is_file():
        return installed
    return package.parent / "docs" / "law"


def _read(name: str) -> dict[str, Any]:
    with open(data_dir() / name, "rb") as f:
        return tomllib.load(f)


@lru_cache(maxsize=1)
def law() -> Law:
    """Both data files, parsed (once)."""
    timeline = _read("legal-timeline.toml")
    reorg = _read("reorganisation.toml")
    docs = {d["symbol"]: Document(d["symbol"], d["kind"], d["date"], d["issuer"], d.get("about", ""),
                                  d.get("effective"), d["source"], d.get("title_checked", True) and "about" in d,
                                  d.get("date_checked", True))
            for d in timeline["document"]}
    core = tuple(CoreBasis(c["from"], c.get("until"), tuple(c["cite"]), c["source"]) for c in timeline["core_basis"])
    editions = tuple(Edition(e["name"], _compile(e["pattern"], re.I), e.get("accepted_until"), e.get("successor"),
                             e["source"], e.get("published"), e.get("published_in")) for e in timeline["edition"])
    provinces = tuple(Province(tuple(p["old"]), p["new"], p["since"], p["by"], p["source"]) for p in reorg["province"])
    d = reorg["district_level"]
    return Law(docs, core, editions, provinces, DistrictLevel(d["since"], d["successor"], d["successor_en"], d["source"]))


def plan_date(plan: Plan) -> dt.date | None:
    """The day the plan was issued: its document's date, else the date of the decision issuing it."""
    if plan.document.date is not None:
        return plan.document.date
    decision = getattr(plan, "decision", None)
    return decision.date if decision is not None else None


def window(plan: Plan) -> tuple[dt.date, dt.date]:
    """The days the plan may have been written on: its date, else its year (or period)."""
    date = plan_date(plan)
    if date is not None:
        return date, date
    first, last = years(plan)
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


def years(plan: Plan) -> tuple[int, int]:
    """The first and last year a plan covers (one year, or a programme's period)."""
    period = getattr(plan, "period", None)
    if period is not None:
        return period.start, period.end
    return plan.year, plan.year


def core_bases(first: dt.date, last: dt.date) -> list[CoreBasis]:
    """The core bases in force on some day of ``first``..``last``, oldest first."""
    return [c for c in law().core_basis if c.start <= last and (c.until is None or c.until >= first)]


def stale_edition(text: str, first: dt.date) -> Any:
    """The edition named in ``text`` that was no longer accepted from ``first`` on, as
    ``(edition, match)``, or None."""
    for ed in law().editions:
        if ed.accepted_until is None or ed.accepted_until >= first:
            continue
        m = ed.pattern.search(text)
        if m:
            return ed, m
    return None


def edition_named(text: str) -> Edition | None:
    """The standard ``text`` names ("TCVN ISO 18091:2020"), or None when it names none isoctl knows."""
    for ed in law().editions:
        if ed.pattern.search(text):
            return ed
    return None


@lru_cache(maxsize=1)
def _province_pattern() -> re.Pattern[str]:
    # longest first (so a name is not cut short by one it starts with), then by name: the same
    # pattern in every process (the set's order changes with the hash seed)
    names = sorted({n for p in law().provinces for n in p.old}, key=lambda n: (-len(n), n))
    alts = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    # a match starts with "tỉnh" or a name: the lookahead on their first letters lets the engine
    # skip to such a place (re finds no prefix in a pattern that opens with a lookbehind), 3x
    # faster on the 1,000 generated plans, the same matches
    firsts = "".join(sorted({re.escape(n[0]) for n in names} | {"t", "T"}))
    return _compile(rf"(?=[{firsts}])(?<!\w)(?:(?:tỉnh|Tỉnh|TỈNH)\s+)?({alts})(?!\w)")


_ALONE = ("Thừa Thiên",)  # the names that count without "tỉnh" before them


_STARTS = ("tỉnh", "Tỉnh", "TỈNH", *(n.split()[0] for n in _ALONE))


def _counting_starts(text: str) -> list[int]:
    """Where "tỉnh" or the first word of a name in :data:`_ALONE` is, in order (str.find: twice
    as fast as a pattern of the four)."""
    found = []
    for word in _STARTS:
        at = text.find(word)
        while at >= 0:
            found.append(at)
            at = text.find(word, at + len(word))
    return sorted(found)


def defunct_provinces(text: str, first: dt.date) -> list[tuple[re.Match[str], Province]]:
    """Provinces named in ``text`` that no longer existed on ``first``: "tỉnh Bắc Giang" after
    1/7/2025; a merged province's name counts only after "tỉnh" (it may still name a place),
    Thừa Thiên Huế counts alone."""
    pattern = _province_pattern()
    out: list[tuple[re.Match[str], Province]] = []
    end = 0
    # only where a match that counts starts ("tỉnh", or a name that counts alone): the pattern is
    # tried there, not at every capital letter (no name holds one of these words, so a match
    # that does not count never covers one)
    for start in _counting_starts(text):
        if start < end:
            continue
        m = pattern.match(text, start)
        if m is None:
            continue
        end = m.end()
        name = _compile(r"\s+").sub(" ", m.group(1))
        prov = next(p for p in law().provinces if name in p.old)
        if prov.since > first:
            continue
        if m.group(0) == m.group(1) and not name.startswith(_ALONE):
            continue
        out.append((m, prov))
    return out
