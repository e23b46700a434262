"""The standard the plan applies is unknown, not yet published or no longer accepted on its date, or the title names another.

Why:
    State administrative agencies apply the national standard in force (Decision
    19/2014/QĐ-TTg Điều 2, Điều 4): TCVN ISO 9001:2015 today, TCVN ISO 9001:2008 until the
    transition ended on 30/6/2021 (Công văn 419/BKHCN-TĐC), and local governments may pilot TCVN
    ISO 18091:2020, the guidelines for applying TCVN ISO 9001 in local government. A plan's
    ``standard`` (TCVN ISO 9001:2015 when absent) is checked against ``docs/law/legal-timeline.toml``
    on the plan's date: a standard isoctl does not know, one published after the plan's date, or
    one no longer accepted then is reported; so is a title that names only another standard
    ("… thí điểm áp dụng TCVN ISO 18091:2020" with no ``standard: TCVN ISO 18091:2020``), since
    the inspection (TT 26/2014 Điều 33) judges the plan by the standard it says it applies.
    When ``standard`` is absent only the title is checked.

Fails:
    ```yaml
    standard: TCVN ISO 9001:2020
    ```

    ```yaml
    document:
      title: Triển khai thí điểm áp dụng TCVN ISO 18091:2020 tại UBND huyện năm 2024
    ```

    ```yaml
    year: 2019
    document:
      date: 2019-01-10
    standard: TCVN ISO 18091:2020
    ```

Passes:
    ```yaml
    standard: TCVN ISO 18091:2020
    document:
      title: Triển khai thí điểm áp dụng TCVN ISO 18091:2020 tại UBND huyện năm 2024
    ```

    ```yaml
    standard: TCVN ISO 9001:2015
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import nfc, tr
from isoctl.lazyre import lazy
from isoctl.lint.rules import _inputs
from isoctl.lint.rules._cites import at
from isoctl.lint.rules.base import RuleContext, Violation
from isoctl.plan.law import edition_named, law, window
from isoctl.plan.modelbase import DEFAULT_STANDARD

CODE = "C008"
NAME = "standard"
SEVERITY = "error"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.nothing  # reads no task

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Tiêu chuẩn kế hoạch áp dụng không xác định, chưa được công bố hoặc không còn được chấp nhận vào ngày của kế hoạch, hoặc tiêu đề lại nêu tiêu chuẩn khác.

Vì sao:
    Các cơ quan hành chính nhà nước áp dụng tiêu chuẩn quốc gia đang có hiệu lực (Quyết định
    19/2014/QĐ-TTg Điều 2, Điều 4): hiện nay là TCVN ISO 9001:2015, TCVN ISO 9001:2008 cho đến khi
    kết thúc chuyển đổi ngày 30/6/2021 (Công văn 419/BKHCN-TĐC), và chính quyền địa phương có thể
    thí điểm TCVN ISO 18091:2020, hướng dẫn áp dụng TCVN ISO 9001 tại chính quyền địa phương. Tiêu
    chuẩn ``standard`` của kế hoạch (TCVN ISO 9001:2015 khi không ghi) được đối chiếu với
    ``docs/law/legal-timeline.toml`` theo ngày của kế hoạch: tiêu chuẩn isoctl không biết, tiêu
    chuẩn công bố sau ngày của kế hoạch, hoặc tiêu chuẩn khi đó không còn được chấp nhận đều bị báo;
    tiêu đề chỉ nêu một tiêu chuẩn khác cũng bị báo ("… thí điểm áp dụng TCVN ISO 18091:2020" mà
    không có ``standard: TCVN ISO 18091:2020``), vì đoàn kiểm tra (TT 26/2014 Điều 33) đánh giá kế
    hoạch theo tiêu chuẩn mà kế hoạch nói là áp dụng. Khi không ghi ``standard`` thì chỉ kiểm tra
    tiêu đề.
"""

_NAMED = lazy(r"(?:TCVN\s+)?ISO\s+\d{4,5}\s*:\s*\d{4}")


def check(ctx: RuleContext) -> Iterator[Violation]:
    plan = ctx.plan
    first, last = window(plan)
    given = nfc(plan.standard) if plan.standard else None
    edition = edition_named(given or DEFAULT_STANDARD)
    if given is not None:
        if edition is None:
            known = ", ".join(e.name for e in law().editions)
            yield Violation(("standard",), tr("'{s}' is not a standard isoctl knows for a state agency's plan",
                                              "'{s}' không phải tiêu chuẩn isoctl biết cho kế hoạch của cơ quan nhà nước",
                                              s=given), hint=tr("known: {k}", "các tiêu chuẩn: {k}", k=known),
                            about=("unknown",))
            return
        if edition.published_after(last):
            when = edition.published.strftime("%d/%m/%Y") if edition.published else str(edition.published_in)
            yield Violation(("standard",), tr(
                "{s} was published in {w}, after the plan's date", "{s} được công bố năm {w}, sau ngày của kế hoạch",
                s=edition.name, w=when) if not edition.published else tr(
                "{s} was published on {w}, after the plan's date", "{s} được công bố ngày {w}, sau ngày của kế hoạch",
                s=edition.name, w=when),
                hint=tr("check 'standard' and the plan's date", "kiểm tra 'standard' và ngày của kế hoạch"),
                about=("unpublished",))
        if edition.accepted_until is not None and edition.accepted_until < first:
            yield Violation(("standard",), tr(
                "{s} is no longer accepted after {d:%d/%m/%Y}", "{s} không còn được chấp nhận sau ngày {d:%d/%m/%Y}",
                s=edition.name, d=edition.accepted_until),
                hint=tr("write {n}", "ghi {n}", n=edition.successor), about=("stale",))
    family = edition.family if edition is not None else None
    title = nfc(plan.document.title)
    named = [(m, edition_named(m.group(0))) for m in _NAMED.finditer(title)]
    named = [(m, e) for m, e in named if e is not None]
    if family is None or not named or any(e.family == family for _, e in named):
        return
    m, other = named[0]
    applied = edition.name if edition is not None else DEFAULT_STANDARD
    yield Violation(("document", "title"), tr(
        "the title names {o} but the plan applies {s}{d}", "trích yếu ghi {o} nhưng kế hoạch áp dụng {s}{d}",
        o=m.group(0), s=applied, d="" if given else tr(" (the default)", " (mặc định)")),
        hint=tr("write 'standard: {o}'", "ghi 'standard: {o}'", o=other.name), about=("title", other.name),
        **at(ctx, ("document", "title"), m.start(), len(m.group(0))))
