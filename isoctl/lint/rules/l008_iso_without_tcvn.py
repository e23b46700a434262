"""A state agency's plan names an ISO standard without "TCVN" ("ISO 9001:2015").

Why:
    State administrative agencies apply the national standard, TCVN ISO 9001:2015 (Decision
    19/2014/QĐ-TTg Điều 2 and Điều 4 name the Tiêu chuẩn quốc gia TCVN ISO 9001; the edition in
    force is in ``docs/law/legal-timeline.toml``), not the international text: a plan that writes
    "ISO 9001:2015" names a standard the agency is not certified against. The international
    equivalent in brackets after the national one ("TCVN ISO 9001:2015 (ISO 9001:2015)") and
    the citations' own titles are not reported.

    Fixable: ``--fix`` writes "TCVN " before it (in a text that names no TCVN standard).

Fails:
    ```yaml
    purpose:
      - Duy trì, cải tiến Hệ thống quản lý chất lượng theo ISO 9001:2015 trong hoạt động của Sở.
    ```

Passes:
    ```yaml
    purpose:
      - Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 (ISO 9001:2015) trong hoạt động của Sở.
    ```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from isoctl.i18n import nfc, tr
from isoctl.lazyre import lazy
from isoctl.lint.rules._cites import _SKIP_KEYS, at
from isoctl.lint.rules._text import joined_values, values_outside
from isoctl.lint.rules.base import Fix, RuleContext, Violation

CODE = "L008"
NAME = "iso-without-tcvn"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = True
SCOPE = "task"  # each finding: one task and the plan outside its tasks (isoctl.lint.incremental)

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Kế hoạch của cơ quan nhà nước nêu tiêu chuẩn ISO mà không có "TCVN" ("ISO 9001:2015").

Vì sao:
    Các cơ quan hành chính nhà nước áp dụng tiêu chuẩn quốc gia TCVN ISO 9001:2015 (Quyết định
    19/2014/QĐ-TTg Điều 2 và Điều 4 nêu Tiêu chuẩn quốc gia TCVN ISO 9001; phiên bản có hiệu lực ghi
    trong ``docs/law/legal-timeline.toml``), không phải văn bản quốc tế: kế hoạch viết "ISO
    9001:2015" là nêu một tiêu chuẩn khác với tiêu chuẩn mà cơ quan công bố phù hợp. Tiêu chuẩn quốc
    tế tương đương ghi trong ngoặc sau tiêu chuẩn quốc gia ("TCVN ISO 9001:2015 (ISO 9001:2015)") và
    tên của chính các văn bản được trích dẫn không bị báo.

    Sửa tự động: ``--fix`` thêm "TCVN " vào trước (trong đoạn văn chưa nêu tiêu chuẩn TCVN nào).
"""

_TEXT = _SKIP_KEYS | {"about"}
# "(?=I)" first: re then skips to each "I" (a pattern that opens with a lookbehind gets no literal
# prefix), 2.6x faster on the 1,000 generated plans, the same matches
_ISO = lazy(r"(?=I)(?<![\w/(])(?<!TCVN )(?<!\(\s)ISO\s+\d{4,5}\s*:\s*\d{4}")


def check(ctx: RuleContext) -> Iterator[Violation]:
    if not _ISO.search(joined_values(ctx, _TEXT)):  # most plans write TCVN every time
        return
    for path, text in values_outside(ctx, _TEXT):
        text = nfc(text)
        if "ISO" not in text:
            continue
        for m in _ISO.finditer(text):
            if text[max(0, m.start() - 5):m.start()].upper().endswith("TCVN "):
                continue
            fix = None if re.search(r"TCVN\s+ISO", text) else Fix(path, m.group(0), "TCVN " + m.group(0))
            yield Violation(path, tr("'{w}': a state agency applies the national standard, TCVN {w}",
                                     "'{w}': cơ quan nhà nước áp dụng tiêu chuẩn quốc gia TCVN {w}", w=m.group(0)),
                            hint=tr("write 'TCVN {w}'", "viết 'TCVN {w}'", w=m.group(0)), fix=fix,
                            about=(m.group(0),), **at(ctx, path, m.start(), len(m.group(0))))
