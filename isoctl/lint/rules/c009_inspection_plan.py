"""An inspection plan has no inspection task, or does not say which agencies it inspects.

Why:
    The province inspects every agency's quality management system each year (TT 26/2014/TT-BKHCN
    Điều 33; the results are compiled in November, Điều 38), by a plan of its own (``kind:
    inspection``). Such a plan exists to inspect: without a task that inspects (activity
    ``inspection``, "Kiểm tra việc áp dụng, duy trì …") or without the agencies it inspects
    (``inspects``: names, or a group with its ``count`` — "45 cơ quan theo Phụ lục 2") the
    inspected agencies cannot tell whether, or when, they are inspected. The agency's own audit
    and review (C001–C006) do not apply to it.

Fails:
    ```yaml
    kind: inspection
    inspects: [Sở Tư pháp, Sở Nội vụ]
    ```

    ```yaml
    kind: inspection
    phases:
      - id: noi-dung
        tasks:
          - id: kiem-tra
            title: Kiểm tra việc áp dụng, duy trì HTQLCL tại các cơ quan
            lead: [VP]
            when: Quý III
    ```

Passes:
    ```yaml
    kind: inspection
    inspects:
      - Sở Tư pháp
      - name: UBND các xã, phường
        count: 45
    phases:
      - id: noi-dung
        tasks:
          - id: kiem-tra
            title: Kiểm tra việc áp dụng, duy trì HTQLCL tại các cơ quan
            lead: [VP]
            when: Quý III
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules._coverage import coverage_path, tasks_doing
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "C009"
NAME = "inspection-plan"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.schedule

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Kế hoạch kiểm tra không có nhiệm vụ kiểm tra, hoặc không nêu các cơ quan được kiểm tra.

Vì sao:
    Hằng năm tỉnh kiểm tra Hệ thống quản lý chất lượng của mọi cơ quan (TT 26/2014/TT-BKHCN Điều 33;
    kết quả được tổng hợp vào tháng 11, Điều 38) theo một kế hoạch riêng (``kind: inspection``). Kế
    hoạch như vậy có mục đích là kiểm tra: nếu không có nhiệm vụ kiểm tra (hoạt động ``inspection``,
    "Kiểm tra việc áp dụng, duy trì …") hoặc không nêu các cơ quan được kiểm tra (``inspects``: tên
    cơ quan, hoặc một nhóm kèm số lượng ``count`` — "45 cơ quan theo Phụ lục 2") thì các cơ quan
    được kiểm tra không biết mình có được kiểm tra hay không, và khi nào. Đánh giá nội bộ và xem xét
    của lãnh đạo của chính cơ quan (C001–C006) không áp dụng cho loại kế hoạch này.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    plan = ctx.plan
    if plan.kind != "inspection":
        return
    if not tasks_doing(ctx, "inspection"):
        yield Violation(coverage_path(ctx), tr("the inspection plan has no task that inspects",
                                               "kế hoạch kiểm tra không có nhiệm vụ kiểm tra nào"),
                        hint=tr("add a task 'Kiểm tra việc áp dụng, duy trì HTQLCL tại …' (activity: inspection)",
                                "thêm nhiệm vụ 'Kiểm tra việc áp dụng, duy trì HTQLCL tại …' (activity: inspection)"),
                        key=True, about=("no-task",))
    if not plan.inspects:
        yield Violation(("kind",), tr("the inspection plan does not say which agencies it inspects",
                                      "kế hoạch kiểm tra không nêu các cơ quan được kiểm tra"),
                        hint=tr("list them under 'inspects' (a group with its count: {name: …, count: 45})",
                                "liệt kê trong 'inspects' (một nhóm kèm số lượng: {name: …, count: 45})"),
                        about=("no-list",))
