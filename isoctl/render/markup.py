"""The line markup that templates produce and the layout code consumes.

A template renders to plain text, one block per line; blank lines are ignored. A line is:

Header of a document part (anywhere before the body; one value each):
  ``[parent UBND THÀNH PHỐ HÀ NỘI]``  parent body (printed UPPER, regular)
  ``[agency SỞ VĂN HÓA VÀ THỂ THAO]``  issuing body (printed UPPER, bold, short rule under it);
                                       ``[agency Sở Khoa học | và Công nghệ]`` gives its lines
                                       (``agency.name_lines``); without ``|`` a name too long
                                       for its column is broken where it reads well (so is a
                                       parent's)
  ``[number 359/KH-SVHTT]``           the number row; a draft writes ``[number /KH-SVHTT]``
                                       and the layout leaves room for the number
  ``[date Hà Nội, ngày 18 tháng 5 năm 2023]``   the italic place-date line
  ``[type KẾ HOẠCH]``                 the document type name, UPPER bold
  ``[title Rà soát, …]``              the trích yếu, bold, short rule under it

Body:
  ``[basis] Thực hiện …``   a basis line, italic; consecutive basis lines end with ";" and the
                           last with "." (endings already written are replaced)
  ``# MỤC ĐÍCH, YÊU CẦU``   section heading, numbered ``I.``, ``II.`` … and printed UPPER bold
  ``## Mục đích``          sub-heading, numbered ``1.``, ``2.`` … within its section, bold
  ``### …``                third level, numbered ``1.1.`` …, bold italic
  ``[h1] I. MỤC ĐÍCH``     a heading printed as written (levels h1, h2, h3: no number added)
  ``[run-in 3. Địa điểm áp dụng:] tại Sở …``   a paragraph opening with a bold run-in heading
  ``- text`` / ``+ text``  bullet paragraphs (the mark is kept, as Vietnamese documents do)
  ``a) text``              a lettered item (letters as written: a b c d đ e g h i k …)
  ``Điều 1. text``         a decision article: "Điều 1." bold
  ``[center] text`` / ``[center bold] text`` / ``[center italic] text``   a centred line
  ``[label] Phụ lục I``    appendix label, UPPER bold 14, centred
  ``[heading] TEXT``       appendix title, UPPER bold, centred
  ``[note] (Kèm theo …)``  italic centred line under an appendix title
  ``[table 1,6,3,3,4,2]``  a table with relative column widths (``[table auto]``: widths
                           by content, the columns counted in the header row); the next ``|``-row is the
                           header (bold, repeated on every page), then rows ``| a | b | … |``
                           until ``[/table]``. In a cell ``\\n`` is a line break, ``\\|`` a
                           literal bar, and a cell holding only ``^`` merges with the cell above.
                           A row with a single cell spans the whole table (a bold group row);
                           a row of two cells in a wider table is a bold group row whose second
                           cell spans the rest ("| I | Áp dụng … |").
  ``[signature]`` … ``[/signature]``   the block beside "Nơi nhận:"; inside it
                           ``[recipient] text`` (printed "- text;", the last "- text."),
                           ``[sign] KT. GIÁM ĐỐC`` (UPPER bold lines) and ``[name] Đỗ Đình Hồng``
  ``[appendix]``           a new section for an appendix on a new page, numbered on its own from 1
                           (Decree 30 Phụ lục I, III.1.đ): landscape when one of its
                           tables has 6 or more columns; ``[appendix landscape]`` /
                           ``[appendix portrait]`` choose
  ``[attach]``             a new document part on a new page (page numbers restart), e.g. the
                           plan attached to the decision that issues it; it has its own header
  ``[pagebreak]``          a page break
  anything else            a body paragraph (justified, first-line indent)

``[`` at the start of a line that is none of the above is an error, so a typo in a
directive is reported with its line instead of being printed.
"""

from __future__ import annotations

from isoctl.lazyre import lazy
from isoctl.records import dataclass, field

HEADER_KEYS = ("parent", "agency", "number", "date", "type", "title")


