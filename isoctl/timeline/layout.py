"""The plan laid out in months, each task's progress, and what is late — as plain data.

:func:`build_timeline` turns a :class:`~isoctl.plan.model.Plan` and an as-of date into a
:class:`Timeline`: the month columns (the plan year, widened when tasks reach past it, by at
most :data:`MAX_SPILL` months each side), phases of rows, and for every task one mark kind per
column (:data:`MARKS`), its effective status (:data:`STATUSES`) and its lead units.

How schedules become marks:

- explicit months → ``month``; a day → ``day`` (in its month);
- ``Hàng tháng`` → ``monthly`` every month of the plan year; ``Hàng quý`` → ``quarterly`` in
  months 3, 6, 9, 12; ``6 tháng một lần`` → ``half-yearly`` in 6 and 12; ``Hàng năm`` → a
  ``yearly`` span over the year;
- ``Thường xuyên`` → a ``continuous`` span over the year;
- ``Khi có …`` alone → an ``event`` span over the year (it may happen any time); combined with
  another kind the row keeps the other marks and :attr:`Row.event` is set;
- ``Sau …`` → ``after`` marks from the month after the followed task ends to the end of the
  year (one month when that is already December). The followed task is the ``after`` ids, or
  for a phrase (``Sau công bố``) the task whose activities match the phrase (announcement for
  "công bố"), else whose title contains it.

A multi-year programme (``kind: programme``) is laid out in years, not months: one column per
year of its ``period`` (``(year, 0)``), a task marked in each year it has work in — ``month`` for
its explicit months and days, ``continuous`` for ``Giai đoạn …`` and ``Thường xuyên``, its
recurrence in every year, ``after`` from the year its predecessor ends, ``event`` over all years —
and ``status`` says what is due this year and next.

Late means: the task has a planned end (explicit months or a day), that end has passed on the
as-of date, and the task is neither done nor cancelled. Recurring, continuous, event-driven
and relative work has no planned end and is never late.

:func:`build_status` summarises the same rows for ``isoctl status``; :func:`status_text` and
:func:`status_markdown` format it (plain strings, like every core formatter).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from isoctl.diagnostics import UsageError, escape_controls
from isoctl.i18n import nfc, tr
from isoctl.plan.activities import activities_of, infer
from isoctl.records import dataclass, field

if TYPE_CHECKING:
    from isoctl.plan.model import Plan, Task

MARKS: tuple[str, ...] = ("month", "day", "monthly", "quarterly", "half-yearly", "yearly",
                          "continuous", "event", "after")
STATUSES: tuple[str, ...] = ("done", "in-progress", "planned", "late", "cancelled")
MAX_SPILL = 12

_RECURRING_MONTHS = {"monthly": range(1, 13), "quarterly": (3, 6, 9, 12), "half-yearly": (6, 12)}
# phrases of "Sau …" and the activity of the task they follow
_AFTER_PHRASES: tuple[tuple[str, str], ...] = (
    ("công bố", "announcement"), ("đánh giá nội bộ", "internal-audit"),
    ("xem xét của lãnh đạo", "management-review"), ("xem xét", "management-review"),
    ("khắc phục", "corrective-action"), ("kiểm tra", "inspection"), ("ban hành", "issue-documents"),
    ("đào tạo", "training"), ("khảo sát", "gap-assessment"), ("phê duyệt", "issue-documents"),
)

YearMonth = tuple[int, int]


def _ym_add(ym: YearMonth, n: int) -> YearMonth:
    index = ym[0] * 12 + ym[1] - 1 + n
    return index // 12, index % 12 + 1


def _ym_diff(a: YearMonth, b: YearMonth) -> int:
    """Months from ``b`` to ``a``."""
    return (a[0] * 12 + a[1]) - (b[0] * 12 + b[1])


def _month_end(ym: YearMonth) -> dt.date:
    return dt.date(ym[0], ym[1], calendar.monthrange(*ym)[1])


def due_date(when: Any, year: int) -> dt.date | None:
    """The planned end of a schedule: its day when it names no month, else the last day of its
    last explicit month; None when it has neither (recurring, continuous, relative, event)."""
    explicit = when.resolve(year) if when is not None else ()
    if not explicit:
        return None
    if when.last_day is not None:  # "Trước ngày 15/6", "… đến 30/10"
        return when.last_day.on(year)
    if when.day is not None and not when.months:
        return when.day
    return _month_end(explicit[-1])


def _whole_months(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from ``start`` to ``end`` (a month end counts as a full month)."""
    months = _ym_diff((end.year, end.month), (start.year, start.month))
    if end.day < start.day and end.day != calendar.monthrange(end.year, end.month)[1]:
        months -= 1
    return max(months, 0)


