"""The plan has no internal audit.

Why:
    The agency audits its quality management system internally at least once a year
    (QĐ 19/2014/QĐ-TTg Điều 4.4.b; TT 26/2014/TT-BKHCN Điều 7.2.k; ISO 9001 §9.2). A yearly plan
    without an internal audit cannot meet that duty, and the province's inspection checks it
    (TT 26/2014 Điều 33). A task counts when its ``activity`` says internal-audit or its title
    reads so ("đánh giá nội bộ"; see ``isoctl validate --show-activities``); a recurring
    schedule ("Định kỳ hàng năm") counts as happening in the year; cancelled tasks do not count.

    Applies to the agency's own plan (``kind: maintenance``, the default), not to an inspection
    plan or a multi-year programme.

Fails:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: danh-gia-noi-bo
            __delete__: true
    ```

Passes:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: danh-gia-noi-bo
            title: Tổ chức đánh giá nội bộ HTQLCL
            activity: __delete__
            when: Định kỳ hàng năm
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules._coverage import coverage_path, own_system, tasks_doing
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "C001"
NAME = "no-internal-audit"
SEVERITY = "error"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.schedule

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Kế hoạch không có đánh giá nội bộ.

Vì sao:
    Cơ quan tổ chức đánh giá nội bộ Hệ thống quản lý chất lượng ít nhất mỗi năm một lần (QĐ
    19/2014/QĐ-TTg Điều 4.4.b; TT 26/2014/TT-BKHCN Điều 7.2.k; ISO 9001 §9.2). Kế hoạch năm không có
    đánh giá nội bộ thì không thực hiện được nghĩa vụ đó, và đoàn kiểm tra của tỉnh kiểm tra nội
    dung này (TT 26/2014 Điều 33). Một nhiệm vụ được tính khi ``activity`` của nó ghi
    ``internal-audit`` hoặc tiêu đề cho thấy điều đó ("đánh giá nội bộ"; xem ``isoctl validate
    --show-activities``); thời gian định kỳ ("Định kỳ hàng năm") được tính là có diễn ra trong năm;
    nhiệm vụ đã hủy không được tính.

    Chỉ áp dụng cho kế hoạch của chính cơ quan (``kind: maintenance``, mặc định), không áp dụng cho
    kế hoạch kiểm tra hay chương trình nhiều năm.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    if not own_system(ctx):  # an inspection plan or a programme: not the agency's own cycle
        return
    if not tasks_doing(ctx, "internal-audit"):
        yield Violation(coverage_path(ctx), tr("the plan has no internal audit this year",
                                               "kế hoạch không có đánh giá nội bộ trong năm"),
                        hint=tr("add a task 'Tổ chức đánh giá nội bộ' (activity: internal-audit)",
                                "thêm nhiệm vụ 'Tổ chức đánh giá nội bộ' (activity: internal-audit)"), key=True)
