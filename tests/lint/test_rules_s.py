"""S rules (the schedule): each finding lands on the right line and column, options work, and the real
plans get exactly the findings a careful ISO secretary would agree with."""

from __future__ import annotations

from rulecases import found, messages, on_real_plans, pos

from isoctl.lint.config import Config
from isoctl.lint.engine import lint_text
from isoctl.lint.rules.examples import BASE, build
from isoctl.plan.validate import check_text


def test_base_plan_has_no_s_finding() -> None:
    assert [f for f in lint_text(BASE).findings if f.code.startswith("S")] == []


def test_s001_points_at_the_written_year() -> None:
    text = BASE.replace("when: Tháng 6/2024", "when: Tháng 6/2023")
    assert found(text, "S001") == [pos(text, "2023")]
    text = BASE.replace("when: Tháng 6/2024", "when: {months: [6], year: 2025}")
    assert found(text, "S001") == [pos(text, "2025}")]


def test_s002_explicit_after_and_natural_order() -> None:
    text = BASE.replace("when: Tháng 11/2024", "when: Tháng 11/2024\n        after: [cong-bo]").replace(
        "when: Tháng 9/2024", "when: Tháng 12/2024")
    assert found(text, "S002") == [pos(text, "Tháng 11/2024")]
    text = BASE.replace("when: Tháng 8/2024", "when: Tháng 5/2024")  # review before corrective action
    assert found(text, "S002") == [pos(text, "Tháng 5/2024")]
    assert "'xem-xet-lanh-dao' (management-review, 5/2024) is scheduled before 'khac-phuc'" in messages(text, "S002")[0]
    same = BASE.replace("when: Tháng 8/2024", "when: Tháng 7/2024")
    assert found(same, "S002") == []


def test_s002_sau_cong_bo_resolves_to_the_announcement() -> None:
    from isoctl.lint.rules._sched import infos, predecessors
    from isoctl.lint.rules.base import RuleContext

    text = BASE.replace("when: Tháng 11/2024", "when: Sau công bố")
    checked = check_text(text)
    ctx = RuleContext(checked.plan, checked.loaded)
    report = [t for t in infos(ctx) if t.task.id == "bao-cao"][0]
    assert [(p.task.id, how) for p, how in predecessors(ctx, report)] == [("cong-bo", "phrase")]


def test_s003_option_and_position() -> None:
    fragment = "\n".join(["phases:", "  - id: noi-dung", "    tasks:"] + [
        f"      - id: {i}\n        lead: [VP]\n        when: Tháng 4/2024" for i in
        ("muc-tieu-chat-luong", "danh-gia-noi-bo")])
    text = build(fragment)
    assert found(text, "S003") == []
    line, col = pos(text, "[VP]\n        partners: [PHONG]\n        when: Tháng 4/2024")  # VP's third task in April
    assert found(text, "S003", Config(rules={"S003": {"max-tasks": 2}})) == [(line, col + 1)]


def test_s004_no_schedule() -> None:
    text = build("phases:\n  - id: noi-dung\n    tasks:\n      - id: bao-cao\n        when: __delete__\n")
    assert found(text, "S004") == [pos(text, "bao-cao")]


def test_real_plans_get_exactly_the_findings_a_secretary_would_make() -> None:
    got = on_real_plans("S", by="line")
    assert got["plan-2023.yaml"] == []
    assert got["plan-2024.yaml"] == [(264, 'S003')]
    assert got["skhcn-2021.yaml"] == []
    assert got["tinh-2023-phu-luc-1.yaml"] == [(125, 'S004')]
