"""The citation parser: number/symbol forms, citations in free text with offsets, dates, issuers, writing out."""

from __future__ import annotations

import datetime as dt

import pytest

from isoctl.plan.citations import (
    WELL_KNOWN,
    date_vi,
    find,
    is_issuer,
    near_known,
    one_edit,
    parse_symbol,
    same_issuer,
    write_out,
)


@pytest.mark.parametrize("raw,number,year,type_code,issuers,units", [
    ("19/2014/QĐ-TTg", "19", 2014, "QĐ", ("TTg",), ()),
    ("26/2014/TT-BKHCN", "26", 2014, "TT", ("BKHCN",), ()),
    ("64/2025/QH15", "64", 2025, None, ("QH15",), ()),
    ("359/KH-SVHTT", "359", None, "KH", ("SVHTT",), ()),
    ("12/TTr-UBND-VP", "12", None, "TTr", ("UBND",), ("VP",)),
    ("5/2015/TTLT-BTC-BKHCN", "5", 2015, "TTLT", ("BTC", "BKHCN"), ()),
])
def test_symbol_forms(raw, number, year, type_code, issuers, units) -> None:
    s = parse_symbol(raw)
    assert (s.number, s.year, s.type_code, s.issuers, s.units, s.problems) == (number, year, type_code, issuers, units, ())
    assert s.canonical == raw


def test_official_letter_has_no_type_code() -> None:
    s = parse_symbol("7931/VP-KGVX", "Văn bản")
    assert (s.type_code, s.issuers, s.units, s.problems) == (None, ("VP",), ("KGVX",), ())
    assert parse_symbol("45/SKHCN-VP").issuers == ("SKHCN",)
    assert parse_symbol("45/SVHTT-VP", own="SVHTT").issuers == ("SVHTT",)


@pytest.mark.parametrize("raw,kind,what,offset,suggest", [
    ("191/Đ-BVHTTDL", "Quyết định", "type", 4, "QĐ"),
    ("19/2014/QĐ/TTg", None, "separator", 10, None),
    ("97/KH–UBND", None, "separator", 5, None),
    ("19/14/QĐ-TTg", None, "year", 3, None),
    ("12/qđ-UBND", None, "case", 3, "QĐ"),
    ("125/KH-UBND", "Quyết định", "kind", 4, "QĐ"),
])
def test_malformed_symbols(raw, kind, what, offset, suggest) -> None:
    p = parse_symbol(raw, kind).problems[0]
    assert (p.what, p.offset, p.suggest) == (what, offset, suggest)


def test_find_in_text_with_kind_date_issuer_and_offsets() -> None:
    text = ("Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ về việc áp dụng; "
            "Thông tư 116/2015/TT-BTC ngày 11/8/2015 của Bộ Tài chính, Kế hoạch số 97/KH-UBND ngày 28/3/2022; "
            "Quyết định số 3684/QĐ-BVHTTDL ngày 27 tháng 12 năm 2022 của Bộ Văn hóa, Thể thao và Du lịch; "
            "Văn bản số 7931/VP-KGVX ngày 8/10/2018 về việc hướng dẫn.")
    found = list(find(text))
    assert [c.cite for c in found] == ["19/2014/QĐ-TTg", "116/2015/TT-BTC", "97/KH-UBND", "3684/QĐ-BVHTTDL",
                                       "7931/VP-KGVX"]
    assert [c.kind for c in found] == ["Quyết định", "Thông tư", "Kế hoạch", "Quyết định", "Văn bản"]
    assert [c.date for c in found] == [dt.date(2014, 3, 5), dt.date(2015, 8, 11), dt.date(2022, 3, 28),
                                       dt.date(2022, 12, 27), dt.date(2018, 10, 8)]
    assert [c.issuer for c in found] == ["Thủ tướng Chính phủ", "Bộ Tài chính", None,
                                         "Bộ Văn hóa, Thể thao và Du lịch", None]
    for c in found:
        assert text[c.start:c.end] == c.cite
        if c.date is not None:
            assert text[c.date_start:].startswith("ngày")
        if c.issuer is not None:
            assert text[c.issuer_start:].startswith(c.issuer)


def test_find_ignores_dates_months_and_standards() -> None:
    assert list(find("Tháng 7,8/2023; ngày 5/3/2014; TCVN ISO 9001:2015; phòng/đơn vị; 2022-2025")) == []


def test_issuers() -> None:
    assert is_issuer("BKHCN") and is_issuer("QH15") and is_issuer("SKHCN") and is_issuer("SVHTT", "SVHTT")
    assert not is_issuer("BKHHCN") and not is_issuer("SVHTT")
    assert same_issuer("Bộ trưởng Bộ Khoa học và Công nghệ", "Bộ Khoa học và Công nghệ")
    assert same_issuer("UBND Thành phố", "Ủy ban nhân dân thành phố Hà Nội")
    assert not same_issuer("Chính phủ", "Thủ tướng Chính phủ")


def test_near_misses_of_well_known_documents() -> None:
    assert near_known(parse_symbol("26/2014/TT-BKHHCN")).symbol == "26/2014/TT-BKHCN"
    assert near_known(parse_symbol("19/2014/QD-TTg")).symbol == "19/2014/QĐ-TTg"
    assert near_known(parse_symbol("19/2014/QĐ-TTg")) is None
    assert near_known(parse_symbol("19/2015/QĐ-TTg")) is None  # another year is another decision
    assert near_known(parse_symbol("26/2014/TT-BTC")) is None  # a real, different issuer
    assert one_edit("5264", "5261") and one_edit("5264", "5246") and one_edit("526", "5264")
    assert not one_edit("5264", "5389") and not one_edit("136", "153")


def test_write_out_in_decree_30_style() -> None:
    assert date_vi(dt.date(2014, 3, 5)) == "05/3/2014"
    assert date_vi(dt.date(2025, 2, 19)) == "19/02/2025"
    assert date_vi(dt.date(2014, 10, 10)) == "10/10/2014"
    assert write_out(WELL_KNOWN["19/2014/QĐ-TTg"].__dict__ | {"cite": "19/2014/QĐ-TTg"}) == (
        "Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ về việc áp dụng Hệ thống quản lý chất "
        "lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống "
        "hành chính nhà nước")
    assert write_out({"cite": "26/2014/TT-BKHCN", "date": dt.date(2014, 10, 10),
                      "issuer": "Bộ trưởng Bộ Khoa học và Công nghệ", "about": "quy định chi tiết thi hành"}) == (
        "Thông tư số 26/2014/TT-BKHCN ngày 10/10/2014 của Bộ trưởng Bộ Khoa học và Công nghệ quy định chi tiết thi hành")
    assert write_out({"cite": "125/KH-UBND", "kind": "Kế hoạch"}) == "Kế hoạch số 125/KH-UBND"
