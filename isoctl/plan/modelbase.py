"""What the pydantic models (:mod:`isoctl.plan.model`) and their pydantic-free twins
(:mod:`isoctl.plan.fastmodel`) share: value conversions, the task-id check and the plan's methods.
Importing this module costs nothing heavy."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from isoctl.i18n import nfc
from isoctl.lazyre import lazy
from isoctl.plan.schedule import Schedule, ScheduleError, parse_schedule
from isoctl.records import dataclass, field

SUPPORTED_FORMAT = 1

ACTIVITIES: tuple[str, ...] = (
    "planning", "steering-committee", "gap-assessment", "training", "auditor-training",
    "documentation", "issue-documents", "quality-objectives", "internal-audit",
    "corrective-action", "management-review", "announcement", "improvement", "inspection",
    "report", "communication", "complaints", "legal-update", "quality-policy",
    "process-compliance", "leadership", "effectiveness",
)

TASK_ID_MESSAGE = "a task id is one word without spaces, e.g. 'danh-gia-noi-bo'"


PLAN_KINDS: tuple[str, ...] = ("maintenance", "inspection", "programme")
DEFAULT_STANDARD = "TCVN ISO 9001:2015"

_PERIOD = lazy(r"^\s*(?:giai\s+đoạn\s+)?(\d{4})\s*[-–—]\s*(\d{4})\s*$", re.IGNORECASE)


class PeriodError(ValueError):
    """A ``period`` that is not two years in order; ``message_vi`` is the Vietnamese text."""

    def __init__(self, message: str, message_vi: str) -> None:
        super().__init__(message)
        self.message_vi = message_vi


@dataclass(frozen=True)
class Period:
    """The years of a multi-year programme, first and last included ("2021-2030").

    ``text`` is the period as written (printed back as it was); equality ignores it."""

    start: int
    end: int
    text: str | None = field(default=None, compare=False, hash=False)

    def years(self) -> range:
        return range(self.start, self.end + 1)

    def format(self) -> str:
        return self.text if self.text is not None else f"{self.start}-{self.end}"

    __str__ = format


PERIOD_YEARS = (1990, 2100)  # the years a programme's period may name


def to_period(value: Any) -> Period | None:
    """A ``period:`` value (``2021-2030``, ``2021–2030``, ``Giai đoạn 2021 - 2030`` or
    ``{start: 2021, end: 2030}``) as a :class:`Period`. Raises :class:`PeriodError`."""
    if value is None or isinstance(value, Period):
        return value
    if isinstance(value, str):
        m = _PERIOD.match(nfc(value))
        if m is None:
            raise PeriodError(f"'{value}' is not a period of years such as '2021-2030'",
                              f"'{value}' không phải giai đoạn dạng '2021-2030'")
        start, end, text = int(m.group(1)), int(m.group(2)), nfc(" ".join(value.split()))
    elif isinstance(value, dict) and set(value) == {"start", "end"} and all(
            type(value[k]) is int for k in ("start", "end")):
        start, end, text = value["start"], value["end"], None
    else:
        raise PeriodError("a period is text such as '2021-2030' or a mapping {start: 2021, end: 2030}",
                          "giai đoạn ghi dạng '2021-2030' hoặc {start: 2021, end: 2030}")
    lo, hi = PERIOD_YEARS
    if not lo <= start <= hi or not lo <= end <= hi:
        raise PeriodError(f"the period {start}-{end} is outside {lo}-{hi}",
                          f"giai đoạn {start}-{end} nằm ngoài khoảng {lo}-{hi}")
    if end <= start:
        raise PeriodError(f"the period {start}-{end} does not end after it starts (a programme spans two years or more)",
                          f"giai đoạn {start}-{end} không kết thúc sau năm bắt đầu (chương trình kéo dài từ hai năm)")
    return Period(start, end, text)


class ScheduleTypeError(TypeError):
    """A schedule value that is neither text, a mapping nor a date."""


@lru_cache(maxsize=4096)
def _parse_text_schedule(text: str) -> Schedule:
    """Schedules are immutable and the same few phrases recur in every plan: parse each once.

    Text the grammar does not read at all is kept as written (``Schedule.unread``; rule S005
    warns with the nearest form it knows); a wrong month, day or year is still an error."""
    try:
        return parse_schedule(text)
    except ScheduleError as exc:
        if not exc.unrecognised:
            raise
        return Schedule(unread=nfc(" ".join(text.split())))


def to_schedule(value: Any) -> Schedule | None:
    """A ``when:`` value as a :class:`Schedule`. Raises :class:`ScheduleTypeError` or
    :class:`~isoctl.plan.schedule.ScheduleError`."""
    if value is None or isinstance(value, Schedule):
        return value
    if not isinstance(value, (str, dict, dt.date)):  # a number too, as the JSON Schema says
        raise ScheduleTypeError("a schedule is text such as 'Tháng 6/2024' or a mapping")
    if isinstance(value, str):
        return _parse_text_schedule(value)
    return parse_schedule(value)


def as_list(value: Any) -> Any:
    """One value where a list is expected is a list of one; nothing is an empty list."""
    if value is None:
        return []
    if isinstance(value, (str, int)):
        return [value]
    return value


# control characters other than tab and newline, and the two non-characters: no document holds
# them (E103 anywhere); bidi overrides and zero-width characters: text that does not read as it
# is stored (E103 in an id, a warning in text). Regular-expression classes, as validate and the
# JSON Schema both use them.
NEVER_CHARS = r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]"
HIDDEN_CHARS = r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"


def task_id_ok(value: str) -> bool:
    """Not empty, and no white space anywhere (str.isspace's, which split() splits at)."""
    return value.split() == [value]


class PlanMethods:
    """Methods of a plan, for both model classes."""

    __slots__ = ()

    def tasks(self) -> list[tuple[tuple[int, int], Any]]:
        """Every task with its (phase index, task index)."""
        return [((pi, ti), t) for pi, ph in enumerate(self.phases) for ti, t in enumerate(ph.tasks)]

    def task_path(self, pi: int, ti: int) -> tuple[str | int, ...]:
        return ("phases", pi, "tasks", ti)

    def unit_names(self) -> dict[str, str]:
        return {u.id: u.name for u in self.units}

    def inspected_count(self) -> int:
        """How many agencies an inspection plan inspects: one a name, ``count`` a group."""
        return sum(1 if isinstance(i, str) else (i.count or 1) for i in self.inspects)
