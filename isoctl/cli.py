"""The command line: parse arguments, call the core, print. Nothing else lives here.

Exit codes: 0 clean, 1 findings or bad input, 2 usage or configuration error.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .i18n import set_lang, tr

app = typer.Typer(
    name="isoctl",
    help="Yearly ISO 9001 quality-management plans (TCVN ISO 9001:2015) of Vietnamese public agencies, "
         "as validated YAML in git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Lang(str, Enum):
    en = "en"
    vi = "vi"


class OutputFormat(str, Enum):
    full = "full"
    concise = "concise"
    json = "json"
    github = "github"
    sarif = "sarif"


class _State:
    config_path: str | None = None
    config = None


state = _State()


def _version(value: bool) -> None:
    if value:
        print(f"isoctl {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    lang: Annotated[Optional[Lang], typer.Option("--lang", help="Message language (default: from LANG).",
                                                 envvar="ISOCTL_LANG")] = None,
    config: Annotated[Optional[str], typer.Option("--config", help="Configuration file (default: isoctl.toml "
                                                  "or pyproject.toml \\[tool.isoctl], searched upwards).")] = None,
) -> None:
    state.config_path = config
    set_lang(lang.value if lang else None)


def get_config():
    """Load the configuration once per run (lazily, so --help stays fast)."""
    if state.config is None:
        from .config import load_config
        from .i18n import _lang

        state.config = load_config(state.config_path)
        if _lang is None and state.config.lang:
            set_lang(state.config.lang)
    return state.config


def _colour(stream=sys.stdout) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def echo(text: str = "", err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text if text.endswith("\n") or not text else text + "\n")
    stream.flush()


@app.command()
def validate(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Plan files or folders (default: ./plans).")] = None,
    output_format: Annotated[Optional[OutputFormat], typer.Option(
        "--format", "--output-format", help="full (source and caret), concise, json, github, sarif. "
        "Default: github under GitHub Actions, else full.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    select: Annotated[Optional[str], typer.Option(help="Comma-separated codes or prefixes to check (e.g. C,L001).")] = None,
    ignore: Annotated[Optional[str], typer.Option(help="Comma-separated codes or prefixes to skip.")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Parallel processes (default: all cores).")] = None,
    fix: Annotated[bool, typer.Option("--fix", help="Apply the safe fixes in place (comments and layout kept), "
                                      "then report what remains.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Show the fixes as a unified diff; write nothing "
                                       "(exit 1 if there would be changes).")] = False,
    baseline: Annotated[Optional[str], typer.Option("--baseline", help="Do not report the findings recorded in "
                                                    "this file (see --write-baseline).")] = None,
    write_baseline: Annotated[Optional[str], typer.Option("--write-baseline", help="Record today's findings in "
                                                          "this JSON file (with --force to replace it).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --write-baseline overwrite an existing file.")] = False,
    show_activities: Annotated[bool, typer.Option("--show-activities", help="List each task's activities "
                                                  "(given, or inferred from its title).")] = False,
) -> None:
    """Check plans against the format and the domain rules; report every problem with file:line:col."""
    from . import report
    from .lint import discover, lint_paths, source_lines

    config = get_config()
    targets = paths or [str(config.resolve(config.plans) or "plans")]
    files = discover(targets, config.exclude)
    fmt = (output_format.value if output_format else None) or config.output_format or (
        "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full")
    sel = [s.strip() for s in select.split(",") if s.strip()] if select else None
    ign = [s.strip() for s in ignore.split(",") if s.strip()] if ignore else None
    if fix and diff:
        from .diagnostics import UsageError

        raise UsageError(tr("--fix and --diff cannot be used together", "không dùng --fix cùng với --diff"),
                         hint=tr("--diff previews what --fix would write", "--diff cho xem trước những gì --fix sẽ ghi"))
    findings = []
    fixed = 0
    checked = []
    if fix or diff:
        findings, fixed, changed = _fix_files(files, config, sel, ign, write=fix, quiet=quiet)
    else:
        reports = lint_paths(files, config, sel, ign, jobs if not show_activities else 1)
        if sys.stderr.isatty() and len(files) > 50 and not quiet:
            from rich.progress import track

            reports = track(reports, total=len(files), description=tr("Checking", "Đang kiểm tra"), transient=True,
                            console=_stderr_console())
        for rep in reports:
            findings.extend(rep.findings)
            if show_activities and rep.checked is not None and rep.checked.plan is not None:
                checked.append(rep.checked)
    findings.sort()
    if show_activities:
        from .activities_view import activities_table

        for item in checked:
            echo(activities_table(item.plan, item.file), err=fmt in ("json", "sarif", "github"))
    if write_baseline:
        from .baseline import write as write_bl

        count = write_bl(write_baseline, findings, force=force)
        echo(tr("recorded {n} finding(s) in {p}", "đã ghi {n} vấn đề vào {p}", n=count, p=write_baseline), err=True)
    if baseline:
        from .baseline import load as load_bl

        findings, matched = load_bl(baseline).filter(findings)
        if matched and not quiet:
            echo(tr("{n} finding(s) hidden by the baseline {p}", "{n} vấn đề được bỏ qua theo baseline {p}",
                    n=matched, p=baseline), err=True)
    machine = fmt in ("json", "sarif", "github")
    if diff:
        echo(tr("would fix {n} finding(s); {m} would remain", "sẽ sửa {n} vấn đề; còn lại {m} vấn đề",
                n=fixed, m=len(findings)), err=True)
        raise typer.Exit(1 if changed else 0)
    if not quiet:
        sources = {f.file: source_lines(f.file) for f in findings} if fmt == "full" else {}
        text = report.REPORTERS[fmt](findings, sources, colour=_colour() and not machine)
        if text:
            echo(text.rstrip("\n") + "\n" if fmt != "full" else text)
    echo(report.summary(findings, len(files), fixed=fixed), err=machine)
    failing = any(f.severity == "error" or (strict and f.severity == "warning") for f in findings)
    raise typer.Exit(1 if failing or (diff and changed) else 0)


def _fix_files(files, config, select, ignore, *, write: bool, quiet: bool):
    """--fix / --diff: fix each file in memory, then write it (--fix) or print the diff (--diff)."""
    from .fix import fix_loop
    from .fsutil import write_atomic
    from .lint import lint_file, lint_text
    from .loader import read_text
    from .rules import check_rule_config

    check_rule_config(config)
    findings, fixed, changed = [], 0, False
    for path in files:
        text, error, bom = read_text(path)
        if text is None:
            findings.extend(lint_file(path, config, select, ignore).findings)
            continue
        result = fix_loop(path, text, lambda t, p=path: lint_text(t, config, p, select, ignore).findings)
        findings.extend(result.remaining)
        fixed += result.fixed
        if result.changed:
            changed = True
            if write:
                write_atomic(path, ("\ufeff" if bom else "") + result.text, force=True)
            else:
                echo(result.diff())
    return findings, fixed, changed


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@app.command()
def schema(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Print the JSON Schema of plan files (generated from the models)."""
    from .fsutil import write_atomic
    from .jsonschema import plan_schema_text

    text = plan_schema_text()
    if output is None:
        echo(text)
        return
    write_atomic(output, text, force=force)
    echo(tr("wrote {p}", "đã ghi {p}", p=output), err=True)


