"""The JSON Schema's schedule text (:func:`isoctl.plan.schedule.text_schema`) refuses only what
``validate`` refuses, and all that it refuses of three kinds whatever else the text says: blank,
an event that names none, a month number alone. Texts are generated from the grammar's words,
numbers, separators and white space, in any case and Unicode form, and from the real plans'
``when:`` values."""

from __future__ import annotations

import json
import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from conftest import SEED_PLANS
from isoctl.plan.jsonschema import plan_schema_text
from isoctl.plan.modelbase import to_schedule
from isoctl.plan.schedule import ScheduleError
from strategies import SETTINGS


def _validator():
    import jsonschema

    schema = json.loads(plan_schema_text())
    text = schema["$defs"]["Task"]["properties"]["when"]["anyOf"][0]
    assert text["type"] == "string" and "format" not in text
    return jsonschema.Draft202012Validator({"$schema": schema["$schema"], **text})


VALIDATOR = _validator()


def _validate_takes(text: str) -> bool:
    try:
        to_schedule(text)
    except (ScheduleError, TypeError):
        return False
    return True


WORDS = ["Khi", "khi", "KHI", "có", "CÓ", "phát", "sinh", "PHÁT", "sự", "thay đổi", "Tháng", "tháng", "Quý", "quý",
         "Hàng", "năm", "Thường xuyên", "Sau", "công bố", "ngày", "Trước", "Cả", "x", "khiếu"]
NUMBERS = ["0", "1", "6", "7", "07", "007", "12", "13", "2024", "1800", "IV", "V", "\u0667", "\uff17"]
SEPARATORS = [",", ";", "-", "–", "/", ".", ":", "(", ")", "và", "đến"]
SPACES = [" ", "  ", "\t", "\u00a0", "\u3000", "\n", "\u2003", ""]
PIECES = st.lists(st.sampled_from(WORDS + NUMBERS + SEPARATORS), max_size=5)
TEXTS = st.tuples(PIECES, st.lists(st.sampled_from(SPACES), min_size=6, max_size=6),
                  st.sampled_from(["NFC", "NFD"])).map(
    lambda t: unicodedata.normalize(t[2], t[1][0] + "".join(p + s for p, s in zip(t[0], t[1][1:] * 2, strict=False))
                                    + t[1][-1]))


def _sound(text: str) -> None:
    if not VALIDATOR.is_valid(text):
        assert not _validate_takes(text), (text, "the schema refuses what validate takes")


@SETTINGS
@given(TEXTS)
def test_the_schema_refuses_only_what_validate_refuses(text: str) -> None:
    _sound(text)


SAYS_NOTHING = st.tuples(st.sampled_from(["", "Khi", "khi có", "KHI CÓ", "Khi phát sinh", "khi có phát sinh",
                                          "kHi   Có  PhÁt sinh", "\u212ahi", "7", "07", "12", "1", "9"]),
                         st.sampled_from(SPACES), st.sampled_from(SPACES), st.sampled_from(["NFC", "NFD"])).map(
    lambda t: unicodedata.normalize(t[3], t[1] + t[0] + t[2]))


@SETTINGS
@given(SAYS_NOTHING)
def test_blank_eventless_and_bare_month_texts_are_refused_by_both(text: str) -> None:
    assert not _validate_takes(text), text
    assert not VALIDATOR.is_valid(text), text


def test_the_real_plans_schedules() -> None:
    whens = [m.group(1).strip().strip("'\"") for p in SEED_PLANS
             for m in re.finditer(r"^\s*when: (.+)$", p.read_text(encoding="utf-8"), re.M)]
    assert len(whens) > 50
    for text in whens:
        _sound(text)


def test_the_sets_differ_where_they_should() -> None:
    """Guards against a schema that takes everything or nothing; and where it is narrower."""
    for taken in ("Tháng 6/2024", "Thường xuyên", "Khi có sự thay đổi", "007", "010", "0", "Khi có.", "blah"):
        assert VALIDATOR.is_valid(taken), taken
    for refused in ("", "  ", "Khi", " khi  CÓ ", "Khi phát sinh", "7", "07", "12"):
        assert not VALIDATOR.is_valid(refused), refused
        assert not _validate_takes(refused), refused
    for left_to_validate in ("Tháng 13", "Tháng 9 - tháng 3", "Tháng 6,"):  # the text's grammar, not a pattern
        assert VALIDATOR.is_valid(left_to_validate) and not _validate_takes(left_to_validate)
