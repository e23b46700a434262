"""isoctl timeline: the layout model, the rendered chart (snapshots), filters, export.

Snapshots live in tests/snapshots/; regenerate them with ``UPDATE_SNAPSHOTS=1 pytest tests/timeline/test_timeline.py
tests/timeline/test_status.py`` and read the diff before committing.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from isoctl.plan.files import default_plan, load_plan
from isoctl.timeline.layout import build_timeline
from samples import CASES, P2023, P2024, SKHCN, TINH, check_snapshot, mini  # noqa: F401


@pytest.mark.parametrize("plan,as_of", CASES, ids=lambda v: Path(v).stem if "/" in str(v) else v)
def test_rendered_chart_snapshot(cli, plan, as_of):
    result = cli("timeline", plan, "--as-of", as_of, "--width", "120")
    assert result.exit_code == 0, result
    assert "\x1b[" not in result.stdout
    assert all(len(line) <= 120 for line in result.stdout.splitlines())
    check_snapshot(f"timeline-{Path(plan).stem}-{as_of}.txt", result.stdout)


def test_every_schedule_kind_gets_its_mark():
    tl = build_timeline(load_plan(TINH), dt.date(2023, 8, 15))
    rows = {r.id: r for r in tl.rows}
    assert set(rows["thanh-lap-bcd"].marks.values()) == {"event"} and len(rows["thanh-lap-bcd"].marks) == 12
    assert set(rows["muc-tieu-chat-luong"].marks.values()) == {"yearly"}
    assert set(rows["tuan-thu-quy-trinh"].marks.values()) == {"continuous"}
    combo = rows["su-tham-gia-lanh-dao"]  # "Thường xuyên, khi có sự thay đổi về nhân sự"
    assert set(combo.marks.values()) == {"continuous"} and combo.event == "sự thay đổi về nhân sự"
    assert rows["tu-dao-tao-tap-huan"].marks == {}  # the seed lost its time cell
    assert rows["kiem-tra-iso"].marks == {(2023, 9): "month"}
    monthly = {r.id: r for r in build_timeline(load_plan(SKHCN), dt.date(2021, 10, 15)).rows}["cap-nhat-quy-trinh"]
    assert monthly.marks == {(2021, m): "monthly" for m in range(1, 13)}


def test_after_cong_bo_is_placed_after_the_announcement():
    tl = build_timeline(load_plan(P2024), dt.date(2024, 8, 15))
    row = {r.id: r for r in tl.rows}["duy-tri-cai-tien"]
    assert row.follows == ("cong-bo",)  # not ban-hanh-ap-dung, whose title also says "công bố"
    assert row.marks == {(2024, 11): "after", (2024, 12): "after"}
    assert row.status == "planned" and row.due is None


def test_after_ids_and_a_december_target_widen_the_columns():
    text = mini("""
