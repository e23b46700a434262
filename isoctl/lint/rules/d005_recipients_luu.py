"""The distribution list (Nơi nhận) lacks its final "Lưu: …" line, or has none at all.

Why:
    Decree 30/2020/NĐ-CP (Điều 8.2.i, Phụ lục I mục II.8) requires "Nơi nhận" on every
    administrative document, ending with the filing line "Lưu: VT, <drafting unit>" — the copy
    kept by the clerical office and by the unit that drafted it. A list without that line, or with
    "Lưu" anywhere but last, does not meet the form. A full plan without any recipients does not say
    who must carry it out or receives it (the provincial Sở KH&CN follows every agency's plan,
    Circular 26/2014/TT-BKHCN Điều 33). A file that holds only an appendix is not checked.

Fails:
    ```yaml
    recipients:
      - Sở Khoa học và Công nghệ
      - Các phòng thuộc Sở
    ```

    ```yaml
    recipients:
      - "Lưu: VT, VP"
      - Các phòng thuộc Sở
    ```

Passes:
    ```yaml
    recipients:
      - Các phòng thuộc Sở
      - "Lưu: VT, VP (10b)"
    ```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.lint.rules import _inputs
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "D005"
NAME = "recipients-without-luu"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.nothing  # reads no task

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Nơi nhận thiếu dòng cuối "Lưu: …", hoặc không có Nơi nhận.

Vì sao:
    Nghị định 30/2020/NĐ-CP (Điều 8.2.i, Phụ lục I mục II.8) yêu cầu mọi văn bản hành chính có "Nơi
    nhận", kết thúc bằng dòng "Lưu: VT, <đơn vị soạn thảo>" — bản lưu tại văn thư và tại đơn vị soạn
    thảo. Danh sách thiếu dòng đó, hoặc có "Lưu" ở vị trí khác ngoài dòng cuối, là không đúng thể
    thức. Kế hoạch đầy đủ mà không có nơi nhận nào thì không cho biết ai phải thực hiện hay ai được
    nhận (Sở KH&CN của tỉnh theo dõi kế hoạch của mọi cơ quan, Thông tư 26/2014/TT-BKHCN Điều 33).
    Tệp chỉ chứa phụ lục không bị kiểm tra.
"""

_LUU = lazy(r"^\s*-?\s*lưu\b", re.I)


def check(ctx: RuleContext) -> Iterator[Violation]:
    plan = ctx.plan
    if plan.document.appendix:
        return
    recipients = plan.recipients
    if not recipients:
        yield Violation(("recipients",) if "recipients" in ctx.loaded.data else (),
                        tr("the plan has no recipients (Nơi nhận)", "kế hoạch chưa có nơi nhận"),
                        hint=tr("add 'recipients:' ending with \"Lưu: VT, <drafting unit>\"",
                                "thêm 'recipients:' với dòng cuối \"Lưu: VT, <đơn vị soạn thảo>\""),
                        key="recipients" in ctx.loaded.data)
        return
    luu = [i for i, r in enumerate(recipients) if _LUU.match(r)]
    last = len(recipients) - 1
    if not luu:
        yield Violation(("recipients", last), tr(
            "the recipients do not end with the filing line \"Lưu: VT, …\"",
            "nơi nhận thiếu dòng lưu cuối cùng \"Lưu: VT, …\""),
            hint=tr("add \"Lưu: VT, {u}\" as the last recipient", "thêm \"Lưu: VT, {u}\" làm dòng cuối của nơi nhận",
                    u=_drafting_unit(plan)))
    elif luu[-1] != last:
        yield Violation(("recipients", luu[-1]), tr(
            "\"{r}\" must be the last recipient", "\"{r}\" phải là dòng cuối của nơi nhận", r=recipients[luu[-1]]),
            hint=tr("move it to the end of the list", "hãy chuyển dòng này xuống cuối danh sách"))


def _drafting_unit(plan) -> str:
    for unit in plan.units:
        if unit.name.lower().startswith("văn phòng"):
            return unit.id
    return "VP"
