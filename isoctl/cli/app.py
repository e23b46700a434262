"""The command line: parse arguments, call the core, print. Nothing else lives here.

Exit codes: 0 clean, 1 findings or bad input, 2 usage or configuration error.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from isoctl import __version__
from isoctl.cli.options import DONE, GLOBAL, IMPORT_DOCX, SET, VALIDATE, Option
from isoctl.cli.output import colour, echo, escape_controls
from isoctl.i18n import choose, tr


class _Group(typer.core.TyperGroup):
    """typer's group, suggesting a command for a mistyped one only when it is close (isoctl.suggest)."""

    def resolve_command(self, ctx, args):
        from typer._click.exceptions import UsageError as ClickUsageError

        from isoctl.suggest import close_matches

        self.suggest_commands = False  # typer's own suggestion takes any command sharing letters
        try:
            return super().resolve_command(ctx, args)
        except ClickUsageError as exc:
            hits = close_matches(args[0], [n for n, c in self.commands.items() if not c.hidden], 2) if args else []
            if hits and exc.message.startswith("No such command"):
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {' or '.join(map(repr, hits))}?"
            raise


app = typer.Typer(
    name="isoctl",
    cls=_Group,
    help="Yearly ISO 9001 quality-management plans (TCVN ISO 9001:2015) of Vietnamese public agencies, "
         "as validated YAML in git.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help text is printed as written: [tool.isoctl.diff] stays
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _parameter(option: Option) -> inspect.Parameter:
    """A typer parameter from a declaration of :mod:`isoctl.cli.options`."""
    extra: dict = {}
    if option.kind == "flag":
        annotation, default = bool, False
    elif option.kind == "int":
        annotation, default = Optional[int], None
        if option.min is not None:
            extra["min"] = option.min
    elif option.kind == "choice":
        choices = Enum(option.dest.title().replace("_", ""), {c: c for c in option.choices}, type=str)
        annotation, default = Optional[choices], None
    else:
        annotation, default = Optional[str], None
    if option.envvar:
        extra["envvar"] = option.envvar
    if option.metavar:
        extra["metavar"] = option.metavar
    info = typer.Option(*option.flags, help=option.help, **extra)
    return inspect.Parameter(option.dest, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=Annotated[annotation, info])


def _plain(value: object) -> object:
    return value.value if isinstance(value, Enum) else value


def declared(options: tuple[Option, ...], leading: tuple[inspect.Parameter, ...] = ()):
    """Give a ``**kwargs`` command the typer signature of ``options`` (choices arrive as strings)."""

    def wrap(func):
        @functools.wraps(func)
        def command(*args, **kwargs):
            return func(*args, **{k: _plain(v) for k, v in kwargs.items()})

        command.__signature__ = inspect.Signature([*leading, *map(_parameter, options)])
        return command

    return wrap


class _State:
    config_path: str | None = None
    lang: str | None = None
    config = None


state = _State()


def _version(value: bool) -> None:
    if value:
        print(f"isoctl {__version__}")
        raise typer.Exit()


@app.callback()
@declared(GLOBAL, (inspect.Parameter("version", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=Annotated[
    bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")]),))
def main_callback(version: bool = False, lang: str | None = None, config: str | None = None,
                  color: str | None = None) -> None:
    from isoctl.cli.output import set_colour

    set_colour(color)
    state.config_path, state.lang = config, lang
    choose(lang)


def get_config():
    """Load the configuration once per run (lazily, so --help stays fast)."""
    if state.config is None:
        from isoctl.lint.config import load_run_config

        state.config = load_run_config(state.config_path, state.lang)
    return state.config


_PATHS = inspect.Parameter("paths", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None, annotation=Annotated[
    Optional[list[str]], typer.Argument(help="Plan files or folders (default: ./plans).")])


@app.command()
@declared(VALIDATE, (_PATHS,))
def validate(paths: list[str] | None = None, **options) -> None:
    """Check plans against the format and the domain rules; report every problem with file:line:col."""
    from isoctl.cli.validate_command import run

    raise typer.Exit(run(get_config(), paths, options.pop("output_format"), **options))


@app.command()
def schema(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Print the JSON Schema of plan files (generated from the models)."""
    from isoctl.fsutil import write_atomic
    from isoctl.plan.jsonschema import plan_schema_text

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
    """List every code: the loader's and schema check's (E001…), then the lint rules: code, name, default severity, fixable, summary."""
    from isoctl.cli.views import rules_rows, rules_text

    rows = rules_rows()
    if output_format == RulesFormat.json:
        import json

        echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if colour():
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        from isoctl.cli.views import rules_head
        from isoctl.lint.report import severity_word

        table = Table(box=None, header_style="bold")
        for col in rules_head():
            table.add_column(col)
        for r in rows:
            # Text, not markup: a summary's brackets ("ignore[…]") are shown as written
            table.add_row(*(Text(x) for x in (r["code"], r["name"], severity_word(r["severity"]),
                                              "✓" if r["fixable"] else "", r["summary"])))
        Console().print(table)
        return
    echo(rules_text(rows))


@app.command("explain")
def explain_command(
    rule: Annotated[str, typer.Argument(help="A rule code (D004, E101) or name (no-signer, unknown-field).")],
) -> None:
    """Print a code's documentation: what it checks, why, examples, the fix, options and their defaults."""
    from isoctl.cli.views import explain_text
    from isoctl.diagnostics import UsageError
    from isoctl.lint.rules import by_code
    from isoctl.plan import codes
    from isoctl.suggest import close_matches

    table = by_code()
    mod = table.get(rule) or table.get(rule.upper()) or table.get(rule.lower())
    schema_code = codes.by_name_or_code(rule) if mod is None else None
    if mod is None and schema_code is None:
        known = [*table, *codes.CODES, *(c.name for c in codes.CODES.values())]
        close = close_matches(rule, known) or \
            close_matches(rule.upper(), known)
        raise UsageError(tr("unknown rule '{r}'", "không có quy tắc '{r}'", r=rule),
                         hint=tr("did you mean '{c}'?", "có phải ý bạn là '{c}'?", c=close[0]) if close else
                         tr("`isoctl rules` lists the rules", "`isoctl rules` liệt kê các quy tắc"))
    text = codes.explain_text(schema_code) if schema_code is not None else explain_text(mod)
    if colour():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
        return
    echo(text)


# --- diff and review commands ---


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


def _diff_threshold(value: Optional[float]) -> float:
    """--threshold, else the configuration's (checked when it was loaded)."""
    from isoctl.diagnostics import UsageError
    from isoctl.lint.config import DEFAULT_THRESHOLD

    if value is not None:
        if not 0 <= value <= 1:
            raise UsageError(tr("--threshold must be between 0 and 1", "--threshold phải nằm trong khoảng 0 đến 1"))
        return value
    return float(get_config().diff.get("threshold", DEFAULT_THRESHOLD))


@app.command("diff")
def diff_command(
    old: Annotated[Optional[str], typer.Argument(help="Old plan: a file or a git object REV:path (HEAD~1:plans/plan-2024.yaml).", show_default=False)] = None,
    new: Annotated[Optional[str], typer.Argument(help="New plan: a file or REV:path.", show_default=False)] = None,
    rev: Annotated[Optional[str], typer.Option("--rev", help="Compare the one PATH given at this revision with the working tree.")] = None,
    output_format: Annotated[DiffFormat, typer.Option("--format", help="text, json or markdown (for a pull-request comment).")] = DiffFormat.text,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when the plans differ (as git diff --exit-code).")] = False,
    threshold: Annotated[Optional[float], typer.Option("--threshold", help="Title similarity (0–1) needed to pair tasks whose ids differ. Default 0.6 or [tool.isoctl.diff] threshold.")] = None,
) -> None:
    """Compare two plans in the plan's own terms: document, citations, units, phases, tasks, schedules.

    With one plan, compare it with the plan it records it was started from (`isoctl new --from`)."""
    import os

    from isoctl.diagnostics import UsageError
    from isoctl.plan.files import plan_from_text, read_source
    from isoctl.review.diff import FORMATTERS, diff_plans
    from isoctl.review.gitio import check_rev, read_blob

    limit = _diff_threshold(threshold)
    if rev is not None:
        check_rev(rev)
        if old is None or new is not None:
            raise UsageError(tr("with --rev give exactly one PATH", "với --rev hãy ghi đúng một PATH"),
                             hint="isoctl diff --rev HEAD~1 plans/plan-2024.yaml")
        old_text, old_name = read_blob(rev, old), f"{rev}:{old}"
        new_text, new_name = read_source(old)
    elif old is not None and new is None:  # one plan: compared with the plan it was started from
        from isoctl.review.gitio import split_object
        from isoctl.review.review import previous_path

        new_text, new_name = read_source(old)
        obj = split_object(old)
        source = previous_path(plan_from_text(new_text, new_name), (obj[1] if obj else old).replace(os.sep, "/"))
        if source is None:
            raise UsageError(tr("{p} records no plan it was started from: give OLD and NEW",
                                "{p} không ghi kế hoạch gốc (previous): hãy ghi OLD và NEW", p=old),
                             hint="isoctl diff plans/plan-2023.yaml plans/plan-2024.yaml")
        old_text, old_name = read_source(f"{obj[0]}:{source}" if obj else source)
    else:
        if old is None or new is None:
            raise UsageError(tr("give OLD and NEW, or --rev REV PATH", "hãy ghi OLD và NEW, hoặc --rev REV PATH"),
                             hint="isoctl diff plans/plan-2023.yaml plans/plan-2024.yaml")
        old_text, old_name = read_source(old)
        new_text, new_name = read_source(new)
    result = diff_plans(plan_from_text(old_text, old_name), plan_from_text(new_text, new_name),
                        old_name=old_name, new_name=new_name, threshold=limit, old_text=old_text, new_text=new_text)
    echo(escape_controls(FORMATTERS[output_format.value](result)))
    raise typer.Exit(1 if exit_code and not result.is_empty() else 0)


@app.command("textconv")
def textconv_command(
    file: Annotated[str, typer.Argument(help="A plan file (git passes a temporary copy).")],
) -> None:
    """Print a stable line-per-item view of a plan, for git's textconv (git diff, log -p, blame)."""
    from isoctl.plan.files import read_source
    from isoctl.review.review import textconv

    text, name = read_source(file)
    sys.stdout.write(escape_controls(textconv(text, name)))


@app.command("diff-driver", context_settings={"ignore_unknown_options": True})
def diff_driver_command(
    args: Annotated[list[str], typer.Argument(help="path old-file old-hex old-mode new-file new-hex new-mode [new-path info]")],
) -> None:
    """External diff for git (GIT_EXTERNAL_DIFF / diff.isoctl.command): the semantic diff of one file.

    Exits 0 when the files differ, as git requires. Falls back to a line diff when a side is not a
    valid plan.
    """
    import difflib

    from isoctl.diagnostics import IsoctlError, UsageError
    from isoctl.plan.files import plan_from_text
    from isoctl.review.diff import diff_plans, format_text

    if len(args) not in (7, 9):
        raise UsageError(tr("diff-driver is called by git with 7 or 9 arguments, got {n}",
                            "diff-driver được git gọi với 7 hoặc 9 tham số, nhận được {n}", n=len(args)),
                         hint=tr("run `isoctl git-setup`, then `git diff`", "hãy chạy `isoctl git-setup`, rồi `git diff`"))
    path, old_file, new_file = args[0], args[1], args[4]
    new_path = args[7] if len(args) == 9 else path

    def read(p: str) -> str:
        from isoctl.fsutil import read_bytes
        from isoctl.plan.loader import MAX_BYTES

        if p == "/dev/null":
            return ""
        return read_bytes(p, limit=MAX_BYTES, boundary=os.path.dirname(os.path.abspath(p)),
                          what="plan").decode("utf-8", "replace")

    old_text, new_text = read(old_file), read(new_file)
    echo(escape_controls(f"isoctl diff a/{path} b/{new_path}"))
    try:
        if not old_text or not new_text:
            raise IsoctlError(tr("added or deleted", "thêm mới hoặc xóa"))
        result = diff_plans(plan_from_text(old_text, f"a/{path}"), plan_from_text(new_text, f"b/{new_path}"),
                            old_name=f"a/{path}", new_name=f"b/{new_path}", threshold=_diff_threshold(None),
                            old_text=old_text, new_text=new_text)
        sys.stdout.write(escape_controls(format_text(result)))
    except IsoctlError as exc:
        if old_text and new_text:
            echo(escape_controls(tr("(line diff: {e})", "(so sánh theo dòng: {e})", e=str(exc).splitlines()[0])))
        sys.stdout.writelines(escape_controls(line) for line in difflib.unified_diff(old_text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                                   f"a/{path}", f"b/{new_path}"))
    sys.stdout.flush()


@app.command("git-setup")
def git_setup_command(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be done, change nothing.")] = False,
    pattern: Annotated[Optional[str], typer.Option("--pattern", help="Files to mark in .gitattributes (default: <plans>/**/*.yaml and <plans>/**/*.yml, the files validate searches).")] = None,
    command: Annotated[Optional[str], typer.Option("--command", help="How git should run isoctl (default: this Python, by its absolute path, with -m isoctl, so git finds it from any terminal, GUI or IDE).")] = None,
    driver: Annotated[bool, typer.Option("--driver", help="Also install the external diff driver: `git diff` prints isoctl's semantic diff (then make patches with --no-ext-diff).")] = False,
    undo: Annotated[bool, typer.Option("--undo", help="Remove what git-setup wrote.")] = False,
) -> None:
    """Set this repository up so git diff / log -p / blame read plans well (idempotent)."""
    import os
    import shlex

    from isoctl.review.gitio import repo_root, setup_git

    root = repo_root()
    patterns: list[str] = [pattern] if pattern is not None else []
    if pattern is None:
        config = get_config()
        plans = config.resolve(config.plans) or Path("plans")
        rel = os.path.relpath(Path(plans).resolve(), root.resolve()).replace(os.sep, "/")
        folder = "" if rel == "." or rel.startswith("..") else f"{rel}/**/"
        patterns = [f"{folder}*.yaml", f"{folder}*.yml"]  # both, as validate's folder search takes both
    if command is None:
        command = f"{shlex.quote(os.path.abspath(sys.executable))} -m isoctl"
    for line in setup_git(command, patterns, dry_run=dry_run, driver=driver, undo=undo):
        echo(("(dry run) " if dry_run else "") + line)


class ReviewFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"
    github = "github"
    sarif = "sarif"


@app.command("review")
def review_command(
    range_: Annotated[str, typer.Argument(metavar="BASE..HEAD", help="Commit range, e.g. origin/main..HEAD (BASE...HEAD: from the merge base); one revision REV means REV~1..REV, the change it made, as git show shows it.")],
    output_format: Annotated[ReviewFormat, typer.Option("--format", help="text, markdown (for a pull-request comment or a job summary), json, github (workflow-command annotations) or sarif (code scanning).")] = ReviewFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Introduced warnings fail too (exit 1).")] = False,
    threshold: Annotated[Optional[float], typer.Option("--threshold", help="Title similarity for pairing tasks (0–1).")] = None,
) -> None:
    """For every plan changed in a range: the semantic diff and the lint findings the change introduced."""
    from isoctl.review.review import format_review, review_range

    limit = _diff_threshold(threshold)
    reviews = review_range(range_, get_config(), threshold=limit)
    from isoctl.review.gitio import repo_root

    text = format_review(reviews, output_format.value, range_, root=str(repo_root()))
    # text, markdown and github are read on a terminal or a CI log: plan text escaped; json and sarif as stored
    echo(text if output_format.value in ("json", "sarif") else escape_controls(text))
    failing = any(f.severity == "error" or (strict and f.severity == "warning") for r in reviews for f in r.introduced)
    raise typer.Exit(1 if failing else 0)


@app.command("new")
def new_command(
    source: Annotated[str, typer.Option("--from", help="Last year's plan.")],
    year: Annotated[int, typer.Option("--year", help="The new plan's year.")],
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Where to write: a file, or a folder for the source name with the year replaced (the default, beside the source); '-' for stdout. The schema pointer (yaml-language-server line) is rewritten for the new place.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Start next year's plan from last year's: dates moved on, number/date cleared, statuses reset, comments kept."""
    import os

    from isoctl.diagnostics import UsageError
    from isoctl.fsutil import write_atomic
    from isoctl.plan.files import plan_from_text, read_source
    from isoctl.review.gitio import split_object
    from isoctl.review.rollover import default_output, repoint_schema, roll_over

    text, name = read_source(source)
    obj = split_object(source) if source != "-" else None
    src = os.path.abspath(obj[1] if obj else source) if source != "-" else None
    old_year = plan_from_text(text, name).year
    target = output
    if target and target != "-" and (target.endswith(("/", os.sep)) or os.path.isdir(target)):
        named = default_output(os.path.basename(src), old_year, year) if src else None
        target = os.path.join(target, named) if named else None
    elif target is None:
        target = default_output(source, old_year, year)
    if target is None:
        raise UsageError(tr("the source name has no year to replace; give --output FILE",
                            "tên tệp nguồn không có năm để thay; hãy ghi --output TỆP"))
    here = os.path.dirname(os.path.abspath(target)) if target != "-" else os.getcwd()
    previous = os.path.relpath(src, here).replace(os.sep, "/") if src else None
    result = roll_over(text, year, name, previous=previous)
    result.text, moved = repoint_schema(result.text, os.path.dirname(src) if src else os.getcwd(), here)
    if moved:
        result.changes.append(moved)
    if target == "-":
        sys.stdout.write(result.text)
    else:
        write_atomic(target, result.text, force=force)
    for line in result.summary():
        echo(escape_controls(f"  {line}"), err=target == "-")
    if target != "-":
        echo(tr("wrote {p}: it passes the schema; now run `isoctl validate {p}`, review it and add this year's tasks",
                "đã ghi {p}: đạt lược đồ; hãy chạy `isoctl validate {p}`, rà soát và bổ sung nhiệm vụ năm nay",
                p=target))


# --- timeline, status and progress commands ---


class StatusFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


def _plan_path(plan: Optional[str]) -> str:
    from isoctl.cli.edit_command import plan_path

    return plan_path(get_config(), plan)


def _load_plan(path: str):
    """The plan, or its findings printed like `validate` does and exit 1. A large plan file
    read leaves its state in the cache for done/set (:func:`isoctl.lint.incremental.keep_read`)."""
    from isoctl.lint.incremental import keep_read
    from isoctl.plan.files import InvalidPlan, load_checked

    try:
        checked, text = load_checked(path)
    except InvalidPlan as exc:
        _print_invalid(exc)
        raise typer.Exit(1) from None
    if text is not None:
        keep_read(path, text, checked, get_config())
    return checked.plan


def _print_invalid(exc) -> None:
    from isoctl.cli.edit_command import print_invalid

    print_invalid(exc)


def _as_of(value: Optional[str]):
    import datetime as dt

    from isoctl.plan.dates import parse_date

    return parse_date(value) if value else dt.date.today()


@app.command("timeline")
def timeline_command(
    plan: Annotated[Optional[str], typer.Argument(help="Plan file (default: the newest in ./plans, or `plan` in the configuration).")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="The date of the today line and of lateness (YYYY-MM-DD; default today).")] = None,
    phase: Annotated[Optional[str], typer.Option("--phase", help="Only this phase (its id).")] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", help="Only tasks this unit leads or partners (id or name).")] = None,
    activity: Annotated[Optional[str], typer.Option("--activity", help="Only tasks of this activity (e.g. internal-audit; given or inferred).")] = None,
    late: Annotated[bool, typer.Option("--late", help="Only late tasks.")] = False,
    width: Annotated[Optional[int], typer.Option("--width", help="Width in columns (default: the terminal's, else 120).")] = None,
    svg: Annotated[Optional[str], typer.Option("--svg", metavar="FILE", help="Write the chart as an SVG image to this file ('-': stdout).")] = None,
    html: Annotated[Optional[str], typer.Option("--html", metavar="FILE", help="Write the chart as an HTML page to this file ('-': stdout).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --svg/--html overwrite existing files.")] = False,
) -> None:
    """A Gantt chart of the plan: months, marks per schedule kind, colours by status, a today line."""
    import shutil

    from isoctl.diagnostics import UsageError
    from isoctl.timeline.layout import build_timeline

    if width is not None and not 60 <= width <= 1000:
        raise UsageError(tr("--width must be between 60 and 1000", "--width phải trong khoảng 60 đến 1000"))
    path = _plan_path(plan)
    day = _as_of(as_of)
    model = _load_plan(path)
    tl = build_timeline(model, day, phase=phase, unit=unit, activity=activity, late_only=late)
    cols = width or max(60, shutil.get_terminal_size((120, 40)).columns)
    from isoctl.present.gantt import export, render_text

    if svg == html == "-":
        raise UsageError(tr("--svg - and --html - would both write to stdout: give one of them a file",
                            "--svg - và --html - cùng ghi ra stdout: hãy ghi một trong hai vào tệp"))
    if svg or html:
        from isoctl.fsutil import STDIN, write_atomic

        for target, is_svg in ((svg, True), (html, False)):
            if target == STDIN:
                sys.stdout.write(export(tl, width or 120, svg=is_svg))
                sys.stdout.flush()
            elif target:
                write_atomic(target, export(tl, width or 120, svg=is_svg), force=force)
                echo(tr("wrote {p}", "đã ghi {p}", p=target), err=True)
        return
    sys.stdout.write(render_text(tl, cols, colour=colour()))
    sys.stdout.flush()


@app.command("status")
def status_command(
    plan: Annotated[Optional[str], typer.Argument(help="Plan file (default: the newest in ./plans).")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="The date to report at (YYYY-MM-DD; default today).")] = None,
    output_format: Annotated[StatusFormat, typer.Option("--format", help="text, json or markdown.")] = StatusFormat.text,
    fail_on_late: Annotated[bool, typer.Option("--fail-on-late", help="Exit 1 when any task is late (a CI reminder).")] = False,
    width: Annotated[Optional[int], typer.Option("--width", help="Wrap the text at this many columns (default: the terminal's; not wrapped when piped).")] = None,
) -> None:
    """Progress per phase, late tasks, what is due this month and next, recurring duties."""
    from isoctl.timeline.layout import build_status, status_markdown, status_text

    path = _plan_path(plan)
    day = _as_of(as_of)
    st = build_status(_load_plan(path), day, path)
    if output_format == StatusFormat.json:
        import json

        echo(json.dumps(st.to_dict(), ensure_ascii=False, indent=2))
    else:
        if output_format == StatusFormat.markdown:
            echo(status_markdown(st).rstrip("\n"))
        else:
            import shutil

            from isoctl.diagnostics import UsageError

            if width is not None and not 60 <= width <= 1000:
                raise UsageError(tr("--width must be between 60 and 1000", "--width phải trong khoảng 60 đến 1000"))
            columns = width or (max(60, shutil.get_terminal_size((120, 40)).columns) if sys.stdout.isatty() else None)
            echo(status_text(st, columns).rstrip("\n"))
    raise typer.Exit(1 if fail_on_late and st.late else 0)


_TASK_ID = inspect.Parameter("task_id", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Annotated[
    str, typer.Argument(metavar="TASK_ID", help="The task's id.")])
_DONE_PLAN = inspect.Parameter("plan", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None, annotation=Annotated[
    Optional[str], typer.Argument(help="Plan file (default: the newest in ./plans).")])
_SET_ITEMS = inspect.Parameter("items", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Annotated[
    list[str], typer.Argument(metavar="FIELD=VALUE... [PLAN]", help="status=planned|in-progress|done|cancelled, "
                              "done_on=DATE, when=SCHEDULE, note=TEXT, result=TEXT, evidence=TEXT, reason=TEXT; "
                              "and optionally the plan file.")])


@app.command("done")
@declared(DONE, (_TASK_ID, _DONE_PLAN))
def done_command(task_id: str, plan: str | None = None, **options) -> None:
    """Mark a task done (status: done, done_on: the day); comments and layout of the file kept.

    The edited plan is linted first: a change that introduces an error is refused (exit 1, the
    file untouched) unless --force."""
    from isoctl.cli.edit_command import run_done

    raise typer.Exit(run_done(get_config(), task_id, plan, **options))


@app.command("set")
@declared(SET, (_TASK_ID, _SET_ITEMS))
def set_command(task_id: str, items: list[str], **options) -> None:
    """Set fields of a task (status, done_on, when, note, result, evidence, reason).

    The edited plan is validated and linted first: a change that introduces an error (as
    `validate` reports it) is refused (exit 1, the file untouched) unless --force."""
    from isoctl.cli.edit_command import run_set

    raise typer.Exit(run_set(get_config(), task_id, items, **options))


# --- render commands ---

render_app = typer.Typer(cls=_Group, help="Official documents (DOCX) from a plan, laid out as Decree 30/2020/NĐ-CP requires.",
                         no_args_is_help=True)
app.add_typer(render_app, name="render")
templates_app = typer.Typer(cls=_Group, help="The Jinja templates the documents are made from.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")


def _render_limits():
    from isoctl.render.limits import Limits

    table = get_config().render
    return Limits(max_seconds=float(table.get("max-seconds", Limits.max_seconds)),
                  max_output=int(table.get("max-output", Limits.max_output)))


def _templates_dir(option: Optional[str]):
    config = get_config()
    return option if option is not None else config.resolve(config.templates)


@render_app.command("docx")
def render_docx(
    plan: Annotated[Optional[str], typer.Argument(help="Plan file (default: the newest plan in ./plans by year).")] = None,
    doc: Annotated[Optional[str], typer.Option("--doc", help="Document kind: ke-hoach (default), qd-ban-hanh, "
                                               "qd-kien-toan-bcd, qd-cong-bo, bao-cao, or a template of yours.")] = None,
    all_kinds: Annotated[bool, typer.Option("--all", help="Render every kind the plan has the data for.")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Output file (with --all: a folder). "
                                                   "Default: build/<plan>-<kind>.docx.")] = None,
    templates: Annotated[Optional[str], typer.Option("--templates", help="Folder of your own *.j2 templates; "
                                                     "they override the built-in ones by name.")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Report date for bao-cao (YYYY-MM-DD; default today).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Refuse to render a plan with lint errors (exit 1).")] = False,
) -> None:
    """Render an official Word document from a plan (Decree 30 layout); the plan's lint errors are printed
    on stderr as it renders."""
    from isoctl.diagnostics import UsageError
    from isoctl.plan.dates import parse_date
    from isoctl.plan.files import InvalidPlan
    from isoctl.render import KINDS
    from isoctl.render.run import render_files

    if doc and all_kinds:
        raise UsageError(tr("--doc and --all cannot be used together", "không dùng --doc cùng với --all"))
    plan_path = _plan_path(plan)
    user_dir = _templates_dir(templates)
    if all_kinds:
        from isoctl.render.templating import discover

        if output is not None and os.path.exists(output) and not os.path.isdir(output):
            raise UsageError(tr("{p} is not a folder; with --all, -o names the folder the documents go to",
                                "{p} không phải thư mục; với --all, -o là thư mục chứa các văn bản", p=output))
        table = discover(user_dir)
        kinds = [k for k in KINDS if k in table] + sorted(set(table) - set(KINDS))
    else:
        kinds = [doc or "ke-hoach"]
    from isoctl.plan.files import load_source, plan_of

    source = load_source(plan_path)  # read and parsed once: linted here, rendered below
    if _lint_errors_before_render(source) and strict:
        echo(tr("isoctl: {p} has lint errors; nothing rendered (--strict)",
                "isoctl: {p} có lỗi kiểm tra; không tạo văn bản (--strict)", p=plan_path), err=True)
        raise typer.Exit(1)
    if "qd-ban-hanh" in kinds:
        try:
            loaded_plan = plan_of(source)
            # a plan with its own number, and no decision written beside it to print
            issued = loaded_plan.document.number if loaded_plan.decision is None else None
        except InvalidPlan:
            issued = None
        if issued:
            echo(tr("warning: the plan is already issued (number {n}); the decision issuing it is rendered with "
                    "its own number left blank", "cảnh báo: kế hoạch đã được ban hành (số {n}); quyết định ban hành "
                    "được tạo với số để trống", n=issued), err=True)
    try:
        written, skipped = render_files(plan_path, kinds, output=output, all_kinds=all_kinds, user_dir=user_dir,
                                        force=force, as_of=parse_date(as_of) if as_of else None,
                                        limits=_render_limits(), source=source)
    except InvalidPlan as exc:
        _print_invalid(exc)
        raise typer.Exit(1) from None
    for item in written:
        echo(tr("wrote {p} ({k})", "đã ghi {p} ({k})", p=item.path, k=item.kind))
    for exc in skipped:
        echo(tr("skipped {k}: needs {f}", "bỏ qua {k}: cần {f}", k=exc.kind, f=", ".join(exc.fields)), err=True)


import_app = typer.Typer(cls=_Group, help="Plan files from the Word documents agencies already have.", no_args_is_help=True)
app.add_typer(import_app, name="import")


_FILE = inspect.Parameter("file", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Annotated[
    str, typer.Argument(help="The plan document (.docx; .doc with LibreOffice installed).")])


@import_app.command("docx")
@declared(IMPORT_DOCX, (_FILE,))
def import_docx_command(file: str, **options) -> None:
    """Read a plan document (Word) into a plan file; print what was read, guessed and not placed."""
    from isoctl.cli.import_command import run

    raise typer.Exit(run(file, **options))


def _lint_errors_before_render(source) -> bool:
    """Print the lint errors of the plan ``source`` (:func:`isoctl.plan.files.load_source`) on stderr
    (a plan that does not validate is reported by the render itself); whether there were any."""
    from isoctl.lint import report
    from isoctl.lint.engine import lint_checked
    from isoctl.plan.validate import check_loaded

    plan_path = source.file
    try:
        rep = lint_checked(check_loaded(source, fast=True), get_config())
    except Exception:  # noqa: BLE001 - a plan the rules cannot read is reported by the render
        return False
    if rep.checked is None or rep.checked.plan is None:
        return False
    errors = [f for f in rep.findings if f.severity == "error"]
    if errors:
        sources = {plan_path: escape_controls(rep.text).splitlines()} if rep.text else {}
        echo(report.full(errors, sources, colour=colour(sys.stderr)), err=True)
    return bool(errors)


@templates_app.command("list")
def templates_list(
    templates: Annotated[Optional[str], typer.Option("--templates", help="Folder of your own *.j2 templates.")] = None,
) -> None:
    """List the document templates: built-in and yours, with where each comes from."""
    from isoctl.render.run import template_rows

    rows = template_rows(_templates_dir(templates))
    width = max(len(r.name) for r in rows) if rows else 0
    lines = []
    for r in rows:
        source = (tr("user, overrides built-in", "người dùng, thay mẫu có sẵn") if r.overrides else
                  tr("user", "người dùng") if not r.builtin else tr("built-in", "có sẵn"))
        if r.piece:
            source = (tr("your piece, overrides built-in", "phần chung của bạn, thay phần có sẵn") if r.overrides
                      else tr("your piece", "phần chung của bạn"))
        needs = tr("  needs: {n}", "  cần: {n}", n=", ".join(r.needs)) if r.needs else ""
        needs += tr("  uses yours: {u}", "  dùng của bạn: {u}", u=", ".join(r.uses)) if r.uses else ""
        try:
            shown = os.path.relpath(r.path)
        except ValueError:
            shown = str(r.path)
        lines.append((r.name, source, f"{shown if not shown.startswith('..') else r.path}{needs}"))
    wide = max((len(src) for _, src, _ in lines), default=0)
    for name, source, rest in lines:
        echo(f"{name:<{width}}  {source:<{wide}}  {rest}")


@templates_app.command("check")
def templates_check(
    plans: Annotated[Optional[str], typer.Argument(help="Folder of plans (default: ./plans).")] = None,
    templates: Annotated[Optional[str], typer.Option("--templates", help="Folder of your own *.j2 templates.")] = None,
) -> None:
    """Render every template against every plan; report each pair. Exit 1 if a template fails."""
    from isoctl.render.run import check_templates

    config = get_config()
    folder = plans or str(config.resolve(config.plans) or "plans")
    rows = check_templates(folder, _templates_dir(templates), limits=_render_limits())
    labels = {"ok": "ok", "needs": tr("needs", "cần"), "plan-error": tr("plan has errors", "kế hoạch có lỗi"),
              "error": tr("FAILED", "LỖI")}
    width = max((len(r.template) for r in rows), default=0)
    for r in rows:
        detail = f" {r.detail}" if r.detail and r.outcome != "error" else ""
        echo(f"{r.template:<{width}}  {r.plan}: {labels[r.outcome]}{detail}")
        if r.outcome == "error":
            echo("    " + r.detail.replace("\n", "\n    "))
    failed = sum(r.outcome == "error" for r in rows)
    echo(tr("{n} template/plan pair(s), {f} failed", "{n} cặp mẫu/kế hoạch, {f} lỗi", n=len(rows), f=failed), err=True)
    raise typer.Exit(1 if failed else 0)


def _early_lang(argv: list[str]) -> None:
    """The language for errors typer finds before the --lang callback runs (an unknown command)."""
    from isoctl.cli.options import global_options

    choose(global_options(argv)[0]["lang"])


def _value_word(self, ctx) -> str | None:
    """What help shows for an option's value: its metavar, nothing for a flag, else the long
    option's name in capitals (``--select SELECT``), never a Python type (``<bool>``, ``<str>``)."""
    if self.metavar is not None:
        return self.metavar
    if getattr(self, "is_flag", False) or getattr(self, "count", False):
        return None
    shown = self.display_type(ctx)  # typer's <en|vi> for choices, <str> for the rest
    if shown and shown.startswith("<") and "|" in shown:  # the values themselves, as click writes them
        return "[" + shown[1:-1] + "]"
    longs = [o for o in self.opts if o.startswith("--")]
    return (longs[0][2:] if longs else self.name or "value").upper().replace("-", "_")


typer.core.TyperOption.display_type_rich = _value_word  # every option, --help's and completion's too
typer.core.TyperArgument.display_type_rich = lambda self, ctx: None  # an argument's name says what it is


def _suggest_option(exc) -> None:
    """click offers every option sharing a few letters (``--bogus``: ``--jobs``); isoctl only close ones."""
    from isoctl.suggest import close_matches

    ctx = exc.ctx
    names = [o for p in ctx.command.get_params(ctx) if not getattr(p, "hidden", False)
             for o in (*p.opts, *p.secondary_opts) if o.startswith("--")]
    hits = close_matches(exc.option_name, names, 3)
    exc.possibilities = None
    if hits:
        exc.message = f"{exc.message}. Did you mean {' or '.join(hits)}?"


def run_app() -> int:
    """Run the typer app; its own ways of ending become exit codes (see :func:`isoctl.cli.entry.guarded`)."""
    from isoctl.cli.options import hoist

    argv = hoist(sys.argv[1:])
    _early_lang(argv)
    try:
        from isoctl.i18n import get_lang

        command = typer.main.get_command(app)
        if get_lang() == "vi":
            from isoctl.cli.helptext import translate

            translate(command)
        rc = command(args=argv, prog_name="isoctl", standalone_mode=False)
        if rc == 130:  # typer's silent return for a Ctrl-C it caught: said as every interruption is
            raise KeyboardInterrupt
        return rc if isinstance(rc, int) else 0
    except typer.Exit as exc:
        if exc.exit_code == 130:
            raise KeyboardInterrupt from None
        return exc.exit_code
    except typer.Abort:  # click's name for a Ctrl-C it caught
        echo(tr("interrupted", "đã ngắt"), err=True)
        return 130
    except Exception as exc:
        if hasattr(exc, "format_message") and hasattr(exc, "ctx") and isinstance(getattr(exc, "exit_code", None), int):
            if type(exc).__name__ == "NoSuchOption" and exc.ctx is not None:
                _suggest_option(exc)
            if type(exc).__name__ == "NoArgsIsHelpError":
                exc.show()  # the help page
            else:
                from isoctl.cli.usage import usage_error_text

                echo(usage_error_text(exc).rstrip("\n"), err=True)
            return exc.exit_code
        if hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()  # click's other errors print themselves
            return exc.exit_code
        if type(exc).__name__ == "Exit" and isinstance(getattr(exc, "exit_code", None), int):
            return exc.exit_code
        raise
