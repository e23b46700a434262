"""The speed-ups of validate keep its answers: each shortcut is checked against the plain way."""

from __future__ import annotations

import gc
import re
import shutil

import pytest

from conftest import SEED_PLANS
from isoctl.lint.config import Config
from isoctl.lint.engine import lint_file, lint_paths, lint_text
from isoctl.lint.rules import _text
from isoctl.lint.rules import v002_mixed_tone_placement as v002
from isoctl.plan.loader import load_file, load_text

_LETTERS = re.compile(r"[^\W\d_]+")  # what V002 used to scan: every run of letters


def _styled_words(text: str, pattern: re.Pattern[str]) -> list[tuple[int, str, tuple[str, str]]]:
    return [(m.start(), m.group(), found) for m in pattern.finditer(text) if (found := v002.style(m.group()))]


MIXED = ("Văn hóa, thể thao, hòa nhập và văn hoá cơ sở; HOÀ BÌNH, Khỏe, khoẻ; thuỷ lợi, thủy sản; quý, Quý, "
         "QUÝ; hoạch, hoàn, toán; xOÁ2 _hòa hoà_ ho\u0301a hoa\u0301")


@pytest.mark.parametrize("path", SEED_PLANS, ids=lambda p: p.name)
def test_v002_word_pattern_finds_what_a_scan_of_every_word_finds(path) -> None:
    loaded = load_file(str(path))
    texts = [seg.text for s in _text.scalars(loaded) for seg in s.segments] + [MIXED]
    for text in texts:
        assert _styled_words(text, v002._WORD) == _styled_words(text, _LETTERS), text


def test_v002_gate_passes_exactly_when_both_placements_are_written() -> None:
    both = _styled_words(MIXED, _LETTERS)
    assert {kind for _, _, (kind, _) in both} == {"old", "new"}
    assert v002._OLD.search(MIXED) and v002._NEW.search(MIXED)
    for text, old, new in (("hòa thủy", True, False), ("hoà thuỷ", False, True), ("quý, QUÝ, hoạch, hoàn", False, False)):
        assert bool(v002._OLD.search(text)) is old, text
        assert bool(v002._NEW.search(text)) is new, text


def test_v002_still_reports_a_mixed_file_and_only_then() -> None:
    from isoctl.lint.rules.examples import build

    mixed = build("purpose:\n  - Văn hóa, hòa nhập và văn hoá cơ sở.\n")
    assert [(f.code, f.line) for f in lint_text(mixed, select=["V002"]).findings] == [
        ("V002", mixed.split("\n").index("  - Văn hóa, hòa nhập và văn hoá cơ sở.") + 1)]
    one_style = build("purpose:\n  - Văn hóa, hòa nhập; quý, thủy và hoàn thiện.\n")
    assert lint_text(one_style, select=["V002"]).findings == []


@pytest.mark.parametrize("path", SEED_PLANS, ids=lambda p: p.name)
def test_loader_records_every_string_value_in_file_order(path) -> None:
    loaded = load_file(str(path))
    assert loaded.strings == list(_text.strings(loaded.data))


def test_scalars_from_recorded_strings_equal_a_walk_of_the_data() -> None:
    for path in SEED_PLANS:
        loaded = load_file(str(path))
        walked = load_file(str(path))
        walked.strings = None
        assert _text.scalars(loaded) == _text.scalars(walked)


def test_one_line_values_are_cut_like_longer_ones() -> None:
    text = ("a: plain value   \n"
            "b: 'single ''quoted''  '\n"
            "c: \"double  \"\n"
            "d: ''\n"
            "e: |\n  block\n  text\n"
            "f: >-\n  folded\n    more\n"
            "g: [x, 'y z']\n")
    got = {s.path: [tuple(seg) for seg in s.segments] for s in _text.scalars(load_text(text))}
    assert got == {
        ("a",): [(1, 4, "plain value")],
        ("b",): [(2, 5, "single ''quoted''  ")],
        ("c",): [(3, 5, "double  ")],
        ("d",): [],
        ("e",): [(6, 3, "block"), (7, 3, "text")],
        ("f",): [(9, 3, "folded"), (10, 5, "more")],
        ("g", 0): [(11, 5, "x")],
        ("g", 1): [(11, 9, "y z")],
    }


def test_text_rules_still_find_what_their_shortcuts_look_for() -> None:
    from isoctl.lint.rules.examples import build

    text = build("purpose:\n  - 'Hai  dấu cách , và ;; dấu câu'\n  - 'Các việc: a) một; c) hai.'\n")
    line = text.split("\n").index("  - 'Hai  dấu cách , và ;; dấu câu'") + 1
    got = [(f.code, f.line - line, f.col, f.message) for f in lint_text(text, select=["V003", "V004"]).findings]
    assert got == [("V003", 0, 9, "2 spaces in a row"), ("V003", 0, 19, "space before ','"),
                   ("V003", 0, 24, "space before ';'"), ("V003", 0, 25, "doubled punctuation ';;'"),
                   ("V004", 1, 24, "a) is followed by c): b) is missing")]


def _folder(tmp_path, copies: int):
    for k in range(copies):
        for path in SEED_PLANS:
            shutil.copy(path, tmp_path / f"{k:02d}-{path.name}")
    return sorted(str(p) for p in tmp_path.glob("*.yaml"))


def test_parallel_and_serial_runs_give_the_same_findings_and_leave_gc_on(tmp_path) -> None:
    files = _folder(tmp_path, 5)  # above the parallel threshold
    assert len(files) >= 16
    serial = [r.findings for r in lint_paths(files, Config(), jobs=1)]
    assert gc.isenabled()
    parallel = [r.findings for r in lint_paths(files, Config(), jobs=2)]
    assert gc.isenabled()
    assert serial == parallel == [lint_file(f, Config()).findings for f in files]
    assert any(serial)


def test_gc_is_back_on_when_a_batch_is_abandoned(tmp_path) -> None:
    files = _folder(tmp_path, 1)
    reports = lint_paths(files, Config(), jobs=1)
    next(reports)
    assert not gc.isenabled()  # paused while the batch runs
    reports.close()
    assert gc.isenabled()


def test_infer_memo_gives_the_computed_answer() -> None:
    from isoctl.plan.activities import infer

    for title in ("Tổ chức đánh giá nội bộ", "Đào tạo chuyên gia đánh giá nội bộ", "Họp xem xét của lãnh đạo"):
        assert infer(title) == infer.__wrapped__(title)
