"""Dates typed on the command line (``--as-of``, ``--on``, ``done_on=``): one parser for all of them."""

from __future__ import annotations

import datetime as dt

from isoctl.diagnostics import UsageError
from isoctl.i18n import tr


def parse_date(text: str, option: str = "--as-of") -> dt.date:
    """A date given on the command line: ``YYYY-MM-DD`` (or ``D/M/YYYY``); ``today`` is today."""
    value = text.strip()
    if value.lower() in ("today", "hôm nay"):
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    parts = value.split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
        try:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            pass
    raise UsageError(tr("{o}: '{v}' is not a date", "{o}: '{v}' không phải là ngày", o=option, v=text),
                     hint=tr("write YYYY-MM-DD, e.g. 2024-08-15", "viết YYYY-MM-DD, ví dụ 2024-08-15"))
