"""Units named in a document: split a lead/partner cell into names, give each body one id.

Ids are readable Vietnamese slugs ("van-phong-so"). Variants of one name share the id: case,
"Sở" after an office of a Sở, "BCĐ" for "Ban chỉ đạo", initials for words ("TC-PC" for
"Tổ chức - Pháp chế"), "(nếu có)". The first spelling met is the unit's name.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.records import dataclass, field

_GENERIC = lazy(r"^(các\s+)?(phòng|ban|đơn vị|cơ quan|ngành|địa phương|bộ phận|cán bộ|công chức|viên chức|"
                      r"người lao động|lao động)(\s+(chuyên môn|sự nghiệp))?$",
                      re.IGNORECASE)
_HEAD = lazy(r"(?i)^(các|phòng|ban|đơn vị|văn phòng|sở|trung tâm|tổ|đoàn|lãnh đạo|cơ quan|ubnd|ủy ban|"
                   r"thành viên|chi cục|cục|cán bộ|công chức|viên chức|người|bộ phận|bcđ|hội đồng|thanh tra)\b")
_CONSULTANT = lazy(r"(?i)\b(tư vấn|tổ chức đào tạo|tổ chức đánh giá|tổ chức chứng nhận)\b")
_ASIDE = lazy(r"\s*\((nếu có|nếu cần thiết|nếu cần|thường trực[^)]*)\)\s*$", re.IGNORECASE)
_NOUNS = frozenset("phòng ban đơn vị cơ quan sở tổ đoàn trung tâm cục chi văn lãnh đạo cán bộ công chức viên".split())
_OPTIONAL = lazy(r"\s*\(nếu có\)\s*$", re.IGNORECASE)
_ABBR = {"bcđ": "ban chỉ đạo", "bcd": "ban chỉ đạo", "tgv": "tổ giúp việc", "lđ": "lãnh đạo", "vp": "văn phòng",
         "ubnd": "ủy ban nhân dân", "kh&cn": "khoa học và công nghệ", "khcn": "khoa học và công nghệ"}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def slug(text: str, limit: int = 6) -> str:
    """'Văn phòng Sở' → 'van-phong-so'; at most ``limit`` words."""
    text = _nfc(text).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    words = re.findall(r"[A-Za-z0-9]+", text.lower())
    return "-".join(words[:limit]) or "x"


def split_names(cell: str) -> list[str]:
    """'Văn phòng, các đơn vị thuộc Sở' → two names; 'Các phòng, ban, đơn vị thuộc Sở' stays one."""
    text = " ".join(_nfc(cell).replace("\n", ", ").split())
    text = text.strip(" ;,.")
    if not text:
        return []
    pieces = [p.strip(" -–+•;.") for p in re.split(r"\s*[;,]\s*|\s+và\s+(?=(?:các|Các|Phòng|phòng|Văn phòng|Ban|Đơn vị|đơn vị|Trung tâm|Lãnh đạo|UBND|Đoàn|Tổ)\s)", text)]
    pieces = [p for p in pieces if p]
    out: list[str] = []
    for p in pieces:
        if out and _GENERIC.match(out[-1].split(", ")[-1]) and _GENERIC.match(p.split(" thuộc ")[0].split(" của ")[0]) \
                and p[:1].islower():
            out[-1] = f"{out[-1]}, {p}"
        elif out and p[:1].islower() and not _HEAD.match(p):
            out[-1] = f"{out[-1]}, {p}"   # 'Đoàn kiểm tra … của huyện, thành phố': the name goes on
        else:
            out.append(p)
    return out


@functools.lru_cache(maxsize=4096)
def _key(name: str, agency: str) -> str:
    """A name reduced for matching variants (the same few names are keyed again for every cell)."""
    k = _ASIDE.sub("", _nfc(name)).casefold().replace("uỷ", "ủy").replace("–", "-")
    k = " ".join(k.split())
    words = [_ABBR.get(w, w) for w in k.split(" ")]
    k = " ".join(words)
    ag = " ".join(_nfc(agency).casefold().split())
    for tail in (" " + ag, " sở " + " ".join(ag.split()[1:]) if ag.startswith("sở ") else None, " của sở", " sở"):
        if tail and k.endswith(tail) and len(k) > len(tail):
            k = k[: -len(tail)]
            break
    return k.strip()


def _same_words(a: list[str], b: list[str]) -> bool:
    """Word lists equal but for abbreviations: 'các phòng khối qlnn' ~ 'các phòng khối quản lý nhà nước'."""
    def initials(words: list[str], n: int) -> str:
        return "".join(w[0] for w in words[:n] if w not in ("-", "–", "và", "&"))

    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i, j = i + 1, j + 1
            continue
        for x, y, xi, yj in ((a, b, i, j), (b, a, j, i)):
            token = x[xi].replace("-", "").replace("–", "")
            if len(token) >= 2 and token.isalpha():
                rest = list(y[yj:])
                for n in range(len(token), len(rest) + 1):
                    if initials(rest, n) == token and len(initials(rest, n)) == len(token):
                        if x is a:
                            i, j = i + 1, j + n
                        else:
                            i, j = i + n, j + 1
                        break
                else:
                    continue
                break
        else:
            return False
    return i == len(a) and j == len(b)


def same_unit(a: str, b: str) -> bool:
    """Two unit keys name one body: equal, abbreviated, or one more word at the end ('tỉnh', 'ISO')."""
    if a == b or _initials_match(a, b) or _initials_match(b, a):
        return True
    wa, wb = a.split(), b.split()
    if _same_words(wa, wb):
        return True
    short, long = sorted((wa, wb), key=len)
    if len(short) >= 2 and len(long) == len(short) + 1 and _same_words(short, long[:-1]):
        return True
    # one word less inside a longer name: 'các phòng qlnn' ~ 'các phòng khối qlnn' (~ '… khối quản lý nhà nước')
    if len(short) < 3:
        return False
    return any(_same_words(x[:k] + x[k + 1:], y) for x, y in ((wa, wb), (wb, wa)) for k in range(1, len(x) - 1)
               if x[k].isalpha() and x[k] not in _NOUNS)


def _initials_match(a: str, b: str) -> bool:
    """'phòng tc-pc' ~ 'phòng tổ chức - pháp chế'."""
    wa, wb = a.split(), b.split()
    if not wa or not wb or wa[0] != wb[0] or len(wa) != 2:
        return False
    abbr = wa[1].replace("-", "")
    rest = [w for w in wb[1:] if w not in ("-", "và", "&")]
    initials = "".join(w[0] for w in rest)
    return len(abbr) >= 2 and abbr == initials


@dataclass
class Unit:
    id: str
    name: str
    kind: str = "internal"
    key: str = ""
    where: str = ""
    variants: list[str] = field(default_factory=list)


class Registry:
    """The units of one document, in the order they are first named."""

    def __init__(self, agency: str = "") -> None:
        self.agency = agency
        self.units: list[Unit] = []
        self.preset: dict[str, tuple[str, str]] = {}   # name (NFC) → (id, kind) from an identity record

    def _find(self, key: str) -> Unit | None:
        for u in self.units:
            if u.key == key:
                return u
        for u in self.units:
            if same_unit(key, u.key):
                return u
        return None

    def id_for(self, name: str, where: str) -> tuple[str, bool]:
        """The id of ``name`` and whether this spelling joined an existing unit under another name."""
        name = " ".join(_nfc(name).split())
        if name not in self.preset and self.preset:
            key = _key(name, self.agency)
            for pname in self.preset:
                if _key(pname, self.agency) == key:
                    name = pname
                    break
            else:
                for pname in self.preset:
                    if same_unit(key, _key(pname, self.agency)):
                        name = pname
                        break
        if name in self.preset:
            uid, kind = self.preset[name]
            for u in self.units:
                if u.id == uid:
                    return u.id, False
            self.units.append(Unit(uid, name, kind, _key(name, self.agency), where))
            return uid, False
        key = _key(name, self.agency)
        found = self._find(key)
        if found is not None:
            joined = found.name != name
            if joined and name not in found.variants:
                found.variants.append(name)
            return found.id, joined
        base = slug(_ASIDE.sub("", name)) or "don-vi"
        uid, n = base, 2
        taken = {u.id for u in self.units} | {v[0] for v in self.preset.values()}
        while uid in taken:
            uid, n = f"{base}-{n}", n + 1
        kind = "consultant" if _CONSULTANT.search(name) else "internal"
        self.units.append(Unit(uid, name, kind, key, where))
        return uid, False

    def _presplit(self, cell: str) -> list[str]:
        """Names of the id record first: 'Cán bộ, công chức' stays one when the record has it."""
        names = split_names(cell)
        if not self.preset:
            return names
        out: list[str] = []
        k = 0
        while k < len(names):
            for n in range(len(names) - k, 1, -1):
                joined = ", ".join(names[k:k + n])
                if joined in self.preset:
                    out.append(joined)
                    k += n
                    break
            else:
                out.append(names[k])
                k += 1
        return out

    def ids(self, cell: str, where: str) -> tuple[list[str], list[str], list[str]]:
        """Ids of the names in a cell, the notes on names that joined another spelling, and the
        ids written with '(nếu có)' (taking part only if there is one)."""
        out: list[str] = []
        notes: list[str] = []
        optional: list[str] = []
        for name in self._presplit(cell):
            bare = _OPTIONAL.sub("", name)
            if bare != name and name not in self.preset:
                uid, joined = self.id_for(bare, where)
                optional.append(uid)
            else:
                uid, joined = self.id_for(name, where)
            if joined:
                notes.append(tr("'{a}' read as the same unit as '{b}' ({u})", "'{a}' được đọc là cùng đơn vị với '{b}' ({u})",
                                a=name, b=self.by_id(uid).name, u=uid))
            if uid not in out:
                out.append(uid)
        return out, notes, optional

    def by_id(self, uid: str) -> Unit:
        return next(u for u in self.units if u.id == uid)

    def match_heading(self, heading: str) -> str | None:
        """The unit a responsibilities heading names ('Văn phòng Sở (thường trực BCĐ ISO)')."""
        key = _key(heading, self.agency)
        found = self._find(key)
        if found is None:
            for u in self.units:
                if key.startswith(u.key + " ") and len(u.key) > 6:
                    return u.id
            return None
        return found.id
