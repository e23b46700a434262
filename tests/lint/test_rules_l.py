"""L rules (citations of laws and documents): each finding lands on the right line and column, and the
real plans get exactly the findings a careful ISO secretary would agree with."""

from __future__ import annotations

from rulecases import found, messages, on_real_plans, pos

from isoctl.lint.engine import lint_text
from isoctl.lint.fix import fix_text
from isoctl.lint.rules.examples import BASE, build


def test_base_plan_has_no_l_finding() -> None:
    assert [f for f in lint_text(BASE).findings if f.code.startswith("L")] == []


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
                 "budget: Theo Thông tư 36/2018/TT-BTC ngày 30/4/2018 của Bộ Tài chính # chi phí\n")
    assert found(text, "L005") == sorted([pos(text, "26/2014/TT-BKHHCN"), pos(text, "ngày 30/4/2018")])
    assert found(text, "L002") == [] and found(text, "L006") == []
    fixes = [f.fix for f in lint_text(text).findings if f.code == "L005" and f.fix]
    fixed, applied = fix_text(text, fixes)
    assert "26/2014/TT-BKHCN" in fixed and "BKHHCN" not in fixed and "# chi phí" in fixed and len(applied) == 1
    assert found(fixed, "L005") == [pos(fixed, "ngày 30/4/2018")]


def test_l005_does_not_compare_a_date_no_source_confirmed() -> None:
    # 116/2015/TT-BTC and 26/2014/TT-BKHCN: docs/law says their day was not found (date_checked = false)
    for cite in ("Thông tư 116/2015/TT-BTC ngày 11/9/2015 của Bộ Tài chính",
                 "Thông tư 26/2014/TT-BKHCN ngày 12/10/2014 của Bộ Khoa học và Công nghệ"):
        assert found(build(f"budget: Theo {cite}.\n"), "L005") == []
    # the issuer is still checked, and the hint does not suggest the unconfirmed date
    text = build("budget: Theo Thông tư 116/2015/TT-BTC ngày 11/9/2015 của Bộ Nội vụ.\n")
    assert found(text, "L005") == [pos(text, "Bộ Nội vụ")]
    text = build("budget: Theo Thông tư 116/2015 của Bộ Tài chính.\n")
    [hint] = [f.hint for f in lint_text(text).findings if f.code == "L005"]
    assert "116/2015/TT-BTC" in hint and "11/8/2015" not in hint


def test_l005_issuer_of_a_well_known_document() -> None:
    text = BASE.replace("Các phòng thực hiện đúng", "Theo Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Chính phủ, "
                        "các phòng thực hiện đúng")
    assert found(text, "L005") == [pos(text, "Chính phủ, ")]
    assert found(text.replace("của Chính phủ", "của Thủ tướng"), "L005") == []


def test_l006_core_basis_missing() -> None:
    text = build("basis:\n  - cite: 19/2014/QĐ-TTg\n    kind: Quyết định\n")
    assert found(text, "L006") == [pos(text, "basis:")]
    assert messages(text, "L006") == ["the basis does not cite Thông tư 26/2014/TT-BKHCN"]


def test_real_plans_get_exactly_the_findings_a_secretary_would_make() -> None:
    # L008: the Hanoi plans write "ISO 9001:2015" (and quote Decision 19 as "tiêu chuẩn quốc gia ISO
    # 9001:2008") without TCVN; L007: the 2021 plan quotes Decision 19 as "TCVN 9001:2008", without ISO
    got = on_real_plans("L", by="line")
    assert got["plan-2023.yaml"] == [(357, 'L004'), (362, 'L008'), (362, 'L008')]
    assert got["plan-2024.yaml"] == [(34, 'L005'), (49, 'L001'), (176, 'L008'), (214, 'L008'), (218, 'L008'), (236, 'L008'), (342, 'L008')]
    assert got["skhcn-2021.yaml"] == [(33, 'L007')]
    assert got["tinh-2023-phu-luc-1.yaml"] == []
