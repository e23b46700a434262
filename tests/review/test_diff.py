"""The semantic diff: on the real 2023 → 2024 plans, on small edits, and through the CLI."""

from __future__ import annotations

import json

import pytest

from conftest import PLANS
from isoctl.plan.schedule import parse_schedule
from isoctl.plan.validate import check_text
from isoctl.review.diff import (
    DEFAULT_THRESHOLD,
    citation_key,
    diff_plans,
    format_markdown,
    format_text,
    schedule_shift,
    text_similarity,
)

P2023 = PLANS / "plan-2023.yaml"
P2024 = PLANS / "plan-2024.yaml"


def plan(text: str):
    checked = check_text(text, "t.yaml")
    assert checked.plan is not None, checked.findings
    return checked.plan


@pytest.fixture(scope="module")
def real():
    return diff_plans(plan(P2023.read_text(encoding="utf-8")), plan(P2024.read_text(encoding="utf-8")),
                      old_name="2023", new_name="2024")


def _numbers(citations) -> set[str]:
    return {citation_key(c.cite)[0] for c in citations}


def test_real_pair_citations(real):
    assert {"5264", "5389", "1455", "3684", "125"} <= _numbers(real.citations_removed)
    assert {"5859", "1942", "136", "153", "191"} <= _numbers(real.citations_added)
    # the same Circular, its symbol spelled differently in 2024: a change, not a removal + addition
    respelled = [c for c in real.citations_changed if c.old.cite != c.new.cite]
    assert [(c.old.cite, c.new.cite) for c in respelled] == [("26/2014/TT-BKHCN", "26/2014/TT-BKHHCN")]
    assert "26" not in _numbers(real.citations_removed) | _numbers(real.citations_added)


def test_real_pair_document(real):
    fields = {c.field: c for c in real.document}
    assert (fields["year"].old, fields["year"].new) == (2023, 2024)
    assert (fields["status"].old, fields["status"].new) == ("issued", "draft")
    assert fields["document.number"].new is None
    assert not fields["document.title"].significant  # only "năm 2023" → "năm 2024"


def test_real_pair_reworded_task_and_shift(real):
    by_new = {t.new.id: t for t in real.tasks_matched}
    auditors = by_new["dao-tao-danh-gia-vien-noi-bo"]
    assert auditors.old.task.title.startswith("Đào tạo đội ngũ chuyên gia")
    title = next(c for c in auditors.changes if c.field == "title")
    assert "similarity" in title.note
    when = {t.new.id: next((c for c in t.changes if c.field == "when"), None) for t in real.tasks_matched}
    assert when["kien-toan-bcd"].note == "one month later"  # Tháng 5/2023 → 6/2024
    assert when["danh-gia-noi-bo"].note == "2 months earlier"  # Tháng 11/2023 → 9/2024
    assert when["kien-toan-bcd"].significant


def test_reworded_task_matched_by_title_when_ids_differ():
    new_text = P2024.read_text(encoding="utf-8").replace("id: dao-tao-danh-gia-vien-noi-bo", "id: dao-tao-dgnb")
    d = diff_plans(plan(P2023.read_text(encoding="utf-8")), plan(new_text))
    pair = next(t for t in d.tasks_matched if t.new.id == "dao-tao-dgnb")
    assert pair.matched_by == "title"
    assert pair.old.id == "dao-tao-danh-gia-vien-noi-bo"
    assert pair.similarity >= DEFAULT_THRESHOLD
    assert "matched by title, similarity" in format_text(d)
    # a threshold above every score pairs nothing by title
    strict = diff_plans(plan(P2023.read_text(encoding="utf-8")), plan(new_text), threshold=0.99)
    assert all(t.matched_by == "id" for t in strict.tasks_matched)
    assert "dao-tao-dgnb" in {r.id for r in strict.tasks_added}


def test_similarity_ignores_year_and_stock_phrases():
    a = "Đào tạo đội ngũ chuyên gia đánh giá nội bộ."
    b = "Đào tạo chuyên gia đánh giá chất lượng nội bộ theo tiêu chuẩn ISO 9001:2015."
    assert text_similarity(a, b) > 0.8
    assert text_similarity("Công bố HTQLCL năm 2023", "Công bố hệ thống quản lý chất lượng năm 2024") == 1.0
    assert text_similarity(a, "Họp xem xét của lãnh đạo") < 0.4


@pytest.mark.parametrize("old, oy, new, ny, note, significant", [
    ("Tháng 6/2023", 2023, "Tháng 6/2024", 2024, "same month as last year", False),
    ("7,8/2023", 2023, "Tháng 7, 8/2024", 2024, "same months as last year", False),
    ("Tháng 5/2023", 2023, "6/2024", 2024, "one month later", True),
    ("Tháng 11/2023", 2023, "9/2024", 2024, "2 months earlier", True),
    ("Tháng 5/2023", 2023, "Tháng 5, 6/2023", 2023, "starts in the same month, over 2 months instead of one month", True),
    ("7,8/2024", 2024, "Tháng 7, 8/2024", 2024, "written differently, same time", False),
    ("Tháng 12/2023", 2023, "Sau công bố", 2024, "no longer a fixed month", True),
    ("Hàng quý", 2023, "Hàng quý", 2024, None, False),
])
def test_schedule_shift(old, oy, new, ny, note, significant):
    assert schedule_shift(parse_schedule(old), oy, parse_schedule(new), ny) == (note, significant)


