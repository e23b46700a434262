"""What a plan-wide rule reads of one task: its ``inputs(ctx, path)`` (see
:mod:`isoctl.lint.incremental`). Each function returns a value computed from the task at ``path``
alone (``ctx`` holds a plan whose only task is that one); two equal values mean the rule's
findings cannot differ because of that task. Say more than the rule reads, never less."""

from __future__ import annotations

from typing import Any


def _task(ctx: Any, path: tuple[Any, ...]) -> Any:
    pi, ti = path[1], path[3]
    return ctx.plan.phases[pi].tasks[ti]


def nothing(ctx: Any, path: tuple[Any, ...]) -> Any:
    """The rule reads no task (the plan's header, its basis, its other sections)."""
    return None


def schedule(ctx: Any, path: tuple[Any, ...]) -> Any:
    """What the schedule and coverage rules read: the task's id, title, group, activities, whether
    it is cancelled, its schedule as read and resolved in the plan year, ``after``, lead and partners."""
    from isoctl.lint.rules._sched import infos

    info = next(i for i in infos(ctx) if i.path == tuple(path))
    task = info.task
    return (task.id, task.title, getattr(task, "group", None), info.acts, info.active, info.months,
            info.whole_year, repr(task.when), tuple(task.after), tuple(task.lead), tuple(task.partners),
            repr(getattr(task, "activity", None)))


def units(ctx: Any, path: tuple[Any, ...]) -> Any:
    """The units a task names (lead and partners)."""
    task = _task(ctx, path)
    return tuple(task.lead), tuple(task.partners)


def citations(ctx: Any, path: tuple[Any, ...]) -> Any:
    """Every citation written in the task, with what was read of it and its line."""
    from isoctl.lint.rules._cites import occurrences, position

    n = len(path)
    return tuple((repr(o), position(ctx, o.path, o.offset)) for o in occurrences(ctx) if tuple(o.path[:n]) == tuple(path))


def window_text(ctx: Any, path: tuple[Any, ...]) -> str:
    """The lines the task at ``path`` is written on (comments included)."""
    from isoctl.plan.loader import window

    w = window(ctx.loaded, tuple(path))
    return "\n".join(ctx.loaded.text.split("\n")[w[0]:w[1]]) if w is not None else ctx.loaded.text