def _ym_text(ym: YearMonth) -> str:
    return f"{ym[0]:04d}-{ym[1]:02d}"


@dataclass(frozen=True)
class Row:
    """One task on the timeline."""

    id: str
    label: str | None
    title: str
    phase: str
    lead: tuple[str, ...]  # unit names (the id when a unit is not declared)
    lead_ids: tuple[str, ...]
    partners: tuple[str, ...]
    when: str | None  # the schedule as written
    kinds: tuple[str, ...]  # schedule kinds (isoctl.plan.schedule.KINDS) of the task
    marks: dict[YearMonth, str]  # column → mark kind
    declared: str  # status written in the plan
    status: str  # effective status (STATUSES)
    done_on: dt.date | None = None
    due: dt.date | None = None  # planned end: last day of the last explicit month, or the day
    late_days: int = 0
    late_months: int = 0
    event: str | None = None
    recurrence: str | None = None
    follows: tuple[str, ...] = ()  # ids of the tasks a "Sau …" schedule was placed after
    unresolved_after: str | None = None  # the "Sau …" phrase when no task matched
    activities: tuple[str, ...] = ()

    @property
    def scheduled(self) -> tuple[YearMonth, ...]:
        return tuple(sorted(ym for ym, kind in self.marks.items() if kind in ("month", "day")))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "label": self.label, "title": self.title, "phase": self.phase,
            "lead": list(self.lead), "when": self.when, "status": self.status,
        }
        if self.declared != self.status:
            out["declared_status"] = self.declared
        if self.done_on is not None:
            out["done_on"] = self.done_on.isoformat()
        if self.due is not None:
            out["due"] = self.due.isoformat()
        if self.status == "late":
            out["late_days"] = self.late_days
            out["late_months"] = self.late_months
        return out


