"""The legal data of docs/law/ and every rule that reads it, on plans dated across the years."""

from __future__ import annotations

import datetime as dt
import re
import tomllib

import pytest

from conftest import ROOT
from isoctl.lint.engine import lint_text
from isoctl.lint.rules.examples import build
from isoctl.plan import citations
from isoctl.plan.law import core_bases, data_dir, defunct_provinces, law

OLD_BASIS = """
basis:
  - cite: 144/2006/QĐ-TTg
    kind: Quyết định
    date: 2006-06-20
    issuer: Thủ tướng Chính phủ
  - cite: 118/2009/QĐ-TTg
    kind: Quyết định
    date: 2009-09-30
    issuer: Thủ tướng Chính phủ
"""
NEW_BASIS = """
basis:
  - cite: 19/2014/QĐ-TTg
    kind: Quyết định
    date: 2014-03-05
    issuer: Thủ tướng Chính phủ
  - cite: 26/2014/TT-BKHCN
    kind: Thông tư
    date: 2014-10-10
    issuer: Bộ Khoa học và Công nghệ
"""


def plan(year: int, date: str | None, extra: str = "", title_std: str = "TCVN ISO 9001:2015") -> str:
    doc = f"  date: {date}\n" if date else "  date: __delete__\n  number: __delete__\n"
    status = "" if date else "status: draft\n"
    return build(f"year: {year}\n{status}document:\n{doc}  title: Duy trì, cải tiến Hệ thống quản lý chất lượng theo "
                 f"{title_std} năm {year}\n{extra}")


def codes(text: str) -> list[str]:
    return [f.code for f in lint_text(text).findings]


# --- the data files ------------------------------------------------------------------------------

def test_the_data_is_read_from_docs_law_and_every_entry_has_a_source() -> None:
    assert (data_dir() / "legal-timeline.toml").resolve() == (ROOT / "docs" / "law" / "legal-timeline.toml").resolve()
    for name in ("legal-timeline.toml", "reorganisation.toml"):
        data = tomllib.loads((ROOT / "docs" / "law" / name).read_text(encoding="utf-8"))
        for table, entries in data.items():
            for entry in entries if isinstance(entries, list) else [entries]:
                assert entry.get("source"), (name, table, entry)


def test_the_well_known_table_is_the_data_file() -> None:
    timeline = tomllib.loads((ROOT / "docs" / "law" / "legal-timeline.toml").read_text(encoding="utf-8"))
    assert set(citations.WELL_KNOWN) == {d["symbol"] for d in timeline["document"]}
    for d in timeline["document"]:
        known = citations.WELL_KNOWN[d["symbol"]]
        assert (known.kind, known.date, known.issuer) == (d["kind"], d["date"], d["issuer"])
    for path in (ROOT / "isoctl").rglob("*.py"):  # no second copy of the dates in code
        src = path.read_text(encoding="utf-8")
        assert not re.search(r"date\((2006, 6, 20|2009, 9, 30|2014, 3, 5|2014, 10, 10|2021, 6, 30)\)", src), path


def test_core_basis_periods_follow_each_other_without_gaps() -> None:
    periods = law().core_basis
    for a, b in zip(periods, periods[1:], strict=False):
        assert a.until is not None and b.start == a.until + dt.timedelta(days=1)
    assert periods[-1].until is None
    for p in periods:
        assert all(c in citations.WELL_KNOWN for c in p.cite)
    effective = citations.WELL_KNOWN["19/2014/QĐ-TTg"].effective
    assert [p.cite for p in core_bases(effective, effective)] == [("19/2014/QĐ-TTg",)]


def test_34_provinces_after_1_july_2025() -> None:
    provs = law().provinces
    merged = [p for p in provs if p.since == dt.date(2025, 7, 1)]
    assert len(merged) == 23  # 23 new units, 11 unchanged: 34
    assert len({p.new for p in merged}) == 23
    olds = [n for p in provs for n in p.old]
    assert len(olds) == len(set(olds))
    for p in provs:
        assert not any(re.sub(r"^(tỉnh|thành phố|Thành phố) ", "", p.new) == o for o in p.old)


