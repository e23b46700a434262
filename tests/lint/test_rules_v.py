"""V rules (Vietnamese text): findings land on the exact line and column, and the real plans get the
right ones."""

from __future__ import annotations

import pytest
from rulecases import found, on_real_plans, pos

from conftest import SEED_PLANS
from isoctl.lint.engine import lint_text
from isoctl.lint.rules.examples import BASE


def test_spacing_positions_in_plain_quoted_and_folded_scalars() -> None:
    text = BASE.replace("  - Duy trì, cải tiến Hệ thống", "  - \"Duy trì ,  cải tiến Hệ thống").replace(
        "trong hoạt động của Sở.\n", "trong hoạt động của Sở.\"\n", 1).replace(
        "  - Các phòng thực hiện đúng các quy trình đã ban hành.",
        "  - Các phòng thực hiện đúng\n    các quy trình  đã ban hành.")
    assert found(text, "V003") == sorted([pos(text, " ,"), pos(text, "  cải"), pos(text, "  đã")])


def test_nfc_and_tone_positions() -> None:
    text = BASE.replace("Theo dõi, đôn đốc", "Theo dõi, đôn đo\u0302\u0301c hoà giải").replace(
        "Chỉ đạo việc", "Chỉ đạo hòa hợp, hòa nhập việc")
    assert found(text, "V001") == [pos(text, "đo\u0302\u0301c")]
    assert found(text, "V002") == [pos(text, "hoà")]
    assert [f.hint for f in lint_text(text).findings if f.code == "V002"] == ["write 'hòa'"]


def test_letter_list_inside_text_points_at_the_wrong_letter() -> None:
    text = BASE.replace("Theo dõi, đôn đốc việc thực hiện Kế hoạch này.",
                        "\"Gồm: a) theo dõi; b) đôn đốc; c) tổng hợp; d) báo cáo; e) lưu hồ sơ.\"")
    assert found(text, "V004") == [pos(text, "e) lưu")]
    assert [f.message for f in lint_text(text).findings if f.code == "V004"] == ["d) is followed by e): đ) is missing"]
    text = BASE.replace("label: e\n", "label: f\n")
    assert [f.message for f in lint_text(text).findings if f.code == "V004"] == ["f) is not a Vietnamese list letter"]


def test_district_level_after_july_2025_only() -> None:
    later = BASE.replace("year: 2024", "year: 2026").replace("2024-01-15", "2026-01-05").replace(
        "/2024", "/2026").replace("Tổ chức đánh giá nội bộ", "Tổ chức đánh giá nội bộ cho UBND cấp huyện")
    assert found(later, "V005") == [pos(later, "UBND cấp huyện")]
    assert found(later.replace("2026-01-05", "2025-06-30").replace("year: 2026", "year: 2025").replace(
        "/2026", "/2025"), "V005") == []


@pytest.mark.parametrize(("wrong", "right"), [("Kiên toàn", "Kiện toàn"), ("kiến toản", "kiện toàn"),
                                              ("lảnh đạo", "lãnh đạo"), ("tiêu chuẫn", "tiêu chuẩn")])
def test_misspelt_term_is_reported_at_its_column_and_fixed(wrong: str, right: str) -> None:
    text = BASE.replace("title: Công bố Hệ thống", f"title: {wrong} và công bố Hệ thống")
    line, col = pos(text, f"title: {wrong}")
    assert found(text, "V006") == [(line, col + len("title: "))]
    from isoctl.lint.fix import fix_loop

    fixed = fix_loop("p.yaml", text, lambda t: lint_text(t).findings).text
    assert f"title: {right} và công bố" in fixed


def test_real_words_are_not_misspellings() -> None:
    text = BASE.replace("title: Công bố Hệ thống", "title: Kiện toàn, nâng cao chất lượng, lãnh đạo và công bố Hệ thống")
    assert found(text, "V006") == []


