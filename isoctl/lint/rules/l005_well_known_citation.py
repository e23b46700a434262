"""A well-known document cited with the wrong date or issuer, or its number/symbol misspelt.

Why:
    Every ISO plan cites the same few documents: Decision 19/2014/QĐ-TTg of 05/3/2014 (Prime
    Minister), Circular 26/2014/TT-BKHCN (Ministry of Science and Technology), Decree
    30/2020/NĐ-CP of 05/3/2020 (Government), Circulars 116/2015/TT-BTC and 36/2018/TT-BTC of
    30/3/2018 (Ministry of Finance), Law 64/2025/QH15 of 19/02/2025 (National Assembly). Their
    issuers, and the dates a source confirmed, are known, so a different date or issuer is a
    mistake (Decree 30/2020/NĐ-CP Điều 8); the dates of 26/2014/TT-BKHCN and 116/2015/TT-BTC
    were not found in a published text (``date_checked = false``) and are not compared. So is a symbol one or two letters off ("26/2014/TT-BKHHCN",
    "19/2014/QD-TTg"): the province's inspection reads the basis first (TT 26/2014 Điều 33).
    "Bộ trưởng Bộ Khoa học và Công nghệ" is the same issuer as the Ministry (its subject is
    L007's). A citation in a task's title or text without type
    code and issuer ("Quyết định 19/2014") is reported with the full symbol. A plan that cites a
    well-known document signed after its own date (a 2010 plan citing Decision 19/2014) is
    reported too: text copied from a later plan (for a date no source confirmed, its year counts).
    The documents, their titles and sources are in ``docs/law/legal-timeline.toml``.

    Fixable: ``--fix`` writes the canonical number/symbol.

Fails:
    ```yaml
    basis:
      - cite: 19/2014/QĐ-TTg
        kind: Quyết định
        date: 2014-03-05
        issuer: Thủ tướng Chính phủ
      - cite: 26/2014/TT-BKHHCN
        kind: Thông tư
        date: 2014-10-10
        issuer: Bộ Khoa học và Công nghệ
    ```

    ```yaml
    budget: Theo Thông tư 36/2018/TT-BTC ngày 30/4/2018 của Bộ Tài chính.
    ```

    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: lap-ke-hoach
            title: Xây dựng kế hoạch theo Quyết định 19/2014 của Thủ tướng Chính phủ
    ```

    ```yaml
    year: 2016
    document:
      date: 2016-01-10
    budget: Theo Thông tư 36/2018/TT-BTC ngày 30/3/2018 của Bộ Tài chính.
    ```

Passes:
    ```yaml
    budget: Theo Thông tư 36/2018/TT-BTC ngày 30/3/2018 của Bộ Tài chính và Thông tư 26/2014/TT-BKHCN của Bộ trưởng Bộ Khoa học và Công nghệ.
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import nfc, tr
from isoctl.lint.rules._cites import _SKIP_KEYS, at, occurrences
from isoctl.lint.rules._text import joined_values, values_outside
from isoctl.lint.rules.base import Fix, RuleContext, Violation
from isoctl.plan.citations import WELL_KNOWN, date_vi, find_bare, near_known, same_issuer
from isoctl.plan.law import window

CODE = "L005"
NAME = "well-known-citation"
SEVERITY = "error"
OPTIONS: dict[str, object] = {}
FIXABLE = True
SCOPE = "task"  # each finding: one task and the plan outside its tasks (isoctl.lint.incremental)

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Văn bản thường gặp được trích dẫn sai ngày hoặc cơ quan ban hành, hoặc viết sai số, ký hiệu.

Vì sao:
    Kế hoạch ISO nào cũng trích dẫn một số ít văn bản giống nhau: Quyết định 19/2014/QĐ-TTg ngày
    05/3/2014 (Thủ tướng Chính phủ), Thông tư 26/2014/TT-BKHCN (Bộ Khoa học và Công nghệ), Nghị định
    30/2020/NĐ-CP ngày 05/3/2020 (Chính phủ), Thông tư 116/2015/TT-BTC và 36/2018/TT-BTC ngày
    30/3/2018 (Bộ Tài chính), Luật 64/2025/QH15 ngày 19/02/2025 (Quốc hội). Cơ quan ban hành của
    chúng, và những ngày đã được nguồn xác nhận, là đã biết, nên ngày hoặc cơ quan ban hành khác đi
    là sai (Nghị định 30/2020/NĐ-CP Điều 8); ngày của 26/2014/TT-BKHCN và 116/2015/TT-BTC chưa tìm
    thấy trong văn bản đã công bố (``date_checked = false``) nên không được so sánh. Ký hiệu sai một
    hai chữ ("26/2014/TT-BKHHCN", "19/2014/QD-TTg") cũng vậy: đoàn kiểm tra của tỉnh đọc phần căn cứ
    trước tiên (TT 26/2014 Điều 33). "Bộ trưởng Bộ Khoa học và Công nghệ" cùng là cơ quan ban hành
    với Bộ (trích yếu do L007 kiểm tra). Trích dẫn trong tiêu đề hoặc nội dung nhiệm vụ không có mã
    loại và cơ quan ban hành ("Quyết định 19/2014") được báo kèm ký hiệu đầy đủ. Kế hoạch trích dẫn
    một văn bản thường gặp được ký sau ngày của chính kế hoạch (kế hoạch năm 2010 trích Quyết định
    19/2014) cũng bị báo: đó là đoạn văn chép từ một kế hoạch sau này (với ngày chưa được nguồn nào
    xác nhận thì tính theo năm). Danh sách văn bản, trích yếu và nguồn của chúng ghi trong
    ``docs/law/legal-timeline.toml``.

    Sửa tự động: ``--fix`` ghi lại số, ký hiệu chuẩn.
"""
_TEXT = _SKIP_KEYS | {"about"}