@dataclass(frozen=True)
class PhaseRows:
    id: str
    title: str | None
    rows: tuple[Row, ...]
    done: int
    total: int  # tasks not cancelled

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class Timeline:
    """The layout model of one plan at one date."""

    year: int
    title: str
    agency: str
    as_of: dt.date
    columns: tuple[YearMonth, ...]
    phases: tuple[PhaseRows, ...]
    clipped: bool = False  # some marks fell outside the widened columns
    scale: str = "month"  # "year" for a programme: the columns are (year, 0)
    period: tuple[int, int] | None = None  # a programme's first and last year

    @property
    def label(self) -> str:
        """The plan's year, or a programme's years ("2021-2030")."""
        return f"{self.period[0]}-{self.period[1]}" if self.period else str(self.year)

    def column_of(self, day: dt.date) -> YearMonth:
        """The column a day falls in."""
        return (day.year, 0) if self.scale == "year" else (day.year, day.month)

    @property
    def today(self) -> int | None:
        """Index of the as-of month (a programme: year) among the columns, or None."""
        ym = self.column_of(self.as_of)
        return self.columns.index(ym) if ym in self.columns else None

    @property
    def today_third(self) -> int:
        """Where the as-of day falls in its column: days 1–10, 11–20, after (a programme: the
        year's first, second or last four months)."""
        if self.scale == "year":
            return (self.as_of.month - 1) // 4
        return min((self.as_of.day - 1) // 10, 2)

    @property
    def rows(self) -> list[Row]:
        return [r for p in self.phases for r in p.rows]

    def kinds_used(self) -> list[str]:
        used = {kind for r in self.rows for kind in r.marks.values()}
        if any(r.event and "event" not in r.marks.values() for r in self.rows):
            used.add("event")
        return [k for k in MARKS if k in used]

    def statuses_used(self) -> list[str]:
        used = {r.status for r in self.rows}
        return [s for s in STATUSES if s in used]


# --- relative schedules -----------------------------------------------------------------------

def _followed(plan: Plan, task: Task, index: Followed | None = None) -> tuple[str, ...]:
    """Ids of the tasks a "Sau …" schedule follows (empty when nothing matches); ``index``, made
    once for the plan, when this is asked of many tasks."""
    return (index or Followed(plan)).of(task)


class Followed:
    """Which tasks the "Sau …" schedules of one plan follow, the plan read once: each task's
    activities once (not once for every relative task: a long plan's timeline and report were
    quadratic), each phrase's matches once. The same answers as reading the plan each time."""

    def __init__(self, plan: Plan) -> None:
        self.tasks = [t for _, t in plan.tasks()]
        self._by_activity: dict[str, tuple[str, ...]] | None = None
        self._by_phrase: dict[str, tuple[list[tuple[str, ...]], tuple[str, ...] | None]] = {}
        self._status: dict[str, Any] | None = None

    def of(self, task: Task) -> tuple[str, ...]:
        when = task.when
        if when is None:
            return ()
        if when.after:
            return tuple(when.after)
        phrase = nfc(when.after_text).lower().strip(" .")
        if not phrase:
            return ()
        own = task.id
        for ids in self._activities(phrase):
            hits = tuple(i for i in ids if i != own)
            if hits:
                return hits
        return tuple(i for i in self._titled(phrase) if i != own)

    def status(self, task_id: str) -> Any:
        """The status of the task with this id (the last one, should two share it)."""
        if self._status is None:
            self._status = {t.id: t.status for t in self.tasks}
        return self._status.get(task_id)

    def _activities(self, phrase: str) -> list[tuple[str, ...]]:
        """For each activity the phrase names, in order, the ids of every task that has it."""
        cached = self._by_phrase.get(phrase)
        if cached is not None:
            return cached[0]
        if self._by_activity is None:
            found: dict[str, list[str]] = {}
            for t in self.tasks:
                for act in dict.fromkeys(activities_of(t)):
                    found.setdefault(act, []).append(t.id)
            self._by_activity = {act: tuple(ids) for act, ids in found.items()}
        wanted = [act for key, act in _AFTER_PHRASES if key in phrase]
        wanted += [a for a in infer(phrase) if a not in wanted]
        lists = [self._by_activity.get(act, ()) for act in wanted]
        self._by_phrase[phrase] = (lists, None)
        return lists

    def _titled(self, phrase: str) -> tuple[str, ...]:
        lists, titled = self._by_phrase.get(phrase) or (self._activities(phrase), None)
        if titled is None:
            titled = tuple(t.id for t in self.tasks if phrase in nfc(t.title).lower())
            self._by_phrase[phrase] = (lists, titled)
        return titled


def _ends(plan: Plan, index: Followed | None = None) -> dict[str, YearMonth | None]:
    """The last month of every task's explicit or relative placement (None: no month)."""
    tasks = {t.id: t for _, t in plan.tasks()}
    memo: dict[str, YearMonth | None] = {}
    followed = index or Followed(plan)

    def end(task_id: str, seen: frozenset[str]) -> YearMonth | None:
        if task_id in memo:
            return memo[task_id]
        task = tasks.get(task_id)
        if task is None or task.when is None or task_id in seen:
            return None
        months = task.when.resolve(plan.year)
        result: YearMonth | None = months[-1] if months else None
        if result is None and "after" in task.when.kinds():
            ends = [end(t, seen | {task_id}) for t in followed.of(task)]
            known = [e for e in ends if e is not None]
            if known:
                last = max(known)
                result = (plan.year, 12) if last < (plan.year, 12) else _ym_add(last, 1)
        memo[task_id] = result
        return result

    for task_id in tasks:
        end(task_id, frozenset())
    return memo


# --- the layout -------------------------------------------------------------------------------

def _marks(plan: Plan, task: Task, ends: dict[str, YearMonth | None],
           index: Followed | None = None) -> tuple[dict[YearMonth, str], tuple[str, ...]]:
    year = plan.year
    marks: dict[YearMonth, str] = {}
    when = task.when
    follows: tuple[str, ...] = ()
    if when is None:
        return marks, follows
    whole_year = [(year, m) for m in range(1, 13)]
    kinds = when.kinds()

    def fill(months: Iterable[YearMonth], kind: str) -> None:
        for ym in months:
            marks.setdefault(ym, kind)

    for m in when.months:
        marks[(m.year if m.year is not None else year, m.month)] = "month"
    if when.day is not None:
        marks[(when.day.year, when.day.month)] = "day"
    if when.recurrence == "yearly":
        fill(whole_year, "yearly")
    elif when.recurrence is not None:
        fill(((year, m) for m in _RECURRING_MONTHS[when.recurrence]), when.recurrence)
    if "after" in kinds:
        follows = _followed(plan, task, index)
        known = [e for e in (ends.get(t) for t in follows) if e is not None]
        if known:
            start = _ym_add(max(known), 1)
            stop = max(start, (year, 12))
            span, ym = [], start
            while ym <= stop:
                span.append(ym)
                ym = _ym_add(ym, 1)
            fill(span, "after")
    if when.last_day is not None:
        marks[(when.last_day.year if when.last_day.year is not None else year, when.last_day.month)] = "day"
    if when.continuous or (when.years is not None and when.years[0] <= year <= when.years[1]):
        fill(whole_year, "continuous")
    if kinds == {"event"} or (not marks and kinds & {"event", "recurring"} and when.recurrence is None):
        fill(whole_year, "event")  # on events, "Theo kế hoạch của …", "Định kỳ, đột xuất"
    return marks, follows


def _year_marks(plan: Plan, task: Task, ends: dict[str, YearMonth | None],
                first: int, last: int, index: Followed | None = None) -> tuple[dict[YearMonth, str], tuple[str, ...], bool]:
    """A programme's task in years: (marks keyed (year, 0), the tasks it follows, whether some of
    its work lies outside the programme's years)."""
    marks: dict[YearMonth, str] = {}
    when = task.when
    if when is None:
        return marks, (), False
    years = range(first, last + 1)
    outside = False

    def put(year: int, kind: str, *, strong: bool = False) -> None:
        nonlocal outside
        if first <= year <= last:
            if strong:
                marks[(year, 0)] = kind
            else:
                marks.setdefault((year, 0), kind)
        else:
            outside = True

    for y, _m in when.resolve(plan.year):
        put(y, "month", strong=True)
    if when.years is not None:
        for y in range(when.years[0], when.years[1] + 1):
            put(y, "continuous")
    if when.recurrence is not None:
        for y in years:
            put(y, when.recurrence)
    if when.continuous:
        for y in years:
            put(y, "continuous")
    follows: tuple[str, ...] = ()
    if "after" in when.kinds():
        follows = _followed(plan, task, index)
        known = [e for e in (ends.get(t) for t in follows) if e is not None]
        if known:
            end = max(known)
            for y in range(end[0] + (1 if end[1] == 12 else 0), last + 1):
                put(y, "after")
    if not marks and when.kinds() & {"event", "recurring"}:
        for y in years:
            put(y, "event")
    return marks, follows, outside


def _status(task: Task, due: dt.date | None, as_of: dt.date) -> str:
    if task.status in ("done", "cancelled"):
        return task.status
    if due is not None and due < as_of:
        return "late"
    return task.status


def build_timeline(plan: Plan, as_of: dt.date, *, phase: str | None = None, unit: str | None = None,
                   activity: str | None = None, late_only: bool = False) -> Timeline:
    """Lay ``plan`` out in months at ``as_of``, keeping the tasks that pass the filters.

    ``phase`` is a phase id, ``unit`` a unit id or name (lead or partner), ``activity`` one of
    the activity vocabulary (given or inferred). Unknown filter values raise :class:`UsageError`
    with the known ones. Filters are compared in NFC, as the plan's text is.
    """
    phase, unit = (nfc(v) if v is not None else None for v in (phase, unit))
    _check_filters(plan, phase, unit, activity)
    names = plan.unit_names()
    followed = Followed(plan)  # made once: every relative task asks it
    ends = _ends(plan, followed)
    unit_ids = _unit_ids(plan, unit) if unit else None
    phases: list[PhaseRows] = []
    every: list[Row] = []
    period = plan.period if plan.kind == "programme" else None
    span = (period.start, period.end) if period is not None else None
    outside = False
    for ph in plan.phases:
        rows: list[Row] = []
        for task in ph.tasks:
            row = _row(plan, ph.id, task, as_of, names, ends, span, followed)
            if span is not None:
                outside = outside or _year_marks(plan, task, ends, *span, followed)[2]
            every.append(row)
            if phase is not None and ph.id != phase:
                continue
            if unit_ids is not None and not (set(task.lead) | set(task.partners)) & unit_ids:
                continue
            if activity is not None and activity not in row.activities:
                continue
            if late_only and row.status != "late":
                continue
            rows.append(row)
        if rows or (phase is None and unit is None and activity is None and not late_only):
            counted = [r for r in rows if r.status != "cancelled"]
            phases.append(PhaseRows(ph.id, nfc(ph.title) or None, tuple(rows),
                                    sum(r.status == "done" for r in counted), len(counted)))
    if span is not None:
        columns, clipped = tuple((y, 0) for y in range(span[0], span[1] + 1)), outside
    else:
        columns, clipped = _columns(plan.year, [ym for r in every for ym in r.marks])
    return Timeline(plan.year, nfc(plan.document.title), nfc(plan.agency.name), as_of, columns,
                    tuple(phases), clipped, "year" if span else "month", span)


def _row(plan: Plan, phase_id: str, task: Task, as_of: dt.date, names: dict[str, str],
         ends: dict[str, YearMonth | None], span: tuple[int, int] | None = None,
         index: Followed | None = None) -> Row:
    if span is not None:
        marks, follows, _outside = _year_marks(plan, task, ends, *span, index)
    else:
        marks, follows = _marks(plan, task, ends, index)
    when = task.when
    due = due_date(when, plan.year)
    status = _status(task, due, as_of)
    late_days = (as_of - due).days if status == "late" and due else 0
    late_months = _whole_months(due, as_of) if status == "late" and due else 0
    kinds = tuple(sorted(when.kinds())) if when is not None else ()
    unresolved = None
    if when is not None and "after" in kinds and not any(ends.get(t) for t in follows):
        unresolved = ", ".join(when.after) if when.after else when.after_text
    return Row(
        id=task.id, label=task.label, title=nfc(task.title), phase=phase_id,
        lead=tuple(nfc(names.get(u, u)) for u in task.lead), lead_ids=tuple(task.lead),
        partners=tuple(task.partners), when=when.format() if when is not None else None, kinds=kinds,
        marks=marks, declared=task.status, status=status, done_on=task.done_on, due=due,
        late_days=late_days, late_months=late_months,
        event=nfc(when.event) if when is not None and when.event else None,
        recurrence=when.recurrence if when is not None else None, follows=follows,
        unresolved_after=unresolved, activities=activities_of(task))


def _columns(year: int, months: Iterable[YearMonth]) -> tuple[tuple[YearMonth, ...], bool]:
    lo, hi = (year, 1), (year, 12)
    floor, ceiling = _ym_add(lo, -MAX_SPILL), _ym_add(hi, MAX_SPILL)
    clipped = False
    for ym in months:
        if ym < floor or ym > ceiling:
            clipped = True
        lo, hi = min(lo, max(ym, floor)), max(hi, min(ym, ceiling))
    cols, ym = [], lo
    while ym <= hi:
        cols.append(ym)
        ym = _ym_add(ym, 1)
    return tuple(cols), clipped


def _unit_ids(plan: Plan, unit: str) -> set[str]:
    wanted = nfc(unit).casefold()
    return {u.id for u in plan.units if u.id.casefold() == wanted or nfc(u.name).casefold() == wanted} | (
        {unit} if any(unit in (*t.lead, *t.partners) for _, t in plan.tasks()) else set())


def _check_filters(plan: Plan, phase: str | None, unit: str | None, activity: str | None) -> None:
    from isoctl.suggest import close_matches

    def refuse(option: str, value: str, known: list[str]) -> UsageError:
        close = close_matches(value, known, 3)
        rest = [k for k in known if k not in close]
        return UsageError(tr("{o}: no '{v}' in this plan", "{o}: không có '{v}' trong kế hoạch này", o=option, v=value),
                          hint=tr("known: {k}", "các giá trị có: {k}", k=", ".join(close + rest)))

    if phase is not None and phase not in [p.id for p in plan.phases]:
        raise refuse("--phase", phase, [p.id for p in plan.phases])
    if unit is not None and not _unit_ids(plan, unit):
        raise refuse("--unit", unit, [u.id for u in plan.units])
    if activity is not None:
        from isoctl.plan.modelbase import ACTIVITIES

        if activity not in ACTIVITIES:
            raise refuse("--activity", activity, list(ACTIVITIES))


# --- status -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Recurring:
    row: Row
    next: str | None  # "2024-09" (a month) or "2024" (a yearly duty), None once the plan year is over

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.row.id, "title": self.row.title, "lead": list(self.row.lead), "when": self.row.when,
                "recurrence": self.row.recurrence, "next": self.next}


