"""A year of a multi-year programme has no milestone.

Why:
    A programme (``kind: programme``, ``period: 2021-2030``) sets out what is to be done in each
    of its years so that the yearly plans of the agencies can follow it and the yearly reports
    (TT 26/2014/TT-BKHCN Điều 38) can measure it. A year in which no task is scheduled — no
    month, day or quarter of that year, no ``Năm 2023``, no ``Giai đoạn`` that covers it, no
    recurring or continuous work — has no milestone to report against: usually a year left out
    when the programme was extended, or a schedule that names the wrong year. Months without a
    year are in the programme's ``year``.

Fails:
    ```yaml
    kind: programme
    year: 2024
    period: 2024-2025
    phases:
      - id: noi-dung
        tasks:
          - id: cap-nhat-van-ban
            when: Tháng 3/2024
    ```

Passes:
    ```yaml
    kind: programme
    year: 2024
    period: 2024-2025
    phases:
      - id: noi-dung
        tasks:
          - id: cap-nhat-van-ban
            when: Tháng 3/2024
          - id: bao-cao-ket-qua
            title: Báo cáo kết quả thực hiện chương trình
            lead: [VP]
            when: Năm 2025
    ```

    ```yaml
    kind: programme
    year: 2024
    period: 2024-2025
    phases:
      - id: noi-dung
        tasks:
          - id: cap-nhat-van-ban
            when: Giai đoạn 2024-2025
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules.base import RuleContext, Violation
from isoctl.plan.law import years

CODE = "C010"
NAME = "programme-year-without-milestone"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.schedule

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Một năm của chương trình nhiều năm không có mốc công việc nào.

Vì sao:
    Chương trình (``kind: programme``, ``period: 2021-2030``) nêu những việc phải làm trong từng năm
    để kế hoạch năm của các cơ quan bám theo và báo cáo hằng năm (TT 26/2014/TT-BKHCN Điều 38) đo
    được kết quả. Một năm không có nhiệm vụ nào được xếp lịch — không có tháng, ngày hay quý nào của
    năm đó, không có ``Năm 2023``, không có ``Giai đoạn`` bao trùm năm đó, không có công việc định
    kỳ hay thường xuyên — thì không có mốc nào để báo cáo: thường là một năm bị bỏ sót khi chương
    trình được kéo dài, hoặc thời gian ghi nhầm năm. Tháng không ghi năm được hiểu là thuộc năm
    ``year`` của chương trình.
"""


def task_years(when, plan_year: int, first: int, last: int) -> set[int]:
    """The years of ``first``..``last`` a schedule has work in."""
    if when is None:
        return set()
    every = set(range(first, last + 1))
    if when.recurrence is not None or when.continuous or when.periodic:
        return every
    out = {y for y, _m in when.resolve(plan_year)}
    if when.years is not None:
        out |= set(range(when.years[0], when.years[1] + 1))
    return out & every


def check(ctx: RuleContext) -> Iterator[Violation]:
    plan = ctx.plan
    if plan.kind != "programme" or plan.period is None:
        return
    first, last = years(plan)
    covered: set[int] = set()
    for _, task in plan.tasks():
        if task.status != "cancelled":
            covered |= task_years(task.when, plan.year, first, last)
    missing = [y for y in range(first, last + 1) if y not in covered]
    if missing:
        yield Violation(("period",), tr(
            "no milestone of the programme {p} falls in {y}", "chương trình {p} không có mốc nào trong năm {y}",
            p=plan.period, y=", ".join(map(str, missing))),
            hint=tr("schedule the work of each year ('Năm {y}', 'Quý II/{y}')",
                    "ghi thời gian thực hiện cho từng năm ('Năm {y}', 'Quý II/{y}')", y=missing[0]),
            about=tuple(missing))
