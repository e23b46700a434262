"""The plan models described for people: a label (English, Vietnamese) for every model and field,
and a walk over the fields of any model value — what ``diff`` and ``textconv`` compare and print.

The fields themselves come from the models (:mod:`isoctl.plan.model`, or the twins of
:mod:`isoctl.plan.fastmodel`), so a field added to a model is compared and printed with no change
here; until it gets a label below, its name is its label.
"""

from __future__ import annotations

from typing import Any

# a model's name → how one of its values is called
MODELS: dict[str, tuple[str, str]] = {
    "Plan": ("plan", "kế hoạch"), "Agency": ("agency", "cơ quan"), "Document": ("document", "văn bản"),
    "Citation": ("citation", "căn cứ"), "Unit": ("unit", "đơn vị"), "Phase": ("phase", "giai đoạn"),
    "Task": ("task", "nhiệm vụ"), "Responsibility": ("responsibility", "trách nhiệm"),
    "Signer": ("signer", "người ký"), "ScopeDetail": ("scope", "phạm vi"), "Member": ("member", "thành viên"),
    "Committee": ("committee", "ban chỉ đạo"), "Procedure": ("procedure", "quy trình"), "Qms": ("QMS", "HTQLCL"),
    "Written": ("as written", "cách ghi"), "WrittenPlaces": ("as written", "cách ghi"),
    "Column": ("column", "cột"), "TaskView": ("task view", "cách trình bày nhiệm vụ"),
    "AppendixView": ("appendix", "phụ lục"), "Headings": ("headings", "đề mục"),
    "Presentation": ("presentation", "trình bày"), "InspectedBody": ("inspected agency", "cơ quan được kiểm tra"),
    "Decision": ("decision", "quyết định"),
}

# "Model.field" → (English, Vietnamese); a field of any model not listed: "field" below, else its name
FIELDS: dict[str, tuple[str, str]] = {
    "Plan.format": ("format", "phiên bản định dạng"), "Plan.year": ("year", "năm"),
    "Plan.previous": ("started from", "lập từ kế hoạch"),
    "Plan.status": ("status", "trạng thái"), "Plan.agency": ("agency", "cơ quan"),
    "Plan.document": ("document", "văn bản"), "Plan.basis": ("basis", "căn cứ"), "Plan.intro": ("intro", "mở đầu"),
    "Plan.purpose": ("purpose", "mục đích"), "Plan.requirements": ("requirements", "yêu cầu"),
    "Plan.scope": ("scope", "phạm vi"), "Plan.units": ("units", "đơn vị"), "Plan.phases": ("phases", "giai đoạn"),
    "Plan.budget": ("budget", "kinh phí"), "Plan.responsibilities": ("responsibilities", "tổ chức thực hiện"),
    "Plan.closing": ("closing", "kết thúc"), "Plan.recipients": ("recipients", "nơi nhận"),
    "Plan.signer": ("signer", "người ký"), "Plan.committee": ("committee", "ban chỉ đạo"),
    "Plan.qms": ("QMS", "HTQLCL"), "Plan.recommendations": ("recommendations", "kiến nghị"),
    "Plan.presentation": ("presentation", "trình bày"),
    "Plan.kind": ("kind of plan", "loại kế hoạch"), "Plan.period": ("period", "giai đoạn"),
    "Plan.standard": ("standard", "tiêu chuẩn áp dụng"), "Plan.inspects": ("inspects", "cơ quan được kiểm tra"),
    "Plan.decision": ("decision", "quyết định ban hành"),
    "InspectedBody.count": ("how many", "số cơ quan"), "InspectedBody.when": ("when", "thời gian kiểm tra"),
    "Decision.number": ("number", "số"), "Decision.verb": ("issues or approves", "ban hành hay phê duyệt"),
    "Decision.title": ("title", "trích yếu"), "Decision.basis": ("basis", "căn cứ"),
    "Decision.proposal": ("proposal", "đề nghị của"), "Decision.articles": ("articles", "các điều"),
    "Decision.recipients": ("recipients", "nơi nhận"), "Decision.signer": ("signer", "người ký"),
    "Agency.name": ("name", "tên"), "Agency.abbr": ("abbreviation", "viết tắt"),
    "Agency.parent": ("parent body", "cơ quan chủ quản"), "Agency.place": ("place", "địa danh"),
    "Agency.name_lines": ("name as printed", "tên theo dòng in"), "Agency.charter": ("charter", "quyết định chức năng"),
    "Document.type": ("type", "loại văn bản"), "Document.number": ("number", "số"),
    "Document.date": ("date", "ngày"), "Document.title": ("title", "trích yếu"),
    "Document.appendix": ("appendix", "phụ lục"),
    "Citation.cite": ("number", "số hiệu"), "Citation.kind": ("kind", "loại"),
    "Citation.issuer": ("issuer", "cơ quan ban hành"), "Citation.about": ("about", "trích yếu"),
    "Citation.intro": ("lead-in", "lời dẫn"), "Citation.date_written": ("date as written", "ngày như văn bản ghi"),
    "Citation.written": ("as written", "như văn bản ghi"),
    "Unit.kind": ("kind", "loại"),
    "Task.title": ("title", "tên nhiệm vụ"), "Task.label": ("label", "số thứ tự"), "Task.group": ("group", "nhóm"),
    "Task.lead": ("lead", "chủ trì"), "Task.partners": ("partners", "phối hợp"), "Task.outputs": ("outputs", "kết quả"),
    "Task.when": ("when", "thời gian"), "Task.activity": ("activities", "hoạt động"),
    "Task.status": ("status", "trạng thái"), "Task.done_on": ("done on", "ngày hoàn thành"),
    "Task.after": ("after", "sau"), "Task.note": ("note", "ghi chú nội bộ"), "Task.annotation": ("remark", "ghi chú"),
    "Task.shown_in": ("shown in", "hiển thị ở"), "Task.optional_units": ("units if any", "đơn vị (nếu có)"),
    "Task.written": ("as written", "cách ghi"), "Task.result": ("result", "kết quả đạt được"),
    "Task.evidence": ("evidence", "minh chứng"), "Task.reason": ("reason", "lý do"),
    "Phase.title": ("title", "tên giai đoạn"), "Phase.label": ("label", "số thứ tự"),
    "Phase.tasks": ("tasks", "nhiệm vụ"),
    "Responsibility.unit": ("unit", "đơn vị"), "Responsibility.heading": ("heading", "đề mục"),
    "Responsibility.duties": ("duties", "nhiệm vụ"),
    "Signer.authority": ("signing authority", "thẩm quyền ký"), "Signer.title": ("title", "chức vụ"),
    "Signer.name": ("name", "họ tên"),
    "ScopeDetail.subjects": ("subjects", "đối tượng"), "ScopeDetail.intro": ("intro", "mở đầu"),
    "ScopeDetail.items": ("items", "nội dung"), "ScopeDetail.place": ("place", "địa điểm"),
    "Member.position": ("position", "chức vụ"), "Member.role": ("role", "vai trò"),
    "Member.honorific": ("honorific", "danh xưng"),
    "Committee.members": ("members", "thành viên"), "Committee.working_group": ("working group", "tổ giúp việc"),
    "Committee.duties": ("duties", "nhiệm vụ"), "Committee.working_group_duties": ("working group's duties",
                                                                                 "nhiệm vụ tổ giúp việc"),
    "Committee.replaces": ("replaces", "thay thế"), "Committee.standing": ("standing", "thường trực"),
    "Procedure.code": ("code", "mã"), "Qms.standard": ("standard", "tiêu chuẩn"), "Qms.scope": ("scope", "phạm vi"),
    "Qms.procedures": ("procedures", "quy trình"),
    "Column.field": ("shows", "nội dung cột"), "Column.header": ("header", "tiêu đề cột"),
    "Column.width": ("width", "độ rộng"), "TaskView.style": ("style", "kiểu"), "TaskView.columns": ("columns", "cột"),
    "AppendixView.heading": ("heading", "đề mục"), "AppendixView.columns": ("columns", "cột"),
    "AppendixView.phase_rows": ("phase rows", "dòng giai đoạn"),
    "WrittenPlaces.body": ("in the body", "trong thân văn bản"),
    "WrittenPlaces.appendix": ("in the appendix", "trong phụ lục"),
    "Presentation.headings": ("headings", "đề mục"), "Presentation.body": ("body", "thân văn bản"),
    "Presentation.dates": ("dates", "cách ghi ngày"),
}

