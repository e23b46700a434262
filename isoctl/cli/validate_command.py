"""``isoctl validate`` as a plain function: the typer command and the quick start
(:mod:`isoctl.cli.entry`) both call :func:`run`, so the two cannot drift apart."""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack, closing
from typing import Any

from isoctl.cli.output import colour, echo, escape_controls
from isoctl.i18n import tr

_STREAMED = ("full", "concise", "github")  # one finding after another: printed as each file is done
_WRITTEN = ("json", "sarif")  # one document, written a finding at a time


def _wrapped(to_stdout: bool) -> bool:
    """Whether the full report's messages and hints are wrapped to the width: only on a terminal.
    As ruff's output, a report piped or written to a file is the same whatever the terminal or
    COLUMNS say: each finding's first line whole, for grep and scripts."""
    isatty = getattr(sys.stdout, "isatty", None)
    return to_stdout and callable(isatty) and bool(isatty())


def _columns() -> int | None:
    """``shutil.get_terminal_size((0, 0)).columns or None`` (shutil imports bz2 and lzma): COLUMNS
    when it is a positive number, else the width of the terminal stdout is, else None."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or None


def run(config: Any, paths: list[str] | None, output_format: str | None = None, *, quiet: bool = False,
        strict: bool = False, select: str | None = None, ignore: str | None = None, jobs: int | None = None,
        fix: bool = False, diff: bool = False, baseline: str | None = None, write_baseline: str | None = None,
        force: bool = False, show_activities: bool = False, output_file: str | None = None,
        exit_zero: bool = False, statistics: bool = False, show_settings: bool = False,
        force_exclude: bool = False, stdin_filename: str | None = None) -> int:
    """Check the plans at ``paths`` (default: the configured folder); print; return the exit code.
    ``-`` is standard input, reported (and configured, per-file-ignores) as ``stdin_filename``;
    ``stdin_filename`` without paths means ``-``."""
    from isoctl.diagnostics import UsageError
    from isoctl.fsutil import STDIN, atomic_writer, write_atomic
    from isoctl.lint import report
    from isoctl.lint.engine import lint_paths
    from isoctl.plan.files import find_plans

    sel = [s.strip() for s in select.split(",") if s.strip()] if select else None
    ign = [s.strip() for s in ignore.split(",") if s.strip()] if ignore else None
    if show_settings:
        from isoctl.cli.options import global_options, hoist, lang_origin
        from isoctl.lint.config import check_selectors
        from isoctl.lint.settings import resolve, settings_json, settings_text

        check_selectors("--select", sel)
        check_selectors("--ignore", ign)
        argv = hoist(sys.argv[1:])
        given = {**global_options(argv)[0], "lang_from": lang_origin(argv)}
        rows = resolve(config, {**given, "output_format": output_format, "select": sel, "ignore": ign,
                                "jobs": jobs, "paths": paths, "baseline": baseline, "strict": strict})
        echo((settings_json if output_format == "json" else settings_text)(rows).rstrip("\n"))
        return 0
    if stdin_filename is not None:
        if not paths:
            paths = [STDIN]
        elif STDIN not in paths:
            raise UsageError(tr("--stdin-filename names the plan read from standard input, and no '-' is given",
                                "--stdin-filename đặt tên cho kế hoạch đọc từ đầu vào chuẩn, nhưng không có '-'"),
                             hint=tr("cat plan.yaml | isoctl validate --stdin-filename plans/plan.yaml -",
                                     "cat plan.yaml | isoctl validate --stdin-filename plans/plan.yaml -"))
        if not stdin_filename.strip():
            raise UsageError(tr("--stdin-filename is empty", "--stdin-filename đang để trống"))
    if fix and diff:
        raise UsageError(tr("--fix and --diff cannot be used together", "không dùng --fix cùng với --diff"),
                         hint=tr("--diff previews what --fix would write", "--diff cho xem trước những gì --fix sẽ ghi"))
    default_folder = None if paths else str(config.resolve(config.plans) or "plans")
    if default_folder is not None and not os.path.isdir(default_folder):
        raise UsageError(tr("no plans folder '{p}' here", "không có thư mục kế hoạch '{p}' ở đây", p=default_folder),
                         hint=tr("give the plan files or folders to check, or set 'plans' in the configuration",
                                 "hãy ghi các tệp hoặc thư mục kế hoạch cần kiểm tra, hoặc đặt 'plans' trong cấu hình"))
    found = find_plans(paths or [default_folder], config.exclude, force_exclude=force_exclude)
    files = found.files
    if force_exclude and paths and not files and not found.empty:
        if not quiet:  # every file named is one a folder search skips: nothing to check is no error
            echo(tr("0 file(s) checked: every file named is skipped (--force-exclude)",
                    "đã kiểm tra 0 tệp: mọi tệp được nêu đều bị bỏ qua (--force-exclude)"), err=True)
        return 0
    for folder in found.empty if files or not paths else ():
        echo(tr("warning: no plan in {p} (no *.yaml file there starts like a plan)",
                "cảnh báo: không có kế hoạch trong {p} (không tệp *.yaml nào ở đó có dạng kế hoạch)", p=folder), err=True)
    if not files and paths:
        raise UsageError(tr("nothing to check: no plan file in {p}", "không có gì để kiểm tra: không có tệp kế hoạch trong {p}",
                            p=", ".join(paths)),
                         hint=tr("a plan is a .yaml file with 'format:', 'year:', 'agency:' or 'phases:' at the start "
                                 "of a line", "kế hoạch là tệp .yaml có 'format:', 'year:', 'agency:' hoặc 'phases:' "
                                 "ở đầu một dòng"))
    # asked for by name, never guessed from the environment (GITHUB_ACTIONS), as ruff does
    fmt = output_format or config.output_format or "full"
    machine = fmt in ("json", "sarif", "github")
    reporter = report.REPORTERS[fmt]
    to_stdout = output_file is None
    columns = None
    if fmt == "full":  # on a terminal (or with COLUMNS) the source excerpts fit its width; on a
        import functools  # terminal the messages and hints too (its width, or COLUMNS when set)

        columns = _columns()
        reporter = functools.partial(report.full, columns=columns, wrap=_wrapped(to_stdout))
    paint = colour() and not machine and to_stdout
    if baseline is None and config.baseline and not write_baseline:
        baseline = str(config.resolve(config.baseline))
    known = None
    if baseline:
        from isoctl.lint.baseline import load as load_bl

        known = load_bl(baseline)
    plain = not statistics and not (fix or diff)
    stream = to_stdout and plain and fmt in _STREAMED  # printed as each file is done
    # to an output file: full, concise and github written into it as each file is done
    to_file = output_file is not None and plain and fmt in _STREAMED
    # json and sarif are written a finding at a time, never built as one document (10,000 plans)
    written = plain and fmt in _WRITTEN
    # the summary, --statistics and the exit code need counts only: no finding, and no file's
    # text, is kept once its file is reported (10,000 plans would hold every one of them)
    tally = report.Tally()
    keep = fix or diff  # --fix works on every finding (the baseline's entries are written as each file is done)
    findings = []
    texts: Any = {}  # --fix: the fixed texts the full report shows (a TextStore; closed when it goes)
    shown: list = []  # --fix / --diff: what the report holds (the baseline's findings left out)
    matched = 0
    fixed = 0
    # --show-activities: each plan's table, printed after the run, waits in a temporary file
    tables = report.TextSpool() if show_activities else None
    changed = False
    progress = None
    with ExitStack() as out:
        write = None
        if written or to_file:
            # an output file is checked (exists without --force, a folder) before any plan is read
            write = out.enter_context(atomic_writer(output_file, force=force)) if output_file is not None \
                else sys.stdout.write
        as_json = report.JsonReport(write) if written and fmt == "json" else None
        # sarif's rules (every code found) come before its results: they wait in a temporary file
        spool = out.enter_context(closing(report.SarifSpool())) if written and fmt == "sarif" else None
        # --write-baseline: each file's findings go into the baseline's temp file as that file is
        # done (checked, like -o, before any plan is read); one atomic rename when the run ends
        recorder, held = None, False
        if write_baseline:
            from isoctl.lint.baseline import streamed

            recorder = out.enter_context(streamed(write_baseline, force=force))
        if fix or diff:
            from isoctl.lint.fix import fix_files

            # each file's diff is printed as that file is done, each fixed file written then; only
            # the texts the full report's excerpts need (files with findings left) are kept
            n_diffs = 0

            def show_diff(text: str) -> None:
                nonlocal n_diffs
                n_diffs += 1
                echo(text)

            # --diff reports no finding, so keeps no text but standard input's; --fix's wait on disk
            findings, fixed, _, texts = fix_files(files, config, sel, ign, write=fix, stdin_name=stdin_filename,
                                                  on_diff=show_diff, sources=fmt == "full" and fix,
                                                  texts=report.TextStore())
            if fix and STDIN in files:  # the fixed plan on stdout (as ruff does), the report on stderr
                piped = texts.get(stdin_filename or STDIN)
                if piped is not None:
                    sys.stdout.write(piped)
                    sys.stdout.flush()
                to_stdout = False
            changed = n_diffs > 0
        else:
            # findings sort by file first: linted in that order, each file's findings are the
            # report's next ones (a file's findings all carry the path it was given as); printed
            # as they come, the files keep the order they were found in
            ranked = sorted(files, key=lambda p: stdin_filename if p == STDIN and stdin_filename else p)
            order = ranked if write is not None else files
            # the baseline's entries are in sorted order: streamed when the files are linted in
            # that order (a folder's are); files named out of order are held and written at the end
            if recorder is not None and order != ranked:
                keep, held = True, True
            reports = lint_paths(order, config, sel, ign, jobs if not show_activities else 1, stdin_name=stdin_filename,
                                 texts=fmt == "full" and (stream or to_file))
            from isoctl.present import progress as bar

            # on stderr, when it is a terminal and the run is not quiet (as pip's and cargo's);
            # drawn once the run has taken a second, wiped before each file's findings are printed;
            # not over json written to that terminal as it goes (its lines end anywhere)
            if len(files) > 1 and bar.wanted(sys.stderr, quiet=quiet) and \
                    not (as_json is not None and output_file is None and sys.stdout.isatty()):
                progress = bar.Progress(len(files), tr("Checking", "Đang kiểm tra"), delay=bar.delay_from())
            first = True
            try:
                for rep in reports:
                    if keep:
                        findings.extend(rep.findings)
                    if recorder is not None and not held:
                        recorder.add(rep.findings)
                    kept = sorted(rep.findings)
                    if known is not None:
                        kept, n = known.filter(kept)
                        matched += n
                    tally.add(kept)
                    if kept and as_json is not None:
                        as_json.add(kept)
                    elif kept and spool is not None:
                        spool.add(kept)
                    elif kept and (stream or to_file):
                        sources = {rep.file: escape_controls(rep.text or '').splitlines()} if fmt == "full" else {}
                        text = reporter(kept, sources, colour=paint)
                        del sources
                        if fmt != "full":
                            text = text.rstrip("\n") + "\n"
                        if to_file:  # the full report leaves a blank line between files
                            write(text if first or fmt != "full" else "\n" + text)
                            first = False
                        else:
                            if progress is not None:
                                progress.clear()
                            echo(text)
                        del text
                    if progress is not None:
                        progress.advance()
                    if tables is not None and rep.checked is not None and rep.checked.plan is not None:
                        from isoctl.cli.views import activities_table

                        tables.add(activities_table(rep.checked.plan, rep.checked.file))
                    del rep, kept  # this file is reported: nothing of it is kept while the next is linted
            finally:
                if progress is not None:
                    progress.close()
        findings.sort()
        if recorder is not None and (held or fix or diff):
            recorder.add(findings)
        if fix or diff:
            shown = findings
            if known is not None:
                shown, matched = known.filter(findings)
            shown.sort()
            tally = report.Tally(shown)
        if as_json is not None:
            as_json.close()
        elif spool is not None:
            for piece in spool.pieces():
                write(piece)
        if write is not None and output_file is None:  # (a bound method is never `is` another)
            sys.stdout.flush()
    if tables is not None:
        for piece in tables.pieces():
            echo(piece, err=machine)
        tables.close()
    if recorder is not None:
        echo(tr("recorded {n} finding(s) in {p}", "đã ghi {n} vấn đề vào {p}", n=recorder.count, p=write_baseline),
             err=True)
    if matched and not quiet:
        echo(tr("{n} finding(s) hidden by the baseline {p}", "{n} vấn đề được bỏ qua theo baseline {p}",
                n=matched, p=baseline), err=True)
    if diff:
        echo(tr("would fix {n} finding(s); {m} would remain", "sẽ sửa {n} vấn đề; còn lại {m} vấn đề",
                n=fixed, m=tally.total), err=True)
        return 1 if changed and not exit_zero else 0
    if statistics:
        text = report.statistics_json(tally) if fmt == "json" else report.statistics_text(tally)
    elif stream or written or to_file:
        text = ""
    else:
        if fmt == "full":  # file by file, so that one file's lines are held at a time
            from itertools import groupby

            text = "\n".join(reporter(list(group), {name: escape_controls(texts.get(name) or "").splitlines()},
                                       colour=paint) for name, group in groupby(shown, key=lambda f: f.file))
        else:
            text = reporter(shown, {}, colour=paint)
        if text and fmt != "full":
            text = text.rstrip("\n") + "\n"
    if output_file is not None and not (written or to_file):
        write_atomic(output_file, text, force=force)
    elif text:
        echo(text, err=not to_stdout)
    if not quiet:
        said = report.summary(tally, len(files), fixed=fixed)
        if fmt == "full" and _wrapped(to_stdout):
            said = "\n".join(report.wrap_line(said, columns, indent=2))
        echo(said, err=machine or statistics or not to_stdout)
    return 1 if tally.failing(strict) and not exit_zero else 0
