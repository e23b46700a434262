"""``isoctl validate`` as a plain function: the typer command and the quick start
(:mod:`isoctl.cli.entry`) both call :func:`run`, so the two cannot drift apart."""

from __future__ import annotations

import os
import sys
from typing import Any

from isoctl.cli.output import colour, echo, escape_controls
from isoctl.i18n import tr


def run(config: Any, paths: list[str] | None, output_format: str | None = None, *, quiet: bool = False,
        strict: bool = False, select: str | None = None, ignore: str | None = None, jobs: int | None = None,
        fix: bool = False, diff: bool = False, baseline: str | None = None, write_baseline: str | None = None,
        force: bool = False, show_activities: bool = False) -> int:
    """Check the plans at ``paths`` (default: the configured folder); print; return the exit code."""
    from isoctl.lint import report
    from isoctl.lint.engine import lint_paths
    from isoctl.plan.files import discover

    targets = paths or [str(config.resolve(config.plans) or "plans")]
    files = discover(targets, config.exclude)
    fmt = output_format or config.output_format or (
        "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full")
    sel = [s.strip() for s in select.split(",") if s.strip()] if select else None
    ign = [s.strip() for s in ignore.split(",") if s.strip()] if ignore else None
    if fix and diff:
        from isoctl.diagnostics import UsageError

        raise UsageError(tr("--fix and --diff cannot be used together", "không dùng --fix cùng với --diff"),
                         hint=tr("--diff previews what --fix would write", "--diff cho xem trước những gì --fix sẽ ghi"))
    findings = []
    texts: dict[str, str] = {}
    fixed = 0
    checked = []
    changed = False
    if fix or diff:
        from isoctl.lint.fix import fix_files

        findings, fixed, diffs, texts = fix_files(files, config, sel, ign, write=fix)
        for text in diffs:
            echo(text)
        changed = bool(diffs)
    else:
        reports = lint_paths(files, config, sel, ign, jobs if not show_activities else 1)
        if sys.stderr.isatty() and len(files) > 50 and not quiet:
            from isoctl.present.progress import track

            reports = track(reports, len(files), tr("Checking", "Đang kiểm tra"))
        for rep in reports:
            findings.extend(rep.findings)
            if rep.text is not None:
                texts[rep.file] = rep.text
            if show_activities and rep.checked is not None and rep.checked.plan is not None:
                checked.append(rep.checked)
    findings.sort()
    machine = fmt in ("json", "sarif", "github")
    if show_activities:
        from isoctl.cli.views import activities_table

        for item in checked:
            echo(activities_table(item.plan, item.file), err=machine)
    if write_baseline:
        from isoctl.lint.baseline import write as write_bl

        count = write_bl(write_baseline, findings, force=force)
        echo(tr("recorded {n} finding(s) in {p}", "đã ghi {n} vấn đề vào {p}", n=count, p=write_baseline), err=True)
    if baseline is None and config.baseline and not write_baseline:
        baseline = str(config.resolve(config.baseline))
    if baseline:
        from isoctl.lint.baseline import load as load_bl

        findings, matched = load_bl(baseline).filter(findings)
        if matched and not quiet:
            echo(tr("{n} finding(s) hidden by the baseline {p}", "{n} vấn đề được bỏ qua theo baseline {p}",
                    n=matched, p=baseline), err=True)
    if diff:
        echo(tr("would fix {n} finding(s); {m} would remain", "sẽ sửa {n} vấn đề; còn lại {m} vấn đề",
                n=fixed, m=len(findings)), err=True)
        return 1 if changed else 0
    if not quiet:
        sources = {f.file: escape_controls(texts.get(f.file, "")).splitlines() for f in findings} if fmt == "full" else {}
        text = report.REPORTERS[fmt](findings, sources, colour=colour() and not machine)
        if text:
            echo(text.rstrip("\n") + "\n" if fmt != "full" else text)
    echo(report.summary(findings, len(files), fixed=fixed), err=machine)
    failing = any(f.severity == "error" or (strict and f.severity == "warning") for f in findings)
    return 1 if failing else 0
