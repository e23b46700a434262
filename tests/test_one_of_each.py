"""One of each: one plan loader for every command, one due date, the office head in decisions, Decree 30 list endings, the plain today line, the status headings."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest

from isoctl.plan.files import load_plan
from isoctl.plan.model import Unit
from isoctl.plan.schedule import parse_schedule
from isoctl.render import render_document
from isoctl.render.context import office_head
from isoctl.timeline.layout import build_timeline, due_date

ROOT = Path(__file__).resolve().parent.parent
PLAN_2024 = ROOT / "plans" / "plan-2024.yaml"
SKHCN = ROOT / "plans" / "examples" / "skhcn-2021.yaml"
TINH = ROOT / "plans" / "examples" / "tinh-2023-phu-luc-1.yaml"


# --- one due date ------------------------------------------------------------------------------

@pytest.mark.parametrize(("when", "due"), [
    ("Tháng 6/2024", dt.date(2024, 6, 30)),
    ("Tháng 7, 8/2024", dt.date(2024, 8, 31)),
    ("Tháng 2", dt.date(2024, 2, 29)),
    ("15/10/2024", dt.date(2024, 10, 15)),
    ("Thường xuyên", None),
    ("Hàng quý", None),
    ("Sau công bố", None),
])
def test_due_date_is_the_same_for_timeline_and_report(when, due):
    assert due_date(parse_schedule(when), 2024) == due
    assert due_date(None, 2024) is None


def test_report_and_timeline_agree_on_every_real_task():
    from isoctl.render.context import build

    plan = load_plan(PLAN_2024)
    rows = {r.id: r.due for r in build_timeline(plan, dt.date(2024, 8, 15)).rows}
    ctx = build(plan, kind="bao-cao", as_of=dt.date(2024, 8, 15))
    assert {t["id"]: t["due"] for t in ctx["tasks"]} == rows


# --- one plan lookup and loader -----------------------------------------------------------------

def test_render_picks_the_newest_plan_by_year_even_when_it_is_invalid(cli, tree, monkeypatch):
    """render, timeline and status choose the same default plan; a broken one is shown, not skipped."""
    broken = PLAN_2024.read_text(encoding="utf-8").replace("lead: [VP]", "lead: [KHONG-CO]", 1)
    assert broken != PLAN_2024.read_text(encoding="utf-8")
    root = tree({"plans/plan-2023.yaml": (ROOT / "plans" / "plan-2023.yaml").read_text(encoding="utf-8"),
                 "plans/plan-2024.yaml": broken})
    monkeypatch.chdir(root)
    for args in (("render", "docx"), ("status",), ("timeline",)):
        result = cli(*args)
        assert result.exit_code == 1, (args, result)
        assert re.search(r"plan-2024\.yaml:\d+:\d+", result.stderr) and "KHONG-CO" in result.stderr
        assert "does not validate" in result.stderr
    assert not (root / "build").exists()


def test_configured_plan_is_resolved_from_the_configuration_file(cli, tree, monkeypatch):
    root = tree({"cfg/isoctl.toml": 'plan = "../kh/ke-hoach.yaml"\n',
                 "kh/ke-hoach.yaml": PLAN_2024.read_text(encoding="utf-8")})
    monkeypatch.chdir(root)
    result = cli("--config", "cfg/isoctl.toml", "render", "docx", "-o", "out.docx")
    assert result.exit_code == 0, result
    assert (root / "out.docx").is_file()


@pytest.mark.parametrize("command", [("render", "docx"), ("status",), ("timeline",)])
def test_a_folder_or_a_missing_file_is_a_usage_error(cli, tmp_path, command):
    folder = cli(*command, str(tmp_path))
    assert folder.exit_code == 2 and "is a folder" in folder.stderr, folder
    missing = cli(*command, str(tmp_path / "none.yaml"))
    assert missing.exit_code == 2 and "no such file" in missing.stderr, missing


def test_templates_check_names_where_a_plan_breaks(cli, tree):
    root = tree({"plans/bad.yaml": PLAN_2024.read_text(encoding="utf-8").replace("year: 2024", "year: hai")})
    result = cli("templates", "check", str(root / "plans"))
    assert result.exit_code == 0, result
    assert re.search(r"ke-hoach\s+.*bad\.yaml: plan has errors \d+:\d+: 'year' should be a whole number",
                     result.stdout)


# --- decisions -----------------------------------------------------------------------------------

def _with(path: Path, tmp_path: Path, extra: str = "", replace: tuple[str, str] = ("", "")) -> object:
    text = path.read_text(encoding="utf-8")
    if replace[0]:
        assert replace[0] in text
        text = text.replace(*replace)
    target = tmp_path / path.name
    target.write_text(text + extra, encoding="utf-8")
    return load_plan(target)


def test_office_head_follows_the_plans_own_naming(tmp_path):
    assert office_head(load_plan(PLAN_2024)) == "Chánh Văn phòng Sở"
    assert office_head(load_plan(SKHCN)) == "Chánh Văn phòng Sở"
    assert office_head(load_plan(TINH)) == "Chánh Văn phòng"  # UBND tỉnh, no office among its units
    tinh = load_plan(TINH)
    ubnd = tinh.model_copy(update={"units": [*tinh.units, Unit(id="VP", name="Văn  phòng UBND tỉnh")]})
    assert office_head(ubnd) == "Chánh Văn phòng UBND tỉnh"
    bare = _with(PLAN_2024, tmp_path, replace=("name: Văn phòng Sở", "name: Văn phòng"))
    assert office_head(bare) == "Chánh Văn phòng Sở"  # the agency is a Sở
    firm = tinh.model_copy(update={"units": [Unit(id="TV", name="Văn phòng luật ABC", kind="consultant")]})
    assert office_head(firm) == "Chánh Văn phòng"


QMS = """
qms:
  scope:
    - giải quyết thủ tục hành chính thuộc thẩm quyền của Sở;
    - quản lý văn bản đi, đến
    - kiểm soát hồ sơ.
