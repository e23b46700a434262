"""D rules (the document): findings land on the exact line and column, and the real plans get the right
ones."""

from __future__ import annotations

from rulecases import found, on_real_plans, pos

from isoctl.lint.engine import lint_text
from isoctl.lint.rules.examples import BASE


def test_consultant_finding_points_at_the_lead_item() -> None:
    text = BASE.replace("    name: Giám đốc Sở\n", "    name: Giám đốc Sở\n  - id: TV\n    name: Đơn vị tư vấn\n"
                        "    kind: consultant\n").replace(
        "title: Công bố Hệ thống quản lý chất lượng phù hợp TCVN ISO 9001:2015\n        lead: [GD]",
        "title: Công bố Hệ thống quản lý chất lượng phù hợp TCVN ISO 9001:2015\n        lead: [GD, TV]")
    line, col = pos(text, "lead: [GD, TV]")
    assert found(text, "D006") == [(line, col + len("lead: [GD, "))]


def test_appendix_only_file_needs_no_signer_or_recipients() -> None:
    text = BASE.replace("  title: Duy trì", "  appendix: Phụ lục I\n  title: Duy trì")
    text = text[: text.index("recipients:")]
    codes = [f.code for f in lint_text(text).findings]
    assert "D004" not in codes and "D005" not in codes
    assert {"D004", "D005"} <= {f.code for f in lint_text(BASE[: BASE.index("recipients:")]).findings}


def test_real_plans_get_exactly_the_findings_a_secretary_would_make() -> None:
    got = on_real_plans("D")
    assert got["plan-2023.yaml"] == []
    assert got["plan-2024.yaml"] == [("D006", "phases.2.tasks.0.lead.0"),  # consultant issues the decision
                                     ("D006", "phases.3.tasks.3.lead.0")]  # consultant leads the review
    assert got["skhcn-2021.yaml"] == []
    assert got["tinh-2023-phu-luc-1.yaml"] == []
