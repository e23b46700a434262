"""The subject (``about``) of a well-known document in the basis misquotes its title.

Why:
    A basis entry quotes the subject of the document it cites (trích yếu, Decree 30/2020/NĐ-CP
    Phụ lục I); for the documents every plan cites the title is known
    (``docs/law/legal-timeline.toml``, with its source). Quoting only its beginning, other case or
    spacing, "về việc", the way a date is written and an aside "(sau đây viết tắt là …)" are
    fine; dropping or changing words is not ("… thuộc hệ thống Nhà nước" for "… thuộc hệ thống
    hành chính nhà nước", "TCVN 9001:2008" for "TCVN ISO 9001:2008"): the province's inspection
    reads the basis first (TT 26/2014 Điều 33). Documents whose title no source confirmed are
    not checked.

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
        about: quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống Nhà nước
    ```

Passes:
    ```yaml
    basis:
      - cite: 19/2014/QĐ-TTg
        kind: Quyết định
        date: 2014-03-05
        issuer: Thủ tướng Chính phủ
        about: Về việc áp dụng Hệ thống quản lý chất lượng (sau đây viết tắt là HTQLCL) theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước
      - cite: 26/2014/TT-BKHCN
        kind: Thông tư
        date: 2014-10-10
        issuer: Bộ Khoa học và Công nghệ
        about: Quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules._text import short
from isoctl.lint.rules.base import RuleContext, Violation
from isoctl.plan.citations import WELL_KNOWN, near_known, parse_symbol, subject_differs

CODE = "L007"
NAME = "subject-not-title"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.nothing  # reads no task

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Trích yếu (``about``) của một văn bản thường gặp trong phần căn cứ trích sai tên văn bản.

Vì sao:
    Mỗi mục căn cứ trích trích yếu của văn bản được dẫn (Nghị định 30/2020/NĐ-CP Phụ lục I); với các
    văn bản mà kế hoạch nào cũng dẫn thì tên văn bản đã biết (``docs/law/legal-timeline.toml``, kèm
    nguồn). Chỉ trích phần đầu, khác chữ hoa chữ thường hoặc khoảng trắng, thêm "về việc", viết ngày
    theo cách khác và phần chú thích "(sau đây viết tắt là …)" đều được chấp nhận; bỏ hoặc thay đổi
    chữ thì không ("… thuộc hệ thống Nhà nước" thay cho "… thuộc hệ thống hành chính nhà nước",
    "TCVN 9001:2008" thay cho "TCVN ISO 9001:2008"): đoàn kiểm tra của tỉnh đọc phần căn cứ trước
    tiên (TT 26/2014 Điều 33). Văn bản có tên chưa được nguồn nào xác nhận thì không kiểm tra.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    for i, c in enumerate(ctx.plan.basis):
        if not c.about:
            continue
        sym = parse_symbol(c.cite, c.kind)
        known = WELL_KNOWN.get(sym.canonical) or near_known(sym)
        if known is None or not known.title_checked or not subject_differs(c.about, known.about):
            continue
        yield Violation(("basis", i, "about"), tr(
            "the subject of {k} is not its title: '{w}'", "trích yếu của {k} không đúng tên văn bản: '{w}'",
            k=known.symbol, w=short(c.about, 80)),
            hint=tr("its title: '{t}'", "tên văn bản: '{t}'", t=known.about), about=(known.symbol,))
