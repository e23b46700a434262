"""The ``isoctl`` program: errors become messages and exit codes; the common calls start quick.

``isoctl validate`` runs in pre-commit hooks on every commit, and importing typer (with the
pydantic it uses) costs more than checking a plan; ``isoctl import docx`` of a 30-page plan is to
take under a second, and typer was a fifth of it; ``done`` and ``set`` on a 10,000-task plan
the same. So when the arguments are plainly a ``validate``, ``import docx``, ``done`` or ``set``
call, or ``--version``, this module reads them itself and calls the same function the typer
command calls (:func:`isoctl.cli.validate_command.run`, :func:`isoctl.cli.import_command.run`,
:mod:`isoctl.cli.edit_command`), with the options both are built from (:mod:`isoctl.cli.options`). Anything else, and every argument it is not sure of (help, a bad
value, an unknown option), goes to typer, which owns help and usage errors.
``ISOCTL_NO_QUICK=1`` sends everything to typer.

Exit codes: 0 clean, 1 findings or bad input, 2 usage or configuration error, 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from isoctl.cli.options import DONE, GLOBAL, IMPORT_DOCX, SET, VALIDATE, by_flag, global_options, hoist


class _NotSure(Exception):
    """Arguments the quick path leaves to typer."""


def parse_quick(argv: list[str]) -> dict[str, Any] | None:
    """``{"command", "lang", "config", "color", "version"}`` plus the arguments of the command's
    function for a plain ``validate``, ``import docx``, ``done`` or ``set`` call, ``{"version": True}`` for a lone
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
_QUICK = {("validate",): VALIDATE, ("import", "docx"): IMPORT_DOCX, ("done",): DONE, ("set",): SET}


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
    elif words == ("done",) and 1 <= len(positional) <= 2:   # done TASK_ID [PLAN]
        out["task_id"], out["plan"] = positional[0], positional[1] if len(positional) == 2 else None
    elif words == ("set",) and len(positional) >= 2:   # set TASK_ID FIELD=VALUE... [PLAN]
        out["task_id"], out["items"] = positional[0], positional[1:]
    elif words == ("import", "docx") and len(positional) == 1:   # import docx FILE
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
    command = args.pop("command")
    if command == "import docx":
        from isoctl.cli.import_command import run as import_docx
        from isoctl.i18n import choose

        choose(args.pop("lang"))   # as the typer callback: import docx reads no configuration
        args.pop("config")
        return import_docx(args.pop("file"), **args)
    from isoctl.lint.config import load_run_config

    config = load_run_config(args.pop("config"), args.pop("lang"))
    if command == "done":
        from isoctl.cli.edit_command import run_done

        return run_done(config, args.pop("task_id"), args.pop("plan"), **args)
    if command == "set":
        from isoctl.cli.edit_command import run_set

        return run_set(config, args.pop("task_id"), args.pop("items"), **args)
    from isoctl.cli.validate_command import run

    return run(config, args.pop("paths"), args.pop("output_format", None), **args)


STDOUT_NAME = "<stdout>"
STDERR_NAME = "<stderr>"


class NamedStream:
    """A standard stream whose failures name it: an ``OSError`` from a write to stdout (a full
    disk behind ``> file``, ``/dev/full``) carries no file name, so :func:`guarded` could not say
    what failed. Everything else is the stream's own."""

    def __init__(self, stream: Any, name: str) -> None:
        self._stream = stream
        self._name = name

    def _named(self, exc: OSError) -> OSError:
        if exc.filename is None:
            exc.filename = self._name
        return exc

    def write(self, data: Any) -> Any:
        try:
            return self._stream.write(data)
        except OSError as exc:
            raise self._named(exc) from None

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise self._named(exc) from None

    @property
    def buffer(self) -> Any:
        return NamedStream(self._stream.buffer, self._name)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._stream, attr)


def _silence(stream: Any) -> None:
    """A standard stream that failed: later writes (and Python's flush at exit, which would print
    'Exception ignored') go to the null device."""
    try:
        fd = stream.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except (OSError, AttributeError, ValueError):
        pass


def _say(text: str) -> None:
    """An error's message on stderr; the plan text it quotes (an id in "no task", a did-you-mean,
    a value) with control, bidi and invisible characters escaped."""
    from isoctl.cli.output import echo, escape_controls

    try:
        echo(escape_controls(text), err=True)
    except OSError:  # stderr itself cannot be written: the exit code is all that is left
        _silence(sys.stderr)


