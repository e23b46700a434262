"""Review fixes of the timeline chart: what a user reading it on a terminal noticed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from isoctl.plan.files import load_plan
from isoctl.present.gantt import render_text
from isoctl.timeline.layout import build_timeline

ROOT = Path(__file__).resolve().parents[2]
SKHCN = str(ROOT / "plans" / "examples" / "skhcn-2021.yaml")
P2023 = str(ROOT / "plans" / "plan-2023.yaml")


def _lines(path: str, as_of: dt.date, width: int) -> list[str]:
    return render_text(build_timeline(load_plan(path), as_of), width).splitlines()


def _grid_start(lines: list[str]) -> int:
    header = next(line for line in lines if "│ 1  2  3" in line)
    return header.index("│") + 1


@pytest.mark.parametrize(("day", "offset"), [(1, 0), (10, 0), (11, 1), (20, 1), (21, 2), (31, 2)])
def test_today_line_sits_where_the_day_falls_in_its_month(day, offset):
    lines = _lines(SKHCN, dt.date(2021, 10, day), 100)
    october = _grid_start(lines) + 9 * 3  # the tenth 3-cell column
    phase = next(line for line in lines if line.startswith("Nội dung 0/7"))
    assert phase.index("┆") == october + offset
    marker = next(line for line in lines if "▼" in line)
    assert marker.index("▼") == october + offset


def test_today_word_is_not_cut_off_at_the_right_edge():
    lines = _lines(P2023, dt.date(2023, 12, 20), 200)
    marker = next(line for line in lines if "▼" in line)
    assert marker.rstrip().endswith("today ▼")
    december = _grid_start(lines) + 11 * 3
    assert marker.index("▼") == december + 1


def test_titles_stay_readable_on_a_narrow_terminal():
    lines = _lines(SKHCN, dt.date(2021, 10, 15), 80)
    row = next(line for line in lines if line.startswith("! 1 "))
    title = row[4:row.index("  ", 4)]
    assert len(title) >= 16, title  # was "Xây dựng kế…" (12) beside a wide lead column
    assert all(len(line) <= 80 for line in lines)


def test_status_names_the_next_occurrence_in_the_reader_s_words(cli):
    vi = cli("--lang", "vi", "status", SKHCN, "--as-of", "2021-03-01")
    assert "cap-nhat-quy-trinh: Hàng tháng — lần tới tháng 3/2021" in vi.stdout
    md = cli("--lang", "vi", "status", SKHCN, "--as-of", "2021-03-01", "--format", "markdown")
    assert "| Hàng tháng | tháng 3/2021 |" in md.stdout
    en = cli("status", SKHCN, "--as-of", "2021-03-01")
    assert "cap-nhat-quy-trinh: Hàng tháng — next 3/2021" in en.stdout
    js = cli("status", SKHCN, "--as-of", "2021-03-01", "--format", "json")
    assert '"next": "2021-03"' in js.stdout  # machines keep ISO
