"""An issued plan without its number or its date.

Why:
    Decree 30/2020/NĐ-CP (Điều 8 and Phụ lục I, mục II.3–4) makes the number/symbol and the
    place-and-date line mandatory parts of every administrative document: an issued plan is cited
    by them ("Kế hoạch số 359/KH-SVHTT ngày 18/5/2023"), and the province's inspection under
    Circular 26/2014/TT-BKHCN (Điều 33) asks for the issued plan by number. A file marked
    ``status: issued`` that lacks either is either still a draft or was transcribed incompletely.
    A plan issued by a decision (``decision``: "Ban hành kèm theo Quyết định số …") has no number
    of its own: the decision's number and date are checked instead.

Fails:
    ```yaml
    status: issued
    document:
      number: null
    ```

    ```yaml
    status: issued
    document:
      number: null
      date: null
    decision:
      date: 2024-01-15
    ```

Passes:
    ```yaml
    status: issued
    document:
      number: null
      date: null
    decision:
      number: 15
      date: 2024-01-15
    ```

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
from isoctl.lint.rules import _inputs
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "D001"
NAME = "issued-without-number"
SEVERITY = "error"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.nothing  # reads no task

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Kế hoạch đã ban hành nhưng thiếu số hoặc ngày.

Vì sao:
    Nghị định 30/2020/NĐ-CP (Điều 8 và Phụ lục I, mục II.3–4) quy định số, ký hiệu và địa danh, ngày
    tháng năm ban hành là thành phần bắt buộc của mọi văn bản hành chính: kế hoạch đã ban hành được
    trích dẫn bằng các thành phần đó ("Kế hoạch số 359/KH-SVHTT ngày 18/5/2023"), và khi kiểm tra
    theo Thông tư 26/2014/TT-BKHCN (Điều 33) tỉnh yêu cầu kế hoạch đã ban hành theo số. Tệp ghi
    ``status: issued`` mà thiếu một trong hai thì hoặc vẫn là dự thảo, hoặc được chép lại chưa đầy
    đủ. Kế hoạch ban hành kèm theo quyết định (``decision``: "Ban hành kèm theo Quyết định số …")
    không có số riêng: khi đó kiểm tra số và ngày của quyết định.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    plan = ctx.plan
    if plan.status != "issued":
        return
    doc = plan.document
    if plan.decision is not None:  # the plan is attached to the decision that issues it
        yield from _decision(ctx)
        return
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


def _decision(ctx: RuleContext) -> Iterator[Violation]:
    dec = ctx.plan.decision
    given = (ctx.loaded.data or {}).get("decision") or {}
    if dec.number in (None, ""):
        yield Violation(("decision", "number") if "number" in given else ("decision",), tr(
            "the plan is issued but the decision that issues it has no number",
            "kế hoạch đã ban hành nhưng quyết định ban hành chưa có số"),
            hint=tr("write the decision's number (Số: …/QĐ-{a}), or set status: draft",
                    "ghi số của quyết định (Số: …/QĐ-{a}), hoặc đặt status: draft", a=ctx.plan.agency.abbr),
            key="number" not in given)
    if dec.date is None:
        yield Violation(("decision", "date") if "date" in given else ("decision",), tr(
            "the plan is issued but the decision that issues it has no date",
            "kế hoạch đã ban hành nhưng quyết định ban hành chưa có ngày"),
            hint=tr("write the decision's date as YYYY-MM-DD, or set status: draft",
                    "ghi ngày của quyết định dạng YYYY-MM-DD, hoặc đặt status: draft"),
            key="date" not in given)
