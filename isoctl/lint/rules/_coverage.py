"""Shared by the C rules: does the plan (tasks, and optionally duties) do an activity, and where to
point when it does not."""

from __future__ import annotations

from typing import Any

from isoctl.lint.rules._sched import doing
from isoctl.plan.activities import infer

# the kinds of plan that are about the agency's own system (its audit, review, objectives …); an
# inspection plan inspects other agencies, a programme sets milestones for many (docs/plan-format.md)
OWN_SYSTEM_KINDS = ("maintenance",)


def own_system(ctx: Any) -> bool:
    """Whether the plan is about the agency's own system, so that C001–C006 apply."""
    return ctx.plan.kind in OWN_SYSTEM_KINDS


def tasks_doing(ctx: Any, activity: str) -> list:
    return doing(ctx, activity)


def duties_doing(ctx: Any, activity: str) -> list[tuple[int, int]]:
    """(responsibility index, duty index) of duties whose text reads as ``activity``."""
    out = []
    for ri, r in enumerate(ctx.plan.responsibilities):
        for di, duty in enumerate(r.duties):
            if activity in infer(duty):
                out.append((ri, di))
    return out


def coverage_path(ctx: Any) -> tuple[Any, ...]:
    """Where a "the plan has no …" finding points: the ``phases`` key."""
    return ("phases",)
