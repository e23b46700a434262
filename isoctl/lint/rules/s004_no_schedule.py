"""A task without a schedule (``when`` missing).

Why:
    Every task of the plan has a time (Thời gian thực hiện): TT 26/2014/TT-BKHCN Điều 7.2.b
    asks for a plan the agency can follow and the province can check, and a task without a time
    can be neither followed nor checked. Recurring, continuous, relative ("Sau công bố") and
    event schedules ("Khi có …") all count as a schedule; cancelled tasks are not checked.

Fails:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: bao-cao
            when: __delete__
    ```

Passes:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: bao-cao
            when: Khi có yêu cầu của Sở Khoa học và Công nghệ
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules._sched import infos
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "S004"
NAME = "no-schedule"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "task"  # each finding: one task and the plan outside its tasks (isoctl.lint.incremental)

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Nhiệm vụ không có thời gian thực hiện (thiếu ``when``).

Vì sao:
    Mỗi nhiệm vụ của kế hoạch có thời gian (Thời gian thực hiện): TT 26/2014/TT-BKHCN Điều 7.2.b yêu
    cầu kế hoạch mà cơ quan theo được và tỉnh kiểm tra được, còn nhiệm vụ không có thời gian thì
    không theo dõi được cũng không kiểm tra được. Thời gian định kỳ, thường xuyên, tương đối ("Sau
    công bố") và theo sự việc ("Khi có …") đều được tính là có thời gian; nhiệm vụ đã hủy không bị
    kiểm tra.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    for t in infos(ctx):
        if t.active and t.task.when is None:
            yield Violation((*t.path, "id"), tr("task '{t}' has no schedule", "nhiệm vụ '{t}' chưa có thời gian thực hiện",
                                                t=t.task.id),
                            hint=tr("add 'when:', e.g. 'Tháng 6', 'Hàng quý', 'Thường xuyên' or 'Khi có …'",
                                    "thêm 'when:', ví dụ 'Tháng 6', 'Hàng quý', 'Thường xuyên' hoặc 'Khi có …'"))
