"""typer's usage errors (an unknown option, a missing argument, a bad value) in the user's language.

typer words them in English only. :func:`usage_error_text` takes the English message the
exception formats, says it again through :func:`isoctl.i18n.tr` (a message it does not know
stays English), drops pydantic's "Value error, " prefix that typer lets through, and keeps
click's layout: the usage line, where to find help, then the error.
"""

from __future__ import annotations

import re
from typing import Any

from isoctl.i18n import get_lang, tr
from isoctl.lazyre import lazy

_VALUE_ERROR = lazy(r"\bValue error, ")

# click's English message -> Vietnamese, with the same named parts
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((lazy(p), vi) for p, vi in (
    (r"No such option: (?P<o>\S+) \(Possible options: (?P<p>.*)\)", "không có tùy chọn {o} (có phải ý bạn là: {p}?)"),
    (r"No such option: (?P<o>\S+)\. Did you mean (?P<p>.*)\?", "không có tùy chọn {o}. Có phải ý bạn là {p}?"),
    (r"No such command '(?P<c>.+)'\. Did you mean (?P<p>.*)\?", "không có lệnh '{c}'. Có phải ý bạn là {p}?"),
    (r"No such option: (?P<o>\S+)", "không có tùy chọn {o}"),
    (r"Option '(?P<o>[^']+)' requires an argument\.", "tùy chọn '{o}' cần một giá trị."),
    (r"Option '(?P<o>[^']+)' does not take a value\.", "tùy chọn '{o}' không nhận giá trị."),
    (r"No such command '(?P<c>.+)'\.", "không có lệnh '{c}'."),
    (r"Missing command\.", "thiếu lệnh."),
    (r"Got unexpected extra argument(?:s|\(s\))? \((?P<a>.*)\)", "thừa tham số ({a})."),
    (r"Missing argument (?P<h>.+)\.", "thiếu tham số {h}."),
    (r"Missing option (?P<h>.+)\.", "thiếu tùy chọn {h}."),
    (r"Invalid value for (?P<h>'[^']*'(?: / '[^']*')*(?: \(env var: '[^']*'\))?): (?P<m>.*)",
     "giá trị không hợp lệ cho {h}: {m}"),
))
_VALUES: tuple[tuple[re.Pattern[str], str], ...] = tuple((lazy(p), vi) for p, vi in (
    (r"'(?P<v>.*)' is not one of (?P<c>.*)\.", "'{v}' không phải một trong {c}."),
    (r"Input should be greater than or equal to (?P<n>\S+)", "phải lớn hơn hoặc bằng {n}"),
    (r"Input should be less than or equal to (?P<n>\S+)", "phải nhỏ hơn hoặc bằng {n}"),
    (r"Input should be a valid integer.*", "phải là một số nguyên"),
    (r"Input should be a valid number.*", "phải là một số"),
))


def _vietnamese(message: str, table: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pattern, vi in table:
        m = pattern.fullmatch(message)
        if m:
            parts = m.groupdict()
            if "m" in parts:
                parts["m"] = _vietnamese(parts["m"], _VALUES)
            if "p" in parts:
                parts["p"] = parts["p"].replace(" or ", " hoặc ")
            if "h" in parts:
                parts["h"] = parts["h"].replace("(env var: ", "(biến môi trường: ")
            return vi.format(**parts)
    return message


def usage_error_text(exc: Any) -> str:
    """What to print for a typer usage error, ending with a newline."""
    message = _VALUE_ERROR.sub("", exc.format_message())
    if get_lang() == "vi":
        message = _vietnamese(message, _MESSAGES)
    lines = []
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        usage = ctx.get_usage()
        lines.append(usage.replace("Usage:", "Cách dùng:", 1) if get_lang() == "vi" else usage)
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(tr("Try '{c} {o}' for help.", "Xem '{c} {o}' để biết cách dùng.",
                            c=ctx.command_path, o=ctx.help_option_names[0]))
        lines.append("")
    lines.append(tr("Error: {m}", "Lỗi: {m}", m=message))
    return "\n".join(lines) + "\n"