def test_real_plans_get_exactly_the_findings_a_secretary_would_make() -> None:
    got = on_real_plans("V")
    assert got["plan-2023.yaml"] == [("V003", "presentation.appendix.note"),  # "Kế hoạch số : 359" in the Phụ lục
                                     ("V003", "scope.items.0"),  # ",;" in the 1378/QĐ-UBND line
                                     ("V004", "phases.0.tasks.13.label"),  # m) then o): no n)
                                     ("V006", "responsibilities.2.duties.0")]  # "kiến toản" for "kiện toàn"
    assert got["plan-2024.yaml"] == [("V003", "phases.4.tasks.0.outputs.0"),  # "thực hiện. ."
                                     ("V006", "phases.0.tasks.0.title")]  # "Kiên toàn" for "Kiện toàn"
    assert got["skhcn-2021.yaml"] == []
    assert got["tinh-2023-phu-luc-1.yaml"] == []


@pytest.mark.parametrize("source", SEED_PLANS, ids=lambda p: p.stem)
def test_one_value_s_segments_are_those_of_the_whole_file(source) -> None:
    """segments_at cuts one value's segments alone (citation positions need a few) exactly as
    scalars does for every value of the file, and knows no segments where there is no text."""
    from isoctl.lint.rules._text import scalars, segments_at
    from isoctl.lint.rules.base import RuleContext
    from isoctl.plan.validate import check_text

    checked = check_text(source.read_text(encoding="utf-8"), str(source), fast=True)
    every = scalars(checked.loaded)
    alone = RuleContext(checked.plan, checked.loaded)
    assert every and all(segments_at(alone, s.path) == s.segments for s in every)
    assert segments_at(alone, ("year",)) is None and segments_at(alone, ("no", "such")) is None
    known = RuleContext(checked.plan, checked.loaded, cache={"text.scalars": every})
    assert all(segments_at(known, s.path) == s.segments for s in every)


def _cut_from_lines(loaded) -> list:
    """Every value's segments as _segments cuts them from the lines: what scalars' quicker path
    for the values of one line must give."""
    from isoctl.lint.rules._text import Scalar, _segments

    lines = loaded.text.split("\n")
    return [Scalar(p, v, _segments(lines, loaded.values[p]), loaded.values[p].quoted)
            for p, v in loaded.strings if p in loaded.values]


EDGES = [
    "a: plain text, with colons:inside\nb: 'it''s quoted'\nc: \"tab\\there\"\nd: \"\\u1ec7 escaped\"\n",
    "a: \"quoted and long enough\"\nb: ''\nc: \"\"\nd: 'x'\ne: \"\\\"\"\n",
    "a: [one, two words, 'three']\nb: {k: v w, q: \"x y\"}\n",
    "a: |\n  block one\nb: >-\n  folded\n  two\nc: plain\n  continued\n",
    "a: Kiê\u0300m tra NFD\nb: ok\n",  # decomposed: not its own raw text, cut from the lines
    "a: 'Kiê\u0300m'\nb: \"NFD\u0301\"\n",
    "a: CRLF line\r\nb: 'quoted'\r\nc: \"x\"\r\n",
    "a:    spaced   value   \nb: 'trailing '   \nc: \"\\t\"\n",
    "- a\n- 'b c'\n- \"d\\ne\"\n- [x, 'y', \"z\"]\n",
    "a: '  multi\n  line quoted  '\nb: \"multi\\\n  line\"\n",
]


@pytest.mark.parametrize("text", EDGES)
def test_scalars_quick_path_cuts_what_the_lines_hold(text: str) -> None:
    from isoctl.lint.rules._text import scalars
    from isoctl.plan.loader import load_text

    loaded = load_text(text, "x.yaml")
    assert not loaded.errors and loaded.strings
    assert scalars(loaded) == _cut_from_lines(loaded)


@pytest.mark.parametrize("source", SEED_PLANS, ids=lambda p: p.stem)
def test_scalars_quick_path_on_the_real_plans(source) -> None:
    from isoctl.lint.rules._text import scalars
    from isoctl.plan.loader import load_text

    loaded = load_text(source.read_text(encoding="utf-8"), str(source))
    assert scalars(loaded) == _cut_from_lines(loaded)


def test_scalars_quick_path_on_mutated_plans() -> None:
    from hypothesis import given

    from isoctl.lint.rules._text import scalars
    from isoctl.plan.loader import load_text
    from strategies import SETTINGS, mutated_plan

    @SETTINGS
    @given(mutated_plan())
    def run(case: tuple[str, str]) -> None:
        loaded = load_text(case[1], case[0])
        if loaded.strings is not None:
            assert scalars(loaded) == _cut_from_lines(loaded)

    run()
