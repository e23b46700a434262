"""The document date is outside the plan's year.

Why:
    A yearly plan under Decision 19/2014/QĐ-TTg (Điều 4.4) and Circular 26/2014/TT-BKHCN
    (Điều 7.2.b) is approved for its year: a plan for year Y is issued during Y, or at the end of
    Y-1 so that it applies from January. A date in another year is usually a copied header
    (last year's file edited) or the wrong ``year``.

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

Options:
    ``allow-previous-december`` (default true): accept a date in December of the year before.
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "D003"
NAME = "date-outside-year"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {"allow-previous-december": True}
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Violation]:
    plan = ctx.plan
    date = plan.document.date
    if date is None or date.year == plan.year:
        return
    early_ok = bool(ctx.options.get("allow-previous-december", True))
    if early_ok and date.year == plan.year - 1 and date.month == 12:
        return
    yield Violation(("document", "date"), tr(
        "the plan for {y} is dated {d:%d/%m/%Y}, outside {y}", "kế hoạch năm {y} lại ghi ngày {d:%d/%m/%Y}, ngoài năm {y}",
        y=plan.year, d=date),
        hint=tr("check the date line and 'year' (a copy of last year's file?)",
                "kiểm tra dòng ngày tháng và trường 'year' (có phải sao chép từ tệp năm trước?)")
        if not early_ok or date.year != plan.year - 1 else
        tr("a plan for {y} is issued in {y} or in December {p}", "kế hoạch năm {y} ban hành trong năm {y} hoặc tháng 12/{p}",
           y=plan.year, p=plan.year - 1))