class MarkupError(ValueError):
    """A line the layout cannot place; ``line`` is 1-based in the rendered text."""

    def __init__(self, message: str, message_vi: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.message_vi = message_vi
        self.line = line


@dataclass
class Block:
    kind: str
    text: str = ""
    level: int = 0
    style: str = ""
    line: int = 0


@dataclass
class Table:
    widths: list[float]          # relative; empty for ``[table auto]``: the layout sizes by content
    rows: list[list[str]] = field(default_factory=list)
    line: int = 0
    kind: str = "table"

    @property
    def columns(self) -> int:
        return len(self.widths) if self.widths else len(self.rows[0]) if self.rows else 0


@dataclass
class Signature:
    recipients: list[str] = field(default_factory=list)
    sign: list[str] = field(default_factory=list)
    name: str | None = None
    line: int = 0
    kind: str = "signature"


@dataclass
class Section:
    """A run of blocks on pages of one orientation."""

    orientation: str = "portrait"  # portrait | landscape | auto
    blocks: list[Block | Table | Signature] = field(default_factory=list)


@dataclass
class Part:
    """One document: its header and its sections (the first holds the title and body)."""

    header: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=lambda: [Section()])


_DIRECTIVE = lazy(r"^\[(?P<name>[a-z0-9/-]+)(?:[ ](?P<arg>[^\]]*))?\](?:[ ]?(?P<rest>.*))?$")
_LETTER = lazy(r"^([a-zđ])\)\s+")
_ARTICLE = lazy(r"^(Điều\s+\d+[a-zđ]?\.)\s*")
_BODY_DIRECTIVES = {"h1", "h2", "h3", "run-in", "basis", "center", "label", "heading", "note", "table", "/table", "signature",
                    "/signature", "recipient", "sign", "name", "appendix", "attach", "pagebreak"}


def parse(text: str) -> list[Part]:
    """Parse rendered template text into document parts."""
    parts = [Part()]
    table: Table | None = None
    sig: Signature | None = None
    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        part, section = parts[-1], parts[-1].sections[-1]
        if table is not None:
            if line == "[/table]":
                if not table.rows:
                    raise MarkupError("a table needs at least a header row",
                                      "bảng cần ít nhất một dòng tiêu đề", table.line)
                table = None
            elif line.startswith("|"):
                table.rows.append(split_row(line, no, table.columns or None))
            else:
                raise MarkupError("inside [table] every line is a row '| … |' until [/table]",
                                  "trong [table] mỗi dòng là một hàng '| … |' cho đến [/table]", no)
            continue
        m = _DIRECTIVE.match(line)
        if line.startswith("[") and m is None:
            raise MarkupError(f"not a directive: {line[:40]!r}", f"chỉ thị không hợp lệ: {line[:40]!r}", no)
        if m is not None:
            name, arg, rest = m["name"], (m["arg"] or "").strip(), (m["rest"] or "").strip()
            if sig is not None and name not in ("recipient", "sign", "name", "/signature"):
                raise MarkupError("inside [signature] only [recipient], [sign] and [name] lines",
                                  "trong [signature] chỉ có các dòng [recipient], [sign], [name]", no)
            if name in HEADER_KEYS:
                if not line.endswith("]"):
                    raise MarkupError(f"write [{name} …] on one line: the value goes inside the brackets",
                                      f"viết [{name} …] trên một dòng: giá trị nằm trong ngoặc", no)
                part.header[name] = line[len(name) + 2:-1].strip()
            elif name not in _BODY_DIRECTIVES:
                raise MarkupError(f"unknown directive [{name}]", f"chỉ thị [{name}] không được hỗ trợ", no)
            elif name in ("h1", "h2", "h3"):
                section.blocks.append(Block("heading", rest or arg, level=int(name[1]), style="as-written", line=no))
            elif name == "run-in":
                section.blocks.append(Block("run-in", rest, style=arg, line=no))
            elif name == "basis":
                section.blocks.append(Block("basis", rest or arg, line=no))
            elif name == "center":
                if arg not in ("", "bold", "italic"):
                    raise MarkupError("[center] takes bold or italic", "[center] nhận bold hoặc italic", no)
                section.blocks.append(Block("center", rest, style=arg, line=no))
            elif name in ("label", "heading", "note"):
                section.blocks.append(Block(name, rest or arg, line=no))
            elif name == "table":
                table = Table(_widths(arg, no), line=no)
                section.blocks.append(table)
            elif name == "signature":
                sig = Signature(line=no)
                section.blocks.append(sig)
            elif name == "/signature":
                if sig is None:
                    raise MarkupError("[/signature] without [signature]", "[/signature] thiếu [signature]", no)
                sig = None
            elif name in ("recipient", "sign", "name"):
                if sig is None:
                    raise MarkupError(f"[{name}] belongs inside [signature] … [/signature]",
                                      f"[{name}] phải nằm trong [signature] … [/signature]", no)
                value = rest or arg
                if name == "recipient":
                    sig.recipients.append(value)
                elif name == "sign":
                    sig.sign.append(value)
                else:
                    sig.name = value
            elif name == "appendix":
                if arg not in ("", "landscape", "portrait"):
                    raise MarkupError("[appendix] takes landscape or portrait",
                                      "[appendix] nhận landscape hoặc portrait", no)
                if not part.header and not section.blocks and len(part.sections) == 1:
                    section.orientation = arg or "auto"  # a document that is only an appendix
                else:
                    part.sections.append(Section(orientation=arg or "auto"))
            elif name == "attach":
                parts.append(Part())
            elif name == "pagebreak":
                section.blocks.append(Block("pagebreak", line=no))
            else:  # "/table" outside a table
                raise MarkupError("[/table] without [table]", "[/table] thiếu [table]", no)
            continue
        if sig is not None:
            raise MarkupError("inside [signature] only [recipient], [sign] and [name] lines",
                              "trong [signature] chỉ có các dòng [recipient], [sign], [name]", no)
        if line.startswith("#"):
            hashes = len(line) - len(line.lstrip("#"))
            if hashes > 3 or not line[hashes:hashes + 1] == " ":
                raise MarkupError("a heading is '# ', '## ' or '### ' and its text",
                                  "đề mục viết '# ', '## ' hoặc '### ' rồi đến nội dung", no)
            section.blocks.append(Block("heading", line[hashes + 1:].strip(), level=hashes, line=no))
        elif line.startswith(("- ", "+ ")):
            section.blocks.append(Block("bullet", line, line=no))
        elif _LETTER.match(line):
            section.blocks.append(Block("item", line, line=no))
        elif (a := _ARTICLE.match(line)) is not None:
            section.blocks.append(Block("article", line[a.end():], style=a[1], line=no))
        else:
            section.blocks.append(Block("para", line, line=no))
    if table is not None:
        raise MarkupError("[table] is not closed with [/table]", "[table] chưa được đóng bằng [/table]", table.line)
    if sig is not None:
        raise MarkupError("[signature] is not closed with [/signature]",
                          "[signature] chưa được đóng bằng [/signature]", sig.line)
    return parts


