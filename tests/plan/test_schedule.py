"""The schedule grammar: every "Thời gian" cell of the seed plans, the canonical style, errors."""

from __future__ import annotations

import ast
import datetime as dt
import pickle
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isoctl.plan.schedule import Month, Schedule, ScheduleError, format_month_list, parse_schedule

# Every "Thời gian" cell in /work/shared/seeds/*.txt (kh359 2023, svhtt 2024 draft, skhcn 2021,
# tỉnh 2023 phụ lục 1). The tỉnh row whose cell reads "Tổ chức đào tạo" is a column shift in the
# extraction, not a schedule; it is in ERRORS below.
SEED_SCHEDULES = [
    # hanoi-svhtt-2023-kh359
    "Tháng 5/2023", "Tháng 5, 6/2023", "Tháng 6/2023", "Tháng 7,8/2023", "Tháng 7, 8/2023",
    "Tháng 8, 9/2023", "Tháng 9/2023", "Tháng 10/2023", "Tháng 11/2023", "Tháng 12/2023",
    # hanoi-svhtt-2024-draft
    "6/2024", "7/2024", "7,8/2024", "9/2024", "10/2024", "Sau công bố",
    # skhcn-2021
    "Tháng 02", "Tháng 3", "Hàng tháng", "Thường xuyên", "Tháng 10", "Tháng 11",
    # tinh-2023-phu-luc-1
    "Khi có sự thay đổi về tổ chức của cơ quan",
    "Khi có sự thay đổi về lãnh đạo cao nhất của cơ quan",
    "Hàng năm", "Định kỳ hàng năm",
    "Thường xuyên, khi có sự thay đổi về nhân sự",
    "Thường xuyên, khi có sự thu hẹp, mở rộng phạm vi HTQLCL",
    "Khi có sự điều chỉnh, mở rộng, thu hẹp phạm vi áp dụng Hệ thống quản lý chất lượng",
]

MORE_SCHEDULES = [
    "Tháng 06", "tháng 3", "Tháng 5, 6/2023", "7-9/2024", "Tháng 7 - 9/2024", "Tháng 12/2023 - 01/2024",
    "12/2023-2/2024", "Quý 3/2024", "Quý III/2024", "Quý I, II/2024", "Quý IV/2023 - Quý I/2024",
    "Tháng 6 năm 2024", "Từ tháng 6 đến tháng 8/2024", "2024-07-15", "15/7/2024", "ngày 15/7/2024",
    "ngày 15 tháng 7 năm 2024", "Hằng tháng", "Hàng quý", "Định kỳ hàng quý", "Hằng năm",
    "6 tháng một lần", "6 tháng/lần", "Định kỳ 6 tháng", "Sau khi công bố",
    "Sau khi hoàn thành cong-bo, khao-sat", "Khi phát sinh khiếu nại", "Khi cần thiết",
    "Hàng năm và khi có sự cố", "Tháng 5/2023 và khi có yêu cầu, chỉ đạo của cấp trên",
    "Thường xuyên; khi có văn bản mới", "Tháng 12/2023, Tháng 1/2024", "Sau công bố, thường xuyên",
    "Tháng 6, 15/7/2024", "THƯỜNG XUYÊN",
]


def p(text: str | dict | dt.date, **kw: object) -> Schedule:
    return parse_schedule(text, **kw)  # type: ignore[arg-type]


def months(*pairs: tuple[int, int | None]) -> tuple[Month, ...]:
    return tuple(Month(m, y) for m, y in pairs)


# --- parsing and printing back -------------------------------------------------------------------

@pytest.mark.parametrize("text", SEED_SCHEDULES + MORE_SCHEDULES)
def test_parses_and_prints_back_exactly(text: str) -> None:
    schedule = p(text)
    assert schedule.format() == text
    assert str(schedule) == text
    assert p(schedule.format()) == schedule
    assert schedule.kinds()


@pytest.mark.parametrize("text", SEED_SCHEDULES + MORE_SCHEDULES)
def test_canonical_form_parses_to_the_same_value(text: str) -> None:
    schedule = p(text)
    plain = Schedule.from_dict(schedule.to_dict())
    assert plain == schedule and plain.style is None
    assert p(plain.format()) == schedule


