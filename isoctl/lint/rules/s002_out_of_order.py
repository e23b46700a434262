"""A task scheduled before a task it follows.

Why:
    Some work can only follow other work. Explicitly: a task with ``after: [id]``, a schedule
    ``{after: id}`` or "Sau công bố" (resolved to the task that announces) must not start before
    the task it follows has ended. Naturally, one yearly cycle runs auditor training → internal
    audit → corrective action → management review → announcement: auditors are trained before
    they audit, nonconformities found by the audit are corrected (QĐ 19/2014/QĐ-TTg Điều
    4.2.b–c; ISO 9001 §9.2, §10.2), the review looks at the audit and its corrections (§9.3), and
    the head confirms effectiveness before announcing conformity (QĐ 19/2014 Điều 4.2.d, 4.3).

    How months are compared: for an explicit ``after``, the task's first month must not be
    before the last month of the task it follows. For the natural order, the first month of a
    later step is compared with the first month of the nearest earlier step the plan has (so a
    second audit late in the year does not make an earlier corrective action wrong). The same
    month is allowed; tasks that recur or run all year, or have no months, are not compared; a
    task doing several steps at once is not compared with itself, nor with tasks of a step it
    does itself. Audit → corrective action is reported by C003.

Fails:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: xem-xet-lanh-dao
            when: Tháng 5/2024
    ```

    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: bao-cao
            when: Tháng 7/2024
            after: [cong-bo]
    ```

Passes:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: xem-xet-lanh-dao
            when: Tháng 7/2024
          - id: cong-bo
            when: Tháng 7/2024
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules._sched import STEPS, TaskInfo, infos, month_vi, predecessors
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "S002"
NAME = "out-of-order"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.schedule

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Nhiệm vụ được xếp lịch trước một nhiệm vụ mà nó phải đi sau.

Vì sao:
    Có những việc chỉ làm được sau việc khác. Khi ghi rõ: nhiệm vụ có ``after: [id]``, thời gian
    ``{after: id}`` hoặc "Sau công bố" (hiểu là sau nhiệm vụ công bố) không được bắt đầu trước khi
    nhiệm vụ đi trước kết thúc. Theo trình tự tự nhiên, một chu kỳ hằng năm gồm đào tạo chuyên gia
    đánh giá → đánh giá nội bộ → hành động khắc phục → xem xét của lãnh đạo → công bố: chuyên gia
    được đào tạo trước khi đánh giá, sự không phù hợp phát hiện khi đánh giá được khắc phục (QĐ
    19/2014/QĐ-TTg Điều 4.2.b–c; ISO 9001 §9.2, §10.2), cuộc xem xét của lãnh đạo xem lại kết quả
    đánh giá và việc khắc phục (§9.3), và người đứng đầu xác nhận hiệu lực trước khi công bố hệ
    thống phù hợp (QĐ 19/2014 Điều 4.2.d, 4.3).

    Cách so sánh các tháng: với ``after`` ghi rõ, tháng đầu tiên của nhiệm vụ không được sớm hơn
    tháng cuối cùng của nhiệm vụ đi trước. Với trình tự tự nhiên, tháng đầu tiên của bước sau được
    so với tháng đầu tiên của bước trước gần nhất mà kế hoạch có (vì vậy một đợt đánh giá thứ hai
    vào cuối năm không làm cho hành động khắc phục trước đó thành sai). Cùng tháng thì được chấp
    nhận; nhiệm vụ định kỳ hoặc thực hiện cả năm, hoặc không có tháng, không được so sánh; nhiệm vụ
    làm nhiều bước cùng lúc không bị so với chính nó, cũng không bị so với nhiệm vụ thuộc bước mà
    chính nó đảm nhận. Thứ tự đánh giá → hành động khắc phục do C003 báo.
"""

_STEP_VI = {"auditor-training": "đào tạo chuyên gia đánh giá nội bộ", "internal-audit": "đánh giá nội bộ",
            "corrective-action": "hành động khắc phục", "management-review": "xem xét của lãnh đạo",
            "announcement": "công bố"}


def check(ctx: RuleContext) -> Iterator[Violation]:
    tasks = [t for t in infos(ctx) if t.active]
    reported: set[int] = set()
    for t in tasks:
        if not t.months:
            continue
        for p, _how in predecessors(ctx, t):
            if p.months and t.first < p.last and t.index not in reported:
                reported.add(t.index)
                yield Violation((*t.path, "when"), tr(
                    "'{t}' ({m}) follows '{p}', which runs until {q}",
                    "'{t}' ({m}) làm sau '{p}', nhưng việc đó đến {q} mới xong",
                    t=t.task.id, m=month_vi(t.first), p=p.task.id, q=month_vi(p.last)),
                    hint=tr("move one of them, or correct 'after'", "điều chỉnh thời gian, hoặc sửa 'after'"),
                    about=("after",))
    # per step, once (not once a task: a 10,000-task plan made this quadratic): whether any task
    # does it, and the earliest-starting task that does it in given months, first in file order.
    # A task is compared with steps before its own first step only, so it is never among them.
    has = dict.fromkeys(STEPS, False)
    earliest: dict[str, TaskInfo] = {}
    for o in tasks:
        for s in STEPS:
            if s in o.acts:
                has[s] = True
                if o.months and not o.whole_year and (s not in earliest or o.first < earliest[s].first):
                    earliest[s] = o
    for t in tasks:
        if not t.months or t.whole_year or t.index in reported:
            continue
        mine = [STEPS.index(a) for a in t.acts if a in STEPS]
        if not mine:
            continue
        step = min(mine)
        for earlier in range(step - 1, -1, -1):
            if (STEPS[earlier], STEPS[step]) == ("internal-audit", "corrective-action"):
                break  # C003
            if not has[STEPS[earlier]]:
                continue  # the plan has no such step: look further back
            first = earliest.get(STEPS[earlier])
            if first is None:
                break
            if t.first < first.first:
                reported.add(t.index)
                yield Violation((*t.path, "when"), tr(
                    "'{t}' ({s}, {m}) is scheduled before '{o}' ({e}, {n})",
                    "'{t}' ({sv}, {m}) được xếp trước '{o}' ({ev}, {n})",
                    t=t.task.id, s=STEPS[step], sv=_STEP_VI[STEPS[step]], m=month_vi(t.first), o=first.task.id,
                    e=STEPS[earlier], ev=_STEP_VI[STEPS[earlier]], n=month_vi(first.first)),
                    hint=tr("{e} comes first: auditor training → internal audit → corrective action → "
                            "management review → announcement",
                            "{ev} phải làm trước: đào tạo chuyên gia → đánh giá nội bộ → khắc phục → "
                            "xem xét của lãnh đạo → công bố", e=STEPS[earlier], ev=_STEP_VI[STEPS[earlier]]),
                    about=(STEPS[step], STEPS[earlier]))
            break