def test_identical_plans_do_not_differ(cli):
    d = diff_plans(plan(P2024.read_text(encoding="utf-8")), plan(P2024.read_text(encoding="utf-8")))
    assert d.is_empty() and d.tasks_same == len(d.tasks_matched) > 0
    r = cli("diff", str(P2024), str(P2024), "--exit-code")
    assert r.exit_code == 0, r
    assert "no differences" in r.stdout


def test_small_edit_reports_exactly_that(tree):
    text = P2024.read_text(encoding="utf-8")
    edited = (text.replace("        when: 10/2024\n", "        when: 11/2024\n", 1)
              .replace("        partners: [TCPC]\n", "        partners: [TCPC, KHTC]\n", 1))
    d = diff_plans(plan(text), plan(edited))
    assert [t.new.id for t in d.tasks_changed] == ["kien-toan-bcd", "cong-bo"]
    changes = {t.new.id: [(c.field, c.note) for c in t.changes] for t in d.tasks_changed}
    assert changes["cong-bo"] == [("when", "one month later")]
    assert changes["kien-toan-bcd"] == [("partners", None)]
    assert "partners: +KHTC" in format_text(d)
    assert not (d.citations_added or d.citations_removed or d.tasks_added or d.tasks_removed or d.sections)


def test_cli_text_markdown_json(cli):
    r = cli("diff", str(P2023), str(P2024))
    assert r.exit_code == 0, r
    assert "- 5264/QĐ-UBND" in r.stdout and "+ 5859/QĐ-UBND" in r.stdout
    assert "when: Tháng 5/2023 → 6/2024 (one month later)" in r.stdout
    r = cli("diff", str(P2023), str(P2024), "--exit-code")
    assert r.exit_code == 1, r
    md = cli("diff", str(P2023), str(P2024), "--format", "markdown")
    assert md.exit_code == 0, md
    assert "| | Task | What changed |" in md.stdout
    assert "➖ 125/KH-UBND" in md.stdout
    for line in md.stdout.splitlines():
        if line.startswith("| ✏️"):
            assert line.count(" | ") == 2, line  # no cell breaks the table
    js = cli("diff", str(P2023), str(P2024), "--format", "json")
    data = json.loads(js.stdout)
    assert data["differ"] is True and data["old_year"] == 2023
    assert {c["cite"] for c in data["citations"]["added"]} >= {"5859/QĐ-UBND", "1942/QĐ-UBND"}


def test_cli_vietnamese(cli):
    r = cli("--lang", "vi", "diff", str(P2023), str(P2024))
    assert "Căn cứ: 5 bỏ, 5 thêm, 2 thay đổi" in r.stdout, r
    assert "muộn hơn một tháng" in r.stdout


def test_markdown_escapes_cells():
    text = P2024.read_text(encoding="utf-8")
    edited = text.replace("title: Lập kế hoạch triển khai chi tiết.", "title: Lập kế hoạch | <b>chi tiết</b>")
    md = format_markdown(diff_plans(plan(text), plan(edited)))
    assert "\\|" in md and "<b>" not in md


def test_cli_errors(cli, tree):
    root = tree({"bad.yaml": "format: 1\nyear: 2024\nagency: {name: A, abbr: A}\n"
                             "document: {title: T}\nphases:\n  - id: p\n    tasks:\n      - id: t\n        title: X\n"
                             "        when: Tháng 13\n"})
    r = cli("diff", str(P2024), str(root / "bad.yaml"))
    assert r.exit_code == 1, r
    assert f"{root / 'bad.yaml'}:10:" in r.stderr and "Traceback" not in r.output
    r = cli("diff", str(P2024), str(root / "missing.yaml"))
    assert r.exit_code == 2 and "no such file" in r.stderr, r  # a wrong argument, as in validate
    r = cli("diff", str(P2024))
    assert r.exit_code == 2, r
    r = cli("diff", str(P2023), str(P2024), "--threshold", "1.5")
    assert r.exit_code == 2, r


def test_threshold_from_config(cli, tree, monkeypatch):
    new_text = P2024.read_text(encoding="utf-8").replace("id: dao-tao-danh-gia-vien-noi-bo", "id: dao-tao-dgnb")
    root = tree({"isoctl.toml": "[diff]\nthreshold = 0.99\n", "new.yaml": new_text,
                 "old.yaml": P2023.read_text(encoding="utf-8")})
    monkeypatch.chdir(root)
    r = cli("diff", "old.yaml", "new.yaml")
    assert "+ dao-tao-dgnb" in r.stdout, r
    r = cli("diff", "old.yaml", "new.yaml", "--threshold", "0.6")
    assert "dao-tao-danh-gia-vien-noi-bo → dao-tao-dgnb [matched by title" in r.stdout, r
    (root / "isoctl.toml").write_text("[diff]\nthreshold = 'high'\n", encoding="utf-8")
    r = cli("diff", "old.yaml", "new.yaml")
    assert r.exit_code == 2 and "threshold" in r.stderr, r


def test_near_misses_are_shown_for_removed_tasks(real):
    # a removed task whose best unpaired counterpart scored just under the threshold says so
    assert real.nearest, "expected at least one near miss on the real pair"
    for old_id, (new_id, score) in real.nearest.items():
        assert real.threshold - 0.15 <= score < real.threshold
        assert old_id in {r.id for r in real.tasks_removed} and new_id in {r.id for r in real.tasks_added}
    assert "closest new task:" in format_text(real)
