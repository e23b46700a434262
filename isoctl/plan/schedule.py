"""The schedule grammar ("Thời gian thực hiện"): parse it, print it back, move it a year.

A schedule is written the way Vietnamese plans write it, or as a YAML mapping; both give one
:class:`Schedule` value. Text forms (keywords are case-insensitive, input is NFC-normalised and
runs of whitespace count as one space):

- months (a month without a year is in the plan year): ``6/2024``, ``Tháng 6/2024``,
  ``Tháng 06``, ``Tháng 6 năm 2024``, ``7,8/2024``, ``Tháng 5, 6/2023``, ``7-9/2024``,
  ``Từ tháng 6 đến tháng 8/2024``, ``12/2023-2/2024``, ``Quý 3/2024``, ``Quý III/2024``;
- a day: ``2024-07-15``, ``15/7/2024``, ``ngày 15/7/2024``, ``ngày 15 tháng 7 năm 2024``;
- days: ``Từ ngày 15/7 đến 30/10``, ``15/7 - 30/10/2021`` (``first_day``/``last_day``, their
  months in ``months``), ``Trước ngày 15/6``, ``Chậm nhất ngày 30/11`` (``last_day``: due then);
- parts of a year: ``Tuần 2 tháng 3`` (``week``), ``Năm 2023``, ``Trong năm 2023``, ``Cả năm``,
  ``6 tháng đầu năm``, ``6 tháng cuối năm``, ``Đầu năm`` (quarter I), ``Cuối năm`` (quarter IV);
  ``Giai đoạn 2021-2030`` (``years``);
- ``Định kỳ`` alone (``periodic``), ``đột xuất`` (``adhoc``), ``Theo kế hoạch của …`` (``per``);
- recurrence: ``Hàng tháng``/``Hằng tháng`` (monthly), ``Hàng quý`` (quarterly),
  ``6 tháng một lần``, ``6 tháng/lần``, ``Định kỳ 6 tháng`` (half-yearly), ``Hàng năm``,
  ``Định kỳ hàng năm`` (yearly);
- continuous: ``Thường xuyên``;
- after: ``Sau công bố``, ``Sau khi công bố`` (``after_text="công bố"``),
  ``Sau khi hoàn thành cong-bo, khao-sat`` (``after=("cong-bo", "khao-sat")``);
- event: ``Khi có sự thay đổi về nhân sự`` (``event="sự thay đổi về nhân sự"``),
  ``Khi phát sinh khiếu nại`` (``event="phát sinh khiếu nại"``), ``Khi cần thiết``.

Parts combine with ``,``, ``;`` or ``và`` when the next part starts with a keyword
(``Thường xuyên, khi có …``, ``Hàng năm và khi có …``, ``Tháng 12/2023, Tháng 1/2024``).
``Khi …`` runs to the end of the text, so an event may contain commas. The phrase of ``Sau …``
runs up to the next separator followed by a keyword. ``Sau khi hoàn thành <ids>`` where every
id is a lowercase ASCII slug (the form :meth:`Schedule.format` writes for ``{after: …}``)
names tasks; any other phrase is kept as ``after_text``.

The event is the text after ``Khi có``; for ``Khi phát sinh …`` / ``Khi cần …`` (no ``có``) it
is the text after ``Khi`` (``"phát sinh …"``), and the canonical form prints ``Khi `` + event
for those and ``Khi có `` + event otherwise.

Mapping forms (keys :data:`MAPPING_KEYS`): ``{months: [7, 8], year: 2024}``, ``{month: 6}``,
``{date: 2024-07-15}``, ``{every: month|quarter|half-year|year}``, ``{continuous: true}``,
``{after: id}`` / ``{after: [ids]}``, ``{event: "…"}``, and combinations.

Anything else raises :class:`ScheduleError` with an offset into the text; ``unrecognised`` is
set when the grammar does not read the text at all (rather than a wrong month, day or year): the
model then keeps it as ``Schedule(unread=text)`` and rule S005 warns — never silently.
:data:`PHRASES` lists one example of every form (the table in ``docs/plan-format.md``). A parsed schedule remembers how it was written (:class:`Style`, not part of
equality), so :meth:`Schedule.format` prints it back exactly; a schedule built in code prints in
the canonical style (``Tháng 7, 8/2024``, ``15/7/2024``, ``Hàng quý``, ``Thường xuyên, khi có …``).

This module is pure standard library.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from isoctl.lazyre import compile as compile_pattern
from isoctl.lazyre import lazy
from isoctl.records import dataclass, field
from isoctl.records import replace as replace_record

__all__ = [
    "MAPPING_KEYS", "PHRASES", "RECURRENCES", "Day", "Month", "Schedule", "ScheduleError", "Style",
    "format_month_list", "nearest_form", "parse_schedule",
]

MIN_YEAR, MAX_YEAR = 1990, 2100
RECURRENCES: tuple[str, ...] = ("monthly", "quarterly", "half-yearly", "yearly")
KINDS: tuple[str, ...] = ("months", "day", "recurring", "continuous", "after", "event", "unread")
MAPPING_KEYS: tuple[str, ...] = ("months", "month", "year", "date", "every", "continuous", "after", "event")

_EVERY = {"month": "monthly", "quarter": "quarterly", "half-year": "half-yearly", "year": "yearly"}
_RECURRENCE_TEXT = {"monthly": "Hàng tháng", "quarterly": "Hàng quý",
                    "half-yearly": "6 tháng một lần", "yearly": "Hàng năm"}
_EVENT_VERBS = ("phát sinh", "cần")
_EXAMPLES_EN = "write e.g. 'Tháng 6/2024', 'Hàng quý', 'Thường xuyên', 'Sau công bố' or 'Khi có …'"
_EXAMPLES_VI = "viết ví dụ 'Tháng 6/2024', 'Hàng quý', 'Thường xuyên', 'Sau công bố' hoặc 'Khi có …'"
_ID = r"[a-z0-9][a-z0-9_.-]*"
_ID_RE = lazy(_ID)


class ScheduleError(ValueError):
    """A schedule that does not follow the grammar.

    ``offset`` is the 0-based character offset into the text as given (before normalisation)
    where the problem starts; ``key`` names the mapping key at fault for mapping forms.
    ``str(error)`` is the English message followed by the hint.
    """

    def __init__(self, message: str, message_vi: str, *, offset: int = 0, hint: str | None = None,
                 hint_vi: str | None = None, key: str | None = None, unrecognised: bool = False) -> None:
        super().__init__(message)
        self.unrecognised = unrecognised  # the grammar does not read the text (not a wrong month, day …)
        self.message = message
        self.message_vi = message_vi
        self.offset = offset
        self.hint = hint
        self.hint_vi = hint_vi
        self.key = key

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message

    def __reduce__(self) -> tuple[Any, ...]:  # picklable across worker processes
        return (_rebuild_error, (self.message, self.message_vi, self.offset, self.hint,
                                 self.hint_vi, self.key, self.unrecognised))


def _rebuild_error(message: str, message_vi: str, offset: int, hint: str | None,
                   hint_vi: str | None, key: str | None, unrecognised: bool = False) -> ScheduleError:
    return ScheduleError(message, message_vi, offset=offset, hint=hint, hint_vi=hint_vi, key=key,
                         unrecognised=unrecognised)


@dataclass(frozen=True)
class Month:
    """One calendar month; ``year=None`` means the plan year."""

    month: int
    year: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not 1–12")

    def shifted(self, years: int) -> Month:
        return self if self.year is None else Month(self.month, self.year + years)


@dataclass(frozen=True)
class Day:
    """A day of a month; ``year=None`` means the plan year (``15/7`` in "Từ 15/7 đến 30/10")."""

    day: int
    month: int
    year: int | None = None

    def on(self, plan_year: int) -> dt.date:
        return dt.date(self.year if self.year is not None else plan_year, self.month, self.day)

    def shifted(self, years: int) -> Day:
        return self if self.year is None else Day(self.day, self.month, self.year + years)

    def text(self) -> str:
        return f"{self.day}/{self.month}" + (f"/{self.year}" if self.year is not None else "")


def _month_key(m: Month) -> tuple[bool, int, int]:
    return (m.year is not None, m.year or 0, m.month)


@dataclass(frozen=True)
class Style:
    """How a schedule was written: literal text pieces and year numbers (``int``), plus the
    value it was written for (a style only applies while the value is unchanged)."""

    pieces: tuple[str | int, ...]
    value: tuple[Any, ...]

    def render(self) -> str:
        return "".join(str(p) for p in self.pieces)


@dataclass(frozen=True)
class Schedule:
    """When a task happens. Equality and hashing ignore :attr:`style`."""

    months: tuple[Month, ...] = ()
    day: dt.date | None = None
    recurrence: str | None = None
    continuous: bool = False
    after: tuple[str, ...] = ()
    after_text: str | None = None
    event: str | None = None
    first_day: Day | None = None  # "Từ 15/7 …": the first day of a range (its months are in ``months``)
    last_day: Day | None = None  # "… đến 30/10", "Trước ngày 15/6", "Chậm nhất ngày 30/11"
    week: int | None = None  # "Tuần 2 tháng 3": the week of the one month in ``months``
    years: tuple[int, int] | None = None  # "Giai đoạn 2021-2030"
    adhoc: bool = False  # "đột xuất"
    periodic: bool = False  # "Định kỳ" without saying how often
    per: str | None = None  # "Theo kế hoạch của UBND tỉnh": the text after "Theo"
    unread: str | None = None  # text the grammar does not read, kept as written
    style: Style | None = field(default=None, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        months = tuple(sorted(set(self.months), key=_month_key))
        object.__setattr__(self, "months", months)
        object.__setattr__(self, "after", tuple(dict.fromkeys(self.after)))
        if isinstance(self.day, dt.datetime):
            object.__setattr__(self, "day", self.day.date())
        if self.recurrence is not None and self.recurrence not in RECURRENCES:
            raise ValueError(f"recurrence {self.recurrence!r} is not one of {', '.join(RECURRENCES)}")

    def _value(self) -> tuple[Any, ...]:
        return (self.months, self.day, self.recurrence, self.continuous, self.after,
                self.after_text, self.event, self.first_day, self.last_day, self.week, self.years,
                self.adhoc, self.periodic, self.per, self.unread)

    def kinds(self) -> set[str]:
        """Which of :data:`KINDS` this schedule has."""
        present = {"months": bool(self.months), "day": self.day is not None or self.last_day is not None,
                   "recurring": self.recurrence is not None or self.periodic,
                   "continuous": self.continuous or self.years is not None,
                   "after": bool(self.after) or self.after_text is not None,
                   "event": self.event is not None or self.adhoc or self.per is not None,
                   "unread": self.unread is not None}
        return {k for k, v in present.items() if v}

    def resolve(self, plan_year: int) -> tuple[tuple[int, int], ...]:
        """The explicit ``(year, month)`` pairs (months and day), years filled in, sorted."""
        pairs = {(m.year if m.year is not None else plan_year, m.month) for m in self.months}
        if self.day is not None:
            pairs.add((self.day.year, self.day.month))
        if self.last_day is not None:
            pairs.add((self.last_day.year if self.last_day.year is not None else plan_year, self.last_day.month))
        return tuple(sorted(pairs))

    def format(self) -> str:
        """Vietnamese text: as written when parsed from text, else the canonical style."""
        if self.style is not None and self.style.value == self._value():
            return self.style.render()
        if self.unread is not None:
            return self.unread
        parts: list[str] = []
        if self.first_day is not None and self.last_day is not None:
            parts.append(f"Từ {self.first_day.text()} đến {self.last_day.text()}")
        elif self.last_day is not None:
            parts.append(f"Trước ngày {self.last_day.text()}")
        elif self.week is not None and len(self.months) == 1:
            m = self.months[0]
            parts.append(f"Tuần {self.week} tháng {m.month}" + (f"/{m.year}" if m.year is not None else ""))
        elif len(self.months) == 12 and len({m.year for m in self.months}) == 1:
            year = self.months[0].year
            parts.append(f"Năm {year}" if year is not None else "Cả năm")
        elif self.months:
            parts.append(format_month_list(self.months))
        if self.years is not None:
            parts.append(f"Giai đoạn {self.years[0]}-{self.years[1]}")
        if self.day is not None:
            parts.append(f"{self.day.day}/{self.day.month}/{self.day.year}")
        if self.recurrence is not None:
            parts.append(_RECURRENCE_TEXT[self.recurrence])
        if self.continuous:
            parts.append("Thường xuyên")
        if self.after:
            parts.append("Sau khi hoàn thành " + ", ".join(self.after))
        if self.after_text is not None:
            again = _rx(r"khi(?!\w)").match(self.after_text)  # parsing drops one leading "khi"
            parts.append(("Sau khi " if again else "Sau ") + self.after_text)
        if self.periodic:
            parts.append("Định kỳ")
        if self.adhoc:
            parts.append("Đột xuất")
        if self.event is not None:
            verb = any(self.event.startswith(v + " ") or self.event == v for v in _EVENT_VERBS)
            parts.append(("Khi " if verb else "Khi có ") + self.event)
        if self.per is not None:
            parts.append("Theo " + self.per)
        return ", ".join([parts[0], *(p[:1].lower() + p[1:] for p in parts[1:])]) if parts else ""

    __str__ = format

    def shifted(self, years: int) -> Schedule:
        """The same schedule with every explicit year moved by ``years``; the style is kept.

        29 February moves to 28 February (and then prints canonically)."""
        if years == 0:
            return self
        day, keep_style = self.day, self.style is not None
        if day is not None:
            try:
                day = day.replace(year=day.year + years)
            except ValueError:
                day, keep_style = day.replace(year=day.year + years, day=28), False
        moved = replace_record(
            self, months=tuple(m.shifted(years) for m in self.months), day=day, style=None,
            first_day=self.first_day.shifted(years) if self.first_day else None,
            last_day=self.last_day.shifted(years) if self.last_day else None,
            years=(self.years[0] + years, self.years[1] + years) if self.years else None)
        if keep_style and self.style is not None and self.style.value == self._value():
            pieces = tuple(p + years if isinstance(p, int) else p for p in self.style.pieces)
            moved = replace_record(moved, style=Style(pieces, moved._value()))
        return moved

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly normalised form with only the parts present."""
        out: dict[str, Any] = {}
        if self.months:
            out["months"] = [{"year": m.year, "month": m.month} for m in self.months]
        if self.day is not None:
            out["day"] = self.day.isoformat()
        if self.recurrence is not None:
            out["recurrence"] = self.recurrence
        if self.continuous:
            out["continuous"] = True
        if self.after:
            out["after"] = list(self.after)
        if self.after_text is not None:
            out["after_text"] = self.after_text
        if self.event is not None:
            out["event"] = self.event
        for name in ("first_day", "last_day"):
            d = getattr(self, name)
            if d is not None:
                out[name] = {"day": d.day, "month": d.month, "year": d.year}
        if self.week is not None:
            out["week"] = self.week
        if self.years is not None:
            out["years"] = list(self.years)
        if self.adhoc:
            out["adhoc"] = True
        if self.periodic:
            out["periodic"] = True
        if self.per is not None:
            out["per"] = self.per
        if self.unread is not None:
            out["unread"] = self.unread
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Schedule:
        """The inverse of :meth:`to_dict` (not the YAML mapping grammar)."""
        day = data.get("day")
        return cls(months=tuple(Month(m["month"], m.get("year")) for m in data.get("months", ())),
                   day=dt.date.fromisoformat(day) if day else None,
                   recurrence=data.get("recurrence"), continuous=bool(data.get("continuous")),
                   after=tuple(data.get("after", ())), after_text=data.get("after_text"),
                   event=data.get("event"),
                   first_day=Day(**data["first_day"]) if data.get("first_day") else None,
                   last_day=Day(**data["last_day"]) if data.get("last_day") else None,
                   week=data.get("week"), years=tuple(data["years"]) if data.get("years") else None,
                   adhoc=bool(data.get("adhoc")), periodic=bool(data.get("periodic")), per=data.get("per"),
                   unread=data.get("unread"))


