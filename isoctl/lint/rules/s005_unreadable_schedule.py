"""A schedule the grammar does not read: kept as written, not drawn on the timeline.

Why:
    Agencies write the time of a task in many ways (Thời gian thực hiện); isoctl reads the
    forms listed in ``docs/plan-format.md``. Text it does not read at all is kept exactly as
    written — the plan still validates and renders — but it cannot be drawn on the timeline,
    checked against the plan's year (S001) or the order of tasks (S002), or followed in the
    status report (TT 26/2014/TT-BKHCN Điều 7.2.b asks for a plan that can be followed and
    checked). The warning names the nearest form isoctl reads. A wrong month, day or year in a
    form it does read ("Tháng 13") is still a schema error.

Fails:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: bao-cao
            when: Tùy tình hình thực tế
    ```

Passes:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: bao-cao
            when: Định kỳ, đột xuất
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules._sched import infos
from isoctl.lint.rules.base import RuleContext, Violation
from isoctl.plan.schedule import nearest_form

CODE = "S005"
NAME = "unreadable-schedule"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "task"  # each finding: one task and the plan outside its tasks (isoctl.lint.incremental)

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Thời gian thực hiện mà bộ đọc không hiểu: giữ nguyên như đã ghi, không vẽ trên biểu đồ tiến độ.

Vì sao:
    Các cơ quan ghi thời gian của nhiệm vụ theo nhiều cách (Thời gian thực hiện); isoctl đọc được
    các cách viết liệt kê trong ``docs/plan-format.md``. Đoạn chữ hoàn toàn không đọc được thì được
    giữ nguyên như đã ghi — kế hoạch vẫn hợp lệ và vẫn xuất văn bản được — nhưng không vẽ được trên
    biểu đồ tiến độ, không đối chiếu được với năm của kế hoạch (S001) hay thứ tự các nhiệm vụ
    (S002), và không theo dõi được trong báo cáo tiến độ (TT 26/2014/TT-BKHCN Điều 7.2.b yêu cầu kế
    hoạch theo dõi và kiểm tra được). Cảnh báo nêu cách viết gần nhất mà isoctl đọc được. Tháng,
    ngày hoặc năm sai trong một cách viết mà isoctl đọc được ("Tháng 13") vẫn là lỗi lược đồ.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    for t in infos(ctx):
        when = t.task.when
        if when is None or when.unread is None:
            continue
        yield Violation((*t.path, "when"), tr(
            "isoctl does not read the schedule '{w}' of task '{t}': it is kept as written but not drawn",
            "isoctl không đọc được thời gian thực hiện '{w}' của nhiệm vụ '{t}': giữ nguyên văn nhưng không vẽ được",
            w=when.unread, t=t.task.id),
            hint=tr("the nearest form isoctl reads: '{n}' (all forms: docs/plan-format.md)",
                    "dạng gần nhất isoctl đọc được: '{n}' (mọi dạng: docs/plan-format.md)", n=nearest_form(when.unread)),
            about=(when.unread,))
