"""Citations of documents: parse a number/symbol, find citations in free text, write one out.

Vietnamese documents are cited by their number and symbol (số, ký hiệu):

- legal normative documents ``N/YYYY/TYPE-ISSUER``: ``19/2014/QĐ-TTg``, ``26/2014/TT-BKHCN``,
  joint ones with several issuers ``N/YYYY/TTLT-BTC-BKHCN``; laws and resolutions of the
  National Assembly ``N/YYYY/QH15`` (``UBTVQH15`` for its Standing Committee);
- administrative documents ``N/TYPE-ISSUER[-UNIT]`` without a year: ``359/KH-SVHTT``,
  ``125/KH-UBND``; an official letter (công văn) has no type code: ``N/ISSUER-UNIT``
  (``7931/VP-KGVX``: the Office of the People's Committee, its KGVX division).

:func:`parse_symbol` splits a symbol and lists what is wrong with it; :func:`find` finds the
citations in a text with their offsets, the kind written before them ("Quyết định số"), the date
written after them ("ngày 05/3/2014", "ngày 27 tháng 12 năm 2022") and the issuer phrase
("của Bộ Tài chính"); :data:`WELL_KNOWN` holds the documents every ISO plan cites (read from
``docs/law/legal-timeline.toml`` on first use);
:func:`write_out` prints a citation the way Decree 30/2020/NĐ-CP documents write it.

Pure standard library; the only I/O is reading that data file once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

from isoctl.i18n import nfc
from isoctl.lazyre import compile as _compile
from isoctl.lazyre import lazy
from isoctl.records import dataclass, field

# Decree 30/2020/NĐ-CP Phụ lục III (administrative types) and the Law on legal normative
# documents (normative types). Case matters: "TTr", "CTr", "QyĐ".
TYPE_NAMES: dict[str, str] = {
    "QĐ": "Quyết định", "NĐ": "Nghị định", "TT": "Thông tư", "TTLT": "Thông tư liên tịch",
    "NQ": "Nghị quyết", "NQLT": "Nghị quyết liên tịch", "CT": "Chỉ thị", "KH": "Kế hoạch",
    "TB": "Thông báo", "BC": "Báo cáo", "TTr": "Tờ trình", "HD": "Hướng dẫn", "CTr": "Chương trình",
    "QC": "Quy chế", "QyĐ": "Quy định", "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án",
    "BB": "Biên bản", "HĐ": "Hợp đồng", "CĐ": "Công điện", "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận", "GUQ": "Giấy ủy quyền", "GM": "Giấy mời", "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép", "PG": "Phiếu gửi", "PC": "Phiếu chuyển", "PB": "Phiếu báo",
    "VBHN": "Văn bản hợp nhất", "PL": "Pháp lệnh",
}

# Issuing bodies whose codes every plan may cite (national level, and the local bodies).
KNOWN_ISSUERS: dict[str, str] = {
    "TTg": "Thủ tướng Chính phủ", "CP": "Chính phủ", "VPCP": "Văn phòng Chính phủ",
    "BKHCN": "Bộ Khoa học và Công nghệ", "BTC": "Bộ Tài chính", "BNV": "Bộ Nội vụ",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch", "BTP": "Bộ Tư pháp",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư", "BTTTT": "Bộ Thông tin và Truyền thông", "BYT": "Bộ Y tế",
    "BGDĐT": "Bộ Giáo dục và Đào tạo", "BCT": "Bộ Công Thương", "BXD": "Bộ Xây dựng",
    "BGTVT": "Bộ Giao thông vận tải", "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BTNMT": "Bộ Tài nguyên và Môi trường", "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BNNMT": "Bộ Nông nghiệp và Môi trường", "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "BCA": "Bộ Công an", "BQP": "Bộ Quốc phòng", "BNG": "Bộ Ngoại giao",
    "NHNN": "Ngân hàng Nhà nước Việt Nam", "TTCP": "Thanh tra Chính phủ",
    "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "VP": "Văn phòng Ủy ban nhân dân",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
}
_ASSEMBLY = lazy(r"(UBTVQH|QH)(\d{1,2})")


class _WellKnown(Mapping[str, Any]):
    """The documents of ``docs/law/legal-timeline.toml`` by symbol, read on first use."""

    def _table(self) -> dict[str, Any]:
        from isoctl.plan.law import law

        return law().documents

    def __getitem__(self, key: str) -> Any:
        return self._table()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


WELL_KNOWN: Mapping[str, Any] = _WellKnown()

# The word written before a number: the kind of document, and the type code it implies.
KIND_TYPES: dict[str, str | None] = {
    "quyết định": "QĐ", "nghị định": "NĐ", "thông tư liên tịch": "TTLT", "thông tư": "TT",
    "nghị quyết": "NQ", "chỉ thị": "CT", "kế hoạch": "KH", "thông báo": "TB", "báo cáo": "BC",
    "tờ trình": "TTr", "hướng dẫn": "HD", "chương trình": "CTr", "quy chế": "QC", "quy định": "QyĐ",
    "phương án": "PA", "đề án": "ĐA", "công điện": "CĐ", "pháp lệnh": "PL",
    "luật": None, "công văn": None, "văn bản": None,
}


@dataclass(frozen=True)
class Problem:
    """Something malformed in a symbol: ``offset`` is into the symbol; ``suggest`` a better spelling."""

    what: str  # separator | year | type | case | empty | kind
    message: str
    message_vi: str
    offset: int = 0
    suggest: str | None = None


@dataclass(frozen=True)
class Symbol:
    """A number/symbol split into its parts (as written; ``canonical`` is the clean spelling)."""

    raw: str
    number: str
    year: int | None
    type_code: str | None
    issuers: tuple[str, ...]
    units: tuple[str, ...]
    problems: tuple[Problem, ...] = ()
    issuer_offsets: tuple[int, ...] = ()

    @property
    def issuer(self) -> str | None:
        return self.issuers[0] if self.issuers else None

    @property
    def canonical(self) -> str:
        head = f"{self.number}/{self.year}/" if self.year is not None else f"{self.number}/"
        return head + "-".join(p for p in (self.type_code, *self.issuers, *self.units) if p)

    @property
    def key(self) -> str:
        """What identifies the document: the canonical spelling, case-folded."""
        return self.canonical.casefold()


_SEP = "-–—/"


def _split(rest: str) -> list[tuple[str, str, int]]:
    """``rest`` cut at separators: (separator before, part, offset)."""
    out: list[tuple[str, str, int]] = []
    sep, start = "", 0
    for i, ch in enumerate(rest + "\0"):
        if ch in _SEP or ch == "\0":
            out.append((sep, rest[start:i], start))
            sep, start = ch, i + 1
    return out


def _closest(word: str, choices: list[str]) -> str | None:
    from isoctl.suggest import close_matches

    folded = {c.casefold(): c for c in choices}
    if word.casefold() in folded:
        return folded[word.casefold()]
    hit = close_matches(word.casefold(), list(folded))
    return folded[hit[0]] if hit else None


def is_issuer(code: str, own: str | tuple[str, ...] = ()) -> bool:
    """Is ``code`` a known issuer: a national body, the agency's own abbreviation(s), the
    National Assembly of some term, or a provincial department named like its ministry
    (``SKHCN`` for ``BKHCN``)?"""
    owns = (own,) if isinstance(own, str) else own
    if code in KNOWN_ISSUERS or code in owns or _ASSEMBLY.fullmatch(code):
        return True
    return code.startswith("S") and ("B" + code[1:]) in KNOWN_ISSUERS


def closest_issuer(code: str, own: str | tuple[str, ...] = ()) -> str | None:
    owns = [own] if isinstance(own, str) else list(own)
    return _closest(code, [*KNOWN_ISSUERS, *owns, *("S" + c[1:] for c in KNOWN_ISSUERS if c.startswith("B"))])


def parse_symbol(raw: str, kind: str | None = None, own: str | tuple[str, ...] = ()) -> Symbol:
    """Split a number/symbol; what does not follow the forms above is listed in ``problems``.

    ``kind`` is the word written before it ("Quyết định", "Công văn"); it decides whether the
    first code is a type (Quyết định → QĐ) or, for an official letter, the issuer.
    """
    raw = nfc(raw.strip())
    problems: list[Problem] = []
    m = _compile(r"(\d+)\s*/\s*").match(raw)
    if not m:
        return Symbol(raw, "", None, None, (), (), (Problem(
            "empty", f"'{raw}' does not start with a number", f"'{raw}' không bắt đầu bằng số", 0),))
    number, pos = m.group(1), m.end()
    if m.group(0) != m.group(1) + "/":
        problems.append(_separator(raw, m.start() + len(number), "/"))
    year: int | None = None
    ym = _compile(r"(\d+)\s*([/\-–—])\s*").match(raw[pos:])
    if ym:
        digits = ym.group(1)
        if len(digits) != 4:
            problems.append(Problem("year", f"year '{digits}' in '{raw}' must have 4 digits",
                                    f"năm '{digits}' trong '{raw}' phải viết đủ 4 chữ số", pos))
        year = int(digits) if len(digits) == 4 else None
        if ym.group(0) != digits + "/":
            problems.append(_separator(raw, pos + len(digits), "/"))
        pos += ym.end()
    parts = _split(raw[pos:])
    codes: list[tuple[str, int]] = []
    for k, (sep, part, off) in enumerate(parts):
        at = pos + off
        stripped = part.strip()
        if not stripped:
            problems.append(Problem("empty", f"empty part in '{raw}'", f"thiếu một phần trong '{raw}'", at))
            continue
        if k and (sep != "-" or stripped != part):
            problems.append(_separator(raw, at - 1, "-"))
        codes.append((stripped, at + part.index(stripped)))
    type_code, issuers, units = None, [], []
    offsets: list[int] = []
    expected = _kind_type(kind)
    if codes:
        first, first_at = codes[0]
        assembly = _ASSEMBLY.fullmatch(first)
        if assembly and year is not None and len(codes) == 1:
            issuers, offsets = [first], [first_at]
        elif first in TYPE_NAMES:
            type_code = first
            issuers = [c for c, _ in codes[1:2]]
            offsets = [o for _, o in codes[1:2]]
            rest = codes[2:]
            if first in ("TTLT", "NQLT"):  # joint documents: every code after the type is an issuer
                issuers += [c for c, _ in rest]
                offsets += [o for _, o in rest]
                rest = []
            units = [c for c, _ in rest]
            if len(codes) == 1:
                problems.append(Problem("empty", f"'{raw}' names no issuer after '{first}'",
                                        f"'{raw}' thiếu cơ quan ban hành sau '{first}'", first_at))
        elif year is None and expected is None and len(codes) >= 2 and (
                _kind_key(kind) in ("công văn", "văn bản") or (kind is None and is_issuer(first, own))):
            issuers, offsets = [first], [first_at]  # an official letter: ISSUER-UNIT
            units = [c for c, _ in codes[1:]]
        else:
            close = _closest(first, list(TYPE_NAMES))
            if close is not None and close.casefold() == first.casefold():
                problems.append(Problem("case", f"type code '{first}' in '{raw}' is written '{close}'",
                                        f"mã loại văn bản '{first}' trong '{raw}' phải viết là '{close}'",
                                        first_at, close))
                type_code = close
            else:
                suggest = expected or close
                problems.append(Problem(
                    "type", f"unknown type code '{first}' in '{raw}'",
                    f"mã loại văn bản '{first}' trong '{raw}' không tồn tại", first_at, suggest))
                type_code = first
            issuers = [c for c, _ in codes[1:2]]
            offsets = [o for _, o in codes[1:2]]
            units = [c for c, _ in codes[2:]]
    if expected and type_code and type_code != expected and not any(p.what in ("type", "case") for p in problems) \
            and not (expected == "TT" and type_code == "TTLT"):
        problems.append(Problem("kind", f"'{kind}' but the symbol '{raw}' says {TYPE_NAMES.get(type_code, type_code)}",
                                f"ghi '{kind}' nhưng ký hiệu '{raw}' là {TYPE_NAMES.get(type_code, type_code)}",
                                codes[0][1] if codes else 0, expected))
    return Symbol(raw, number, year, type_code, tuple(issuers), tuple(units), tuple(problems), tuple(offsets))


def _separator(raw: str, at: int, want: str) -> Problem:
    return Problem("separator", f"wrong separator in '{raw}': parts are joined by '{want}' without spaces",
                   f"sai dấu phân cách trong '{raw}': các phần nối bằng '{want}', không có dấu cách", at)


def _kind_key(kind: str | None) -> str | None:
    if not kind:
        return None
    k = nfc(kind).lower().strip()
    k = _compile(r"\s+số$").sub("", k)
    return k


def _kind_type(kind: str | None) -> str | None:
    return KIND_TYPES.get(_kind_key(kind) or "")


# --- citations in text -------------------------------------------------------------------------

_TOKEN = r"[A-ZĐ][A-Za-zĐđ0-9&]*"
_SYMBOL = lazy(
    rf"(?<![\w/])(\d{{1,6}})/(?:(\d{{2,4}})[/\-–—])?({_TOKEN}(?:[\-–—/]{_TOKEN})*)(?![\w/])")
_KINDS = sorted(KIND_TYPES, key=len, reverse=True)
_KIND_BEFORE = lazy(r"(?i)(" + "|".join(re.escape(k) for k in _KINDS) + r")(\s+số)?\s*:?\s*$")
_DATE = lazy(
    r"\s*,?\s*(?:ban hành\s+)?ngày\s+(?:"
    r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})"
    r"|(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}))", re.I)
_OF = lazy(r"\s*,?\s*(?:của|do)\s+", re.I)
_ISSUER_NAMES = sorted({*KNOWN_ISSUERS.values(), "Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch",
                        "Bộ trưởng Bộ Lao động - Thương binh và Xã hội"}, key=len, reverse=True)
_ISSUER_END = lazy(r"\s+(?:về|v/v|quy định|hướng dẫn|ban hành|phê duyệt|công bố|thực hiện|sửa đổi)(?!\w)"
                         r"|\s*[,;:.()\n]|\s+-\s|$", re.I)


@dataclass(frozen=True)
class Citation:
    """One citation found in a text (offsets are into that text)."""

    symbol: Symbol
    start: int  # where the symbol starts
    end: int  # where the symbol ends
    kind: str | None = None  # as written: "Quyết định", "Thông tư", "Văn bản"
    kind_start: int | None = None
    date: dt.date | None = None
    date_text: str | None = None
    date_start: int | None = None
    issuer: str | None = None  # issuer phrase as written after "của"
    issuer_start: int | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def cite(self) -> str:
        return self.symbol.raw


def find(text: str, own: str | tuple[str, ...] = ()) -> Iterator[Citation]:
    """Every citation in ``text`` (NFC) with its kind, date and issuer phrase when written.

    ``own`` is the agency's abbreviation: an official letter of its own (``123/SVHTT-VP``) is
    then read as such."""
    for m in _SYMBOL.finditer(text):
        kind = kind_start = None
        before = _KIND_BEFORE.search(text[max(0, m.start() - 40):m.start()])
        if before:
            kind = text[max(0, m.start() - 40) + before.start(1):max(0, m.start() - 40) + before.end(1)]
            kind_start = max(0, m.start() - 40) + before.start(1)
        symbol = parse_symbol(m.group(0), kind, own)
        pos = m.end()
        date = date_text = date_start = None
        dm = _DATE.match(text, pos)
        if dm:
            groups = dm.groups()
            d, mo, y = (groups[0], groups[2], groups[3]) if groups[0] else (groups[4], groups[5], groups[6])
            try:
                date = dt.date(int(y), int(mo), int(d))
            except ValueError:
                date = None
            date_start = dm.start() + dm.group(0).lower().index("ngày")
            date_text = text[date_start:dm.end()]
            pos = dm.end()
        issuer = issuer_start = None
        om = _OF.match(text, pos)
        if om:
            issuer_start = om.end()
            issuer = _issuer_phrase(text, issuer_start)
            if not issuer:
                issuer_start = None
        yield Citation(symbol, m.start(), m.end(), kind, kind_start, date, date_text, date_start, issuer,
                       issuer_start)


def _issuer_phrase(text: str, start: int) -> str | None:
    rest = text[start:]
    low = rest.lower()
    for name in _ISSUER_NAMES:
        if low.startswith(name.lower()) and (len(rest) == len(name) or not rest[len(name)].isalnum()):
            return rest[:len(name)]
    end = _ISSUER_END.search(rest)
    phrase = rest[:end.start() if end else len(rest)].strip()
    words = phrase.split()
    if not words or len(words) > 10:
        return None
    return phrase


_LAW_KINDS = ("luật", "bộ luật", "hiến pháp", "pháp lệnh")


def named_law(cite: str, kind: str | None) -> bool:
    """A law cited by its name instead of a number ("Luật Tổ chức chính quyền địa phương"): laws
    before 2013 have numbers too, but plans cite them by name and date, which is valid."""
    k = _kind_key(kind)
    first = nfc(cite).strip().lower()
    return not first[:1].isdigit() and (k in _LAW_KINDS or first.startswith(tuple(w + " " for w in _LAW_KINDS)))


# the lookahead on the kinds' first letters lets the engine skip to where a kind may start (a
# pattern that opens with a lookbehind gets no such prefix from re): 2.4x faster on the 1,000
# generated plans, the same matches
_BARE = lazy(r"(?i)(?=[" + "".join(sorted({re.escape(k[0]) for k in _KINDS if KIND_TYPES[k]})) + r"])(?<!\w)("
             + "|".join(re.escape(k) for k in _KINDS if KIND_TYPES[k]) + r")(?:\s+số)?\s+(\d{1,6})/(\d{4})(?![\w/])")


@dataclass(frozen=True)
class Bare:
    """A document cited by number and year without its type and issuer ("Quyết định 19/2014")."""

    written: str  # "19/2014"
    start: int
    kind: str
    known: Any  # the well-known document it names


# what finds them quickly: a year after a slash first (re skips to each "/"), then its number and
# the kind before them, read backwards; _BARE, matched where that kind starts, says the rest
_BARE_YEAR = lazy(r"/\d{4}(?![\w/])")
_KIND_AT_END = lazy(r"(?i)(?<!\w)(?:" + "|".join(re.escape(k) for k in _KINDS if KIND_TYPES[k]) + r")\Z")
_LONGEST_KIND = max(len(k) for k in _KINDS)


def _bare_matches(text: str) -> Iterator[re.Match[str]]:
    """``_BARE.finditer(text)``, in a tenth of the time: a match ends at its number, so there is
    one at most for each number, starting where the kind before it (and "số") starts."""
    for year in _BARE_YEAR.finditer(text):
        number = end = year.start()
        while number and end - number <= 6 and text[number - 1].isdecimal():  # \d is [Nd], as isdecimal
            number -= 1
        if not number or number == end or end - number > 6 or not text[number - 1].isspace():
            continue
        end = number
        while end and text[end - 1].isspace():
            end -= 1
        if end >= 3 and text[end - 2:end].lower() == "số" and text[end - 3].isspace():
            end -= 2  # no kind ends in "số": "Quyết định số 19/2014"
            while end and text[end - 1].isspace():
                end -= 1
        kind = _KIND_AT_END.search(text, max(0, end - _LONGEST_KIND), end)
        if kind is not None:
            m = _BARE.match(text, kind.start())
            if m is not None and m.start(2) == number:
                yield m


def find_bare(text: str) -> Iterator[Bare]:
    """Citations without a type code that name exactly one well-known document of that kind."""
    for m in _bare_matches(text):
        code = KIND_TYPES[_kind_key(m.group(1)) or ""]
        hits = [w for w in WELL_KNOWN.values()
                if w.symbol.startswith(f"{m.group(2)}/{m.group(3)}/{code}-")]
        if len(hits) == 1:
            yield Bare(f"{m.group(2)}/{m.group(3)}", m.start(2), m.group(1), hits[0])


def _subject_key(text: str) -> str:
    k = nfc(text).casefold()
    k = _compile(r"\s*\((?:sau đây|dưới đây)\s+(?:viết|gọi)\s+tắt\s+là[^)]*\)").sub("", k)
    k = _compile(r"(\d{1,2}) tháng (\d{1,2}) năm (\d{4})").sub(r"\1/\2/\3", k)
    k = _compile(r"\b0(\d)(?=/)").sub(r"\1", k)
    k = _compile(r"(quyết định|thông tư|nghị định|luật) số ").sub(r"\1 ", k)
    k = _compile(r"[\s\u00a0]+").sub(" ", k).strip(" .;,")
    return _compile(r"^(về )?(việc )?").sub("", k)


def subject_differs(written: str, real: str) -> bool:
    """Does the subject (``about``) written for a document misquote its real title? Quoting only
    its beginning, other case, spacing, "về việc" and the way dates are written do not count."""
    w, r = _subject_key(written), _subject_key(real)
    return bool(w) and not r.startswith(w)


# --- comparing ---------------------------------------------------------------------------------

def issuer_key(phrase: str | None) -> str | None:
    """An issuer phrase reduced for comparison: "Bộ trưởng Bộ X" is "Bộ X", "Ủy ban nhân dân" is
    "UBND", "Chủ tịch UBND X" is "UBND X"; case and spacing do not count."""
    if not phrase:
        return None
    k = nfc(phrase).lower().replace("uỷ", "ủy")
    k = _compile(r"\s+").sub(" ", k).strip(" .,;")
    k = k.replace("ủy ban nhân dân", "ubnd").replace("hội đồng nhân dân", "hđnd")
    k = _compile(r"^(bộ trưởng|chủ tịch|thủ trưởng|giám đốc)\s+(?=(bộ|ubnd|sở)\b)").sub("", k)
    k = k.replace("&", "và").replace("kh và cn", "khoa học và công nghệ").replace("kh&cn", "khoa học và công nghệ")
    return k


def same_issuer(a: str | None, b: str | None) -> bool:
    """Two issuer phrases name the same body (one may shorten the other: "UBND Thành phố" and
    "UBND thành phố Hà Nội")."""
    ka, kb = issuer_key(a), issuer_key(b)
    if ka is None or kb is None:
        return True
    if ka == kb:
        return True
    short, long = sorted((ka, kb), key=len)
    return long.startswith(short + " ")


def near_known(symbol: Symbol) -> Any:
    """The well-known document this symbol misspells (same number and year, type and issuer one or
    two letters off, or other case/separators), or None; the exact spelling is not a near miss."""
    if symbol.raw in WELL_KNOWN or symbol.year is None:
        return None
    best: tuple[int, Any] | None = None
    for known in WELL_KNOWN.values():
        k = parse_symbol(known.symbol)
        if k.number != symbol.number or k.year != symbol.year:
            continue
        written = "-".join(p for p in (symbol.type_code, *symbol.issuers, *symbol.units) if p)
        want = "-".join(p for p in (k.type_code, *k.issuers) if p)
        dist = _distance(written.casefold(), want.casefold())
        if written == want and symbol.canonical != symbol.raw:
            dist = 0  # only the separators differ
        elif written.casefold() == want.casefold():
            dist = 0
        elif symbol.issuer and is_issuer(symbol.issuer) and symbol.issuer.casefold() != (k.issuer or "").casefold():
            continue  # a real, different issuer: a different document
        if dist <= 2 and (best is None or dist < best[0]):
            best = (dist, known)
    return best[1] if best else None


def known(symbol: Symbol) -> Any:
    """The well-known document this symbol names exactly (clean spelling)."""
    return WELL_KNOWN.get(symbol.canonical) if not symbol.problems else WELL_KNOWN.get(symbol.raw)


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (one edit per substitution, insertion, deletion or swap)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def one_edit(a: str, b: str) -> bool:
    """Two different numbers one typo apart: one digit changed, added, dropped, or two swapped."""
    return a != b and _distance(a, b) == 1


# --- writing out -------------------------------------------------------------------------------

def date_vi(day: dt.date) -> str:
    """A date as Decree 30 writes it in figures: leading zero for days under 10 and months 1–2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