@pytest.mark.parametrize(("written", "printed"), [
    ("  Thường   xuyên  ", "Thường xuyên"),
    ("Khi có sự thay đổi về tổ chức của\ncơ quan", "Khi có sự thay đổi về tổ chức của cơ quan"),
    ("Tháng\t7,  8 /2024", "Tháng 7, 8 /2024"),
    ("Thường xuyên,\u00a0khi có X", "Thường xuyên, khi có X"),
])
def test_whitespace_is_collapsed(written: str, printed: str) -> None:
    assert p(written).format() == printed


SEMANTICS: list[tuple[str, Schedule]] = [
    ("Tháng 5/2023", Schedule(months=months((5, 2023)))),
    ("Tháng 5, 6/2023", Schedule(months=months((5, 2023), (6, 2023)))),
    ("7,8/2024", Schedule(months=months((7, 2024), (8, 2024)))),
    ("Tháng 02", Schedule(months=months((2, None)))),
    ("Tháng 06", Schedule(months=months((6, None)))),
    ("7-9/2024", Schedule(months=months((7, 2024), (8, 2024), (9, 2024)))),
    ("Tháng 12/2023 - 01/2024", Schedule(months=months((12, 2023), (1, 2024)))),
    ("12/2023-2/2024", Schedule(months=months((12, 2023), (1, 2024), (2, 2024)))),
    ("Quý 3/2024", Schedule(months=months((7, 2024), (8, 2024), (9, 2024)))),
    ("Quý III/2024", Schedule(months=months((7, 2024), (8, 2024), (9, 2024)))),
    ("Quý 2", Schedule(months=months((4, None), (5, None), (6, None)))),
    ("Quý IV/2023 - Quý I/2024", Schedule(months=tuple(
        [Month(m, 2023) for m in (10, 11, 12)] + [Month(m, 2024) for m in (1, 2, 3)]))),
    ("Tháng 6 năm 2024", Schedule(months=months((6, 2024)))),
    ("Tháng 12/2023, Tháng 1/2024", Schedule(months=months((12, 2023), (1, 2024)))),
    ("2024-07-15", Schedule(day=dt.date(2024, 7, 15))),
    ("15/7/2024", Schedule(day=dt.date(2024, 7, 15))),
    ("ngày 05/02/2024", Schedule(day=dt.date(2024, 2, 5))),
    ("Hàng tháng", Schedule(recurrence="monthly")),
    ("Hằng tháng", Schedule(recurrence="monthly")),
    ("Hàng quý", Schedule(recurrence="quarterly")),
    ("Hàng năm", Schedule(recurrence="yearly")),
    ("Định kỳ hàng năm", Schedule(recurrence="yearly")),
    ("6 tháng một lần", Schedule(recurrence="half-yearly")),
    ("6 tháng/lần", Schedule(recurrence="half-yearly")),
    ("Định kỳ 6 tháng", Schedule(recurrence="half-yearly")),
    ("Thường xuyên", Schedule(continuous=True)),
    ("Sau công bố", Schedule(after_text="công bố")),
    ("Sau khi công bố", Schedule(after_text="công bố")),
    ("Sau khi hoàn thành đánh giá nội bộ", Schedule(after_text="hoàn thành đánh giá nội bộ")),
    ("Sau khi hoàn thành cong-bo", Schedule(after=("cong-bo",))),
    ("Khi có sự thay đổi về tổ chức của cơ quan", Schedule(event="sự thay đổi về tổ chức của cơ quan")),
    ("Khi phát sinh khiếu nại", Schedule(event="phát sinh khiếu nại")),
    ("Thường xuyên, khi có sự thay đổi về nhân sự",
     Schedule(continuous=True, event="sự thay đổi về nhân sự")),
    ("Thường xuyên, khi có sự thu hẹp, mở rộng phạm vi HTQLCL",
     Schedule(continuous=True, event="sự thu hẹp, mở rộng phạm vi HTQLCL")),
    ("Hàng năm và khi có sự cố", Schedule(recurrence="yearly", event="sự cố")),
    ("Tháng 5/2023 và khi có X, Y", Schedule(months=months((5, 2023)), event="X, Y")),
    ("Sau công bố, khi có X", Schedule(after_text="công bố", event="X")),
]


