"""The plan has no management review.

Why:
    Top management reviews the quality management system at least once a year
    (QĐ 19/2014/QĐ-TTg Điều 4.4.b; TT 26/2014/TT-BKHCN Điều 7.2.k; ISO 9001 §9.3). A task counts
    when its ``activity`` says management-review or its title reads so ("xem xét của lãnh đạo",
    "họp xem xét", "hội nghị đánh giá tổng thể"); a recurring schedule counts as happening in the
    year; cancelled tasks do not count.

    Applies to the agency's own plan (``kind: maintenance``, the default), not to an inspection
    plan or a multi-year programme.

Fails:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: xem-xet-lanh-dao
            status: cancelled
    ```

Passes:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: xem-xet-lanh-dao
            title: Tổ chức hội nghị đánh giá tổng thể Hệ thống quản lý chất lượng của cơ quan
            activity: __delete__
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules._coverage import coverage_path, own_system, tasks_doing
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "C002"
NAME = "no-management-review"
SEVERITY = "error"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.schedule

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Kế hoạch không có xem xét của lãnh đạo.

Vì sao:
    Lãnh đạo cao nhất xem xét Hệ thống quản lý chất lượng ít nhất mỗi năm một lần (QĐ 19/2014/QĐ-TTg
    Điều 4.4.b; TT 26/2014/TT-BKHCN Điều 7.2.k; ISO 9001 §9.3). Một nhiệm vụ được tính khi
    ``activity`` của nó ghi ``management-review`` hoặc tiêu đề cho thấy điều đó ("xem xét của lãnh
    đạo", "họp xem xét", "hội nghị đánh giá tổng thể"); thời gian định kỳ được tính là có diễn ra
    trong năm; nhiệm vụ đã hủy không được tính.

    Chỉ áp dụng cho kế hoạch của chính cơ quan (``kind: maintenance``, mặc định), không áp dụng cho
    kế hoạch kiểm tra hay chương trình nhiều năm.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    if not own_system(ctx):  # an inspection plan or a programme: not the agency's own cycle
        return
    if not tasks_doing(ctx, "management-review"):
        yield Violation(coverage_path(ctx), tr("the plan has no management review this year",
                                               "kế hoạch không có hoạt động xem xét của lãnh đạo trong năm"),
                        hint=tr("add a task 'Họp xem xét của lãnh đạo' (activity: management-review)",
                                "thêm nhiệm vụ 'Họp xem xét của lãnh đạo' (activity: management-review)"), key=True)
