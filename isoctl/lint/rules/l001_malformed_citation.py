"""A cited number/symbol that does not follow the Decree 30 form (unknown type code, wrong separators).

Why:
    A document is identified by its number and symbol (số, ký hiệu). Decree 30/2020/NĐ-CP Điều 8
    and Phụ lục I fix their form: ``N/YYYY/TYPE-ISSUER`` for legal normative documents
    (``19/2014/QĐ-TTg``), ``N/TYPE-ISSUER[-UNIT]`` for administrative ones (``125/KH-UBND``) and
    ``N/ISSUER-UNIT`` for an official letter (``7931/VP-KGVX``); the type codes are those of
    Phụ lục III (QĐ, KH, TT, NĐ, BC, TTr …). A symbol that breaks the form — a type code that
    does not exist ("191/Đ-BVHTTDL"), a two-digit year, en dashes or spaces as separators, a kind
    that disagrees with its code ("Quyết định số 125/KH-UBND") — cannot be looked up and will be
    queried at the province's inspection (TT 26/2014/TT-BKHCN Điều 33). A law cited in the
    basis by its name and date without a number ("Luật Tổ chức chính quyền địa phương ngày
    19/6/2015") is valid; without its date it is reported.

    The basis list and citations in all free text are checked. A misspelling of a well-known
    document (19/2014/QĐ-TTg …) is reported by L005 instead, which can fix it.

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
      - cite: 191/Đ-BVHTTDL
        kind: Quyết định
        date: 2024-01-23
    ```

    ```yaml
    requirements:
      - Thực hiện theo Kế hoạch số 97/KH–UBND ngày 28/3/2022 của UBND Thành phố.
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
      - cite: Luật Tổ chức chính quyền địa phương
        kind: Luật
        date: 2015-06-19
    ```

    ```yaml
    requirements:
      - Thực hiện theo Kế hoạch số 97/KH-UBND ngày 28/3/2022 của UBND Thành phố và Văn bản số 7931/VP-KGVX ngày 8/10/2018.
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules._cites import at, occurrences
from isoctl.lint.rules.base import RuleContext, Violation
from isoctl.plan.citations import TYPE_NAMES, named_law, near_known

CODE = "L001"
NAME = "malformed-citation"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "task"  # each finding: one task and the plan outside its tasks (isoctl.lint.incremental)

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Số, ký hiệu được trích dẫn không theo thể thức của Nghị định 30 (mã loại văn bản không có, dấu phân cách sai).

Vì sao:
    Văn bản được xác định bằng số và ký hiệu. Nghị định 30/2020/NĐ-CP Điều 8 và Phụ lục I quy định
    thể thức: ``N/YYYY/TYPE-ISSUER`` đối với văn bản quy phạm pháp luật (``19/2014/QĐ-TTg``),
    ``N/TYPE-ISSUER[-UNIT]`` đối với văn bản hành chính (``125/KH-UBND``) và ``N/ISSUER-UNIT`` đối
    với công văn (``7931/VP-KGVX``); trong đó N là số, YYYY là năm, TYPE là mã loại văn bản theo Phụ
    lục III (QĐ, KH, TT, NĐ, BC, TTr …), ISSUER là mã cơ quan ban hành, UNIT là mã đơn vị soạn thảo.
    Ký hiệu sai thể thức — mã loại không có ("191/Đ-BVHTTDL"), năm hai chữ số, dấu gạch ngang dài
    hoặc dấu cách làm dấu phân cách, tên loại không khớp với mã ("Quyết định số 125/KH-UBND") — thì
    không tra cứu được và sẽ bị hỏi khi tỉnh kiểm tra (TT 26/2014/TT-BKHCN Điều 33). Luật được trích
    trong căn cứ bằng tên và ngày mà không có số ("Luật Tổ chức chính quyền địa phương ngày
    19/6/2015") là hợp lệ; thiếu cả ngày thì bị báo.

    Quy tắc kiểm tra danh sách căn cứ và các trích dẫn trong mọi đoạn văn bản. Số, ký hiệu viết sai
    của văn bản thường gặp (19/2014/QĐ-TTg …) do L005 báo, quy tắc đó sửa được.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    for occ in occurrences(ctx):
        sym = occ.symbol
        if not sym.problems or near_known(sym) is not None:
            continue
        problem = sym.problems[0]
        if occ.in_basis and named_law(sym.raw, occ.kind):
            if occ.date is None:
                yield Violation(occ.path, tr("the law '{w}' is cited by name without its date",
                                             "luật '{w}' được trích dẫn theo tên nhưng thiếu ngày", w=sym.raw),
                                hint=tr("add 'date:' (the day it was passed)", "bổ sung 'date:' (ngày thông qua)"),
                                about=(sym.raw,), **at(ctx, occ.path, occ.offset, len(sym.raw)))
            continue
        hint = None
        if problem.suggest:
            hint = tr("did you mean '{s}' ({n})?", "có phải ý bạn là '{s}' ({n})?", s=problem.suggest,
                      n=TYPE_NAMES.get(problem.suggest, problem.suggest))
        elif problem.what == "separator":
            hint = tr("write '{c}'", "viết '{c}'", c=sym.canonical)
        yield Violation(occ.path, tr(problem.message, problem.message_vi), hint=hint, about=(sym.raw,),
                        **at(ctx, occ.path, occ.offset + problem.offset, _part_length(sym.raw, problem.offset)))


def _part_length(raw: str, offset: int) -> int:
    """How far the malformed part reaches: a run of letters and digits, or of the other characters."""
    if offset >= len(raw):
        return 1
    word = raw[offset].isalnum()
    end = offset
    while end < len(raw) and raw[end].isalnum() == word:
        end += 1
    return max(1, end - offset)
