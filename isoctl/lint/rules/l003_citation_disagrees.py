"""One number/symbol cited with different dates or different issuers in the same file.

Why:
    A number/symbol identifies one document, which has one date and one issuer. When the basis
    says "Kế hoạch số 136/KH-UBND ngày 04/5/2024" and a duty says "ngày 14/5/2024", one of them
    is wrong; the reader cannot tell which document is meant (Decree 30/2020/NĐ-CP Điều 8, the
    number, symbol and date are what identify a document). The basis entry is taken as the
    reference when there is one, else the first mention; every mention that disagrees with it is
    reported. Issuers are compared loosely: "Bộ trưởng Bộ Khoa học và Công nghệ" is "Bộ Khoa học
    và Công nghệ", "UBND Thành phố" is "Ủy ban nhân dân thành phố Hà Nội" shortened.

    Well-known documents (19/2014/QĐ-TTg …) are checked against their true date and issuer by
    L005 instead.

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
      - cite: 136/KH-UBND
        kind: Kế hoạch
        date: 2024-05-04
        issuer: UBND thành phố
    responsibilities:
      - unit: VP
        duties:
          - Thực hiện Kế hoạch số 136/KH-UBND ngày 14/5/2024 của UBND thành phố.
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
      - cite: 136/KH-UBND
        kind: Kế hoạch
        date: 2024-05-04
        issuer: Ủy ban nhân dân thành phố Hà Nội
    responsibilities:
      - unit: VP
        duties:
          - Thực hiện Kế hoạch số 136/KH-UBND ngày 04/5/2024 của UBND thành phố.
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules._cites import Occurrence, at, occurrences, position
from isoctl.lint.rules.base import RuleContext, Violation
from isoctl.plan.citations import WELL_KNOWN, date_vi, near_known, same_issuer

CODE = "L003"
NAME = "citation-disagrees"
SEVERITY = "error"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.citations
MESSAGE_LINES = True  # its messages name lines

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Cùng một số, ký hiệu được trích dẫn với ngày khác nhau hoặc cơ quan ban hành khác nhau trong cùng một tệp.

Vì sao:
    Một số, ký hiệu xác định một văn bản, có một ngày và một cơ quan ban hành. Khi phần căn cứ ghi
    "Kế hoạch số 136/KH-UBND ngày 04/5/2024" mà một nhiệm vụ lại ghi "ngày 14/5/2024" thì một trong
    hai bị sai; người đọc không biết văn bản nào được nhắc tới (Nghị định 30/2020/NĐ-CP Điều 8: số,
    ký hiệu và ngày là những gì xác định một văn bản). Mục căn cứ được lấy làm chuẩn nếu có, nếu
    không thì lấy lần nhắc đầu tiên; mọi lần nhắc khác với chuẩn đều bị báo. Cơ quan ban hành được
    so sánh nới lỏng: "Bộ trưởng Bộ Khoa học và Công nghệ" là "Bộ Khoa học và Công nghệ", "UBND
    Thành phố" là cách viết tắt của "Ủy ban nhân dân thành phố Hà Nội".

    Văn bản thường gặp (19/2014/QĐ-TTg …) do L005 đối chiếu với ngày và cơ quan ban hành thật.
"""


def groups(occs: list[Occurrence]) -> dict[str, list[Occurrence]]:
    """Occurrences by the document they name (canonical spelling, case-folded)."""
    out: dict[str, list[Occurrence]] = {}
    for o in occs:
        if o.symbol.number:
            out.setdefault(o.symbol.key, []).append(o)
    return out


def _reference(occs: list[Occurrence], attr: str) -> Occurrence | None:
    have = [o for o in occs if getattr(o, attr) is not None]
    basis = [o for o in have if o.in_basis]
    return (basis or have or [None])[0]


def check(ctx: RuleContext) -> Iterator[Violation]:
    for occs in groups(occurrences(ctx)).values():
        if len(occs) < 2:
            continue
        sym = occs[0].symbol
        if sym.canonical in WELL_KNOWN or near_known(sym) is not None:
            continue
        ref = _reference(occs, "date")
        if ref is not None:
            for o in occs:
                if o is not ref and o.date is not None and o.date != ref.date:
                    yield Violation(o.date_path, tr(
                        "{s} is dated {d} here but {r} on line {n}",
                        "{s} ở đây ghi ngày {d} nhưng dòng {n} ghi ngày {r}",
                        s=o.symbol.raw, d=date_vi(o.date), r=date_vi(ref.date), n=position(ctx, ref.date_path, ref.date_offset or 0)[0]),
                        hint=tr("one document has one date: check the original and correct one of them",
                                "một văn bản chỉ có một ngày ban hành: đối chiếu bản gốc và sửa cho thống nhất"),
                        about=(o.symbol.raw,), **at(ctx, o.date_path, o.date_offset, o.date_length))
        ref = _reference(occs, "issuer")
        if ref is not None:
            for o in occs:
                if o is not ref and o.issuer is not None and not same_issuer(o.issuer, ref.issuer):
                    yield Violation(o.issuer_path, tr(
                        "{s} is issued by '{i}' here but by '{r}' on line {n}",
                        "{s} ở đây ghi cơ quan ban hành '{i}' nhưng dòng {n} ghi '{r}'",
                        s=o.symbol.raw, i=o.issuer, r=ref.issuer, n=position(ctx, ref.issuer_path, ref.issuer_offset or 0)[0]),
                        hint=tr("check the original and write the same issuer",
                                "đối chiếu bản gốc và ghi thống nhất cơ quan ban hành"),
                        about=(o.symbol.raw,), **at(ctx, o.issuer_path, o.issuer_offset, len(o.issuer)))
