"""A plan file whose document type is a decision (QĐ): its tasks would be printed under the heading "QUYẾT ĐỊNH".

Why:
    A decision (Quyết định) and a plan (Kế hoạch) are different types of document (Decree
    30/2020/NĐ-CP Phụ lục III): when an agency issues its plan by a decision, the decision has its
    own basis, "QUYẾT ĐỊNH:", Điều 1–3 and signature, and the plan is attached to it ("Ban hành
    kèm theo Quyết định số …"). A plan file with ``document.type: QĐ`` would be rendered as a
    plan body under the heading "QUYẾT ĐỊNH", which no agency issues. Keep the plan's own type
    (KH) and write the decision under ``decision`` (``isoctl render docx --doc qd-ban-hanh``
    prints the decision with the plan attached).

Fails:
    ```yaml
    document:
      type: QĐ
    ```

Passes:
    ```yaml
    document:
      type: KH
    decision:
      number: 15
      date: 2024-01-15
    ```
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "D008"
NAME = "plan-under-decision-heading"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.nothing  # reads no task

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Tệp kế hoạch có loại văn bản là quyết định (QĐ): các nhiệm vụ sẽ được in dưới tiêu đề "QUYẾT ĐỊNH".

Vì sao:
    Quyết định và Kế hoạch là hai loại văn bản khác nhau (Nghị định 30/2020/NĐ-CP Phụ lục III): khi
    cơ quan ban hành kế hoạch bằng quyết định, quyết định có căn cứ riêng, "QUYẾT ĐỊNH:", Điều 1–3
    và chữ ký riêng, còn kế hoạch được ban hành kèm theo ("Ban hành kèm theo Quyết định số …"). Tệp
    kế hoạch ghi ``document.type: QĐ`` sẽ được trình bày thành nội dung kế hoạch dưới tiêu đề "QUYẾT
    ĐỊNH", điều mà không cơ quan nào ban hành. Hãy giữ loại văn bản của kế hoạch (KH) và ghi quyết
    định trong ``decision`` (``isoctl render docx --doc qd-ban-hanh`` in quyết định kèm theo kế
    hoạch).
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    plan = ctx.plan
    kind = unicodedata.normalize("NFC", plan.document.type).upper().replace("QD", "QĐ")
    if kind != "QĐ" or not any(True for _ in plan.tasks()):
        return
    yield Violation(("document", "type"), tr(
        "the file holds a plan's tasks but its type is QĐ: they would print under the heading 'QUYẾT ĐỊNH'",
        "tệp chứa nhiệm vụ của kế hoạch nhưng loại văn bản là QĐ: sẽ in dưới tiêu đề 'QUYẾT ĐỊNH'"),
        hint=tr("write 'type: KH' and put the decision that issues the plan under 'decision:' (number, date, verb)",
                "ghi 'type: KH' và đưa quyết định ban hành kế hoạch vào 'decision:' (số, ngày, ban hành/phê duyệt)"))
