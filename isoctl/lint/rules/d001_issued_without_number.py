"""An issued plan without its number or its date.

Why:
    Decree 30/2020/NĐ-CP (Điều 8 and Phụ lục I, mục II.3–4) makes the number/symbol and the
    place-and-date line mandatory parts of every administrative document: an issued plan is cited
    by them ("Kế hoạch số 359/KH-SVHTT ngày 18/5/2023"), and the province's inspection under
    Circular 26/2014/TT-BKHCN (Điều 33) asks for the issued plan by number. A file marked
    ``status: issued`` that lacks either is either still a draft or was transcribed incompletely.

Fails:
    ```yaml
    status: issued
    document:
      number: null
    ```

Passes:
    ```yaml
    status: draft
    document:
      number: null
      date: null
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "D001"
NAME = "issued-without-number"
SEVERITY = "error"
OPTIONS: dict[str, object] = {}
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Violation]:
    plan = ctx.plan
    if plan.status != "issued":
        return
    doc = plan.document
    if doc.number in (None, ""):
        yield Violation(("document", "number"), tr(
            "the plan is issued but has no document number", "kế hoạch đã ban hành nhưng chưa có số văn bản"),
            hint=tr("write the number from the issued document (Số: …/{t}-{a}), or set status: draft",
                    "ghi số của văn bản đã ban hành (Số: …/{t}-{a}), hoặc đặt status: draft",
                    t=doc.type, a=plan.agency.abbr), key="number" not in ctx.loaded.data.get("document", {}))
    if doc.date is None:
        yield Violation(("document", "date"), tr(
            "the plan is issued but has no document date", "kế hoạch đã ban hành nhưng chưa có ngày ban hành"),
            hint=tr("write the date of the issued document as YYYY-MM-DD, or set status: draft",
                    "ghi ngày ban hành dạng YYYY-MM-DD, hoặc đặt status: draft"),
            key="date" not in ctx.loaded.data.get("document", {}))