@pytest.mark.parametrize(("text", "expected"), SEMANTICS)
def test_values(text: str, expected: Schedule) -> None:
    assert p(text) == expected


@pytest.mark.parametrize(("a", "b"), [
    ("7,8/2024", "Tháng 7, 8/2024"),
    ("7-8/2024", "7,8/2024"),
    ("Quý 3/2024", "7-9/2024"),
    ("Tháng 06", "tháng 6"),
    ("Hằng năm", "Định kỳ hàng năm"),
    ("Sau công bố", "Sau khi công bố"),
    ("2024-07-15", "ngày 15/7/2024"),
    ("6 tháng/lần", "Định kỳ 6 tháng"),
    ("Khi có phát sinh khiếu nại", "Khi phát sinh khiếu nại"),
])
def test_equality_ignores_style(a: str, b: str) -> None:
    assert p(a) == p(b)
    assert hash(p(a)) == hash(p(b))
    assert p(a).format() == a and p(b).format() == b


# --- canonical style -----------------------------------------------------------------------------

CANONICAL: list[tuple[Schedule, str]] = [
    (Schedule(months=months((6, 2024))), "Tháng 6/2024"),
    (Schedule(months=months((8, 2024), (7, 2024))), "Tháng 7, 8/2024"),
    (Schedule(months=months((7, 2024), (8, 2024), (9, 2024))), "Tháng 7, 8, 9/2024"),
    (Schedule(months=months((12, 2023), (1, 2024))), "Tháng 12/2023, Tháng 1/2024"),
    (Schedule(months=months((2, None))), "Tháng 2"),
    (Schedule(months=months((12, None), (1, 2024))), "Tháng 12, Tháng 1/2024"),
    (Schedule(day=dt.date(2024, 7, 15)), "15/7/2024"),
    (Schedule(day=dt.date(2024, 2, 5)), "5/2/2024"),
    (Schedule(recurrence="monthly"), "Hàng tháng"),
    (Schedule(recurrence="quarterly"), "Hàng quý"),
    (Schedule(recurrence="half-yearly"), "6 tháng một lần"),
    (Schedule(recurrence="yearly"), "Hàng năm"),
    (Schedule(continuous=True), "Thường xuyên"),
    (Schedule(after=("cong-bo",)), "Sau khi hoàn thành cong-bo"),
    (Schedule(after=("a", "b")), "Sau khi hoàn thành a, b"),
    (Schedule(after_text="công bố"), "Sau công bố"),
    (Schedule(event="sự thay đổi về nhân sự"), "Khi có sự thay đổi về nhân sự"),
    (Schedule(event="phát sinh khiếu nại"), "Khi phát sinh khiếu nại"),
    (Schedule(event="cần thiết"), "Khi cần thiết"),
    (Schedule(continuous=True, event="sự thay đổi về nhân sự"),
     "Thường xuyên, khi có sự thay đổi về nhân sự"),
    (Schedule(months=months((5, 2023)), recurrence="yearly", after=("x",), event="sự cố, sự việc"),
     "Tháng 5/2023, hàng năm, sau khi hoàn thành x, khi có sự cố, sự việc"),
    (Schedule(day=dt.date(2024, 7, 15), continuous=True, after_text="công bố"),
     "15/7/2024, thường xuyên, sau công bố"),
]


@pytest.mark.parametrize(("schedule", "text"), CANONICAL)
def test_canonical_style(schedule: Schedule, text: str) -> None:
    assert schedule.format() == text
    assert p(text) == schedule
    assert p(text).format() == text


def test_format_month_list() -> None:
    assert format_month_list([Month(8, 2024), Month(7, 2024), Month(7, 2024)]) == "Tháng 7, 8/2024"
    assert format_month_list([]) == ""


