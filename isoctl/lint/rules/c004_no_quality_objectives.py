"""The plan has no work on quality objectives.

Why:
    Quality objectives are set, planned for and evaluated every year at the relevant functions
    (ISO 9001 §6.2; TT 26/2014/TT-BKHCN Điều 33 lists them among what the province inspects); the
    yearly plan is where that work is scheduled. A task counts when its activity is
    quality-objectives ("mục tiêu chất lượng" in its title); so does a duty in
    ``responsibilities`` that says so, since units often carry it as a standing duty.

    Applies to the agency's own plan (``kind: maintenance``, the default), not to an inspection
    plan or a multi-year programme.

Fails:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: muc-tieu-chat-luong
            __delete__: true
    ```

Passes:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: muc-tieu-chat-luong
            __delete__: true
    responsibilities:
      - unit: PHONG
        duties:
          - Xây dựng, đánh giá kết quả thực hiện mục tiêu chất lượng của phòng.
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules._coverage import coverage_path, duties_doing, own_system, tasks_doing
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "C004"
NAME = "no-quality-objectives"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.schedule

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Kế hoạch không có công việc về mục tiêu chất lượng.

Vì sao:
    Mục tiêu chất lượng được thiết lập, lập kế hoạch thực hiện và đánh giá hằng năm tại các bộ phận
    liên quan (ISO 9001 §6.2; TT 26/2014/TT-BKHCN Điều 33 liệt kê mục tiêu chất lượng trong các nội
    dung tỉnh kiểm tra); kế hoạch năm là nơi bố trí thời gian cho công việc đó. Một nhiệm vụ được
    tính khi hoạt động của nó là ``quality-objectives`` (tiêu đề có "mục tiêu chất lượng"); một
    nhiệm vụ trong phần trách nhiệm (``responsibilities``) nêu việc đó cũng được tính, vì các đơn vị
    thường đảm nhận việc này như một nhiệm vụ thường xuyên.

    Chỉ áp dụng cho kế hoạch của chính cơ quan (``kind: maintenance``, mặc định), không áp dụng cho
    kế hoạch kiểm tra hay chương trình nhiều năm.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    if not own_system(ctx):  # an inspection plan or a programme: not the agency's own cycle
        return
    if tasks_doing(ctx, "quality-objectives") or duties_doing(ctx, "quality-objectives"):
        return
    yield Violation(coverage_path(ctx), tr("the plan has no work on quality objectives",
                                           "kế hoạch không có nội dung về mục tiêu chất lượng"),
                    hint=tr("add a task 'Xây dựng mục tiêu chất lượng năm …' (activity: quality-objectives)",
                            "thêm nhiệm vụ 'Xây dựng mục tiêu chất lượng năm …' (activity: quality-objectives)"),
                    key=True)
