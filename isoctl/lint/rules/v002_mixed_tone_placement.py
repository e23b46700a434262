"""Two tone-mark placements mixed in one file ("hòa" and "hoà", "thủy" and "thuỷ").

Why:
    Vietnamese has two accepted conventions for where the tone mark goes in the open syllables
    "oa", "oe", "uy": the traditional one on the first vowel ("hòa", "khỏe", "thủy") and the
    newer one on the second ("hoà", "khoẻ", "thuỷ"). Either is acceptable, but a document should
    keep to one (Decree 30/2020/NĐ-CP asks for a uniform Unicode text; the same name written two
    ways also breaks searching and comparing names). The rule counts both styles over the whole
    file and reports the minority spellings; the fix rewrites them in the majority style. Syllables
    with a final consonant ("hoàn", "toán") and "qu" + "y" ("quý") have only one spelling and are
    not counted.

Fails:
    ```yaml
    purpose:
      - Văn hóa, thể thao, hòa nhập và văn hoá cơ sở.
    ```

Passes:
    ```yaml
    purpose:
      - Văn hóa, thể thao, hòa nhập; hoàn thiện và quý trọng.
    ```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.lint.rules._text import all_segments_text, cached_scalars, put_tone, split_tone
from isoctl.lint.rules.base import Fix, RuleContext, Violation

CODE = "V002"
NAME = "mixed-tone-placement"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = True
SCOPE = "plan"  # the file's majority decides: inputs() below

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Hai cách đặt dấu thanh lẫn lộn trong một tệp ("hòa" và "hoà", "thủy" và "thuỷ").

Vì sao:
    Tiếng Việt có hai cách đặt dấu thanh được chấp nhận cho các vần mở "oa", "oe", "uy": cách truyền
    thống đặt trên nguyên âm thứ nhất ("hòa", "khỏe", "thủy") và cách mới đặt trên nguyên âm thứ hai
    ("hoà", "khoẻ", "thuỷ"). Cách nào cũng được, nhưng một văn bản nên theo một cách (Nghị định
    30/2020/NĐ-CP yêu cầu văn bản Unicode thống nhất; cùng một tên viết hai kiểu còn làm hỏng việc
    tìm kiếm và so sánh tên). Quy tắc đếm cả hai kiểu trên toàn tệp và báo các chữ viết theo kiểu ít
    hơn; cách sửa viết lại chúng theo kiểu chiếm đa số. Các âm tiết có phụ âm cuối ("hoàn", "toán")
    và "qu" + "y" ("quý") chỉ có một cách viết nên không được tính.
"""

_OPEN = lazy(r"(oa|oe|uy)$", re.I)


def _toned(letters: str, bare: bool = True, marked: bool = True) -> str:
    """The letters (``bare``) and each of them carrying one of the five tone marks (``marked``),
    upper and lower case."""
    import unicodedata

    out = set()
    for ch in letters + letters.upper():
        if bare:
            out.add(ch)
        if marked:
            out.update(unicodedata.normalize("NFC", ch + tone) for tone in "\u0300\u0301\u0303\u0309\u0323")
    return "".join(sorted(out))


# Only whole words (maximal runs of letters) ending in o+a, o+e or u+y, each letter bare or with a
# tone mark, can have two placements: the same words a plain letter-run search would pass to
# style(), less the many that cannot qualify.
_O, _AE, _U, _Y = _toned("o"), _toned("ae"), _toned("u"), _toned("y")
_WORD = lazy(rf"(?<![^\W\d_])[^\W\d_]*(?:[{_O}][{_AE}]|[{_U}][{_Y}])(?![^\W\d_])")
# A file has both styles only if its values have a word ending in each: the mark on the first vowel
# ("hòa", "thủy") and on the second ("hoà", "thuỷ"); "quý" has one spelling. Most files keep to
# one style: nothing to compare.
_OLD = lazy(rf"[{_toned('ou', bare=False)}](?:(?<=[{_toned('o', bare=False)}])[aAeE]"
                  rf"|(?<![qQ][{_toned('u', bare=False)}])[yY])(?![^\W\d_])")
_NEW = lazy(rf"[ouOU](?:(?<=[oO])[{_toned('ae', bare=False)}]|(?<![qQ][uU])[{_toned('y', bare=False)}])"
                  rf"(?![^\W\d_])")  # one class first: the search skips fast to the next o or u


@lru_cache(maxsize=4096)
def style(word: str) -> tuple[str, str] | None:
    """('old'|'new', the word in the other style) for a two-way syllable, else None."""
    base, tone, where = split_tone(word)
    if tone is None:
        return None
    m = _OPEN.search(base)
    if not m:
        return None
    start = m.start()
    if base[start:start + 2].lower() == "uy" and start > 0 and base[start - 1].lower() == "q":
        return None
    if where == start:
        return "old", put_tone(base, tone, start + 1)
    if where == start + 1:
        return "new", put_tone(base, tone, start)
    return None


def check(ctx: RuleContext) -> Iterator[Violation]:
    text = all_segments_text(ctx)  # the values' raw text alone: half the file's, and made for V001 already
    if not (_OLD.search(text) and _NEW.search(text)):
        return
    hits = []
    counts = {"old": 0, "new": 0}
    for scalar in cached_scalars(ctx):
        for seg, m in scalar.find(_WORD):
            found = style(m.group())
            if found:
                counts[found[0]] += 1
                hits.append((scalar, seg, m, found))
    if not counts["old"] or not counts["new"]:
        return
    minority = "old" if counts["old"] < counts["new"] else "new"
    if counts["old"] == counts["new"]:
        minority = "new"  # a tie: the traditional placement is the one Decree 30 documents use
    majority_n = counts["old" if minority == "new" else "new"]
    for scalar, seg, m, (kind, other) in hits:
        if kind != minority:
            continue
        word = m.group()
        yield Violation(scalar.path, tr(
            "'{w}' puts the tone mark differently from the rest of the file ({n}× like '{o}')",
            "'{w}' đặt dấu thanh khác phần còn lại của tệp ({n} lần viết kiểu '{o}')",
            w=word, n=majority_n, o=other),
            hint=tr("write '{o}'", "viết '{o}'", o=other),
            fix=Fix(scalar.path, word, other, word=True), about=(word,), line=seg.line, col=seg.col + m.start())


def inputs(ctx: RuleContext, path: tuple) -> tuple:
    """What this rule reads of one task: whether its lines hold either placement, and each word
    of its texts with a placement (the counts and the minority come from these)."""
    from isoctl.lint.rules._inputs import window_text

    n = len(path)
    hits = []
    for scalar in cached_scalars(ctx):
        if tuple(scalar.path[:n]) != tuple(path):
            continue
        for _seg, m in scalar.find(_WORD):
            found = style(m.group())
            if found:
                hits.append((tuple(scalar.path), m.group(), found))
    text = window_text(ctx, path)
    return bool(_OLD.search(text)), bool(_NEW.search(text)), tuple(hits)
