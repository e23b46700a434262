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
    findings = []
    reports = lint_paths(files, config, sel, ign, jobs)
    if sys.stderr.isatty() and len(files) > 50 and not quiet:
        from rich.progress import track

        reports = track(reports, total=len(files), description=tr("Checking", "Đang kiểm tra"), transient=True,
                        console=_stderr_console())
    for rep in reports:
        findings.extend(rep.findings)
    findings.sort()
    machine = fmt in ("json", "sarif", "github")
    if not quiet:
        sources = {f.file: source_lines(f.file) for f in findings} if fmt == "full" else {}
        text = report.REPORTERS[fmt](findings, sources, colour=_colour() and not machine)
        if text:
            echo(text.rstrip("\n") + "\n" if fmt != "full" else text)
    echo(report.summary(findings, len(files)), err=machine)
    failing = any(f.severity == "error" or (strict and f.severity == "warning") for f in findings)
    raise typer.Exit(1 if failing else 0)


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
