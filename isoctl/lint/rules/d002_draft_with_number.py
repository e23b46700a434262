"""A draft that already carries a document number or date.

Why:
    Under Decree 30/2020/NĐ-CP (Điều 15–16) the number and date are given by the clerical office
    (văn thư) when the signed document is registered and issued; a draft leaves them blank
    ("Số: /KH-…", "ngày … tháng … năm …"). A draft with a number either was in fact issued
    (then ``status`` should be ``issued``) or claims a number the register has not given it.

Fails:
    ```yaml
    status: draft
    document:
      number: 15
      date: null
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
from isoctl.lint.rules import _inputs
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "D002"
NAME = "draft-with-number"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.nothing  # reads no task

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Dự thảo đã mang số hoặc ngày văn bản.

Vì sao:
    Theo Nghị định 30/2020/NĐ-CP (Điều 15–16), số và ngày do văn thư cấp khi văn bản đã ký được đăng
    ký và phát hành; dự thảo để trống các thành phần này ("Số: /KH-…", "ngày … tháng … năm …"). Dự
    thảo đã có số thì hoặc thực tế đã được ban hành (khi đó ``status`` phải là ``issued``), hoặc
    đang ghi một số mà sổ đăng ký văn bản chưa cấp.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    plan = ctx.plan
    if plan.status != "draft":
        return
    doc = plan.document
    hint = tr("if the plan was issued, set status: issued; otherwise leave number and date null",
              "nếu kế hoạch đã ban hành, đặt status: issued; nếu chưa, để trống số và ngày (null)")
    if doc.number not in (None, ""):
        yield Violation(("document", "number"), tr(
            "the plan is a draft but already has number {n}", "kế hoạch là dự thảo nhưng đã có số {n}", n=doc.number),
            hint=hint)
    if doc.date is not None:
        yield Violation(("document", "date"), tr(
            "the plan is a draft but already has a date ({d:%d/%m/%Y})",
            "kế hoạch là dự thảo nhưng đã có ngày ban hành ({d:%d/%m/%Y})", d=doc.date), hint=hint)
