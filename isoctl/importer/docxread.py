"""A DOCX body as a flat list of numbered paragraphs and tables, the way a reader sees it.

Paragraph text keeps manual line breaks (``\\n``) and tabs (``\\t``); runs split anywhere (a bold
run ending mid-word) are joined; deleted revisions, field codes and the VML fallback copies of
drawings are skipped. Text boxes (the motto is often one) are collected apart. Automatic list
numbering is turned into the label Word shows ("a)", "1.", "-"). Table cells know their grid
position, their column span and whether they continue a vertical merge.

The package is opened with :mod:`zipfile` and :mod:`lxml` alone, following its relationships as
python-docx does (the main part, its numbering part, the custom properties), with python-docx's
own parser settings; python-docx itself, whose import and proxies cost a cold ``import docx`` more
than reading the document, is not needed to read one.
"""

from __future__ import annotations

import io
import posixpath
import unicodedata
import zipfile
from typing import Any

from isoctl.lazyre import lazy
from isoctl.records import dataclass, field

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PKG_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_MAIN_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_HEADING_STYLE = lazy(r"(?i)^(heading|title|tieude|u)\s*\d*$")
_SKIP = {_W + "txbxContent", _W + "del", _W + "instrText", _W + "delText", f"{{{MC}}}Fallback",
         _W + "footnoteReference", _W + "commentReference"}


@dataclass
class Para:
    index: int           # 1-based, body paragraphs and table cells' paragraphs not counted
    text: str
    bold: bool = False
    centred: bool = False
    section: int = 0
    landscape: bool = False
    heading: bool = False   # in a heading style (Heading 1–9, Title)

    def where(self) -> str:
        from isoctl.i18n import tr

        return tr("paragraph {n}", "đoạn {n}", n=self.index)


@dataclass
class Cell:
    text: str
    row: int
    col: int
    span: int = 1
    continued: bool = False   # continues a vertical merge: same as the cell above
    bold: bool = False
    lines: list[tuple[str, bool]] = field(default_factory=list)   # each paragraph's text, bold or not


@dataclass
class Table:
    index: int           # 1-based among the body's tables
    rows: list[list[Cell]]
    section: int = 0
    landscape: bool = False
    after_para: int = 0  # the number of the paragraph before it
    widths: list[int] = field(default_factory=list)   # the grid's column widths (twips)

    def where(self, r: int | None = None, c: int | None = None) -> str:
        from isoctl.i18n import tr

        if r is None:
            return tr("table {t}", "bảng {t}", t=self.index)
        if c is None:
            return tr("table {t}, row {r}", "bảng {t}, dòng {r}", t=self.index, r=r + 1)
        return tr("table {t}, row {r}, column {c}", "bảng {t}, dòng {r}, cột {c}", t=self.index, r=r + 1, c=c + 1)


