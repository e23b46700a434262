"""The province, bare-citation and ISO-standard (L008) patterns open with a lookahead on the first letters a match can
start with (only a speed-up: re finds no prefix in a pattern that opens with a lookbehind). They
must match exactly what the same pattern without it matches."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from isoctl.lint.rules import l008_iso_without_tcvn
from isoctl.plan import citations, law


def _without_lookahead(pattern: re.Pattern[str]) -> re.Pattern[str]:
    source = pattern.pattern
    m = re.match(r"(\(\?i\))?\(\?=(?:\[[^\]]*\]|\w+)\)", source)
    assert m, "the pattern no longer opens with its first-letter lookahead"
    return re.compile((m.group(1) or "") + source[m.end():], pattern.flags)


def _pairs() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    bare = re.compile(citations._BARE.pattern, citations._BARE.flags)
    province = law._province_pattern()
    iso = re.compile(l008_iso_without_tcvn._ISO.pattern)
    return [(p, _without_lookahead(p)) for p in (province, bare, iso)]


_WORDS = sorted({n for p in law.law().provinces for n in p.old} | set(citations._KINDS) |
                {"tỉnh", "Tỉnh", "TỈNH", "số", "19/2014", "101/2020", "QUYẾT ĐỊNH", "Thừa Thiên Huế",
                 "ISO", "ISO 9001:2015", "TCVN ", "(", "( ", "I", "9001", ":2015"})
_PIECES = st.one_of(st.sampled_from(_WORDS), st.sampled_from([" ", "  ", "\n", "-", "(", "x", "đ", "Đ", "/", "7", "_"]),
                    st.text(max_size=3))


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12))
def test_lookahead_changes_no_match(pieces: list[str]) -> None:
    text = "".join(pieces)
    for fast, plain in _pairs():
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
            [(m.span(), m.groups()) for m in plain.finditer(text)]


def test_each_finds_its_own() -> None:
    (province, _), (bare, _), (iso, _) = _pairs()
    assert iso.search("theo ISO 9001:2015") and not iso.search("theo TCVN ISO 9001:2015")
    assert province.search("UBND tỉnh Quảng Nam").group(1) == "Quảng Nam"
    assert bare.search("theo Quyết định số 19/2014 của").groups() == ("Quyết định", "19", "2014")
    assert bare.search("xQuyết định 19/2014") is None


_BARE_PIECES = st.one_of(st.sampled_from([*citations._KINDS, "số", "Số", "SỐ", "QUYẾT ĐỊNH", "Thông tư liên tịch",
                                          "19", "2014", "1234567", "101", "/", "-"]),
                         st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", "x", "đ", "_", "(", "7", "٣", "²"]),
                         st.text(max_size=3))


@settings(max_examples=600, deadline=None)
@given(st.lists(_BARE_PIECES, max_size=14))
def test_bare_citations_found_year_first_are_the_patterns_own(pieces: list[str]) -> None:
    """find_bare looks for the year after a slash first and reads the kind backwards: the same
    matches, in the same order, as the pattern run over the whole text."""
    text = "".join(pieces)
    assert [(m.span(), m.groups()) for m in citations._bare_matches(text)] == \
        [(m.span(), m.groups()) for m in citations._BARE.finditer(text)]


def test_bare_citations_year_first_on_the_real_plans_and_by_hand() -> None:
    from conftest import SEED_PLANS

    texts = [p.read_text(encoding="utf-8") for p in SEED_PLANS]
    texts += ["theo Quyết định số 19/2014 và Thông tư  số\n 26/2014, Quyết định 1234567/2014",
              "Thông tư liên tịch 01/2010; xQuyết định 19/2014; Quyết định số19/2014; Quyết định 19/20145",
              "QUYẾT ĐỊNH SỐ 19/2014/", "Nghị định ٣/2020 và Nghị định 30/2020"]
    assert not [k for k in citations._KINDS if k.lower().endswith("số")]  # what the backward read assumes
    for text in texts:
        assert [(m.span(), m.groups()) for m in citations._bare_matches(text)] == \
            [(m.span(), m.groups()) for m in citations._BARE.finditer(text)]
    assert [m.group(2, 3) for m in citations._bare_matches(texts[-4])] == [("19", "2014"), ("26", "2014")]


def _every_province_match(text: str, first) -> list:
    """defunct_provinces as the whole pattern run over the text finds them, filtered the same way."""
    out = []
    for m in law._province_pattern().finditer(text):
        name = re.sub(r"\s+", " ", m.group(1))
        prov = next(p for p in law.law().provinces if name in p.old)
        if prov.since <= first and (m.group(0) != m.group(1) or name.startswith("Thừa Thiên")):
            out.append((m.span(), m.groups(), prov.new))
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12))
def test_defunct_provinces_tried_where_a_match_can_count(pieces: list[str]) -> None:
    """defunct_provinces tries the pattern only after "tỉnh" and at "Thừa": what it finds is what
    the pattern run over the whole text finds and counts."""
    import datetime as dt

    text = "".join(pieces)
    for first in (dt.date(2020, 1, 1), dt.date(2026, 1, 1)):
        assert [(m.span(), m.groups(), p.new) for m, p in law.defunct_provinces(text, first)] == \
            _every_province_match(text, first)


def test_defunct_provinces_on_the_real_plans_and_what_the_shortcut_assumes() -> None:
    import datetime as dt

    from conftest import SEED_PLANS

    names = {n for p in law.law().provinces for n in p.old}
    assert not [n for n in names if re.search(r"tỉnh|Tỉnh|TỈNH", n)]
    assert not [n for n in names if "Thừa" in n and not n.startswith(law._ALONE)]
    texts = [p.read_text(encoding="utf-8") for p in SEED_PLANS]
    texts += ["UBND tỉnh Bắc Giang, Bắc Giang, tỉnh Thừa Thiên Huế và Thừa Thiên - Huế; TỈNH Hà Giang",
              "tỉnh tỉnh Quảng Nam; tỉnh\n  Bắc Ninh; Tỉnh Bắc Giangx; xThừa Thiên Huế"]
    for text in texts:
        assert [(m.span(), m.groups(), p.new) for m, p in law.defunct_provinces(text, dt.date(2026, 1, 1))] == \
            _every_province_match(text, dt.date(2026, 1, 1))
    assert len(law.defunct_provinces(texts[-2], dt.date(2026, 1, 1))) == 4
