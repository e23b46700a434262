"""The ``isoctl`` program: errors become messages and exit codes; the common calls start quick.

``isoctl validate`` runs in pre-commit hooks on every commit, and importing typer (with the
pydantic it uses) costs more than checking a plan; ``isoctl import docx`` of a 30-page plan is to
take under a second, and typer was a fifth of it. So when the arguments are plainly a
``validate`` or ``import docx`` call, or ``--version``, this module reads them itself and calls
the same function the typer command calls (:func:`isoctl.cli.validate_command.run`,
:func:`isoctl.cli.import_command.run`), with the options both are built from
(:mod:`isoctl.cli.options`). Anything else, and every argument it is not sure of (help, a bad
value, an unknown option), goes to typer, which owns help and usage errors.
``ISOCTL_NO_QUICK=1`` sends everything to typer.

Exit codes: 0 clean, 1 findings or bad input, 2 usage or configuration error, 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from isoctl.cli.options import GLOBAL, IMPORT_DOCX, VALIDATE, by_flag, global_options, hoist


class _NotSure(Exception):
    """Arguments the quick path leaves to typer."""


def parse_quick(argv: list[str]) -> dict[str, Any] | None:
    """``{"command", "lang", "config", "color", "version"}`` plus the arguments of the command's
    function for a plain ``validate`` or ``import docx`` call, ``{"version": True}`` for a lone
    ``--version``; else ``None``."""
    if argv in (["--version"], ["-V"]):
        return {"version": True}
    try:
        return _parse(hoist(argv))
    except _NotSure:
        return None


def _take(argv: list[str], i: int, arg: str, known: dict) -> tuple[str, str, int]:
    """An option and its value, written ``--opt value``, ``--opt=value`` or ``-jN``."""
    if arg.startswith("--") and "=" in arg:
        opt, value = arg.split("=", 1)
        return opt, value, i + 1
    if not arg.startswith("--") and len(arg) > 2 and known.get(arg[:2], None) is not None \
            and known[arg[:2]].kind != "flag":
        return arg[:2], arg[2:], i + 1
    if i + 1 >= len(argv):
        raise _NotSure
    return arg, argv[i + 1], i + 2


# the commands read here: their words and their options
_QUICK = {("validate",): VALIDATE, ("import", "docx"): IMPORT_DOCX}


def _parse(argv: list[str]) -> dict[str, Any]:
    found, i = global_options(argv)
    for option in GLOBAL:
        value = found[option.dest]
        if value is not None and not option.accepts(value):
            raise _NotSure
    words = next((w for w in _QUICK if tuple(argv[i:i + len(w)]) == w), None)
    if words is None:
        raise _NotSure
    out: dict[str, Any] = {**found, "version": False, "command": " ".join(words)}
    known = by_flag(_QUICK[words])
    i += len(words)
    positional: list[str] = []
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            positional.extend(argv[i + 1:])
            break
        if not arg.startswith("-") or arg == "-":
            positional.append(arg)
            i += 1
        elif arg in known and known[arg].kind == "flag":
            out[known[arg].dest] = True
            i += 1
        else:
            opt, value, i = _take(argv, i, arg, known)
            option = known.get(opt)
            if option is None or option.kind == "flag" or not option.accepts(value):
                raise _NotSure
            out[option.dest] = option.convert(value)
    if words == ("validate",):
        out["paths"] = positional or None
    elif len(positional) == 1:   # import docx FILE
        out["file"] = positional[0]
    else:
        raise _NotSure
    return out


def _run_quick(args: dict[str, Any]) -> int:
    if args.pop("version"):
        from isoctl import __version__

        print(f"isoctl {__version__}")
        return 0
    from isoctl.cli.output import set_colour

    set_colour(args.pop("color"))
    if args.pop("command") == "import docx":
        from isoctl.cli.import_command import run as import_docx
        from isoctl.i18n import choose

        choose(args.pop("lang"))   # as the typer callback: import docx reads no configuration
        args.pop("config")
        return import_docx(args.pop("file"), **args)
    from isoctl.cli.validate_command import run
    from isoctl.lint.config import load_run_config

    config = load_run_config(args.pop("config"), args.pop("lang"))
    return run(config, args.pop("paths"), args.pop("output_format", None), **args)


def guarded(call: Callable[[], int]) -> int:
    """Run a command; every way it can end becomes a message and an exit code, never a traceback."""
    from isoctl.cli.output import echo
    from isoctl.diagnostics import IsoctlError
    from isoctl.i18n import tr

    try:
        return call()
    except IsoctlError as exc:
        echo(f"isoctl: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        echo(tr("interrupted", "đã ngắt"), err=True)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # a bug in isoctl: say so briefly, never dump a traceback on a user
        if os.environ.get("ISOCTL_DEBUG"):
            raise
        echo(tr("isoctl: internal error: {e}: {m}\n  set ISOCTL_DEBUG=1 to see the traceback, and please report it",
                "isoctl: lỗi nội bộ: {e}: {m}\n  đặt ISOCTL_DEBUG=1 để xem chi tiết và vui lòng báo lỗi",
                e=type(exc).__name__, m=exc), err=True)
        return 2


def main() -> None:
    args = None if os.environ.get("ISOCTL_NO_QUICK") else parse_quick(sys.argv[1:])
    if args is not None:
        sys.exit(guarded(lambda: _run_quick(args)))
    from isoctl.cli.app import run_app

    sys.exit(guarded(run_app))