@dataclass(frozen=True)
class Status:
    """What ``isoctl status`` reports."""

    file: str
    timeline: Timeline
    late: tuple[Row, ...]
    this_month: tuple[Row, ...]
    next_month: tuple[Row, ...]
    recurring: tuple[Recurring, ...]
    ongoing: tuple[Row, ...] = field(default=())  # continuous, event-driven and relative work
    inspects: int | None = None  # an inspection plan: how many agencies it inspects

    @property
    def as_of(self) -> dt.date:
        return self.timeline.as_of

    @property
    def months(self) -> tuple[YearMonth, YearMonth]:
        """This column and the next: months, or for a programme years ``(year, 0)``."""
        if self.timeline.scale == "year":
            return (self.as_of.year, 0), (self.as_of.year + 1, 0)
        here = (self.as_of.year, self.as_of.month)
        return here, _ym_add(here, 1)

    @property
    def done(self) -> int:
        return sum(p.done for p in self.timeline.phases)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.timeline.phases)

    def to_dict(self) -> dict[str, Any]:
        tl = self.timeline
        this, nxt = self.months
        if tl.scale == "year":
            due: dict[str, Any] = {
                "due_this_year": {"year": this[0], "tasks": [r.to_dict() for r in self.this_month]},
                "due_next_year": {"year": nxt[0], "tasks": [r.to_dict() for r in self.next_month]}}
        else:
            due = {"due_this_month": {"month": _ym_text(this), "tasks": [r.to_dict() for r in self.this_month]},
                   "due_next_month": {"month": _ym_text(nxt), "tasks": [r.to_dict() for r in self.next_month]}}
        return {
            "file": self.file, "year": tl.year,
            **({"period": list(tl.period)} if tl.period else {}),
            "title": tl.title, "agency": tl.agency,
            "as_of": self.as_of.isoformat(),
            "progress": {"done": self.done, "total": self.total,
                         "percent": round(100 * self.done / self.total) if self.total else 0},
            "phases": [{"id": p.id, "title": p.title, "done": p.done, "total": p.total, "percent": p.percent}
                       for p in tl.phases],
            "late": [r.to_dict() for r in self.late],
            **due,
            "recurring": [r.to_dict() for r in self.recurring],
            "ongoing": [{"id": r.id, "title": r.title, "lead": list(r.lead), "when": r.when} for r in self.ongoing],
            **({"inspects": self.inspects} if self.inspects is not None else {}),
        }


