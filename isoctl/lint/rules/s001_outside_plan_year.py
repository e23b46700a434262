"""A task scheduled in another year than the plan's.

Why:
    The yearly plan (TT 26/2014/TT-BKHCN Điều 7.2.b; QĐ 19/2014/QĐ-TTg Điều 4.4) covers one
    year: ``year``. A month or day written with another year ("Tháng 5/2022" in the 2023 plan)
    is almost always a leftover from last year's copy, and puts the task outside the plan the
    inspection measures. Months written without a year belong to the plan year and are never
    reported. A multi-year programme (``kind: programme``) covers every year of its ``period``.

Fails:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: danh-gia-noi-bo
            when: Tháng 6/2023
    ```

Passes:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: danh-gia-noi-bo
            when: Tháng 6
    ```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules._cites import at
from isoctl.lint.rules._sched import infos
from isoctl.lint.rules._text import short
from isoctl.lint.rules.base import RuleContext, Violation
from isoctl.plan.law import years

CODE = "S001"
NAME = "outside-plan-year"
SEVERITY = "error"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "task"  # each finding: one task and the plan outside its tasks (isoctl.lint.incremental)

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Nhiệm vụ được xếp lịch vào năm khác với năm của kế hoạch.

Vì sao:
    Kế hoạch năm (TT 26/2014/TT-BKHCN Điều 7.2.b; QĐ 19/2014/QĐ-TTg Điều 4.4) bao trùm một năm:
    ``year``. Tháng hoặc ngày ghi năm khác ("Tháng 5/2022" trong kế hoạch năm 2023) hầu như luôn là
    phần còn sót từ bản sao năm trước, và đưa nhiệm vụ ra ngoài kế hoạch mà đoàn kiểm tra đánh giá.
    Tháng không ghi năm thuộc năm của kế hoạch và không bao giờ bị báo. Chương trình nhiều năm
    (``kind: programme``) bao trùm mọi năm trong giai đoạn ``period`` của nó.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    year = ctx.plan.year
    first, last = years(ctx.plan)  # a programme: any of its years
    data = ctx.loaded.data
    for info in infos(ctx):
        when = info.task.when
        if when is None:
            continue
        named = {m.year for m in when.months if m.year is not None} | ({when.day.year} if when.day is not None else set())
        other = sorted(y for y in named if not first <= y <= last)
        if not other:
            continue
        path = (*info.path, "when")
        raw = _raw(data, path)
        where: dict = {}
        if isinstance(raw, str):
            m = re.search(rf"(?<!\d){other[0]}(?!\d)", raw)
            where = at(ctx, path, m.start(), len(m.group())) if m else at(ctx, path, 0)
        elif isinstance(raw, dict):
            key = "year" if "year" in raw else "date" if "date" in raw else None
            if key:
                path = (*path, key)
        span = str(year) if first == last else f"{first}-{last}"
        yield Violation(path, tr("'{t}' is scheduled in {y}, outside the plan year {p}",
                                 "'{t}' có thời gian năm {y}, ngoài năm của kế hoạch {p}",
                                 t=short(info.task.title, 50), y=", ".join(map(str, other)), p=span),
                        hint=tr("write the plan year, or leave the year out ('Tháng 6')",
                                "ghi năm của kế hoạch, hoặc bỏ năm ('Tháng 6')"), **where)


def _raw(data, path):
    node = data
    for p in path:
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            return None
    return node
