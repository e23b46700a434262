"""Place what a plan document says into the fields of a plan, noting every guess.

The document is read top to bottom: the header (table or paragraphs), the type and trích yếu,
the basis paragraphs, the Roman sections and their numbered subsections, the task list or
tables, Nơi nhận and the signature, the appendix. Each value keeps the paragraph or table cell
it came from; whatever cannot be placed is kept as a comment in the plan file and listed in the
summary (exit 1), never dropped.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Any

from isoctl.diagnostics import IsoctlError
from isoctl.i18n import tr
from isoctl.importer import docxread, safety
from isoctl.importer.docxread import Body, Para, Table
from isoctl.importer.units import Registry, slug
from isoctl.lazyre import lazy
from isoctl.plan import citations
from isoctl.plan.schedule import ScheduleError, parse_schedule
from isoctl.records import dataclass, field

TYPE_CODES = {"KẾ HOẠCH": "KH", "QUYẾT ĐỊNH": "QĐ", "BÁO CÁO": "BC", "THÔNG BÁO": "TB", "TỜ TRÌNH": "TTr",
              "CHƯƠNG TRÌNH": "CTr", "HƯỚNG DẪN": "HD"}
_ROMAN = r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_HEAD = lazy(rf"^\s*({_ROMAN})\s*[.\-–:]\s*(\S.*)$")
_NUM_HEAD = lazy(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,2})\s*[.)]?\s+(\S.*)$")
_LETTER = lazy(r"^\s*([a-zđ])\s*\)\s*(\S.*)$", re.S)
_BULLET = lazy(r"^\s*[-–+•·*]\s*")
_NUMBER = lazy(r"(?i)^\s*Số\s*:?\s*(\S*?)\s*/\s*([A-ZĐ][A-Za-zĐđ]*)\s*-\s*([A-ZĐ][A-ZĐ0-9&\-]*)\s*$")
_DATE = lazy(r"(?i)^\s*([^,\d]{2,40}?)\s*,\s*ngày\s*(\d{0,2})\s*(?:tháng|/)\s*(\d{0,2})\s*(?:năm|/)\s*(\d{4})\s*$")
_NATION = lazy(r"(?i)cộng\s+hòa\s+xã\s+hội|cộng\s+hoà\s+xã\s+hội|độc\s+lập\s*[-–]\s*tự\s+do")
_RULE = lazy(r"^[\s_\-–—=.*]*$")
_AUTHORITY = lazy(r"^(KT|TM|Q|TL|TUQ)\s*\.\s*(.+)$")
_FIELD = lazy(r"(?i)^\s*[-–+•]?\s*(đơn vị chủ trì|chủ trì|cơ quan chủ trì|đơn vị thực hiện|cơ quan thực hiện|"
                    r"đơn vị phối hợp|cơ quan phối hợp|phối hợp|tham gia|thời gian thực hiện|thời gian hoàn thành|"
                    r"thời gian|thời hạn|tiến độ|kết quả|sản phẩm|kết quả đạt được|ghi chú)\s*:\s*(.*)$")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _clean(text: str) -> str:
    """One line: manual breaks and tabs are spaces, runs of spaces one."""
    return " ".join(_nfc(text).replace("\t", " ").split())


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


class NotAPlan(IsoctlError):
    """A readable DOCX that is not a plan (a letter, a report)."""


@dataclass
class Note:
    where: str
    text: str
    kind: str = "guess"   # guess | unplaced


@dataclass
class ImportResult:
    plan: dict[str, Any]
    comments: dict[tuple[Any, ...], list[str]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    read: dict[str, int] = field(default_factory=dict)
    unplaced: list[Note] = field(default_factory=list)
    identity_used: bool = False

    @property
    def complete(self) -> bool:
        return not self.unplaced


def import_docx(path: str) -> ImportResult:
    """Read the plan document at ``path``; refuses what is not a plan with a clear message."""
    data = safety.check(path)
    try:
        body = docxread.read(data)
    except IsoctlError:
        raise
    except Exception:  # python-docx/lxml on a damaged part
        raise IsoctlError(tr("the file is damaged: its text cannot be read", "tệp bị hỏng: không đọc được nội dung"),
                          file=str(path), hint=tr("open it in Word and save it again", "hãy mở bằng Word rồi lưu lại")) from None
    return Reader(body, str(path)).run()


_TASK_HEADS = {
    "tt": lazy(r"(?i)^(s\.?\s*tt|tt|số\s*tt|số thứ tự)\.?$"),
    "when": lazy(r"(?i)thời gian|thời hạn|tiến độ"),
    "outputs": lazy(r"(?i)kết quả|sản phẩm"),
    "annotation": lazy(r"(?i)ghi chú"),
    "partners": lazy(r"(?i)phối hợp|tham gia"),
    "lead": lazy(r"(?i)chủ trì|thực hiện|đơn vị|cơ quan|người phụ trách|phụ trách"),
    "content": lazy(r"(?i)nội dung|nhiệm vụ|hoạt động|công việc|tên"),
}


def _column_kind(text: str) -> str | None:
    t = _clean(text)
    if not t:
        return None
    if _TASK_HEADS["tt"].match(t):
        return "tt"
    for key in ("when", "outputs", "annotation", "partners"):
        if _TASK_HEADS[key].search(t):
            return key
    if _TASK_HEADS["content"].search(t) and not re.search(r"(?i)chủ trì|đơn vị thực hiện|cơ quan thực hiện", t):
        return "content"
    if _TASK_HEADS["lead"].search(t):
        return "lead"
    return None


class Reader:
    def __init__(self, body: Body, file: str) -> None:
        self.body = body
        self.file = file
        self.blocks = body.blocks
        self.notes: list[Note] = []
        self.unplaced: list[Note] = []
        self.comments: dict[tuple[Any, ...], list[str]] = {}
        self.plan: dict[str, Any] = {}
        self.units = Registry()
        self.identity = body.identity if isinstance(body.identity, dict) else None
        self.all_text = "\n".join(self._texts())
        self.year: int | None = None
        self.phase_labels: dict[str, str] = {}
        self.headings: dict[str, str] = {}
        self.views: dict[str, dict[str, Any]] = {}   # body / appendix: style and columns as written
        self.list_columns: list[dict[str, str]] = []

    # --- helpers --------------------------------------------------------------------------

    def _texts(self) -> list[str]:
        out = []
        for b in self.blocks:
            if isinstance(b, Para):
                out.append(b.text)
            else:
                out.extend(c.text for row in b.rows for c in row)
        return out

    def guess(self, path: tuple[Any, ...], text: str, where: str) -> None:
        self.notes.append(Note(where, text))
        self.comments.setdefault(path, []).append(tr("imported: {t}, {w}", "đã nhập: {t}, {w}", t=text, w=where))

    def keep(self, path: tuple[Any, ...], text: str, where: str) -> None:
        """Content that has no field: a comment at ``path`` and an entry in the summary."""
        self.unplaced.append(Note(where, text, "unplaced"))
        self.comments.setdefault(path, []).append(tr("imported, not placed ({w}): {t}", "đã nhập, chưa xếp được ({w}): {t}",
                                                     t=text, w=where))

    def recase(self, upper: str) -> str:
        """An upper-case heading as the document writes it elsewhere in mixed case."""
        text = _clean(upper)
        if not _is_upper(text):
            return text
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in text.split()) + r"(?!\w)", re.IGNORECASE)
        for m in pattern.finditer(self.all_text):
            found = " ".join(m.group(0).split())
            if not _is_upper(found):
                return found
        words = text.lower().split()
        keep = {"ubnd", "hđnd", "iso", "bcđ", "tcvn", "qlcl", "htqlcl", "ptnt", "kh&cn", "tthc", "cchc"}
        out = [w.upper() if w in keep else w for w in words]
        if out:
            out[0] = out[0][:1].upper() + out[0][1:]
        return " ".join(out)

    # --- the whole document ---------------------------------------------------------------

    def run(self) -> ImportResult:
        i = self._header()
        i = self._title(i)
        i = self._basis(i)
        self._sections(i)
        self._finish()
        read = {
            "citations": len(self.plan.get("basis", [])),
            "tasks": sum(len(p["tasks"]) for p in self.plan.get("phases", [])),
            "phases": len(self.plan.get("phases", [])),
            "units": len(self.plan.get("units", [])),
            "responsibilities": len(self.plan.get("responsibilities", [])),
            "recipients": len(self.plan.get("recipients", [])),
        }
        return ImportResult(self.plan, self.comments, self.notes, read, self.unplaced, self.identity is not None)

    # --- header ---------------------------------------------------------------------------

    def _header(self) -> int:
        """Parent, agency, number, place and date: from a header table or the first paragraphs."""
        lines: list[tuple[str, bool, str]] = []   # text, bold, where
        i = 0
        while i < len(self.blocks):
            b = self.blocks[i]
            if isinstance(b, Table):
                texts = " ".join(c.text for row in b.rows for c in row)
                if i > 2 or not (_NATION.search(texts) or re.search(r"(?i)\bSố\s*:", texts)):
                    break
                for r, row in enumerate(b.rows):
                    for c in row:
                        if c.continued:
                            continue
                        for line, bold in c.lines:
                            lines.append((line, bold, b.where(r, c.col)))
                i += 1
                continue
            text = _clean(b.text)
            if text.upper() in TYPE_CODES or re.match(r"(?i)^phụ lục\b", text):
                break
            if not text or _NATION.search(text) or _NUMBER.match(text) or _DATE.match(text) \
                    or (b.bold and _is_upper(text) and len(text) < 80) or "\t" in b.text:
                for part in re.split(r"\t+|\s{3,}", b.text) if "\t" in b.text else [b.text]:
                    lines.append((part, b.bold, b.where()))
                i += 1
                continue
            break
        for box in self.body.textboxes:
            for line in box.split("\n"):
                if not _NATION.search(line) and _clean(line) and not _RULE.match(line):
                    lines.append((line, False, tr("text box", "hộp văn bản")))
        names: list[tuple[str, bool, str]] = []
        agency: dict[str, Any] = {}
        doc: dict[str, Any] = {}
        for raw, bold, where in lines:
            text = _clean(raw)
            if not text or _RULE.match(text) or _NATION.search(text):
                continue
            m = _NUMBER.match(text)
            if m:
                number, doc["type"], agency["abbr"] = m.group(1), m.group(2), m.group(3)
                doc["number"] = int(number) if number.isdigit() else (number or None)
                continue
            d = _DATE.match(text)
            if d:
                if not re.fullmatch(r"[.…\s]*", d.group(1)):
                    agency["place"] = d.group(1).strip()
                self.year = int(d.group(4))
                if d.group(2) and d.group(3):
                    try:
                        doc["date"] = dt.date(int(d.group(4)), int(d.group(3)), int(d.group(2)))
                    except ValueError:
                        self.guess(("document", "date"), tr("the date '{t}' is not a real day; left blank",
                                                           "ngày '{t}' không có thật; để trống", t=text), where)
                continue
            names.append((text, bold, where))
        if names:
            bolds = [n for n in names if n[1]]
            if bolds and len(bolds) < len(names):
                first_bold = names.index(bolds[0])
                parent = [n[0] for n in names[:first_bold]]
                name = [n[0] for n in names[first_bold:] if n[1]]
            elif len(bolds) > 1 and _broken_by_layout([n[0] for n in names]):
                parent, name = [], [n[0] for n in names]  # one name, in the lines the renderer breaks it in
            else:
                parent = [n[0] for n in names[:-1]]
                name = [names[-1][0]]
                if len(names) > 1:
                    self.guess(("agency", "name"), tr("the last line of the header read as the issuing body, the lines "
                                                      "above it as the parent body",
                                                      "dòng cuối của phần đầu được đọc là cơ quan ban hành, các dòng "
                                                      "trên là cơ quan chủ quản"), names[-1][2])
            agency["name"] = self.recase(" ".join(name))
            if len(name) > 1 and not _broken_by_layout(name):
                # the document's own lines: the same words as the name, cut where the document cuts it
                words, lines = agency["name"].split(), []
                for line in name:
                    count = len(line.split())
                    lines.append(" ".join(words[:count]))
                    words = words[count:]
                agency["name_lines"] = lines
            if parent:
                agency["parent"] = self.recase(" ".join(parent))
        self.plan["agency"] = agency
        self.plan["document"] = doc
        return i

    # --- type and title -------------------------------------------------------------------

    def _title(self, i: int) -> int:
        doc = self.plan["document"]
        while i < len(self.blocks) and isinstance(self.blocks[i], Para) and not _clean(self.blocks[i].text):
            i += 1
        if i < len(self.blocks) and isinstance(self.blocks[i], Para):
            text = _clean(self.blocks[i].text)
            if text.upper() in TYPE_CODES:
                code = TYPE_CODES[text.upper()]
                if doc.get("type") and doc["type"] != code:
                    self.guess(("document", "type"), tr("the number says {n}, the heading '{t}'; kept {c}",
                                                        "số ký hiệu ghi {n}, tên loại ghi '{t}'; giữ {c}",
                                                        n=doc["type"], t=text, c=code), self.blocks[i].where())
                doc["type"] = code
                i += 1
                title: list[str] = []
                while i < len(self.blocks) and isinstance(self.blocks[i], Para):
                    p = self.blocks[i]
                    t = _clean(p.text)
                    if not t:
                        if title:
                            i += 1
                            break
                        i += 1
                        continue
                    if _RULE.match(t):
                        i += 1
                        if title:
                            break
                        continue
                    if re.match(r"(?i)^(căn cứ|thực hiện)\b", t) or _ROMAN_HEAD.match(t) and title:
                        break
                    if title and not (p.bold or p.centred):
                        break
                    title.append(t)
                    i += 1
                doc["title"] = " ".join(title)
                return i
            if re.match(r"(?i)^phụ lục\b", text):
                return self._appendix_only(i)
        raise NotAPlan(tr("this document is not a plan: it has no 'KẾ HOẠCH' heading under its header",
                          "văn bản này không phải kế hoạch: không có dòng 'KẾ HOẠCH' dưới phần đầu"),
                       file=self.file, hint=tr("import the Word file of a plan (Kế hoạch …)",
                                                "hãy nhập tệp Word của một kế hoạch (Kế hoạch …)"))

    def _appendix_only(self, i: int) -> int:
        """A file that is only 'Phụ lục I' of a plan: label, heading, the '(Kèm theo …)' note."""
        doc = self.plan["document"]
        label = _clean(self.blocks[i].text)
        heading: list[str] = []
        note = ""
        i += 1
        while i < len(self.blocks) and isinstance(self.blocks[i], Para):
            t = _clean(self.blocks[i].text)
            i += 1
            if not t:
                continue
            if t.startswith("("):
                note = t
                break
            heading.append(t)
        head = self.recase(" ".join(heading)) if heading else ""
        if head and _is_upper(" ".join(heading)):
            head = head[:1].upper() + head[1:].lower()
        if _is_upper(label):
            label = re.sub(r"(?i)^phụ lục", "Phụ lục", label)
        m = re.search(r"(?i)kèm theo\s+(kế hoạch|quyết định)(?:\s+số\s*:?\s*(\S*?)\s*/\s*([A-ZĐ]+)-([A-ZĐ0-9&]+))?"
                      r"(?:\s+ngày\s*[\d\s/]*?((?:19|20)\d\d)?)?\s+của\s+(.+?)(?:\s+năm\s+((?:19|20)\d\d))?\s*\)", note)
        doc["type"] = "KH"
        doc["appendix"] = label
        if m:
            if m.group(4):
                self.plan["agency"].setdefault("abbr", m.group(4))
            self.plan["agency"].setdefault("name", m.group(6).strip())
            if m.group(7) or m.group(5):
                self.year = int(m.group(7) or m.group(5))
            number = m.group(2) or ""
            doc["number"] = int(number) if number.isdigit() else None
            inner = note.strip()[1:-1].strip() if note.strip().endswith(")") else note.strip("() ")
            inner = inner[:1].lower() + inner[1:]
            blank = re.sub(r"\s+số\s*:?\s*/\s*[A-ZĐ]+-[A-ZĐ0-9&]+", "", inner)   # a draft's blank number
            blank = re.sub(r"\s+ngày\s*/\s*\d{1,2}\s*/\s*((?:19|20)\d\d)", "", blank)   # and blank day
            if blank != inner:
                if self.year and not re.search(r"năm\s+(19|20)\d\d", blank):
                    blank += f" năm {self.year}"
                self.guess(("document", "title"), tr("the title made from the appendix's lines without the draft's "
                                                     "blank number and date: '{n}'",
                                                     "trích yếu lấy từ các dòng của phụ lục, bỏ số và ngày để trống "
                                                     "của bản dự thảo: '{n}'", n=note), self.blocks[i - 1].where())
                inner = blank
            doc["title"] = f"{label} - {head} ({inner})" if head else f"{label} ({inner})"
        else:
            doc["title"] = f"{label} - {head}" if head else label
            if note:
                self.keep(("document",), note, self.blocks[i - 1].where())
        self.plan["_appendix_only"] = True
        self.appendix_text = {"label": label, "heading": " ".join(heading) or None, "note": note or None}
        return i

    # --- basis and intro ------------------------------------------------------------------

    def _basis(self, i: int) -> int:
        basis: list[dict[str, Any]] = []
        intro: list[str] = []
        while i < len(self.blocks):
            b = self.blocks[i]
            if isinstance(b, Table):
                break
            t = _clean(b.text)
            if _ROMAN_HEAD.match(t) and (b.bold or _is_upper(_ROMAN_HEAD.match(t).group(2))):
                break
            if not t:
                i += 1
                continue
            m = re.match(r"(?i)^(căn cứ|thực hiện)\s+(.*)$", t)
            if m and not intro:
                basis.extend(self._citations(m.group(1)[:1].upper() + m.group(1)[1:].lower(), m.group(2), b.where(),
                                             len(basis)))
                if basis and basis[-1].pop("_intro", None):
                    intro.append(basis[-1].pop("_intro_text"))
            else:
                intro.append(t)
            i += 1
        if basis:
            self.plan["basis"] = basis
        if intro:
            self.plan["intro"] = " ".join(intro)
        return i

    def _date_flags(self) -> dict[str, bool]:
        """Per citation of the id record: whether the plan spells its date out (``date_written``)."""
        basis = self.identity.get("basis") if self.identity else None
        return {str(b.get("cite")): bool(b.get("date_written")) for b in basis or () if isinstance(b, dict)}

    def _citations(self, word: str, text: str, where: str, first: int) -> list[dict[str, Any]]:
        """The citations of one basis paragraph; those inside another's subject stay in it."""
        own = self.plan.get("agency", {}).get("abbr") or ()
        found = list(citations.find(text, own))
        heads = []
        for c in found:
            start = c.kind_start if c.kind_start is not None else c.start
            before = text[:start].rstrip()
            if not before or before.endswith((";", ",", ".")) or re.search(r"(?i)(;|,)\s*(và|cùng)?$", before):
                heads.append((c, start))
        out: list[dict[str, Any]] = []
        for k, (c, _start) in enumerate(heads):
            end = heads[k + 1][1] if k + 1 < len(heads) else len(text)
            entry: dict[str, Any] = {"cite": c.cite}
            if k == 0:
                entry = {"intro": word, **entry}
            if c.kind:
                entry["kind"] = c.kind[:1].upper() + c.kind[1:]
            if c.date:
                entry["date"] = c.date
                written_date = re.sub(r"(?i)^ngày\s+", "", c.date_text or "").strip()
                flag = self._date_flags().get(c.cite)
                if written_date and (flag if flag is not None else written_date != citations.date_vi(c.date)):
                    entry["date_written"] = written_date
            pos = c.end
            if c.date_start is not None:
                dm = citations._DATE.match(text, c.end)
                pos = dm.end() if dm else pos
            if c.issuer:
                entry["issuer"] = c.issuer
                pos = c.issuer_start + len(c.issuer)
            about = text[pos:end].strip()
            about = re.sub(r"[;,.\s]+(và|cùng)?\s*$", "", about).strip()
            about = re.sub(r"^[,;]\s*", "", about)
            if k == len(heads) - 1:
                m = re.search(r",\s+((?:Sở|UBND|Ủy ban|Ban|Bộ|Văn phòng|Trung tâm|Cục|Chi cục|Thanh tra)\b[^;]*?"
                              r"(?:ban hành|xây dựng|triển khai)[^;]*:)\s*$", text[pos:])
                if m:
                    about = re.sub(r"[;,.\s]+$", "", text[pos:pos + m.start()]).strip()
                    entry["_intro"] = True
                    entry["_intro_text"] = m.group(1)
                    self.guess(("intro",), tr("the end of the last basis paragraph read as the intro sentence",
                                              "cuối đoạn căn cứ cuối cùng được đọc là câu dẫn"), where)
            about = re.sub(r"(?i)^về\s+", "", about)
            if about:
                entry["about"] = about
            out.append(entry)
        if not out:
            self.keep(("basis",), f"{word} {text}", where)
        return out

    # --- sections -------------------------------------------------------------------------

    def _sections(self, i: int) -> None:
        section = None      # purpose | requirements | content | scope | budget | org | other
        sub: str | None = None
        self.tasks_body: list[dict[str, Any]] = []
        self.tasks_appendix: list[dict[str, Any]] = []
        self.phases_body: list[dict[str, Any]] = []
        responsibilities: list[dict[str, Any]] = []
        scope_lines: list[tuple[str, str]] = []
        budget: list[str] = []
        purpose: list[str] = []
        requirements: list[str] = []
        in_appendix = False
        roman = ""
        self.current_task: dict[str, Any] | None = None
        while i < len(self.blocks):
            b = self.blocks[i]
            i += 1
            if isinstance(b, Table):
                if self._is_signature_table(b):
                    self._signature_table(b)
                    continue
                tasks = self._task_table(b)
                if tasks is None:
                    self.keep((), " | ".join(c.text for row in b.rows for c in row if c.text)[:200], b.where())
                    continue
                view = {"style": "table", "columns": self.last_columns}
                if in_appendix or self.plan.get("_appendix_only"):
                    self.views.setdefault("appendix", view)
                    if any(t.get("_phase") for t in tasks):
                        self.views["appendix"]["phase_rows"] = True
                for t in tasks:
                    t["_place"] = "appendix" if in_appendix else "body"
                if in_appendix:
                    self.tasks_appendix.extend(tasks)
                else:
                    if not self.plan.get("_appendix_only"):
                        self.views.setdefault("body", view)
                    for t in tasks:
                        if self.phase_title:
                            t.setdefault("_phase", self.phase_title)
                        if t.get("_tt"):
                            roman = t.get("_phase_roman")
                            t["label"] = f"{roman}.{t['_tt']}" if roman else t["_tt"]
                    self.tasks_body.extend(tasks)
                continue
            raw = b.text
            t = _clean(raw)
            if not t or _RULE.match(t):
                continue
            if re.match(r"(?i)^phụ lục\b", t) and (b.bold or _is_upper(t) or b.centred):
                in_appendix = True
                section = "appendix"
                self.appendix_text = {"label": t}
                continue
            if section == "appendix":
                if t.startswith("("):
                    self.appendix_text["note"] = t
                    continue
                if "note" not in self.appendix_text:
                    self.appendix_text["heading"] = f"{self.appendix_text['heading']} {t}" \
                        if "heading" in self.appendix_text else t
                else:
                    self.keep((), t, b.where())
                continue
            if re.match(r"(?i)^nơi nhận\s*:?", t):
                section = "recipients"
                rest = re.sub(r"(?i)^nơi nhận\s*:?\s*", "", raw).strip()
                self.plan.setdefault("recipients", [])
                self._recipient_lines(rest)
                continue
            if section in ("recipients", "signature"):
                if _BULLET.match(t) and section == "recipients":
                    self._recipient_lines(raw)
                    continue
                section = "signature"
                self._signature_line(t, b.where())
                continue
            if re.match(r"(?i)^trên đây là\b", t):
                self.plan["closing"] = t
                section = "closing"
                continue
            rm = _ROMAN_HEAD.match(t)
            if rm and (b.bold or _is_upper(rm.group(2))) and len(t) < 150:
                roman = rm.group(2).upper()
                sub = None
                self.phase_title = None
                if "MỤC ĐÍCH" in roman or roman.startswith("YÊU CẦU"):
                    section = "purpose" if "MỤC ĐÍCH" in roman else "requirements"
                    self.headings.setdefault("aims", t)
                elif "TỔ CHỨC THỰC HIỆN" in roman or "TRÁCH NHIỆM" in roman:
                    section = "org"
                    self.headings.setdefault("organisation", t)
                elif "KINH PHÍ" in roman:
                    section = "budget"
                    self.headings.setdefault("budget", t)
                elif "NỘI DUNG" in roman or "NHIỆM VỤ" in roman or "PHẠM VI" in roman or "ĐỐI TƯỢNG" in roman \
                        or "TIẾN ĐỘ" in roman:
                    section = "content"
                    self.headings.setdefault("content", t)
                else:
                    section = "other"
                    self.keep((), t, b.where())
                continue
            nm = _NUM_HEAD.match(t)
            run_in_head = bool(nm and re.match(r"(?i)(địa điểm|đối tượng|phạm vi|kinh phí)[^:]{0,30}:\s*\S", nm.group(2)))
            if nm and (b.bold or run_in_head or (len(t) < 110 and not t.endswith((".", ";", ":")))) \
                    and not _LETTER.match(t) \
                    and section in ("purpose", "requirements", "content", "org", "budget"):
                head = nm.group(2).strip()
                low = head.lower()
                depth = nm.group(1).count(".")
                if section in ("purpose", "requirements"):
                    if low.startswith("mục đích"):
                        section = "purpose"
                        self.headings.setdefault("purpose", t)
                        continue
                    if low.startswith("yêu cầu"):
                        section = "requirements"
                        self.headings.setdefault("requirements", t)
                        continue
                if section == "org":
                    responsibilities.append({"heading": head, "duties": [], "_where": b.where()})
                    continue
                if section in ("content", "budget"):
                    if depth >= 1 and sub == "tasks":
                        self.phase_title = head
                        self.phase_labels[head] = nm.group(1)
                        self.phases_body.append({"title": head, "_where": b.where()})
                        continue
                    if low.startswith(("phạm vi", "đối tượng", "địa điểm")):
                        sub = "scope"
                        section = "content"
                        key = "scope" if low.startswith("phạm vi") else "subjects" if low.startswith("đối tượng") \
                            else "place"
                        run_in = re.match(r"^(.*?:)\s*(\S.*)$", t)
                        if run_in:   # '3. Địa điểm áp dụng: tại Sở …' — the heading runs into its text
                            self.headings.setdefault(key, run_in.group(1))
                            scope_lines.append(("heading:" + low, b.where()))
                            scope_lines.append((run_in.group(2), b.where()))
                            continue
                        self.headings.setdefault(key, t)
                        scope_lines.append(("heading:" + low, b.where()))
                        continue
                    if low.startswith("kinh phí"):
                        sub = "budget"
                        self.headings.setdefault("budget", t)
                        continue
                    if "nội dung" in low or "nhiệm vụ" in low or "tiến độ" in low or "lộ trình" in low:
                        self.headings.setdefault("tasks", t)
                        sub = "tasks"
                        section = "content"
                        self.phase_title = None
                        continue
                    sub = "tasks"
                    self.phase_title = head
                    self.phases_body.append({"title": head, "_where": b.where()})
                    continue
            if section == "purpose":
                purpose.append(_BULLET.sub("", t))
            elif section == "requirements":
                requirements.append(_BULLET.sub("", t))
            elif section == "budget" or (section == "content" and sub == "budget"):
                budget.append(t)
            elif section == "content" and sub == "scope":
                scope_lines.append((t, b.where()))
            elif section == "content":
                if t.startswith("(") and t.endswith(")") and "phụ lục" in t.lower():
                    continue
                if self._phase_heading(b, t, i, sub):
                    self.phase_title = t   # an unnumbered heading among the tasks: a phase's
                    self.phases_body.append({"title": t, "_where": b.where()})
                    self.current_task = None
                    continue
                self._list_task(raw, b.where())
            elif section == "org":
                if responsibilities:
                    responsibilities[-1]["duties"].append(_BULLET.sub("", t))
                else:
                    self.keep(("responsibilities",), t, b.where())
            elif section == "closing":
                self.plan["closing"] += " " + t
            else:
                self.keep((), t, b.where())
        if purpose:
            self.plan["purpose"] = purpose
        if requirements:
            self.plan["requirements"] = requirements
        if scope_lines:
            self.plan["scope"] = self._scope(scope_lines)
        if budget:
            self.plan["budget"] = " ".join(budget)
        self._responsibilities = responsibilities

    phase_title: str | None = None

    def _phase_heading(self, b: Para, t: str, nxt: int, sub: str | None) -> bool:
        """An unnumbered heading among the tasks of a list ("Giai đoạn chuẩn bị", "GIAI ĐOẠN I"): in a
        heading style, or one short bold or upper-case line that a lettered item follows."""
        if sub not in ("tasks", None) or _LETTER.match(t) or _FIELD.match(t) or _BULLET.match(t) or "\n" in b.text.strip():
            return False
        if b.heading and sub == "tasks":
            return True
        if not (b.bold or _is_upper(t)) or len(t) > 200 or t.endswith((";", ",")):
            return False
        for block in self.blocks[nxt:]:
            if isinstance(block, Table):
                return False
            text = _clean(block.text)
            if text:
                return bool(_LETTER.match(text)) and not _FIELD.match(text)
        return False

    def _recipient_lines(self, raw: str) -> None:
        for line in raw.split("\n"):
            t = _clean(_BULLET.sub("", line))
            t = re.sub(r"\s*[;,]$", "", t)
            if re.match(r"(?i)^lưu\b", t):
                t = t.rstrip(".")
            if t:
                self.plan.setdefault("recipients", []).append(t)

    def _signature_line(self, t: str, where: str) -> None:
        signer = self.plan.setdefault("_sign", [])
        signer.append((t, where))

    def _is_signature_table(self, b: Table) -> bool:
        return any(re.match(r"(?i)^\s*nơi nhận", c.text) for row in b.rows for c in row)

    def _signature_table(self, b: Table) -> None:
        for row in b.rows:
            for c in row:
                if c.continued:
                    continue
                if re.match(r"(?i)^\s*nơi nhận", c.text):
                    rest = re.sub(r"(?i)^\s*nơi nhận\s*:?\s*", "", c.text)
                    self.plan.setdefault("recipients", [])
                    self._recipient_lines(rest)
                else:
                    for line in c.text.split("\n"):
                        if _clean(line):
                            self._signature_line(_clean(line), b.where(c.row, c.col))

    # --- scope ----------------------------------------------------------------------------

    def _scope(self, lines: list[tuple[str, str]]) -> Any:
        subjects = place = intro = None
        items: list[str] = []
        bullets: list[str] = []
        plain: list[str] = []
        heading = ""
        for t, _where in lines:
            if t.startswith("heading:"):
                heading = t[len("heading:"):]
                continue
            m = re.match(r"(?i)^[-–+•]?\s*đối tượng( áp dụng)?\s*:\s*(.*)$", t)
            if m:
                subjects = m.group(2)
                continue
            m = re.match(r"(?i)^[-–+•]?\s*địa điểm( áp dụng)?\s*:\s*(.*)$", t)
            if m:
                place = m.group(2)
                continue
            if heading.startswith("đối tượng") and not _BULLET.match(t):
                subjects = f"{subjects} {t}" if subjects else t
                continue
            if heading.startswith("địa điểm"):
                place = f"{place} {t}" if place else t
                continue
            if t.startswith("+"):
                items.append(_BULLET.sub("", t))
            elif _BULLET.match(t):
                if intro is None and not items:
                    intro = _BULLET.sub("", t)
                bullets.append(_BULLET.sub("", t))
            else:
                plain.append(t)
        if not items and len(bullets) > 1 and intro is not None and intro.endswith(":"):
            items = bullets[1:]   # '- Hệ thống … gồm:' then '- …' items: the document marks items with '-'
            self.scope_mark = "-"
        if items or subjects or place:
            out: dict[str, Any] = {}
            if subjects:
                out["subjects"] = subjects
            if intro or plain:
                out["intro"] = intro or " ".join(plain)
            if items:
                out["items"] = items
            if place:
                out["place"] = place
            return out
        if bullets and not plain:
            return bullets
        return " ".join(plain + bullets)

    # --- tasks: a lettered list -----------------------------------------------------------

    def _list_task(self, raw: str, where: str) -> None:
        lines = [x for x in _nfc(raw).split("\n") if x.strip()]
        for line in lines:
            t = _clean(line)
            m = _LETTER.match(t)
            f = _FIELD.match(t)
            if m and not f:
                self.current_task = {"label": m.group(1), "title": m.group(2).strip(), "_where": where,
                                     "_src": "list"}
                if self.phase_title:
                    self.current_task["_phase"] = self.phase_title
                self.current_task["_place"] = "body"
                self.current_task["_cells"] = {"title": self.current_task["title"]}
                self.tasks_body.append(self.current_task)
                continue
            if f and self.current_task is not None:
                self._task_field(self.current_task, f.group(1).lower(), f.group(2).strip(), where)
                field_name = self._field_of(f.group(1).lower())
                self.current_task["_cells"][field_name] = f.group(2).strip().rstrip(" ;")
                if field_name not in [c["field"] for c in self.list_columns]:
                    self.list_columns.append({"field": field_name, "header": _clean(f.group(1))})
                continue
            if self.current_task is not None and not _BULLET.match(t):
                self.current_task.setdefault("_extra", []).append((t, where))
            else:
                self.keep(("phases",), t, where)

    @staticmethod
    def _field_of(name: str) -> str:
        if "chủ trì" in name or "thực hiện" in name and "thời gian" not in name:
            return "lead"
        if "phối hợp" in name or "tham gia" in name:
            return "partners"
        if "thời" in name or "tiến độ" in name:
            return "when"
        if "kết quả" in name or "sản phẩm" in name:
            return "outputs"
        return "annotation"

    def _task_field(self, task: dict[str, Any], name: str, value: str, where: str) -> None:
        value = value.rstrip(" ;")
        if "chủ trì" in name or "thực hiện" in name and "thời gian" not in name:
            task["_lead"] = value
            task["_lead_where"] = where
        elif "phối hợp" in name or "tham gia" in name:
            task["_partners"] = value
        elif "thời" in name or "tiến độ" in name:
            task["_when"] = value
            task["_when_where"] = where
        elif "kết quả" in name or "sản phẩm" in name:
            task.setdefault("outputs", []).append(value)
        else:
            task["annotation"] = value

    # --- tasks: a table -------------------------------------------------------------------

    def _task_table(self, b: Table) -> list[dict[str, Any]] | None:
        if not b.rows:
            return None
        header_rows = 1
        kinds: dict[int, str] = {}
        width = max(sum(c.span for c in row) for row in b.rows)

        def labels(nrows: int) -> dict[int, str]:
            cols: dict[int, list[str]] = {}
            for row in b.rows[:nrows]:
                for c in row:
                    for k in range(c.col, c.col + c.span):
                        if c.text and (not cols.get(k) or cols[k][-1] != c.text):
                            cols.setdefault(k, []).append(c.text)
            out = {}
            for k, texts in cols.items():
                kind = None
                for text in reversed(texts):
                    kind = _column_kind(text)
                    if kind:
                        break
                if kind:
                    out[k] = kind
            return out

        kinds = labels(1)
        second = b.rows[1] if len(b.rows) > 1 else []
        if second and all(not c.text or (_column_kind(c.text) and len(c.text) < 40 and not _ROMAN_HEAD.match(c.text))
                          for c in second) and len({c.text for c in second if c.text}) > 1:
            header_rows = 2
            kinds = labels(2)
        contents = sorted(k for k, v in kinds.items() if v == "content")
        if not contents or not ({"lead", "when"} & set(kinds.values())):
            return None
        if len(contents) > 1:
            kinds[contents[0]] = "group"
        leads = sorted(k for k, v in kinds.items() if v == "lead")
        for k in leads[1:]:
            kinds[k] = "partners"
        self.tables_read = getattr(self, "tables_read", 0) + 1
        headers: dict[int, str] = {}
        for row in b.rows[:header_rows]:
            for c in row:
                if c.text and not c.continued:
                    for k in range(c.col, c.col + c.span):
                        if k in kinds and (c.span == 1 or k not in headers):
                            headers[k] = _clean(c.text)
        rel = _relative([b.widths[k] for k in sorted(kinds)]) if len(b.widths) >= width else None
        self.last_columns = [{"field": kinds[k], "header": headers.get(k, ""), **({"width": rel[n]} if rel else {})}
                             for n, k in enumerate(sorted(kinds))]
        tasks: list[dict[str, Any]] = []
        phase = None
        prev_group = prev_tt = None
        grid_head = [" ".join(c.text.split()) for c in b.rows[0]]
        for r, row in enumerate(b.rows[header_rows:], start=header_rows):
            cells: dict[int, Any] = {}
            for c in row:
                for k in range(c.col, c.col + c.span):
                    cells[k] = c
            texts = [" ".join(c.text.split()) for c in row]
            if texts == grid_head or all(re.fullmatch(r"\(?\d{1,2}\)?", x) or not x for x in texts):
                continue   # the header repeated on a new page, or the column numbers (1) (2) …
            distinct = {c.text for c in row if c.text}
            spans = [c for c in row if c.text]
            tt_col = next((k for k, v in kinds.items() if v == "tt"), None)
            tt_cell = cells.get(tt_col) if tt_col is not None else None
            tt = _clean(tt_cell.text) if tt_cell is not None and not tt_cell.continued else ""
            if (len(distinct) == 1 and (len(spans) == 1 and spans[0].span >= width - 1 or len(spans) >= width - 1)) \
                    or (re.fullmatch(_ROMAN, tt.rstrip(".")) and tt and
                        not any(cells[k].text and cells[k].col == k for k, v in kinds.items()
                                if v in ("lead", "when") and k in cells)):
                text = _clean(next(iter(distinct)))
                m = _ROMAN_HEAD.match(text)
                if tt and re.fullmatch(_ROMAN, tt.rstrip(".")):
                    others = [_clean(c.text) for c in row if c.text and c is not tt_cell]
                    title = others[0] if others else text
                    roman = tt.rstrip(".")
                else:
                    title = m.group(2) if m else text
                    roman = m.group(1) if m else ""
                phase = {"title": title, "roman": roman, "_where": b.where(r)}
                self.phase_labels[title] = roman
                prev_group = prev_tt = None
                continue
            task: dict[str, Any] = {"_where": b.where(r), "_src": "table", "_table": b.index, "_cells": {}}
            for k, kind in kinds.items():
                c = cells.get(k)
                if c is None:
                    continue
                text = c.text
                if kind in ("content", "lead", "partners", "when") and text and not c.continued and c.col == k:
                    task["_cells"]["title" if kind == "content" else kind] = _lines(text)
                if kind == "tt":
                    if c.continued:
                        task["_tt"] = prev_tt
                    elif _clean(text):
                        task["_tt"] = _clean(text)
                elif kind == "group":
                    if c.continued or (not text and prev_group and task.get("_tt") in (None, prev_tt)):
                        task["group"] = prev_group
                    elif text:
                        task["group"] = _joined(text)
                elif kind == "content" and text:
                    task["title"] = _joined(text)
                    task["_title_raw"] = _clean(text)
                elif kind == "lead" and text:
                    self._lead_cell(task, text, b.where(r, k))
                elif kind == "partners" and text:
                    task["_partners"] = (task.get("_partners", "") + ", " if task.get("_partners") else "") + text
                elif kind == "when" and text:
                    task["_when"] = _clean(text)
                    task["_when_where"] = b.where(r, k)
                elif kind == "outputs" and text:
                    task["outputs"] = _items(text)
                elif kind == "annotation" and text:
                    task["annotation"] = _clean(text)
            if "title" not in task:
                if task.get("group") and not task.get("_tt") and tasks:
                    continue
                if any(task.get(k) for k in ("_lead", "_when")) and task.get("group"):
                    task["title"] = task["group"]
                elif not any(task.get(k) for k in ("_lead", "_when", "_partners", "outputs")):
                    continue
                else:
                    task["title"] = ""
            if tasks and not task.get("_tt") and not any(task.get(k) for k in ("_lead", "_when", "_partners", "outputs")) \
                    and not tasks[-1]["title"].endswith((".", ";")) and not task.get("group"):
                tasks[-1]["title"] += " " + task["title"]
                self.guess(("phases",), tr("a row with only text read as the rest of the row above (a row broken "
                                           "over a page)", "dòng chỉ có chữ được đọc là phần tiếp của dòng trên "
                                           "(một dòng bị ngắt sang trang)"), b.where(r))
                continue
            if "_tt" not in task and tasks and task.get("group") and task.get("group") == prev_group:
                task["_tt"] = prev_tt
            if phase is not None:
                task["_phase"] = phase["title"]
                task["_phase_roman"] = phase["roman"]
                task["_phase_where"] = phase["_where"]
            prev_group = task.get("group")
            prev_tt = task.get("_tt")
            tasks.append(task)
        return tasks

    def _lead_cell(self, task: dict[str, Any], text: str, where: str) -> None:
        m = re.search(r"(?is)chủ trì\s*:\s*(.*?)(?:[-–]?\s*(?:tham gia|phối hợp)\s*:\s*(.*))?$", text)
        if m:
            task["_lead"] = _strip_bullets(m.group(1))
            if m.group(2):
                task["_partners"] = _strip_bullets(m.group(2))
        else:
            task["_lead"] = _strip_bullets(text)
        task["_lead_where"] = where

    # --- putting it together --------------------------------------------------------------

    def _finish(self) -> None:
        agency = self.plan["agency"]
        doc = self.plan["document"]
        appendix_only = self.plan.pop("_appendix_only", False)
        if not agency.get("name"):
            m = re.match(r"^(.*?)\s+(ban hành|xây dựng|triển khai)\b", self.plan.get("intro", ""))
            if m and len(m.group(1).split()) <= 12:
                agency["name"] = m.group(1)
                self.guess(("agency", "name"), tr("no header: the issuing body read from the intro sentence '{n}'",
                                                  "không có phần đầu: cơ quan ban hành đọc từ câu dẫn '{n}'",
                                                  n=m.group(1)), tr("intro", "câu dẫn"))
            else:
                agency["name"] = ""
                self.keep(("agency",), tr("no issuing body found (no header table, no intro naming it)",
                                          "không tìm thấy cơ quan ban hành (không có bảng phần đầu, câu dẫn không "
                                          "nêu tên)"), tr("header", "phần đầu"))
        if not agency.get("abbr"):
            words = [w for w in agency.get("name", "").split() if w.lower() not in ("và", "-", "&")]
            if words and len(words[0]) > 1 and _is_upper(words[0]):
                agency["abbr"] = words[0]
            else:
                agency["abbr"] = "".join(w[0].upper() for w in words) if words else "CQ"
            self.guess(("agency", "abbr"), tr("no number line: the abbreviation made from the name's initials ({a})",
                                              "không có dòng số ký hiệu: chữ viết tắt ghép từ chữ đầu của tên ({a})",
                                              a=agency["abbr"]), tr("header", "phần đầu"))
        self.units.agency = agency["name"]
        year = self.year
        if year is None:
            m = re.search(r"năm\s+((?:19|20)\d\d)\b", doc.get("title", "")) or \
                re.search(r"\b((?:19|20)\d\d)\b", doc.get("title", ""))
            if m:
                year = int(m.group(1))
                self.guess(("year",), tr("no date line: the year {y} read from the title",
                                         "không có dòng địa danh, ngày tháng: năm {y} đọc từ trích yếu", y=year),
                           tr("title", "trích yếu"))
        if year is None:
            years = [int(y) for y in re.findall(r"/((?:19|20)\d\d)\b", self.all_text)]
            year = max(years) if years else dt.date.today().year
            self.guess(("year",), tr("no date line and no year in the title: {y}, the latest year the schedules name",
                                     "không có dòng ngày tháng, trích yếu không ghi năm: {y}, năm muộn nhất trong "
                                     "thời gian thực hiện", y=year), tr("document", "văn bản"))
        self.year = year
        doc.setdefault("number", None)
        doc.setdefault("date", None)
        doc.setdefault("type", "KH")
        status = "issued" if doc.get("number") is not None and doc.get("date") is not None else "draft"
        if self.identity:
            for u in self.identity.get("units", []):
                if isinstance(u, dict) and u.get("name") and u.get("id"):
                    self.units.preset[_nfc(" ".join(str(u["name"]).split()))] = (str(u["id"]), str(u.get("kind") or "internal"))
        phases = self._merge_tasks(year)
        responsibilities = self._finish_responsibilities()
        if self.identity:
            self._identity_units()
        signer = self._signer()
        ordered: dict[str, Any] = {"format": 1, "year": year, "status": status,
                                   "agency": {k: agency[k] for k in ("name", "abbr", "parent", "place", "name_lines")
                                              if agency.get(k)},
                                   "document": {k: doc[k] for k in ("type", "number", "date", "title", "appendix") if k in doc}}
        if appendix_only:
            ordered["document"]["appendix"] = doc.get("appendix")
        for key in ("basis", "intro", "purpose", "requirements", "scope"):
            if key in self.plan:
                ordered[key] = self.plan[key]
        ordered["units"] = [{"id": u.id, "name": u.name, **({"kind": u.kind} if u.kind != "internal" else {})}
                            for u in self.units.units]
        ordered["phases"] = phases
        for key in ("budget",):
            if key in self.plan:
                ordered[key] = self.plan[key]
        if responsibilities:
            ordered["responsibilities"] = responsibilities
        if "closing" in self.plan:
            ordered["closing"] = self.plan["closing"]
        if self.plan.get("recipients"):
            ordered["recipients"] = self.plan["recipients"]
        if signer:
            ordered["signer"] = signer
        presentation = self._presentation(appendix_only, ordered)
        recorded = self.identity.get("presentation") if self.identity else None
        if isinstance(recorded, dict) and _same_view(recorded, presentation, ordered):
            presentation = recorded
        if presentation:
            ordered["presentation"] = presentation
        for u in self.units.units:
            if u.variants:
                idx = next(k for k, x in enumerate(self.units.units) if x is u)
                self.guess(("units", idx), tr("also written {v}: read as one unit",
                                              "còn được ghi {v}: đọc là một đơn vị",
                                              v=", ".join(repr(v) for v in u.variants)), u.where)
        self.plan = ordered
        tasks_total = sum(len(p["tasks"]) for p in phases)
        if tasks_total == 0:
            raise NotAPlan(tr("this document is not a plan: no tasks found (no task table, no 'a) …' list with "
                              "'Đơn vị chủ trì:' lines)",
                              "văn bản này không phải kế hoạch: không tìm thấy nhiệm vụ (không có bảng nhiệm vụ, "
                              "không có danh sách 'a) …' với dòng 'Đơn vị chủ trì:')"),
                           file=self.file, hint=tr("import the Word file of a plan (Kế hoạch …)",
                                                   "hãy nhập tệp Word của một kế hoạch (Kế hoạch …)"))

    def _presentation(self, appendix_only: bool, plan: dict[str, Any]) -> dict[str, Any]:
        """How the document shows the plan, as written (docs/plan-format.md, Presentation); only what
        differs from what isoctl prints by default."""
        from isoctl.render.context import headings as default_headings

        out: dict[str, Any] = {}
        if not appendix_only:
            data = {k: plan.get(k) or ([] if k != "budget" and k != "scope" else None)
                    for k in ("purpose", "requirements", "scope", "budget", "responsibilities")}
            defaults = default_headings(data, {})
            read = dict(self.headings)
            if self.tasks_body or self.list_columns:
                read.setdefault("tasks", "")
            for key in ("purpose", "requirements"):
                if plan.get(key):
                    read.setdefault(key, "")
            order = ("aims", "purpose", "requirements", "content", "subjects", "scope", "place", "tasks", "budget",
                     "organisation")
            given = {k: read.get(k, "") for k in order if read.get(k, "") != defaults.get(k, "")}
            if given:
                out["headings"] = given
        body = self.views.get("body")
        if self.list_columns and not body:
            out["body"] = {"style": "list", "columns": self.list_columns}
        elif body:
            out["body"] = {"style": "table", "columns": [
                {"field": "label" if c["field"] == "tt" else "title" if c["field"] == "content" else c["field"],
                 "header": c["header"], **({"width": c["width"]} if "width" in c else {})} for c in body["columns"]]}
        elif self.views.get("appendix") and not appendix_only:
            out["body"] = {"style": "none"}
        app = self.views.get("appendix")
        text = getattr(self, "appendix_text", {})
        several = len(plan.get("phases", [])) > 1
        if app and not appendix_only:
            out["appendix"] = {"label": text.get("label", "PHỤ LỤC"), "heading": text.get("heading"),
                               "note": text.get("note"),
                               **({"phase_rows": bool(app.get("phase_rows"))} if several else {}),
                               "columns": [{"field": "number" if c["field"] == "tt" else "title"
                                            if c["field"] == "content" else c["field"], "header": c["header"],
                                            **({"width": c["width"]} if "width" in c else {})}
                                           for c in app["columns"]]}
        if getattr(self, "scope_mark", None):
            out["scope_mark"] = self.scope_mark
        if app and appendix_only:
            out["appendix"] = {"label": text.get("label") or self.plan["document"].get("appendix") or "PHỤ LỤC",
                               "heading": text.get("heading"), "note": text.get("note"),
                               **({"phase_rows": bool(app.get("phase_rows"))} if several else {}),
                               "columns": [{"field": "number" if c["field"] == "tt" else "title"
                                            if c["field"] == "content" else c["field"], "header": c["header"],
                                            **({"width": c["width"]} if "width" in c else {})}
                                           for c in app["columns"]]}
        return out

    def _identity_units(self) -> None:
        """Units of the id record the document names only outside the task cells (a heading of
        section III, a sentence), in the record's order."""
        low = self.all_text.casefold()
        have = {u.id for u in self.units.units}
        for name, (uid, _) in self.units.preset.items():
            if uid not in have and name.casefold() in low:
                self.units.id_for(name, tr("id record", "bản ghi mã"))
        order = {uid: k for k, (uid, _) in enumerate(self.units.preset.values())}
        self.units.units.sort(key=lambda u: order.get(u.id, len(order)))

    def _signer(self) -> dict[str, Any] | None:
        lines = self.plan.pop("_sign", [])
        if not lines:
            return None
        upper = [(t, w) for t, w in lines if _is_upper(t) or _AUTHORITY.match(t)]
        rest = [(t, w) for t, w in lines if (t, w) not in upper]
        signer: dict[str, Any] = {"authority": None}
        if upper:
            first = upper[0][0]
            m = _AUTHORITY.match(first)
            if m:
                signer["authority"] = m.group(1) + "."
                if m.group(1) == "TM" and len(upper) > 1:
                    signer["title"] = upper[1][0]
                else:
                    signer["title"] = m.group(2).strip()
            else:
                signer["title"] = first
            skip = 2 if m else 1
            for t, w in upper[skip:]:
                self.keep(("signer",), t, w)
        else:
            signer["title"] = ""
            self.keep(("signer",), tr("no signer's title found", "không tìm thấy chức vụ người ký"), lines[0][1])
        if rest:
            signer["name"] = rest[-1][0]
            for t, w in rest[:-1]:
                self.keep(("signer",), t, w)
        return signer

    def _finish_responsibilities(self) -> list[dict[str, Any]]:
        out = []
        ident = self.identity.get("responsibilities") if self.identity else None
        for k, r in enumerate(getattr(self, "_responsibilities", [])):
            heading = r["heading"]
            uid = None
            keep_heading = True
            if isinstance(ident, list) and k < len(ident) and isinstance(ident[k], dict):
                uid = ident[k].get("unit")
                keep_heading = bool(ident[k].get("heading", True))
                if uid not in {u.id for u in self.units.units}:
                    for name, (pid, _) in self.units.preset.items():
                        if pid == uid:
                            self.units.id_for(name, r["_where"])
                            break
                    else:
                        uid = None
            if uid is None:
                uid = self.units.match_heading(heading)
                if uid is None:
                    name = re.sub(r"\s*\([^)]*\)\s*$", "", heading)
                    uid, _ = self.units.id_for(name, r["_where"])
                    self.guess(("responsibilities", k), tr("the heading '{h}' names no unit of the tasks: a unit of "
                                                           "its own", "đề mục '{h}' không trùng đơn vị nào của các "
                                                           "nhiệm vụ: một đơn vị riêng", h=heading), r["_where"])
                elif self.units.by_id(uid).name != heading:
                    self.guess(("responsibilities", k), tr("the heading '{h}' read as unit {u} ({n})",
                                                           "đề mục '{h}' được đọc là đơn vị {u} ({n})", h=heading,
                                                           u=uid, n=self.units.by_id(uid).name), r["_where"])
            entry: dict[str, Any] = {"unit": uid}
            from_record = isinstance(ident, list) and k < len(ident) and isinstance(ident[k], dict)
            if keep_heading and (from_record or self.units.by_id(uid).name != heading):
                entry["heading"] = heading
            entry["duties"] = r["duties"]
            out.append(entry)
        return out

    def _resolve(self, task: dict[str, Any], year: int) -> dict[str, Any]:
        """A task's raw cells as plan fields: unit ids, a parsed schedule."""
        out: dict[str, Any] = {}
        if task.get("label"):
            out["label"] = task["label"]
        if task.get("group"):
            out["group"] = task["group"]
        out["title"] = task.get("title", "")
        optional: list[str] = []
        plain: set[str] = set()
        for key, field_name in (("_lead", "lead"), ("_partners", "partners")):
            if task.get(key):
                ids, notes, marked = self.units.ids(task[key], task.get("_lead_where", task["_where"]))
                out[field_name] = ids
                optional += [u for u in marked if u not in optional]
                plain |= {u for u in ids if u not in marked}
                for n in notes:
                    self.notes.append(Note(task["_where"], n))
        # a unit is optional only where every mention says '(nếu có)'; else the cell is kept as written
        if [u for u in optional if u not in plain]:
            out["optional_units"] = [u for u in optional if u not in plain]
        if task.get("outputs"):
            out["outputs"] = task["outputs"]
        if task.get("_when"):
            when = task["_when"]
            try:
                _schedule(when, year)
                out["when"] = when
            except ScheduleError as exc:
                out["_bad_when"] = (when, tr(exc.message, exc.message_vi), task.get("_when_where", task["_where"]))
        if task.get("annotation"):
            out["annotation"] = task["annotation"]
        if task.get("_extra"):
            out["_extra"] = task["_extra"]
        return out

    def _merge_tasks(self, year: int) -> list[dict[str, Any]]:
        body = [self._resolve(t, year) | {"_meta": t} for t in self.tasks_body]
        appendix = [self._resolve(t, year) | {"_meta": t} for t in self.tasks_appendix]
        merged: list[dict[str, Any]] = []
        if body and appendix:
            merged = self._join(body, appendix)
        else:
            merged = body or appendix
        # phases
        phases: list[dict[str, Any]] = []
        by_title: dict[str, dict[str, Any]] = {}
        ident_phases = self.identity.get("phases") if self.identity else None
        for t in merged:
            meta = t.pop("_meta")
            title = meta.get("_phase") or (t.pop("_phase_from", None))
            key = _norm(title or "")
            if key not in by_title:
                ph = {"id": "", "title": title, "tasks": []}
                by_title[key] = ph
                phases.append(ph)
            by_title[key]["tasks"].append((t, meta))
        if not phases:
            phases = [{"id": "noi-dung", "title": "Nội dung", "tasks": []}]
        out = []
        used_ids: set[str] = set()
        task_ids: set[str] = set()
        for pi, ph in enumerate(phases):
            title = ph["title"]
            ident = ident_phases[pi] if isinstance(ident_phases, list) and pi < len(ident_phases) \
                and len(ident_phases) == len(phases) and isinstance(ident_phases[pi], dict) else None
            if ident is not None and ident.get("title") and _norm(ident["title"]) == _norm(title or ident["title"]):
                title = ident["title"]
                pid = ident.get("id") or slug(title)
            elif ident is not None and title is None:
                title, pid = ident.get("title"), ident.get("id")
            else:
                if title and _is_upper(title):
                    title = self.recase(title)
                pid = slug(title or "noi-dung")
            pid = _unique(pid or "noi-dung", used_ids)
            tasks = []
            for ti, (t, meta) in enumerate(ph["tasks"]):
                tasks.append(self._task_entry(t, meta, pi, ti, len(out), task_ids))
            label = self.phase_labels.get(ph["title"] or "")
            if ident is not None and "label" in ident and label in (None, _roman(pi + 1)):
                label = ident.get("label")
            entry = {"id": pid, **({"title": title} if title else {}), **({"label": label} if label else {}),
                     "tasks": tasks}
            out.append(entry)
        return out

    def _task_entry(self, t: dict[str, Any], meta: dict[str, Any], pi: int, ti: int, _: int,
                    used: set[str]) -> dict[str, Any]:
        ident_tasks = self.identity.get("tasks") if self.identity else None
        tid = None
        self._task_no = getattr(self, "_task_no", -1) + 1
        if isinstance(ident_tasks, list):
            if not hasattr(self, "_ident_titles"):
                self._ident_titles: dict[str, list[int]] = {}
                for k, cand in enumerate(ident_tasks):
                    if isinstance(cand, dict) and cand.get("id"):
                        self._ident_titles.setdefault(_norm(str(cand.get("title", ""))), []).append(k)
            same = [k for k in self._ident_titles.get(_norm(t["title"]), []) if ident_tasks[k]["id"] not in used]
            if same:
                best = ident_tasks[min(same, key=lambda k: abs(k - self._task_no))]
                tid = str(best["id"])
                if isinstance(best.get("note"), str):
                    t["note"] = best["note"]
        if tid is None:
            tid = _task_slug(t["title"]) if t["title"] else "nhiem-vu"
        tid = _unique(tid, used)
        path = ("phases", pi, "tasks", ti)
        entry: dict[str, Any] = {"id": tid}
        if not meta.get("label") and meta.get("_tt") and meta.get("_src") == "table" and not self.tasks_body:
            roman = meta.get("_phase_roman")
            entry["label"] = f"{roman}.{meta['_tt']}" if roman else meta["_tt"]
        for key in ("label", "group", "title", "lead", "partners", "outputs", "when", "note", "annotation", "shown_in",
                    "optional_units", "written"):
            if key in t:
                entry[key] = t[key]
        if "lead" in entry and meta.get("_lead"):
            src = "Đơn vị chủ trì" if meta.get("_src") == "list" else tr("the lead column", "cột chủ trì")
            where = meta.get("_lead_where", meta["_where"])
            names = [self.units.by_id(u).name for u in entry["lead"]]
            if len(names) > 1 or names[0] != _clean(meta["_lead"]):
                self.comments.setdefault(path + ("lead",), []).append(
                    tr("imported: lead read from '{s}: {v}', {w}", "đã nhập: chủ trì đọc từ '{s}: {v}', {w}", s=src,
                       v=_clean(meta["_lead"]), w=where))
        written = self._written(entry, meta)
        if written:
            entry["written"] = written
        bad = t.get("_bad_when")
        if bad:
            text, message, where = bad
            self.keep(path, tr("time '{t}' is not a schedule ({m}); no 'when' set",
                               "thời gian '{t}' không đọc được ({m}); không đặt 'when'", t=text, m=message), where)
        for text, where in t.get("_extra", []):
            self.keep(path, text, where)
        for n in t.get("_notes", []):
            self.guess(path, n, meta["_where"])
        if not entry.get("title"):
            entry["title"] = entry.get("group") or "(không có tên)"
            self.keep(path, tr("a row without a task title", "dòng không có tên nhiệm vụ"), meta["_where"])
        return entry

    def _written(self, entry: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
        """The cells the document writes otherwise than the data would print them, by place."""
        from isoctl.render.context import schedule_text
        from isoctl.render.templating import unit_text

        names = {u.id: u.name for u in self.units.units}
        optional = entry.get("optional_units", [])

        def cells(m: dict[str, Any]) -> dict[str, str]:
            out: dict[str, str] = {}
            printed = {"title": entry["title"]}
            for field_name in ("lead", "partners"):
                if entry.get(field_name):
                    printed[field_name] = unit_text(entry[field_name], names, optional)
            if entry.get("when"):
                try:
                    printed["when"] = schedule_text(_schedule(entry["when"], None))
                except ScheduleError:
                    printed["when"] = entry["when"]
            for field_name, raw in (m.get("_cells") or {}).items():
                if field_name in printed and _clean(raw) != printed[field_name]:
                    out[field_name] = raw
                elif field_name in ("lead", "partners") and field_name not in printed and raw:
                    out[field_name] = raw
            return out

        places: dict[str, dict[str, str]] = {}
        body_meta = meta.get("_body_meta")
        if body_meta is not None:
            places["body"] = cells(body_meta)
            places["appendix"] = cells(meta)
        else:
            places[meta.get("_place", "body")] = cells(meta)
        if len(places) == 1:
            place, cells_ = next(iter(places.items()))
            if entry.get("shown_in") == place and cells_:
                return {place: cells_}
            return cells_
        both = {k: v for k, v in places["body"].items() if places["appendix"].get(k) == v}
        out: dict[str, Any] = dict(both)
        for place in ("body", "appendix"):
            own = {k: v for k, v in places[place].items() if k not in both}
            if own:
                out[place] = own
        return out

    def _join(self, body: list[dict[str, Any]], appendix: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Tasks written twice (a body list or table and the appendix table): one task each, the
        appendix's cells first, every disagreement noted."""
        from difflib import SequenceMatcher

        def text_similarity(x: str, y: str) -> float:
            return SequenceMatcher(None, _norm(x), _norm(y), autojunk=False).ratio()

        pairs: dict[int, int] = {}
        taken: set[int] = set()
        exact: dict[str, list[int]] = {}
        for j, b in enumerate(appendix):
            exact.setdefault(_norm(b["title"]), []).append(j)
        for i, a in enumerate(body):
            free = [j for j in exact.get(_norm(a["title"]), []) if j not in taken]
            if free:
                pairs[i] = free[0]
                taken.add(free[0])
        words = [set(re.findall(r"\w+", _norm(b["title"]))) for b in appendix]
        scored = []
        for i, a in enumerate(body):
            if i in pairs:
                continue
            wa = set(re.findall(r"\w+", _norm(a["title"])))
            for j, b in enumerate(appendix):
                if j in taken or not wa or len(wa & words[j]) < 0.5 * max(len(wa), len(words[j])):
                    continue  # too few shared words to reach 0.8 similarity
                scored.append((text_similarity(a["title"], b["title"]), i, j))
        scored.sort(key=lambda x: (-x[0], x[1], x[2]))
        for score, i, j in scored:
            if score < 0.8:
                break
            if i in pairs or j in taken:
                continue
            pairs[i] = j
            taken.add(j)
        out: list[dict[str, Any]] = []
        placed: set[int] = set()
        for i, a in enumerate(body):
            # appendix rows without a body item that come before this one's partner
            j = pairs.get(i)
            if j is not None:
                for jj in range(j):
                    if jj not in taken and jj not in placed:
                        placed.add(jj)
                        out.append(self._appendix_only_task(appendix[jj]))
                out.append(self._pair(a, appendix[j]))
            else:
                a["shown_in"] = "body"
                a["_meta"] = {**a["_meta"], "_phase": a["_meta"].get("_phase") or self._phase_near(out)}
                out.append(a)
        for j, b in enumerate(appendix):
            if j not in taken and j not in placed:
                out.append(self._appendix_only_task(b))
        return out

    def _phase_near(self, out: list[dict[str, Any]]) -> str | None:
        return out[-1]["_meta"].get("_phase") if out else None

    def _appendix_only_task(self, b: dict[str, Any]) -> dict[str, Any]:
        b["shown_in"] = "appendix"
        return b

    def _pair(self, a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
        out = dict(b)
        meta = {**b["_meta"]}
        if a["_meta"].get("_phase") and not meta.get("_phase"):
            meta["_phase"] = a["_meta"]["_phase"]
        if a.get("label"):
            out["label"] = a["label"]
            meta["label"] = a["label"]
        meta["_body_meta"] = a["_meta"]
        out["_meta"] = meta
        diffs = []
        body_written: dict[str, str] = {}
        if a["title"] != b["title"]:
            diffs.append(tr("the body writes the title differently", "phần nội dung ghi tên nhiệm vụ khác"))
            body_written["title"] = a["title"]
        for key, name in (("when", tr("time", "thời gian")), ("lead", tr("lead", "chủ trì")),
                          ("partners", tr("partners", "phối hợp"))):
            if a.get(key) and b.get(key) and a.get(key) != b.get(key):
                av = a[key] if key == "when" else ", ".join(self.units.by_id(u).name for u in a[key])
                bv = b[key] if key == "when" else ", ".join(self.units.by_id(u).name for u in b[key])
                diffs.append(tr("{n}: body '{a}', appendix '{b}'", "{n}: phần nội dung '{a}', phụ lục '{b}'", n=name,
                                a=av, b=bv))
                raw = a["_meta"].get("_" + key)
                body_written[key] = _clean(raw) if raw else av
            elif a.get(key) and not b.get(key):
                out[key] = a[key]
        if diffs:
            out.setdefault("_notes", []).append(tr("the body and the appendix disagree, the appendix's cells kept (the "
                                                   "body's are under written.body): {d}",
                                                   "phần nội dung và phụ lục ghi khác nhau, giữ ô của phụ lục (ô của "
                                                   "phần nội dung ở written.body): {d}", d="; ".join(diffs)))
        return out


@functools.lru_cache(maxsize=4096)
def _parsed(text: str, year: int | None) -> tuple[Any, ScheduleError | None]:
    try:
        return (parse_schedule(text, plan_year=year) if year is not None else parse_schedule(text)), None
    except ScheduleError as exc:
        return None, exc


def _schedule(text: str, year: int | None) -> Any:
    """``parse_schedule`` once per text and year: a plan writes the same few times for many tasks."""
    value, error = _parsed(text, year)
    if error is not None:
        raise error
    return value


def _joined(text: str) -> str:
    """A cell's text on one line; its '- ' bullets joined with '; ' ('…: - a; - b' is '…: a; b')."""
    text = re.sub(r"([:;])\s*[-–•]\s+", r"\1 ", _nfc(text))
    items = _items(text)
    return "; ".join(items) if len(items) > 1 else (items[0] if items else "")


def _items(text: str) -> list[str]:
    """A cell's items: its lines, or its '- ' bullets when it starts with one (flattened cells)."""
    parts: list[str] = []
    for line in _nfc(text).split("\n"):
        if not line.strip():
            continue
        if _BULLET.match(line) and line.strip()[:1] in "-–•+":
            parts.extend(p for p in re.split(r"(?:^|\s)[-–•+]\s+", line.strip()) if p.strip())
        else:
            parts.append(line)
    out = [_clean(p).rstrip(";").strip() if len(parts) > 1 else _clean(p) for p in parts]
    return [x for x in out if x]


def _roman(n: int) -> str:
    from isoctl.render.templating import roman

    return roman(n)


def _effective(pres: dict[str, Any], plan: dict[str, Any]) -> dict[str, Any]:
    """What a presentation prints: headings with the defaults filled in, widths as proportions."""
    import copy

    from isoctl.render.context import headings

    pres = copy.deepcopy(pres)
    data = {k: plan.get(k) or ([] if k not in ("budget", "scope") else None)
            for k in ("purpose", "requirements", "scope", "budget", "responsibilities")}
    for view in (pres.get("body"), pres.get("appendix")):
        if isinstance(view, dict) and view.get("columns") and all(c.get("width") for c in view["columns"]):
            total = sum(c["width"] for c in view["columns"])
            for c in view["columns"]:
                c["width"] = round(c["width"] / total, 3)
        if isinstance(view, dict) and len(plan.get("phases", [])) <= 1:
            view.pop("phase_rows", None)
    pres["headings"] = headings(data, pres) if not plan.get("document", {}).get("appendix") else None
    pres.pop("dates", None)
    return pres


def _same_view(recorded: dict[str, Any], read: dict[str, Any], plan: dict[str, Any]) -> bool:
    try:
        return _effective(recorded, plan) == _effective(read, plan)
    except (KeyError, TypeError, ValueError, AttributeError):
        return False


def _relative(widths: list[int]) -> list[int] | None:
    """Column widths as the smallest whole numbers in the same proportion (1–100)."""
    total = sum(widths)
    if total <= 0 or any(w <= 0 for w in widths):
        return None
    for scale in range(len(widths), 101):
        exact = [w * scale / total for w in widths]
        if all(abs(x - round(x)) < 0.03 * max(1.0, x) and round(x) >= 1 for x in exact):
            return [round(x) for x in exact]
    return [max(1, min(100, round(100 * w / total))) for w in widths]


def _lines(text: str) -> str:
    """A cell's text as written: its lines, each on one line."""
    return "\n".join(_clean(x) for x in _nfc(text).split("\n") if x.strip())


def _strip_bullets(text: str) -> str:
    return ", ".join(_items(text))


def _norm(text: str) -> str:
    return " ".join(_nfc(text or "").casefold().split()).rstrip(" .;:")


def _unique(base: str, used: set[str]) -> str:
    uid, n = base, 2
    while uid in used:
        uid, n = f"{base}-{n}", n + 1
    used.add(uid)
    return uid


_TASK_STOP = set("và của các cho tại theo với về được đã để trong sau khi một những là có này đó việc hệ thống "
                 "quản lý chất lượng tiêu chuẩn quốc gia tcvn iso 9001 2015 2008 htqlcl".split())


def _task_slug(title: str) -> str:
    """A task id from its first meaningful words: 'Đào tạo chuyên gia đánh giá nội bộ' → 'dao-tao-chuyen-gia-danh-gia'."""
    words = [w for w in re.findall(r"\w+", _nfc(title).lower()) if w not in _TASK_STOP and not w.isdigit()]
    return slug(" ".join(words[:5])) if words else "nhiem-vu"


def _broken_by_layout(lines: list[str]) -> bool:
    """Whether a header name printed in ``lines`` is broken where the renderer breaks it unasked
    (so the plan needs no ``agency.name_lines`` to print it so again)."""
    from isoctl.render import layout
    from isoctl.render.templating import upper

    shown = [upper(" ".join(line.split())) for line in lines]
    room = layout.HEADER_LEFT_MM - 2 * layout.CELL_SIDE_MM
    return layout.name_lines(" ".join(shown), layout.HEADER_BODY_PT, room, bold=True) == shown
