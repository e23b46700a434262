"""``isoctl done`` and ``isoctl set`` as plain functions: the typer commands and the quick start
(:mod:`isoctl.cli.entry`) both call :func:`run_done` and :func:`run_set`, so the two cannot
drift apart, and an edit does not wait for typer to be imported."""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Any

from isoctl.cli.output import colour, echo, escape_controls
from isoctl.i18n import tr


def run_done(config: Any, task_id: str, plan: str | None = None, *, on: str | None = None,
             force: bool = False) -> int:
    """Mark ``task_id`` done (on ``on``, default today) in ``plan`` (default: the newest plan)."""
    from isoctl.plan.dates import parse_date

    check_order("done", task_id, [plan] if plan is not None else [], [f"--on={on}"] if on else [])
    raw = {"status": "done"}
    if on:
        raw["done_on"] = parse_date(on, "--on").isoformat()
    return _record(config, plan_path(config, plan), task_id, raw, force)


def run_set(config: Any, task_id: str, items: list[str], *, force: bool = False) -> int:
    """Set the ``FIELD=VALUE`` items of ``task_id``; an item without ``=`` names the plan file."""
    from isoctl.diagnostics import UsageError
    from isoctl.timeline.progress import parse_assignments

    plans = [i for i in items if "=" not in i]
    check_order("set", task_id, plans, [i for i in items if "=" in i])
    if len(plans) > 1:
        raise UsageError(tr("more than one plan file given: {p}", "có nhiều hơn một tệp kế hoạch: {p}", p=", ".join(plans)),
                         hint=tr("write fields as FIELD=VALUE", "viết các trường dạng FIELD=VALUE"))
    raw = parse_assignments([i for i in items if "=" in i])
    return _record(config, plan_path(config, plans[0] if plans else None), task_id, raw, force)


def plan_path(config: Any, plan: str | None) -> str:
    """The plan a command works on: the one named, else the newest in the configured folder."""
    from isoctl.plan.files import default_plan

    return plan if plan else str(default_plan(config))


def print_invalid(exc: Any) -> None:
    """A plan that does not load or pass the schema, printed as ``validate`` prints it."""
    from isoctl.lint import report

    sources = {exc.plan_file: escape_controls(exc.text).splitlines()}
    echo(report.full(exc.findings, sources, colour=colour(sys.stderr)), err=True)
    echo(escape_controls(f"isoctl: {exc}"), err=True)


def _record(config: Any, path: str, task_id: str, raw: dict, force: bool) -> int:
    from isoctl.lint import report
    from isoctl.plan.files import InvalidPlan
    from isoctl.timeline.progress import EditRefused, describe, record

    try:
        edit = record(path, task_id, raw, today=dt.date.today(), config=config, force=force)
    except InvalidPlan as exc:
        print_invalid(exc)
        return 1
    except EditRefused as exc:
        if exc.findings:  # the errors as `validate` would print them, in the plan as it would be written
            echo(report.full(exc.findings, {path: escape_controls(exc.text).splitlines()}, colour=colour(sys.stderr)),
                 err=True)
        raise
    for line in describe(edit):
        echo(escape_controls(line))
    if edit.introduced:
        echo(tr("the edit introduces {n} finding(s):", "thay đổi này gây ra {n} vấn đề:", n=len(edit.introduced)), err=True)
        for f in edit.introduced:
            echo(escape_controls(f"  {f.file}:{f.line}:{f.col}: {f.code} [{report.severity_word(f.severity)}] "
                                 f"{f.message}"), err=True)
    if edit.changed:
        echo(tr("updated {p}", "đã cập nhật {p}", p=path), err=True)
    return 0


def is_plan_arg(arg: str) -> bool:
    """Does this argument name a plan file (an existing file, or a .yaml/.yml name)?"""
    return arg.lower().endswith((".yaml", ".yml")) or os.path.isfile(arg)


def check_order(command: str, task_id: str, others: list[str], fields: list[str]) -> None:
    """``isoctl done PLAN TASK_ID`` (or ``set PLAN TASK_ID …``, ``set status=done TASK_ID``): the
    arguments in the wrong order, said as such with the command written the right way."""
    import shlex

    from isoctl.diagnostics import UsageError
    from isoctl.fsutil import STDIN

    if STDIN in others:
        raise UsageError(tr("{c} writes to the plan file; standard input (-) cannot be written",
                            "{c} ghi vào tệp kế hoạch; không ghi được vào đầu vào chuẩn (-)", c=command),
                         hint=tr("give the plan file", "hãy ghi tệp kế hoạch"))

    def right(task: str, plan: str | None, assignments: list[str]) -> str:
        options = [a for a in assignments if a.startswith("--")]
        return " ".join(["isoctl", command, shlex.quote(task), *(shlex.quote(a) for a in assignments if a not in options),
                         *([shlex.quote(plan)] if plan else []), *(o.replace("=", " ", 1) for o in options)])

    if "=" in task_id and command == "set":
        tasks = [o for o in others if not is_plan_arg(o)]
        plans = [o for o in others if is_plan_arg(o)]
        raise UsageError(tr("arguments in the wrong order: the task id comes first, then FIELD=VALUE",
                            "tham số sai thứ tự: mã nhiệm vụ đứng trước, sau đó đến FIELD=VALUE"),
                         hint=right(tasks[0], plans[0] if plans else None, [task_id, *fields]) if tasks else
                         tr("isoctl set TASK_ID FIELD=VALUE... [PLAN]", "isoctl set MÃ_NHIỆM_VỤ FIELD=VALUE... [PLAN]"))
    if not is_plan_arg(task_id):
        return
    tasks = [o for o in others if not is_plan_arg(o)]
    if tasks:
        raise UsageError(tr("arguments in the wrong order: '{p}' is the plan file, '{t}' the task; the task id "
                            "comes first", "tham số sai thứ tự: '{p}' là tệp kế hoạch, '{t}' là nhiệm vụ; mã nhiệm vụ "
                            "đứng trước", p=task_id, t=tasks[0]),
                         hint=right(tasks[0], task_id, fields))
    if not others:
        raise UsageError(tr("'{p}' is a plan file, not a task id: give the task id first",
                            "'{p}' là tệp kế hoạch, không phải mã nhiệm vụ: hãy ghi mã nhiệm vụ trước", p=task_id),
                         hint=right(tr("TASK_ID", "MÃ_NHIỆM_VỤ"), task_id, fields))
