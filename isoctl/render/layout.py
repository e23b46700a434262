"""Lay parsed markup out as a Word document the way Decree 30/2020/NĐ-CP asks.

The numbers live here, named, so a test can check them: A4, margins, Times New Roman (with the
East-Asian and complex-script fonts set too, so every run of Vietnamese uses it), sizes, bold
and italic, the borderless header table, the page number in the header from page 2.
"""

from __future__ import annotations

import copy
import functools
import io
import itertools
import math
import re
import statistics
from typing import Any

from isoctl.lazyre import lazy
from isoctl.render.markup import Block, Part, Section, Signature, Table
from isoctl.render.ooxml import place

FONT = "Times New Roman"
PAGE_W_MM, PAGE_H_MM = 210, 297
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
HEADER_DISTANCE_MM = 10
BODY_PT = 14
HEADER_BODY_PT = 13          # parent / issuing body
NATION_PT = 12               # CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
MOTTO_PT = 13                # Độc lập - Tự do - Hạnh phúc
NUMBER_PT = 13               # Số: …
DATE_PT = 14                 # Hà Nội, ngày …
TITLE_PT = 14
PAGE_NUMBER_PT = 13
TABLE_PT = 12
RECIPIENTS_HEAD_PT = 12
RECIPIENTS_PT = 11
FIRST_LINE_INDENT_CM = 1.27
SPACE_AFTER_PT = 6
LINE_SPACING = 1.15
HEADER_LEFT_MM = 68          # of the 165 mm text width; the right column takes the rest
SIGN_LEFT_MM = 80
MAX_NAME_LINES = 3           # an issuing body's name is looked at in up to three lines
SIGN_SPACE_LINES = 4         # empty lines for the signature and seal
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BLANK = " " * 6
LANDSCAPE_COLUMNS = 6        # an appendix with a table this wide turns landscape
CELL_PAD_TWIPS = 40          # top and bottom padding of a table cell (0.7 mm)
CELL_SIDE_MM = 1.9           # Word's default left and right padding of a cell (108 twips)
CELL_SLACK_MM = 1.0          # what the estimate of a text's width may be short by
MIN_CELL_SIDE_MM = 0.5       # the least side padding a column narrow for its longest word gets
WHOLE_ROW_LINES = 4          # a table row of up to this many lines is kept on one page
SIZING_ROWS = 60             # rows a table's columns are sized by (a long table: its first ones)
MOVE_MM = (1.0, 3.0, 8.0)    # what sizing by content moves from one column to another at a time
MAX_MOVES = 40
SIGN_SPACE_BEFORE_PT = 6     # between the last body paragraph and Nơi nhận / the signature
HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3")
HEADING_ITALIC = (False, False, True)   # I. bold; 1. bold; 1.1. bold italic


CORE_PROPERTY_LIMIT = 255


def render(parts: list[Part], *, title: str = "", author: str = "", identity: str | None = None) -> bytes:
    """The .docx bytes of the parsed document parts; ``identity`` is the plan's id record
    (:mod:`isoctl.render.identity`), stored as a custom property."""
    from docx import Document

    doc = Document()
    _styles(doc)
    doc.core_properties.title = title[:CORE_PROPERTY_LIMIT]  # Word's limit; the document keeps it whole
    doc.core_properties.author = author[:CORE_PROPERTY_LIMIT]
    doc.core_properties.language = "vi-VN"
    first = True
    for pi, part in enumerate(parts):
        for si, section in enumerate(part.sections):
            landscape = _landscape(section)
            if first:
                sec = doc.sections[0]
                first = False
            else:
                from docx.enum.section import WD_SECTION

                sec = doc.add_section(WD_SECTION.NEW_PAGE)
                _thin_break(doc)
            _page(sec, landscape=landscape)
            if si == 0:
                if pi == 0:
                    _page_number_header(sec)
                _header_block(doc, part.header, _text_width_mm(landscape))
            _blocks(doc, section.blocks, _text_width_mm(landscape))
    if identity is not None:
        from isoctl.render.identity import attach

        attach(doc, identity)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _thin_break(doc: Any) -> None:
    """The empty paragraph that ends a section (it holds the section's properties) made 1 pt
    high: after a full page (a decision whose signature fills it) it would take a page of its own."""
    from docx.oxml.ns import qn

    breaks = [p for p in doc.element.body.iterchildren(qn("w:p"))
              if p.pPr is not None and p.pPr.find(qn("w:sectPr")) is not None]
    p_pr = breaks[-1].pPr
    spacing = p_pr.makeelement(qn("w:spacing"), {qn("w:before"): "0", qn("w:after"): "0", qn("w:line"): "20",
                                                  qn("w:lineRule"): "exact"})
    place(p_pr, spacing)
    r_pr = p_pr.makeelement(qn("w:rPr"), {})
    r_pr.append(r_pr.makeelement(qn("w:sz"), {qn("w:val"): "2"}))
    place(p_pr, r_pr)


def _landscape(section: Section) -> bool:
    if section.orientation == "auto":
        return any(isinstance(b, Table) and b.columns >= LANDSCAPE_COLUMNS for b in section.blocks)
    return section.orientation == "landscape"


def _text_width_mm(landscape: bool) -> float:
    width = PAGE_H_MM if landscape else PAGE_W_MM
    return width - MARGINS_MM["left"] - MARGINS_MM["right"]


# --- page, styles, fonts -------------------------------------------------------------------


