"""No corrective action after the internal audit: none at all, or all of it scheduled before the audit.

Why:
    Nonconformities found by the internal audit are corrected, and the corrections are checked
    (QĐ 19/2014/QĐ-TTg Điều 4.2.b–c; ISO 9001 §10.2): so the plan has corrective action after the
    audit (and before or with the management review). A task counts when it does corrective
    action in the same task as the audit, in a month not before the audit's first month, on a
    recurring, continuous or event schedule, or "Sau đánh giá nội bộ"; with no audit at all,
    C001 reports the plan instead.

    Applies to the agency's own plan (``kind: maintenance``, the default), not to an inspection
    plan or a multi-year programme.

Fails:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: khac-phuc
            when: Tháng 5/2024
    ```

Passes:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: khac-phuc
            when: Sau đánh giá nội bộ
    ```

    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: khac-phuc
            __delete__: true
          - id: danh-gia-noi-bo
            activity: [internal-audit, corrective-action]
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules._coverage import coverage_path, own_system, tasks_doing
from isoctl.lint.rules._sched import month_vi
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "C003"
NAME = "no-corrective-action"
SEVERITY = "error"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.schedule

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Không có hành động khắc phục sau đánh giá nội bộ: hoàn toàn không có, hoặc tất cả đều được xếp trước đợt đánh giá.

Vì sao:
    Các điểm không phù hợp phát hiện qua đánh giá nội bộ phải được khắc phục và việc khắc phục phải
    được kiểm tra lại (QĐ 19/2014/QĐ-TTg Điều 4.2.b–c; ISO 9001 §10.2): vì vậy kế hoạch phải có hành
    động khắc phục sau đánh giá (và trước hoặc cùng lúc với xem xét của lãnh đạo). Một nhiệm vụ được
    tính khi nó thực hiện hành động khắc phục ngay trong nhiệm vụ đánh giá, vào tháng không sớm hơn
    tháng đầu tiên của đợt đánh giá, theo thời gian định kỳ, thường xuyên hoặc khi có sự việc, hoặc
    "Sau đánh giá nội bộ"; nếu hoàn toàn không có đánh giá nội bộ thì C001 báo kế hoạch thay cho quy
    tắc này.

    Chỉ áp dụng cho kế hoạch của chính cơ quan (``kind: maintenance``, mặc định), không áp dụng cho
    kế hoạch kiểm tra hay chương trình nhiều năm.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    if not own_system(ctx):  # an inspection plan or a programme: not the agency's own cycle
        return
    audits = tasks_doing(ctx, "internal-audit")
    if not audits:
        return
    fixes = tasks_doing(ctx, "corrective-action")
    if not fixes:
        yield Violation(coverage_path(ctx), tr("the plan has no corrective action after the internal audit",
                                               "kế hoạch không có hành động khắc phục sau đánh giá nội bộ"),
                        hint=tr("add a task 'Khắc phục các điểm không phù hợp sau đánh giá nội bộ'",
                                "thêm nhiệm vụ 'Khắc phục các điểm không phù hợp sau đánh giá nội bộ'"), key=True)
        return
    dated = [a for a in audits if a.months]
    if not dated or any(not a.months or a.whole_year for a in audits):
        return
    first = min(a.first for a in dated)
    for f in fixes:
        if f in audits or not f.months or f.whole_year or f.first >= first:
            return
    f = fixes[0]
    audit = min(dated, key=lambda a: a.first)
    yield Violation((*f.path, "when"), tr(
        "corrective action '{f}' ({m}) is scheduled before the internal audit '{a}' ({n})",
        "hành động khắc phục '{f}' ({m}) được xếp trước đánh giá nội bộ '{a}' ({n})",
        f=f.task.id, m=month_vi(f.first), a=audit.task.id, n=month_vi(first)),
        hint=tr("schedule it after the audit, before or with the management review",
                "xếp sau đánh giá nội bộ, trước hoặc cùng lúc với xem xét của lãnh đạo"),
        anchor=("phases",), about=("before-audit",))
