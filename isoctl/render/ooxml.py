"""The order of the property elements the renderer writes, from the WordprocessingML schema
(ECMA-376 Part 1, transitional: ``wml.xsd``), and a helper that puts a child in its place.

Word refuses or repairs a file whose ``w:pPr``, ``w:rPr``, ``w:tblPr``, ``w:sectPr``… children
are out of sequence or repeated; LibreOffice is lenient, so the order is checked by a test
(``tests/render/test_ooxml_order.py``) for every document the renderer writes.
"""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# CT_PPrBase, then CT_PPr's rPr, sectPr, pPrChange
PPR = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
       "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
       "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
       "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
       "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
       "sectPr", "pPrChange")
# EG_RPrBase, then rPrChange (CT_RPr); a paragraph mark's CT_ParaRPr opens with ins/del/moveFrom/moveTo
RPR = ("ins", "del", "moveFrom", "moveTo", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps",
       "strike", "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
       "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
       "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish",
       "oMath", "rPrChange")
TBLPR = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
         "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
         "tblCaption", "tblDescription", "tblPrChange")
SECTPR = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
          "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
          "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")
TCPR = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
        "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
        "tcPrChange")
# CT_TrPrBase is a choice, any order, but each property once
TRPR = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
        "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange")
TBLBORDERS = ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV")
TBLCELLMAR = ("top", "left", "start", "bottom", "right", "end")
PBDR = ("top", "left", "bottom", "right", "between", "bar")
STYLE = ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
         "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid", "pPr",
         "rPr", "tblPr", "trPr", "tcPr", "tblStylePr")

# element -> (its children's sequence, whether the order matters)
SEQUENCES: dict[str, tuple[tuple[str, ...], bool]] = {
    "pPr": (PPR, True), "rPr": (RPR, True), "tblPr": (TBLPR, True), "sectPr": (SECTPR, True),
    "tcPr": (TCPR, True), "trPr": (TRPR, False), "tblBorders": (TBLBORDERS, True),
    "tblCellMar": (TBLCELLMAR, True), "pBdr": (PBDR, True), "style": (STYLE, True),
}
# children that may repeat (one per type: default, first, even)
REPEATABLE = {("sectPr", "headerReference"), ("sectPr", "footerReference"), ("style", "tblStylePr")}


def local(tag: str) -> str:
    return tag[len(W):] if tag.startswith(W) else tag


def place(parent: Any, child: Any) -> Any:
    """Put ``child`` into ``parent`` where the schema's sequence puts it, replacing a child of the
    same name (a property is set once)."""
    order = SEQUENCES[local(parent.tag)][0]
    name = local(child.tag)
    rank = order.index(name)
    for old in parent.findall(child.tag):
        parent.remove(old)
    for i, sibling in enumerate(parent):
        other = local(sibling.tag)
        if other in order and order.index(other) > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def problems(root: Any, part: str = "") -> list[str]:
    """Every child out of its schema order or repeated, under ``root`` (an lxml element)."""
    out: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or not el.tag.startswith(W):
            continue
        name = local(el.tag)
        if name not in SEQUENCES:
            continue
        order, ordered = SEQUENCES[name]
        last = -1
        seen: set[str] = set()
        for child in el:
            if not isinstance(child.tag, str):
                continue
            cname = local(child.tag)
            where = f"{part}: w:{name}/w:{cname}"
            if not child.tag.startswith(W) or cname not in order:
                out.append(f"{where} is not a child the schema allows here")
                continue
            if cname in seen and (name, cname) not in REPEATABLE:
                out.append(f"{where} appears twice")
            seen.add(cname)
            rank = order.index(cname)
            if ordered and rank < last:
                out.append(f"{where} comes after w:{order[last]}")
            last = max(last, rank)
    return out
