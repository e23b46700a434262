"""Two numbers that read as one document: same type and issuer, numbers one typo apart, dates that agree.

Why:
    When the basis cites "Quyết định số 5264/QĐ-UBND ngày 28/12/2022" and a duty cites
    "Quyết định số 5261/QĐ-UBND" for the same purpose, the reader cannot tell whether there are
    two decisions or one mistyped number — and a wrong number sends units to the wrong text
    (Decree 30/2020/NĐ-CP Điều 8: number, symbol and date identify a document).

    Precisely: two different numbers are reported when their symbols are otherwise the same
    (type code, issuer, unit and year), the numbers are one typo apart (one digit changed, added
    or dropped, or two neighbouring digits swapped), and the dates do not tell them apart: both
    written and equal, or at least one of the two never dated anywhere in the file. Two numbers
    with different dates are two documents and are not reported. The finding is placed on the
    mention outside the basis (the basis is the reference list), else on the later one.

Fails:
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
      - cite: 5264/QĐ-UBND
        kind: Quyết định
        date: 2022-12-28
    responsibilities:
      - unit: PHONG
        duties:
          - Phân cấp ủy quyền giải quyết TTHC (Quyết định số 5261/QĐ-UBND).
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
      - cite: 5264/QĐ-UBND
        kind: Quyết định
        date: 2022-12-28
      - cite: 5261/QĐ-UBND
        kind: Quyết định
        date: 2022-12-27
    responsibilities:
      - unit: PHONG
        duties:
          - Phân cấp ủy quyền giải quyết TTHC (Quyết định số 5264/QĐ-UBND, Quyết định số 5261/QĐ-UBND).
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules._cites import at, occurrences, position
from isoctl.lint.rules.base import RuleContext, Violation
from isoctl.lint.rules.l003_citation_disagrees import groups
from isoctl.plan.citations import one_edit

CODE = "L004"
NAME = "two-numbers-one-decision"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.citations
MESSAGE_LINES = True  # its messages name lines

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Hai số đọc như cùng một văn bản: cùng loại và cơ quan ban hành, hai số chỉ khác nhau một lỗi gõ, ngày không mâu thuẫn.

Vì sao:
    Khi phần căn cứ trích "Quyết định số 5264/QĐ-UBND ngày 28/12/2022" và một nhiệm vụ trích "Quyết
    định số 5261/QĐ-UBND" cho cùng mục đích, người đọc không biết có hai quyết định hay chỉ một số
    bị gõ sai — và số sai đưa các đơn vị tới nhầm văn bản (Nghị định 30/2020/NĐ-CP Điều 8: số, ký
    hiệu và ngày xác định văn bản).

    Cụ thể: hai số khác nhau bị báo khi các phần còn lại của ký hiệu giống nhau (mã loại, cơ quan
    ban hành, đơn vị và năm), hai số chỉ khác nhau một lỗi gõ (thay, thêm hoặc bớt một chữ số, hoặc
    đổi chỗ hai chữ số liền nhau), và ngày không phân biệt được chúng: cả hai đều ghi ngày và trùng
    nhau, hoặc ít nhất một trong hai không được ghi ngày ở đâu trong tệp. Hai số có ngày khác nhau
    là hai văn bản và không bị báo. Thông báo được đặt ở lần nhắc ngoài phần căn cứ (căn cứ là danh
    sách chuẩn), nếu không thì ở lần nhắc sau.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    table = list(groups(occurrences(ctx)).values())
    reported: set[str] = set()
    for i, a in enumerate(table):
        for b in table[i + 1:]:
            sa, sb = a[0].symbol, b[0].symbol
            if (sa.type_code, sa.issuers, sa.units, sa.year) != (sb.type_code, sb.issuers, sb.units, sb.year):
                continue
            if not sa.issuers or not one_edit(sa.number, sb.number):
                continue
            da = {o.date for o in a if o.date is not None}
            db = {o.date for o in b if o.date is not None}
            if da and db and not (da & db):
                continue
            # report on the one outside the basis, else on the later one
            a_basis, b_basis = any(o.in_basis for o in a), any(o.in_basis for o in b)
            if a_basis and not b_basis:
                ref, odd = a, b
            elif b_basis and not a_basis:
                ref, odd = b, a
            else:
                first = min(position(ctx, a[0].path, a[0].offset), position(ctx, b[0].path, b[0].offset))
                ref, odd = (a, b) if position(ctx, a[0].path, a[0].offset) == first else (b, a)
            if odd[0].symbol.key in reported:
                continue
            reported.add(odd[0].symbol.key)
            line = position(ctx, ref[0].path, ref[0].offset)[0]
            for o in odd:
                yield Violation(o.path, tr(
                    "{s} and {r} (line {n}) read as one document: same type and issuer, numbers one digit apart",
                    "{s} và {r} (dòng {n}) giống như một văn bản: cùng loại, cùng cơ quan ban hành, số chỉ khác một chữ số",
                    s=o.symbol.raw, r=ref[0].symbol.raw, n=line),
                    hint=tr("check the number against the original; if both exist, give each its date",
                            "đối chiếu số với bản gốc; nếu là hai văn bản, ghi rõ ngày ban hành của từng văn bản"),
                    about=(o.symbol.raw, ref[0].symbol.raw), **at(ctx, o.path, o.offset, len(o.symbol.raw)))