@dataclass
class Body:
    blocks: list[Para | Table]
    textboxes: list[str] = field(default_factory=list)
    identity: dict[str, Any] | None = None
    paragraphs: int = 0


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class _Numbering:
    """Labels of automatic numbering: numId/ilvl → counters and lvlText."""

    def __init__(self, root: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        if root is None:
            return
        abstract = {}
        for an in root.findall(_W + "abstractNum"):
            lv = {}
            for lvl in an.findall(_W + "lvl"):
                ilvl = int(lvl.get(_W + "ilvl", "0"))
                fmt = lvl.find(_W + "numFmt")
                txt = lvl.find(_W + "lvlText")
                start = lvl.find(_W + "start")
                lv[ilvl] = (fmt.get(_W + "val") if fmt is not None else "decimal",
                            txt.get(_W + "val") if txt is not None else "%1.",
                            int(start.get(_W + "val")) if start is not None else 1)
            abstract[an.get(_W + "abstractNumId")] = lv
        for num in root.findall(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(_W + "val"), {}).items():
                self.levels[(num.get(_W + "numId"), ilvl)] = spec

    def label(self, num_id: str, ilvl: int) -> str:
        spec = self.levels.get((num_id, ilvl))
        if spec is None:
            return ""
        fmt, text, start = spec
        key = (num_id, ilvl)
        self.counters[key] = self.counters.get(key, start - 1) + 1
        for (nid, lv) in list(self.counters):
            if nid == num_id and lv > ilvl:
                del self.counters[(nid, lv)]
        if fmt == "bullet":
            return "-" if text.strip() in ("", "-", "–", "\uf02d", "\u2013") else "-"
        out = text
        for lv in range(ilvl + 1):
            n = self.counters.get((num_id, lv), self.levels.get((num_id, lv), ("decimal", "", 1))[2])
            f = self.levels.get((num_id, lv), ("decimal", "", 1))[0]
            out = out.replace(f"%{lv + 1}", _format_number(n, f))
        return out


_LETTERS = "abcdefghiklmnopqrstuvxy"  # Vietnamese lists skip j, w, z (and Word's own sequence is close enough)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("upperRoman", "lowerRoman"):
        vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        out, k = "", n
        for v, s in vals:
            while k >= v:
                out, k = out + s, k - v
        return out if fmt == "upperRoman" else out.lower()
    return str(n)


def _text_of(el: Any) -> tuple[str, int, int]:
    """Text of a paragraph-like element: (text, bold characters, all characters)."""
    parts: list[str] = []
    bold = total = 0

    def walk(node: Any, is_bold: bool) -> None:
        nonlocal bold, total
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _W + "r":
                rpr = child.find(_W + "rPr")
                b = False
                if rpr is not None:
                    bel = rpr.find(_W + "b")
                    b = bel is not None and bel.get(_W + "val", "true") not in ("0", "false", "off")
                walk(child, b)
            elif tag == _W + "t":
                t = child.text or ""
                parts.append(t)
                n = len("".join(t.split()))   # the characters that are not white space
                total += n
                if is_bold:
                    bold += n
            elif tag == _W + "tab":
                parts.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                if child.get(_W + "type") != "page":
                    parts.append("\n")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            elif tag == _W + "sym":
                parts.append("")
            elif tag in (_W + "pPr", _W + "rPr"):
                continue
            else:
                walk(child, is_bold)

    walk(el, False)
    return _nfc("".join(parts)), bold, total


def _textboxes(root: Any) -> list[str]:
    out = []
    for box in root.iter(_W + "txbxContent"):
        lines = [_text_of(p)[0].strip() for p in box.iter(_W + "p")]
        text = "\n".join(x for x in lines if x)
        if text and text not in out:
            out.append(text)
    return out


def _landscape(sect: Any) -> bool:
    if sect is None:
        return False
    size = sect.find(_W + "pgSz")
    if size is None:
        return False
    if size.get(_W + "orient") == "landscape":
        return True
    try:
        return int(size.get(_W + "w", "0")) > int(size.get(_W + "h", "0")) > 0
    except ValueError:
        return False


def read(data: bytes) -> Body:
    """The body of the DOCX in ``data`` (checked by :mod:`.safety` first)."""
    package = _Package(data)
    document = package.main()
    numbering = _Numbering(package.related(document, "numbering"))
    body_el = document[1].find(_W + "body")
    if body_el is None:
        raise ValueError("no w:body")
    blocks: list[Para | Table] = []
    section = 0
    para_no = table_no = 0
    sections: list[Any] = []
    for el in body_el:
        if el.tag == _W + "p":
            ppr = el.find(_W + "pPr")
            sect = ppr.find(_W + "sectPr") if ppr is not None else None
            if sect is not None:
                sections.append(sect)
    sections.append(body_el.find(_W + "sectPr"))
    for el in body_el:
        if el.tag == _W + "p":
            para_no += 1
            text, bold, total = _text_of(el)
            ppr = el.find(_W + "pPr")
            label = ""
            centred = heading = False
            if ppr is not None:
                num = ppr.find(_W + "numPr")
                if num is not None:
                    nid, lvl = num.find(_W + "numId"), num.find(_W + "ilvl")
                    if nid is not None and nid.get(_W + "val") not in (None, "0"):
                        label = numbering.label(nid.get(_W + "val"), int(lvl.get(_W + "val")) if lvl is not None else 0)
                jc = ppr.find(_W + "jc")
                centred = jc is not None and jc.get(_W + "val") == "center"
                style = ppr.find(_W + "pStyle")
                if style is not None and _HEADING_STYLE.match(style.get(_W + "val", "")):
                    bold, total = max(bold, total, 1), max(total, 1)   # a heading style: a heading, bold or not
                    heading = True
            if label and text.strip():
                text = f"{label} {text.lstrip()}"
            blocks.append(Para(para_no, text, total > 0 and bold >= 0.6 * total, centred, section,
                               _landscape(sections[min(section, len(sections) - 1)]), heading))
            if ppr is not None and ppr.find(_W + "sectPr") is not None:
                section += 1
        elif el.tag == _W + "tbl":
            table_no += 1
            blocks.append(Table(table_no, _grid(el), section, _landscape(sections[min(section, len(sections) - 1)]),
                                para_no, _widths(el)))
        elif el.tag == _W + "sdt":
            content = el.find(_W + "sdtContent")
            if content is not None:
                for p in content.iter(_W + "p"):
                    para_no += 1
                    text, bold, total = _text_of(p)
                    blocks.append(Para(para_no, text, total > 0 and bold >= 0.6 * total, False, section))
    return Body(blocks, _textboxes(body_el), _identity(package), para_no)


def _widths(tbl: Any) -> list[int]:
    grid = tbl.find(_W + "tblGrid")
    out = []
    for col in grid.findall(_W + "gridCol") if grid is not None else ():
        try:
            out.append(int(float(col.get(_W + "w", "0"))))
        except ValueError:
            out.append(0)
    return out


def _grid(tbl: Any) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for r, tr in enumerate(tbl.findall(_W + "tr")):
        row: list[Cell] = []
        col = 0
        for tc in tr.findall(_W + "tc"):
            tcpr = tc.find(_W + "tcPr")
            span, continued = 1, False
            if tcpr is not None:
                gs = tcpr.find(_W + "gridSpan")
                if gs is not None:
                    try:
                        span = max(1, int(gs.get(_W + "val", "1")))
                    except ValueError:
                        span = 1
                vm = tcpr.find(_W + "vMerge")
                continued = vm is not None and vm.get(_W + "val", "continue") == "continue"
            lines, bold, total = [], 0, 0
            marked: list[tuple[str, bool]] = []
            for p in tc.findall(_W + "p"):
                t, b, n = _text_of(p)
                lines.append(t)
                marked.extend((x, n > 0 and b >= 0.6 * n) for x in t.split("\n"))
                bold += b
                total += n
            for inner in tc.findall(_W + "tbl"):  # a table in a cell: its text, row by row
                for irow in _grid(inner):
                    lines.append(" ".join(c.text for c in irow if c.text))
            text = "\n".join(lines).strip()
            row.append(Cell(text, r, col, span, continued, total > 0 and bold >= 0.6 * total, marked))
            col += span
        rows.append(row)
    return rows


class _Package:
    """The parts of an OPC package that reading a body needs, found by their relationships."""

    # python-docx's parser settings: blank text between elements dropped, no entities resolved
    _PARSER = None

    def __init__(self, data: bytes) -> None:
        from lxml import etree

        if _Package._PARSER is None:
            _Package._PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
        self.etree = etree
        self.zip = zipfile.ZipFile(io.BytesIO(data))

    def xml(self, partname: str) -> Any:
        return self.etree.fromstring(self.zip.read(partname.lstrip("/")), self._PARSER)

    def rels(self, partname: str) -> list[tuple[str, str]]:
        """(type, target part name) of the internal relationships of ``partname`` ('/' for the package)."""
        base, name = posixpath.split(partname)
        rels_name = posixpath.join(base, "_rels", f"{name}.rels")
        if rels_name.lstrip("/") not in self.zip.NameToInfo:
            return []
        out = []
        for rel in self.xml(rels_name).iter(_PKG_RELS + "Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            out.append((rel.get("Type", ""), posixpath.abspath(posixpath.join(base, rel.get("Target", "")))))
        return out

    def main(self) -> tuple[str, Any]:
        """The main document part: its name and root element; a ValueError if it is not a Word body."""
        name = next((t for kind, t in self.rels("/") if kind == _RT + "officeDocument"), None)
        if name is None:
            raise ValueError("no main document part")
        types = self.xml("/[Content_Types].xml")
        ext = {d.get("Extension", "").lower(): d.get("ContentType") for d in types.iter(_PKG_TYPES + "Default")}
        over = {o.get("PartName", "").lower(): o.get("ContentType") for o in types.iter(_PKG_TYPES + "Override")}
        kind = over.get(name.lower(), ext.get(posixpath.splitext(name)[1][1:].lower()))
        if kind != _MAIN_CT:
            raise ValueError(f"not a Word document body: {kind}")
        return name, self.xml(name)

    def related(self, part: tuple[str, Any], kind: str) -> Any:
        """The root element of the part ``part`` relates to as ``kind``, or None."""
        name = next((t for k, t in self.rels(part[0]) if k == _RT + kind), None)
        return None if name is None else self.xml(name)


def _identity(package: _Package) -> dict[str, Any] | None:
    """The record of ids isoctl's renderer leaves in the custom document properties, if any."""
    import json

    from isoctl.render.identity import PROPERTY

    for kind, name in package.rels("/"):
        if kind == _RT + "custom-properties":
            etree = package.etree
            try:
                root = etree.fromstring(package.zip.read(name.lstrip("/")),
                                        etree.XMLParser(resolve_entities=False, no_network=True))
            except (etree.XMLSyntaxError, KeyError):
                return None
            for prop in root:
                if prop.get("name") == PROPERTY:
                    text = "".join(prop.itertext())
                    try:
                        value = json.loads(text)
                    except ValueError:
                        return None
                    return value if isinstance(value, dict) else None
    return None
