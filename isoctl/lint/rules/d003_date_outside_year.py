"""The document date is outside the plan's year.

Why:
    A yearly plan under Decision 19/2014/QĐ-TTg (Điều 4.4) and Circular 26/2014/TT-BKHCN
    (Điều 7.2.b) is approved for its year: a plan for year Y is issued during Y, or at the end of
    Y-1 (November or December: a 2022 plan dated 23/11/2021) so that it applies from January. A
    date earlier than that, or after Y, is usually a copied header (last year's file edited) or
    the wrong ``year``. A multi-year programme (``period``) may be dated in any of its years.

Fails:
    ```yaml
    year: 2024
    document:
      date: 2023-05-18
    ```

Passes:
    ```yaml
    year: 2024
    document:
      date: 2023-12-20
    ```

    ```yaml
    year: 2022
    document:
      date: 2021-11-23
    ```

Options:
    ``allow-previous-december`` (default true): accept a date at the end of the year before.
    ``previous-year-from`` (default 11): the first month of the year before that is accepted.
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules.base import RuleContext, Violation
from isoctl.plan.law import plan_date, years

CODE = "D003"
NAME = "date-outside-year"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {"allow-previous-december": True, "previous-year-from": 11}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.nothing  # reads no task

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Ngày của văn bản nằm ngoài năm của kế hoạch.

Vì sao:
    Kế hoạch năm theo Quyết định 19/2014/QĐ-TTg (Điều 4.4) và Thông tư 26/2014/TT-BKHCN (Điều 7.2.b)
    được phê duyệt cho năm của nó: kế hoạch năm Y được ban hành trong năm Y, hoặc vào cuối năm Y-1
    (tháng 11 hoặc 12: kế hoạch năm 2022 ghi ngày 23/11/2021) để áp dụng từ tháng 1. Ngày sớm hơn
    thế, hoặc sau năm Y, thường là phần đầu văn bản sao chép (sửa lại từ tệp năm trước) hoặc ghi sai
    năm ``year``. Chương trình nhiều năm (``period``) có thể ghi ngày trong bất kỳ năm nào của nó.

Tùy chọn:
    ``allow-previous-december`` (mặc định true): chấp nhận ngày vào cuối năm trước.
    ``previous-year-from`` (mặc định 11): tháng đầu tiên của năm trước được chấp nhận.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    plan = ctx.plan
    date = plan_date(plan)
    first, last = years(plan)
    if date is None or first <= date.year <= last:
        return
    early_ok = bool(ctx.options.get("allow-previous-december", True))
    from_month = int(ctx.options.get("previous-year-from", 11))
    if early_ok and date.year == first - 1 and date.month >= from_month:
        return
    where = ("document", "date") if plan.document.date is not None else ("decision", "date")
    yield Violation(where, tr(
        "the plan for {y} is dated {d:%d/%m/%Y}, outside {y}", "kế hoạch năm {y} lại ghi ngày {d:%d/%m/%Y}, ngoài năm {y}",
        y=plan.year, d=date),
        hint=tr("check the date line and 'year' (a copy of last year's file?)",
                "kiểm tra dòng ngày tháng và trường 'year' (có phải sao chép từ tệp năm trước?)")
        if not early_ok or date.year != plan.year - 1 else
        tr("a plan for {y} is issued in {y} or from {m}/{p}", "kế hoạch năm {y} ban hành trong năm {y} hoặc từ tháng {m}/{p}",
           y=plan.year, p=plan.year - 1, m=from_month))
