"""`isoctl new --from PLAN --year YEAR`: the year rollover through ruamel round-trip."""

from __future__ import annotations

import re

import pytest

from conftest import PLANS, SEED_PLANS
from isoctl.plan.validate import check_text
from isoctl.review.diff import diff_plans
from isoctl.review.rollover import roll_over

P2024 = (PLANS / "plan-2024.yaml").read_text(encoding="utf-8")

DONE_PLAN = """\
# top comment
format: 1
year: 2024
status: issued
agency: {name: Sở Khoa học và Công nghệ, abbr: SKHCN}
document:
  type: KH
  number: 12
  date: 2024-02-01
  title: Duy trì HTQLCL năm 2024
basis:
  - cite: 19/2014/QĐ-TTg
    date: 2014-03-05
purpose:
  - Thực hiện Kế hoạch số 5/KH-UBND ngày 04 tháng 5 năm 2024 trong năm 2024.
phases:
  - id: p
    tasks:
      - id: dgnb
        title: Đánh giá nội bộ năm 2024
        lead: []
        when: "Tháng 10/2024"   # quoted on purpose
        status: done
        done_on: 2024-10-28
        # this comment is about the next task
      - id: xxld
        title: Xem xét của lãnh đạo
        when: {months: [11, 12], year: 2024}
        status: in-progress
      - id: ht
        title: Họp hàng tháng
        when: Hàng tháng
      - id: ngay
        title: Báo cáo
        when: 2024-12-15
"""


def test_real_plan_rolls_over_and_validates(cli, in_tmp):
    (in_tmp / "plans").mkdir()
    (in_tmp / "plans" / "plan-2024.yaml").write_text(P2024, encoding="utf-8")
    r = cli("new", "--from", "plans/plan-2024.yaml", "--year", "2025")
    assert r.exit_code == 0, r
    out = in_tmp / "plans" / "plan-2025.yaml"
    assert "wrote plans/plan-2025.yaml" in r.stdout
    assert "13 dated schedules moved +1 year(s)" in r.stdout
    assert "8 citations kept" in r.stdout
    text = out.read_text(encoding="utf-8")
    checked = check_text(text, str(out))
    assert checked.plan is not None and not [f for f in checked.findings if f.severity == "error"]
    assert checked.plan.year == 2025
    # layout and comments survive: the same lines and one more (where it came from), every comment kept
    assert "\nprevious: plan-2024.yaml\n" in text
    assert len(text.splitlines()) == len(P2024.splitlines()) + 1
    assert [x for x in text.splitlines() if x.strip().startswith("#")] == \
        [x for x in P2024.splitlines() if x.strip().startswith("#")]
    # schedules keep their written style
    assert "when: 7,8/2025" in text and "when: 6/2025" in text and "when: Sau công bố" in text
    assert "2024" not in "".join(re.findall(r"when: .*", text))
    # citations untouched, the plan's own year updated
    assert "date: 2024-01-23" in text and "cite: 136/KH-UBND" in text
    assert "Hà Nội năm 2025" in text and "ngày 04/5/2024" in text
    # rolling over is a year change and nothing else: every task the same, dates moved with the year
    d = diff_plans(check_text(P2024, "a").plan, checked.plan)
    assert d.tasks_changed == [] and d.tasks_same == 14
    assert not (d.citations_added or d.citations_removed or d.citations_changed or d.sections)


def test_resets_statuses_dates_and_keeps_comments():
    result = roll_over(DONE_PLAN, 2025)
    text = result.text
    assert "year: 2025" in text and "status: draft" in text
    assert "number: null" in text and "date: null" in text
    assert "title: Duy trì HTQLCL năm 2025" in text
    assert "title: Đánh giá nội bộ năm 2025" in text
    assert 'when: "Tháng 10/2025"   # quoted on purpose' in text
    assert "status: done" not in text and "done_on" not in text
    assert "# this comment is about the next task" in text and "# top comment" in text
    assert "when: {months: [11, 12], year: 2025}" in text
    assert "when: Hàng tháng" in text and "when: 2025-12-15" in text
    # a date written in words is a cited document's date: kept; the plan's own year moved
    assert "ngày 04 tháng 5 năm 2024 trong năm 2025" in text
    assert "date: 2014-03-05" in text
    plan = check_text(text, "new.yaml").plan
    assert [t.status for _, t in plan.tasks()] == ["planned"] * 4
    assert result.statuses == 2 and result.done_dates == 1 and result.schedules == 3


@pytest.mark.parametrize("path", SEED_PLANS, ids=lambda p: p.name)
def test_every_seed_plan_rolls_over_to_a_valid_plan(path):
    text = path.read_text(encoding="utf-8")
    year = check_text(text, str(path)).plan.year
    result = roll_over(text, year + 1, str(path))
    checked = check_text(result.text, "next.yaml")
    assert checked.plan is not None, checked.findings
    assert checked.plan.year == year + 1 and checked.plan.status == "draft"


def test_refuses_to_overwrite_without_force(cli, in_tmp):
    (in_tmp / "plan-2024.yaml").write_text(P2024, encoding="utf-8")
    (in_tmp / "plan-2025.yaml").write_text("# mine\n", encoding="utf-8")
    r = cli("new", "--from", "plan-2024.yaml", "--year", "2025")
    assert r.exit_code == 2 and "--force" in r.stderr, r
    assert (in_tmp / "plan-2025.yaml").read_text(encoding="utf-8") == "# mine\n"
    r = cli("new", "--from", "plan-2024.yaml", "--year", "2025", "--force")
    assert r.exit_code == 0, r
    assert "year: 2025" in (in_tmp / "plan-2025.yaml").read_text(encoding="utf-8")
    assert not list(in_tmp.glob(".plan-2025.yaml.*"))  # no temporary file left behind