def _next_occurrence(row: Row, year: int, as_of: dt.date, period: tuple[int, int] | None = None) -> str | None:
    if period is not None:  # a programme: the next year of its period the duty recurs in
        nxt = max(as_of.year, period[0])
        return str(nxt) if nxt <= period[1] else None
    here = (as_of.year, as_of.month)
    if row.recurrence == "yearly":
        return str(year) if as_of.year <= year else None
    for m in _RECURRING_MONTHS[row.recurrence or "monthly"]:
        if (year, m) >= here:
            return _ym_text((year, m))
    return None


def build_status(plan: Plan, as_of: dt.date, file: str = "") -> Status:
    tl = build_timeline(plan, as_of)
    if tl.scale == "year":
        this, nxt = (as_of.year, 0), (as_of.year + 1, 0)
    else:
        this, nxt = (as_of.year, as_of.month), _ym_add((as_of.year, as_of.month), 1)
    open_rows = [r for r in tl.rows if r.status not in ("done", "cancelled")]
    late = sorted((r for r in open_rows if r.status == "late"), key=lambda r: (-r.late_days, r.id))
    recurring = tuple(Recurring(r, _next_occurrence(r, tl.year, as_of, tl.period))
                      for r in tl.rows if r.recurrence is not None and r.status != "cancelled")
    ongoing = tuple(r for r in open_rows if r.recurrence is None and not r.scheduled and r.kinds)
    return Status(file, tl, tuple(late),
                  tuple(r for r in open_rows if this in r.scheduled),
                  tuple(r for r in open_rows if nxt in r.scheduled),
                  recurring, ongoing, plan.inspected_count() if plan.kind == "inspection" else None)


