"""Every phrase of the schedule grammar (``schedule.PHRASES``): what it means, that it prints back
as written, moves with the year, is drawn on the timeline and shows in a diff; and the table of
accepted phrases in docs/plan-format.md, which is written from these tests
(``UPDATE_DOCS=1 python -m pytest tests/plan/test_schedule_phrases.py`` rewrites it)."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from conftest import ROOT
from isoctl.lint.engine import lint_text
from isoctl.lint.rules.examples import build
from isoctl.plan.files import plan_from_text
from isoctl.plan.schedule import PHRASES, Day, Month, Schedule, nearest_form, parse_schedule
from isoctl.review.diff import schedule_shift
from isoctl.timeline.layout import build_timeline, due_date

DOC = ROOT / "docs" / "plan-format.md"
START, END = "<!-- schedule phrases: start -->", "<!-- schedule phrases: end -->"


def months(first: int, last: int, year: int | None = None) -> tuple[Month, ...]:
    return tuple(Month(k, year) for k in range(first, last + 1))


# What each phrase means, written by hand (the grammar must agree).
EXPECTED: dict[str, Schedule] = {
    "Tháng 6/2024": Schedule(months=(Month(6, 2024),)),
    "Tháng 06": Schedule(months=(Month(6),)),
    "6/2024": Schedule(months=(Month(6, 2024),)),
    "Tháng 6 năm 2024": Schedule(months=(Month(6, 2024),)),
    "7,8/2024": Schedule(months=months(7, 8, 2024)),
    "Tháng 5, 6/2023": Schedule(months=months(5, 6, 2023)),
    "7-9/2024": Schedule(months=months(7, 9, 2024)),
    "Từ tháng 6 đến tháng 8/2024": Schedule(months=months(6, 8, 2024)),
    "12/2023-2/2024": Schedule(months=(Month(12, 2023), *months(1, 2, 2024))),
    "Quý 3/2024": Schedule(months=months(7, 9, 2024)),
    "Quý III/2024": Schedule(months=months(7, 9, 2024)),
    "Quý I, II": Schedule(months=months(1, 6)),
    "2024-07-15": Schedule(day=dt.date(2024, 7, 15)),
    "15/7/2024": Schedule(day=dt.date(2024, 7, 15)),
    "Ngày 15 tháng 7 năm 2024": Schedule(day=dt.date(2024, 7, 15)),
    "Từ ngày 15/7 đến 30/10": Schedule(months=months(7, 10), first_day=Day(15, 7), last_day=Day(30, 10)),
    "Từ 15/7 đến 30/10/2021": Schedule(months=months(7, 10, 2021), first_day=Day(15, 7, 2021),
                                       last_day=Day(30, 10, 2021)),
    "15/7 - 30/10/2021": Schedule(months=months(7, 10, 2021), first_day=Day(15, 7, 2021), last_day=Day(30, 10, 2021)),
    "Trước ngày 15/6": Schedule(last_day=Day(15, 6)),
    "Chậm nhất ngày 30/11": Schedule(last_day=Day(30, 11)),
    "Tuần 2 tháng 3": Schedule(months=(Month(3),), week=2),
    "Năm 2023": Schedule(months=months(1, 12, 2023)),
    "Trong năm 2023": Schedule(months=months(1, 12, 2023)),
    "Cả năm": Schedule(months=months(1, 12)),
    "6 tháng đầu năm": Schedule(months=months(1, 6)),
    "6 tháng cuối năm": Schedule(months=months(7, 12)),
    "Đầu năm": Schedule(months=months(1, 3)),
    "Cuối năm": Schedule(months=months(10, 12)),
    "Hàng tháng": Schedule(recurrence="monthly"),
    "Hằng tháng": Schedule(recurrence="monthly"),
    "Hàng quý": Schedule(recurrence="quarterly"),
    "6 tháng một lần": Schedule(recurrence="half-yearly"),
    "6 tháng/lần": Schedule(recurrence="half-yearly"),
    "Định kỳ 6 tháng": Schedule(recurrence="half-yearly"),
    "Hàng năm": Schedule(recurrence="yearly"),
    "Định kỳ hàng năm": Schedule(recurrence="yearly"),
    "Định kỳ": Schedule(periodic=True),
    "Đột xuất": Schedule(adhoc=True),
    "Hàng quý, đột xuất": Schedule(recurrence="quarterly", adhoc=True),
    "Định kỳ, đột xuất": Schedule(periodic=True, adhoc=True),
    "Thường xuyên": Schedule(continuous=True),
    "Giai đoạn 2021-2030": Schedule(years=(2021, 2030)),
    "Sau công bố": Schedule(after_text="công bố"),
    "Sau khi hoàn thành cong-bo": Schedule(after=("cong-bo",)),
    "Khi có sự thay đổi về nhân sự": Schedule(event="sự thay đổi về nhân sự"),
    "Khi phát sinh khiếu nại": Schedule(event="phát sinh khiếu nại"),
    "Theo kế hoạch của UBND tỉnh": Schedule(per="kế hoạch của UBND tỉnh"),
    "Thường xuyên, khi có sự thay đổi về nhân sự": Schedule(continuous=True, event="sự thay đổi về nhân sự"),
}
WRITTEN = [p for p, _ in PHRASES]


def test_every_phrase_has_its_meaning_here() -> None:
    assert set(WRITTEN) == set(EXPECTED)


@pytest.mark.parametrize("written", WRITTEN)
def test_phrase_reads_prints_back_and_moves_with_the_year(written: str) -> None:
    sched = parse_schedule(written)
    assert sched == EXPECTED[written]
    assert sched.format() == written  # kept as written
    if not (sched.event or sched.per or sched.after_text):  # free text keeps its case
        assert parse_schedule(written.lower()) == sched  # keywords: case does not count
    again = Schedule.from_dict(sched.to_dict())
    assert again == sched and parse_schedule(again.format()) == sched  # the canonical form reads back
    moved = sched.shifted(1)
    assert parse_schedule(moved.format()) == moved
    note, changed = schedule_shift(sched, 2021, moved, 2022)  # relative to the year: the same time next year
    assert not changed, note


@pytest.mark.parametrize("written", WRITTEN)
def test_phrase_is_drawn_on_the_timeline_of_a_plan(written: str) -> None:
    text = build(f"year: 2021\ndocument:\n  date: 2021-01-10\nphases:\n  - id: noi-dung\n    tasks:\n"
                 f"      - id: bao-cao\n        when: '{written}'\n")
    plan = plan_from_text(text, "plan.yaml")
    row = next(r for r in build_timeline(plan, dt.date(2021, 6, 1)).rows if r.id == "bao-cao")
    assert row.when == written
    needs_task = written.startswith("Sau")  # drawn after the task it follows, when that task has months
    assert row.marks or needs_task, written
    sched = EXPECTED[written]
    if sched.last_day is not None:
        assert due_date(sched, 2021) == sched.last_day.on(2021)
    assert "S005" not in [f.code for f in lint_text(text).findings]


def test_day_ranges_are_not_months_15() -> None:
    with pytest.raises(Exception):  # noqa: B017 - the old misreading was "month 15"
        parse_schedule("Tháng 15/7")
    sched = parse_schedule("15/7 - 30/10/2021")
    assert sched.resolve(2021) == ((2021, 7), (2021, 8), (2021, 9), (2021, 10))
    assert parse_schedule("15/11 - 15/2/2022").resolve(2022)[0] == (2021, 11)


def test_unreadable_text_is_kept_warned_with_the_nearest_form_and_the_plan_renders(tmp_path) -> None:
    text = build("phases:\n  - id: noi-dung\n    tasks:\n      - id: bao-cao\n        when: Tùy tình hình thực tế\n")
    plan = plan_from_text(text, "plan.yaml")
    task = next(t for _, t in plan.tasks() if t.id == "bao-cao")
    assert task.when.unread == "Tùy tình hình thực tế" and task.when.format() == "Tùy tình hình thực tế"
    [f] = [f for f in lint_text(text).findings if f.code == "S005"]
    assert f.severity == "warning" and "Tùy tình hình thực tế" in f.message
    assert nearest_form("Tùy tình hình thực tế") in f.hint
    import io

    import docx

    from isoctl.render import render_document

    rendered = render_document(plan, "ke-hoach")
    doc = docx.Document(io.BytesIO(rendered.docx))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "Tùy tình hình thực tế" in "\n".join([p.text for p in doc.paragraphs] + cells)


def test_a_wrong_month_in_a_known_form_is_still_an_error() -> None:
    for bad in ("Tháng 13", "32/7 - 30/10/2021", "Tuần 7 tháng 3", "Giai đoạn 2030-2021"):
        with pytest.raises(Exception):  # noqa: B017
            parse_schedule(bad)


def table() -> str:
    rows = ["| written | meaning |", "|---|---|"]
    rows += [f"| `{w}` | {meaning} |" for w, meaning in PHRASES]
    return "\n".join(rows)


def test_the_table_in_plan_format_is_current() -> None:
    doc = DOC.read_text(encoding="utf-8")
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    fresh = f"{head}{START}\n{table()}\n{END}{tail}"
    if os.environ.get("UPDATE_DOCS"):
        DOC.write_text(fresh, encoding="utf-8")
    assert doc == fresh, "run UPDATE_DOCS=1 python -m pytest tests/plan/test_schedule_phrases.py"