def test_style_is_dropped_when_the_value_changes() -> None:
    import dataclasses

    written = p("7,8/2024")
    changed = dataclasses.replace(written, months=months((9, 2024)))
    assert changed.format() == "Tháng 9/2024"


_events = st.sampled_from(["sự thay đổi về nhân sự", "sự thu hẹp, mở rộng phạm vi HTQLCL",
                           "phát sinh khiếu nại", "yêu cầu của cấp trên"])


@st.composite
def _schedules(draw: st.DrawFn) -> Schedule:
    ms = draw(st.lists(st.builds(Month, st.integers(1, 12), st.sampled_from([None, 2023, 2024])),
                       max_size=5))
    schedule = Schedule(
        months=tuple(ms),
        day=draw(st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))),
        recurrence=draw(st.none() | st.sampled_from(["monthly", "quarterly", "half-yearly", "yearly"])),
        continuous=draw(st.booleans()),
        after=tuple(draw(st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True),
                                  max_size=3, unique=True))),
        after_text=draw(st.none() | st.sampled_from(["công bố", "đánh giá nội bộ"])),
        event=draw(st.none() | _events),
    )
    return schedule


@settings(max_examples=60, deadline=None)
@given(_schedules())
def test_canonical_round_trip_property(schedule: Schedule) -> None:
    text = schedule.format()
    if not schedule.kinds():
        assert text == ""
        return
    again = p(text)
    assert again == schedule
    assert again.format() == text


# --- NFD, offsets --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", SEED_SCHEDULES)
def test_nfd_input(text: str) -> None:
    nfd = unicodedata.normalize("NFD", text)
    assert p(nfd) == p(text)
    assert p(nfd).format() == text  # printed back in NFC


def test_nfd_error_offset_points_into_the_original_text() -> None:
    nfd = unicodedata.normalize("NFD", "Tháng 13/2025")
    with pytest.raises(ScheduleError) as info:
        p(nfd)
    assert nfd[info.value.offset:].startswith("13")


def test_leading_space_error_offset() -> None:
    with pytest.raises(ScheduleError) as info:
        p("   Tháng 13")
    assert info.value.offset == 9


# --- errors --------------------------------------------------------------------------------------

ERRORS: list[tuple[str, int, str]] = [  # text, offset, part of the English message
    ("", 0, "empty schedule"),
    ("   ", 0, "empty schedule"),
    ("abc", 0, "unrecognised schedule 'abc'"),
    ("Tổ chức đào tạo", 0, "unrecognised schedule"),
    ("6", 0, "unrecognised schedule '6'"),
    ("6 tháng", 0, "unrecognised schedule"),
    ("Tháng 13/2025", 6, "month 13 in 'Tháng 13/2025'"),
    ("Tháng 0", 6, "month 0"),
    ("Tháng 5, 14/2023", 9, "month 14"),
    ("15/13/2024", 3, "month 13"),
    ("2024-07", 0, "month 2024"),
    ("Quý 5/2024", 4, "quarter 5"),
    ("30/2/2024", 0, "day 30 in '30/2/2024': 2/2024 has 29 days"),
    ("2023-02-29", 8, "day 29"),
    ("ngày 32/7/2024", 5, "day 32"),
    ("6/24", 2, "year '24' in '6/24' must have 4 digits"),
    ("Tháng 6/20245", 8, "must have 4 digits"),
    ("Tháng 7/8/2024", 8, "year '8'"),
    ("6/3000", 2, "year 3000 in '6/3000' is outside 1990–2100"),
    ("15/7/1989", 5, "outside 1990–2100"),
    ("9-7/2024", 0, "descending range '9-7' in '9-7/2024'"),
    ("Tháng 12-2/2024", 6, "descending range"),
    ("Tháng 6/2024 - 5/2024", 6, "descending range"),
    ("Thường xuyên, định kỳ tiến hành các hoạt động", 14, "unrecognised 'định kỳ tiến hành các hoạt động'"),
    ("Tháng 6/2024 abc", 13, "unrecognised 'abc'"),
    ("Tháng 6/2024 - 8", 13, "unrecognised '- 8'"),
    ("Tháng 6 năm", 8, "unrecognised 'năm'"),
    ("Tháng 6/2024,", 12, "ends with ','"),
    ("Sau", 0, "does not say what the task follows"),
    ("Sau khi", 0, "does not say what the task follows"),
    ("Khi có", 0, "does not say which event"),
    ("Khi phát sinh", 0, "does not say what arises"),
    ("Khi nào đó", 0, "unrecognised schedule"),
    ("Hàng năm, hàng năm", 10, "more than one recurrence"),
    ("Thường xuyên, thường xuyên", 14, "more than one 'Thường xuyên'"),
    ("15/7/2024, 16/7/2024", 11, "more than one day"),
    ("Sau công bố, sau đánh giá", 13, "more than one 'Sau …'"),
]


