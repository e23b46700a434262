"""The ids a document cannot show, kept in its custom properties for ``isoctl import docx``.

A rendered document prints unit names, task titles and upper-cased phase titles; the plan's
ids, unit kinds, phase titles as written, the notes that are never printed and how the
presentation was spelt (which headings are the defaults, widths as numbers) live only in the plan. They are stored as one JSON
custom document property (``isoctl-identity``, File > Properties > Custom in Word), keyed by
what the document shows, so an import gets the same ids back and a person's edits to the text
still win.
"""

from __future__ import annotations

import json
from typing import Any

PROPERTY = "isoctl-identity"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


def record(plan: Any) -> str:
    return json.dumps({
        "units": [{"id": u.id, "name": u.name, "kind": u.kind} for u in plan.units],
        "basis": [{"cite": c.cite, "date_written": c.date_written is not None} for c in plan.basis],
        "phases": [{"id": p.id, "title": p.title, "label": p.label} for p in plan.phases],
        "tasks": [{"id": t.id, "title": t.title, **({"note": t.note} if t.note else {})} for _, t in plan.tasks()],
        "responsibilities": [{"unit": r.unit, "heading": r.heading is not None} for r in plan.responsibilities],
        "presentation": plan.presentation.model_dump(mode="json", exclude_none=True) if plan.presentation else None,
    }, ensure_ascii=False, separators=(",", ":"))


def attach(doc: Any, value: str) -> None:
    """Add the custom properties part holding ``value`` to a python-docx Document."""
    from xml.sax.saxutils import escape

    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           f'<property fmtid="{_FMTID}" pid="2" name="{PROPERTY}"><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
           '</Properties>')
    package = doc.part.package
    part = Part(PackURI("/docProps/custom.xml"), _CT, xml.encode("utf-8"), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)