# --- lint rules commands ---


class RulesFormat(str, Enum):
    text = "text"
    json = "json"


@app.command("rules")
def rules_command(
    output_format: Annotated[RulesFormat, typer.Option("--format", help="text (a table) or json.")] = RulesFormat.text,
) -> None:
    """List every lint rule: code, name, default severity, fixable, summary."""
    from .activities_view import rules_rows, rules_text

    rows = rules_rows()
    if output_format == RulesFormat.json:
        import json

        echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if _colour():
        from rich.console import Console
        from rich.table import Table

        table = Table(box=None, header_style="bold")
        for col in (tr("code", "mã"), tr("name", "tên"), tr("severity", "mức"), tr("fix", "sửa"), tr("summary", "mô tả")):
            table.add_column(col)
        for r in rows:
            table.add_row(r["code"], r["name"], r["severity"], "✓" if r["fixable"] else "", r["summary"])
        Console().print(table)
        return
    echo(rules_text(rows))


@app.command("explain")
def explain_command(
    rule: Annotated[str, typer.Argument(help="A rule code (D004) or name (no-signer).")],
) -> None:
    """Print a rule's documentation: what it checks, why, examples, options and their defaults."""
    import difflib

    from .activities_view import explain_text
    from .diagnostics import UsageError
    from .rules import by_code

    table = by_code()
    mod = table.get(rule) or table.get(rule.upper()) or table.get(rule.lower())
    if mod is None:
        close = difflib.get_close_matches(rule, list(table), n=1, cutoff=0.5) or \
            difflib.get_close_matches(rule.upper(), list(table), n=1, cutoff=0.5)
        raise UsageError(tr("unknown rule '{r}'", "không có quy tắc '{r}'", r=rule),
                         hint=tr("did you mean '{c}'?", "có phải ý bạn là '{c}'?", c=close[0]) if close else
                         tr("`isoctl rules` lists the rules", "`isoctl rules` liệt kê các quy tắc"))
    text = explain_text(mod)
    if _colour():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
        return
    echo(text)


def main() -> None:
    """Entry point: run the app, mapping every error to a message and an exit code."""
    from .diagnostics import IsoctlError

    try:
        rc = app(standalone_mode=False)
        sys.exit(rc if isinstance(rc, int) else 0)
    except IsoctlError as exc:
        echo(f"isoctl: {exc}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        echo(tr("aborted", "đã hủy"), err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        echo(tr("interrupted", "đã ngắt"), err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except Exception as exc:  # a bug in isoctl: say so briefly, never dump a traceback on a user
        if hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()  # click's usage errors (typer may vendor click): they print themselves
            sys.exit(exc.exit_code)
        if type(exc).__name__ == "Exit" and isinstance(getattr(exc, "exit_code", None), int):
            sys.exit(exc.exit_code)
        if os.environ.get("ISOCTL_DEBUG"):
            raise
        echo(tr("isoctl: internal error: {e}: {m}\n  set ISOCTL_DEBUG=1 to see the traceback, and please report it",
                "isoctl: lỗi nội bộ: {e}: {m}\n  đặt ISOCTL_DEBUG=1 để xem chi tiết và vui lòng báo lỗi",
                e=type(exc).__name__, m=exc), err=True)
        sys.exit(2)
