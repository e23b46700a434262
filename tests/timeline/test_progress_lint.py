"""isoctl done / set keep the plan valid: the edited plan is linted as `validate` lints it, and an
edit that introduces an error, or a done_on outside the plan's year or after today, is refused
(exit 1, the file untouched) unless --force."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import pytest

from isoctl.lint.config import Config
from isoctl.lint.engine import lint_file
from isoctl.plan.validate import check_file
from isoctl.timeline.progress import EditRefused, apply

ROOT = Path(__file__).resolve().parents[2]
PLANS = sorted([*(ROOT / "plans").glob("*.yaml"), *(ROOT / "plans" / "examples").glob("*.yaml")])
P2024 = ROOT / "plans" / "plan-2024.yaml"
TODAY = dt.date(2030, 6, 1)  # after every sample plan's year


def tasks(path: Path) -> list:
    return [t for _, t in check_file(str(path)).plan.tasks()]


def year(path: Path) -> int:
    return check_file(str(path)).plan.year


def error_codes(path: Path) -> Counter:
    return Counter(f.code for f in lint_file(str(path), Config()).findings if f.severity == "error")


@pytest.fixture
def copy(tmp_path):
    def make(source: Path = P2024) -> Path:
        target = tmp_path / source.name
        shutil.copyfile(source, target)
        return target
    return make


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_moving_any_task_into_another_year_is_refused_with_s001(plan, copy):
    path = copy(plan)
    before = path.read_bytes()
    other = year(plan) + 1
    for task in tasks(plan):
        with pytest.raises(EditRefused) as info:
            apply(str(path), task.id, {"when": f"Tháng 7/{other}"}, today=TODAY)
        found = info.value.findings
        assert [f.code for f in found] == ["S001"], (task.id, found)
        line = info.value.text.splitlines()[found[0].line - 1]
        assert f"7/{other}" in line, (task.id, line)  # the finding points at the line as it would be written
        assert path.read_bytes() == before
        # the same value in the plan's own year is fine
        edit = apply(str(path), task.id, {"when": f"Tháng 7/{year(plan)}"}, today=TODAY)
        assert not [f for f in edit.introduced if f.severity == "error"], (task.id, edit.introduced)


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_cancelling_is_refused_exactly_when_validate_would_report_a_new_error(plan, copy, tmp_path):
    """The oracle is `validate` itself on the forced result: refused iff some error code is
    reported more often than before (cancelling the only internal audit: C001, …)."""
    original_errors = error_codes(plan)
    refused_codes = set()
    for task in tasks(plan):
        path = copy(plan)
        forced = tmp_path / "forced" / plan.name
        forced.parent.mkdir(exist_ok=True)
        shutil.copyfile(plan, forced)
        edit = apply(str(forced), task.id, {"status": "cancelled"}, today=TODAY, force=True)
        forced.write_text(edit.text, encoding="utf-8")
        new = error_codes(forced) - original_errors
        try:
            apply(str(path), task.id, {"status": "cancelled"}, today=TODAY)
            refused = None
        except EditRefused as exc:
            refused = Counter(f.code for f in exc.findings)
        assert (refused or Counter()) == new, (task.id, refused, new)
        refused_codes |= set(new)
    assert "C001" in refused_codes  # every sample plan has its internal audit in one task


def test_cli_refuses_prints_the_finding_like_validate_and_force_writes(cli, copy):
    plan = copy()
    before = plan.read_bytes()
    result = cli("set", "lap-ke-hoach", "when=Tháng 7/2025", str(plan))
    assert result.exit_code == 1, result
    assert f"{plan}:158:" in result.stderr and "S001 [error]" in result.stderr
    assert "158 |         when: Tháng 7/2025" in result.stderr  # the source excerpt of the plan as it would be
    assert "--force" in result.stderr and "Traceback" not in result.output
    assert plan.read_bytes() == before
    result = cli("set", "lap-ke-hoach", "when=Tháng 7/2025", str(plan), "--force")
    assert result.exit_code == 0, result
    assert "S001" in result.stderr  # written, and said
    assert "S001" in cli("validate", str(plan), "--format", "concise").stdout


def test_existing_errors_do_not_block_an_edit(cli, copy):
    """plan-2024 already has errors (L005, D006): an edit that adds none is written."""
    plan = copy()
    assert error_codes(plan)
    result = cli("set", "lap-ke-hoach", "when=Tháng 7/2024", str(plan))
    assert result.exit_code == 0, result
    assert "Tháng 7/2024" in plan.read_text(encoding="utf-8")


def test_configuration_decides_what_is_an_error(cli, tree, monkeypatch):
    """As validate reports it: S001 made a warning, or not selected, no longer refuses."""
    for config, written_with_note in (('severity = { S001 = "warning" }', True), ('ignore = ["S001"]', False)):
        root = tree({"plans/plan-2024.yaml": P2024.read_text(encoding="utf-8"), "isoctl.toml": config + "\n"})
        monkeypatch.chdir(root)
        result = cli("set", "lap-ke-hoach", "when=Tháng 7/2025")
        assert result.exit_code == 0, (config, result)
        assert ("S001 [warning]" in result.stderr) == written_with_note, (config, result)
        assert "Tháng 7/2025" in (root / "plans/plan-2024.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_done_on_must_fall_in_the_plan_year(plan, copy):
    path = copy(plan)
    before = path.read_bytes()
    y = year(plan)
    task = tasks(plan)[0].id
    for day, words in ((dt.date(y - 1, 12, 31), "outside the plan's year"),
                       (dt.date(y + 1, 1, 1), "outside the plan's year"),
                       (dt.date(2019, 1, 1) if y != 2019 else dt.date(2018, 1, 1), "outside the plan's year"),
                       (TODAY + dt.timedelta(days=1), "in the future")):
        for raw in ({"status": "done", "done_on": day.isoformat()}, {"done_on": day.isoformat()}):
            with pytest.raises(EditRefused, match=words):
                apply(str(path), task, raw, today=TODAY)
        assert path.read_bytes() == before
        edit = apply(str(path), task, {"done_on": day.isoformat()}, today=TODAY, force=True)
        assert edit.changed and f"done_on: {day.isoformat()}" in edit.text
    for day in (dt.date(y, 1, 1), dt.date(y, 12, 31)):
        assert apply(str(path), task, {"done_on": day.isoformat()}, today=TODAY).changed
    # today's date, recorded by `done` without --on, is not checked against the year
    assert apply(str(path), task, {"status": "done"}, today=TODAY).changed


def test_done_cli_refuses_bad_dates_and_force_overrides(cli, copy):
    plan = copy()
    before = plan.read_bytes()
    for day, words in (("2019-01-01", "outside the plan's year 2024"), ("2999-01-01", "in the future")):
        result = cli("done", "cong-bo", str(plan), "--on", day)
        assert result.exit_code == 1, result
        assert words in result.stderr and "--force" in result.stderr, result
        assert plan.read_bytes() == before
    result = cli("--lang", "vi", "done", "cong-bo", str(plan), "--on", "2019-01-01")
    assert result.exit_code == 1 and "nằm ngoài năm của kế hoạch 2024" in result.stderr, result
    result = cli("done", "cong-bo", str(plan), "--on", "2019-01-01", "--force")
    assert result.exit_code == 0, result
    assert "done_on: 2019-01-01" in plan.read_text(encoding="utf-8")