# --- L006: the core basis of the plan's date -----------------------------------------------------

@pytest.mark.parametrize(("year", "date", "basis", "expected"), [
    (2008, "2008-01-10", OLD_BASIS, False),  # 118/2009 was not yet signed: 144/2006 is enough
    (2010, "2010-01-15", OLD_BASIS, False),
    (2010, "2010-01-15", NEW_BASIS, True),  # documents of 2014 in a 2010 plan
    (2013, None, OLD_BASIS, False),
    (2014, None, OLD_BASIS, False),  # 2014 undated: either regime held during the year
    (2014, None, NEW_BASIS, False),
    (2014, "2014-06-02", "basis:\n  - cite: 19/2014/QĐ-TTg\n    kind: Quyết định\n", False),
    (2015, "2015-01-20", OLD_BASIS, True),
    (2024, "2024-01-15", NEW_BASIS, False),
    (2024, "2024-01-15", OLD_BASIS, True),
])
def test_l006_by_the_plans_date(year, date, basis, expected) -> None:
    found = "L006" in codes(plan(year, date, basis, "TCVN ISO 9001:2008" if year < 2016 else "TCVN ISO 9001:2015"))
    assert found is expected


def test_l006_names_the_documents_of_the_plans_period() -> None:
    text = plan(2010, "2010-01-15", "basis:\n  - cite: 144/2006/QĐ-TTg\n    kind: Quyết định\n", "TCVN ISO 9001:2008")
    [msg] = [f.message for f in lint_text(text).findings if f.code == "L006"]
    assert "118/2009/QĐ-TTg" in msg and "19/2014" not in msg


# --- C007: the edition accepted on the plan's date -----------------------------------------------

@pytest.mark.parametrize(("year", "date", "expected"), [
    (2010, "2010-01-15", False),
    (2016, None, False),
    (2019, "2018-12-20", False),
    (2021, "2021-06-30", False),  # the last day of the transition
    (2021, None, False),  # undated 2021: the first half of the year was still allowed
    (2021, "2021-07-01", True),
    (2022, None, True),
    (2024, "2024-01-15", True),
])
def test_c007_by_the_plans_date(year, date, expected) -> None:
    basis = OLD_BASIS if year < 2014 else NEW_BASIS
    assert ("C007" in codes(plan(year, date, basis, "TCVN ISO 9001:2008"))) is expected


# --- D003: the end of the year before ------------------------------------------------------------

@pytest.mark.parametrize(("date", "expected"), [
    ("2021-11-23", False), ("2021-12-30", False), ("2022-06-01", False),
    ("2021-10-31", True), ("2021-05-18", True), ("2023-01-02", True),
])
def test_d003_accepts_november_and_december_of_the_year_before(date, expected) -> None:
    assert ("D003" in codes(plan(2022, date, NEW_BASIS))) is expected


# --- V005, V007: bodies that no longer existed on the plan's date ---------------------------------

@pytest.mark.parametrize(("year", "date", "text", "code", "expected"), [
    (2024, "2024-12-20", "UBND tỉnh Thừa Thiên Huế", "V007", False),
    (2025, "2025-02-10", "UBND tỉnh Thừa Thiên Huế", "V007", True),
    (2025, None, "Sở Nội vụ Thừa Thiên Huế", "V007", True),  # all of 2025 is after 1/1/2025
    (2025, "2025-06-30", "UBND tỉnh Bắc Giang", "V007", False),
    (2025, "2025-07-01", "UBND tỉnh Bắc Giang", "V007", True),
    (2025, None, "UBND tỉnh Bắc Giang", "V007", False),  # undated 2025: the first half was right
    (2026, None, "UBND tỉnh Hải Dương", "V007", True),
    (2026, "2026-01-05", "UBND tỉnh Bắc Ninh", "V007", False),
    (2026, "2026-01-05", "phường Hòa Bình", "V007", False),  # a place, not the province
    (2026, "2026-01-05", "UBND thành phố Huế", "V007", False),
    (2025, "2025-03-01", "UBND huyện Phú Vang", "V005", False),
    (2025, "2025-08-01", "UBND huyện Phú Vang", "V005", True),
    (2025, None, "UBND cấp huyện", "V005", False),
    (2026, None, "UBND cấp huyện", "V005", True),
])
def test_defunct_bodies_by_the_plans_date(year, date, text, code, expected) -> None:
    found = codes(plan(year, date, NEW_BASIS + f"purpose:\n  - Báo cáo {text} kết quả duy trì hệ thống.\n"))
    assert (code in found) is expected