@pytest.mark.parametrize(("text", "offset", "message"), ERRORS)
def test_errors(text: str, offset: int, message: str) -> None:
    with pytest.raises(ScheduleError) as info:
        p(text, plan_year=2024)
    err = info.value
    assert message in err.message
    assert err.offset == offset
    assert err.message_vi and err.message_vi != err.message
    assert err.hint and err.hint_vi
    assert isinstance(err, ValueError)
    assert str(err) == f"{err.message} — {err.hint}"


def test_error_texts() -> None:
    with pytest.raises(ScheduleError) as info:
        p("Tháng 13/2025")
    assert info.value.message == "month 13 in 'Tháng 13/2025'"
    assert info.value.message_vi == "tháng 13 không tồn tại trong 'Tháng 13/2025'"
    with pytest.raises(ScheduleError) as info:
        p("abc")
    assert str(info.value) == ("unrecognised schedule 'abc' — write e.g. 'Tháng 6/2024', 'Hàng quý', "
                               "'Thường xuyên', 'Sau công bố' or 'Khi có …'")


@pytest.mark.parametrize(("text", "hint"), [
    ("6", "write 'Tháng 6' or '6/2024'"),
    ("6/24", "write e.g. '6/2024'"),
    ("Tháng 7/8/2024", "write two months as 'Tháng 7, 8/2024' and a day as '7/8/2024'"),
    ("9-7/2024", "('7-9')"),
    ("6/3000", "the plan year is 2024"),
])
def test_hints(text: str, hint: str) -> None:
    with pytest.raises(ScheduleError) as info:
        p(text, plan_year=2024)
    assert hint in (info.value.hint or "")


def test_other_year_than_the_plan_is_not_an_error_here() -> None:
    assert p("Tháng 6/2023", plan_year=2024).months == months((6, 2023))


def test_error_pickles() -> None:
    with pytest.raises(ScheduleError) as info:
        p("Tháng 13")
    again = pickle.loads(pickle.dumps(info.value))
    assert (again.message, again.message_vi, again.offset, again.hint) == (
        info.value.message, info.value.message_vi, info.value.offset, info.value.hint)


# --- mappings and other values -------------------------------------------------------------------

