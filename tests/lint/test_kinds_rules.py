"""The rules by kind of plan, on plans written as the agencies that issue them write them
(tests/kinds/: a province's inspection plan, a ten-year programme issued by a decision, a
district's pilot of TCVN ISO 18091:2020, a ministry's decision of 2010), and C008–C010, D001,
D003, D008 and S001 on plans of each kind dated across the years."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from isoctl.lint.engine import lint_text
from isoctl.lint.rules.examples import build

KINDS = Path(__file__).resolve().parents[1] / "kinds"
OWN_SYSTEM = ("C001", "C002", "C003", "C004", "C005", "C006")


def codes(text: str) -> list[str]:
    return sorted(f.code for f in lint_text(text).findings)


@pytest.mark.parametrize("name", sorted(p.name for p in KINDS.glob("*.yaml")))
def test_the_plans_of_other_agencies_are_clean(name: str) -> None:
    assert codes((KINDS / name).read_text(encoding="utf-8")) == []


def _as_maintenance(name: str) -> str:
    data = yaml.safe_load((KINDS / name).read_text(encoding="utf-8"))
    for key in ("kind", "period", "inspects"):
        data.pop(key, None)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_an_inspection_plan_is_not_judged_as_the_agencys_own_cycle() -> None:
    # the same plan read as the agency's own yearly plan has no audit, review, objectives …
    found = set(codes(_as_maintenance("inspection-2024.yaml")))
    assert {"C001", "C002", "C004", "C006"} <= found


def test_a_programme_is_not_judged_as_one_years_plan() -> None:
    text = _as_maintenance("programme-2021-2030.yaml")
    found = codes(text)
    assert {"C001", "C002", "S001"} <= set(found)  # no audit, and 2023 … 2030 outside the year 2021


def test_the_own_system_rules_apply_to_the_agencys_plan_only() -> None:
    bare = "phases:\n  - id: noi-dung\n    tasks:\n" + "".join(
        f"      - id: {t}\n        __delete__: true\n" for t in (
            "muc-tieu-chat-luong", "cap-nhat-van-ban", "dao-tao-danh-gia-vien", "khac-phuc", "xem-xet-lanh-dao"))
    builds = "document:\n  title: Xây dựng, áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 năm 2024\n"
    maintenance = set(codes(build(bare + builds)))
    assert {"C002", "C003", "C004", "C005", "C006"} <= maintenance
    for kind in ("kind: inspection\ninspects: [Sở Tư pháp]\n", "kind: programme\nperiod: 2024-2025\n"):
        found = set(codes(build(bare + builds + kind)))
        assert not found & set(OWN_SYSTEM), (kind, found)


# --- C008: the standard applied, on the plan's date ----------------------------------------------

def _std(year: int, date: str | None, standard: str | None, title: str | None = None) -> str:
    doc = f"  date: {date}\n" if date else "  date: __delete__\n  number: __delete__\n"
    lines = f"year: {year}\n" + ("" if date else "status: draft\n") + "document:\n" + doc
    if title:
        lines += f"  title: {title}\n"
    if standard:
        lines += f"standard: {standard}\n"
    if year < 2014:
        lines += ("basis:\n  - cite: 144/2006/QĐ-TTg\n    kind: Quyết định\n    date: 2006-06-20\n"
                  "    issuer: Thủ tướng Chính phủ\n  - cite: 118/2009/QĐ-TTg\n    kind: Quyết định\n"
                  "    date: 2009-09-30\n    issuer: Thủ tướng Chính phủ\n")
    return build(lines)


@pytest.mark.parametrize(("year", "date", "standard", "expected"), [
    (2019, "2019-01-10", "TCVN ISO 18091:2020", True),  # not yet published
    (2020, None, "TCVN ISO 18091:2020", False),
    (2022, "2021-12-20", "TCVN ISO 18091:2020", False),
    (2026, "2026-01-05", "TCVN ISO 18091:2020", False),
    (2015, "2015-06-01", "TCVN ISO 9001:2015", True),  # published 31/12/2015
    (2016, "2016-02-01", "TCVN ISO 9001:2015", False),
    (2010, "2010-01-25", "TCVN ISO 9001:2008", False),
    (2021, "2021-06-30", "TCVN ISO 9001:2008", False),  # the last day of the transition
    (2021, "2021-07-01", "TCVN ISO 9001:2008", True),
    (2024, "2024-01-15", "TCVN ISO 9001:2008", True),
    (2024, "2024-01-15", "TCVN ISO 9001:2020", True),  # no such standard
    (2024, "2024-01-15", "TCVN ISO 9001:2015", False),
])
def test_c008_the_standard_on_the_plans_date(year, date, standard, expected) -> None:
    title = f"Duy trì, cải tiến Hệ thống quản lý chất lượng theo {standard} năm {year}"
    text = _std(year, date, standard, title)
    assert ("C008" in codes(text)) is expected


@pytest.mark.parametrize(("standard", "title", "expected"), [
    (None, "Triển khai thí điểm áp dụng TCVN ISO 18091:2020 tại UBND huyện năm 2024", True),
    ("TCVN ISO 18091:2020", "Triển khai thí điểm áp dụng TCVN ISO 18091:2020 tại UBND huyện năm 2024", False),
    ("TCVN ISO 18091:2020", "Duy trì Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 năm 2024", True),
    ("TCVN ISO 18091:2020", "Áp dụng TCVN ISO 9001:2015 và TCVN ISO 18091:2020 tại UBND huyện năm 2024", False),
    (None, "Duy trì Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 năm 2024", False),
    (None, "Kế hoạch cải cách hành chính năm 2024", False),  # names no standard
])
def test_c008_the_title_names_the_standard_applied(standard, title, expected) -> None:
    text = _std(2024, "2024-01-15", standard, title)
    found = [f for f in lint_text(text).findings if f.code == "C008"]
    assert bool(found) is expected
    if found:
        line = text.split("\n")[found[0].line - 1]
        assert line[found[0].col - 1:].startswith("TCVN ISO")


# --- C009: an inspection plan inspects -------------------------------------------------------------

INSPECT_TASK = ("phases:\n  - id: noi-dung\n    tasks:\n      - id: kiem-tra\n        title: Kiểm tra việc áp dụng HTQLCL"
                " tại các cơ quan\n        lead: [VP]\n        when: Quý III\n")


@pytest.mark.parametrize(("fragment", "expected"), [
    ("kind: inspection\n", 2),
    ("kind: inspection\ninspects: [Sở Tư pháp]\n", 1),
    ("kind: inspection\n" + INSPECT_TASK, 1),
    ("kind: inspection\ninspects:\n  - name: UBND các xã\n    count: 45\n" + INSPECT_TASK, 0),
    (INSPECT_TASK, 0),  # the agency's own plan may inspect its units without being an inspection plan
])
def test_c009(fragment, expected) -> None:
    assert codes(build(fragment)).count("C009") == expected


def test_an_inspection_plan_counts_the_agencies_it_inspects() -> None:
    from isoctl.plan.files import plan_from_text

    plan = plan_from_text((KINDS / "inspection-2024.yaml").read_text(encoding="utf-8"), "x.yaml")
    assert plan.inspected_count() == 3 + 10 + 45


# --- C010 and S001: a programme's years -------------------------------------------------------------

def _programme(*whens: str, period: str = "2021-2025", year: int = 2021) -> str:
    tasks = "".join(f"      - id: viec-{i}\n        title: Thực hiện chương trình\n        lead: [VP]\n"
                    f"        when: {w}\n" for i, w in enumerate(whens))
    deleted = "".join(f"      - id: {t}\n        __delete__: true\n" for t in (
        "lap-ke-hoach", "muc-tieu-chat-luong", "cap-nhat-van-ban", "dao-tao-danh-gia-vien", "danh-gia-noi-bo",
        "khac-phuc", "xem-xet-lanh-dao", "cong-bo", "bao-cao"))
    return build(f"kind: programme\nyear: {year}\nperiod: {period}\ndocument:\n  date: {year}-03-10\n"
                 f"phases:\n  - id: noi-dung\n    tasks:\n{deleted}{tasks}")


@pytest.mark.parametrize(("whens", "missing"), [
    (("Giai đoạn 2021-2025",), None),
    (("Hàng năm",), None),
    (("Thường xuyên",), None),
    (("Tháng 3", "Năm 2022", "Quý II/2023", "6/2024", "15/7/2025"), None),
    (("Tháng 3", "Năm 2022", "Quý II/2023", "15/7/2025"), "2024"),
    (("Giai đoạn 2021-2023",), "2024, 2025"),
    (("Tháng 3",), "2022, 2023, 2024, 2025"),  # a month without a year is in the programme's year
])
def test_c010_every_year_of_the_programme_has_a_milestone(whens, missing) -> None:
    found = [f for f in lint_text(_programme(*whens)).findings if f.code == "C010"]
    assert [missing in f.message for f in found] == ([True] if missing else [])


@pytest.mark.parametrize(("when", "expected"), [
    ("Tháng 6/2024", False), ("Quý IV/2025", False), ("Tháng 1/2026", True), ("Tháng 12/2020", True),
])
def test_s001_a_programme_covers_its_period(when, expected) -> None:
    assert ("S001" in codes(_programme("Giai đoạn 2021-2025", when))) is expected


def test_d003_a_programme_may_be_dated_in_any_of_its_years_or_the_end_of_the_year_before() -> None:
    assert "D003" not in codes(_programme("Hàng năm").replace("date: 2021-03-10", "date: 2023-05-10"))
    assert "D003" not in codes(_programme("Hàng năm").replace("date: 2021-03-10", "date: 2020-12-20"))
    assert "D003" in codes(_programme("Hàng năm").replace("date: 2021-03-10", "date: 2020-05-10"))


# --- the decision that issues a plan ----------------------------------------------------------------

def test_a_plan_issued_by_a_decision_is_dated_by_it() -> None:
    base = "document:\n  number: __delete__\n  date: __delete__\n"
    assert "D001" not in codes(build(base + "decision:\n  number: 15\n  date: 2024-01-15\n"))
    assert codes(build(base + "decision:\n  number: 15\n")).count("D001") == 1
    assert "D003" in codes(build(base + "decision:\n  number: 15\n  date: 2023-05-15\n"))
    assert "D003" not in codes(build(base + "decision:\n  number: 15\n  date: 2023-12-15\n"))
    # the law of the decision's date: a 2010 plan issued by its decision cites the bases of 2010
    text = (KINDS / "decision-2010.yaml").read_text(encoding="utf-8")
    assert "L006" in codes(text.replace("144/2006/QĐ-TTg\n    kind", "19/2014/QĐ-TTg\n    kind"))


@pytest.mark.parametrize(("doc_type", "expected"), [("QĐ", True), ("QD", True), ("KH", False)])
def test_d008_a_plan_printed_under_the_decision_heading(doc_type, expected) -> None:
    assert ("D008" in codes(build(f"document:\n  type: {doc_type}\n"))) is expected
