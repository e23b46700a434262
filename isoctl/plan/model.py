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

from isoctl.plan.modelbase import (
    ACTIVITIES,
    SUPPORTED_FORMAT,
    TASK_ID_MESSAGE,
    PlanMethods,
    ScheduleTypeError,
    as_list,
    task_id_ok,
    to_schedule,
)
from isoctl.plan.schedule import Schedule, ScheduleError

Activity = Literal[ACTIVITIES]  # the names are kept once, in modelbase
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
             "hint": exc.hint, "hint_vi": exc.hint_vi},
        ) from None


_SCHEDULE_SCHEMA = {
    "anyOf": [
        {"type": "string", "description": "As written: 'Tháng 6/2024', '7,8/2024', 'Hàng quý', 'Thường xuyên', "
                                          "'Sau công bố', 'Khi có …', or combinations"},
        {"type": "string", "format": "date"},
        {"type": "object", "additionalProperties": False,
         "properties": {
             "months": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 12}},
             "month": {"type": "integer", "minimum": 1, "maximum": 12},
             "year": {"type": "integer"},
             "date": {"type": "string", "format": "date"},
             "every": {"enum": ["month", "quarter", "half-year", "year"]},
             "continuous": {"type": "boolean"},
             "after": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
             "event": {"type": "string"},
         }},
        {"type": "null"},
    ]
}

ScheduleField = Annotated[
    Schedule | None,
    BeforeValidator(_to_schedule),
    PlainSerializer(lambda s: s.format() if s is not None else None, return_type=str | None),
    WithJsonSchema(_SCHEDULE_SCHEMA),
]


StrList = Annotated[list[str], BeforeValidator(as_list)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True,
                              arbitrary_types_allowed=True)


class Agency(_Model):
    name: str = Field(description="Issuing body as printed, e.g. 'Sở Khoa học và Công nghệ'")
    abbr: str = Field(description="Abbreviation used in document symbols, e.g. 'SKHCN'")
    parent: str | None = Field(None, description="Parent body printed above the name")
    place: str | None = Field(None, description="Place name for the date line")


class Document(_Model):
    type: str = Field("KH", description="Decree 30 type code: KH, QĐ, BC, TB …")
    number: int | str | None = Field(None, description="Required when status is issued")
    date: dt.date | None = Field(None, description="Required when status is issued")
    title: str = Field(description="The trích yếu")
    appendix: str | None = Field(None, description="Set when the file holds only this appendix of the document")


class Citation(_Model):
    cite: str = Field(description="Number/symbol exactly as the document writes it")
    kind: str | None = Field(None, description="Quyết định, Thông tư, Kế hoạch, Nghị định …")
    date: dt.date | None = None
    issuer: str | None = None
    about: str | None = None
    intro: str | None = Field(None, description="Opens a new basis paragraph ('Thực hiện', 'Căn cứ')")


class Unit(_Model):
    id: str
    name: str
    kind: Literal["internal", "consultant", "external"] = "internal"


class Task(_Model):
    id: str
    title: str
    label: str | None = Field(None, description="Row number or list letter as written")
    group: str | None = Field(None, description="Shared topic cell of several activities")
    lead: StrList = Field(default_factory=list)
    partners: StrList = Field(default_factory=list)
    outputs: StrList = Field(default_factory=list)
    when: ScheduleField = None
    activity: Annotated[list[Activity], BeforeValidator(as_list)] = Field(default_factory=list)
    status: TaskStatus = "planned"
    done_on: dt.date | None = None
    after: StrList = Field(default_factory=list)
    note: str | None = None

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not task_id_ok(v):
            raise PydanticCustomError("task_id", TASK_ID_MESSAGE)
        return v


class Phase(_Model):
    id: str
    title: str | None = None
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


class Committee(_Model):
    name: str = "Ban chỉ đạo ISO"
    members: list[Member] = Field(min_length=1)
    working_group: list[Member] = Field(default_factory=list)
    duties: StrList = Field(default_factory=list)


class Procedure(_Model):
    code: str | None = None
    title: str


class Qms(_Model):
    standard: str = "TCVN ISO 9001:2015"
    scope: str | list[str]
    procedures: list[Procedure] = Field(default_factory=list)


class Plan(_Model, PlanMethods):
    """One yearly plan file."""

    format: int = Field(SUPPORTED_FORMAT, description="Format version of the file")
    year: int = Field(ge=1990, le=2100)
    status: Literal["draft", "issued"] = "draft"
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
