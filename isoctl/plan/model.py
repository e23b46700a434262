"""Pydantic models of a plan file (the format contract in docs/plan-format.md).

Unknown keys are errors, dates are real dates, schedules are parsed into one
:class:`~isoctl.plan.schedule.Schedule` value. Cross-references are checked by
:func:`isoctl.plan.validate.check_references`, not here, so every problem gets its own position.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from isoctl.lazyre import lazy
from isoctl.plan.modelbase import (
    ACTIVITIES,
    PERIOD_YEARS,
    PLAN_KINDS,
    SUPPORTED_FORMAT,
    TASK_ID_MESSAGE,
    Period,
    PeriodError,
    PlanMethods,
    ScheduleTypeError,
    as_list,
    task_id_ok,
    to_period,
    to_schedule,
)
from isoctl.plan.schedule import Schedule, ScheduleError

Activity = Literal[ACTIVITIES]  # the names are kept once, in modelbase
PlanKind = Literal[PLAN_KINDS]
TaskStatus = Literal["planned", "in-progress", "done", "cancelled"]


def _to_schedule(value: Any) -> Schedule | None:
    try:
        return to_schedule(value)
    except ScheduleTypeError as exc:
        raise PydanticCustomError("schedule_type", str(exc)) from None
    except ScheduleError as exc:
        raise PydanticCustomError(
            "schedule", "{message}",
            {"message": str(exc.message), "message_vi": exc.message_vi, "offset": exc.offset,
             "hint": exc.hint, "hint_vi": exc.hint_vi, "key": exc.key},
        ) from None


_UNDERSCORED = lazy(r"\s*[+-]?\d+(?:_\d+)+(?:\.0+)?\s*")


def _whole_number(value: Any) -> Any:
    """What an integer field refuses although pydantic's lax mode would read it as a number:
    ``true``/``false`` (the JSON Schema's ``type: integer`` refuses booleans) and digits split by
    "_" ("2_024"; the schema's integer-text pattern has no "_"). Anything else goes on to pydantic
    unchanged, so an exact ``int`` (fastmodel's only integer) passes as before."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    if isinstance(value, str) and "_" in value and _UNDERSCORED.fullmatch(value):
        raise PydanticCustomError("int_underscore", "digits split by '_'")
    return value


# Every integer field of the model is one of these (tablegen refuses a bare ``int``).
Int = Annotated[int, BeforeValidator(_whole_number)]


def _truth(value: Any) -> Any:
    """What a yes/no field refuses although pydantic's lax mode would read it as a truth value:
    anything but ``true``/``false`` (``1``, ``"yes"``, ``"off"``; the JSON Schema's
    ``type: boolean`` takes neither, and the loader reads an unquoted yes/no/on/off as text, as
    YAML 1.2 does)."""
    if value.__class__ is not bool:
        raise PydanticCustomError("bool_type", "Input should be a valid boolean")
    return value


# Every yes/no field of the model is one of these (tablegen refuses a bare ``bool``).
Bool = Annotated[bool, BeforeValidator(_truth)]


# where a schedule may be a mapping; the JSON Schema (isoctl.plan.jsonschema) puts the schedule
# grammar's own schema of one here (schedule.mapping_schema, from the declarations it checks)
SCHEDULE_MAPPING = {"type": "object", "description": "A schedule mapping"}
# and of a text (schedule.text_schema: what the grammar refuses whatever else a text says)
SCHEDULE_TEXT = {"type": "string", "description": "As written: 'Tháng 6/2024', '7,8/2024', 'Hàng quý', "
                                                  "'Thường xuyên', 'Sau công bố', 'Khi có …', or combinations"}
_SCHEDULE_SCHEMA = {
    "anyOf": [
        SCHEDULE_TEXT,
        {"type": "string", "format": "date"},
        SCHEDULE_MAPPING,
        {"type": "null"},
    ]
}

ScheduleField = Annotated[
    Schedule | None,
    BeforeValidator(_to_schedule),
    PlainSerializer(lambda s: s.format() if s is not None else None, return_type=str | None),
    WithJsonSchema(_SCHEDULE_SCHEMA),
]


def _to_period(value: Any) -> Period | None:
    try:
        return to_period(value)
    except PeriodError as exc:
        raise PydanticCustomError("period", "{message}", {"message": str(exc), "message_vi": exc.message_vi}) from None


def _period_schema() -> dict[str, Any]:
    """The JSON Schema of ``period:``, exactly what :func:`to_period` accepts: years in
    ``PERIOD_YEARS``, the end after the start. As text, a lookahead bounds both years and, for the
    order, one alternative per first digit where the two years differ (the digits before it the
    same: a back-reference); as a mapping, one ``if``/``then`` per start year."""
    lo, hi = PERIOD_YEARS
    from isoctl.plan.patterns import range_pattern

    year = f"(?:{range_pattern(lo, hi)})"
    dash = "\\s*[-–—]\\s*"
    alternatives, group = [], 1  # group 1 is "Giai đoạn"
    for i in range(4):
        for d in range(9):
            group += 1
            rest = f"\\d{{{3 - i}}}" if i < 3 else ""
            alternatives.append(f"(\\d{{{i}}}){d}{rest}{dash}\\{group}[{d + 1}-9]{rest}")
    pattern = (f"^\\s*([Gg]iai đoạn\\s+)?(?={year}{dash}{year}\\s*$)(?:{'|'.join(alternatives)})\\s*$")
    ordered = [{"if": {"properties": {"start": {"const": y}}, "required": ["start"]},
                "then": {"properties": {"end": {"minimum": y + 1}}}} for y in range(lo, hi + 1)]
    return {"anyOf": [
        {"type": "string", "pattern": pattern,
         "description": f"The programme's years as written: '2021-2030', '2021–2030', 'Giai đoạn 2021 - 2030' "
                        f"({lo}-{hi}, the end after the start)"},
        {"type": "object", "additionalProperties": False, "required": ["start", "end"],
         "properties": {"start": {"type": "integer", "minimum": lo, "maximum": hi},
                        "end": {"type": "integer", "minimum": lo, "maximum": hi}},
         "allOf": ordered},
        {"type": "null"},
    ]}


PeriodField = Annotated[
    Period | None,
    BeforeValidator(_to_period),
    PlainSerializer(lambda p: p.format() if p is not None else None, return_type=str | None),
    WithJsonSchema(_period_schema()),
]


class _OneOrList:
    """The JSON Schema of a list the loader also takes as one item or as nothing (:func:`as_list`):
    ``lead: VP`` and ``activity: planning`` are what an editor must accept too."""

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        schema = handler(core_schema)
        array = handler.resolve_ref_schema(schema)
        meta = {k: array[k] for k in ("title", "description") if k in array}
        bare = {k: v for k, v in array.items() if k not in meta}
        return {**meta, "anyOf": [bare.get("items", {}), bare, {"type": "null"}]}


StrList = Annotated[list[str], BeforeValidator(as_list), _OneOrList()]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True,
                              arbitrary_types_allowed=True)


class Citation(_Model):
    cite: str = Field(description="Number/symbol exactly as the document writes it")
    kind: str | None = Field(None, description="Quyết định, Thông tư, Kế hoạch, Nghị định …")
    date: dt.date | None = None
    issuer: str | None = None
    about: str | None = None
    intro: str | None = Field(None, description="Opens a new basis paragraph ('Thực hiện', 'Căn cứ')")
    date_written: str | None = Field(None, description="The date as the document writes it ('5/3/2014', "
                                                       "'27 tháng 12 năm 2022'), printed instead of `date`")
    written: str | None = Field(None, description="The whole citation as the document writes it, printed "
                                                  "instead of the parts")


class Agency(_Model):
    name: str = Field(description="Issuing body as printed, e.g. 'Sở Khoa học và Công nghệ'")
    abbr: str = Field(description="Abbreviation used in document symbols, e.g. 'SKHCN'")
    parent: str | None = Field(None, description="Parent body printed above the name")
    place: str | None = Field(None, description="Place name for the date line")
    name_lines: StrList = Field(default_factory=list,
                                description="The issuing body's name broken into the header's lines, as printed")
    charter: Citation | None = Field(None, description="The decision giving the agency its functions, duties, "
                                                       "powers and organisation (first basis of its decisions)")


class Document(_Model):
    type: str = Field("KH", description="Decree 30 type code: KH, QĐ, BC, TB …")
    number: Int | str | None = Field(None, description="Required when status is issued")
    date: dt.date | None = Field(None, description="Required when status is issued")
    title: str = Field(description="The trích yếu")
    appendix: str | None = Field(None, description="Set when the file holds only this appendix of the document")


class Unit(_Model):
    id: str
    name: str
    kind: Literal["internal", "consultant", "external"] = "internal"


class Written(_Model):
    """A task's cells as the document prints them, where they differ from what the data prints."""

    label: str | None = None
    title: str | None = None
    group: str | None = None
    lead: str | None = None
    partners: str | None = None
    outputs: str | None = None
    when: str | None = None
    annotation: str | None = None


class WrittenPlaces(Written):
    body: Written | None = Field(None, description="As the body (list or table) writes the task")
    appendix: Written | None = Field(None, description="As the appendix table writes the task")


TaskPlace = Literal["body", "appendix"]


class Task(_Model):
    id: str
    title: str
    label: str | None = Field(None, description="Row number or list letter as written")
    group: str | None = Field(None, description="Shared topic cell of several activities")
    lead: StrList = Field(default_factory=list)
    partners: StrList = Field(default_factory=list)
    outputs: StrList = Field(default_factory=list)
    when: ScheduleField = None
    activity: Annotated[list[Activity], BeforeValidator(as_list), _OneOrList()] = Field(default_factory=list)
    status: TaskStatus = "planned"
    done_on: dt.date | None = None
    after: StrList = Field(default_factory=list)
    note: str | None = Field(None, description="A remark for the file: never printed")
    annotation: str | None = Field(None, description="The Ghi chú cell, printed where the document has that column")
    shown_in: TaskPlace | None = Field(None, description="Only in the body or only in the appendix (default: both)")
    optional_units: StrList = Field(default_factory=list,
                                    description="Units of lead/partners that take part only if there is one "
                                                "(printed with '(nếu có)')")
    written: WrittenPlaces | None = Field(None, description="Cells as the document writes them, by place")
    result: str | None = Field(None, description="What was achieved (year-end report)")
    evidence: str | None = Field(None, description="Decisions, audit dates, findings … that show it (year-end report)")
    reason: str | None = Field(None, description="Why it is late or cancelled (year-end report)")

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not task_id_ok(v):
            raise PydanticCustomError("task_id", TASK_ID_MESSAGE)
        return v


class Phase(_Model):
    id: str
    title: str | None = None
    label: str | None = Field(None, description="The phase's number as written ('4.1', 'I')")
    tasks: list[Task] = Field(default_factory=list)


class Responsibility(_Model):
    unit: str
    heading: str | None = None
    duties: StrList = Field(default_factory=list)


class Signer(_Model):
    authority: Literal["KT.", "TM.", "Q.", "TL.", "TUQ."] | None = None
    title: str
    name: str | None = None


class ScopeDetail(_Model):
    subjects: str | None = None
    intro: str | None = None
    items: StrList = Field(default_factory=list)
    place: str | None = None


class Member(_Model):
    name: str
    position: str
    role: str = Field(description="Role in the committee: Trưởng ban, Phó Trưởng ban, Thành viên, Thư ký …")
    honorific: Literal["Ông", "Bà"] | None = Field(None, description="Printed before the name")


class Committee(_Model):
    name: str = "Ban chỉ đạo ISO"
    members: list[Member] = Field(min_length=1)
    working_group: list[Member] = Field(default_factory=list)
    duties: StrList = Field(default_factory=list)
    working_group_duties: StrList = Field(default_factory=list)
    replaces: Citation | None = Field(None, description="The decision this one replaces")
    standing: Bool = Field(True, description="A standing committee (no 'tự giải thể' when its work ends)")


class Procedure(_Model):
    code: str | None = None
    title: str


class Qms(_Model):
    standard: str = "TCVN ISO 9001:2015"
    scope: str | list[str]
    procedures: list[Procedure] = Field(default_factory=list)


class InspectedBody(_Model):
    """An agency (or a group of agencies) an inspection plan inspects."""

    name: str = Field(description="The agency as the plan names it, or a group ('Các sở, ban, ngành tỉnh')")
    count: Int | None = Field(None, ge=1, description="How many agencies the entry stands for (a group, a list "
                                                        "in an appendix); absent: one")
    when: ScheduleField = Field(None, description="When it is inspected")
    note: str | None = Field(None, description="A remark for the file: never printed")


class Decision(_Model):
    """The decision (Quyết định) that issues or approves the plan; the plan is attached to it."""

    number: Int | str | None = Field(None, description="The decision's number (Số: …/QĐ-…); required once issued")
    date: dt.date | None = Field(None, description="The day it was signed")
    verb: Literal["ban hành", "phê duyệt"] = Field("ban hành", description="Whether it issues ('ban hành') or "
                                                                            "approves ('phê duyệt') the plan")
    title: str | None = Field(None, description="The decision's trích yếu as written (default: 'Về việc ban hành "
                                                "Kế hoạch …' from the plan's title)")
    basis: list[Citation] = Field(default_factory=list, description="The decision's own basis (default: the "
                                                                     "agency's charter and the core basis in force)")
    proposal: str | None = Field(None, description="The proposal line as written ('Xét đề nghị của Chánh Văn "
                                                   "phòng Sở'); default 'Theo đề nghị của' the head of the office")
    articles: StrList = Field(default_factory=list, description="Its articles as written, each without 'Điều N.' "
                                                                "(default: issue, in force, who carries it out)")
    recipients: StrList = Field(default_factory=list, description="Its Nơi nhận (default: 'Như Điều 3' and the "
                                                                  "plan's recipients)")
    signer: Signer | None = Field(None, description="Who signs it (default: the plan's signer)")


class Column(_Model):
    field: Literal["number", "label", "group", "title", "lead", "partners", "outputs", "when",
                   "annotation"] = Field(description="What the column shows")
    header: str = Field(description="The column's header (a list: the line's lead-in) as written")
    width: Int | None = Field(None, ge=1, le=100, description="Relative width")


class TaskView(_Model):
    style: Literal["table", "list", "none"] = Field("table", description="How the body shows the tasks")
    columns: list[Column] | None = Field(None, description="Table columns, or the lines under each list item")


class AppendixView(_Model):
    label: str = "PHỤ LỤC"
    heading: str | None = None
    note: str | None = Field(None, description="The '(Kèm theo …)' line as written")
    columns: list[Column] | None = None
    phase_rows: Bool = Field(True, description="Phases as rows of the table (their label and title)")


class Headings(_Model):
    aims: str | None = None
    purpose: str | None = None
    requirements: str | None = None
    content: str | None = None
    subjects: str | None = None
    scope: str | None = None
    place: str | None = None
    tasks: str | None = None
    budget: str | None = None
    organisation: str | None = None


class Presentation(_Model):
    headings: Headings | None = Field(None, description="Section headings as written, numbers included; '' hides one")
    body: TaskView | None = None
    appendix: AppendixView | None = Field(None, description="The appendix table; absent: none")
    dates: Literal["as-written", "decree30"] = Field("as-written", description="Dates of citations")
    scope_mark: Literal["+", "-"] | None = Field(None, description="The mark of the scope's items (default '+')")


class Plan(_Model, PlanMethods):
    """One yearly plan file."""

    format: Int = Field(SUPPORTED_FORMAT, ge=1, le=SUPPORTED_FORMAT, description="Format version of the file")
    year: Int = Field(ge=1990, le=2100)
    previous: str | None = Field(None, description="The plan this one was started from (`isoctl new --from`), a path "
                                                   "from this file's folder: review and diff compare with it")
    status: Literal["draft", "issued"] = "draft"
    kind: PlanKind = Field("maintenance", description="maintenance: the agency's own yearly plan; inspection: a "
                                                      "plan inspecting other agencies (inspects); programme: a "
                                                      "multi-year programme (period)")
    period: PeriodField = Field(None, description="A programme's years, e.g. '2021-2030' (kind: programme)")
    standard: str | None = Field(None, description="The standard the plan applies (default TCVN ISO 9001:2015; "
                                                   "TCVN ISO 18091:2020 for local government)")
    inspects: list[str | InspectedBody] = Field(default_factory=list,
                                                description="The agencies an inspection plan inspects (kind: inspection)")
    agency: Agency
    document: Document
    basis: list[Citation] = Field(default_factory=list)
    intro: str | None = None
    purpose: StrList = Field(default_factory=list)
    requirements: StrList = Field(default_factory=list)
    scope: str | list[str] | ScopeDetail | None = None
    units: list[Unit] = Field(default_factory=list)
    phases: list[Phase] = Field(min_length=1)
    budget: str | None = None
    responsibilities: list[Responsibility] = Field(default_factory=list)
    closing: str | None = None
    recipients: StrList = Field(default_factory=list)
    signer: Signer | None = None
    committee: Committee | None = None
    qms: Qms | None = None
    recommendations: StrList = Field(default_factory=list, description="Kiến nghị, đề xuất (year-end report)")
    presentation: Presentation | None = Field(None, description="How the documents show the plan")
    decision: Decision | None = Field(None, description="The decision that issues or approves the plan")
