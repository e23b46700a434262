"""A plan dated after 1 July 2025 that still names the district level ("UBND cấp huyện").

Why:
    Since 1 July 2025 Vietnam has two tiers of local government: the district level (cấp huyện)
    was abolished and its bodies dissolved (the amended Constitution, Điều 110; the date and its
    sources are in ``docs/law/reorganisation.toml``). A plan issued after that date that assigns
    work to, or reports to, "UBND cấp huyện" / "UBND huyện" names a body that no longer exists —
    usually text copied from an older plan; the warning names what took its place. The plan's
    date is its document date; an undated plan is reported only when all of its year is after
    the change. Provinces that no longer exist are V007's.

Fails:
    ```yaml
    year: 2026
    document:
      date: 2026-01-10
    purpose:
      - Hướng dẫn UBND cấp huyện duy trì hệ thống.
    ```

Passes:
    ```yaml
    year: 2026
    document:
      date: 2026-01-10
    purpose:
      - Hướng dẫn UBND cấp xã duy trì hệ thống.
    ```

    ```yaml
    year: 2024
    purpose:
      - Hướng dẫn UBND cấp huyện duy trì hệ thống.
    ```

Options:
    ``since`` (default "": the date in ``docs/law/reorganisation.toml``, 2025-07-01): the first
    day the district level no longer exists.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.lint.rules._text import cached_scalars
from isoctl.lint.rules.base import RuleContext, Violation
from isoctl.plan.law import law, window

CODE = "V005"
NAME = "district-level"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {"since": ""}
FIXABLE = False
SCOPE = "task"  # each finding: one task and the plan outside its tasks (isoctl.lint.incremental)

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Kế hoạch ghi ngày sau 1/7/2025 nhưng vẫn nêu cấp huyện ("UBND cấp huyện").

Vì sao:
    Từ ngày 1/7/2025 Việt Nam tổ chức chính quyền địa phương hai cấp: cấp huyện không còn và các cơ
    quan cấp huyện chấm dứt hoạt động (Hiến pháp sửa đổi, Điều 110; ngày và nguồn ghi trong
    ``docs/law/reorganisation.toml``). Kế hoạch ban hành sau ngày đó mà giao việc cho, hoặc báo cáo
    lên, "UBND cấp huyện" / "UBND huyện" là nêu một cơ quan không còn tồn tại — thường là đoạn văn
    chép từ kế hoạch cũ; cảnh báo nêu cơ quan thay thế. Ngày của kế hoạch là ngày văn bản; kế hoạch
    không ghi ngày chỉ bị báo khi cả năm của nó đều sau thời điểm thay đổi. Tỉnh không còn tồn tại
    do V007 kiểm tra.

Tùy chọn:
    ``since`` (mặc định "": ngày ghi trong ``docs/law/reorganisation.toml``, 2025-07-01): ngày đầu
    tiên không còn cấp huyện.
"""

_DISTRICT = lazy(
    r"\b(?:(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Chủ tịch UBND)\s+(?:các\s+)?(?:cấp\s+)?(?:huyện|quận)"
    r"|cấp\s+(?:huyện|quận)|(?:các\s+)?huyện,\s*thị xã|quận,\s*huyện)\b", re.I)


def option_problem(name: str, value: object) -> str | None:
    """Why ``value`` cannot be this rule's option ``name`` (checked when the configuration loads)."""
    try:
        if value != "":  # empty: the date in the law data
            dt.date.fromisoformat(str(value))
    except ValueError:
        return tr("since: '{v}' is not a date YYYY-MM-DD", "since: '{v}' không phải ngày dạng YYYY-MM-DD", v=value)
    return None


def check(ctx: RuleContext) -> Iterator[Violation]:
    plan = ctx.plan
    level = law().district_level
    since = dt.date.fromisoformat(str(ctx.options.get("since") or level.since))
    when = window(plan)[0]
    if when < since:
        return
    for scalar in cached_scalars(ctx):
        for seg, m in scalar.find(_DISTRICT):
            yield Violation(scalar.path, tr(
                "'{t}': the district level no longer exists after {s:%d/%m/%Y} (plan dated {d:%d/%m/%Y})",
                "'{t}': từ {s:%d/%m/%Y} không còn cấp huyện (kế hoạch ngày {d:%d/%m/%Y})",
                t=m.group(), s=since, d=when),
                hint=tr("name {s}", "ghi {v}", s=level.successor_en, v=level.successor),
                about=(m.group(),), line=seg.line, col=seg.col + m.start())
