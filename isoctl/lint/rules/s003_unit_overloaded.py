"""A unit leads more tasks in one month than it can carry.

Why:
    TT 26/2014/TT-BKHCN Điều 7.2.b asks the agency to approve a plan it can carry out, with
    resources assigned (ISO 9001 §6.2.2, §7.1). When one unit leads many tasks in the same month
    — typically the office or the consultant in the month of the audit — some will slip, and the
    plan should spread them or share the lead. Only months written in the schedule count; tasks
    that recur or run all year, and cancelled tasks, do not.

Fails:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: dao-tao-danh-gia-vien
            when: Tháng 6/2024
          - id: danh-gia-noi-bo
            lead: [VP]
          - id: khac-phuc
            lead: [VP]
            when: Tháng 6/2024
          - id: xem-xet-lanh-dao
            lead: [VP]
            when: Tháng 6/2024
          - id: cong-bo
            lead: [VP]
            when: Tháng 6/2024
    ```

Passes:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: dao-tao-danh-gia-vien
            when: Tháng 6/2024
          - id: danh-gia-noi-bo
            lead: [VP]
          - id: khac-phuc
            lead: [VP]
            when: Tháng 6/2024
          - id: xem-xet-lanh-dao
            lead: [VP]
            when: Tháng 6/2024
    ```

Options:
    ``max-tasks`` (default 4): the most tasks one unit may lead in one month.
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules._sched import infos, month_vi
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "S003"
NAME = "unit-overloaded"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {"max-tasks": 4}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.schedule

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Một đơn vị chủ trì nhiều nhiệm vụ trong một tháng hơn mức có thể đảm đương.

Vì sao:
    TT 26/2014/TT-BKHCN Điều 7.2.b yêu cầu cơ quan phê duyệt kế hoạch mà mình thực hiện được, có
    phân bổ nguồn lực (ISO 9001 §6.2.2, §7.1). Khi một đơn vị chủ trì nhiều nhiệm vụ trong cùng một
    tháng — thường là Văn phòng hoặc đơn vị tư vấn trong tháng đánh giá — sẽ có việc bị chậm, và kế
    hoạch nên giãn các việc đó ra hoặc chia sẻ vai trò chủ trì. Chỉ tính các tháng ghi trong thời
    gian thực hiện; nhiệm vụ định kỳ hoặc thực hiện cả năm, và nhiệm vụ đã hủy, không được tính.

Tùy chọn:
    ``max-tasks`` (mặc định 4): số nhiệm vụ nhiều nhất mà một đơn vị được chủ trì trong một tháng.
"""


def option_problem(name: str, value: object) -> str | None:
    """Why ``value`` cannot be this rule's option ``name`` (checked when the configuration loads)."""
    if name == "max-tasks" and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        return tr("max-tasks must be a whole number of at least 1", "max-tasks phải là số nguyên từ 1 trở lên")
    return None


def check(ctx: RuleContext) -> Iterator[Violation]:
    limit = ctx.options.get("max-tasks", 4)
    names = ctx.plan.unit_names()
    load: dict[tuple[str, tuple[int, int]], list] = {}
    for t in infos(ctx):
        if not t.active or t.whole_year:
            continue
        for ym in t.months:
            for uid in dict.fromkeys(t.task.lead):
                load.setdefault((uid, ym), []).append((t, list(t.task.lead).index(uid)))
    for (uid, ym), items in sorted(load.items(), key=lambda kv: (kv[1][-1][0].index, kv[0][1])):
        if len(items) <= limit:
            continue
        last, k = items[-1]
        yield Violation((*last.path, "lead", k), tr(
            "'{u}' leads {n} tasks in {m} (more than {l}): {ids}",
            "'{u}' chủ trì {n} nhiệm vụ trong tháng {m} (quá {l}): {ids}",
            u=names.get(uid, uid), n=len(items), m=month_vi(ym), l=limit, ids=", ".join(t.task.id for t, _ in items)),
            hint=tr("spread them over more months or give some to another unit",
                    "giãn thời gian sang các tháng khác hoặc giao bớt cho đơn vị khác"),
            anchor=(), about=(uid, f"month {(ym[0] - ctx.plan.year) * 12 + ym[1]} of the plan"))
