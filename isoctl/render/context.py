"""What a template sees: the plan as plain data, plus what the documents compute from it.

Templates get dicts, lists, strings, numbers, dates and schedules — never the pydantic models —
so the sandbox has nothing to reach through. The variables are listed in templates/README.md.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from isoctl.plan.citations import TYPE_NAMES as _CITATION_TYPES

if TYPE_CHECKING:
    from isoctl.plan.model import Plan, Task

# Progress of a task at the as-of date (year-end report).
DONE, DONE_LATE, LATE, OPEN, NOT_DUE, ONGOING, ON_EVENT, NOT_STARTED, CANCELLED, NO_STATUS = (
    "done", "done-late", "late", "in-progress", "not-due", "ongoing", "on-event", "not-started", "cancelled",
    "no-status")

STATUS_TEXT = {
    DONE: "Đã hoàn thành",
    DONE_LATE: "Hoàn thành chậm",
    LATE: "Chưa hoàn thành, quá hạn",
    OPEN: "Đang thực hiện",
    NOT_DUE: "Chưa đến hạn",
    ONGOING: "Thực hiện thường xuyên",
    ON_EVENT: "Thực hiện khi phát sinh",
    NOT_STARTED: "Chưa thực hiện",
    CANCELLED: "Không thực hiện",
    NO_STATUS: "Chưa cập nhật",
}
# every Decree 30 type code the citations know (KH, QĐ, BC, TB, TTr, CTr for a programme …)
TYPE_NAMES = dict(_CITATION_TYPES)


def progress(task: Task, year: int, as_of: dt.date, plan: Plan | None = None, *, index: Any = None) -> str:
    """One of the progress codes above, from status, done_on, the schedule and the as-of date.

    Work without a dated end: continuous or recurring work is ``ongoing``; work on an event
    ``on-event``; work after another task (``Sau công bố``) is ``not-due`` until the task it
    follows is done (``plan`` tells which), then ``in-progress``; a task with no schedule that is
    not marked in progress is ``not-started``. A task whose file records no status at all is
    ``no-status`` ("chưa cập nhật") where it would otherwise be late, ongoing or not started:
    with nothing recorded the report does not say it is late. ``index``
    (:class:`isoctl.timeline.layout.Followed`, made once for ``plan``) when many tasks are asked.
    """
    code = _progress(task, year, as_of, plan, index)
    recorded = getattr(task, "model_fields_set", None)
    if recorded is not None and "status" not in recorded and code in (LATE, ONGOING, ON_EVENT, NOT_STARTED):
        return NO_STATUS
    return code


def _progress(task: Any, year: int, as_of: dt.date, plan: Any = None, index: Any = None) -> str:
    from isoctl.timeline.layout import due_date

    if task.status == "cancelled":
        return CANCELLED
    due = due_date(task.when, year)
    if task.status == "done":
        if due is not None and task.done_on is not None and task.done_on > due:
            return DONE_LATE
        return DONE
    if due is None:
        when = task.when
        if task.status == "in-progress":
            return OPEN
        if when is not None and (when.continuous or when.recurrence):
            return ONGOING
        if when is not None and "after" in when.kinds():
            return OPEN if _followed_done(plan, task, index) else NOT_DUE
        if when is not None and when.event:
            return ON_EVENT
        return NOT_STARTED
    if as_of > due:
        return LATE
    if task.status == "in-progress":
        return OPEN
    return NOT_DUE


def _followed_done(plan: Plan, task: Task, index: Any = None) -> bool:
    """Whether every task a "Sau …" schedule follows is done (False when none is found)."""
    from isoctl.timeline.layout import Followed

    if plan is None:
        return False
    index = index or Followed(plan)
    ids = set(index.of(task))
    return bool(ids) and all(index.status(i) == "done" for i in ids)


def build(plan: Plan, *, kind: str, as_of: dt.date | None = None, file: str | None = None) -> dict[str, Any]:
    """The template context for one plan."""
    from isoctl.timeline.layout import Followed, due_date

    data = one_line(plan.model_dump(mode="python"))
    followed = Followed(plan)  # once: each task that follows another asks it
    units = plan.unit_names()
    as_of = as_of or dt.date.today()
    phases: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []
    # the appendix numbers rows within each phase when phases show as Roman rows, else throughout
    by_phase = len(plan.phases) > 1 or any(ph.title for ph in plan.phases)
    number = 0
    for pi, phase in enumerate(plan.phases):
        items = []
        labelled = any(t.label for t in phase.tasks)
        if by_phase:
            number = 0
        group = None
        for ti, task in enumerate(phase.tasks):
            row = data["phases"][pi]["tasks"][ti]
            # TT of the phase table: the label as written; a row the document left unlabelled
            # among labelled ones stays blank rather than taking a number of its own
            row["tt"] = row["label"] or ("" if labelled else str(ti + 1))
            row["same_group"] = bool(task.group) and task.group == group and ti > 0
            if not row["same_group"]:
                number += 1
            row["appendix_no"] = number
            group = task.group
            row["when"] = task.when
            row["lead_names"] = [units.get(u, u) for u in task.lead]
            row["partner_names"] = [units.get(u, u) for u in task.partners]
            row["due"] = due_date(task.when, plan.year)
            row["progress"] = progress(task, plan.year, as_of, plan, index=followed)
            row["progress_text"] = STATUS_TEXT[row["progress"]]
            row["phase"] = phase.title
            # the cells as written keep their lines (a table cell prints them as line breaks);
            # ``written`` itself stays on one line like every other text of the plan
            row["_written"] = _nfc_tree(task.written.model_dump(mode="python")) if task.written else {}
            items.append(row)
            tasks.append(row)
        phases.append({**{k: v for k, v in data["phases"][pi].items() if k != "tasks"}, "tasks": items})
    doc = data["document"]
    heading, note = appendix_title(doc.get("title") or "", doc.get("appendix"))
    counts = {code: sum(1 for t in tasks if t["progress"] == code) for code in STATUS_TEXT}
    ctx: dict[str, Any] = {
        "kind": kind,
        "file": file or "",
        "plan": {**data, "phases": phases},
        "year": plan.year,
        "status": plan.status,
        "draft": plan.status != "issued",
        "agency": data["agency"],
        "document": doc,
        "document_type_name": TYPE_NAMES.get(doc["type"], doc["type"]),
        "appendix_heading": heading,
        "appendix_note": note,
        "basis": data["basis"],
        "basis_paragraphs": _paragraphs(data["basis"]),
        "purpose": data["purpose"],
        "requirements": data["requirements"],
        "scope": data["scope"],
        "units": units,
        "phases": phases,
        "tasks": tasks,
        "budget": data["budget"],
        "responsibilities": [{**r, "name": r["heading"] or units.get(r["unit"], r["unit"])}
                             for r in data["responsibilities"]],
        "recipients": data["recipients"],
        "signer": data["signer"],
        "committee": data["committee"],
        "office_head": office_head(plan),
        "qms": data["qms"],
        "as_of": as_of,
        "progress": counts,
        "progress_text": STATUS_TEXT,
        "late": [t for t in tasks if t["progress"] in (LATE, DONE_LATE)],
    }
    ctx["decision_basis"] = decision_basis(plan, kind, data)
    # the decision that issues the plan: as the plan writes it, every field there (none when absent)
    from isoctl.plan.model import Decision, Presentation  # here: the importer uses this module without the models

    ctx["decision"] = data.get("decision") or one_line(Decision().model_dump(mode="python"))
    ctx["decided"] = data.get("decision") is not None
    pres = data.get("presentation") or one_line(Presentation().model_dump(mode="python"))
    ctx["presentation"] = pres
    ctx["headings"] = headings(data, pres)
    ctx["body"] = body_view(plan, phases, pres, units)
    ctx["appendix"] = appendix_view(plan, phases, pres, units)
    return ctx


# --- how the plan document shows the tasks (the plan's `presentation`) -----------------------

DEFAULT_HEADERS = {"number": "TT", "label": "TT", "group": "Nội dung", "title": "Nội dung", "lead": "Chủ trì",
                   "partners": "Phối hợp", "outputs": "Kết quả", "when": "Thời gian", "annotation": "Ghi chú"}
DEFAULT_WIDTHS = {"number": 1.4, "label": 1.4, "group": 5, "title": 8, "lead": 4, "partners": 4, "outputs": 6,
                  "when": 3, "annotation": 3}
def _cell(task: dict[str, Any], field: str, place: str, units: dict[str, str]) -> str:
    """One cell of a task as printed in ``place``: as written there, as written anywhere, or from the data.

    A cell written on several lines keeps them ("\\n"): a table cell prints each on its own line."""
    written = task.get("_written", task.get("written")) or {}
    for source in (written.get(place) or {}, written):
        value = source.get(field)
        if value is not None:
            return value
    if field == "number":
        return str(task["appendix_no"])
    if field == "label":
        return task["tt"]
    if field in ("lead", "partners"):
        from isoctl.render.templating import unit_text

        return unit_text(task[field], units, task.get("optional_units") or [])
    if field == "outputs":
        outs = task["outputs"]
        return outs[0] if len(outs) == 1 else "\n".join("- " + o for o in outs)
    if field == "when":
        return schedule_text(task["when"])
    return task.get(field) or ""


def schedule_text(value: Any) -> str:
    from isoctl.render.templating import schedule

    return schedule(value)


def _columns(given: list[dict[str, Any]] | None, tasks: list[dict[str, Any]], first: str) -> list[dict[str, Any]]:
    if given and any(c.get("width") for c in given):  # the plan fixes the proportions
        return [{**c, "width": c.get("width") or DEFAULT_WIDTHS[c["field"]]} for c in given]
    if given:  # no width given: the layout sizes the columns by their content
        return [{**c, "width": None} for c in given]
    fields = [first]
    if any(t["group"] for t in tasks):
        fields.append("group")
    fields += ["title", "lead", "partners"]
    if any(t["outputs"] for t in tasks):
        fields.append("outputs")
    fields.append("when")
    if any(t.get("annotation") for t in tasks):
        fields.append("annotation")
    return [{"field": f, "header": DEFAULT_HEADERS[f], "width": None} for f in fields]


def body_view(plan: Plan, phases: list[dict[str, Any]], pres: dict[str, Any], units: dict[str, str]) -> dict[str, Any]:
    """The tasks as the body shows them: ``style`` (table, list, none), ``columns`` and, per
    phase, its ``heading`` (none for a single unlabelled phase) and its ``rows`` (cells by field)."""
    from isoctl.render.templating import chu

    view = pres.get("body") or {}
    style = view.get("style") or "table"
    if plan.document.appendix and not pres.get("body"):
        style = "none"  # a file that is only an appendix shows its tasks there
    shown = [t for ph in phases for t in ph["tasks"] if t.get("shown_in") != "appendix"]
    if style == "list":
        columns = view.get("columns") or [{"field": "lead", "header": "Đơn vị chủ trì"},
                                          {"field": "when", "header": "Thời gian thực hiện"}]
    else:
        columns = _columns(view.get("columns"), shown, "label")
    several = len(phases) > 1
    out = []
    letter = 0
    for ph in phases:
        rows = []
        for t in ph["tasks"]:
            if t.get("shown_in") == "appendix":
                continue
            letter += 1
            cells = {c["field"]: _cell(t, c["field"], "body", units) for c in columns}
            cells["title"] = _cell(t, "title", "body", units)
            cells["label"] = _cell(t, "label", "body", units) if (t["label"] or style != "list") else chu(letter)
            if style == "list":   # a list prints each cell as one line of its paragraph
                cells = one_line(cells)
            rows.append({"phase": False, "id": t["id"], "by": cells, "cells": [cells[c["field"]] for c in columns]})
        if not rows:
            continue
        heading = None
        if several or ph.get("label"):
            title = ph.get("title") or ""
            heading = f"{ph['label']}. {title}" if ph.get("label") else title
        out.append({"heading": heading, "rows": rows})
    return {"style": style if shown else "none", "columns": columns, "phases": out}


def appendix_view(plan: Plan, phases: list[dict[str, Any]], pres: dict[str, Any],
                  units: dict[str, str]) -> dict[str, Any] | None:
    """The appendix table, or none: ``label``, ``heading``, ``note``, ``columns`` and ``rows``
    (``{"phase": True, "label", "title"}`` or ``{"cells": [...]}``, "^" merging with the row above)."""
    from isoctl.render.templating import roman

    view = pres.get("appendix")
    if view is None and not plan.document.appendix:
        return None
    view = view or {}
    shown = [t for ph in phases for t in ph["tasks"] if t.get("shown_in") != "body"]
    columns = _columns(view.get("columns"), shown, "number")
    phase_rows = view.get("phase_rows", True) and (len(phases) > 1 or any(ph.get("label") for ph in phases))
    rows: list[dict[str, Any]] = []
    number = 0
    for pi, ph in enumerate(phases):
        tasks = [t for t in ph["tasks"] if t.get("shown_in") != "body"]
        if not tasks:
            continue
        if phase_rows:
            rows.append({"phase": True, "label": ph.get("label") or roman(pi + 1), "title": ph.get("title") or ""})
            number = 0
        group = None
        for k, t in enumerate(tasks):
            same = bool(t["group"]) and t["group"] == group and k > 0
            if not same:
                number += 1
            group = t["group"]
            t = {**t, "appendix_no": number}
            cells = []
            for c in columns:
                if same and c["field"] in ("number", "group"):
                    cells.append("^")
                else:
                    cells.append(_cell(t, c["field"], "appendix", units))
            rows.append({"phase": False, "id": t["id"], "cells": cells})
    return {"label": view.get("label") or plan.document.appendix or "PHỤ LỤC", "heading": view.get("heading"),
            "note": view.get("note"), "columns": columns, "rows": rows}


_DEFAULT_TITLES = {"aims": "MỤC ĐÍCH, YÊU CẦU", "purpose": "Mục đích", "requirements": "Yêu cầu",
                   "content": "NỘI DUNG THỰC HIỆN", "subjects": "Đối tượng áp dụng", "scope": "Phạm vi",
                   "tasks": "Nội dung thực hiện", "budget": "Kinh phí thực hiện",
                   "organisation": "TỔ CHỨC THỰC HIỆN"}


def headings(data: dict[str, Any], pres: dict[str, Any]) -> dict[str, str]:
    """Every section heading of the plan document, numbered: as written in the plan's
    ``presentation.headings`` ("" hides one), else numbered here for the sections the plan has
    (a sub-heading only when its section has more than one part)."""
    from isoctl.render.templating import roman

    given = pres.get("headings") or {}
    scope = data.get("scope")
    has = {
        "purpose": bool(data["purpose"]), "requirements": bool(data["requirements"]),
        "subjects": isinstance(scope, dict) and bool(scope.get("subjects")),
        "scope": bool(scope), "tasks": True, "budget": bool(data["budget"]),
    }
    has["aims"] = has["purpose"] or has["requirements"]
    has["content"] = True
    has["organisation"] = bool(data["responsibilities"])
    out: dict[str, str] = {"place": ""}
    section = 0
    for top, subs in (("aims", ("purpose", "requirements")), ("content", ("subjects", "scope", "tasks", "budget")),
                      ("organisation", ())):
        if has[top]:
            section += 1
            out[top] = f"{roman(section)}. {_DEFAULT_TITLES[top]}"
        else:
            out[top] = ""
        present = [k for k in subs if has[k]]
        for k in subs:
            out[k] = ""
        if has[top] and len(present) > 1:
            for n, k in enumerate(present, start=1):
                out[k] = f"{n}. {_DEFAULT_TITLES[k]}"
    for key, text in given.items():
        if text is not None:
            out[key] = text
    return out


def decision_basis(plan: Any, kind: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    """What a decision of the agency rests on, not the plan's basis: the document giving the
    agency its functions (``agency.charter``), the core basis of ISO work in force on the plan's
    date (from docs/law, so a misspelt citation of the plan never reaches it), and for the
    decisions taken under an issued plan, that plan."""
    from isoctl.plan import law

    out: list[dict[str, Any]] = []
    if data["agency"].get("charter"):
        out.append(data["agency"]["charter"])
    first, last = law.window(plan)
    bases = law.core_bases(first, last)
    documents = law.law().documents
    for cite in bases[-1].cite if bases else ():
        d = documents.get(cite)
        if d is not None:
            # a date no source confirmed is left out rather than printed in an issued decision
            out.append({"cite": d.symbol, "kind": d.kind, "date": d.date if d.date_checked else None,
                        "issuer": d.issuer, "about": d.about or None})
    doc = plan.document
    if kind in ("qd-kien-toan-bcd", "qd-cong-bo") and doc.number and not doc.appendix:
        title = doc.title[:1].lower() + doc.title[1:] if doc.title[:2] != doc.title[:2].upper() else doc.title
        out.append({"cite": f"{doc.number}/{doc.type}-{plan.agency.abbr}", "kind": TYPE_NAMES.get(doc.type, doc.type),
                    "date": doc.date, "issuer": plan.agency.name, "about": one_line(title)})
    return out


def office_head(plan: Plan) -> str:
    """The head of the agency's office as its decisions name him: "Chánh " and the office as the
    plan's units name it ("Văn phòng Sở"); a bare "Văn phòng", or none, takes the agency's kind
    ("Sở …" → "Văn phòng Sở")."""
    office = "Văn phòng"
    for unit in plan.units:
        name = " ".join(unicodedata.normalize("NFC", unit.name).split())
        if unit.kind == "internal" and re.match(r"văn phòng(?!\w)", name, flags=re.IGNORECASE):
            office = "Văn phòng" + name[len("Văn phòng"):]
            break
    agency = unicodedata.normalize("NFC", plan.agency.name).split()
    if office == "Văn phòng" and agency and agency[0] == "Sở":
        office = "Văn phòng Sở"
    return "Chánh " + office


def appendix_title(title: str, label: str | None) -> tuple[str, str | None]:
    """The heading and the italic note of a file that is only an appendix: ``Phụ lục I - Nội
    dung thực hiện (kèm theo Kế hoạch …)`` → ``("Nội dung thực hiện", "(Kèm theo Kế hoạch …)")``;
    the label is printed on its own line above, so it is not repeated in the heading."""
    text = title.strip()
    if label and text.lower().startswith(label.lower()):
        rest = text[len(label):].lstrip()
        if rest[:1] in ("-", "–", ":", "."):
            text = rest[1:].strip()
    note = None
    m = re.search(r"\(((?:kèm|ban hành kèm) theo[^()]*)\)\s*$", text, flags=re.IGNORECASE)
    if m:
        inner = m.group(1)
        note = "(" + inner[:1].upper() + inner[1:] + ")"
        text = text[: m.start()].rstrip()
    return text or title, note


def _nfc_tree(value: Any) -> Any:
    """Every text NFC, line breaks kept."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {k: _nfc_tree(v) for k, v in value.items()}
    return value


def one_line(value: Any) -> Any:
    """Every text NFC and on one line, so a value printed by a template cannot start a markup line."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", " ".join(value.splitlines()))
    if isinstance(value, dict):
        return {k: one_line(v) for k, v in value.items()}
    if isinstance(value, list):
        return [one_line(v) for v in value]
    return value


def _paragraphs(basis: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Basis citations grouped by their ``intro`` ('Thực hiện', 'Căn cứ'): one paragraph each."""
    out: list[dict[str, Any]] = []
    for c in basis:
        if c.get("intro") or not out:
            out.append({"intro": c.get("intro") or "Căn cứ", "citations": []})
        out[-1]["citations"].append(c)
    return out