def _styles(doc: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    styles_el = doc.styles.element
    rpr_default = styles_el.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default)
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = place(rpr_default, rpr_default.makeelement(qn("w:lang"), {}))
    lang.set(qn("w:val"), "vi-VN")
    for style in doc.styles:
        el = style.element
        rpr = el.find(qn("w:rPr"))
        if rpr is not None and rpr.find(qn("w:rFonts")) is not None:
            _set_fonts(rpr)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(normal.element.get_or_add_rPr())
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Cm(FIRST_LINE_INDENT_CM)
    pf.space_before = Pt(0)
    pf.space_after = Pt(SPACE_AFTER_PT)
    pf.line_spacing = LINE_SPACING
    pf.widow_control = True
    for name, italic in zip(HEADING_STYLES, HEADING_ITALIC, strict=True):
        _heading_style(doc.styles[name], italic)


def _heading_style(style: Any, italic: bool) -> None:
    """Word's built-in heading restyled to Decree 30: black Times New Roman 14 bold, justified
    like the body, kept with the next paragraph (the navigation pane still sees the outline)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    rpr = style.element.get_or_add_rPr()
    for child in list(rpr):
        if child.tag in (qn("w:color"), qn("w:rFonts"), qn("w:sz"), qn("w:szCs"), qn("w:i"), qn("w:iCs")):
            rpr.remove(child)
    font = style.font
    font.name = FONT
    _set_fonts(rpr)
    font.size = Pt(BODY_PT)
    font.bold = True
    font.italic = italic
    font.color.rgb = RGBColor(0, 0, 0)
    pf = style.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Cm(FIRST_LINE_INDENT_CM)
    pf.left_indent = Pt(0)
    pf.space_before = Pt(SPACE_AFTER_PT)
    pf.space_after = Pt(SPACE_AFTER_PT)
    pf.line_spacing = LINE_SPACING
    pf.keep_with_next = True


def _set_fonts(rpr: Any) -> None:
    """Times New Roman for every script slot (ascii, hAnsi, eastAsia, cs), no theme fonts."""
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = place(rpr, rpr.makeelement(qn("w:rFonts"), {}))
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)


def _page(sec: Any, *, landscape: bool) -> None:
    """A4 with the Decree 30 margins. Every section is a document part or one of its appendices,
    and each is numbered on its own from 1, its first page showing no number: Decree 30,
    Phụ lục I, Phần I, Mục I.7 (the page numbers) and Mục III.1.đ ("Số trang của Phụ lục được
    đánh số riêng theo từng Phụ lục"); see docs/law/decree-30-layout.toml."""
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Twips

    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = (Mm(PAGE_H_MM), Mm(PAGE_W_MM)) if landscape else (Mm(PAGE_W_MM), Mm(PAGE_H_MM))
    # Word stores twips: round up so that 15 mm stays ≥ 15 mm
    sec.top_margin = Twips(math.ceil(MARGINS_MM["top"] * 1440 / 25.4))
    sec.bottom_margin = Twips(math.ceil(MARGINS_MM["bottom"] * 1440 / 25.4))
    sec.left_margin = Twips(math.ceil(MARGINS_MM["left"] * 1440 / 25.4))
    sec.right_margin = Twips(math.ceil(MARGINS_MM["right"] * 1440 / 25.4))
    sec.header_distance = Mm(HEADER_DISTANCE_MM)
    sec.footer_distance = Mm(HEADER_DISTANCE_MM)
    sec.different_first_page_header_footer = True
    sect_pr = sec._sectPr
    old = sect_pr.find(qn("w:pgNumType"))
    if old is not None:
        sect_pr.remove(old)
    place(sect_pr, sect_pr.makeelement(qn("w:pgNumType"), {qn("w:start"): "1"}))


def _page_number_header(sec: Any) -> None:
    """A PAGE field centred in the header; the first page's header stays empty (titlePg)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    header = sec.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.space_after = Pt(0)
    _field(p, "PAGE", "2", PAGE_NUMBER_PT)
    first = sec.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].paragraph_format.first_line_indent = Pt(0)


def _field(paragraph: Any, instr: str, shown: str, size: float) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def run_with(child: Any) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(size)
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run_with(text)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    shown_run = paragraph.add_run(shown)
    shown_run.font.size = Pt(size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


# --- the document header -------------------------------------------------------------------


def _header_block(doc: Any, header: dict[str, str], width_mm: float) -> None:
    from docx.shared import Pt

    if any(k in header for k in ("agency", "parent", "number", "date")):
        left_mm = HEADER_LEFT_MM
        right_mm = width_mm - left_mm
        table = _table(doc, [left_mm, right_mm], rows=2, borders=False)
        left, right = table.rows[0].cells
        p = _cell_par(left, first=True)
        room = left_mm - 2 * CELL_SIDE_MM
        if header.get("parent"):
            for k, line in enumerate(name_lines(_upper(header["parent"]), HEADER_BODY_PT, room, bold=False)):
                if k:
                    p = _cell_par(left)
                _run(p, line, HEADER_BODY_PT)
            p = _cell_par(left)
        lines = name_lines(_upper(header.get("agency", "")), HEADER_BODY_PT, room, bold=True)
        for k, line in enumerate(lines):
            if k:
                p = _cell_par(left)
            _run(p, line, HEADER_BODY_PT, bold=True)
        longest = max(lines, key=lambda line: _text_mm(line, HEADER_BODY_PT, bold=True))
        _rule(_cell_par(left), _rule_mm(longest, HEADER_BODY_PT, left_mm, 0.4), left_mm)
        p = _cell_par(right, first=True)
        _run(p, NATION, NATION_PT, bold=True)
        p = _cell_par(right)
        _run(p, MOTTO, MOTTO_PT, bold=True)
        _rule(_cell_par(right), min(_text_mm(MOTTO, MOTTO_PT, bold=True), right_mm - 4), right_mm)
        num_cell, date_cell = table.rows[1].cells
        p = _cell_par(num_cell, first=True)
        p.paragraph_format.space_before = Pt(6)
        if header.get("number") is not None:
            _run(p, "Số: " + _number(header["number"]), NUMBER_PT)
        p = _cell_par(date_cell, first=True)
        p.paragraph_format.space_before = Pt(6)
        if header.get("date"):
            _run(p, header["date"].replace("\u00a0", " "), DATE_PT, italic=True)
    if header.get("type"):
        p = doc.add_paragraph()
        _centre(p, before=18 if "agency" in header else 0, after=0)
        _run(p, _upper(header["type"]), TITLE_PT, bold=True)
    if header.get("title"):
        p = doc.add_paragraph()
        _centre(p, before=0, after=0)
        _run(p, " \n".join(title_lines(header["title"], TITLE_PT, width_mm, bold=True)), TITLE_PT, bold=True)
        _rule(doc.add_paragraph(), min(_text_mm(header["title"], TITLE_PT, bold=True) / 3 + 10, 60), width_mm,
              after=12)


def name_lines(text: str, size: float, room_mm: float, *, bold: bool) -> list[str]:
    """A header name in its lines: as the plan breaks it (``A | B``, from ``agency.name_lines``),
    else on one line when it fits ``room_mm``, else in the fewest lines that fit, broken where it
    reads well: before "VÀ" or a place ("TỈNH", "THÀNH PHỐ" …) rather than inside a word of
    several syllables, no line ending in "VÀ", no word left alone ("SỞ KHOA HỌC" / "VÀ CÔNG
    NGHỆ", never "SỞ KHOA HỌC VÀ CÔNG" / "NGHỆ"), then the most even."""
    if "|" in text:
        return [line.strip() for line in text.split("|") if line.strip()] or [""]
    words = text.split()
    if len(words) < 2 or _text_mm(text, size, bold=bold) <= room_mm:
        return [" ".join(words)]
    if max(_text_mm(w, size, bold=bold) for w in words) > room_mm:
        return words  # a word wider than the column: one a line, the least that can be done
    def cost(cuts: tuple[int, ...], bounds: tuple[int, ...], widths: list[float]) -> float:
        out = max(widths) - min(widths) + 60 * (len(cuts) - 1)  # a line more costs less than a bad break
        out += sum(0 if words[c].casefold() in _BREAK_BEFORE or words[c - 1] in "-–" else 100 for c in cuts)
        out += sum(1000 for c in cuts if words[c - 1].casefold() in _NO_BREAK_AFTER)
        out += sum(500 for a, b in itertools.pairwise(bounds) if b - a == 1 and len(words) > 2)
        return out

    return _cheapest_lines(words, size, room_mm, bold, cost, more_lines_up_to=MAX_NAME_LINES) or words


def _cheapest_lines(words: list[str], size: float, room_mm: float, bold: bool, cost: Any, *,
                    more_lines_up_to: int = 0, give_up_after: int | None = None) -> list[str] | None:
    """The split of ``words`` into lines that each fit ``room_mm`` with the least ``cost(cuts,
    bounds, widths)``: from two lines on, trying more lines than the fewest that fit only up to
    ``more_lines_up_to``; None when nothing fits (within ``give_up_after`` lines)."""
    best: tuple[float, list[str]] | None = None
    for count in range(2, len(words) + 1):
        if best is not None and count > more_lines_up_to:
            break
        if best is None and give_up_after is not None and count > give_up_after:
            break
        for cuts in itertools.combinations(range(1, len(words)), count - 1):
            bounds = (0, *cuts, len(words))
            lines = [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)]
            widths = [_text_mm(line, size, bold=bold) for line in lines]
            if max(widths) > room_mm:
                continue
            c = cost(cuts, bounds, widths)
            if best is None or c < best[0]:
                best = (c, lines)
    return best[1] if best is not None else None


# where a name breaks well: before these words; never after the second set
_BREAK_BEFORE = {"và", "tỉnh", "thành", "huyện", "quận", "thị", "xã", "phường", "của"}
_NO_BREAK_AFTER = {"và", "của", "về", "với"}


def title_lines(text: str, size: float, room_mm: float, *, bold: bool) -> list[str]:
    """A centred title (trích yếu, an appendix's heading) in its lines, broken as a secretary
    breaks it rather than where the words run out: on one line when it fits, else in the fewest
    lines that fit ``room_mm``, never with a line starting with a dash ("- năm 2021" reads as a
    list item), preferably before a joining word ("vào", "của", "theo", "năm" …) and not inside a
    name ("Sở Khoa học" / "và Công nghệ"), no word left alone, then the most even."""
    words = text.split()
    if len(words) < 2 or _text_mm(text, size, bold=bold) <= room_mm:
        return [" ".join(words)]
    if max(_text_mm(w, size, bold=bold) for w in words) > room_mm:
        return [" ".join(words)]  # nothing breaks it well: Word wraps it
    def cost(cuts: tuple[int, ...], bounds: tuple[int, ...], widths: list[float]) -> float:
        out = (max(widths) - min(widths)) / 4 + sum(_title_cut(words, c) for c in cuts)
        return out + sum(500 for a, b in itertools.pairwise(bounds) if b - a == 1)

    return (_cheapest_lines(words, size, room_mm, bold, cost, give_up_after=MAX_TITLE_LINES)
            or [" ".join(words)])


MAX_TITLE_LINES = 5
# a title breaks well before these words (it reads on from them) and after a comma
_TITLE_BREAK_BEFORE = {"vào", "của", "theo", "tại", "trong", "cho", "năm", "về", "giai", "đối", "nhằm", "để",
                       "thuộc", "trên", "và"}

_TITLE_NO_BREAK_AFTER = {"kèm", "ban", "thực", "áp", "cải", "duy", "quản", "hệ", "chất", "tiêu", "kế", "hoạt"}


def _title_cut(words: list[str], c: int) -> float:
    """What breaking ``words`` before index ``c`` costs."""
    before, after = words[c - 1], words[c]
    if after in "-–":
        return 1000
    if before.casefold() in _NO_BREAK_AFTER or before.casefold() in _TITLE_NO_BREAK_AFTER:
        return 300
    cost = 0.0 if after.casefold() in _TITLE_BREAK_BEFORE or before.endswith((",", ";", ":")) else 40
    capital = [w[:1].isupper() for w in words]
    if capital[c - 1] and capital[c]:
        cost += 150   # inside a name: "Sở Khoa" / "học"
    if after.casefold() == "và" and c + 1 < len(words) and capital[c - 1] and capital[c + 1]:
        cost += 150   # "… Khoa học" / "và Công nghệ": one name
    if before in "-–":
        cost += 60
    return cost


def _number(text: str) -> str:
    text = text.replace("\u00a0", " ").strip()
    return BLANK + text if text.startswith("/") else text


# --- body blocks -----------------------------------------------------------------------------


def _blocks(doc: Any, blocks: list[Block | Table | Signature], width_mm: float) -> None:
    from docx.enum.text import WD_BREAK

    numbers = [0, 0, 0]
    basis_runs = [i for i, b in enumerate(blocks) if isinstance(b, Block) and b.kind == "basis"]
    for i, block in enumerate(blocks):
        if isinstance(block, Table):
            _task_table(doc, block, width_mm)
            continue
        if isinstance(block, Signature):
            if doc.paragraphs:
                doc.paragraphs[-1].paragraph_format.keep_with_next = True
            _signature(doc, block, width_mm)
            continue
        kind, text = block.kind, block.text
        if kind == "pagebreak":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "heading" and block.level == 0:
            p = doc.add_paragraph()
            _centre(p, before=0, after=0)
            _run(p, " \n".join(title_lines(_upper(text), TITLE_PT, width_mm, bold=True)), TITLE_PT, bold=True)
        elif kind == "heading":
            level = block.level
            if block.style != "as-written":
                numbers[level - 1] += 1
                for deeper in range(level, 3):
                    numbers[deeper] = 0
                if level == 1:
                    text = f"{_roman(numbers[0])}. " + _upper(text)
                elif level == 2:
                    text = f"{numbers[1]}. " + text
                else:
                    text = f"{numbers[1]}.{numbers[2]}. " + text
            p = doc.add_paragraph(style=HEADING_STYLES[level - 1])
            _run(p, text, BODY_PT)  # the style gives bold, italic and the size
        elif kind == "run-in":
            p = doc.add_paragraph()
            _run(p, block.style, BODY_PT, bold=True)
            _run(p, " " + text if text else "", BODY_PT)
        elif kind == "basis":
            last = i + 1 not in basis_runs
            p = doc.add_paragraph()
            _run(p, _ending(text, "." if last else ";"), BODY_PT, italic=True)
        elif kind == "article":
            p = doc.add_paragraph()
            _run(p, block.style, BODY_PT, bold=True)
            _run(p, " " + text if text else "", BODY_PT)
        elif kind == "center":
            p = doc.add_paragraph()
            _centre(p, before=6, after=6)
            _run(p, text, BODY_PT, bold=block.style == "bold", italic=block.style == "italic")
        elif kind == "label":
            p = doc.add_paragraph()
            _centre(p, before=0, after=0)
            _run(p, text, TITLE_PT, bold=True)
        elif kind == "note":
            p = doc.add_paragraph()
            _centre(p, before=0, after=12)
            _run(p, text, BODY_PT, italic=True)
        else:  # para, bullet, item
            p = doc.add_paragraph()
            _run(p, text, BODY_PT)


def _task_table(doc: Any, table: Table, width_mm: float) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.table import _Cell

    widths = column_widths(table, width_mm)
    ncols = len(widths)
    body_rows = table.rows[1:]
    centred = [all(len(r[c]) <= 16 for r in body_rows if len(r) == ncols) for c in range(ncols)]
    t = _table(doc, widths, rows=len(table.rows), borders=True)
    sides = cell_sides_mm(table, widths)
    narrow = {ci: side for ci, side in enumerate(sides) if side < CELL_SIDE_MM}
    above_row = None
    # rows in one pass: python-docx rebuilds the list of rows for each t.rows[i] and the grid of
    # cells for each t.cell(i, j), which made a long table quadratic
    for ri, (cells, row) in enumerate(zip(table.rows, t.rows, strict=True)):
        if ri == 0:
            _repeat_header(row)  # a long row may continue on the next page, under the repeated header
        previous, above_row = above_row, row
        # a new row's cells, one a w:tc (what row.cells gives before any merge, without its walk)
        row_cells = [_Cell(tc, t) for tc in row._tr.tc_lst]
        if len(cells) == 1 and ncols > 1:
            merged = row_cells[0].merge(row_cells[-1])
            p = _cell_par(merged, first=True)
            _run(p, cells[0], TABLE_PT, bold=True)
            continue
        if len(cells) == 2 and ncols > 2:
            p = _cell_par(row_cells[0], first=True)
            _run(p, cells[0], TABLE_PT, bold=True)
            merged = row_cells[1].merge(row_cells[-1])
            p = _cell_par(merged, first=True, align=WD_ALIGN_PARAGRAPH.LEFT)
            _run(p, cells[1], TABLE_PT, bold=True)
            continue
        if ri and row_lines(cells, widths, sides) <= WHOLE_ROW_LINES:
            _cant_split(row)  # a short row whole: no line of it left alone at a page's foot or head
        align = WD_ALIGN_PARAGRAPH.CENTER if ri == 0 else None
        valign = WD_CELL_VERTICAL_ALIGNMENT.CENTER if ri == 0 else WD_CELL_VERTICAL_ALIGNMENT.TOP
        for ci, text in enumerate(cells):
            cell = row_cells[ci]
            if text == "^" and ri > 1:
                previous.cells[ci].merge(cell)
                continue
            _valign(cell, valign)
            if ci in narrow:
                _cell_sides(cell, narrow[ci])
            cell_align = align or (WD_ALIGN_PARAGRAPH.CENTER if centred[ci] else WD_ALIGN_PARAGRAPH.LEFT)
            for li, line in enumerate(text.split("\n")):
                p = _cell_par(cell, first=li == 0, align=cell_align)
                _run(p, line, TABLE_PT, bold=ri == 0)
    doc.add_paragraph().paragraph_format.space_after = 0


def column_widths(table: Table, width_mm: float) -> list[float]:
    """The columns' widths in mm: the table's relative widths, or for ``[table auto]`` by content.

    By content: each column at least its longest word and at most its longest line; when every
    line fits, each as wide as its longest line and the rest shared in proportion; when not even
    the words fit, in proportion to the longest words."""
    n = table.columns
    pad = 2 * CELL_SIDE_MM + CELL_SLACK_MM
    least, most = [0.0] * n, [0.0] * n
    rows: list[list[list[float]]] = []  # body rows, per column: the printed width of each line
    texts: list[list[list[str]]] = []   # … and the lines themselves
    for ri, cells in enumerate(table.rows):
        if len(cells) != n:  # a group row spans the columns
            continue
        row = []
        for c, text in enumerate(cells):
            lines = [] if text == "^" else [line for line in text.split("\n") if line.strip()]
            row.append([_text_mm(line, TABLE_PT, bold=ri == 0) for line in lines])
            most[c] = max([most[c], *row[-1]])
        if ri and len(rows) < SIZING_ROWS:
            rows.append(row)
            texts.append([[] if t == "^" else [x for x in t.split("\n") if x.strip()] for t in cells])
    words_mm = longest_words_mm(table)
    least = [w + pad for w in words_mm]
    most = [m + pad for m in most]
    if table.widths:  # the plan's proportions, as the document has them …
        total = sum(table.widths)
        ws = [width_mm * w / total for w in table.widths]
        # … unless a column is narrower than its longest word even with its cells' padding cut to
        # the least (cell_sides_mm): then it is widened, so that "7/2024" is never cut in two
        tight = [w + 2 * MIN_CELL_SIDE_MM + CELL_SLACK_MM for w in words_mm]
        if any(w < k for w, k in zip(ws, tight, strict=True)) and sum(tight) <= width_mm:
            ws = _within(ws, tight, width_mm)
        return ws
    if sum(most) <= width_mm:
        return [m + (width_mm - sum(most)) * m / sum(most) for m in most]
    if sum(least) >= width_mm:
        return [width_mm * w / sum(least) for w in least]

    # between the two: each column clamp(level * weight, its longest word, its longest line), the
    # level found so that they fill the width; the weight is the square root of the column's
    # typical (median) line, so a column of units or months keeps its usual line whole and a
    # column of long texts is the wider, without one long cell taking the room of the others
    weight = [math.sqrt(statistics.mean([x for row in rows for x in row[c]] or [0.0]) + pad) for c in range(n)]

    def fill(level: float) -> list[float]:
        return [min(max(level * k, w), m) for k, w, m in zip(weight, least, most, strict=True)]

    low, high = 0.0, max(m / k for m, k in zip(most, weight, strict=True))
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (mid, high) if sum(fill(mid)) < width_mm else (low, mid)
    words = [[[_words_mm(line) for line in cell] for cell in row] for row in texts]
    starts = [fill(high), [width_mm / n] * n, most]  # by typical line, equal shares, by longest line
    return _fewer_lines([_within(ws, least, width_mm) for ws in starts], least, most, words)


def longest_words_mm(table: Table) -> list[float]:
    """Per column, the printed width (mm, at the table's font size) of its longest word: the
    least a line of the column can be, as a cell wraps only at spaces ("7/2024" is one word)."""
    n = table.columns
    least = [0.0] * n
    for ri, cells in enumerate(table.rows):
        if len(cells) != n:  # a group row spans the columns
            continue
        for c, text in enumerate(cells):
            if text == "^":
                continue
            for word in text.split():
                least[c] = max(least[c], _text_mm(word, TABLE_PT, bold=ri == 0))
    return least


def cell_sides_mm(table: Table, widths: list[float]) -> list[float]:
    """Per column, the left and right padding of its cells (mm): Word's default, or less for a
    column whose longest word would not fit between the default paddings (down to
    ``MIN_CELL_SIDE_MM``; column_widths widens a column that not even that lets it fit)."""
    sides = []
    for w, word in zip(widths, longest_words_mm(table), strict=True):
        room = w - word - CELL_SLACK_MM
        sides.append(CELL_SIDE_MM if room >= 2 * CELL_SIDE_MM else max(MIN_CELL_SIDE_MM, room / 2))
    return sides


def row_lines(cells: list[str], widths: list[float], sides: list[float]) -> int:
    """The lines (as estimated) a body row of a table takes: its tallest cell's. Only a row
    longer than ``WHOLE_ROW_LINES`` may split across a page (under the repeated header)."""
    tallest = 0
    for text, w, side in zip(cells, widths, sides, strict=True):
        if text == "^":
            continue
        room = w - 2 * side - CELL_SLACK_MM
        tallest = max(tallest, sum(_lines(_words_mm(line), room) for line in text.split("\n")))
    return tallest


def _within(widths: list[float], least: list[float], width_mm: float) -> list[float]:
    """``widths`` made to fill ``width_mm`` with no column under its ``least``."""
    ws = [max(w, k) for w, k in zip(widths, least, strict=True)]
    over = sum(ws) - width_mm
    spare = sum(w - k for w, k in zip(ws, least, strict=True))
    if over > 0 and spare > 0:
        ws = [w - over * (w - k) / spare for w, k in zip(ws, least, strict=True)]
    elif over < 0:
        ws = [w * width_mm / sum(ws) for w in ws]
    return ws


def _words_mm(line: str) -> list[float]:
    return [_text_mm(w, TABLE_PT) for w in line.split()]


def _lines(words: list[float], room: float) -> int:
    """How many lines a line of words of these widths takes in ``room`` mm, wrapped at spaces."""
    space = _text_mm(" ", TABLE_PT)
    count, used = 1, -space
    for w in words:
        if used + space + w > room and used > 0:
            count, used = count + 1, w
        else:
            used += space + w
    return count


def _fewer_lines(starts: list[list[float]], least: list[float], most: list[float],
                 rows: list[list[list[list[float]]]]) -> list[float]:
    """The shortest of the ``starts`` (in lines, each row as tall as its tallest cell, the text
    wrapped at its spaces), then a few mm moved from column to column while that makes it shorter."""
    inner = 2 * CELL_SIDE_MM
    # the lines of each row's cell in a column, by the column's width: a trial moves width between
    # two columns, so the others' lines are known already (each width of a column wrapped once)
    known: list[dict[float, list[int]]] = [{} for _ in least]

    def column(c: int, w: float) -> list[int]:
        lines = known[c].get(w)
        if lines is None:
            lines = known[c][w] = [sum(_lines(words, w - inner) for words in row[c]) for row in rows]
        return lines

    def height(ws: list[float]) -> int:
        if not ws:
            return len(rows)
        # each row as tall as its tallest cell
        return sum(map(max, zip(*(column(c, w) for c, w in enumerate(ws)), strict=True)))

    now, widths = min(((height(ws), ws) for ws in starts), key=lambda hw: hw[0])
    for _ in range(MAX_MOVES):
        best = None
        for a in range(len(widths)):
            for b in range(len(widths)):
                for step in MOVE_MM:
                    if a == b or widths[a] - step < least[a] or widths[b] + step > most[b]:
                        continue
                    trial = widths[:]
                    trial[a] -= step
                    trial[b] += step
                    h = height(trial)
                    if h < now and (best is None or h < best[0]):
                        best = (h, trial)
        if best is None:
            break
        now, widths = best
    return widths


def _signature(doc: Any, sig: Signature, width_mm: float) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    t = _table(doc, [SIGN_LEFT_MM, width_mm - SIGN_LEFT_MM], rows=1, borders=False)
    _cant_split(t.rows[0])
    left, right = t.rows[0].cells
    _cell_par(left, first=True)
    _cell_par(right, first=True)
    for cell in (left, right):
        cell.paragraphs[0].paragraph_format.space_before = Pt(SIGN_SPACE_BEFORE_PT)
    if sig.recipients:
        p = left.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _run(p, "Nơi nhận:", RECIPIENTS_HEAD_PT, bold=True, italic=True)
        for k, entry in enumerate(sig.recipients):
            last = k == len(sig.recipients) - 1
            p = _cell_par(left)
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            text = entry.strip()
            text = text[2:] if text.startswith("- ") else text
            _run(p, "- " + _ending(text, "." if last else ";"), RECIPIENTS_PT)
    lines = [right.paragraphs[0]]  # already laid out, with the space before
    for line in sig.sign:
        p = lines.pop() if lines else _cell_par(right)
        _run(p, _upper(line), BODY_PT, bold=True)
    for _ in range(SIGN_SPACE_LINES):
        p = lines.pop() if lines else _cell_par(right)
        _run(p, "", BODY_PT)
    p = _cell_par(right)
    if sig.name:
        _run(p, sig.name, BODY_PT, bold=True)


# --- helpers -------------------------------------------------------------------------------


def _table(doc: Any, widths_mm: list[float], *, rows: int, borders: bool) -> Any:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Mm

    t = doc.add_table(rows=rows, cols=len(widths_mm))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    tbl_pr = t._tbl.tblPr
    place(tbl_pr, tbl_pr.makeelement(qn("w:tblLayout"), {qn("w:type"): "fixed"}))  # once, in its place
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = place(tbl_pr, tbl_pr.makeelement(qn("w:tblW"), {}))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(int(sum(widths_mm) / 25.4 * 1440)))
    edges = tbl_pr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        attrs = ({qn("w:val"): "single", qn("w:sz"): "4", qn("w:space"): "0", qn("w:color"): "000000"}
                 if borders else {qn("w:val"): "nil"})
        edges.append(edges.makeelement(qn(f"w:{edge}"), attrs))
    place(tbl_pr, edges)
    if borders:  # a little air above and below the text of each cell
        margins = tbl_pr.makeelement(qn("w:tblCellMar"), {})
        for edge, twips in (("top", CELL_PAD_TWIPS), ("left", 108), ("bottom", CELL_PAD_TWIPS), ("right", 108)):
            margins.append(margins.makeelement(qn(f"w:{edge}"), {qn("w:w"): str(twips), qn("w:type"): "dxa"}))
        place(tbl_pr, margins)
    for i, w in enumerate(widths_mm):
        t.columns[i].width = Mm(w)
    # the new table has one w:tc per grid column in every row, each with its w:tcW: the first row's
    # set as python-docx sets them, the others' given the same figures (not a walk of each tcPr)
    rows = t._tbl.tr_lst
    widths: list[str | None] = []
    for tc, w in zip(rows[0].tc_lst, widths_mm, strict=True):
        tc.width = Mm(w)
        tc_w = tc.tcPr.find(qn("w:tcW"))
        widths.append(tc_w.get(qn("w:w")) if tc_w is not None and tc_w.get(qn("w:type")) == "dxa" else None)
    for tr in rows[1:]:
        for tc, w, twips in zip(tr.tc_lst, widths_mm, widths, strict=True):
            tc_w = tc.find(_TCPR_TCW)
            if twips is not None and tc_w is not None and tc_w.get(qn("w:type")) == "dxa":
                tc_w.set(qn("w:w"), twips)
            else:
                tc.width = Mm(w)
    return t


