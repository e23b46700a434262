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
