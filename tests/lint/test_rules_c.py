"""C rules (coverage of ISO 9001's requirements): each finding lands on the right line and column, and
the real plans get exactly the findings a careful ISO secretary would agree with."""

from __future__ import annotations

from rulecases import found, on_real_plans, pos

from isoctl.lint.engine import lint_text
from isoctl.lint.rules.examples import BASE, build


def test_base_plan_has_no_c_finding() -> None:
    assert [f for f in lint_text(BASE).findings if f.code.startswith("C")] == []


def _without(*ids: str) -> str:
    return build("phases:\n  - id: noi-dung\n    tasks:\n" + "".join(f"      - id: {i}\n        __delete__: true\n"
                                                                   for i in ids))


def test_coverage_rules_point_at_phases() -> None:
    text = _without("danh-gia-noi-bo", "xem-xet-lanh-dao", "muc-tieu-chat-luong", "cap-nhat-van-ban")
    for code in ("C001", "C002", "C004", "C006"):
        assert found(text, code) == [pos(text, "phases:")], code
    assert found(text, "C003") == []  # no audit: C001 says it


def test_c003_corrective_action_before_the_audit() -> None:
    text = BASE.replace("when: Tháng 7/2024", "when: Tháng 3/2024")
    assert found(text, "C003") == [pos(text, "Tháng 3/2024")]
    assert found(BASE.replace("when: Tháng 7/2024", "when: Tháng 6/2024"), "C003") == []


def test_c005_build_plan_without_auditor_training() -> None:
    text = build("document:\n  title: Rà soát, xây dựng, áp dụng, duy trì và cải tiến HTQLCL năm 2024\n"
                 "phases:\n  - id: noi-dung\n    tasks:\n      - id: dao-tao-danh-gia-vien\n        __delete__: true\n")
    assert found(text, "C005") == [pos(text, "Tổ chức đánh giá nội bộ")]
    assert found(text.replace("Rà soát, xây dựng, áp dụng, duy trì", "Duy trì"), "C005") == []


def test_c007_target_not_quotation() -> None:
    text = BASE.replace("Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 trong",
                        "Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2008 trong")
    assert found(text, "C007") == [pos(text, "TCVN ISO 9001:2008 trong")]
    quoted = BASE.replace("Các phòng thực hiện đúng các quy trình đã ban hành.",
                          "Theo Quyết định số 19/2014/QĐ-TTg về việc áp dụng TCVN ISO 9001:2008; các phòng thực hiện.")
    assert found(quoted, "C007") == []
    assert found(BASE, "C007") == []  # basis `about` quotes Decision 19's title


def test_real_plans_get_exactly_the_findings_a_secretary_would_make() -> None:
    got = on_real_plans("C", by="line")
    assert got["plan-2023.yaml"] == [(142, 'C004')]
    assert got["plan-2024.yaml"] == [(137, 'C004')]
    assert got["skhcn-2021.yaml"] == []
    assert got["tinh-2023-phu-luc-1.yaml"] == []
