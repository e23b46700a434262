"""An external consultant leads a task only the agency itself can do.

Why:
    Issuing the agency's documents, approving its plan, setting up its ISO steering committee,
    holding the management review and announcing conformity are acts of the agency and its head:
    the head sets up the committee and approves the plan (Circular 26/2014/TT-BKHCN Điều 7.2.a–b),
    confirms effectiveness and announces by a decision he signs (Decision 19/2014/QĐ-TTg Điều
    4.2.d, 4.3), and top management conducts the review (ISO 9001:2015 §9.3). A consultant
    (Đơn vị tư vấn) may prepare and support — as a partner — but a plan that shows it as lead of
    these tasks misstates who is responsible, and the province's inspection flags it.

    A task is the agency's own when its activities (given, or inferred from the title: see
    ``isoctl validate --show-activities``) include issue-documents, announcement,
    management-review or steering-committee, or its title approves something ("phê duyệt"). A
    unit is a consultant when declared ``kind: consultant`` or when its name says "tư vấn". A title
    that itself names the agency's leadership as the one who approves or issues ("…; Lãnh đạo Sở
    phê duyệt ban hành") is not flagged: it already says who does that part; nor is a task whose
    inferred activity comes from training or guidance *about* it ("Hướng dẫn ban hành văn bản").

Fails:
    ```yaml
    units:
      - id: TV
        name: Công ty tư vấn ABC
    phases:
      - id: noi-dung
        tasks:
          - id: xem-xet-lanh-dao
            lead: [TV]
            partners: [BCD]
    ```

Passes:
    ```yaml
    units:
      - id: TV
        name: Công ty tư vấn ABC
    phases:
      - id: noi-dung
        tasks:
          - id: xem-xet-lanh-dao
            lead: [GD]
            partners: [BCD, TV]
    ```
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.lint.rules._text import short
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "D006"
NAME = "consultant-leads-agency-task"
SEVERITY = "error"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "task"  # each finding: one task and the plan outside its tasks (isoctl.lint.incremental)

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Đơn vị tư vấn bên ngoài chủ trì một nhiệm vụ mà chỉ chính cơ quan mới được làm.

Vì sao:
    Ban hành tài liệu của cơ quan, phê duyệt kế hoạch, thành lập Ban chỉ đạo ISO, tổ chức xem xét
    của lãnh đạo và công bố Hệ thống quản lý chất lượng phù hợp là việc của cơ quan và người đứng
    đầu: người đứng đầu thành lập Ban chỉ đạo và phê duyệt kế hoạch (Thông tư 26/2014/TT-BKHCN Điều
    7.2.a–b), xác nhận hiệu lực và công bố bằng quyết định do mình ký (Quyết định 19/2014/QĐ-TTg
    Điều 4.2.d, 4.3), và lãnh đạo cao nhất tiến hành xem xét (ISO 9001:2015 §9.3). Đơn vị tư vấn có
    thể chuẩn bị và hỗ trợ — với vai trò phối hợp — nhưng kế hoạch ghi đơn vị tư vấn chủ trì các
    nhiệm vụ này là ghi sai trách nhiệm, và đoàn kiểm tra của tỉnh sẽ nêu điểm này.

    Một nhiệm vụ là việc của chính cơ quan khi các hoạt động của nó (được ghi, hoặc suy ra từ tiêu
    đề: xem ``isoctl validate --show-activities``) gồm ``issue-documents``, ``announcement``,
    ``management-review`` hoặc ``steering-committee``, hoặc tiêu đề của nó là phê duyệt một việc
    ("phê duyệt"). Một đơn vị là đơn vị tư vấn khi được khai báo ``kind: consultant`` hoặc khi tên
    có chữ "tư vấn". Tiêu đề đã tự nêu lãnh đạo cơ quan là người phê duyệt hoặc ban hành ("…; Lãnh
    đạo Sở phê duyệt ban hành") không bị báo: nó đã nói rõ ai làm phần việc đó; nhiệm vụ có hoạt
    động suy ra từ việc đào tạo hoặc hướng dẫn *về* việc đó ("Hướng dẫn ban hành văn bản") cũng
    không bị báo.
"""

AGENCY_ONLY = ("issue-documents", "announcement", "management-review", "steering-committee")
_APPROVE = lazy(r"\bphê duyệt\b")
_ABOUT = lazy(r"(hướng dẫn|tập huấn|đào tạo|phổ biến|tuyên truyền)[^;.]{0,25}"
                    r"(ban hành|công bố|phê duyệt|xem xét|kiện toàn|thành lập)")
_LEADERSHIP_ACTS = lazy(
    r"(lãnh đạo|giám đốc|thủ trưởng|người đứng đầu|chủ tịch)[^;.,]{0,20}\s(phê duyệt|ký|ban hành|công bố)")


def _consultants(plan) -> dict[str, str]:
    out = {}
    for unit in plan.units:
        name = unicodedata.normalize("NFC", unit.name).lower()
        if unit.kind == "consultant" or "tư vấn" in name:
            out[unit.id] = unit.name
    return out


def check(ctx: RuleContext) -> Iterator[Violation]:
    from isoctl.plan.activities import activities_of, is_inferred

    plan = ctx.plan
    consultants = _consultants(plan)
    if not consultants:
        return
    for (pi, ti), task in plan.tasks():
        title = unicodedata.normalize("NFC", task.title).lower()
        own = [a for a in activities_of(task) if a in AGENCY_ONLY]
        if _APPROVE.search(title):
            own.append("approval")
        if not own or _LEADERSHIP_ACTS.search(title):
            continue
        if is_inferred(task) and _ABOUT.search(title):
            continue  # guidance or training *about* issuing is not issuing
        what = ", ".join(own)
        for k, uid in enumerate(task.lead):
            if uid in consultants:
                name = consultants[uid]
                says_consultant = "tư vấn" in unicodedata.normalize("NFC", name).lower()
                yield Violation((*plan.task_path(pi, ti), "lead", k), tr(
                    "the consultant '{u}' leads '{t}' ({w}), which only the agency can do",
                    "'{u}' chủ trì '{t}' ({w}) — việc chỉ cơ quan mới làm được" if says_consultant else
                    "đơn vị tư vấn '{u}' chủ trì '{t}' ({w}) — việc chỉ cơ quan mới làm được",
                    u=name, t=short(task.title, 60), w=what),
                    hint=tr("make an agency unit the lead and move '{u}' to partners",
                            "giao đơn vị của cơ quan chủ trì và chuyển '{u}' sang phối hợp", u=uid))