def _late_text(row: Row) -> str:
    return tr("{d} day(s) late", "trễ {d} ngày", d=row.late_days) + (
        tr(" (~{m} month(s))", " (~{m} tháng)", m=row.late_months) if row.late_months else "")


def _lead(row: Row) -> str:
    return ", ".join(row.lead) or "—"


def _month_label(ym: YearMonth) -> str:
    if ym[1] == 0:  # a programme's year
        return tr("{y}", "năm {y}", y=ym[0])
    return tr("{m}/{y}", "tháng {m}/{y}", m=ym[1], y=ym[0])


def _due_titles(st: Status) -> tuple[str, str]:
    this, nxt = st.months
    if st.timeline.scale == "year":
        return (tr("Due this year, {m}", "Đến hạn trong {m}", m=_month_label(this)),
                tr("Due next year, {m}", "Đến hạn trong {m}", m=_month_label(nxt)))
    return (tr("Due this month, {m}", "Đến hạn trong {m}", m=_month_label(this)),
            tr("Due next month, {m}", "Đến hạn trong {m}", m=_month_label(nxt)))


def _next_text(value: str | None) -> str:
    """``2024-09`` → ``9/2024`` ("tháng 9/2024" in Vietnamese); a year stays as it is."""
    if value and len(value) == 7:
        return _month_label((int(value[:4]), int(value[5:])))
    return value or "—"


