"""The command line's options as written, read without typer (the quick start and typer's early errors)."""

from __future__ import annotations

import os


def global_options(argv: list[str]) -> tuple[dict[str, str | None], int]:
    """``--lang`` (else ISOCTL_LANG) and ``--config`` as written before the command, and the index
    where reading stopped: the command, or the first other option, or an option missing its value."""
    found: dict[str, str | None] = {"lang": os.environ.get("ISOCTL_LANG"), "config": None}
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        name, eq, value = argv[i].partition("=")
        if name not in ("--lang", "--config"):
            break
        if not eq:
            if i + 1 == len(argv):
                break
            i += 1
            value = argv[i]
        found[name[2:]] = value
        i += 1
    return found, i
