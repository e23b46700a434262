"""QA of the semantic diff as a reviewer reads it: phases across years, moves, exit codes."""

from __future__ import annotations

import json

from conftest import PLANS
from isoctl.plan.validate import check_text
from isoctl.review.diff import diff_plans, format_markdown, format_text

P2023 = PLANS / "plan-2023.yaml"
P2024 = PLANS / "plan-2024.yaml"

HEAD = "format: 1\nyear: {y}\nagency: {{name: Sở A, abbr: SA}}\ndocument: {{title: Kế hoạch năm {y}}}\n" \
       "units:\n  - {{id: VP, name: Văn phòng}}\n"


def plan(text: str):
    checked = check_text(text, "t.yaml")
    assert checked.plan is not None, checked.findings
    return checked.plan


def phases(year: int, spec: list[tuple[str, str, list[str]]]) -> str:
    out = HEAD.format(y=year) + "phases:\n"
    for pid, title, tasks in spec:
        out += f"  - id: {pid}\n    title: {title}\n    tasks:\n"
        for tid in tasks:
            out += f"      - id: {tid}\n        title: Nhiệm vụ {tid}\n        lead: [VP]\n"
    return out


def test_real_pair_reports_no_phase_move_for_every_task():
    d = diff_plans(plan(P2023.read_text(encoding="utf-8")), plan(P2024.read_text(encoding="utf-8")))
    # 2023 has one phase "Nội dung thực hiện", 2024 five new ones: a restructuring, not 7 moves
    assert not any(t.moved for t in d.tasks_matched)
    assert not any(c.field == "phase" for t in d.tasks_matched for c in t.changes)
    assert [p.id for p in d.phases_removed] == ["noi-dung-thuc-hien"]
    spread = d.phases_spread["noi-dung-thuc-hien"]
    assert sum(n for _, n in spread) == len(d.tasks_matched)
    text = format_text(d)
    assert "moved to another phase" not in text
    assert "- noi-dung-thuc-hien: Nội dung thực hiện (its tasks are now in: chuan-bi (2)" in text
    data = json.loads(json.dumps(d.to_dict()))
    assert data["phases"]["removed"][0]["tasks_now_in"][0] == {"phase": "chuan-bi", "tasks": 2}


def test_phase_renamed_by_id_is_paired_by_title():
    old = plan(phases(2023, [("p1", "Giai đoạn chuẩn bị", ["a", "b"]), ("p2", "Giai đoạn đánh giá", ["c"])]))
    new = plan(phases(2024, [("chuan-bi", "Giai đoạn chuẩn bị", ["a", "b"]), ("p2", "Giai đoạn đánh giá", ["c"])]))
    d = diff_plans(old, new)
    assert not d.phases_removed and not d.phases_added
    assert [(a.id, b.id) for a, b, _ in d.phases_changed] == [("p1", "chuan-bi")]
    assert not d.tasks_changed and d.is_empty() is False  # the phase id change itself is a change
    assert "~ p1 → chuan-bi: renamed" in format_text(d)


def test_single_untitled_phases_are_paired_by_position():
    old = plan(phases(2023, [("noi-dung", "Nội dung", ["a"])]))
    new = plan(phases(2024, [("nhiem-vu", "Các nhiệm vụ", ["a"])]))
    d = diff_plans(old, new)
    assert d.phase_pairs == {"noi-dung": "nhiem-vu"}
    assert not d.tasks_changed
    (a, b, ch), = d.phases_changed
    assert [c.field for c in ch] == ["id", "phase.title"]
    assert "title: Nội dung → Các nhiệm vụ" in format_text(d)


def test_a_real_move_between_kept_phases_is_reported():
    old = plan(phases(2024, [("p1", "Chuẩn bị", ["a", "b"]), ("p2", "Đánh giá", ["c"])]))
    new = plan(phases(2024, [("p1", "Chuẩn bị", ["a"]), ("p2", "Đánh giá", ["b", "c"])]))
    d = diff_plans(old, new)
    (t,) = d.tasks_changed
    assert t.new.id == "b" and t.moved
    assert [(c.field, c.old, c.new) for c in t.changes] == [("phase", "Chuẩn bị", "Đánh giá")]
    assert "phase: Chuẩn bị → Đánh giá (moved to another phase)" in format_text(d)
    assert "✏️" in format_markdown(d)


def test_vietnamese_phase_section(cli):
    r = cli("--lang", "vi", "diff", str(P2023), str(P2024))
    assert "(các nhiệm vụ của nó nay thuộc: chuan-bi (2)" in r.stdout, r
    assert "chuyển sang giai đoạn khác" not in r.stdout


def test_wrong_file_arguments_are_usage_errors(cli, tmp_path):
    r = cli("diff", str(P2024), str(tmp_path / "missing.yaml"))
    assert r.exit_code == 2 and "no such file" in r.stderr, r
    r = cli("--lang", "vi", "diff", str(PLANS), str(P2024))
    assert r.exit_code == 2 and "là thư mục; hãy ghi một tệp kế hoạch" in r.stderr, r
    r = cli("new", "--from", str(tmp_path / "missing.yaml"), "--year", "2025")
    assert r.exit_code == 2, r


def test_new_summary_leaves_out_zero_counts_and_does_not_overclaim(cli, in_tmp):
    (in_tmp / "plan-2024.yaml").write_text(P2024.read_text(encoding="utf-8"), encoding="utf-8")
    r = cli("new", "--from", "plan-2024.yaml", "--year", "2025")
    assert r.exit_code == 0, r
    assert "task statuses reset" not in r.stdout  # the 2024 draft has no task done yet
    assert "wrote plan-2025.yaml: it passes the schema; now run `isoctl validate plan-2025.yaml`" in r.stdout
    done = P2024.read_text(encoding="utf-8").replace("        when: 10/2024\n", "        when: 10/2024\n"
                                                     "        status: done\n        done_on: 2024-10-20\n", 1)
    (in_tmp / "done-2024.yaml").write_text(done, encoding="utf-8")
    r = cli("new", "--from", "done-2024.yaml", "--year", "2025")
    assert "1 task statuses reset to planned, 1 done dates removed" in r.stdout, r


def test_responsibilities_are_compared_duty_by_duty():
    d = diff_plans(plan(P2023.read_text(encoding="utf-8")), plan(P2024.read_text(encoding="utf-8")))
    (resp,) = [s for s in d.sections if s.section == "responsibilities"]
    # the 2024 plan re-typed an en dash as a hyphen in the office's duty: a reviewer sees both lines
    assert any(x.startswith("VP: Phối hợp phòng Tổ chức – Pháp chế") for x in resp.removed)
    assert any(x.startswith("VP: Phối hợp phòng Tổ chức - Pháp chế") for x in resp.added)
    assert "~ responsibilities: 8 removed, 6 added" in format_text(d)


def test_status_words_in_vietnamese(cli):
    r = cli("--lang", "vi", "diff", str(P2023), str(P2024))
    assert "trạng thái: đã ban hành (issued) → dự thảo (draft)" in r.stdout, r
    r = cli("diff", str(P2023), str(P2024))
    assert "status: issued → draft" in r.stdout, r


def test_jobs_must_be_positive(cli):
    r = cli("validate", "-j", "0", str(PLANS))
    assert r.exit_code == 2, r