def _later(known, last) -> bool:
    """Whether ``known`` was signed after ``last`` (its year, when its day is not confirmed)."""
    return known.date > last if known.date_checked else known.date.year > last.year


def _later_violation(ctx: RuleContext, known, path, offset: int, length: int, last) -> Violation:
    when = date_vi(known.date) if known.date_checked else str(known.date.year)
    return Violation(path, tr("{k} ({w}) did not exist yet on the plan's date ({d})",
                              "{k} ({w}) chưa được ban hành vào ngày của kế hoạch ({d})",
                              k=known.symbol, w=when, d=date_vi(last) if ctx.plan.document.date or
                              getattr(ctx.plan, "decision", None) else str(last.year)),
                     hint=tr("cite the documents in force on the plan's date (docs/law/legal-timeline.toml), "
                             "or correct the plan's date",
                             "dẫn các văn bản có hiệu lực vào ngày của kế hoạch, hoặc sửa ngày của kế hoạch"),
                     about=("later", known.symbol), **at(ctx, path, offset, length))


def check(ctx: RuleContext) -> Iterator[Violation]:
    last = window(ctx.plan)[1]
    for occ in occurrences(ctx):
        sym = occ.symbol
        near = near_known(sym)
        if near is not None:
            yield Violation(occ.path, tr("'{w}' is a misspelling of {k}", "'{w}' viết sai ký hiệu của {k}",
                                         w=sym.raw, k=near.symbol),
                            hint=tr("write '{k}' ({n} of {d}, {i})", "viết '{k}' ({n} ngày {d} của {i})", k=near.symbol,
                                    n=near.kind, d=date_vi(near.date), i=near.issuer) if near.date_checked else
                            tr("write '{k}' ({n} of {i})", "viết '{k}' ({n} của {i})", k=near.symbol, n=near.kind,
                               i=near.issuer),
                            fix=Fix(occ.path, sym.raw, near.symbol), about=(sym.raw,), **at(ctx, occ.path, occ.offset, len(sym.raw)))
        known = WELL_KNOWN.get(sym.canonical) or near
        if known is None:
            continue
        if _later(known, last):
            yield _later_violation(ctx, known, occ.path, occ.offset, len(sym.raw), last)
        if occ.date is not None and occ.date != known.date and known.date_checked:
            yield Violation(occ.date_path, tr("{k} is dated {d}, not {w}", "{k} ban hành ngày {d}, không phải {w}",
                                              k=known.symbol, d=date_vi(known.date), w=date_vi(occ.date)),
                            hint=tr("write the date {d}", "ghi ngày {d}", d=date_vi(known.date)),
                            about=(sym.raw,), **at(ctx, occ.date_path, occ.date_offset, occ.date_length))
        if occ.issuer is not None and not same_issuer(occ.issuer, known.issuer):
            yield Violation(occ.issuer_path, tr("{k} is issued by {i}, not '{w}'",
                                                "{k} do {i} ban hành, không phải '{w}'",
                                                k=known.symbol, i=known.issuer, w=occ.issuer),
                            hint=tr("write '{i}'", "ghi '{i}'", i=known.issuer),
                            about=(sym.raw,), **at(ctx, occ.issuer_path, occ.issuer_offset, len(occ.issuer)))
    if not any(True for _ in find_bare(joined_values(ctx, _TEXT))):  # most plans: none at all
        return
    for path, text in values_outside(ctx, _TEXT):
        for bare in find_bare(nfc(text)):
            k = bare.known
            if _later(k, last):
                yield _later_violation(ctx, k, path, bare.start, len(bare.written), last)
            yield Violation(path, tr("'{k0} {w}' names {s} without its type code and issuer",
                                     "'{k0} {w}' thiếu mã loại và cơ quan ban hành của {s}",
                                     k0=bare.kind, w=bare.written, s=k.symbol),
                            hint=tr("write '{n} số {s} ngày {d} của {i}'", "viết '{n} số {s} ngày {d} của {i}'",
                                    n=k.kind, s=k.symbol, d=date_vi(k.date), i=k.issuer) if k.date_checked else
                            tr("write '{n} số {s} của {i}'", "viết '{n} số {s} của {i}'", n=k.kind, s=k.symbol, i=k.issuer),
                            about=(bare.written,), **at(ctx, path, bare.start, len(bare.written)))
