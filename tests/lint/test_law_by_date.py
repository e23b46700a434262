"""D003, citations in text, documents cited before they existed and ISO without TCVN, on plans dated
across the years (2008 to 2026), each judged by the law of its date."""

from __future__ import annotations

import pytest

from isoctl.lint.engine import lint_text
from isoctl.lint.rules.examples import build

OLD = ("basis:\n  - cite: 144/2006/QĐ-TTg\n    kind: Quyết định\n    date: 2006-06-20\n    issuer: Thủ tướng Chính phủ\n"
       "  - cite: 118/2009/QĐ-TTg\n    kind: Quyết định\n    date: 2009-09-30\n    issuer: Thủ tướng Chính phủ\n")


def _plan(year: int, date: str | None, extra: str = "", basis: str | None = None) -> str:
    doc = f"  date: {date}\n" if date else "  date: __delete__\n  number: __delete__\n"
    edition = "TCVN ISO 9001:2008" if year < 2016 else "TCVN ISO 9001:2015"
    text = (f"year: {year}\n" + ("" if date else "status: draft\n") + "document:\n" + doc +
            f"  title: Duy trì, cải tiến Hệ thống quản lý chất lượng theo {edition} năm {year}\n" + extra)
    if basis is None and year < 2014:
        basis = OLD
    return build(text + (basis or ""))


def _found(text: str, code: str) -> list[str]:
    return [f.message for f in lint_text(text).findings if f.code == code]


@pytest.mark.parametrize("year", [2010, 2015, 2022, 2026])
@pytest.mark.parametrize(("day", "expected"), [
    ("{p}-11-01", False), ("{p}-12-31", False), ("{y}-01-02", False), ("{y}-12-30", False),
    ("{p}-10-31", True), ("{p}-03-15", True), ("{n}-01-05", True),
])
def test_d003_across_the_years(year, day, expected) -> None:
    date = day.format(y=year, p=year - 1, n=year + 1)
    assert bool(_found(_plan(year, date), "D003")) is expected


@pytest.mark.parametrize(("year", "date", "text", "expected"), [
    (2010, "2010-01-15", "Thực hiện Quyết định số 19/2014/QĐ-TTg của Thủ tướng Chính phủ.", True),
    (2014, "2014-03-04", "Thực hiện Quyết định số 19/2014/QĐ-TTg của Thủ tướng Chính phủ.", True),  # a day early
    (2014, "2014-03-05", "Thực hiện Quyết định số 19/2014/QĐ-TTg của Thủ tướng Chính phủ.", False),
    (2013, None, "Theo Thông tư 26/2014/TT-BKHCN của Bộ Khoa học và Công nghệ.", True),  # its year: 2014
    (2014, None, "Theo Thông tư 26/2014/TT-BKHCN của Bộ Khoa học và Công nghệ.", False),  # its day unknown
    (2016, "2016-01-10", "Theo Thông tư 36/2018/TT-BTC ngày 30/3/2018 của Bộ Tài chính.", True),
    (2018, "2018-03-29", "Theo Thông tư 36/2018/TT-BTC ngày 30/3/2018 của Bộ Tài chính.", True),
    (2018, "2018-04-02", "Theo Thông tư 36/2018/TT-BTC ngày 30/3/2018 của Bộ Tài chính.", False),
    (2024, "2024-01-15", "Theo Luật số 64/2025/QH15 của Quốc hội.", True),
    (2026, "2026-01-05", "Theo Luật số 64/2025/QH15 của Quốc hội.", False),
])
def test_a_document_cited_before_it_existed(year, date, text, expected) -> None:
    found = [m for m in _found(_plan(year, date, f"purpose:\n  - {text}\n"), "L005") if "did not exist yet" in m]
    assert bool(found) is expected


@pytest.mark.parametrize(("year", "date", "title", "symbol", "later"), [
    (2024, "2024-01-15", "Triển khai Quyết định 19/2014 của Thủ tướng Chính phủ", "19/2014/QĐ-TTg", False),
    (2010, "2010-01-15", "Triển khai Quyết định 144/2006 của Thủ tướng", "144/2006/QĐ-TTg", False),
    (2010, "2010-01-15", "Triển khai Quyết định 19/2014", "19/2014/QĐ-TTg", True),
    (2021, "2021-01-20", "Lưu trữ hồ sơ theo Nghị định 30/2020", "30/2020/NĐ-CP", False),
])
def test_citations_in_task_titles_across_the_years(year, date, title, symbol, later) -> None:
    fragment = f"phases:\n  - id: noi-dung\n    tasks:\n      - id: lap-ke-hoach\n        title: {title}\n"
    found = _found(_plan(year, date, fragment), "L005")
    assert any("without its type code" in m and symbol in m for m in found), found
    assert any("did not exist yet" in m for m in found) is later


@pytest.mark.parametrize(("year", "date", "text", "l008", "c007"), [
    (2010, "2010-01-15", "Áp dụng ISO 9001:2008 trong hoạt động của Sở.", True, False),
    (2010, "2010-01-15", "Áp dụng TCVN ISO 9001:2008 trong hoạt động của Sở.", False, False),
    (2019, "2019-01-10", "Chuyển đổi sang ISO 9001:2015 trong hoạt động của Sở.", True, False),
    (2024, "2024-01-15", "Áp dụng ISO 9001:2008 trong hoạt động của Sở.", True, True),
    (2024, "2024-01-15", "Áp dụng TCVN ISO 9001:2015 (ISO 9001:2015) trong hoạt động của Sở.", False, False),
    (2026, "2026-01-05", "Thí điểm ISO 18091:2020 tại UBND xã.", True, False),
])
def test_iso_without_tcvn_across_the_years(year, date, text, l008, c007) -> None:
    plan = _plan(year, date, f"purpose:\n  - {text}\n")
    assert (bool(_found(plan, "L008")), bool(_found(plan, "C007"))) == (l008, c007)