def _widths(arg: str, no: int) -> list[float]:
    if arg == "auto":
        return []
    try:
        widths = [float(w) for w in arg.split(",")] if arg else []
    except ValueError:
        widths = []
    if not widths or any(w <= 0 for w in widths):
        raise MarkupError("[table] needs relative column widths, e.g. [table 1,6,3,3,4,2]",
                          "[table] cần độ rộng tương đối của các cột, ví dụ [table 1,6,3,3,4,2]", no)
    return widths


def split_row(line: str, no: int, columns: int | None) -> list[str]:
    """``| a | b\\|c |`` → ``["a", "b|c"]``; a single cell spans the table. ``columns`` is none
    for the header row of an ``auto`` table, which sets the number of columns."""
    body = line.strip()
    cells: list[str] = []
    cur: list[str] = []
    i = 1
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            cur.append({"n": "\n", "|": "|", "\\": "\\"}.get(nxt, "\\" + nxt))
            i += 2
            continue
        if ch == "|":
            cells.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
        i += 1
    if "".join(cur).strip() or not cells:
        raise MarkupError("a table row starts and ends with '|'", "một hàng của bảng bắt đầu và kết thúc bằng '|'", no)
    if columns is not None and len(cells) not in (1, 2, columns):
        raise MarkupError(f"this row has {len(cells)} cells, the table has {columns} columns",
                          f"hàng này có {len(cells)} ô, bảng có {columns} cột", no)
    return cells


def escape_cell(value: object) -> str:
    """Text made safe for one table cell: bars and backslashes escaped, newlines as ``\\n``."""
    text = "" if value is None else str(value)
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "\n").replace("\n", "\\n"))
