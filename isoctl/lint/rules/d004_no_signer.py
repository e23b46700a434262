"""No signer: the plan does not say who signs it.

Why:
    Decree 30/2020/NĐ-CP (Điều 8.2.h, Phụ lục I mục II.7) requires the signing block: the
    authority (KT./TM./Q./TL./TUQ. where someone signs on another's behalf), the title and the
    signer's full name. A plan is approved by the head of the agency (Circular 26/2014/TT-BKHCN
    Điều 7.2.b); without a signer nobody is shown approving it. An issued plan must also name the
    person who signed. A file that holds only an appendix (``document.appendix``) has no signing
    block of its own and is not checked.

Fails:
    ```yaml
    signer: __delete__
    ```

Passes:
    ```yaml
    status: draft
    document:
      number: null
      date: null
    signer:
      title: GIÁM ĐỐC
      name: __delete__
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "D004"
NAME = "no-signer"
SEVERITY = "error"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.nothing  # reads no task

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Không có người ký: kế hoạch không nêu ai ký.

Vì sao:
    Nghị định 30/2020/NĐ-CP (Điều 8.2.h, Phụ lục I mục II.7) yêu cầu phần chữ ký: quyền hạn ký
    (KT./TM./Q./TL./TUQ. khi ký thay hoặc thừa lệnh người khác), chức vụ và họ tên người ký. Kế
    hoạch do người đứng đầu cơ quan phê duyệt (Thông tư 26/2014/TT-BKHCN Điều 7.2.b); không có người
    ký thì văn bản không thể hiện ai phê duyệt. Kế hoạch đã ban hành còn phải ghi tên người đã ký.
    Tệp chỉ chứa phụ lục (``document.appendix``) không có phần chữ ký riêng nên không bị kiểm tra.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    plan = ctx.plan
    if plan.document.appendix:
        return
    if plan.signer is None:
        where = ("signer",) if "signer" in ctx.loaded.data else ("recipients",) if plan.recipients else ()
        yield Violation(where, tr("the plan has no signer", "kế hoạch chưa có người ký"),
                        hint=tr("add 'signer:' with title (e.g. GIÁM ĐỐC), name and, when signing for the head, "
                                "authority (KT.)", "thêm 'signer:' gồm title (ví dụ GIÁM ĐỐC), name và authority "
                                "(KT.) khi ký thay người đứng đầu"),
                        key=bool(where))
    elif plan.status == "issued" and not plan.signer.name:
        yield Violation(("signer", "name"), tr("the issued plan does not name its signer",
                                               "kế hoạch đã ban hành nhưng chưa ghi họ tên người ký"),
                        hint=tr("write the signer's full name as printed under the signature",
                                "ghi họ tên người ký như in dưới chữ ký"), key=True)
