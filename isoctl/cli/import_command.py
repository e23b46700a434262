"""``isoctl import docx`` as a plain function: the typer command and the quick start
(:mod:`isoctl.cli.entry`) both call :func:`run`, so the two cannot drift apart."""

from __future__ import annotations

import sys

from isoctl.cli.output import echo, escape_controls
from isoctl.i18n import tr


def run(file: str, *, output: str | None = None, force: bool = False) -> int:
    """Import the plan document ``file`` into ``output`` (default plans/plan-YYYY.yaml, ``-`` for
    stdout); print the summary; 0 when everything was placed, 1 when some of it is kept as comments."""
    from isoctl.fsutil import write_atomic
    from isoctl.importer.run import import_file

    result = import_file(file, output)
    if result.target == "-":
        sys.stdout.write(result.text)
    else:
        write_atomic(result.target, result.text, force=force)
    for line in result.summary():
        echo(escape_controls(line), err=result.target == "-")
    if result.target != "-":
        echo(tr("wrote {p}: it passes the schema; run `isoctl validate {p}` and check the 'imported:' comments",
                "đã ghi {p}: đạt lược đồ; hãy chạy `isoctl validate {p}` và xem các chú thích 'đã nhập:'",
                p=result.target), err=False)
    return 0 if result.complete else 1
