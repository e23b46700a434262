"""isoctl done / set: the edit changes only its own lines; comments, order, quoting survive."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest

from isoctl.plan.validate import check_file
from isoctl.timeline.progress import apply

ROOT = Path(__file__).resolve().parents[2]
PLANS = sorted([*(ROOT / "plans").glob("*.yaml"), *(ROOT / "plans" / "examples").glob("*.yaml")])
P2024 = ROOT / "plans" / "plan-2024.yaml"
TINH = ROOT / "plans" / "examples" / "tinh-2023-phu-luc-1.yaml"


@pytest.fixture
def copy(tmp_path):
    def make(source: Path = P2024) -> Path:
        target = tmp_path / source.name
        shutil.copyfile(source, target)
        return target
    return make


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    a, b = before.splitlines(), after.splitlines()
    removed, added = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += a[i1:i2]
            added += b[j1:j2]
    return removed, added


def task_of(path: Path, task_id: str):
    plan = check_file(str(path)).plan
    return next(t for _, t in plan.tasks() if t.id == task_id)


def test_done_adds_two_lines_inside_the_task_and_nothing_else(cli, copy):
    plan = copy()
    before = plan.read_text(encoding="utf-8")
    result = cli("done", "khao-sat-thuc-trang", str(plan), "--on", "2024-07-30")
    assert result.exit_code == 0, result
    after = plan.read_text(encoding="utf-8")
    assert changed_lines(before, after) == ([], ["        status: done", "        done_on: 2024-07-30"])
    # the comment that introduces the next task stays right above it
    lines = after.splitlines()
    k = lines.index("        done_on: 2024-07-30")
    assert lines[k + 1].lstrip().startswith("# Partners cell") and lines[k + 2].endswith("dao-tao-kien-thuc-iso")
    task = task_of(plan, "khao-sat-thuc-trang")
    assert (task.status, task.done_on) == ("done", dt.date(2024, 7, 30))
    assert "khao-sat-thuc-trang: status planned → done" in result.stdout
    assert "null" in after and after.count("null") == before.count("null")  # untouched lines stay as written


def test_set_changes_lines_in_place_and_keeps_the_order(cli, copy):
    plan = copy()
    assert cli("done", "cong-bo", str(plan), "--on", "2024-10-20").exit_code == 0
    done = plan.read_text(encoding="utf-8")
    result = cli("set", "cong-bo", "status=in-progress", str(plan))
    assert result.exit_code == 0, result
    after = plan.read_text(encoding="utf-8")
    assert changed_lines(done, after) == (["        status: done", "        done_on: 2024-10-20"],
                                          ["        status: in-progress"])  # a stale done_on goes
    assert cli("set", "cong-bo", "when=Tháng 11/2024", "note=Lùi một tháng", str(plan)).exit_code == 0
    removed, added = changed_lines(after, plan.read_text(encoding="utf-8"))
    assert removed == ["        when: 10/2024"]
    assert added == ["        when: Tháng 11/2024", "        note: Lùi một tháng"]
    task = task_of(plan, "cong-bo")
    assert (task.status, task.when.format(), task.note) == ("in-progress", "Tháng 11/2024", "Lùi một tháng")
    assert cli("set", "cong-bo", "note=", str(plan)).exit_code == 0
    assert task_of(plan, "cong-bo").note is None


def test_set_records_result_evidence_and_reason_for_the_report(cli, copy):
    plan = copy()
    r = cli("set", "kien-toan-bcd", "status=done", "done_on=2024-06-20", "result=Quyết định số 12/QĐ-SVHTT",
            "evidence=ngày 20/6/2024", str(plan))
    assert r.exit_code == 0, r
    assert cli("set", "lap-ke-hoach", "status=cancelled", "reason=Gộp vào nhiệm vụ 1", str(plan)).exit_code == 0
    done, cancelled = task_of(plan, "kien-toan-bcd"), task_of(plan, "lap-ke-hoach")
    assert (done.result, done.evidence) == ("Quyết định số 12/QĐ-SVHTT", "ngày 20/6/2024")
    assert cancelled.reason == "Gộp vào nhiệm vụ 1"
    from isoctl.render import render_document

    text = render_document(check_file(str(plan)).plan, "bao-cao", as_of=dt.date(2024, 12, 1)).text
    assert "Quyết định số 12/QĐ-SVHTT" in text and "Nguyên nhân: Gộp vào nhiệm vụ 1." in text
    assert cli("set", "lap-ke-hoach", "reason=", str(plan)).exit_code == 0
    assert task_of(plan, "lap-ke-hoach").reason is None


def test_done_on_alone_marks_done_and_status_done_records_today(cli, copy):
    plan = copy()
    assert cli("set", "lap-ke-hoach", "done_on=2024-06-28", str(plan)).exit_code == 0
    assert task_of(plan, "lap-ke-hoach").status == "done"
    assert cli("set", "kien-toan-bcd", "status=done", str(plan)).exit_code == 0
    assert task_of(plan, "kien-toan-bcd").done_on == dt.date.today()


@pytest.mark.parametrize("source", PLANS, ids=lambda p: p.stem)
def test_every_task_of_every_real_plan_edits_cleanly(source):
    """Marking any task done only adds lines, never moves a comment, and the result validates."""
    from isoctl.plan.files import load_plan

    plan = load_plan(str(source))
    today = dt.date(plan.year + 1, 1, 1)
    for _, task in plan.tasks():
        edit = apply(str(source), task.id, {"status": "done"}, today=today)
        removed, added = changed_lines(edit.original, edit.text)
        assert removed == [] and len(added) == 2, (task.id, removed, added)
        assert all(not line.lstrip().startswith("#") for line in added)
        assert source.read_text(encoding="utf-8") == edit.original  # apply() does not write


def test_crlf_and_bom_survive(cli, tmp_path):
    text = P2024.read_text(encoding="utf-8")
    plan = tmp_path / "crlf.yaml"
    plan.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert cli("done", "cong-bo", str(plan), "--on", "2024-10-01").exit_code == 0
    raw = plan.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")
    assert b"        status: done\r\n        done_on: 2024-10-01\r\n" in raw


def test_unknown_task_id_lists_close_ids_first(cli, copy):
    plan = copy()
    before = plan.read_bytes()
    result = cli("done", "cong-bo-htqlcl", str(plan))
    assert result.exit_code == 2, result
    assert "no task 'cong-bo-htqlcl'" in result.stderr
    assert "did you mean 'cong-bo'" in result.stderr
    ids = result.stderr.split("task ids: ")[1]
    assert ids.startswith("cong-bo") and "kien-toan-bcd" in ids
    assert plan.read_bytes() == before


@pytest.mark.parametrize("args,words", [
    (["status=finished"], "not one of"),
    (["status=done", "status=planned"], "given twice"),
    (["title=X"], "cannot be set"),
    (["when=Tháng 13/2024"], "when:"),
    (["done_on=2024-02-30"], "not a date"),
    (["status=planned", "done_on=2024-06-01"], "only for a task that is done"),
    (["status"], "more than one plan file"),
    ([], "nothing to set"),
])
def test_bad_values_are_refused_before_writing(cli, copy, args, words):
    plan = copy()
    before = plan.read_bytes()
    result = cli("set", "cong-bo", *args, str(plan))
    assert result.exit_code == 2, result
    assert words in result.stderr or words in result.stdout, result
    assert plan.read_bytes() == before


def test_two_plan_files_and_unreadable_dates_are_usage_errors(cli, copy):
    """(A readable date in the future is refused as a change, exit 1: tests/timeline/test_progress_lint.py.)"""
    plan = copy()
    assert cli("set", "cong-bo", "status=done", str(plan), str(plan)).exit_code == 2
    assert cli("done", "cong-bo", str(plan), "--on", "hôm qua").exit_code == 2


def test_invalid_plan_is_reported_like_validate(cli, tmp_path):
    plan = tmp_path / "bad.yaml"
    plan.write_text(P2024.read_text(encoding="utf-8").replace("lead: [VP]", "lead: [VPX]", 1), encoding="utf-8")
    before = plan.read_bytes()
    result = cli("done", "cong-bo", str(plan))
    assert result.exit_code == 1, result
    assert f"{plan}:" in result.stderr and "E200" in result.stderr and "Traceback" not in result.output
    assert plan.read_bytes() == before


def test_default_plan_is_edited_when_none_given(cli, tree, monkeypatch):
    root = tree({"plans/plan-2024.yaml": P2024.read_text(encoding="utf-8"),
                 "plans/examples/tinh.yaml": TINH.read_text(encoding="utf-8")})
    monkeypatch.chdir(root)
    assert cli("done", "cong-bo", "--on", "2024-10-10").exit_code == 0
    assert "status: done" in (root / "plans/plan-2024.yaml").read_text(encoding="utf-8")
    assert "status: done" not in (root / "plans/examples/tinh.yaml").read_text(encoding="utf-8")
    assert cli("set", "cong-bo", "status=cancelled").exit_code == 0
    assert task_of(root / "plans/plan-2024.yaml", "cong-bo").status == "cancelled"