def _os_error_text(exc: OSError) -> str | None:
    """What to print for an OSError a command did not turn into a message itself: the path (or
    the standard stream) and what to do; None when nothing names what failed (a bug)."""
    from isoctl.fsutil import os_reason
    from isoctl.i18n import tr

    name = exc.filename
    if name is None:
        return None
    if name == STDOUT_NAME:
        return tr("isoctl: cannot write to standard output: {r}", "isoctl: không ghi được ra đầu ra chuẩn: {r}",
                  r=os_reason(exc))
    if name == STDERR_NAME:
        return None
    other = f" -> {exc.filename2}" if exc.filename2 else ""
    return f"isoctl: {os.fsdecode(name)}{other}: {os_reason(exc)}"


def guarded(call: Callable[[], int]) -> int:
    """Run a command; every way it can end becomes a message and an exit code, never a traceback.

    Exit codes: :class:`~isoctl.diagnostics.IsoctlError`'s own (1 bad input, 2 usage or
    configuration), 130 for Ctrl-C, 1 for a closed pipe (``| head``), 2 for a file or standard
    output that cannot be written or read where no command said so itself."""
    from isoctl.diagnostics import IsoctlError
    from isoctl.i18n import tr

    try:
        code = call()
        sys.stdout.flush()  # a full disk behind '> file' is found here, not after the message is due
        return code
    except IsoctlError as exc:
        _say(f"isoctl: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        _say(tr("interrupted", "đã ngắt"))
        return 130
    except BrokenPipeError as exc:
        _silence(sys.stdout if exc.filename in (None, STDOUT_NAME) else sys.stderr)
        return 1
    except OSError as exc:
        text = _os_error_text(exc)
        if exc.filename == STDOUT_NAME:
            _silence(sys.stdout)
        if text is not None:
            _say(text)
            return 2
        if exc.filename == STDERR_NAME:
            _silence(sys.stderr)
            return 2
        return _internal(exc)
    except Exception as exc:
        if _interruption(exc):  # a Ctrl-C that Python wrapped (an import's __set_name__, a callback)
            _say(tr("interrupted", "đã ngắt"))
            return 130
        return _internal(exc)


def _interruption(exc: BaseException) -> bool:
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        # pydantic-core turns a Ctrl-C while it builds a model's validator into a SchemaError
        # that names it only in its text (no __cause__)
        if type(cause).__name__ == "SchemaError" and "KeyboardInterrupt" in str(cause):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _internal(exc: Exception) -> int:
    """A bug in isoctl: said briefly, never a traceback dumped on a user (ISOCTL_DEBUG=1 shows it)."""
    from isoctl.i18n import tr

    if os.environ.get("ISOCTL_DEBUG"):
        raise exc
    _say(tr("isoctl: internal error: {e}: {m}\n  set ISOCTL_DEBUG=1 to see the traceback, and please report it",
            "isoctl: lỗi nội bộ: {e}: {m}\n  đặt ISOCTL_DEBUG=1 để xem chi tiết và vui lòng báo lỗi",
            e=type(exc).__name__, m=exc))
    return 2


def main() -> None:
    stdout, stderr = sys.stdout, sys.stderr
    if stdout is not None:
        sys.stdout = NamedStream(stdout, STDOUT_NAME)
    if stderr is not None:
        sys.stderr = NamedStream(stderr, STDERR_NAME)
    try:
        try:
            args = None if os.environ.get("ISOCTL_NO_QUICK") else parse_quick(sys.argv[1:])
        except KeyboardInterrupt:
            args = {}
        if args == {}:
            code = guarded(_interrupted)
        elif args is not None:
            code = guarded(lambda: _run_quick(args))
        else:
            code = guarded(_run_app)
    finally:
        sys.stdout, sys.stderr = stdout, stderr
    _done(code)
    sys.exit(code)


def _done(code: int) -> None:
    """The command has ended and said so: a Ctrl-C while Python shuts down (joining threads,
    atexit) would print a traceback of its own, so from here on it is ignored. After an
    interruption, CPython 3.11 may still hold its "unhandled KeyboardInterrupt" flag (set when one
    left code run through ``PyRun_*``, although isoctl caught it) and would end the process by
    SIGINT instead of exit 130: the flag is cleared."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if code == 130:
        try:
            import ctypes

            ctypes.c_int.in_dll(ctypes.pythonapi, "_Py_UnhandledKeyboardInterrupt").value = 0
        except (ImportError, AttributeError, ValueError, OSError):
            pass


def _interrupted() -> int:
    raise KeyboardInterrupt


def _run_app() -> int:
    from isoctl.cli.app import run_app  # a Ctrl-C while typer is imported is an interruption too

    return run_app()
