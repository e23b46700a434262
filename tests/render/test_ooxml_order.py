"""Every document of every kind for every plan in plans/ is valid WordprocessingML in the ways
Word checks and LibreOffice forgives: property children in the schema's order, each once; runs
repeat nothing their paragraph's style gives; document symbols keep their hyphen on one line."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from isoctl.plan.validate import check_file
from isoctl.render import KINDS, MissingData, render_document
from isoctl.render.ooxml import W, place, problems
from samples import COMMITTEE_QMS

ROOT = Path(__file__).resolve().parents[2]
PLANS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "plans").rglob("*.yaml"))


@cache
def _plan(name: str):
    checked = check_file(str(ROOT / name))
    assert checked.plan is not None, checked.findings
    return checked.plan


@cache
def _documents() -> dict[tuple[str, str], bytes]:
    import tempfile

    out: dict[tuple[str, str], bytes] = {}
    plans = {name: _plan(name) for name in PLANS}
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "plan-2024-full.yaml"
        full.write_text((ROOT / "plans" / "plan-2024.yaml").read_text(encoding="utf-8") + COMMITTEE_QMS, encoding="utf-8")
        checked = check_file(str(full))
        assert checked.plan is not None, checked.findings
        plans["plan-2024 + committee, qms"] = checked.plan
    for name, plan in plans.items():
        for kind in KINDS:
            try:
                out[(name, kind)] = render_document(plan, kind, as_of=dt.date(plan.year, 12, 15)).docx
            except MissingData:
                continue
    return out


def _parts(data: bytes) -> dict[str, etree._Element]:
    z = zipfile.ZipFile(io.BytesIO(data))
    return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")}


def test_every_kind_is_rendered_for_some_plan():
    assert {kind for _, kind in _documents()} == set(KINDS)
    assert {name for name, _ in _documents()} >= set(PLANS)


@pytest.mark.parametrize("kind", KINDS)
def test_children_in_schema_order_and_once(kind):
    found = []
    for (name, k), data in _documents().items():
        if k == kind:
            for part, root in _parts(data).items():
                found += [f"{name}: {p}" for p in problems(root, part)]
    assert not found, "\n".join(sorted(set(found))[:30])


@pytest.mark.parametrize("kind", KINDS)
def test_runs_repeat_nothing_the_style_gives(kind):
    import docx

    for (name, k), data in _documents().items():
        if k != kind:
            continue
        d = docx.Document(io.BytesIO(data))
        paragraphs = list(d.element.body.iter(f"{W}p"))
        assert paragraphs
        for p in paragraphs:
            style = p.pPr.pStyle.val if p.pPr is not None and p.pPr.pStyle is not None else None
            base = d.styles.get_by_id(style, 1) if style else d.styles.default(1)  # 1: a paragraph style
            size = base.font.size
            while size is None and base.base_style is not None:
                base = base.base_style
                size = base.font.size
            for r in p.iter(f"{W}r"):
                if r.rPr is None:
                    continue
                assert r.rPr.sz is None or r.rPr.sz.val != size, f"{name} {kind}: a run repeats its style's size"
                assert r.rPr.rFonts is None, f"{name} {kind}: a run repeats the style's font"
                if style and style.startswith("Heading"):
                    assert r.rPr.b is None and r.rPr.i is None, f"{name} {kind}: a heading run repeats its style"


_SYMBOL = re.compile(r"\d*/(?:\d{4}/)?[A-ZĐ]+-[A-ZĐa-z&]+")


@pytest.mark.parametrize("kind", KINDS)
def test_document_symbols_do_not_break_at_their_hyphen(kind):
    """No w:t holds a symbol's hyphen: each is a w:noBreakHyphen (the header's 'Số: …/KH-SVHTT',
    '19/2014/QĐ-TTg' in the basis)."""
    seen = 0
    for (name, k), data in _documents().items():
        if k != kind:
            continue
        body = _parts(data)["word/document.xml"]
        for t in body.iter(f"{W}t"):
            m = _SYMBOL.search(t.text or "")
            assert m is None, f"{name} {kind}: {m[0]!r} may break at its hyphen"
        seen += len(list(body.iter(f"{W}noBreakHyphen")))
    assert seen, "no document symbol found"


def test_place_puts_a_child_in_its_place_once():
    tbl_pr = etree.fromstring(f'<w:tblPr xmlns:w="{W[1:-1]}"><w:tblW/><w:tblLook/></w:tblPr>')
    for name in ("tblLayout", "tblBorders", "tblLayout", "tblStyle"):
        place(tbl_pr, etree.SubElement(etree.Element("x"), f"{W}{name}"))
    assert [c.tag[len(W):] for c in tbl_pr] == ["tblStyle", "tblW", "tblBorders", "tblLayout", "tblLook"]
    assert problems(tbl_pr) == []
    tbl_pr.append(etree.Element(f"{W}tblW"))
    assert [p.split(": ")[-1] for p in problems(tbl_pr)] == ["w:tblPr/w:tblW appears twice",
                                                             "w:tblPr/w:tblW comes after w:tblLook"]
