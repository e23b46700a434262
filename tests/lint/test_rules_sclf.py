"""S, C and L rules: each finding lands on the right line and column, options work, and the real
plans get exactly the findings a careful ISO secretary would agree with."""

from __future__ import annotations

from conftest import PLANS
from isoctl.lint.config import Config
from isoctl.lint.engine import lint_file, lint_text
from isoctl.lint.fix import fix_text
from isoctl.lint.rules.examples import BASE, build
from isoctl.plan.validate import check_text

FAMILIES = ("S", "C", "L")


def found(text: str, code: str, config: Config | None = None) -> list[tuple[int, int]]:
    return [(f.line, f.col) for f in lint_text(text, config).findings if f.code == code]


def messages(text: str, code: str) -> list[str]:
    return [f.message for f in lint_text(text).findings if f.code == code]


def pos(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    idx = -1
    for _ in range(nth + 1):
        idx = text.index(needle, idx + 1)
    return text.count("\n", 0, idx) + 1, idx - (text.rfind("\n", 0, idx) + 1) + 1


def test_base_plan_has_no_finding_of_these_families() -> None:
    assert [f for f in lint_text(BASE).findings if f.code.startswith(FAMILIES)] == []


# --- L ------------------------------------------------------------------------------------------

CORE = """\
basis:
  - cite: 19/2014/QĐ-TTg
    kind: Quyết định
    date: 2014-03-05
    issuer: Thủ tướng Chính phủ
  - cite: 26/2014/TT-BKHCN
    kind: Thông tư
    date: 2014-10-10
    issuer: Bộ Khoa học và Công nghệ
"""


def test_l001_points_at_the_bad_part_in_basis_and_in_folded_text() -> None:
    text = build(CORE + "  - cite: 191/Đ-BVHTTDL\n    kind: Quyết định\n")
    assert found(text, "L001") == [(pos(text, "191/Đ")[0], pos(text, "191/Đ")[1] + 4)]
    text = BASE.replace("  - Các phòng thực hiện đúng các quy trình đã ban hành.",
                        "  - Các phòng thực hiện đúng các quy trình theo\n    Kế hoạch số 97/KH–UBND ngày 28/3/2022.")
    assert found(text, "L001") == [(pos(text, "–UBND")[0], pos(text, "–UBND")[1])]


def test_l002_unknown_issuer_with_the_closest_code() -> None:
    text = BASE.replace("Các phòng thực hiện đúng", "Theo Thông tư 55/2019/TT-BTTC, các phòng thực hiện đúng")
    assert found(text, "L002") == [pos(text, "BTTC")]
    assert [f.hint for f in lint_text(text).findings if f.code == "L002"] == ["did you mean 'BTC'?"]
    own = BASE.replace("Các phòng thực hiện đúng", "Theo Công văn số 12/SKHCN-VP và 3/KH-SKHCN, các phòng")
    assert found(own, "L002") == []


def test_l003_same_number_two_dates_points_at_the_odd_date() -> None:
    text = build(CORE + "  - cite: 136/KH-UBND\n    kind: Kế hoạch\n    date: 2024-05-04\n"
                 "    issuer: UBND thành phố\n"
                 "purpose:\n  - Thực hiện Kế hoạch số 136/KH-UBND ngày 14/5/2024 của Sở Tài chính.\n")
    assert found(text, "L003") == [pos(text, "ngày 14/5/2024"), pos(text, "Sở Tài chính")]
    assert messages(text, "L003")[0] == f"136/KH-UBND is dated 14/5/2024 here but 04/5/2024 on line {pos(text, '2024-05-04')[0]}"


def test_l004_two_numbers_one_digit_apart_undated() -> None:
    text = build(CORE + "  - cite: 5264/QĐ-UBND\n    kind: Quyết định\n    date: 2022-12-28\n"
                 "purpose:\n  - Phân cấp (Quyết định số 5261/QĐ-UBND, Quyết định số 5389/QĐ-UBND).\n")
    assert found(text, "L004") == [pos(text, "5261/")]
    dated = text.replace("số 5261/QĐ-UBND,", "số 5261/QĐ-UBND ngày 20/12/2022,")
    assert found(dated, "L004") == []


def test_l005_misspelt_well_known_citation_is_fixed_and_wrong_date_reported() -> None:
    text = build(CORE.replace("26/2014/TT-BKHCN", "26/2014/TT-BKHHCN") +
                 "budget: Theo Thông tư 116/2015/TT-BTC ngày 11/9/2015 của Bộ Tài chính # chi phí\n")
    assert found(text, "L005") == sorted([pos(text, "26/2014/TT-BKHHCN"), pos(text, "ngày 11/9/2015")])
    assert found(text, "L002") == [] and found(text, "L006") == []
    fixes = [f.fix for f in lint_text(text).findings if f.code == "L005" and f.fix]
    fixed, applied = fix_text(text, fixes)
    assert "26/2014/TT-BKHCN" in fixed and "BKHHCN" not in fixed and "# chi phí" in fixed and len(applied) == 1
    assert found(fixed, "L005") == [pos(fixed, "ngày 11/9/2015")]


def test_l005_issuer_of_a_well_known_document() -> None:
    text = BASE.replace("Các phòng thực hiện đúng", "Theo Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Chính phủ, "
                        "các phòng thực hiện đúng")
    assert found(text, "L005") == [pos(text, "Chính phủ, ")]
    assert found(text.replace("của Chính phủ", "của Thủ tướng"), "L005") == []


def test_l006_core_basis_missing() -> None:
    text = build("basis:\n  - cite: 19/2014/QĐ-TTg\n    kind: Quyết định\n")
    assert found(text, "L006") == [pos(text, "basis:")]
    assert messages(text, "L006") == ["the basis does not cite Thông tư 26/2014/TT-BKHCN"]


# --- S ------------------------------------------------------------------------------------------

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


# --- C ------------------------------------------------------------------------------------------

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


# --- the real plans -----------------------------------------------------------------------------

def _mine(path) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in lint_file(str(path), Config()).findings if f.code.startswith(FAMILIES)]


def test_real_plans() -> None:
    # L008: the Hanoi plans write "ISO 9001:2015" (and quote Decision 19 as "tiêu chuẩn quốc gia ISO
    # 9001:2008") without TCVN; L007: the 2021 plan quotes Decision 19 as "TCVN 9001:2008", without ISO
    assert _mine(PLANS / "plan-2023.yaml") == [(142, "C004"), (357, "L004"), (362, "L008"), (362, "L008")]
    assert _mine(PLANS / "plan-2024.yaml") == [(34, "L005"), (49, "L001"), (137, "C004"), (176, "L008"),
                                               (214, "L008"), (218, "L008"), (236, "L008"), (264, "S003"),
                                               (342, "L008")]
    assert _mine(PLANS / "examples" / "skhcn-2021.yaml") == [(33, "L007")]
    assert _mine(PLANS / "examples" / "tinh-2023-phu-luc-1.yaml") == [(125, "S004")]