def status_text(st: Status, columns: int | None = None) -> str:
    """The status as plain text for a terminal or an e-mail; with ``columns`` (a terminal's
    width, 60 at least) every line fits: long lines are wrapped at words, phase names shortened.
    Plan text has its control, bidi and invisible characters escaped (``\\x1b``, ``\\u202e``)."""
    import textwrap

    tl = st.timeline
    out = [f"{tl.title} ({tl.label})",
           tr("as of {d}: {n}/{t} task(s) done", "tính đến {d}: hoàn thành {n}/{t} nhiệm vụ",
              d=st.as_of.strftime("%d/%m/%Y"), n=st.done, t=st.total), ""]
    if st.inspects is not None:
        out[-1:-1] = [tr("inspects {n} agency(ies)", "kiểm tra {n} cơ quan, đơn vị", n=st.inspects)]
    width = max((len(escape_controls(p.title or p.id)) for p in tl.phases), default=10)
    width = min(width, 70, *([max(10, columns - 16)] if columns else []))
    for p in tl.phases:
        name = escape_controls(p.title or p.id)
        name = name if len(name) <= width else name[: width - 1] + "…"
        out.append(f"  {name:<{width}}  {p.done:>2}/{p.total:<2} {p.percent:>3}%")

    def section(title: str, rows: Iterable[str]) -> None:
        items = list(rows)
        out.append("")
        out.append(f"{title} ({len(items)})" if items else f"{title}: " + tr("none", "không có"))
        out.extend(f"  - {item}" for item in items)

    section(tr("Late", "Trễ hạn"), (f"{r.id}: {r.title} — {_lead(r)}; {r.when}; {_late_text(r)}" for r in st.late))
    due_this, due_next = _due_titles(st)
    section(due_this, (f"{r.id}: {r.title} — {_lead(r)}; {r.when}" for r in st.this_month))
    section(due_next, (f"{r.id}: {r.title} — {_lead(r)}; {r.when}" for r in st.next_month))
    section(tr("Recurring duties", "Nhiệm vụ định kỳ"),
            (f"{r.row.id}: {r.row.when} — " + (tr("next {n}", "lần tới {n}", n=_next_text(r.next)) if r.next else
                                              tr("plan year over", "đã hết năm kế hoạch")) for r in st.recurring))
    section(tr("Ongoing: continuous, on an event or after another task",
               "Thường xuyên, khi có sự việc, sau nhiệm vụ khác"), (f"{r.id}: {r.when}" for r in st.ongoing))
    out = [escape_controls(line) for line in out]  # plan text reaches a terminal: no escape sequence, no bidi
    if columns:
        wrapped: list[str] = []
        for line in out:
            if len(line) <= columns:
                wrapped.append(line)
                continue
            lead = len(line) - len(line.lstrip(" -"))
            wrapped.extend(textwrap.wrap(line, columns, subsequent_indent=" " * lead, break_on_hyphens=False,
                                         break_long_words=True) or [line])
        out = wrapped
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def status_markdown(st: Status) -> str:
    """The status as Markdown (a pull-request comment, a wiki page), plan text escaped as in
    :func:`status_text`."""
    tl = st.timeline
    out = [f"### {_md(tl.title)} ({tl.label})", "",
           tr("As of {d}: **{n}/{t}** task(s) done.", "Tính đến {d}: hoàn thành **{n}/{t}** nhiệm vụ.",
              d=st.as_of.strftime("%d/%m/%Y"), n=st.done, t=st.total)
           + (tr(" Inspects **{n}** agency(ies).", " Kiểm tra **{n}** cơ quan, đơn vị.", n=st.inspects)
              if st.inspects is not None else ""), "",
           "| " + tr("Phase", "Giai đoạn") + " | " + tr("Done", "Hoàn thành") + " | % |", "|---|---:|---:|"]
    out += [f"| {_md(p.title or p.id)} | {p.done}/{p.total} | {p.percent}% |" for p in tl.phases]

    def table(title: str, header: list[str], rows: list[list[str]]) -> None:
        out.extend(["", f"#### {title}", ""])
        if not rows:
            out.append("_" + tr("none", "không có") + "_")
            return
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "---|" * len(header))
        out.extend("| " + " | ".join(_md(c) for c in row) + " |" for row in rows)

    task_h, lead_h, when_h = tr("Task", "Nhiệm vụ"), tr("Lead", "Chủ trì"), tr("When", "Thời gian")
    table(tr("Late", "Trễ hạn"), [task_h, lead_h, when_h, tr("Late by", "Trễ")],
          [[f"`{r.id}` {r.title}", _lead(r), r.when or "", _late_text(r)] for r in st.late])
    due_this, due_next = _due_titles(st)
    for title, rows in ((due_this, st.this_month), (due_next, st.next_month)):
        table(title, [task_h, lead_h, when_h], [[f"`{r.id}` {r.title}", _lead(r), r.when or ""] for r in rows])
    table(tr("Recurring duties", "Nhiệm vụ định kỳ"), [task_h, when_h, tr("Next", "Lần tới")],
          [[f"`{r.row.id}` {r.row.title}", r.row.when or "", _next_text(r.next)] for r in st.recurring])
    return escape_controls("\n".join(out) + "\n")