def format_month_list(months: Iterable[Month]) -> str:
    """Canonical text of months: ``Tháng 7, 8/2024``, ``Tháng 12/2023, Tháng 1/2024``, ``Tháng 2``."""
    groups: list[tuple[int | None, list[int]]] = []
    for m in sorted(set(months), key=_month_key):
        if groups and groups[-1][0] == m.year:
            groups[-1][1].append(m.month)
        else:
            groups.append((m.year, [m.month]))
    return ", ".join("Tháng " + ", ".join(map(str, ms)) + (f"/{y}" if y is not None else "")
                     for y, ms in groups)


def parse_schedule(value: str | Mapping[str, Any] | dt.date | Schedule, *,
                   plan_year: int | None = None) -> Schedule:
    """Parse a schedule written as text, a mapping or a date.

    ``plan_year`` only makes hints concrete; it never changes the value (a month written
    without a year stays ``year=None``). Raises :class:`ScheduleError`.
    """
    if isinstance(value, Schedule):
        return value
    if isinstance(value, dt.date):
        return Schedule(day=value)
    if isinstance(value, str):
        return _Parser(value, plan_year).parse()
    if isinstance(value, Mapping):
        return _from_mapping(value, plan_year)
    bare = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 12
    raise ScheduleError(
        f"a schedule is text or a mapping, not {type(value).__name__} {value!r}",
        f"thời gian thực hiện phải là chuỗi hoặc ánh xạ, không phải {type(value).__name__} {value!r}",
        hint=f"write 'Tháng {value}'" if bare else _EXAMPLES_EN,
        hint_vi=f"viết 'Tháng {value}'" if bare else _EXAMPLES_VI)


