"""Text that is not NFC-normalised Unicode.

Why:
    Decree 30/2020/NĐ-CP (Điều 8.1, Phụ lục I mục I) requires the Vietnamese Unicode character
    set of TCVN 6909:2001, which is the precomposed (NFC) form. Text pasted from old converters or
    typed with some input methods writes "ệ" as "e" + two combining marks: it looks the same
    but searching, sorting, comparing names and the rendered Word file break. The fix rewrites
    the text in NFC.

Fails:
    ```yaml
    purpose:
      - "Nâng cao hiệu qua\u0309 công tác."
    ```

Passes:
    ```yaml
    purpose:
      - "Nâng cao hiệu quả công tác."
    ```
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.lint.rules._text import all_segments_text, cached_scalars
from isoctl.lint.rules.base import Fix, RuleContext, Violation

CODE = "V001"
NAME = "not-nfc"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = True
SCOPE = "task"  # each finding: one task and the plan outside its tasks (isoctl.lint.incremental)

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Văn bản không ở dạng Unicode chuẩn hóa NFC.

Vì sao:
    Nghị định 30/2020/NĐ-CP (Điều 8.1, Phụ lục I mục I) yêu cầu dùng bộ mã ký tự chữ Việt Unicode
    theo TCVN 6909:2001, tức là dạng dựng sẵn (NFC). Văn bản dán từ các công cụ chuyển mã cũ hoặc gõ
    bằng một số bộ gõ ghi "ệ" thành "e" + hai dấu kết hợp: trông giống nhau nhưng việc tìm kiếm, sắp
    xếp, so sánh tên và tệp Word xuất ra đều bị sai. Cách sửa viết lại văn bản ở dạng NFC.
"""

_WORD = lazy(r"[^\W\d_][\w\u0300-\u036f\u1dc0-\u1dff]*|[\u0300-\u036f]+")


def check(ctx: RuleContext) -> Iterator[Violation]:
    # a line break starts no composition, so the joined text is NFC exactly when every segment is
    if unicodedata.is_normalized("NFC", all_segments_text(ctx)):
        return
    for scalar in cached_scalars(ctx):
        for seg in scalar.segments:
            if unicodedata.is_normalized("NFC", seg.text):
                continue
            bad = [m for m in _WORD.finditer(seg.text) if not unicodedata.is_normalized("NFC", m.group())]
            if not bad:
                continue
            first = bad[0]
            yield Violation(scalar.path, tr(
                "'{w}' is not in NFC form (decomposed Unicode){more}",
                "'{w}' không ở dạng chuẩn NFC (Unicode tổ hợp){more}",
                w=unicodedata.normalize("NFC", first.group()),
                more=tr(" and {n} more on this line", " và {n} chỗ khác trên dòng này", n=len(bad) - 1)
                if len(bad) > 1 else ""),
                hint=tr("re-type it, or run isoctl validate --fix", "gõ lại, hoặc chạy isoctl validate --fix"),
                fix=Fix(scalar.path, seg.text, unicodedata.normalize("NFC", seg.text)),
                about=(unicodedata.normalize("NFC", first.group()),), line=seg.line, col=seg.col + first.start())
