"""A plan names a province that no longer existed on its date ("tỉnh Thừa Thiên Huế" in 2025).

Why:
    Thừa Thiên Huế became the centrally governed city of Huế on 1/1/2025 (Resolution
    175/2024/QH15), and Resolution 202/2025/QH15 of 12/6/2025 merged 52 provinces and cities into
    23, leaving 34, whose governments work from 1/7/2025. A plan dated after such a change that
    names "tỉnh Bắc Giang" or "UBND tỉnh Quảng Nam" names a body that no longer exists — usually
    text copied from an older plan. The warning names the successor. The names, dates and their
    sources are in ``docs/law/reorganisation.toml``; a merged province's name counts only after
    "tỉnh" (it may still name a place), an undated plan only when all of its year is after the
    change. The district level is V005's.

Fails:
    ```yaml
    year: 2026
    document:
      date: 2026-01-10
    agency:
      parent: UBND tỉnh Bắc Giang
    ```

    ```yaml
    year: 2025
    document:
      date: 2025-02-10
    agency:
      parent: UBND tỉnh Thừa Thiên Huế
    ```

Passes:
    ```yaml
    year: 2025
    document:
      date: 2025-06-20
    agency:
      parent: UBND tỉnh Bắc Giang
    ```

    ```yaml
    year: 2026
    document:
      date: 2026-01-10
    agency:
      parent: UBND tỉnh Bắc Ninh
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules._text import all_segments_text, cached_scalars
from isoctl.lint.rules.base import RuleContext, Violation
from isoctl.plan.law import defunct_provinces, window

CODE = "V007"
NAME = "defunct-province"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "task"  # each finding: one task and the plan outside its tasks (isoctl.lint.incremental)

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Kế hoạch nêu một tỉnh không còn tồn tại vào ngày của kế hoạch ("tỉnh Thừa Thiên Huế" năm 2025).

Vì sao:
    Thừa Thiên Huế trở thành thành phố Huế trực thuộc trung ương từ ngày 1/1/2025 (Nghị quyết
    175/2024/QH15), và Nghị quyết 202/2025/QH15 ngày 12/6/2025 sắp xếp 52 tỉnh, thành phố thành 23,
    còn lại 34 tỉnh, thành phố, với chính quyền hoạt động từ ngày 1/7/2025. Kế hoạch ghi ngày sau
    một thay đổi như vậy mà nêu "tỉnh Bắc Giang" hay "UBND tỉnh Quảng Nam" là nêu một cơ quan không
    còn tồn tại — thường là đoạn văn chép từ kế hoạch cũ. Cảnh báo nêu tỉnh, thành phố kế thừa. Tên,
    ngày và nguồn ghi trong ``docs/law/reorganisation.toml``; tên tỉnh đã sáp nhập chỉ được tính khi
    đứng sau chữ "tỉnh" (tên đó vẫn có thể là tên một địa danh), kế hoạch không ghi ngày chỉ bị báo
    khi cả năm của nó đều sau thời điểm thay đổi. Cấp huyện do V005 kiểm tra.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    first = window(ctx.plan)[0]
    # the file's text at once first: a province found in a value is found there too (a match across
    # two values only costs the walk below)
    if not defunct_provinces(all_segments_text(ctx), first):
        return
    for scalar in cached_scalars(ctx):
        for seg in scalar.segments:
            for m, prov in defunct_provinces(seg.text, first):
                yield Violation(scalar.path, tr(
                    "'{t}' no longer exists from {s:%d/%m/%Y}: it is part of {n} ({b})",
                    "'{t}' không còn từ ngày {s:%d/%m/%Y}: nay thuộc {n} ({b})",
                    t=m.group(0), s=prov.since, n=prov.new, b=prov.by),
                    hint=tr("name the body of {n} that took over", "ghi cơ quan của {n} đã tiếp nhận", n=prov.new),
                    about=(m.group(0),), line=seg.line, col=seg.col + m.start())