- {id: a, title: Đánh giá nội bộ, lead: VP, when: 12/2024}
- {id: b, title: Khắc phục, lead: VP, when: {after: a}}
- {id: c, title: Khảo sát, lead: VP, when: 12/2023-2/2024}
- {id: d, title: Quý, lead: VP, when: Hàng quý}
- {id: e, title: Ngày, lead: VP, when: 2024-07-15}
- {id: f, title: Sau gì đó, lead: VP, when: Sau khi nghiệm thu}
""")
    from isoctl.plan.validate import check_text

    plan = check_text(text).plan
    tl = build_timeline(plan, dt.date(2024, 7, 20))
    rows = {r.id: r for r in tl.rows}
    assert rows["b"].marks == {(2025, 1): "after"} and rows["b"].follows == ("a",)
    assert tl.columns[0] == (2023, 12) and tl.columns[-1] == (2025, 1) and len(tl.columns) == 14
    assert rows["d"].marks == {(2024, m): "quarterly" for m in (3, 6, 9, 12)}
    assert rows["e"].marks == {(2024, 7): "day"} and rows["e"].due == dt.date(2024, 7, 15)
    assert rows["e"].status == "late" and rows["e"].late_days == 5
    assert rows["f"].marks == {} and rows["f"].unresolved_after == "nghiệm thu"
    assert tl.today == 7  # Dec 2023 is column 0
    from isoctl.present.gantt import render_text

    out = render_text(tl, 120)
    assert "│12  1  2" in out and "23 2024 ──" in out and "─ 25" in out
    assert "after 'nghiệm thu': not found" in out


def test_far_months_are_clipped_not_exploded():
    from isoctl.plan.validate import check_text

    plan = check_text(mini("- {id: a, title: Xa, lead: VP, when: 6/2030}")).plan
    tl = build_timeline(plan, dt.date(2024, 1, 1))
    assert len(tl.columns) == 24 and tl.clipped


def test_filters(cli):
    late = cli("timeline", P2024, "--as-of", "2024-08-15", "--late", "--width", "120")
    assert late.exit_code == 0, late
    assert "Kiên toàn Ban chỉ đạo" in late.stdout and "Họp xem xét" not in late.stdout
    tl = build_timeline(load_plan(P2024), dt.date(2024, 8, 15), phase="danh-gia-noi-bo")
    assert [p.id for p in tl.phases] == ["danh-gia-noi-bo"] and len(tl.rows) == 4
    by_name = build_timeline(load_plan(P2024), dt.date(2024, 8, 15), unit="Văn phòng Sở")
    by_id = build_timeline(load_plan(P2024), dt.date(2024, 8, 15), unit="VP")
    assert [r.id for r in by_name.rows] == [r.id for r in by_id.rows]
    assert "kien-toan-bcd" in [r.id for r in by_id.rows]  # lead
    assert "khao-sat-thuc-trang" in [r.id for r in by_id.rows]  # partner
    audit = build_timeline(load_plan(P2024), dt.date(2024, 8, 15), activity="internal-audit")
    assert "danh-gia-noi-bo" in [r.id for r in audit.rows]
    assert "cong-bo" not in [r.id for r in audit.rows]
    none = cli("timeline", P2024, "--as-of", "2024-01-02", "--late")
    assert none.exit_code == 0 and "no task matches the filters" in none.stdout


@pytest.mark.parametrize("option,value,known", [("--phase", "danh-gia", "danh-gia-noi-bo"),
                                                ("--unit", "XX", "VP"),
                                                ("--activity", "audit", "internal-audit")])
def test_unknown_filter_values_are_usage_errors(cli, option, value, known):
    result = cli("timeline", P2024, option, value)
    assert result.exit_code == 2, result
    assert option in result.stderr and known in result.stderr and "Traceback" not in result.stderr


def test_today_marker_only_inside_the_columns(cli):
    inside = cli("timeline", P2024, "--as-of", "2024-08-15", "--width", "120").stdout
    outside = cli("timeline", P2024, "--as-of", "2026-01-01", "--width", "120").stdout
    marker = next(line for line in inside.splitlines() if "▼" in line)
    header = next(line for line in inside.splitlines() if "│ 1  2" in line)
    assert header[marker.index("▼")] == "8"  # the arrow sits over August
    assert "▼" not in outside and "┆" not in outside


def test_colour_only_when_asked():
    from isoctl.present.gantt import render_text

    tl = build_timeline(load_plan(P2024), dt.date(2024, 8, 15))
    assert "\x1b[" in render_text(tl, 120, colour=True)
    assert "\x1b[" not in render_text(tl, 120, colour=False)


def test_titles_fit_narrow_and_wide_widths(cli):
    for width in (60, 80, 200):
        out = cli("timeline", TINH, "--as-of", "2023-08-15", "--width", str(width)).stdout
        assert all(len(line) <= width for line in out.splitlines()), width
    wide = cli("timeline", P2024, "--as-of", "2024-08-15", "--width", "240").stdout
    assert "Khảo sát, phân tích đánh giá tình hình quản lý chất lượng hiện nay" in wide
    assert cli("timeline", P2024, "--width", "20").exit_code == 2


def test_shorten():
    from isoctl.present.gantt import shorten

    assert shorten("Họp xem xét của lãnh đạo", 40) == "Họp xem xét của lãnh đạo"
    assert shorten("Tổ chức đánh giá nội bộ; Thực hiện hành động khắc phục", 30) == "Tổ chức đánh giá nội bộ…"
    cut = shorten("Đào tạo kiến thức về tiêu chuẩn TCVN ISO 9001:2015 (Nội dung và yêu cầu)", 30)
    assert len(cut) <= 30 and cut.endswith("…") and not cut[:-1].endswith(" ")
    assert len(shorten("x" * 50, 10)) == 10


def test_svg_and_html_export(cli, tmp_path):
    svg, html = tmp_path / "t.svg", tmp_path / "t.html"
    result = cli("timeline", P2024, "--as-of", "2024-08-15", "--svg", str(svg), "--html", str(html))
    assert result.exit_code == 0, result
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<svg")
    page = html.read_text(encoding="utf-8")
    assert "<html" in page.lower() and "Kiên toàn Ban chỉ đạo" in page
    again = cli("timeline", P2024, "--svg", str(svg))
    assert again.exit_code == 2 and "--force" in again.stderr
    assert cli("timeline", P2024, "--svg", str(svg), "--force").exit_code == 0


def test_export_escapes_plan_text(cli, tmp_path):
    plan = tmp_path / "evil.yaml"
    plan.write_text(mini("- {id: a, title: '<script>alert(1)</script>', lead: VP, when: 6/2024}",
                         title="<img src=x onerror=alert(1)>"), encoding="utf-8")
    html, svg = tmp_path / "o.html", tmp_path / "o.svg"
    assert cli("timeline", str(plan), "--html", str(html), "--svg", str(svg)).exit_code == 0
    for out in (html, svg):
        text = out.read_text(encoding="utf-8")
        assert "<script>" not in text and "<img" not in text


def test_default_plan_is_the_newest(cli, tree, monkeypatch):
    root = tree({"plans/a.yaml": Path(P2023).read_text(encoding="utf-8"),
                 "plans/b.yaml": Path(P2024).read_text(encoding="utf-8"),
                 "plans/old/c.yaml": Path(SKHCN).read_text(encoding="utf-8")})
    monkeypatch.chdir(root)
    from isoctl.lint.config import Config

    assert default_plan(Config()) == Path("plans/b.yaml")
    result = cli("timeline", "--as-of", "2024-08-15")
    assert result.exit_code == 0 and "Kiên toàn Ban chỉ đạo" in result.stdout
    (root / "isoctl.toml").write_text('plan = "plans/old/c.yaml"\n', encoding="utf-8")
    assert "Xây dựng kế hoạch duy trì" in cli("timeline", "--as-of", "2021-03-01").stdout
    (root / "isoctl.toml").write_text('plan = "plans/nope.yaml"\n', encoding="utf-8")
    assert cli("timeline").exit_code == 2


def test_no_plan_found_is_a_usage_error(cli, in_tmp):
    result = cli("status")
    assert result.exit_code == 2 and "no plan given" in result.stderr


def test_invalid_plan_prints_findings_with_positions(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(mini("- {id: a, title: X, lead: NOPE, when: Tháng 13/2024}"), encoding="utf-8")
    for command in ("timeline", "status"):
        result = cli(command, str(bad))
        assert result.exit_code == 1, result
        assert re.search(rf"{re.escape(str(bad))}:\d+:\d+: E104", result.stderr), result
        assert "Traceback" not in result.output
    missing = cli("timeline", str(tmp_path / "none.yaml"))
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_vietnamese_messages(cli):
    result = cli("--lang", "vi", "timeline", P2024, "--as-of", "2024-08-15", "--width", "120")
    assert "Chủ trì" in result.stdout and "tháng thực hiện" in result.stdout and "trễ hạn" in result.stdout