def _cell_sides(cell: Any, side_mm: float) -> None:
    """The cell's own left and right padding (``w:tcMar``), over the table's default."""
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()
    margins = tc_pr.makeelement(qn("w:tcMar"), {})
    twips = str(math.floor(side_mm * 1440 / 25.4))
    for edge in ("left", "right"):
        margins.append(margins.makeelement(qn(f"w:{edge}"), {qn("w:w"): twips, qn("w:type"): "dxa"}))
    place(tc_pr, margins)


def _repeat_header(row: Any) -> None:
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    place(tr_pr, tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))


def _cant_split(row: Any) -> None:
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    place(tr_pr, tr_pr.makeelement(qn("w:cantSplit"), {qn("w:val"): "true"}))


def _cell_par(cell: Any, first: bool = False, align: Any = None) -> Any:
    """A paragraph of ``cell`` (its first, or a new one) without indent or spacing, aligned
    ``align`` (default: centred)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if first:  # the cell's first w:p, as cell.paragraphs[0] without building them all
        from docx.text.paragraph import Paragraph

        p = Paragraph(cell._tc.find(_W_P), cell)
    else:
        p = cell.add_paragraph()
    align = WD_ALIGN_PARAGRAPH.CENTER if align is None else align
    if p._p.pPr is None and align in _CELL_PPR:  # a copy of the properties laid out the first time
        p._p.insert(0, copy.deepcopy(_CELL_PPR[align]))
        return p
    p.alignment = align
    pf = p.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.space_after = Pt(0)
    pf.space_before = Pt(0)
    pf.line_spacing = 1.0
    if p._p.pPr is not None and p._p.pPr.getparent() is p._p and p._p.index(p._p.pPr) == 0:
        _CELL_PPR.setdefault(align, copy.deepcopy(p._p.pPr))
    return p


# Setting python-docx's properties one by one walks the XML each time (most of a long table's
# time): a cell paragraph's and a run's properties are laid out once, then copied. Keyed by
# alignment, and by (size, bold, italic).
_CELL_PPR: dict[Any, Any] = {}
_RUN_RPR: dict[tuple[float, bool, bool], Any | None] = {}
_VALIGN: dict[Any, Any] = {}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_P, _W_R, _W_T = f"{_W}p", f"{_W}r", f"{_W}t"
_TCPR_TCW = f"{_W}tcPr/{_W}tcW"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _valign(cell: Any, value: Any) -> None:
    """``cell.vertical_alignment = value``: set so the first time, then a copy of that w:vAlign put
    in its place (python-docx's setter walks the cell's properties each time)."""
    model = _VALIGN.get(value)
    if model is None:
        from docx.oxml.ns import qn

        cell.vertical_alignment = value
        _VALIGN[value] = copy.deepcopy(cell._tc.tcPr.find(qn("w:vAlign")))
        return
    place(cell._tc.get_or_add_tcPr(), copy.deepcopy(model))


def _centre(p: Any, *, before: float, after: float) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.space_before = Pt(before)
    p.paragraph_format.space_after = Pt(after)


def _run(p: Any, text: str, size: float, *, bold: bool = False, italic: bool = False) -> Any:
    """A run of ``text``; it carries only the formatting the paragraph's style does not give
    (Normal is Times New Roman 14), and a document symbol's hyphen is Word's non-breaking hyphen."""
    from docx.oxml import OxmlElement
    from docx.shared import Pt
    from docx.text.run import Run

    key = (size, bool(bold), bool(italic))
    r = p._p.makeelement(_W_R, {})
    p._p.append(r)  # where p.add_run puts it: a w:r goes last in a w:p
    run = Run(r, p)
    if key in _RUN_RPR:
        cached = _RUN_RPR[key]
        if cached is not None:
            run._r.insert(0, copy.deepcopy(cached))
    else:
        if size != BODY_PT:
            run.font.size = Pt(size)
        run.font.bold = bold or None
        run.font.italic = italic or None
        rpr = run._r.rPr
        if rpr is not None and len(rpr) == 0:  # nothing the style does not give: no empty w:rPr
            run._r.remove(rpr)
            rpr = None
        _RUN_RPR[key] = copy.deepcopy(rpr) if rpr is not None else None
    pieces = _symbol_pieces(text)
    if len(pieces) > 1:
        for piece in pieces:
            if piece is None:
                run._r.append(OxmlElement("w:noBreakHyphen"))
            elif piece:
                _add_t(r, piece)
    elif text and not any(ch in text for ch in "\t\n\r"):
        _add_t(r, text)  # what run.text writes for plain text, without its walk over each character
    elif text:
        run.text = text
    return run


def _add_t(r: Any, text: str) -> None:
    """``r.add_t(text)``: a w:t last in the run, its spaces kept when it starts or ends with one."""
    t = r.makeelement(_W_T, {})
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_XML_SPACE, "preserve")
    r.append(t)


# a document symbol: figures and letters joined by "/" with a hyphenated issuer (19/2014/QĐ-TTg,
# 359/KH-SVHTT, /KH-SVHTT); it must not break at its hyphen
_SYMBOL = lazy(r"[\w.&]*/[\w.&/]*\w-[\w&-]*\w")


def _symbol_pieces(text: str) -> list[str | None]:
    """``text`` split at the hyphens of document symbols (``None`` marks one)."""
    out: list[str | None] = []
    at = 0
    for m in _SYMBOL.finditer(text):
        start = at
        for i in range(m.start(), m.end()):
            if text[i] == "-":
                out.append(text[start:i])
                out.append(None)
                start = i + 1
        at = start
    out.append(text[at:])
    return out if len(out) > 1 else [text]


def _rule(p: Any, length_mm: float, container_mm: float, after: float = 0) -> None:
    """A centred horizontal rule ``length_mm`` long: the top border of an empty, indented line."""
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    side = max((container_mm - length_mm) / 2 - CELL_SIDE_MM, 0)  # less the cell's own padding
    pf = p.paragraph_format
    pf.left_indent = Mm(side)
    pf.right_indent = Mm(side)
    pf.first_line_indent = Pt(0)
    pf.space_before = Pt(2)
    pf.space_after = Pt(after)
    pf.line_spacing = Pt(2)
    p_pr = p._p.get_or_add_pPr()
    bdr = p_pr.makeelement(qn("w:pBdr"), {})
    bdr.append(bdr.makeelement(qn("w:top"), {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1",
                                             qn("w:color"): "000000"}))
    place(p_pr, bdr)


# Approximate advance widths of Times New Roman in em, enough to size rules to their text.
_WIDE = set("MWÆŒ")
_NARROW = set("ijlIftr.,:;'!|()[] -")


def _text_mm(text: str, size: float, *, bold: bool = False) -> float:
    em = _em(text)
    em *= 1.1 if bold else 1.0
    return em * size * 25.4 / 72


@functools.lru_cache(maxsize=1 << 15)
def _em(text: str) -> float:
    """The text's printed width in em: once for each text (a long table measures the same words
    again and again: half a million measurements for 2,000 tasks), a character's advance looked up."""
    import unicodedata

    em = 0.0
    table = _CHAR_EM
    for ch in unicodedata.normalize("NFD", text):
        advance = table.get(ch)
        if advance is None:
            advance = table[ch] = _char_em(ch)
        em += advance  # a combining mark adds 0.0: the same sum as skipping it
    return em


_CHAR_EM: dict[str, float] = {}


def _char_em(ch: str) -> float:
    import unicodedata

    if unicodedata.combining(ch):
        return 0.0
    if ch == " ":
        return 0.25
    if ch in _WIDE:
        return 0.9
    if ch in _NARROW:
        return 0.3
    if ch.isupper():
        return 0.7
    if ch.isdigit():
        return 0.5
    return 0.47


def _rule_mm(text: str, size: float, cell_mm: float, share: float) -> float:
    """A rule ``share`` of the text's printed width (1/3–1/2 by Decree 30)."""
    longest = min(_text_mm(text, size, bold=True), cell_mm - 4)
    return longest * share


def _ending(text: str, mark: str) -> str:
    return re.sub(r"[\s;,.]+$", "", text) + mark


def _upper(text: str) -> str:
    from isoctl.render.templating import upper

    return upper(text)


def _roman(n: int) -> str:
    from isoctl.render.templating import roman

    return roman(n)