MAPPINGS: list[tuple[object, Schedule, str]] = [
    ({"months": [7, 8], "year": 2024}, Schedule(months=months((7, 2024), (8, 2024))), "Tháng 7, 8/2024"),
    ({"months": [8, 7]}, Schedule(months=months((7, None), (8, None))), "Tháng 7, 8"),
    ({"month": 6}, Schedule(months=months((6, None))), "Tháng 6"),
    ({"month": 6, "year": 2024}, Schedule(months=months((6, 2024))), "Tháng 6/2024"),
    ({"date": "2024-07-15"}, Schedule(day=dt.date(2024, 7, 15)), "15/7/2024"),
    ({"date": dt.date(2024, 7, 15)}, Schedule(day=dt.date(2024, 7, 15)), "15/7/2024"),
    ({"every": "month"}, Schedule(recurrence="monthly"), "Hàng tháng"),
    ({"every": "quarter"}, Schedule(recurrence="quarterly"), "Hàng quý"),
    ({"every": "half-year"}, Schedule(recurrence="half-yearly"), "6 tháng một lần"),
    ({"every": "year"}, Schedule(recurrence="yearly"), "Hàng năm"),
    ({"continuous": True}, Schedule(continuous=True), "Thường xuyên"),
    ({"after": "cong-bo"}, Schedule(after=("cong-bo",)), "Sau khi hoàn thành cong-bo"),
    ({"after": ["a", "b"]}, Schedule(after=("a", "b")), "Sau khi hoàn thành a, b"),
    ({"event": "sự thay đổi về nhân sự"}, Schedule(event="sự thay đổi về nhân sự"),
     "Khi có sự thay đổi về nhân sự"),
    ({"event": "Khi có sự cố"}, Schedule(event="sự cố"), "Khi có sự cố"),
    ({"continuous": True, "event": "sự thay đổi về nhân sự"},
     Schedule(continuous=True, event="sự thay đổi về nhân sự"), "Thường xuyên, khi có sự thay đổi về nhân sự"),
    (dt.date(2024, 7, 15), Schedule(day=dt.date(2024, 7, 15)), "15/7/2024"),
    (dt.datetime(2024, 7, 15, 9, 30), Schedule(day=dt.date(2024, 7, 15)), "15/7/2024"),
]


@pytest.mark.parametrize(("value", "expected", "text"), MAPPINGS)
def test_mappings(value: object, expected: Schedule, text: str) -> None:
    schedule = p(value)  # type: ignore[arg-type]
    assert schedule == expected
    assert schedule.format() == text
    assert p(text) == schedule


MAPPING_ERRORS: list[tuple[object, str | None, str, str | None]] = [  # value, key, message, hint
    ({"monts": [7]}, "monts", "unknown key 'monts'", "did you mean 'months'?"),
    ({"evry": "year"}, "evry", "unknown key 'evry'", "did you mean 'every'?"),
    ({"zzz": 1}, "zzz", "unknown key 'zzz'", "allowed: months"),
    ({"every": "quartr"}, "every", "'every' must be", "did you mean 'quarter'?"),
    ({"months": [13]}, "months", "'months' must be months 1–12", None),
    ({"months": []}, "months", "'months' must be", None),
    ({"month": "6"}, "month", "'month' must be a month 1–12", None),
    ({"month": 6, "months": [7]}, "month", "either 'month' or 'months'", None),
    ({"year": 2024}, "year", "'year' without 'months'", "e.g. {months: [7, 8], year: 2024}"),
    ({"months": [6], "year": 24}, "year", "'year' must be a year 1990–2100", None),
    ({"date": "2024-02-30"}, "date", "'date' must be a real date", None),
    ({"date": 20240715}, "date", "'date' must be a date", None),
    ({"continuous": "yes"}, "continuous", "'continuous' must be true or false", None),
    ({"after": "Công bố"}, "after", "'after' must be a task id", "task ids are lowercase, e.g. 'cong-bo'"),
    ({"after": []}, "after", "'after' must be", None),
    ({"event": "  "}, "event", "'event' must be text", None),
    ({"event": "Khi có"}, "event", "'event' must be the event", "e.g. 'Khi có sự thay đổi về nhân sự'"),
    ({}, None, "empty schedule mapping", None),
    ({"continuous": False}, None, "says nothing", None),
    (6, None, "a schedule is text or a mapping, not int 6", "write 'Tháng 6'"),
    (None, None, "a schedule is text or a mapping", None),
]


@pytest.mark.parametrize(("value", "key", "message", "hint"), MAPPING_ERRORS)
def test_mapping_errors(value: object, key: str | None, message: str, hint: str | None) -> None:
    with pytest.raises(ScheduleError) as info:
        p(value)  # type: ignore[arg-type]
    err = info.value
    assert err.key == key
    assert message in err.message
    assert err.message_vi
    if hint is not None:
        assert hint in (err.hint or "")


def test_schedule_passes_through() -> None:
    schedule = p("Thường xuyên")
    assert parse_schedule(schedule) is schedule


