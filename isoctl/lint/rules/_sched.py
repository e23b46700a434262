"""What the S and C rules need to know about tasks: their activities, when they happen in the plan
year, and which tasks they follow (``after`` ids, ``{after: …}``, and "Sau công bố"-style
phrases resolved to the task that does that activity)."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from isoctl.plan.activities import activities_of, infer
from isoctl.records import dataclass

if TYPE_CHECKING:
    from isoctl.plan.model import Plan, Task

# The natural order of one yearly cycle (QĐ 19/2014 Điều 4.2.b–d, 4.3; ISO 9001 §9.2, §10.2, §9.3).
STEPS = ("auditor-training", "internal-audit", "corrective-action", "management-review", "announcement")


@dataclass(frozen=True)
class TaskInfo:
    index: int  # file order
    pi: int
    ti: int
    task: Task
    acts: tuple[str, ...]
    months: tuple[tuple[int, int], ...]  # explicit (year, month) pairs, sorted
    whole_year: bool  # recurring or continuous: happens (again) within the year

    @property
    def path(self) -> tuple[Any, ...]:
        return ("phases", self.pi, "tasks", self.ti)

    @property
    def first(self) -> tuple[int, int] | None:
        return self.months[0] if self.months else None

    @property
    def last(self) -> tuple[int, int] | None:
        return self.months[-1] if self.months else None

    @property
    def active(self) -> bool:
        return self.task.status != "cancelled"


def infos(ctx: Any) -> list[TaskInfo]:
    return ctx.memo("sched.infos", lambda: _infos(ctx.plan))


def _infos(plan: Plan) -> list[TaskInfo]:
    out = []
    for k, ((pi, ti), task) in enumerate(plan.tasks()):
        when = task.when
        months = when.resolve(plan.year) if when is not None else ()
        whole = when is not None and (when.recurrence is not None or when.continuous)
        out.append(TaskInfo(k, pi, ti, task, activities_of(task), months, whole))
    return out


def doing(ctx: Any, activity: str) -> list[TaskInfo]:
    return [t for t in infos(ctx) if t.active and activity in t.acts]


_AFTER_WORDS = {"công bố": ("announcement",), "khi công bố": ("announcement",)}


def after_activities(phrase: str) -> tuple[str, ...]:
    """Activities a "Sau …" phrase points at: "Sau công bố" → announcement, "Sau đánh giá nội
    bộ" → internal-audit (keyword inference on the phrase)."""
    text = unicodedata.normalize("NFC", phrase).lower().strip(" .")
    text = re.sub(r"^khi\s+", "", text)
    if text in _AFTER_WORDS or re.match(r"công bố( lại)?(\s+(hệ thống|htqlcl|hệ thống quản lý chất lượng)|$)", text):
        return ("announcement",)
    return infer(text)


def predecessors(ctx: Any, info: TaskInfo) -> list[tuple[TaskInfo, str]]:
    """Tasks ``info`` follows, with how it says so: ``after`` ids, ``{after: …}`` ids, or a phrase."""
    by_id = ctx.memo("sched.by_id", lambda: {t.task.id: t for t in infos(ctx)})
    out: list[tuple[TaskInfo, str]] = []
    task = info.task
    ids = list(task.after) + (list(task.when.after) if task.when is not None else [])
    for i in ids:
        if i in by_id and by_id[i] is not info:
            out.append((by_id[i], "id"))
    phrase = task.when.after_text if task.when is not None else None
    if phrase:
        acts = after_activities(phrase)
        for t in infos(ctx):
            if t is not info and t.active and any(a in t.acts for a in acts):
                out.append((t, "phrase"))
    return out


def month_vi(ym: tuple[int, int]) -> str:
    return f"{ym[1]}/{ym[0]}"
