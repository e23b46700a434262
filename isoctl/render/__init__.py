"""Official documents from a plan: Jinja text templates → line markup → a Decree 30 DOCX.

The wording is in the templates (``templates/*.j2``: readable in a diff, editable by a
non-programmer); the layout is code (:mod:`.layout`); between them is a small line markup
(:mod:`.markup`, documented there and in ``templates/README.md``). Nothing here imports typer
or rich.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isoctl.diagnostics import IsoctlError
from isoctl.i18n import get_lang, tr
from isoctl.records import dataclass
from isoctl.render.templating import TemplateError, TemplateInfo, discover

if TYPE_CHECKING:
    from isoctl.plan.model import Plan

# The built-in kinds, in the order --all renders them.
KINDS = ("ke-hoach", "qd-ban-hanh", "qd-kien-toan-bcd", "qd-cong-bo", "bao-cao")

_FIELD_HELP = {
    "committee": ("the members of the ISO steering committee (committee.members: name, position, role)",
                  "thành viên Ban chỉ đạo ISO (committee.members: name, position, role)"),
    "qms": ("the QMS scope and procedures being announced (qms.scope, qms.procedures)",
            "phạm vi và danh mục quy trình của HTQLCL được công bố (qms.scope, qms.procedures)"),
    "signer": ("who signs (signer.title, signer.name)", "người ký (signer.title, signer.name)"),
}


class MissingData(IsoctlError):
    """The plan lacks a field this kind of document is made from (exit 1)."""

    def __init__(self, kind: str, fields: list[str], file: str | None) -> None:
        first = fields[0]
        en, vi = _FIELD_HELP.get(first, (first, first))
        super().__init__(
            tr("'{k}' needs `{f}` in the plan: {what}", "'{k}' cần trường `{f}` trong kế hoạch: {what}",
               k=kind, f="`, `".join(fields), what=vi if get_lang() == "vi" else en),
            file=file,
            hint=tr("add `{f}` to the plan file, or render another kind (--doc)",
                    "hãy bổ sung `{f}` vào tệp kế hoạch, hoặc chọn loại văn bản khác (--doc)", f=first))
        self.kind = kind
        self.fields = fields


@dataclass
class Rendered:
    kind: str
    text: str          # the template's markup output
    docx: bytes


def missing_fields(plan: Plan, info: TemplateInfo) -> list[str]:
    return [name for name in info.needs if not getattr(plan, name, None)]


def render_document(plan: Plan, kind: str, *, templates: dict[str, TemplateInfo] | None = None,
                    user_dir: str | Path | None = None, as_of: dt.date | None = None,
                    file: str | None = None, limits: Any = None) -> Rendered:
    """Render one kind of document for a plan (a :class:`isoctl.plan.model.Plan`)."""
    from isoctl.render import context, layout, markup
    from isoctl.render.templating import render_text

    table = templates if templates is not None else discover(user_dir)
    info = table.get(kind)
    if info is None:
        raise IsoctlError(tr("no template for '{k}'", "không có mẫu cho '{k}'", k=kind),
                          hint=tr("known kinds: {ks}", "các loại văn bản: {ks}", ks=", ".join(table)))
    missing = missing_fields(plan, info)
    if missing:
        raise MissingData(kind, missing, file)
    ctx = context.build(plan, kind=kind, as_of=as_of, file=file)
    text = render_text(info, ctx, plan.unit_names(), limits)
    try:
        parts = markup.parse(text)
    except markup.MarkupError as exc:
        lines = text.splitlines()
        shown = lines[exc.line - 1][:60] if 0 < exc.line <= len(lines) else ""
        raise TemplateError(
            tr("{m} (output line {n}: {s!r})", "{m} (dòng {n} của kết quả: {s!r})",
               m=exc.message_vi if get_lang() == "vi" else exc.message, n=exc.line, s=shown),
            file=str(info.path),
            hint=tr("the markup is described in templates/README.md", "cú pháp được mô tả ở templates/README.md"),
        ) from None
    title = plan.document.title
    from isoctl.render.identity import record

    return Rendered(kind, text, layout.render(parts, title=title, author=plan.agency.name, identity=record(plan)))


def default_name(plan_file: str, kind: str) -> str:
    """``plans/plan-2024.yaml`` + ``ke-hoach`` → ``plan-2024-ke-hoach.docx``."""
    return f"{Path(plan_file).stem}-{kind}.docx"


__all__ = ["KINDS", "MissingData", "Rendered", "TemplateError", "default_name", "discover",
           "missing_fields", "render_document"]
