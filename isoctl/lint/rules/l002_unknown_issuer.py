"""A citation whose issuer code is neither a known body's nor the agency's own.

Why:
    The code after the type in a symbol names the issuing body (Decree 30/2020/NĐ-CP Phụ lục
    I, mục I.3): TTg (Prime Minister), CP (Government), BKHCN, BTC, BNV, BVHTTDL … (ministries),
    UBND, HĐND, VP (the People's Committee's office, in official letters), QH15 (the National
    Assembly), a provincial department named like its ministry (SKHCN, STC …), and the agency's
    own abbreviation (``agency.abbr``). Any other code is almost always a typo ("BKHHCN") and
    makes the citation impossible to look up.

    A misspelt well-known document (26/2014/TT-BKHHCN) is reported — and fixed — by L005.

Fails:
    ```yaml
    budget: Theo Thông tư 55/2019/TT-BTTC ngày 30/8/2019.
    ```

Passes:
    ```yaml
    budget: Theo Kế hoạch số 12/KH-SKHCN và Công văn số 45/SKHCN-VP của Sở.
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules._cites import at, occurrences, own_codes
from isoctl.lint.rules.base import RuleContext, Violation
from isoctl.plan.citations import closest_issuer, is_issuer, near_known

CODE = "L002"
NAME = "unknown-issuer"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "task"  # each finding: one task and the plan outside its tasks (isoctl.lint.incremental)

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Trích dẫn có mã cơ quan ban hành không phải của cơ quan đã biết, cũng không phải của chính cơ quan.

Vì sao:
    Mã đứng sau loại văn bản trong ký hiệu là mã cơ quan ban hành (Nghị định 30/2020/NĐ-CP Phụ lục
    I, mục I.3): TTg (Thủ tướng Chính phủ), CP (Chính phủ), BKHCN, BTC, BNV, BVHTTDL … (các Bộ),
    UBND, HĐND, VP (Văn phòng UBND, trong công văn), QH15 (Quốc hội), sở của tỉnh đặt tên theo Bộ
    tương ứng (SKHCN, STC …), và tên viết tắt của chính cơ quan (``agency.abbr``). Mã khác hầu như
    luôn là lỗi gõ ("BKHHCN") và làm cho văn bản được trích không tra cứu được.

    Số, ký hiệu viết sai của văn bản thường gặp (26/2014/TT-BKHHCN) do L005 báo — và sửa.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    own = own_codes(ctx.plan)
    for occ in occurrences(ctx):
        sym = occ.symbol
        if near_known(sym) is not None or any(p.what in ("type", "empty") for p in sym.problems):
            continue
        for code, off in zip(sym.issuers, sym.issuer_offsets, strict=True):
            if is_issuer(code, own):
                continue
            close = closest_issuer(code, own)
            yield Violation(occ.path, tr("unknown issuer code '{c}' in '{s}'",
                                         "mã cơ quan ban hành '{c}' trong '{s}' không có trong danh mục",
                                         c=code, s=sym.raw),
                            hint=tr("did you mean '{k}'?", "có phải ý bạn là '{k}'?", k=close) if close else
                            tr("if it is your agency's code, set agency.abbr", "nếu là mã của cơ quan, khai báo agency.abbr"),
                            about=(sym.raw, code), **at(ctx, occ.path, occ.offset + off, len(code)))