_VERB_SUBJECT = lazy(r"(?i)^(về|quy định|hướng dẫn|ban hành|phê duyệt|công bố|sửa đổi|bổ sung|"
                           r"thành lập|kiện toàn|giao|ủy quyền)(?!\w)")


def write_out(c: Any) -> str:
    """A citation in full: "Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ về việc …".

    ``c`` is a basis entry (``cite``, ``kind``, ``date``, ``issuer``, ``about`` — attributes or
    keys), a well-known document or a :class:`Citation`. A basis entry's ``written`` text is
    printed as it is, its ``date_written`` instead of ``date``; a citation by name ("Luật …",
    no number) gets no "số". Missing parts are left out; the kind
    defaults to the one the type code names, and a subject that is itself a verb phrase
    ("quy định chi tiết …") follows without "về".
    """
    def get(name: str) -> Any:
        return c.get(name) if isinstance(c, dict) else getattr(c, name, None)

    if get("written"):
        return nfc(str(get("written")))
    cite = get("cite") or get("symbol")
    if isinstance(cite, Symbol):
        cite = cite.raw
    cite = str(cite or "")
    sym = parse_symbol(cite) if cite else None
    kind = get("kind") or (TYPE_NAMES.get(sym.type_code or "") if sym else None)
    if kind is None and sym is not None and sym.issuer and _ASSEMBLY.fullmatch(sym.issuer) and sym.year:
        kind = "Luật" if sym.issuer.startswith("QH") else None
    if kind and (not _compile(r"\d").search(cite) or nfc(cite).lower().startswith(nfc(kind).lower())):
        out = cite  # cited by its name ("Luật Tiêu chuẩn và Quy chuẩn kỹ thuật"): no number to give
    else:
        out = f"{kind} số {cite}" if kind else cite
    if get("date_written"):
        out += " ngày " + str(get("date_written")).strip()
    elif get("date") is not None:
        out += " ngày " + date_vi(get("date"))
    if get("issuer"):
        out += " của " + str(get("issuer"))
    about = str(get("about") or "").strip()
    if about:
        out += (" " if _VERB_SUBJECT.match(about) else " về ") + about
    return nfc(out)
