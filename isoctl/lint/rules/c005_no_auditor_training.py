"""A plan that builds or renews the system has no auditor training for its first audit.

Why:
    Internal auditors must be competent (ISO 9001 §7.2, §9.2.2) and every one of the real plans
    trains them before auditing. It matters most when the system is being built or renewed: the
    audit of new documents is done by people who have never audited them. A plan builds or
    renews the system when its title says so ("xây dựng", "chuyển đổi", "mở rộng", "áp dụng
    mới" — as in "Rà soát, xây dựng, áp dụng, duy trì và cải tiến …", but not "xây dựng kế
    hoạch"), or when it has a gap-assessment task (khảo sát, đánh giá thực trạng) or a task that
    issues the system's documents (ban hành áp dụng). A maintenance plan ("Duy trì, cải tiến …")
    is not checked.

    This rule is about coverage: it reports a plan that has no auditor training (or none that is
    not cancelled). When the training exists but is scheduled after the audit, S002 reports
    the order.

    Applies to the agency's own plan (``kind: maintenance``, the default), not to an inspection
    plan or a multi-year programme.

Fails:
    ```yaml
    document:
      title: Rà soát, xây dựng, áp dụng, duy trì và cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 năm 2024
    phases:
      - id: noi-dung
        tasks:
          - id: dao-tao-danh-gia-vien
            __delete__: true
    ```

Passes:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: dao-tao-danh-gia-vien
            __delete__: true
    ```
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.lint.rules import _inputs
from isoctl.lint.rules._coverage import own_system, tasks_doing
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "C005"
NAME = "no-auditor-training"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.schedule

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Kế hoạch xây dựng hoặc đổi mới hệ thống nhưng không đào tạo chuyên gia đánh giá nội bộ cho đợt đánh giá đầu tiên.

Vì sao:
    Chuyên gia đánh giá nội bộ phải có năng lực (ISO 9001 §7.2, §9.2.2), và tất cả các kế hoạch thực
    tế đã khảo sát đều đào tạo họ trước khi đánh giá. Việc này quan trọng nhất khi hệ thống đang
    được xây dựng hoặc đổi mới: tài liệu mới được đánh giá bởi những người chưa từng đánh giá chúng.
    Kế hoạch được coi là xây dựng hoặc đổi mới hệ thống khi tiêu đề nói vậy ("xây dựng", "chuyển
    đổi", "mở rộng", "áp dụng mới" — như "Rà soát, xây dựng, áp dụng, duy trì và cải tiến …", nhưng
    không phải "xây dựng kế hoạch"), hoặc khi kế hoạch có nhiệm vụ khảo sát, đánh giá thực trạng
    hoặc nhiệm vụ ban hành tài liệu của hệ thống (ban hành áp dụng). Kế hoạch duy trì ("Duy trì, cải
    tiến …") không bị kiểm tra.

    Quy tắc này xét tính đầy đủ: nó báo kế hoạch không có việc đào tạo chuyên gia đánh giá (hoặc chỉ
    có việc đào tạo đã hủy). Khi có đào tạo nhưng được xếp sau đợt đánh giá, S002 báo về thứ tự.

    Chỉ áp dụng cho kế hoạch của chính cơ quan (``kind: maintenance``, mặc định), không áp dụng cho
    kế hoạch kiểm tra hay chương trình nhiều năm.
"""

_BUILDS = lazy(r"\b(xây dựng|chuyển đổi|mở rộng|áp dụng mới)\b(?! (kế hoạch|mục tiêu))")


def builds(ctx: RuleContext) -> str | None:
    """Why the plan counts as building or renewing the system (a short reason), or None."""
    title = unicodedata.normalize("NFC", ctx.plan.document.title).lower()
    m = _BUILDS.search(title)
    if m:
        return tr("its title says '{w}'", "tiêu đề ghi '{w}'", w=m.group(1))
    for activity in ("gap-assessment", "issue-documents"):
        found = tasks_doing(ctx, activity)
        if found:
            return tr("task '{t}' does {a}", "nhiệm vụ '{t}' là {a}", t=found[0].task.id, a=activity)
    return None


def check(ctx: RuleContext) -> Iterator[Violation]:
    if not own_system(ctx):  # an inspection plan or a programme: not the agency's own cycle
        return
    audits = tasks_doing(ctx, "internal-audit")
    if not audits or tasks_doing(ctx, "auditor-training"):
        return
    reason = builds(ctx)
    if reason is None:
        return
    first = min(audits, key=lambda a: a.first or (9999, 99))
    yield Violation((*first.path, "title"), anchor=("phases",), message=tr(
        "the plan builds or renews the system ({r}) but trains no internal auditors before the audit '{a}'",
        "kế hoạch xây dựng hoặc đổi mới hệ thống ({r}) nhưng không đào tạo chuyên gia đánh giá nội bộ trước '{a}'",
        r=reason, a=first.task.id),
        hint=tr("add 'Đào tạo chuyên gia đánh giá nội bộ' before the audit (activity: auditor-training)",
                "thêm 'Đào tạo chuyên gia đánh giá nội bộ' trước đợt đánh giá (activity: auditor-training)"))
