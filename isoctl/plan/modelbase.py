"""What the pydantic models (:mod:`isoctl.plan.model`) and their pydantic-free twins
(:mod:`isoctl.plan.fastmodel`) share: value conversions, the task-id check and the plan's methods.
Importing this module costs nothing heavy."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from isoctl.i18n import nfc
from isoctl.plan.schedule import Schedule, ScheduleError, parse_schedule

SUPPORTED_FORMAT = 1

ACTIVITIES: tuple[str, ...] = (
    "planning", "steering-committee", "gap-assessment", "training", "auditor-training",
    "documentation", "issue-documents", "quality-objectives", "internal-audit",
    "corrective-action", "management-review", "announcement", "improvement", "inspection",
    "report", "communication", "complaints", "legal-update", "quality-policy",
    "process-compliance", "leadership", "effectiveness",
)

TASK_ID_MESSAGE = "a task id is one word without spaces, e.g. 'danh-gia-noi-bo'"


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
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, (str, dict, dt.date)):
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


def task_id_ok(value: str) -> bool:
    return bool(value) and not any(c.isspace() for c in value)


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