def test_v007_names_the_successor_and_points_at_the_name() -> None:
    text = plan(2026, "2026-01-05", NEW_BASIS + "purpose:\n  - Báo cáo UBND tỉnh Quảng Nam.\n")
    [f] = [f for f in lint_text(text).findings if f.code == "V007"]
    assert "thành phố Đà Nẵng" in f.message and "202/2025/QH15" in f.message
    line = text.split("\n")[f.line - 1]
    assert line[f.col - 1:].startswith("tỉnh Quảng Nam")


def test_every_old_province_name_is_found_after_tinh() -> None:
    for prov in law().provinces:
        for name in prov.old:
            hits = defunct_provinces(f"Sở Tư pháp tỉnh {name} báo cáo", prov.since)
            assert [p.new for _, p in hits] == [prov.new], name
            assert defunct_provinces(f"tỉnh {name}", prov.since - dt.timedelta(days=1)) == []


# --- what the sources did not confirm is not relied on --------------------------------------------

def test_an_unconfirmed_date_is_marked_and_nothing_depends_on_it() -> None:
    timeline = tomllib.loads((ROOT / "docs" / "law" / "legal-timeline.toml").read_text(encoding="utf-8"))
    for d in timeline["document"]:
        says = d.get("unverified", "")
        known = law().documents[d["symbol"]]
        if not known.date_checked:
            assert "date" in says, d["symbol"]
        if "title" in says:  # a title no source gave is never compared (L007)
            assert not known.title_checked, d["symbol"]
    unchecked = {s for s, d in law().documents.items() if not d.date_checked}
    assert unchecked == {"26/2014/TT-BKHCN", "116/2015/TT-BTC"}
    # the core basis does not change on an unconfirmed day
    days = {p.start for p in law().core_basis} | {p.until for p in law().core_basis if p.until}
    for symbol in unchecked:
        d = law().documents[symbol]
        assert d.date not in days and d.date - dt.timedelta(days=1) not in days


@pytest.mark.parametrize(("date", "expected"), [
    ("2014-11-20", False),  # 26/2014 is of 2014, its day unknown: a late-2014 plan is not asked for it
    ("2014-12-31", False),
    ("2015-01-10", True),
])
def test_l006_asks_for_the_circular_from_2015(date, expected) -> None:
    only19 = "basis:\n  - cite: 19/2014/QĐ-TTg\n    kind: Quyết định\n    date: 2014-03-05\n    issuer: Thủ tướng Chính phủ\n"
    year = int(date[:4]) if date[5:7] != "12" else int(date[:4]) + 1
    assert ("L006" in codes(plan(year, date, only19, "TCVN ISO 9001:2008"))) is expected


@pytest.mark.parametrize(("about", "expected"), [
    ("việc áp dụng hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2000 vào hoạt động của các cơ quan "
     "hành chính nhà nước", False),
    ("Về việc áp dụng hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2000", False),  # its beginning
    ("việc áp dụng hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2000 vào hoạt động của các cơ quan "
     "nhà nước", True),  # "hành chính" dropped
])
def test_l007_checks_the_2006_decision_now_its_title_is_sourced(about, expected) -> None:
    text = plan(2010, "2010-01-15", OLD_BASIS.replace("    issuer: Thủ tướng Chính phủ\n  - cite: 118",
                                                      f"    issuer: Thủ tướng Chính phủ\n    about: {about}\n  - cite: 118", 1),
                "TCVN ISO 9001:2008")
    assert ("L007" in codes(text)) is expected
