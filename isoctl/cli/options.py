"""Every option of ``isoctl validate``, ``import docx``, ``done``, ``set`` and of the program, declared once.

The typer command (:mod:`isoctl.cli.app`) and the quick start (:mod:`isoctl.cli.entry`, which
must not import typer) are both built from these tuples, so an option is added in one place.
"""

from __future__ import annotations

import os

from isoctl.cli.output import COLOUR_MODES
from isoctl.i18n import LANGUAGES
from isoctl.lint.report import REPORTERS
from isoctl.records import dataclass

FORMATS = tuple(REPORTERS)


@dataclass(frozen=True)
class Option:
    """One command-line option: ``kind`` is ``flag``, ``str``, ``int`` or ``choice``."""

    dest: str
    flags: tuple[str, ...]
    help: str
    kind: str = "flag"
    choices: tuple[str, ...] = ()
    min: int | None = None
    envvar: str | None = None
    metavar: str | None = None

    def accepts(self, value: str) -> bool:
        """Whether typer would take ``value`` for this option as it is (the quick start's test)."""
        if value.startswith("-") and value != "-":   # '-' is a value (stdin, stdout), as typer reads it
            return False
        if self.kind == "choice":
            return value in self.choices
        if self.kind == "int":
            return value.isascii() and value.isdigit() and (self.min is None or int(value) >= self.min)
        return True

    def convert(self, value: str) -> str | int:
        return int(value) if self.kind == "int" else value


GLOBAL = (
    Option("lang", ("--lang",), "Message language (default: from LANG).", "choice", LANGUAGES,
           envvar="ISOCTL_LANG"),
    Option("config", ("--config",), "Configuration file (default: isoctl.toml or pyproject.toml "
           "[tool.isoctl], searched upwards).", "str"),
    Option("color", ("--color",), "Colour: auto (on a terminal, unless NO_COLOR; FORCE_COLOR forces it), "
           "always or never.", "choice", COLOUR_MODES),
)

VALIDATE = (
    Option("output_format", ("--format", "--output-format"), "full (source and caret, the default), concise, json, "
           "github (GitHub Actions annotations), sarif.", "choice", FORMATS),
    Option("quiet", ("--quiet", "-q"), "Print the findings only: no summary, no notes."),
    Option("strict", ("--strict",), "Warnings fail too (exit 1)."),
    Option("select", ("--select",), "Comma-separated codes or prefixes to check (e.g. C,L001).", "str"),
    Option("ignore", ("--ignore",), "Comma-separated codes or prefixes to skip.", "str"),
    Option("jobs", ("--jobs", "-j"), "Parallel processes (default: all cores).", "int", min=1),
    Option("fix", ("--fix",), "Apply the safe fixes in place (comments and layout kept), then report what remains."),
    Option("diff", ("--diff",), "Show the fixes as a unified diff; write nothing (exit 1 if there would be changes)."),
    Option("baseline", ("--baseline",), "Do not report the findings recorded in this file (see --write-baseline).",
           "str"),
    Option("write_baseline", ("--write-baseline",), "Record today's findings in this JSON file (with --force to "
           "replace it).", "str"),
    Option("force", ("--force",), "Let --write-baseline and --output-file overwrite an existing file."),
    Option("output_file", ("--output-file", "-o"), "Write the report (in --format) to this file instead of "
           "stdout; the summary goes to stderr.", "str"),
    Option("exit_zero", ("--exit-zero",), "Exit 0 even when there are findings (usage errors still exit 2)."),
    Option("statistics", ("--statistics",), "Print how many findings each code has instead of the findings "
           "(JSON with --format json)."),
    Option("show_settings", ("--show-settings",), "Print the settings this run would use and where each comes "
           "from (command line, configuration file, environment, default); check nothing."),
    Option("stdin_filename", ("--stdin-filename",), "The name of the plan read from standard input (-): findings "
           "name it, and per-file-ignores and severities apply to it as to that file. Alone, it means '-'.", "str",
           metavar="PATH"),
    Option("show_activities", ("--show-activities",), "List each task's activities (given, or inferred from its "
           "title)."),
    Option("force_exclude", ("--force-exclude",), "Skip a file named on the command line that a folder search "
           "would skip: not a plan, in a hidden, node_modules or build folder, or matched by exclude in the "
           "configuration (for pre-commit, which names every staged file)."),
)

IMPORT_DOCX = (
    Option("output", ("--output", "-o"), "Plan file to write (default: plans/plan-YYYY.yaml; '-' for stdout).", "str"),
    Option("force", ("--force",), "Overwrite an existing file."),
)


_FORCE_EDIT = Option("force", ("--force",), "Write the change even if it introduces lint errors or records a "
                     "date outside the plan's year or after today.")

DONE = (
    Option("on", ("--on",), "The day it was done (YYYY-MM-DD; default today); refused outside the plan's year or "
           "after today unless --force.", "str"),
    _FORCE_EDIT,
)

SET = (_FORCE_EDIT,)


def by_flag(options: tuple[Option, ...]) -> dict[str, Option]:
    return {flag: option for option in options for flag in option.flags}


def global_options(argv: list[str]) -> tuple[dict[str, str | None], int]:
    """The :data:`GLOBAL` options (``--lang`` else its environment variable, ``--config``) as written
    before the command, and the index where reading stopped: the command, or the first other
    option, or an option missing its value."""
    found: dict[str, str | None] = {o.dest: os.environ.get(o.envvar) if o.envvar else None for o in GLOBAL}
    known = by_flag(GLOBAL)
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        name, eq, value = argv[i].partition("=")
        if name not in known:
            break
        if not eq:
            if i + 1 == len(argv):
                break
            i += 1
            value = argv[i]
        found[known[name].dest] = value
        i += 1
    return found, i


def hoist(argv: list[str]) -> list[str]:
    """The :data:`GLOBAL` options written after the command moved before it, so that
    ``isoctl validate --lang vi`` means ``isoctl --lang vi validate`` (nothing after ``--`` moves)."""
    known = by_flag(GLOBAL)
    start = i = global_options(argv)[1]
    front, rest = list(argv[:start]), []
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        name, eq, _ = arg.partition("=")
        if i > start and name in known:
            if eq:
                front.append(arg)
                i += 1
                continue
            if i + 1 < len(argv):
                front.extend(argv[i:i + 2])
                i += 2
                continue
        rest.append(arg)
        i += 1
    return front + rest


def lang_origin(argv: list[str]) -> str | None:
    """Which setting chose the language on the command line: ``--lang``, ``ISOCTL_LANG`` or None."""
    if any(a == "--lang" or a.startswith("--lang=") for a in argv[: argv.index("--") if "--" in argv else None]):
        return "--lang"
    return "ISOCTL_LANG" if os.environ.get("ISOCTL_LANG") else None
