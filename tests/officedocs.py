"""Plan documents made the way offices make them, with python-docx — not with isoctl's renderer.

Typed numbering ("a)", "1."), tabs, manual line breaks, bold runs split mid-word, a header table
with the motto in a text box, tables with merged header rows, phase rows merged across, topic
cells merged down, a landscape "Phụ lục" section, Nơi nhận beside the signature. The texts are the
seeds' own, as the hand-transcribed plans in plans/ hold them.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.shared import Mm

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def split_bold(paragraph: Any, text: str, at: int | None = None) -> None:
    """``text`` in two bold runs cut in the middle of a word, as Word leaves it after an edit."""
    cut = at if at is not None else max(1, len(text) // 2 + 1)
    for part in (text[:cut], text[cut:]):
        if part:
            paragraph.add_run(part).bold = True


def textbox(paragraph: Any, lines: list[str]) -> None:
    """A text box (DrawingML, with its VML fallback) anchored in ``paragraph``."""
    inner = "".join(f'<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{t}</w:t></w:r></w:p>' for t in lines)
    xml = (f'<w:r {W_NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps">'
           f'<w:drawing><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx></w:drawing></mc:Choice>'
           f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox>'
           '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    paragraph._p.append(parse_xml(xml))


def lines_par(doc: Any, lines: list[str], *, bold: bool = False) -> Any:
    """One paragraph, its lines separated by manual line breaks (Shift+Enter)."""
    p = doc.add_paragraph()
    for k, line in enumerate(lines):
        run = p.add_run(line)
        run.bold = bold
        if k < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)
    return p


def header(doc: Any, *, parent: str | None, agency: str, number: str, date: str, motto_in_box: bool = True) -> None:
    table = doc.add_table(rows=2, cols=2)
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    if parent:
        p.add_run(parent.upper())
        p = left.add_paragraph()
    split_bold(p, agency.upper(), at=3)
    left.add_paragraph("_______")
    if motto_in_box:
        p = right.paragraphs[0]
        p.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
        textbox(right.add_paragraph(), ["Độc lập - Tự do - Hạnh phúc"])
    else:
        right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
        right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    table.rows[1].cells[0].paragraphs[0].add_run(number)
    table.rows[1].cells[1].paragraphs[0].add_run(date).italic = True


def heading(doc: Any, text: str) -> None:
    p = doc.add_paragraph()
    split_bold(p, text)


def bullets(doc: Any, items: list[str], mark: str = "-") -> None:
    for item in items:
        doc.add_paragraph(f"{mark} {item}")


def signature(doc: Any, recipients: list[str], sign: list[str], name: str, *, as_table: bool = True) -> None:
    if as_table:
        table = doc.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.paragraphs[0].add_run("Nơi nhận:").bold = True
        for k, r in enumerate(recipients):
            left.add_paragraph(f"- {r}{'.' if k == len(recipients) - 1 else ';'}")
        for k, line in enumerate(sign):
            (right.paragraphs[0] if k == 0 else right.add_paragraph()).add_run(line).bold = True
        for _ in range(3):
            right.add_paragraph("")
        right.add_paragraph().add_run(name).bold = True
        return
    doc.add_paragraph("Nơi nhận:")
    for k, r in enumerate(recipients):
        doc.add_paragraph(f"- {r}{'.' if k == len(recipients) - 1 else ';'}")
    for line in sign:
        doc.add_paragraph().add_run(line).bold = True
    doc.add_paragraph("")
    doc.add_paragraph(name)


def landscape(doc: Any) -> None:
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(297), Mm(210)


def table(doc: Any, head: list[list[str]], rows: list[list[Any]]) -> Any:
    """A table with ``head`` rows ('<' merges with the cell to the left, '^' with the one above)
    and body rows (same marks; a str row is a phase row merged across)."""
    width = len(head[0])
    t = doc.add_table(rows=0, cols=width)
    t.style = "Table Grid"
    for line in [*head, *rows]:
        cells = t.add_row().cells
        if isinstance(line, str):
            cells[0].merge(cells[-1]).paragraphs[0].add_run(line).bold = True
            continue
        for k, value in enumerate(line):
            if value in ("<", "^"):
                continue
            cell = cells[k]
            for n, piece in enumerate(str(value).split("\n")):
                (cell.paragraphs[0] if n == 0 else cell.add_paragraph()).add_run(piece)
        k = 0
        while k < len(line):
            end = k
            while end + 1 < len(line) and line[end + 1] == "<":
                end += 1
            if end > k:
                cells[k].merge(cells[end])
            k = end + 1
    # vertical merges last, so the grid is complete
    all_rows = [*head, *rows]
    for r, line in enumerate(all_rows):
        if isinstance(line, str):
            continue
        for k, value in enumerate(line):
            if value == "^":
                top = r - 1
                while top > 0 and not isinstance(all_rows[top], str) and all_rows[top][k] == "^":
                    top -= 1
                t.cell(top, k).merge(t.cell(r, k))
    return t


def save(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def new() -> Any:
    doc = Document()
    return doc


__all__ = ["WD_ALIGN_PARAGRAPH", "bullets", "header", "heading", "landscape", "lines_par", "new", "save",
           "signature", "split_bold", "table", "textbox"]
