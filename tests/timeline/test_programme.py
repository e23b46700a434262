"""A multi-year programme is laid out in years (timeline, status), an inspection plan counts the
agencies it inspects; the agency's yearly plan keeps its months."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from isoctl.lint.rules.examples import build
from isoctl.plan.files import plan_from_text
from isoctl.present.gantt import render_text
from isoctl.timeline.layout import build_status, build_timeline, status_markdown, status_text

KINDS = Path(__file__).resolve().parents[1] / "kinds"
PROGRAMME = str(KINDS / "programme-2021-2030.yaml")
INSPECTION = str(KINDS / "inspection-2024.yaml")


def _plan(path: str):
    return plan_from_text(Path(path).read_text(encoding="utf-8"), path)


def _one(when: str, period: str = "2021-2025", status: str = "planned"):
    deleted = "".join(f"      - id: {t}\n        __delete__: true\n" for t in (
        "lap-ke-hoach", "muc-tieu-chat-luong", "cap-nhat-van-ban", "dao-tao-danh-gia-vien", "danh-gia-noi-bo",
        "khac-phuc", "xem-xet-lanh-dao", "cong-bo", "bao-cao"))
    text = build(f"kind: programme\nyear: 2021\nperiod: {period}\ndocument:\n  date: 2021-03-10\nphases:\n"
                 f"  - id: noi-dung\n    tasks:\n{deleted}      - id: viec\n        title: Thực hiện\n"
                 f"        lead: [VP]\n        when: {when}\n        status: {status}\n")
    return plan_from_text(text, "p.yaml")


def test_the_columns_are_the_programmes_years() -> None:
    tl = build_timeline(_plan(PROGRAMME), dt.date(2024, 6, 10))
    assert tl.scale == "year" and tl.label == "2021-2030"
    assert tl.columns == tuple((y, 0) for y in range(2021, 2031))
    assert tl.columns[tl.today] == (2024, 0)


@pytest.mark.parametrize(("when", "marked"), [
    ("Năm 2023", {2023: "month"}),
    ("Quý IV/2025", {2025: "month"}),
    ("Tháng 3", {2021: "month"}),  # a month without a year is in the programme's year
    ("6/2022, 15/7/2024", {2022: "month", 2024: "month"}),
    ("Giai đoạn 2023-2025", {2023: "continuous", 2024: "continuous", 2025: "continuous"}),
    ("Hàng năm", dict.fromkeys(range(2021, 2026), "yearly")),
    ("Hàng quý", dict.fromkeys(range(2021, 2026), "quarterly")),
    ("Thường xuyên", dict.fromkeys(range(2021, 2026), "continuous")),
    ("Khi có sự thay đổi về tổ chức", dict.fromkeys(range(2021, 2026), "event")),
])
def test_a_task_is_marked_in_the_years_it_has_work_in(when: str, marked: dict[int, str]) -> None:
    tl = build_timeline(_one(when), dt.date(2022, 1, 1))
    [row] = tl.rows
    assert row.marks == {(y, 0): k for y, k in marked.items()}
    assert not tl.clipped


def test_work_outside_the_programmes_years_is_said_to_be_clipped() -> None:
    tl = build_timeline(_one("Tháng 6/2027"), dt.date(2022, 1, 1))
    assert tl.rows[0].marks == {} and tl.clipped
    assert "outside the programme's years" in render_text(tl, 100)


def test_the_chart_has_a_column_per_year_and_fits() -> None:
    tl = build_timeline(_plan(PROGRAMME), dt.date(2024, 6, 10))
    text = render_text(tl, 100)
    lines = text.splitlines()
    header = next(line for line in lines if "2021" in line and "│" in line)
    assert "2021 2022 2023 2024 2025 2026 2027 2028 2029 2030" in header
    assert all(len(line) <= 100 for line in lines)
    row = next(line for line in lines if "Tổng kết 10 năm" in line)
    grid = row.split("│")[1]
    assert len(grid) == 50 and grid[45:50] == "█████" and grid[:45].replace("┆", " ").strip() == ""


def test_status_says_what_is_due_this_year_and_next() -> None:
    st = build_status(_plan(PROGRAMME), dt.date(2024, 6, 10), PROGRAMME)
    data = st.to_dict()
    assert data["period"] == [2021, 2030] and "due_this_month" not in data
    assert data["due_this_year"]["year"] == 2024 and data["due_next_year"]["year"] == 2025
    assert [t["id"] for t in data["due_next_year"]["tasks"]] == ["so-ket"]
    assert [t["id"] for t in data["late"]] == ["cap-xa"]  # "Năm 2023": due at the end of 2023
    assert [r["next"] for r in data["recurring"]] == ["2024"]
    text = status_text(st)
    assert "(2021-2030)" in text and "Due next year, 2025 (1)" in text
    assert "Due next year, 2025" in status_markdown(st)


def test_status_of_a_programme_in_its_last_year_and_after() -> None:
    data = build_status(_plan(PROGRAMME), dt.date(2030, 3, 1)).to_dict()
    assert [t["id"] for t in data["due_this_year"]["tasks"]] == ["tong-ket"]
    assert [r["next"] for r in data["recurring"]] == ["2030"]
    assert [r["next"] for r in build_status(_plan(PROGRAMME), dt.date(2031, 1, 5)).to_dict()["recurring"]] == [None]


def test_an_inspection_plan_counts_what_it_inspects() -> None:
    st = build_status(_plan(INSPECTION), dt.date(2024, 6, 10))
    assert st.to_dict()["inspects"] == 58
    assert "inspects 58 agency(ies)" in status_text(st)
    assert "Inspects **58**" in status_markdown(st)
    assert build_timeline(_plan(INSPECTION), dt.date(2024, 6, 10)).scale == "month"


def test_the_agencys_yearly_plan_keeps_its_months() -> None:
    st = build_status(plan_from_text(build(""), "p.yaml"), dt.date(2024, 6, 10))
    assert st.timeline.scale == "month" and "inspects" not in st.to_dict()
    assert "due_this_month" in st.to_dict() and "period" not in st.to_dict()


def test_the_commands(cli) -> None:
    r = cli("status", PROGRAMME, "--as-of", "2024-06-10", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["due_next_year"]["year"] == 2025
    r = cli("timeline", PROGRAMME, "--as-of", "2024-06-10")
    assert r.exit_code == 0 and "2021 2022 2023" in r.stdout


def test_a_programmes_task_is_done_in_any_of_its_years(cli, tmp_path) -> None:
    plan = tmp_path / "programme.yaml"
    plan.write_text((KINDS / "programme-2021-2030.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    r = cli("done", "cap-xa", str(plan), "--on", "2023-11-20")
    assert r.exit_code == 0, r.output
    assert "done_on: 2023-11-20" in plan.read_text(encoding="utf-8")
    r = cli("done", "so-ket", str(plan), "--on", "2020-12-01")  # before the programme began
    assert r.exit_code == 1 and "2021-2030" in r.output