def test_output_options_and_errors(cli, in_tmp):
    (in_tmp / "last.yaml").write_text(P2024, encoding="utf-8")
    r = cli("new", "--from", "last.yaml", "--year", "2025")
    assert r.exit_code == 2 and "--output" in r.stderr, r
    r = cli("new", "--from", "last.yaml", "--year", "2025", "-o", "-")
    assert r.exit_code == 0 and r.stdout.startswith("# yaml-language-server"), r
    assert "year 2024 → 2025" in r.stderr
    r = cli("new", "--from", "last.yaml", "--year", "2025", "-o", "sub/next.yaml")
    assert r.exit_code == 0 and (in_tmp / "sub" / "next.yaml").exists(), r
    (in_tmp / "bad.yaml").write_text("format: 1\nyear: 2024\nphases: []\n", encoding="utf-8")
    r = cli("new", "--from", "bad.yaml", "--year", "2025", "-o", "x.yaml")
    assert r.exit_code == 1 and "bad.yaml:" in r.stderr and not (in_tmp / "x.yaml").exists(), r
    r = cli("--lang", "vi", "new", "--from", "last.yaml", "--year", "2025", "-o", "vi.yaml")
    assert "đã ghi vi.yaml" in r.stdout, r


def test_the_presentation_rolls_over_without_last_years_number():
    """KH 359's layout is kept; its written appendix note (number 359, 18/5/2023) is not, written
    times move with the year, and year-end results are last year's."""
    text = (PLANS / "plan-2023.yaml").read_text(encoding="utf-8").replace(
        "        when: Tháng 5/2023\n", "        when: Tháng 5/2023\n        result: Đã ban hành\n        reason: Chậm\n", 1)
    out = roll_over(text, 2024).text
    plan = check_text(out, "plan-2024.yaml").plan
    old = check_text(text, "plan-2023.yaml").plan
    assert plan.presentation.body == old.presentation.body
    assert plan.presentation.appendix.columns == old.presentation.appendix.columns
    assert plan.presentation.appendix.note is None and old.presentation.appendix.note
    written = {t.id: t.written for _, t in plan.tasks()}
    assert written["ra-soat-quy-trinh"].body.when == "Tháng 5/2024"
    assert written["dao-tao-cai-tien"].body.when == "Tháng 7, 8/2024"
    assert all(t.result is None and t.reason is None for _, t in plan.tasks())
    assert {t.id: t.shown_in for _, t in plan.tasks()} == {t.id: t.shown_in for _, t in old.tasks()}


# --- the schema pointer (yaml-language-server modeline) follows the new file -----------------

def _schema_target(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema="), first
    return (path.parent / first.split("$schema=", 1)[1].strip()).resolve()


@pytest.mark.parametrize("output", ["plans/plan-2025.yaml", "plan-2025.yaml", "plans/2025/plan-2025.yaml",
                                    "other/deep/er/plan-2025.yaml", "plans/2025/", "other/"])
@pytest.mark.parametrize("source", ["plans/plan-2024.yaml", "plans/examples/skhcn-2021.yaml"])
def test_new_points_at_the_same_schema_from_anywhere(cli, in_tmp, source, output):
    import shutil

    shutil.copytree(PLANS, in_tmp / "plans")
    (in_tmp / "schema").mkdir()
    (in_tmp / "schema" / "plan.schema.json").write_text("{}", encoding="utf-8")
    year = int(re.search(r"(\d{4})\.yaml$", source).group(1))
    wanted = _schema_target(in_tmp / source)
    assert wanted == (in_tmp / "schema" / "plan.schema.json").resolve()
    (in_tmp / output.rstrip("/")).parent.mkdir(parents=True, exist_ok=True)
    if output.endswith("/"):
        (in_tmp / output).mkdir(parents=True, exist_ok=True)
    r = cli("new", "--from", source, "--year", str(year + 1), "-o", output)
    assert r.exit_code == 0, r
    written = in_tmp / output / source.rsplit("/", 1)[-1].replace(str(year), str(year + 1)) \
        if output.endswith("/") else in_tmp / output
    assert written.is_file(), r
    assert _schema_target(written) == wanted
    assert cli("validate", "--select", "E", str(written)).exit_code == 0


def test_new_to_stdout_points_from_the_current_folder(cli, in_tmp, monkeypatch):
    import shutil

    shutil.copytree(PLANS, in_tmp / "plans")
    r = cli("new", "--from", "plans/plan-2024.yaml", "--year", "2025", "-o", "-")
    assert r.exit_code == 0, r
    assert r.stdout.startswith("# yaml-language-server: $schema=schema/plan.schema.json\n"), r.stdout[:80]
    assert "schema pointer ../schema/plan.schema.json → schema/plan.schema.json" in r.stderr


def test_schema_pointer_urls_and_absolute_paths_are_kept(in_tmp):
    from isoctl.review.rollover import repoint_schema

    for ref in ("https://example.org/plan.schema.json", "/srv/schema/plan.schema.json"):
        text = f"# yaml-language-server: $schema={ref}\nformat: 1\n"
        assert repoint_schema(text, "a", "b/c") == (text, None)
    text = "format: 1\n# yaml-language-server: $schema=../x.json\n"  # not a modeline after a field
    assert repoint_schema(text, "a", "b/c") == (text, None)
    moved, note = repoint_schema("# top\n# yaml-language-server: $schema=../s.json  \nyear: 1\n", "a/b", "a/c/d")
    assert moved == "# top\n# yaml-language-server: $schema=../../s.json  \nyear: 1\n" and note