# a field name of any model not in FIELDS
_ANY: dict[str, tuple[str, str]] = {
    "id": ("id", "mã"), "name": ("name", "tên"), "title": ("title", "tiêu đề"), "label": ("label", "nhãn"),
    "note": ("note", "ghi chú"), "intro": ("intro", "mở đầu"), "place": ("place", "địa điểm"),
    "date": ("date", "ngày"), "kind": ("kind", "loại"), "scope": ("scope", "phạm vi"),
    "aims": ("aims", "mục đích, yêu cầu"), "purpose": ("purpose", "mục đích"),
    "requirements": ("requirements", "yêu cầu"), "content": ("content", "nội dung"),
    "subjects": ("subjects", "đối tượng"), "tasks": ("tasks", "nhiệm vụ"), "budget": ("budget", "kinh phí"),
    "organisation": ("organisation", "tổ chức thực hiện"), "lead": ("lead", "chủ trì"),
    "partners": ("partners", "phối hợp"), "outputs": ("outputs", "kết quả"), "when": ("when", "thời gian"),
    "annotation": ("remark", "ghi chú"), "group": ("group", "nhóm"), "appendix": ("appendix", "phụ lục"),
    "body": ("body", "thân văn bản"),
}

# list items are named by the first of these fields they have (as finding identities are)
NAMING_FIELDS = ("id", "cite", "unit", "name", "code", "field", "title")


def model_name(value: Any) -> str:
    return type(value).__name__


def is_model(value: Any) -> bool:
    return hasattr(type(value), "model_fields") or (hasattr(type(value), "__slots__") and
                                                   type(value).__module__ == "isoctl.plan.fastmodel")


def field_names(value: Any) -> list[str]:
    """The fields of a model value, in declaration order."""
    cls = type(value)
    fields = getattr(cls, "model_fields", None)
    return list(fields) if fields is not None else list(cls.__slots__)


def model_label(name: str) -> tuple[str, str]:
    return MODELS.get(name, (name, name))


def field_label(model: str, field: str) -> tuple[str, str]:
    """(English, Vietnamese) label of ``model.field``."""
    found = FIELDS.get(f"{model}.{field}") or _ANY.get(field)
    if found is not None:
        return found
    words = field.replace("_", " ")
    return words, words


def item_name(value: Any) -> str | None:
    """How an item of a list of models is named (its id, number, unit …), or None."""
    if not is_model(value):
        return None
    names = field_names(value)
    for f in NAMING_FIELDS:
        if f in names:
            v = getattr(value, f)
            if isinstance(v, (str, int)) and not isinstance(v, bool):
                return str(v)
    return None