# --- text -------------------------------------------------------------------------------------

def _days_in(year: int, month: int) -> int:
    import calendar  # imported when a plan names a day, not by every run

    return calendar.monthrange(year, month)[1]


@cache
def _rx(pattern: str) -> re.Pattern[str]:
    return compile_pattern(pattern, re.IGNORECASE)


_RANGE_SEP = r" ?(?:-|–|—|đến) ?(?:(?:tháng|quý) ?)?"
_YEAR = r"(?: ?/ ?| năm )(\d+)"
# a later part starts with one of these (used to end the phrase of "Sau …")
_KEYWORD = (r"(?:(?:khi|thường xuyên|hàng|hằng|định kỳ|sau|tháng|quý|ngày|từ|tuần|trước|chậm nhất|đột xuất"
            r"|theo|giai đoạn|cả năm|trong năm|năm|đầu năm|cuối năm)(?!\w)"
            r"|\d+ ?(?:/|-|tháng)|\d{4}-)")
_SEP = r" ?[,;] ?(?:và )?| và "
_RECURRING = (
    (r"(?:định kỳ )?(?:hàng|hằng) tháng(?!\w)", "monthly"),
    (r"(?:định kỳ )?(?:hàng|hằng) quý(?!\w)", "quarterly"),
    (r"(?:định kỳ )?(?:hàng|hằng) năm(?!\w)", "yearly"),
    (r"(?:định kỳ )?0?6 tháng(?: ?/ ?lần| (?:một|1) lần)(?!\w)", "half-yearly"),
    (r"định kỳ 0?6 tháng(?!\w)", "half-yearly"),
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# The patterns of the parts below, by name: the parser matches them on the normalised text
# (case-insensitively), and :mod:`isoctl.plan.schedule_pattern` turns the same patterns into the
# JSON Schema's pattern of the text as written.
_EVENT = r"khi(?!\w)"
_EVENT_HAS = r" có (.+)"
_EVENT_VERB = r" ((?:phát sinh|cần)(?!\w).*)"
_EVENT_NONE = r"(?: có)?$"
_PER = r"theo (.+)"
_ALONE = r"(?= ?[,;]| và |$)"  # a word that is a part by itself: the next part or the end follows
_PERIODIC = r"định kỳ" + _ALONE
_ADHOC = r"đột xuất" + _ALONE
_CONTINUOUS = r"thường xuyên(?!\w)"
_AFTER = r"sau(?!\w)"
_AFTER_IDS = rf" khi hoàn thành ((?-i:{_ID}(?: ?, ?{_ID})*))(?=(?:{_SEP})|$)"
_AFTER_END = rf"(?:{_SEP})(?={_KEYWORD})"
_AFTER_KHI = r"khi (.+)"
_SPAN = (r"(?:từ )?(?:ngày )?(\d{1,2}) ?/ ?(\d{1,2})(?: ?/ ?(\d+))? ?(?:-|–|—|đến) ?(?:ngày )?"
         r"(\d{1,2}) ?/ ?(\d{1,2})(?: ?/ ?(\d+))?(?![\w/])")
_DEADLINE = (r"(?:hoàn thành )?(?:trước|chậm nhất(?: là)?|hạn chót)(?: ngày)? (\d{1,2}) ?/ ?(\d{1,2})"
             r"(?: ?/ ?(\d+))?(?![\w/])")
_WEEK = r"tuần (\d) (?:của )?tháng (\d{1,2})(?:" + _YEAR + r")?(?!\w)"
_HALF = r"(?:(?:0?6|sáu) tháng )?(đầu|cuối) năm(?: (\d{4}))?(?!\w)"
_WHOLE_YEAR = r"(?:(?:trong )?năm (\d+)|cả năm|trong năm)(?![\w/])"
_PERIOD = r"giai đoạn (\d+) ?(?:-|–|—|đến) ?(\d+)(?!\w)"
_DAY_ISO = r"(\d{4})-(\d{1,2})-(\d{1,2})(?![\w/-])"
_DAY_SLASH = r"(?:ngày )?(\d+) ?/ ?(\d+) ?/ ?(\d+)(?![\w/-])"
_DAY_WORDS = r"ngày (\d+) tháng (\d+) năm (\d+)(?!\w)"
_MONTHS_WORD = r"(?:từ )?(tháng|quý) ?"
_MONTHS_BARE = r"\d+ ?(?:[,/]|-|–|—|đến |năm )"  # how months written without "Tháng" start
_MONTH = r"(\d+)"
_QUARTER = r"(\d+)|(iv|i{1,3})(?!\w)"
_COMMA = r" ?, ?"
# the next number belongs to this part unless it starts a day or "6 tháng một lần"
_FOLLOW_MONTH = r"(?=\d)"
_FOLLOW_QUARTER = r"(?=\d|iv(?!\w)|i)"
_FOLLOW_NOT = r"(?!\d+ ?/ ?\d+ ?/|\d+ tháng|\d{4}-)"
_BARE_MONTH = r"(\d{1,2})$"  # "6" where a part goes: a month missing its word


def _normalise(text: str) -> tuple[str, list[int]]:
    """NFC, strip, collapse whitespace; and for each output char its offset in ``text``
    (plus one final entry: the end of the last kept character)."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        for k, ch in enumerate(unicodedata.normalize("NFC", text[i:j])):
            chars.append(ch)
            starts.append(min(i + k, j - 1) if k else i)
            ends.append(j)
        i = j
    if "".join(chars) != unicodedata.normalize("NFC", text):  # exotic scripts: approximate
        chars = list(unicodedata.normalize("NFC", text))
        starts = [min(k, n) for k in range(len(chars))]
        ends = [min(k + 1, n) for k in range(len(chars))]
    out: list[str] = []
    index: list[int] = []
    end = 0
    for ch, start, stop in zip(chars, starts, ends, strict=True):
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                index.append(start)
            continue
        out.append(ch)
        index.append(start)
        end = stop
    if out and out[-1] == " ":
        out.pop()
        index.pop()
    index.append(end)
    return "".join(out), index


def _quote(text: str, limit: int = 60) -> str:
    return "'" + (text if len(text) <= limit else text[:limit - 1].rstrip() + "…") + "'"


class _Parser:
    """Recursive descent over the normalised text; errors carry offsets into the original."""

    def __init__(self, text: str, plan_year: int | None) -> None:
        self.s, self.index = _normalise(text)
        self.plan_year = plan_year
        self.pos = 0
        self.years: list[tuple[int, int, int]] = []  # (start, end, year) as written
        self.months: set[Month] = set()
        self.day: dt.date | None = None
        self.recurrence: str | None = None
        self.continuous = False
        self.after: tuple[str, ...] = ()
        self.after_text: str | None = None
        self.event: str | None = None
        self.first_day: Day | None = None
        self.last_day: Day | None = None
        self.week: int | None = None
        self.period: tuple[int, int] | None = None
        self.adhoc = False
        self.periodic = False
        self.per: str | None = None

    # helpers
    def look(self, pattern: str, pos: int | None = None) -> re.Match[str] | None:
        return _rx(pattern).match(self.s, self.pos if pos is None else pos)

    def take(self, pattern: str) -> re.Match[str] | None:
        m = self.look(pattern)
        if m:
            self.pos = m.end()
        return m

    def error(self, pos: int, en: str, vi: str, hint: str | None = None,
              hint_vi: str | None = None) -> ScheduleError:
        return ScheduleError(en, vi, offset=self.index[min(pos, len(self.index) - 1)],
                             hint=hint, hint_vi=hint_vi)

    def unrecognised(self, pos: int) -> ScheduleError:
        if self.s[pos:pos + 1] == " ":
            pos += 1
        whole, rest = _quote(self.s), _quote(self.s[pos:])
        bare = self.look(_BARE_MONTH, pos)
        hint, hint_vi = _EXAMPLES_EN, _EXAMPLES_VI
        if bare and 1 <= int(bare.group(1)) <= 12:  # "6": a month without "Tháng"
            month, year = int(bare.group(1)), self.plan_year or 2024
            hint = f"write 'Tháng {month}' or '{month}/{year}'"
            hint_vi = f"viết 'Tháng {month}' hoặc '{month}/{year}'"
        if pos == 0:
            err = self.error(pos, f"unrecognised schedule {whole}",
                             f"không hiểu thời gian thực hiện {whole}", hint, hint_vi)
        else:
            err = self.error(pos, f"unrecognised {rest} in schedule {whole}",
                             f"không hiểu {rest} trong thời gian thực hiện {whole}", hint, hint_vi)
        err.unrecognised = not (bare and 1 <= int(bare.group(1)) <= 12)  # "6" is a month missing its word
        return err

    def once(self, current: object, pos: int, what: str, what_vi: str) -> None:
        if current not in (None, False, ()):
            raise self.error(pos, f"more than one {what} in {_quote(self.s)}",
                             f"{_quote(self.s)} có nhiều hơn một {what_vi}",
                             "write it once", "chỉ viết một lần")

    # grammar
    def parse(self) -> Schedule:
        if not self.s:
            raise self.error(0, "empty schedule", "thời gian thực hiện để trống",
                             _EXAMPLES_EN, _EXAMPLES_VI)
        parts = (self.event_part, self.per_part, self.continuous_part, self.recurring_part,
                 self.periodic_part, self.adhoc_part, self.after_part, self.span_part, self.deadline_part,
                 self.week_part, self.half_part, self.year_part, self.period_part, self.day_part,
                 self.months_part)
        while True:
            if not any(part() for part in parts):
                raise self.unrecognised(self.pos)
            if self.pos == len(self.s):
                break
            sep = self.take(_SEP)
            if not sep:
                raise self.unrecognised(self.pos)
            if self.pos == len(self.s):
                mark = sep.group().strip()
                raise self.error(sep.start(), f"schedule {_quote(self.s)} ends with '{mark}'",
                                 f"thời gian thực hiện {_quote(self.s)} kết thúc bằng '{mark}'",
                                 "remove it or add the next part", "bỏ dấu đó hoặc viết tiếp")
        schedule = Schedule(months=tuple(self.months), day=self.day, recurrence=self.recurrence,
                            continuous=self.continuous, after=self.after,
                            after_text=self.after_text, event=self.event, first_day=self.first_day,
                            last_day=self.last_day, week=self.week, years=self.period, adhoc=self.adhoc,
                            periodic=self.periodic, per=self.per)
        pieces: list[str | int] = []
        last = 0
        for start, end, year in sorted(self.years):
            pieces += [self.s[last:start], year]
            last = end
        pieces.append(self.s[last:])
        style = Style(tuple(p for p in pieces if p != ""), schedule._value())
        return replace_record(schedule, style=style)

    def event_part(self) -> bool:
        start = self.pos
        if not self.take(_EVENT):
            return False
        if m := self.take(_EVENT_HAS):
            event = m.group(1)
        elif m := self.take(_EVENT_VERB):
            event = m.group(1)
        elif self.look(_EVENT_NONE):
            raise self.error(start, f"{_quote(self.s)} does not say which event",
                             f"{_quote(self.s)} chưa nói rõ khi có sự việc gì",
                             "e.g. 'Khi có sự thay đổi về nhân sự'",
                             "ví dụ 'Khi có sự thay đổi về nhân sự'")
        else:
            self.pos = start
            return False
        if event.lower() == "phát sinh":
            raise self.error(start, f"{_quote(self.s)} does not say what arises",
                             f"{_quote(self.s)} chưa nói rõ phát sinh việc gì",
                             "e.g. 'Khi phát sinh khiếu nại'", "ví dụ 'Khi phát sinh khiếu nại'")
        self.event = event
        return True

    def per_part(self) -> bool:
        m = self.take(_PER)
        if m:
            self.per = m.group(1)
        return m is not None

    def periodic_part(self) -> bool:
        start = self.pos
        if not self.take(_PERIODIC):
            return False
        self.once(self.recurrence or self.periodic, start, "recurrence", "chu kỳ lặp lại")
        self.periodic = True
        return True

    def adhoc_part(self) -> bool:
        start = self.pos
        if not self.take(_ADHOC):
            return False
        self.once(self.adhoc, start, "'đột xuất'", "'đột xuất'")
        self.adhoc = True
        return True

    def a_day(self, m: re.Match[str], d: int, mo: int, y: int) -> Day:
        """The day written in groups ``d``/``mo``/``y`` (the year may be absent)."""
        year = None
        if m.group(y) is not None:
            year, field_ = self.year(m, y)
            self.years.append(field_)
        month = self.check_month(int(m.group(mo)), m.start(mo))
        day = int(m.group(d))
        last = _days_in(year or 2024, month)  # 29/2 without a year is allowed
        if not 1 <= day <= last:
            raise self.error(m.start(d), f"day {day} in {_quote(self.s)}: month {month} has {last} days",
                             f"ngày {day} không tồn tại trong {_quote(self.s)}: tháng {month} có {last} ngày",
                             "check the date", "kiểm tra lại ngày")
        return Day(day, month, year)

    def span_part(self) -> bool:
        """``Từ ngày 15/7 đến 30/10``, ``Từ 15/7 đến 30/10/2021``, ``15/7 - 30/10/2021``."""
        start = self.pos
        m = self.take(_SPAN)
        if not m:
            return False
        first, last = self.a_day(m, 1, 2, 3), self.a_day(m, 4, 5, 6)
        if first.year is None and last.year is not None:
            first = Day(first.day, first.month, last.year - ((first.month, first.day) > (last.month, last.day)))
        if first.year is not None and last.year is None:
            last = Day(last.day, last.month, first.year)
        if (first.year or 0, first.month, first.day) > (last.year or 0, last.month, last.day):
            raise self.descending(m.start())
        self.once(self.last_day, start, "range of days", "khoảng ngày")
        self.first_day, self.last_day = first, last
        y, k = (first.year, first.month)
        end = (last.year, last.month)
        while True:
            self.months.add(Month(k, y))
            if (y, k) == end or (y is None and k == end[1]):
                break
            y, k = (y + 1 if y is not None else None, 1) if k == 12 else (y, k + 1)
        return True

    def deadline_part(self) -> bool:
        """``Trước ngày 15/6``, ``Chậm nhất ngày 30/11``, ``Trước 15/6/2024``."""
        start = self.pos
        m = self.take(_DEADLINE)
        if not m:
            return False
        self.once(self.last_day, start, "deadline", "thời hạn")
        self.last_day = self.a_day(m, 1, 2, 3)
        return True

    def week_part(self) -> bool:
        """``Tuần 2 tháng 3``, ``Tuần 2 tháng 3/2024``."""
        m = self.take(_WEEK)
        if not m:
            return False
        week = int(m.group(1))
        if not 1 <= week <= 5:
            raise self.error(m.start(1), f"week {week} in {_quote(self.s)}", f"tuần {week} không có trong {_quote(self.s)}",
                             "a month has weeks 1 to 5", "một tháng có các tuần 1 đến 5")
        year = None
        if m.group(3) is not None:
            year, field_ = self.year(m, 3)
            self.years.append(field_)
        self.once(self.week, m.start(), "week", "tuần")
        self.week = week
        self.months.add(Month(self.check_month(int(m.group(2)), m.start(2)), year))
        return True

    def half_part(self) -> bool:
        """``6 tháng đầu năm``, ``6 tháng cuối năm``, ``Đầu năm``, ``Cuối năm`` (drawn as quarter
        I / IV), each optionally followed by the year."""
        m = self.take(_HALF)
        if not m:
            return False
        half = m.group(0).lower()[0] in "06s"
        first, last = ((1, 6) if half else (1, 3)) if m.group(1).lower() == "đầu" else ((7, 12) if half else (10, 12))
        year = None
        if m.group(2) is not None:
            year, field_ = self.year(m, 2)
            self.years.append(field_)
        self.months.update(Month(k, year) for k in range(first, last + 1))
        return True

    def year_part(self) -> bool:
        """``Năm 2023``, ``Trong năm 2023``, ``Cả năm``, ``Trong năm``: every month of the year."""
        m = self.take(_WHOLE_YEAR)
        if not m:
            return False
        year = None
        if m.group(1) is not None:
            year, field_ = self.year(m, 1)
            self.years.append(field_)
        self.months.update(Month(k, year) for k in range(1, 13))
        return True

    def period_part(self) -> bool:
        """``Giai đoạn 2021-2030``, ``Giai đoạn 2021 - 2025``."""
        m = self.take(_PERIOD)
        if not m:
            return False
        first, f1 = self.year(m, 1)
        last, f2 = self.year(m, 2)
        if last < first:
            raise self.descending(m.start())
        self.once(self.period, m.start(), "period", "giai đoạn")
        self.period = (first, last)
        self.years += [f1, f2]
        return True

    def continuous_part(self) -> bool:
        start = self.pos
        if not self.take(_CONTINUOUS):
            return False
        self.once(self.continuous, start, "'Thường xuyên'", "'Thường xuyên'")
        self.continuous = True
        return True

    def recurring_part(self) -> bool:
        start = self.pos
        for pattern, recurrence in _RECURRING:
            if self.take(pattern):
                self.once(self.recurrence, start, "recurrence", "chu kỳ lặp lại")
                self.recurrence = recurrence
                return True
        return False

    def after_part(self) -> bool:
        start = self.pos
        if not self.take(_AFTER):
            return False
        ids = self.take(_AFTER_IDS)
        if ids:
            self.once(self.after, start, "'Sau khi hoàn thành …'", "'Sau khi hoàn thành …'")
            self.after = tuple(i.strip() for i in ids.group(1).split(","))
            return True
        self.once(self.after_text, start, "'Sau …'", "'Sau …'")
        if not self.take(" "):
            raise self.error(start, f"{_quote(self.s)} does not say what the task follows",
                             f"{_quote(self.s)} chưa nói rõ sau việc gì",
                             "e.g. 'Sau công bố' or {after: <task id>}",
                             "ví dụ 'Sau công bố' hoặc {after: <mã nhiệm vụ>}")
        end = _rx(_AFTER_END).search(self.s, self.pos)
        stop = end.start() if end else len(self.s)
        phrase = self.s[self.pos:stop]
        if m := _rx(_AFTER_KHI).fullmatch(phrase):
            phrase = m.group(1)
        elif phrase.lower() == "khi":
            phrase = ""
        if not phrase:
            raise self.error(start, f"{_quote(self.s)} does not say what the task follows",
                             f"{_quote(self.s)} chưa nói rõ sau việc gì",
                             "e.g. 'Sau công bố'", "ví dụ 'Sau công bố'")
        self.after_text = phrase
        self.pos = stop
        return True

    def year(self, m: re.Match[str], group: int) -> tuple[int, tuple[int, int, int]]:
        """Check the year written in ``m.group(group)``; return it and its style field."""
        digits, pos = m.group(group), m.start(group)
        context = _quote(self.s)
        if len(digits) != 4:
            full = (2000 + int(digits) if len(digits) == 2 else self.plan_year) or 2024
            example = _quote(self.s[:pos] + str(full) + self.s[m.end(group):])
            hint, hint_vi = f"write e.g. {example}", f"viết ví dụ {example}"
            before = re.search(r"(\d+) ?/ ?$", self.s[:pos])
            after = self.look(r" ?/ ?(\d{4})", m.end(group))
            if before and after:  # "Tháng 7/8/2024": two months or a day?
                a, b, y = before.group(1), digits, after.group(1)
                hint = f"write two months as 'Tháng {a}, {b}/{y}' and a day as '{a}/{b}/{y}'"
                hint_vi = f"hai tháng viết 'Tháng {a}, {b}/{y}', một ngày viết '{a}/{b}/{y}'"
            raise self.error(pos, f"year '{digits}' in {context} must have 4 digits",
                             f"năm '{digits}' trong {context} phải viết đủ 4 chữ số", hint, hint_vi)
        year = int(digits)
        if not MIN_YEAR <= year <= MAX_YEAR:
            known = self.plan_year is not None
            raise self.error(pos, f"year {year} in {context} is outside {MIN_YEAR}–{MAX_YEAR}",
                             f"năm {year} trong {context} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}",
                             f"the plan year is {self.plan_year}" if known else "check the year",
                             f"năm của kế hoạch là {self.plan_year}" if known else "kiểm tra lại năm")
        return year, (pos, m.end(group), year)

    def check_month(self, month: int, pos: int) -> int:
        if not 1 <= month <= 12:
            late = month >= 1000  # "2024-07": a year where the month goes
            raise self.error(pos, f"month {month} in {_quote(self.s)}",
                             f"tháng {month} không tồn tại trong {_quote(self.s)}",
                             "months run from 1 to 12" + (", and the year goes last: '7/2024'" if late else ""),
                             "tháng chỉ từ 1 đến 12" + (", năm viết sau tháng: '7/2024'" if late else ""))
        return month

    def day_part(self) -> bool:
        start = self.pos
        if m := self.take(_DAY_ISO):
            y, d = 1, 3
        elif m := (self.take(_DAY_SLASH)
                   or self.take(_DAY_WORDS)):
            y, d = 3, 1
        else:
            return False
        year, field_ = self.year(m, y)
        month = self.check_month(int(m.group(2)), m.start(2))
        day = int(m.group(d))
        last = _days_in(year, month)
        if not 1 <= day <= last:
            raise self.error(m.start(d), f"day {day} in {_quote(self.s)}: {month}/{year} has {last} days",
                             f"ngày {day} không tồn tại trong {_quote(self.s)}: tháng {month}/{year} có {last} ngày",
                             "check the date", "kiểm tra lại ngày")
        self.once(self.day, start, "day", "ngày")
        self.day = dt.date(year, month, day)
        self.years.append(field_)
        return True

    def number(self, quarter: bool) -> tuple[int, int] | None:
        """A month number (or a quarter, digits or I–IV) at the cursor: (value, start)."""
        start = self.pos
        m = self.take(_QUARTER if quarter else _MONTH)
        if not m:
            return None
        value = int(m.group(1)) if m.group(1) else _ROMAN[m.group(2).lower()]
        if quarter and not 1 <= value <= 4:
            raise self.error(start, f"quarter {value} in {_quote(self.s)}",
                             f"quý {value} không tồn tại trong {_quote(self.s)}",
                             "quarters run from I to IV (1 to 4)", "quý chỉ từ I đến IV (1 đến 4)")
        if not quarter:
            self.check_month(value, start)
        return value, start

    def months_part(self) -> bool:
        start = self.pos
        prefix = self.take(_MONTHS_WORD)
        quarter = prefix is not None and prefix.group(1).lower() == "quý"
        if prefix is None and not self.look(_MONTHS_BARE):
            return False

        def span(value: int) -> tuple[int, int]:
            return (3 * value - 2, 3 * value) if quarter else (value, value)

        following = (_FOLLOW_QUARTER if quarter else _FOLLOW_MONTH) + _FOLLOW_NOT
        items: list[tuple[int, int, int]] = []  # (first month, last month, offset)
        ranged = False
        while True:
            a = self.number(quarter)
            if a is None:
                self.pos = start
                return False
            b, save = a, self.pos
            if self.take(_RANGE_SEP + following):
                b = self.number(quarter) or a
                if b is a:
                    self.pos = save
                ranged = True
                if b[0] < a[0]:
                    raise self.descending(a[1], None if quarter else f"{b[0]}-{a[0]}")
            items.append((span(a[0])[0], span(b[0])[1], a[1]))
            if not self.take(_COMMA + following):
                break
        year_m = self.take(_YEAR)
        if year_m is None:
            if prefix is None:  # a bare number is not a month
                self.pos = start
                return False
            self.months.update(Month(k) for first, last, _ in items for k in range(first, last + 1))
            return True
        year, year_field = self.year(year_m, 1)
        begin, end = (year, items[0][0]), (year, items[-1][1])
        fields = [year_field]
        save = self.pos
        if len(items) == 1 and not ranged and self.take(_RANGE_SEP + following):
            # both ends with a year: 12/2023-2/2024, Quý IV/2023 - Quý I/2024
            b = self.number(quarter)
            end_m = self.take(_YEAR) if b else None
            if b is None or end_m is None:
                self.pos = save
            else:
                end_year, end_field = self.year(end_m, 1)
                end = (end_year, span(b[0])[1])
                if end < begin:
                    raise self.descending(items[0][2])
                fields.append(end_field)
                items = []
        if items:
            self.months.update(Month(k, year) for first, last, _ in items for k in range(first, last + 1))
        else:
            y, k = begin
            while (y, k) <= end:
                self.months.add(Month(k, y))
                y, k = (y + 1, 1) if k == 12 else (y, k + 1)
        self.years += fields
        return True

    def descending(self, pos: int, fixed: str | None = None) -> ScheduleError:
        written = _quote(self.s[pos:self.pos])
        example = f" ('{fixed}')" if fixed else ""
        return self.error(pos, f"descending range {written} in {_quote(self.s)}",
                          f"khoảng {written} trong {_quote(self.s)} bị ngược",
                          f"write the earlier month first{example}; across the new year give both "
                          "years, e.g. '12/2023-2/2024'",
                          f"viết tháng trước lên trước{example}; qua năm mới ghi rõ cả hai năm, "
                          "ví dụ '12/2023-2/2024'")


# --- the accepted phrases ---------------------------------------------------------------------

# Every form the grammar reads, one example each, with what it means. tests/plan/test_schedule_phrases.py
# parses each to its expected value and writes the table in docs/plan-format.md from this list;
# :func:`nearest_form` offers the closest one for text the grammar does not read.
PHRASES: tuple[tuple[str, str], ...] = (
    ("Tháng 6/2024", "that month"),
    ("Tháng 06", "that month of the plan year"),
    ("6/2024", "that month"),
    ("Tháng 6 năm 2024", "that month"),
    ("7,8/2024", "those months"),
    ("Tháng 5, 6/2023", "those months"),
    ("7-9/2024", "July to September"),
    ("Từ tháng 6 đến tháng 8/2024", "June to August"),
    ("12/2023-2/2024", "December to February, across the new year"),
    ("Quý 3/2024", "the months of the third quarter"),
    ("Quý III/2024", "the months of the third quarter"),
    ("Quý I, II", "the first two quarters of the plan year"),
    ("2024-07-15", "a day"),
    ("15/7/2024", "a day"),
    ("Ngày 15 tháng 7 năm 2024", "a day"),
    ("Từ ngày 15/7 đến 30/10", "from one day to another, in the plan year (drawn on their months)"),
    ("Từ 15/7 đến 30/10/2021", "from one day to another"),
    ("15/7 - 30/10/2021", "from one day to another"),
    ("Trước ngày 15/6", "by that day (due then)"),
    ("Chậm nhất ngày 30/11", "by that day (due then)"),
    ("Tuần 2 tháng 3", "the second week of March"),
    ("Năm 2023", "every month of that year"),
    ("Trong năm 2023", "every month of that year"),
    ("Cả năm", "every month of the plan year"),
    ("6 tháng đầu năm", "January to June"),
    ("6 tháng cuối năm", "July to December"),
    ("Đầu năm", "the start of the year (drawn as quarter I)"),
    ("Cuối năm", "the end of the year (drawn as quarter IV)"),
    ("Hàng tháng", "monthly"),
    ("Hằng tháng", "monthly"),
    ("Hàng quý", "quarterly"),
    ("6 tháng một lần", "half-yearly"),
    ("6 tháng/lần", "half-yearly"),
    ("Định kỳ 6 tháng", "half-yearly"),
    ("Hàng năm", "yearly"),
    ("Định kỳ hàng năm", "yearly"),
    ("Định kỳ", "periodically, how often not said"),
    ("Đột xuất", "when needed, unscheduled"),
    ("Hàng quý, đột xuất", "quarterly, and when needed"),
    ("Định kỳ, đột xuất", "periodically, and when needed"),
    ("Thường xuyên", "continuous through the year"),
    ("Giai đoạn 2021-2030", "through a programme's years"),
    ("Sau công bố", "after another task (the phrase kept)"),
    ("Sau khi hoàn thành cong-bo", "after the task with that id"),
    ("Khi có sự thay đổi về nhân sự", "on an event (its text kept)"),
    ("Khi phát sinh khiếu nại", "on an event (its text kept)"),
    ("Theo kế hoạch của UBND tỉnh", "when another body's plan says (its text kept)"),
    ("Thường xuyên, khi có sự thay đổi về nhân sự", "combinations, joined by ',', ';' or 'và'"),
)


def nearest_form(text: str) -> str:
    """The accepted phrase closest to ``text`` (for a hint on text the grammar does not read)."""
    low = unicodedata.normalize("NFC", " ".join(text.split())).lower()
    words = set(re.findall(r"\w+", low))

    import difflib

    def score(phrase: str) -> tuple[int, float]:
        p = phrase.lower()
        return len(words & set(re.findall(r"\w+", p))), difflib.SequenceMatcher(None, low, p).ratio()

    return max((p for p, _ in PHRASES), key=score)


# --- mappings ---------------------------------------------------------------------------------

def _bad(key: str, expected: str, expected_vi: str, value: object,
         hint: str | None = None, hint_vi: str | None = None) -> ScheduleError:
    return ScheduleError(f"'{key}' must be {expected}, not {value!r}",
                         f"'{key}' phải là {expected_vi}, không phải {value!r}",
                         hint=hint, hint_vi=hint_vi, key=key)


def _int(value: object) -> bool:
    """A whole number: an int, or a float with no fraction (JSON Schema's ``integer`` takes 7.0)."""
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)


# combining marks NFC treats alike (U+0341 and U+0340 are canonically the acute and grave accents)
_SAME_MARK = {"\u0301": "\u0301\u0341", "\u0300": "\u0300\u0340"}


def _letters(word: str) -> str:
    """``word`` as a regular expression that ignores case and takes an accented letter written
    precomposed or as a base letter and its combining mark (one letter after NFC), in the syntax
    both Python and JavaScript read (no flags, no ``\\s``/``\\w``)."""
    out = []
    for ch in word:
        parts = unicodedata.normalize("NFD", ch)
        if len(parts) == 2:
            base, mark = parts
            out.append(f"(?:[{ch}{ch.upper()}]|[{base}{base.upper()}][{_SAME_MARK.get(mark, mark)}])")
        elif ch == "k":
            out.append("[kK\u212a]")  # Python's case-insensitive 'k' takes the Kelvin sign
        elif ch.isalpha():
            out.append(f"[{ch}{ch.upper()}]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


_END = "(?![\\s\\S])"  # the end of the text in Python and JavaScript alike ($ takes a final newline in Python)


def _says_nothing(space: str) -> str:
    """Text that is blank, or names no event ("Khi", "Khi có", "Khi (có) phát sinh"), in any case,
    spacing and Unicode form: refused as a schedule text and as a mapping's ``event``."""
    gap = f"{space}+"
    arises = f"{gap}{_letters('phát')}{gap}{_letters('sinh')}"
    return f"^{space}*(?:{_letters('khi')}(?:{gap}{_letters('có')}(?:{arises})?|{arises})?)?{space}*{_END}"


def text_schema(space: str, description: str, refused: tuple[str, ...] = ()) -> dict[str, Any]:
    """The JSON Schema of a schedule written as text. Text the grammar does not read is kept as
    written (rule S005 warns), so a schema cannot refuse words it does not know; it refuses what
    ``validate`` refuses: nothing but white space or an event that names none
    (:func:`_says_nothing`), a month number alone ("7", "07": written 'Tháng 7'), in any spacing and
    Unicode form; and what the patterns ``refused`` match (those of
    :func:`isoctl.plan.schedule_pattern.refusal`: a wrong number, a descending range, a trailing
    separator … after the parts the grammar reads well)."""
    bare_month = f"^{space}*(?:0?[1-9]|1[0-2]){space}*{_END}"
    patterns = [_says_nothing(space), bare_month, *refused]
    return {"type": "string", "description": description,
            "not": {"anyOf": [{"pattern": p} for p in patterns]}}


def mapping_schema(space: str, digit: str) -> dict[str, Any]:
    """The JSON Schema of a schedule mapping: what :func:`_from_mapping` takes (``space`` and
    ``digit``: what :func:`_normalise` collapses and what the grammar's ``\\d`` takes, as
    regular-expression classes). Wider than it in one place: a ``date`` written as text is taken
    in each form the grammar reads without checking its numbers (a year of four digits in
    range, a day the month has); the plan schema narrows it where the text is of
    ``schedule_pattern.ALPHABET`` (:func:`isoctl.plan.schedule_pattern.day_refusal`)."""
    end = _END
    null = {"type": "null"}
    month = {"type": "integer", "minimum": 1, "maximum": 12}
    months = {"anyOf": [month, {"type": "array", "items": month, "minItems": 1}, null]}
    task = {"type": "string", "pattern": f"^{_ID}{end}"}
    gap = f"{space}+"
    blank_or_bare = _says_nothing(space)
    d, sp = f"{digit}+", f"{space}*"
    day_forms = (f"^{sp}(?:{d}-{d}-{d}|(?:{_letters('ngày')}{gap})?{d}{sp}/{sp}{d}{sp}/{sp}{d}"
                 f"|{_letters('ngày')}{gap}{d}{gap}{_letters('tháng')}{gap}{d}{gap}{_letters('năm')}{gap}{d}){sp}{end}")
    properties = {
        "months": months,
        "month": months,
        "year": {"anyOf": [{"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}, null]},
        "date": {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "pattern": day_forms}, null]},
        "every": {"anyOf": [{"enum": list(_EVERY)}, null]},
        "continuous": {"type": "boolean"},
        "after": {"anyOf": [task, {"type": "array", "items": task, "minItems": 1}, null]},
        "event": {"anyOf": [{"type": "string", "not": {"pattern": blank_or_bare}}, null]},
    }
    says_nothing = {"properties": {key: ({"const": False} if key == "continuous" else null) for key in MAPPING_KEYS}}
    given = {key: {"required": [key], "properties": {key: {"not": null}}} for key in ("month", "months")}
    return {
        "type": "object", "additionalProperties": False, "properties": properties,
        "not": {"anyOf": [{"required": ["month", "months"]}, says_nothing]},
        "if": {"required": ["year"], "properties": {"year": {"type": "integer"}}},
        "then": {"anyOf": [given["months"], given["month"]]},
        "description": "{months: [7, 8], year: 2024}, {month: 6}, {date: 2024-07-15}, {every: quarter}, "
                       "{continuous: true}, {after: id}, {event: '…'}, or a combination",
    }


def _from_mapping(data: Mapping[str, Any], plan_year: int | None) -> Schedule:
    if not data:
        raise ScheduleError("empty schedule mapping", "thời gian thực hiện để trống",
                            hint="e.g. {months: [7, 8], year: 2024} or 'Tháng 7, 8/2024'",
                            hint_vi="ví dụ {months: [7, 8], year: 2024} hoặc 'Tháng 7, 8/2024'")
    for key in data:
        if key not in MAPPING_KEYS:
            import difflib

            close = difflib.get_close_matches(str(key), MAPPING_KEYS, n=1, cutoff=0.6)
            raise ScheduleError(
                f"unknown key '{key}' in a schedule", f"khóa '{key}' không hợp lệ trong thời gian thực hiện",
                hint=f"did you mean '{close[0]}'?" if close else f"allowed: {', '.join(MAPPING_KEYS)}",
                hint_vi=(f"có phải ý bạn là '{close[0]}'?" if close
                         else f"các khóa hợp lệ: {', '.join(MAPPING_KEYS)}"),
                key=str(key))
    if "month" in data and "months" in data:
        raise ScheduleError("use either 'month' or 'months', not both",
                            "chỉ dùng một trong 'month' hoặc 'months'", key="month")
    year = data.get("year")
    if year is not None and not (_int(year) and MIN_YEAR <= year <= MAX_YEAR):
        raise _bad("year", f"a year {MIN_YEAR}–{MAX_YEAR}", f"một năm trong khoảng {MIN_YEAR}–{MAX_YEAR}",
                   year, f"the plan year is {plan_year}" if plan_year else None,
                   f"năm của kế hoạch là {plan_year}" if plan_year else None)
    months: tuple[Month, ...] = ()
    key = "month" if "month" in data else "months"
    raw = data.get(key)
    if raw is not None:
        values = [raw] if _int(raw) else raw
        if (not isinstance(values, (list, tuple)) or not values
                or not all(_int(v) and 1 <= v <= 12 for v in values)):
            raise _bad(key, "months 1–12" if key == "months" else "a month 1–12",
                       "các tháng từ 1 đến 12" if key == "months" else "một tháng từ 1 đến 12", raw)
        months = tuple(Month(int(v), None if year is None else int(year)) for v in values)
    elif year is not None:
        raise ScheduleError("'year' without 'months'", "có 'year' nhưng thiếu 'months'",
                            hint="e.g. {months: [7, 8], year: 2024}",
                            hint_vi="ví dụ {months: [7, 8], year: 2024}", key="year")
    day = data.get("date")
    if day is not None:
        if isinstance(day, str):
            try:
                parsed = _Parser(day, plan_year)
                if not parsed.day_part() or parsed.pos != len(parsed.s):
                    raise ValueError(day)
                day = parsed.day
            except (ScheduleError, ValueError):
                raise _bad("date", "a real date YYYY-MM-DD", "một ngày có thật dạng YYYY-MM-DD",
                           day) from None
        elif not isinstance(day, dt.date):
            raise _bad("date", "a date YYYY-MM-DD", "một ngày dạng YYYY-MM-DD", day)
    every = data.get("every")
    recurrence = None
    if every is not None:
        recurrence = _EVERY.get(every) if isinstance(every, str) else None
        if recurrence is None:
            import difflib

            close = difflib.get_close_matches(str(every), list(_EVERY), n=1, cutoff=0.5)
            raise _bad("every", " | ".join(_EVERY), " | ".join(_EVERY), every,
                       f"did you mean '{close[0]}'?" if close else None,
                       f"có phải ý bạn là '{close[0]}'?" if close else None)
    continuous = data.get("continuous", False)
    if not isinstance(continuous, bool):
        raise _bad("continuous", "true or false", "true hoặc false", continuous)
    after_raw = data.get("after")
    after: tuple[str, ...] = ()
    if after_raw is not None:
        ids = [after_raw] if isinstance(after_raw, str) else after_raw
        if (not isinstance(ids, (list, tuple)) or not ids
                or not all(isinstance(i, str) and _ID_RE.fullmatch(i) for i in ids)):
            raise _bad("after", "a task id or a list of task ids", "mã nhiệm vụ hoặc danh sách mã nhiệm vụ",
                       after_raw, "task ids are lowercase, e.g. 'cong-bo'", "mã nhiệm vụ viết thường, ví dụ 'cong-bo'")
        after = tuple(ids)
    event = data.get("event")
    if event is not None:
        if not isinstance(event, str) or not _normalise(event)[0]:
            raise _bad("event", "text", "văn bản", event, "e.g. 'sự thay đổi về nhân sự'",
                       "ví dụ 'sự thay đổi về nhân sự'")
        event = _normalise(event)[0]
        written = _Parser(event, plan_year)
        try:
            if written.event_part() and written.event is not None:
                event = written.event  # "Khi có X" given in full
        except ScheduleError as exc:  # "Khi có" and nothing else
            raise _bad("event", "the event", "sự việc", event, exc.hint, exc.hint_vi) from None
    schedule = Schedule(months=months, day=day, recurrence=recurrence, continuous=continuous,
                        after=after, event=event)
    if not schedule.kinds():
        raise ScheduleError("the schedule mapping says nothing", "thời gian thực hiện không có nội dung",
                            hint="e.g. {continuous: true}", hint_vi="ví dụ {continuous: true}")
    return schedule
