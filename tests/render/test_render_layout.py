"""The rendered DOCX, opened with python-docx, against the Decree 30/2020/NĐ-CP layout numbers."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest

from isoctl.plan.validate import check_file
from isoctl.render import KINDS, render_document
from samples import COMMITTEE_QMS

docx = pytest.importorskip("docx")
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Mm, Pt  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PLAN_2023 = ROOT / "plans" / "plan-2023.yaml"      # issued: 359/KH-SVHTT of 18/5/2023
PLAN_2024 = ROOT / "plans" / "plan-2024.yaml"      # a draft



def _size(run):
    """The run's size: its own, else its paragraph style's (a run repeats nothing the style gives)."""
    if run.font.size is not None:
        return run.font.size
    style = run._parent.style
    while style is not None and style.font.size is None:
        style = style.base_style
    return style.font.size if style is not None else None


def _plan(path: Path):
    checked = check_file(str(path))
    assert checked.plan is not None, checked.findings
    return checked.plan


@pytest.fixture(scope="module")
def full_plan(tmp_path_factory):
    folder = tmp_path_factory.mktemp("full")
    path = folder / "plan-2024.yaml"
    path.write_text(PLAN_2024.read_text(encoding="utf-8") + COMMITTEE_QMS, encoding="utf-8")
    return _plan(path)


@pytest.fixture(scope="module")
def documents(full_plan):
    """Every kind for the full draft plan, plus the plan of the issued 2023 one."""
    out = {kind: _open(render_document(full_plan, kind, as_of=dt.date(2024, 12, 15)).docx) for kind in KINDS}
    out["issued"] = _open(render_document(_plan(PLAN_2023), "ke-hoach").docx)
    return out


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def _para(document, pattern: str):
    """The first paragraph whose text (a title's line breaks read as spaces) matches."""
    for p in document.paragraphs:
        if re.search(pattern, re.sub(r" ?\n", " ", p.text)):
            return p
    raise AssertionError(f"no paragraph matches {pattern!r}")


def _header_table(document):
    return document.tables[0]


@pytest.mark.parametrize("kind", [*KINDS, "issued"])
def test_a4_and_margins_in_every_section(documents, kind):
    for sec in documents[kind].sections:
        landscape = sec.orientation == WD_ORIENT.LANDSCAPE
        w, h = (sec.page_height, sec.page_width) if landscape else (sec.page_width, sec.page_height)
        assert abs(w - Mm(210)) < Mm(0.5) and abs(h - Mm(297)) < Mm(0.5)
        assert Mm(20) <= sec.top_margin <= Mm(25)
        assert Mm(20) <= sec.bottom_margin <= Mm(25)
        assert Mm(30) <= sec.left_margin <= Mm(35)
        assert Mm(15) <= sec.right_margin <= Mm(20)


@pytest.mark.parametrize("kind", [*KINDS, "issued"])
def test_times_new_roman_everywhere(documents, kind):
    d = documents[kind]
    defaults = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(qn(f"w:{slot}")) == "Times New Roman"
    assert not any(a.endswith("Theme") for a in fonts.attrib)
    for el in d.element.body.iter(qn("w:rFonts")):
        assert set(el.attrib.values()) <= {"Times New Roman"}
    normal = d.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert Pt(13) <= normal.font.size <= Pt(14)


def test_body_paragraph_style(documents):
    pf = documents["issued"].styles["Normal"].paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(pf.first_line_indent - Cm(1.27)) < Cm(0.01)
    assert pf.space_after >= Pt(6)
    assert 1.0 <= pf.line_spacing <= 1.5


def test_header_table_is_two_borderless_columns(documents):
    table = _header_table(documents["issued"])
    assert len(table.columns) == 2
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    left, right = table.rows[0].cells
    parent = _runs(left.paragraphs[0])[0]
    assert parent.text == "UBND THÀNH PHỐ HÀ NỘI" and not parent.bold and Pt(12) <= parent.font.size <= Pt(13)
    agency = [_runs(p)[0] for p in left.paragraphs[1:-1]]  # too long for one line: broken in two
    assert " ".join(r.text for r in agency) == "SỞ VĂN HÓA VÀ THỂ THAO HÀ NỘI" and len(agency) == 2
    assert all(r.bold and Pt(12) <= r.font.size <= Pt(13) for r in agency)
    nation, motto = _runs(right.paragraphs[0])[0], _runs(right.paragraphs[1])[0]
    assert nation.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and nation.bold and Pt(12) <= nation.font.size <= Pt(13)
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and motto.bold and Pt(13) <= motto.font.size <= Pt(14)
    # short rules under the agency and the motto: a top border on the next line
    for cell in (left, right):
        assert cell.paragraphs[-1]._p.pPr.find(qn("w:pBdr")) is not None
        assert not cell.paragraphs[-1].text


def _agency_lines(document) -> list[str]:
    left = _header_table(document).rows[0].cells[0]
    return [p.text for p in left.paragraphs[:-1] if p.runs and p.runs[0].bold]


def test_the_agency_name_in_the_lines_the_plan_gives(tmp_path):
    """``agency.name_lines``: the header of every kind breaks the name there, and nowhere else."""
    text = PLAN_2024.read_text(encoding="utf-8").replace(
        "  abbr: SVHTT\n", "  abbr: SVHTT\n  name_lines: [Sở Văn hóa và Thể thao, Hà Nội]\n", 1)
    path = tmp_path / "plan-2024.yaml"
    path.write_text(text + COMMITTEE_QMS, encoding="utf-8")
    plan = _plan(path)
    for kind in KINDS:
        d = _open(render_document(plan, kind, as_of=dt.date(2024, 12, 15)).docx)
        assert _agency_lines(d) == ["SỞ VĂN HÓA VÀ THỂ THAO", "HÀ NỘI"], kind


NAMES = ["Sở Khoa học và Công nghệ", "Sở Văn hóa và Thể thao Hà Nội", "UBND tỉnh", "Sở Tư pháp",
         "Sở Tài nguyên và Môi trường tỉnh Nghệ An", "Sở Lao động - Thương binh và Xã hội",
         "Ban Quản lý các khu công nghiệp tỉnh Bắc Ninh", "Ủy ban nhân dân thành phố Hồ Chí Minh",
         "Sở Giao thông vận tải", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh Quảng Ninh"]


@pytest.mark.parametrize("name", NAMES)
def test_an_agency_name_breaks_where_it_reads_well(name):
    """Without ``name_lines``: one line when it fits the header's column, else lines that each
    fit, no word left alone on its line (the orphan "NGHỆ"), no line ending in "VÀ"."""
    from isoctl.render import layout
    from isoctl.render.templating import upper

    room = layout.HEADER_LEFT_MM - 2 * layout.CELL_SIDE_MM
    text = upper(name)
    lines = layout.name_lines(text, layout.HEADER_BODY_PT, room, bold=True)
    assert " ".join(lines) == text
    fits = layout._text_mm(text, layout.HEADER_BODY_PT, bold=True) <= room
    assert (len(lines) == 1) == fits
    assert all(layout._text_mm(line, layout.HEADER_BODY_PT, bold=True) <= room for line in lines)
    if len(text.split()) > 2:
        assert all(len(line.split()) > 1 for line in lines), lines
    assert not any(line.split()[-1] == "VÀ" for line in lines[:-1]), lines


def _titles():
    """(where, title) of every centred title of every kind of every sample plan."""
    from isoctl.render import MissingData

    for path in sorted((ROOT / "plans").rglob("*.yaml")):
        plan = _plan(path)
        for kind in KINDS:
            try:
                d = _open(render_document(plan, kind, as_of=dt.date(2024, 12, 15)).docx)
            except MissingData:
                continue
            for p in d.paragraphs:
                if p.alignment == WD_ALIGN_PARAGRAPH.CENTER and p.runs and all(r.bold for r in p.runs):
                    yield f"{path.stem} {kind}", [line.strip() for line in p.text.split("\n")]


def test_titles_break_where_they_read_well():
    """Every centred bold title in the fewest lines that fit the text width, none starting with a
    dash, no word alone on a line, none ending in a word that leads into the next ("và", "kèm")."""
    from isoctl.render import layout

    room = layout.PAGE_W_MM - layout.MARGINS_MM["left"] - layout.MARGINS_MM["right"]
    wrapped = 0
    for where, lines in _titles():
        text = " ".join(lines)
        assert layout.title_lines(text, layout.TITLE_PT, room, bold=True) == lines or len(lines) == 1, where
        if len(lines) == 1:
            continue
        wrapped += 1
        assert all(layout._text_mm(ln, layout.TITLE_PT, bold=True) <= room for ln in lines), (where, lines)
        assert not any(ln.startswith(("-", "–")) for ln in lines), (where, lines)
        assert all(len(ln.split()) > 1 for ln in lines), (where, lines)
        assert not any(ln.split()[-1].casefold() in {"và", "của", "kèm", "về"} for ln in lines[:-1]), (where, lines)
        fewer = len(lines) - 1
        assert layout._text_mm(text, layout.TITLE_PT, bold=True) > fewer * room or fewer > 1, (where, lines)
    assert wrapped >= 10


def test_the_skhcn_title_keeps_its_year_on_its_line():
    """The line that once began "- năm 2021" (Word wrapping the trích yếu where the words ran out)."""
    d = _open(render_document(_plan(ROOT / "plans" / "examples" / "skhcn-2021.yaml"), "qd-ban-hanh").docx)
    title = _para(d, r"^Về việc ban hành Kế hoạch duy trì")
    assert [line.strip() for line in title.text.split("\n")] == [
        "Về việc ban hành Kế hoạch duy trì, cải tiến Hệ thống quản lý chất lượng",
        "theo TCVN ISO 9001:2015 vào hoạt động",
        "của Cơ quan Sở Khoa học và Công nghệ - năm 2021"]


def test_the_skhcn_header_reads_well():
    d = _open(render_document(_plan(ROOT / "plans" / "examples" / "skhcn-2021.yaml"), "ke-hoach").docx)
    assert _agency_lines(d) == ["SỞ KHOA HỌC", "VÀ CÔNG NGHỆ"]


def test_number_and_date_line_issued(documents):
    number, date = documents["issued"].tables[0].rows[1].cells
    assert number.text == "Số: 359/KH-SVHTT"
    assert _runs(number.paragraphs[0])[0].font.size == Pt(13)
    assert date.text == "Hà Nội, ngày 18 tháng 5 năm 2023"
    run = _runs(date.paragraphs[0])[0]
    assert run.italic and Pt(13) <= _size(run) <= Pt(14)


def test_number_and_date_line_draft(documents):
    number, date = documents["ke-hoach"].tables[0].rows[1].cells
    assert re.fullmatch(r"Số: {4,}/KH-SVHTT", number.text)
    assert re.fullmatch(r"Hà Nội, ngày {3,}tháng {3,}năm 2024", date.text)


def test_title_and_basis(documents):
    d = documents["issued"]
    kind = _para(d, r"^KẾ HOẠCH$")
    assert kind.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in _runs(kind))
    title = _para(d, r"^Rà soát, xây dựng")
    assert all(r.bold and _size(r) == Pt(14) for r in _runs(title))
    basis = [p for p in d.paragraphs if p.text.startswith("Thực hiện ")]
    assert len(basis) == 4
    assert all(all(r.italic for r in _runs(p)) for p in basis)
    assert all(p.text.endswith(";") for p in basis[:-1]) and basis[-1].text.endswith(".")
    # the date as the document writes it (date_written), not rewritten in the Decree 30 form
    assert "Quyết định số 19/2014/QĐ-TTg ngày 5/3/2014 của Thủ tướng Chính phủ về việc áp dụng" in basis[0].text
    assert "Quyết định số 3684/QĐ-BVHTTDL ngày 27 tháng 12 năm 2022 về việc" in basis[2].text


def test_decree_30_dates_are_an_option():
    plan = _plan(PLAN_2023)
    plan = plan.model_copy(update={"presentation": plan.presentation.model_copy(update={"dates": "decree30"})})
    d = _open(render_document(plan, "ke-hoach").docx)
    basis = [p.text for p in d.paragraphs if p.text.startswith("Thực hiện ")]
    assert "19/2014/QĐ-TTg ngày 05/3/2014 của" in basis[0] and "3684/QĐ-BVHTTDL ngày 27/12/2022 về" in basis[2]


def test_sections_are_numbered_headings_in_bold_black_times(documents):
    d = documents["issued"]
    for pattern, level in ((r"^I\. MỤC ĐÍCH, YÊU CẦU$", 1), (r"^II\. NỘI DUNG THỰC HIỆN$", 1), (r"^1\. Mục đích$", 2),
                           (r"^III\. TỔ CHỨC", 1)):
        p = _para(d, pattern)
        assert p.style.name == f"Heading {level}"
        assert all(r.bold is None and r.font.size is None for r in _runs(p))  # the style gives them
        font = p.style.font
        assert font.bold and font.name == "Times New Roman" and font.size == Pt(14) and str(font.color.rgb) == "000000"


def test_signature_and_recipients(documents):
    d = documents["issued"]
    sig = next(t for t in d.tables if "Nơi nhận:" in t.cell(0, 0).text)
    left, right = sig.rows[0].cells
    head = _runs(left.paragraphs[0])[0]
    assert head.text == "Nơi nhận:" and head.bold and head.italic and head.font.size == Pt(12)
    entries = [p for p in left.paragraphs[1:] if p.text]
    assert entries[0].text == "- UBND Thành phố;"
    assert entries[-1].text == "- Lưu: VT, VP (10b)."
    assert all(_runs(p)[0].font.size == Pt(11) for p in entries)
    lines = [p for p in right.paragraphs if p.text]
    assert lines[0].text == "GIÁM ĐỐC" and _runs(lines[0])[0].bold
    assert lines[-1].text == "Đỗ Đình Hồng" and _runs(lines[-1])[0].bold
    assert len(right.paragraphs) - len(lines) >= 3  # room for the signature and seal


def test_deputy_signs_for_the_head(full_plan):
    plan = full_plan.model_copy(update={"signer": full_plan.signer.model_copy(update={"authority": "KT."})})
    d = _open(render_document(plan, "ke-hoach").docx)
    sig = next(t for t in d.tables if "Nơi nhận:" in t.cell(0, 0).text)
    assert [p.text for p in sig.cell(0, 1).paragraphs if p.text][:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]


DECREE_30 = ROOT / "docs" / "law" / "decree-30-layout.toml"


@pytest.mark.parametrize("plan_path", sorted((ROOT / "plans").rglob("*.yaml")), ids=lambda p: p.stem)
def test_every_part_and_appendix_is_numbered_on_its_own(plan_path, full_plan, tmp_path):
    """Every section of every kind of every sample plan (the plan completed with a committee and
    a QMS where it lacks them) starts its page numbers at 1 and shows none on its first page, as
    docs/law/decree-30-layout.toml records Decree 30 asking of a document and of each appendix."""
    import tomllib

    from isoctl.render import MissingData

    law = tomllib.loads(DECREE_30.read_text(encoding="utf-8"))
    assert law["appendix_page_numbers"]["separate"] and not law["page_numbers"]["first_page_shown"]
    plan = _plan(plan_path)
    seen = 0
    for kind in KINDS:
        try:
            d = _open(render_document(plan, kind, as_of=dt.date(2024, 12, 15)).docx)
        except MissingData:
            continue
        for i, sec in enumerate(d.sections):
            where = f"{plan_path.name} {kind} section {i + 1} of {len(d.sections)}"
            num = sec._sectPr.find(qn("w:pgNumType"))
            assert num is not None and num.get(qn("w:start")) == str(law["page_numbers"]["start"]), where
            assert sec.different_first_page_header_footer, where
            assert not list(sec.first_page_header._element.iter(qn("w:instrText"))), where
            instr = "".join(t.text for t in sec.header._element.iter(qn("w:instrText")))
            assert instr.strip() == "PAGE", where
            seen += 1
    assert seen, plan_path


@pytest.mark.parametrize("kind", ["ke-hoach", "issued", "qd-ban-hanh"])
def test_page_number_field_from_page_two(documents, kind):
    sec = documents[kind].sections[0]
    assert sec.different_first_page_header_footer  # titlePg
    instr = "".join(t.text for t in sec.header._element.iter(qn("w:instrText")))
    assert instr.strip() == "PAGE"
    run = next(r for r in sec.header.paragraphs[0].runs if r._r.find(qn("w:fldChar")) is not None)
    assert Pt(13) <= run.font.size <= Pt(14)
    assert sec.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not list(sec.first_page_header._element.iter(qn("w:instrText")))


def test_wide_appendix_is_landscape(documents):
    d = documents["issued"]  # 2023: the appendix has six columns, STT … Ghi chú
    last = d.sections[-1]
    assert len(d.sections) == 2 and last.orientation == WD_ORIENT.LANDSCAPE and last.page_width > last.page_height
    # Decree 30 Phụ lục I, III.1.đ: the appendix is numbered on its own, from 1, page 1 unnumbered
    assert last.different_first_page_header_footer
    assert last._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    label = _para(d, r"^PHỤ LỤC$")
    assert all(r.bold and _size(r) == Pt(14) for r in _runs(label))
    note = _para(d, r"^\(Ban hành kèm theo Kế hoạch số")
    assert all(r.italic for r in _runs(note))
    assert note.text == "(Ban hành kèm theo Kế hoạch số : 359 /KH-SVHTT ngày 18 tháng 5 năm 2023 của Sở Văn hóa và " \
                        "Thể thao Hà Nội)"
    table = d.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Nội Dung", "Thời gian", "Đơn vị chủ trì",
                                                     "Đơn vị phối hợp", "Ghi chú"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[-1].cells[1].text.startswith("Tổ chức kiểm tra định kỳ")


def test_narrow_appendix_stays_portrait(full_plan):
    from isoctl.plan.model import AppendixView, Column

    view = AppendixView(columns=[Column(field="number", header="TT"), Column(field="title", header="Nội dung"),
                                 Column(field="lead", header="Chủ trì"), Column(field="when", header="Thời gian")])
    plan = full_plan.model_copy(update={"presentation": full_plan.presentation.model_copy(update={"appendix": view})})
    d = _open(render_document(plan, "ke-hoach").docx)
    assert len(d.sections) == 2 and d.sections[-1].orientation == WD_ORIENT.PORTRAIT
    assert re.fullmatch(r"\(Kèm theo Kế hoạch số\s+/KH-SVHTT ngày\s+/\s+/2024 của Sở Văn hóa và Thể thao Hà Nội\)",
                        _para(d, r"^\(Kèm theo").text.replace("\u00a0", " "))
    assert [c.text for c in d.tables[-1].rows[0].cells] == ["TT", "Nội dung", "Chủ trì", "Thời gian"]


def test_a_plan_without_presentation_shows_its_tasks_once(full_plan):
    """The default: a body table per phase with the columns the data has, no appendix."""
    d = _open(render_document(full_plan.model_copy(update={"presentation": None}), "ke-hoach").docx)
    assert len(d.sections) == 1
    tables = [t for t in d.tables if t.rows[0].cells[0].text == "TT"]
    assert len(tables) == 5
    assert [c.text for c in tables[0].rows[0].cells] == ["TT", "Nội dung", "Chủ trì", "Phối hợp", "Kết quả",
                                                         "Thời gian"]
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Phụ lục" not in text and "PHỤ LỤC" not in text


def test_decision_issues_the_plan_attached(documents):
    d = documents["qd-ban-hanh"]
    assert _para(d, r"^QUYẾT ĐỊNH$")
    assert _para(d, r"^Về việc ban hành Kế hoạch rà soát")
    article = _para(d, r"^Điều 1\. Ban hành kèm theo")
    assert article.runs[0].text == "Điều 1." and article.runs[0].bold and not article.runs[1].bold
    assert _para(d, r"^GIÁM ĐỐC SỞ VĂN HÓA VÀ THỂ THAO HÀ NỘI$")
    # the attached plan starts on a new page, its numbering restarts and its first page has no number
    starts = [s for s in d.sections if s._sectPr.find(qn("w:pgNumType")) is not None]
    assert len(starts) == len(d.sections) == 2 and all(s.different_first_page_header_footer for s in starts)
    assert sum(1 for t in d.tables if t.rows[0].cells[1].text.startswith("CỘNG HÒA")) == 2


def test_committee_decision(documents):
    d = documents["qd-kien-toan-bcd"]
    assert _para(d, r"^Về việc kiện toàn Ban chỉ đạo ISO Sở Văn hóa và Thể thao Hà Nội năm 2024$")
    assert _para(d, r"^1\. Ông \(bà\) Đỗ Đình Hồng, Giám đốc Sở - Trưởng ban;$")
    assert _para(d, r"^Điều 2\. Thành lập Tổ giúp việc")
    assert _para(d, r"^Điều 5\. .*chịu trách nhiệm thi hành")


def test_announcement_decision(documents):
    d = documents["qd-cong-bo"]
    assert _para(d, r"^Về việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015$")
    assert _para(d, r"^Điều 1\. Công bố Hệ thống quản lý chất lượng của Sở Văn hóa và Thể thao Hà Nội")
    table = d.tables[-1]
    assert [c.text for c in table.rows[2].cells] == ["2", "QT-02", "Quy trình đánh giá nội bộ"]
    assert d.sections[-1].orientation == WD_ORIENT.PORTRAIT


def test_report_by_phase_as_of(full_plan):
    phases = [p.model_copy(deep=True) for p in full_plan.phases]
    first = phases[0].tasks
    first[0] = first[0].model_copy(update={"status": "done", "done_on": dt.date(2024, 6, 20)})
    first[1] = first[1].model_copy(update={"status": "done", "done_on": dt.date(2024, 8, 2)})
    first[2] = first[2].model_copy(update={"status": "planned", "reason": "Chưa lựa chọn được đơn vị tư vấn",
                                           "note": "Ghi chú nội bộ: hỏi lại Văn phòng"})
    first[3] = first[3].model_copy(update={"status": "done", "done_on": dt.date(2024, 7, 20),
                                           "result": "Đã tổ chức 01 lớp đào tạo", "evidence": "Danh sách 45 học viên"})
    plan = full_plan.model_copy(update={"phases": phases})
    d = _open(render_document(plan, "bao-cao", as_of=dt.date(2024, 8, 15)).docx)
    text = "\n".join(p.text for p in d.paragraphs)
    assert "BÁO CÁO" in text
    assert "đến ngày 15 tháng 8 năm 2024" in text
    assert "đã hoàn thành 3 nhiệm vụ (trong đó 1 nhiệm vụ hoàn thành chậm so với kế hoạch)" in text
    assert "Nguyên nhân: Chưa lựa chọn được đơn vị tư vấn." in text
    assert "Ghi chú nội bộ" not in text and "Ghi chú nội bộ" not in "".join(
        c.text for t in d.tables for r in t.rows for c in r.cells)  # a remark for the file is never printed
    rows = {r.cells[1].text: r.cells[-1].text for t in d.tables[1:-1] for r in t.rows[1:]}
    assert rows["Kiên toàn Ban chỉ đạo, Tổ giúp việc."] == "Đã hoàn thành (20/6/2024)"
    assert rows["Lập kế hoạch triển khai chi tiết."] == "Hoàn thành chậm (02/8/2024)"
    assert rows[first[3].title] == "Đã hoàn thành (20/7/2024)\nĐã tổ chức 01 lớp đào tạo\nDanh sách 45 học viên"
    assert rows["Họp xem xét của lãnh đạo"] == "Chưa đến hạn"
    # only the one recorded as planned is late; the rest record nothing
    assert "; 1 nhiệm vụ chưa hoàn thành, quá hạn;" in text and "nhiệm vụ chưa cập nhật tình hình thực hiện" in text
    # "Sau công bố": the announcement (10/2024) is not done yet, so this has not started
    assert rows["Duy trì, cải tiến hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015"] == "Chưa đến hạn"
    assert len([p for p in d.paragraphs if re.match(r"^\d\.\d\. Giai đoạn", p.text)]) == 5


@pytest.mark.parametrize("path", sorted((ROOT / "plans").rglob("*.yaml")), ids=lambda p: p.stem)
def test_a_cell_written_on_several_lines_keeps_them(path):
    """Every task cell a plan writes on several lines (``written``) is printed on those lines in
    its table cell; in a list, where a cell is one line of the item's paragraph, on one line."""
    plan = _plan(path)
    d = _open(render_document(plan, "ke-hoach").docx)
    cells = {"\n".join(p.text for p in c.paragraphs) for t in d.tables for row in t.rows for c in row.cells}
    paragraphs = "\n".join(p.text for p in d.paragraphs)
    style = plan.presentation.body.style if plan.presentation and plan.presentation.body else "table"
    seen = 0
    for _, task in plan.tasks():
        w = task.written
        if w is None:
            continue
        for place, written in (("any", w), ("body", w.body), ("appendix", w.appendix)):
            for value in (getattr(written, f) for f in ("title", "lead", "partners", "when")) if written else ():
                if not value or "\n" not in value:
                    continue
                seen += 1
                lines = [" ".join(x.split()) for x in value.splitlines()]
                if place == "body" and style == "list":
                    assert " ".join(lines) in paragraphs
                else:
                    assert any([" ".join(x.split()) for x in c.splitlines()] == lines for c in cells), value
    if path.stem == "tinh-2023-phu-luc-1":
        assert seen >= 5   # the seed with cells written as bullets on several lines


def _auto_width_tables(path: Path, tmp_path: Path):
    """The tables of the plan document of ``path`` with every column's ``width`` taken out."""
    from isoctl.render import markup

    text = re.sub(r",\s*width:\s*\d+", "", path.read_text(encoding="utf-8"))
    copy = tmp_path / path.name
    copy.write_text(text, encoding="utf-8")
    rendered = render_document(_plan(copy), "ke-hoach")
    parts = markup.parse(rendered.text)
    tables = [b for part in parts for sec in part.sections for b in sec.blocks if isinstance(b, markup.Table)]
    return rendered, tables


@pytest.mark.parametrize("path", sorted((ROOT / "plans").rglob("*.yaml")), ids=lambda p: p.stem)
def test_columns_without_widths_follow_their_content(path, tmp_path):
    """A plan that gives no widths: each column at least as wide as its longest word, every
    column's lines on one line when the table has the room, the whole text width used, and the
    table no taller than with the columns in equal shares or in proportion to their text."""
    from isoctl.render import layout

    _, tables = _auto_width_tables(path, tmp_path)
    assert tables and all(not t.widths for t in tables)
    pad = 2 * layout.CELL_SIDE_MM
    for table in tables:
        for width_mm in (layout._text_width_mm(False), layout._text_width_mm(True)):
            widths = layout.column_widths(table, width_mm)
            assert len(widths) == table.columns and abs(sum(widths) - width_mm) < 0.01
            rows = [(ri, r) for ri, r in enumerate(table.rows) if len(r) == table.columns]
            def need(c, whole, rows=rows):
                return max((layout._text_mm(piece, layout.TABLE_PT, bold=ri == 0)
                            for ri, r in rows for line in r[c].split("\n") if r[c] != "^"
                            for piece in ([line] if whole else line.split())), default=0) + pad
            words = [need(c, False) for c in range(table.columns)]
            lines = [need(c, True) for c in range(table.columns)]
            if sum(words) <= width_mm:
                assert all(w >= n - 0.01 for w, n in zip(widths, words, strict=True))
            if sum(lines) <= width_mm:
                assert all(w >= n - 0.01 for w, n in zip(widths, lines, strict=True))
            # no taller (in lines, as estimated) than columns in equal shares or in proportion to
            # their longest lines, where those leave no word wider than its column
            body = [[[] if t == "^" else [layout._words_mm(x) for x in t.split("\n") if x.strip()] for t in r]
                    for ri, r in rows if ri]

            def height(ws, body=body):
                return sum(max(sum(layout._lines(w, x - pad) for w in cell) for cell, x in zip(r, ws, strict=True))
                           for r in body)
            others = [[width_mm / table.columns] * table.columns, [width_mm * n / sum(lines) for n in lines]]
            others = [ws for ws in others if all(w >= n for w, n in zip(ws, words, strict=True))]
            assert all(height(widths) <= height(ws) for ws in others)


def test_a_number_column_by_content_is_narrow(tmp_path):
    """In the document: the TT column of the 2024 draft's first phase table, sized by content, is
    the narrowest, the column with the longest text the widest; grid and cells agree."""
    rendered, _ = _auto_width_tables(PLAN_2024, tmp_path)
    d = _open(rendered.docx)
    table = d.tables[1]
    grid = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert [c.text for c in table.rows[0].cells] == ["TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Kết quả", "Thời gian"]
    assert grid[0] == min(grid) and grid[0] < Mm(12).twips
    longest = [max(len(r.cells[c].text) for r in table.rows[1:]) for c in range(6)]
    assert grid.index(max(grid)) == longest.index(max(longest))  # the most to say, the widest
    tcw = [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in table._tbl.tr_lst[1].tc_lst]
    assert all(abs(a - b) <= 1 for a, b in zip(tcw, grid, strict=True))



@pytest.mark.parametrize("path", sorted((ROOT / "plans").rglob("*.yaml")), ids=lambda p: p.stem)
def test_every_word_of_a_table_fits_its_column(path):
    """Every kind of every sample plan, every table the renderer writes: each cell's room (its
    w:tcW less its own w:tcMar, or the table's w:tblCellMar) holds the cell's longest word at the
    table's size with the estimate's slack, so no word ("7/2024" in the 2024 draft's narrow Thời
    gian, 3 parts of 25) is cut in two. Read from the DOCX XML, not from the renderer's numbers."""
    from isoctl.render import MissingData, layout

    plan = _plan(path)
    twip_mm = 25.4 / 1440
    checked = 0
    for kind in KINDS:
        try:
            data = render_document(plan, kind).docx
        except MissingData:
            continue
        d = docx.Document(io.BytesIO(data))
        for ti, tbl in enumerate(d.element.body.iter(qn("w:tbl"))):
            default = dict.fromkeys(("left", "right"), 108)
            mar = tbl.tblPr.find(qn("w:tblCellMar"))
            if mar is None:
                continue  # the borderless header and signature tables: no word is sized there
            for e in ("left", "right"):
                el = mar.find(qn(f"w:{e}"))
                default[e] = int(el.get(qn("w:w"))) if el is not None else 108
            for ri, tr in enumerate(tbl.iter(qn("w:tr"))):
                for tc in tr.iter(qn("w:tc")):
                    tc_pr = tc.tcPr
                    own = tc_pr.find(qn("w:tcMar")) if tc_pr is not None else None
                    sides = dict(default)
                    if own is not None:
                        for e in ("left", "right"):
                            el = own.find(qn(f"w:{e}"))
                            if el is not None:
                                sides[e] = int(el.get(qn("w:w")))
                    room = (int(tc_pr.find(qn("w:tcW")).get(qn("w:w"))) - sides["left"] - sides["right"]) * twip_mm
                    text = " ".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))
                    for word in text.split():
                        need = layout._text_mm(word, layout.TABLE_PT, bold=ri == 0) + layout.CELL_SLACK_MM
                        assert need <= room + 0.05, (f"{path.stem} {kind} table {ti} row {ri}: {word!r} needs "
                                                     f"{need:.1f} mm, its cell has {room:.1f}")
                        checked += 1
    assert checked