"""


def test_announcement_scope_is_a_decree_30_list_and_names_the_office(tmp_path):
    docx = pytest.importorskip("docx")
    plan = _with(PLAN_2024, tmp_path, QMS)
    doc = docx.Document(io.BytesIO(render_document(plan, "qd-cong-bo").docx))
    lines = [p.text for p in doc.paragraphs]
    i = next(n for n, t in enumerate(lines) if t.startswith("Điều 1."))
    assert lines[i + 1:i + 4] == ["- giải quyết thủ tục hành chính thuộc thẩm quyền của Sở;",
                                  "- quản lý văn bản đi, đến;", "- kiểm soát hồ sơ."]
    assert "Xét đề nghị của Chánh Văn phòng Sở." in lines
    assert any(t.startswith("Điều 3. Chánh Văn phòng Sở, Thủ trưởng") for t in lines)
    assert not any(re.search(r"Chánh Văn phòng(?! Sở)", t) for t in lines)


# --- terminal output ----------------------------------------------------------------------------

def test_plain_timeline_draws_today_over_bars():
    from isoctl.present.gantt import render_text

    plan = load_plan(SKHCN)
    text = render_text(build_timeline(plan, dt.date(2021, 10, 15)), 110)
    marker = next(line for line in text.splitlines() if "▼" in line)
    column = marker.index("▼")
    row = next(line for line in text.splitlines() if line.lstrip().startswith("4 Hướng dẫn"))
    assert row[column] == "┆" and "══┆══" in row
    coloured = render_text(build_timeline(plan, dt.date(2021, 10, 15)), 110, colour=True)
    assert "═┆═" not in coloured  # with colour the column's background shows the day instead


def test_status_headings_have_one_pair_of_brackets(cli):
    result = cli("status", str(PLAN_2024), "--as-of", "2024-08-15")
    assert result.exit_code == 0, result
    assert "Due this month, 8/2024 (1)" in result.stdout and "Due next month, 9/2024 (6)" in result.stdout
    assert not re.search(r"\([^()]*\) \(\d+\)", result.stdout)
    vi = cli("--lang", "vi", "status", str(PLAN_2024), "--as-of", "2024-08-15")
    assert "Đến hạn trong tháng 8/2024 (1)" in vi.stdout