# --- the value's behaviour -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "years", "shifted"), [
    ("Tháng 5, 6/2023", 1, "Tháng 5, 6/2024"),
    ("7,8/2024", 1, "7,8/2025"),
    ("Tháng 12/2023 - 01/2024", 1, "Tháng 12/2024 - 01/2025"),
    ("Quý III/2024", -1, "Quý III/2023"),
    ("Tháng 02", 1, "Tháng 02"),
    ("2024-07-15", 1, "2025-07-15"),
    ("ngày 15/7/2024", 2, "ngày 15/7/2026"),
    ("Thường xuyên, khi có sự thay đổi về nhân sự", 1, "Thường xuyên, khi có sự thay đổi về nhân sự"),
    ("29/2/2024", 1, "28/2/2025"),
])
def test_shifted(text: str, years: int, shifted: str) -> None:
    moved = p(text).shifted(years)
    assert moved.format() == shifted
    assert moved == p(shifted)
    assert p(text).shifted(0) == p(text)


def test_shifted_values() -> None:
    moved = p("Tháng 12/2023, Tháng 2").shifted(1)
    assert moved.months == months((2, None), (12, 2024))
    assert Schedule(months=months((6, 2024))).shifted(1).format() == "Tháng 6/2025"


@pytest.mark.parametrize(("text", "resolved"), [
    ("Tháng 02", ((2024, 2),)),
    ("Tháng 5, 6/2023", ((2023, 5), (2023, 6))),
    ("Tháng 12/2023 - 01/2024", ((2023, 12), (2024, 1))),
    ("Tháng 6, 15/7/2024", ((2024, 6), (2024, 7))),
    ("15/6/2024", ((2024, 6),)),
    ("Thường xuyên", ()),
    ("Hàng quý", ()),
])
def test_resolve(text: str, resolved: tuple[tuple[int, int], ...]) -> None:
    assert p(text).resolve(2024) == resolved


@pytest.mark.parametrize(("text", "kinds"), [
    ("Tháng 6/2024", {"months"}),
    ("2024-07-15", {"day"}),
    ("Hàng quý", {"recurring"}),
    ("Thường xuyên", {"continuous"}),
    ("Sau công bố", {"after"}),
    ("Sau khi hoàn thành cong-bo", {"after"}),
    ("Khi có X", {"event"}),
    ("Thường xuyên, khi có X", {"continuous", "event"}),
])
def test_kinds(text: str, kinds: set[str]) -> None:
    assert p(text).kinds() == kinds


@pytest.mark.parametrize(("text", "data"), [
    ("7,8/2024", {"months": [{"year": 2024, "month": 7}, {"year": 2024, "month": 8}]}),
    ("Tháng 02", {"months": [{"year": None, "month": 2}]}),
    ("2024-07-15", {"day": "2024-07-15"}),
    ("Hàng tháng", {"recurrence": "monthly"}),
    ("Thường xuyên, khi có sự thay đổi về nhân sự", {"continuous": True, "event": "sự thay đổi về nhân sự"}),
    ("Sau công bố", {"after_text": "công bố"}),
    ("Sau khi hoàn thành a, b", {"after": ["a", "b"]}),
])
def test_to_dict(text: str, data: dict) -> None:
    assert p(text).to_dict() == data
    assert Schedule.from_dict(data) == p(text)


def test_value_checks() -> None:
    with pytest.raises(ValueError):
        Month(13)
    with pytest.raises(ValueError):
        Schedule(recurrence="weekly")
    assert Schedule(months=(Month(8, 2024), Month(7, 2024), Month(8, 2024))).months == months((7, 2024), (8, 2024))
    assert Schedule().format() == "" and Schedule().kinds() == set()


@pytest.mark.parametrize("module", ["schedule", "schedule_pattern"])
def test_module_uses_only_the_standard_library(module: str) -> None:
    path = Path(__file__).resolve().parents[2] / "isoctl" / "plan" / f"{module}.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            # isoctl.lazyre (re.compile deferred), isoctl.records (dataclasses written out) and the
            # schedule grammar: themselves only the standard library
            allowed = ("isoctl.lazyre", "isoctl.records", "isoctl.plan.schedule")
            assert top == "__future__" or top in sys.stdlib_module_names or name in allowed, name
