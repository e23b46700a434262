"""The basis does not cite the core documents in force on the plan's date.

Why:
    The yearly ISO plan exists because Decision 19/2014/QĐ-TTg (Điều 4) requires agencies to
    build, apply, maintain and improve their quality management system, and Circular
    26/2014/TT-BKHCN (Điều 7.2) details how; every plan's basis (Căn cứ / Thực hiện) cites both,
    and the province's inspection checks the plan against them (TT 26/2014 Điều 33). Before
    Decision 19/2014 took effect (18/5/2014) the basis was Decision 144/2006/QĐ-TTg and, from
    30/9/2009, Decision 118/2009/QĐ-TTg: a plan is judged by the documents of its date (its
    document date, else any day of its year), as listed in ``docs/law/legal-timeline.toml``.
    A plan file that holds only an appendix of its document (``document.appendix``) has no
    basis of its own and is not checked. A misspelt citation (L005) counts as present.

Fails:
    ```yaml
    basis:
      - cite: 19/2014/QĐ-TTg
        kind: Quyết định
        date: 2014-03-05
        issuer: Thủ tướng Chính phủ
    ```

Passes:
    ```yaml
    basis:
      - cite: 19/2014/QĐ-TTg
        kind: Quyết định
        date: 2014-03-05
        issuer: Thủ tướng Chính phủ
      - cite: 26/2014/TT-BKHCN
        kind: Thông tư
        date: 2014-10-10
        issuer: Bộ Khoa học và Công nghệ
    ```

    ```yaml
    document:
      appendix: Phụ lục I
    basis: []
    ```

    ```yaml
    year: 2010
    document:
      date: 2010-01-15
    basis:
      - cite: 144/2006/QĐ-TTg
        kind: Quyết định
        date: 2006-06-20
        issuer: Thủ tướng Chính phủ
      - cite: 118/2009/QĐ-TTg
        kind: Quyết định
        date: 2009-09-30
        issuer: Thủ tướng Chính phủ
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules.base import RuleContext, Violation
from isoctl.plan.citations import WELL_KNOWN, near_known, parse_symbol
from isoctl.plan.law import core_bases, window

CODE = "L006"
NAME = "core-basis-missing"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.nothing  # reads no task

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Phần căn cứ không trích dẫn các văn bản cốt lõi có hiệu lực vào ngày của kế hoạch.

Vì sao:
    Kế hoạch ISO hằng năm có là vì Quyết định 19/2014/QĐ-TTg (Điều 4) yêu cầu các cơ quan xây dựng,
    áp dụng, duy trì và cải tiến Hệ thống quản lý chất lượng, và Thông tư 26/2014/TT-BKHCN (Điều
    7.2) quy định chi tiết cách làm; phần căn cứ của mọi kế hoạch (Căn cứ / Thực hiện) trích dẫn cả
    hai, và tỉnh kiểm tra kế hoạch theo hai văn bản này (TT 26/2014 Điều 33). Trước khi Quyết định
    19/2014 có hiệu lực (18/5/2014), căn cứ là Quyết định 144/2006/QĐ-TTg và, từ 30/9/2009, Quyết
    định 118/2009/QĐ-TTg: kế hoạch được đánh giá theo các văn bản của thời điểm ban hành (ngày văn
    bản, nếu không có thì bất kỳ ngày nào trong năm của kế hoạch), như liệt kê trong
    ``docs/law/legal-timeline.toml``. Tệp kế hoạch chỉ chứa phụ lục của văn bản
    (``document.appendix``) không có căn cứ riêng nên không bị kiểm tra. Trích dẫn viết sai (L005)
    vẫn được tính là có.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    plan = ctx.plan
    if plan.document.appendix:
        return
    cited = set()
    for c in plan.basis:
        sym = parse_symbol(c.cite, c.kind)
        near = near_known(sym)
        cited.add(near.symbol if near else sym.canonical)
    periods = core_bases(*window(plan))
    if not periods or any(all(s in cited for s in p.cite) for p in periods):
        return
    missing = [s for s in periods[-1].cite if s not in cited]
    names = ", ".join(f"{WELL_KNOWN[s].kind} {s}" for s in missing)
    has_basis = "basis" in (ctx.loaded.data or {})
    yield Violation(("basis",) if has_basis else ("document",), tr(
        "the basis does not cite {m}", "phần căn cứ thiếu {m}", m=names),
        hint=tr("add it to 'basis' (Thực hiện / Căn cứ)", "bổ sung vào 'basis' (Thực hiện / Căn cứ)"), key=True,
        about=tuple(missing))
