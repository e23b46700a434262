"""isoctl status: progress per phase, lateness (with its edge cases), due months, recurring duties."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from isoctl.plan.files import load_plan
from isoctl.plan.validate import check_text
from isoctl.timeline.layout import build_status, build_timeline
from samples import P2024, SKHCN, TINH, check_snapshot, mini


def test_status_json_snapshot(cli):
    result = cli("status", P2024, "--as-of", "2024-08-15", "--format", "json")
    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    data["file"] = Path(data["file"]).name  # the snapshot does not depend on where the repository is
    check_snapshot("status-plan-2024-2024-08-15.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    assert data["as_of"] == "2024-08-15"
    assert [r["id"] for r in data["late"]] == ["kien-toan-bcd", "lap-ke-hoach", "dao-tao-kien-thuc-iso",
                                              "dao-tao-viet-tai-lieu", "khao-sat-thuc-trang"]
    first = data["late"][0]
    assert (first["due"], first["late_days"], first["late_months"]) == ("2024-06-30", 46, 1)
    assert [r["id"] for r in data["due_this_month"]["tasks"]] == ["soan-thao-tai-lieu"]
    assert data["due_next_month"]["month"] == "2024-09" and len(data["due_next_month"]["tasks"]) == 6
    assert [p["total"] for p in data["phases"]] == [4, 2, 2, 4, 2]
    assert data["ongoing"][0]["id"] == "duy-tri-cai-tien"


def test_recurring_duties_and_their_next_occurrence():
    st = build_status(load_plan(SKHCN), dt.date(2021, 10, 15))
    assert [(r.row.id, r.next) for r in st.recurring] == [("cap-nhat-quy-trinh", "2021-10")]
    st = build_status(load_plan(TINH), dt.date(2023, 8, 15))
    assert {r.row.id: r.next for r in st.recurring} == {
        "muc-tieu-chat-luong": "2023", "kiem-soat-tai-lieu-ho-so": "2023", "danh-gia-noi-bo-xem-xet-lanh-dao": "2023"}
    over = build_status(load_plan(SKHCN), dt.date(2022, 2, 1))
    assert over.recurring[0].next is None
    plan = check_text(mini("- {id: q, title: Báo cáo quý, lead: VP, when: Hàng quý}\n"
                           "- {id: h, title: Nửa năm, lead: VP, when: 6 tháng một lần}")).plan
    st = build_status(plan, dt.date(2024, 7, 1))
    assert {r.row.id: r.next for r in st.recurring} == {"q": "2024-09", "h": "2024-12"}


@pytest.mark.parametrize("as_of,status,days,months", [
    ("2024-06-30", "planned", 0, 0),   # the last day of the month is still on time
    ("2024-07-01", "late", 1, 0),
    ("2024-07-31", "late", 31, 1),     # a month end counts as a whole month
    ("2024-09-29", "late", 91, 2),
    ("2024-09-30", "late", 92, 3),
])
def test_late_is_counted_from_the_end_of_the_last_month(as_of, status, days, months):
    plan = check_text(mini("- {id: a, title: Việc, lead: VP, when: 'Tháng 5, 6/2024'}")).plan
    row = build_timeline(plan, dt.date.fromisoformat(as_of)).rows[0]
    assert (row.status, row.late_days, row.late_months) == (status, days, months)


def test_done_cancelled_and_undated_work_is_never_late():
    plan = check_text(mini("""
- {id: d, title: Xong, lead: VP, when: 1/2024, status: done, done_on: 2024-02-10}
- {id: c, title: Hủy, lead: VP, when: 1/2024, status: cancelled}
- {id: p, title: Đang làm, lead: VP, when: 1/2024, status: in-progress}
- {id: t, title: Thường xuyên, lead: VP, when: Thường xuyên}
- {id: e, title: Khi có, lead: VP, when: Khi có sự thay đổi về nhân sự}
- {id: m, title: Hàng tháng, lead: VP, when: Hàng tháng}
- {id: n, title: Không ghi, lead: VP}
""")).plan
    st = build_status(plan, dt.date(2025, 6, 1))
    rows = {r.id: r for r in st.timeline.rows}
    assert {k: r.status for k, r in rows.items()} == {
        "d": "done", "c": "cancelled", "p": "late", "t": "planned", "e": "planned", "m": "planned", "n": "planned"}
    assert [r.id for r in st.late] == ["p"] and rows["p"].declared == "in-progress"
    assert (st.done, st.total) == (1, 6)  # cancelled work is not counted
    assert st.timeline.phases[0].percent == 17


def test_fail_on_late_exit_codes(cli):
    assert cli("status", P2024, "--as-of", "2024-08-15", "--fail-on-late").exit_code == 1
    assert cli("status", P2024, "--as-of", "2024-01-15", "--fail-on-late").exit_code == 0
    assert cli("status", P2024, "--as-of", "2024-08-15").exit_code == 0


def test_text_and_markdown(cli):
    text = cli("status", TINH, "--as-of", "2023-08-15").stdout
    assert "as of 15/08/2023: 0/18 task(s) done" in text
    assert "Late (2)" in text and "76 day(s) late (~2 month(s))" in text
    assert "Due next month, 9/2023 (1)" in text and "kiem-tra-iso" in text
    md = cli("status", TINH, "--as-of", "2023-08-15", "--format", "markdown").stdout
    assert md.startswith("### ") and "| Phase | Done | % |" in md and "| `kiem-tra-iso`" in md
    vi = cli("--lang", "vi", "status", TINH, "--as-of", "2023-08-15").stdout
    assert "Trễ hạn (2)" in vi and "Nhiệm vụ định kỳ" in vi


def test_markdown_escapes_table_cells():
    plan = check_text(mini("- {id: a, title: 'A | B', lead: VP, when: 1/2024}")).plan
    from isoctl.timeline.layout import status_markdown

    assert "A \\| B" in status_markdown(build_status(plan, dt.date(2024, 3, 1)))


def test_bad_dates_are_usage_errors(cli):
    for value in ("2024-02-30", "15/8", "tomorrow", "-1"):
        result = cli("status", P2024, "--as-of", value)
        assert result.exit_code == 2 and "--as-of" in result.stderr, (value, result)
    assert cli("status", P2024, "--as-of", "15/8/2024").exit_code == 0
