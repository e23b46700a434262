"""A fixed term of the quality-management vocabulary misspelt ("Kiên toàn Ban chỉ đạo").

Why:
    A plan is an official document (Decree 30/2020/NĐ-CP Art. 8: the text is "chính xác" —
    accurate in wording). Its vocabulary is small and fixed — kiện toàn, chất lượng, tiêu chuẩn,
    lãnh đạo, khắc phục — and copied from year to year, so a wrong tone mark in one of these
    words ("kiên toàn", "lảnh đạo") is a typo that travels into every later plan. Only spellings
    that are not Vietnamese words are listed, so a match is always a mistake.

Fails:
    ```yaml
    phases:
      - id: p
        tasks:
          - id: a
            title: Kiên toàn Ban chỉ đạo ISO.
            lead: [VP]
            when: Tháng 6
    ```

Passes:
    ```yaml
    phases:
      - id: p
        tasks:
          - id: a
            title: Kiện toàn Ban chỉ đạo ISO.
            lead: [VP]
            when: Tháng 6
    ```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.lint.rules._text import all_segments_text, cached_scalars
from isoctl.lint.rules.base import Fix, RuleContext, Violation

CODE = "V006"
NAME = "misspelt-term"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = True
SCOPE = "task"  # each finding: one task and the plan outside its tasks (isoctl.lint.incremental)

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Viết sai chính tả một thuật ngữ cố định về quản lý chất lượng ("Kiên toàn Ban chỉ đạo").

Vì sao:
    Kế hoạch là văn bản chính thức (Nghị định 30/2020/NĐ-CP Điều 8: nội dung văn bản phải "chính
    xác" về từ ngữ). Vốn từ của kế hoạch ít và cố định — kiện toàn, chất lượng, tiêu chuẩn, lãnh
    đạo, khắc phục — và được chép từ năm này sang năm khác, nên sai dấu thanh ở một trong những từ
    này ("kiên toàn", "lảnh đạo") là lỗi gõ sẽ theo vào mọi kế hoạch sau. Chỉ những cách viết không
    phải là từ tiếng Việt mới được liệt kê, nên hễ khớp là chắc chắn sai.
"""

_TERMS: tuple[tuple[str, str], ...] = (
    (r"ki[êế]n to[àả]n|kiện toản", "kiện toàn"),
    (r"chất lương\b", "chất lượng"),
    (r"tiêu chu[ẫẩ]m|tiêu chuẫn", "tiêu chuẩn"),
    (r"lảnh đạo", "lãnh đạo"),
    (r"khắc phuc\b|khắc phúc\b", "khắc phục"),
)
_PATTERN = lazy("|".join(f"(?:{p})" for p, _ in _TERMS), re.I)
_RIGHT = [(lazy(p, re.I), right) for p, right in _TERMS]
# Most files have none: a case-sensitive search of the lower-cased values says so in a third of the
# time of the case-insensitive one (which only differs on a Turkish dotted İ).
_ANY_LOWER = lazy(_PATTERN.pattern)


def _correct(found: str) -> str:
    right = next(r for p, r in _RIGHT if p.fullmatch(found))
    return right[0].upper() + right[1:] if found[0].isupper() else right


def check(ctx: RuleContext) -> Iterator[Violation]:
    if not _ANY_LOWER.search(all_segments_text(ctx).lower()):  # the values' raw text, a term in one is in it
        return
    for scalar in cached_scalars(ctx):
        for seg, m in scalar.find(_PATTERN):
            right = _correct(m.group())
            yield Violation(scalar.path, tr("'{w}' is misspelt: write '{r}'", "'{w}' viết sai chính tả: viết '{r}'",
                                            w=m.group(), r=right),
                            hint=tr("a fixed term of the plan's vocabulary", "thuật ngữ cố định của kế hoạch"),
                            fix=Fix(scalar.path, m.group(), right), about=(m.group(),), line=seg.line,
                            col=seg.col + m.start(), length=len(m.group()))
