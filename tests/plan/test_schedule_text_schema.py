"""The JSON Schema's schedule text (``$defs/ScheduleText``, from
:func:`isoctl.plan.schedule.text_schema`) refuses only what ``validate`` refuses; all that it
refuses of three kinds whatever else the text says (blank, an event that names none, a month
number alone); and, in a text of :data:`~isoctl.plan.schedule_pattern.ALPHABET`, all that it
refuses. Texts are generated from the
grammar's words, numbers, separators and white space, in any case and Unicode form, and from the
real plans' ``when:`` values; the patterns are checked in JavaScript (node) too."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from conftest import SEED_PLANS
from isoctl.plan import schedule as grammar
from isoctl.plan.jsonschema import plan_schema_text
from isoctl.plan.modelbase import to_schedule
from isoctl.plan.schedule import ScheduleError
from isoctl.plan.schedule_pattern import ALPHABET
from strategies import SETTINGS

SCHEMA = json.loads(plan_schema_text())
TEXT = SCHEMA["$defs"]["ScheduleText"]


def _validator():
    import jsonschema

    for holder in ("Task", "InspectedBody"):
        assert SCHEMA["$defs"][holder]["properties"]["when"]["anyOf"][0] == {"$ref": "#/$defs/ScheduleText"}
    assert TEXT["type"] == "string" and "format" not in TEXT
    return jsonschema.Draft202012Validator({"$schema": SCHEMA["$schema"], "$defs": SCHEMA["$defs"],
                                            "$ref": "#/$defs/ScheduleText"})


VALIDATOR = _validator()


def _refusal(text: str) -> ScheduleError | TypeError | None:
    try:
        to_schedule(text)
    except (ScheduleError, TypeError) as error:
        return error
    return None


def _validate_takes(text: str) -> bool:
    return _refusal(text) is None


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
    for taken in ("Tháng 6/2024", "Thường xuyên", "Khi có sự thay đổi", "007", "010", "0", "Khi có.", "blah",
                  "Quý I, quý III/2024", "Tháng 11/2023 - tháng 2/2024", "Sau khi hoàn thành t1", "Tháng 6 và tháng 12"):
        assert VALIDATOR.is_valid(taken), taken
    for refused in ("", "  ", "Khi", " khi  CÓ ", "Khi phát sinh", "7", "07", "12", "Tháng 13", "Tháng 9 - tháng 3",
                    "Tháng 6,", "Quý 5", "Tháng 6/1989", "Tháng 2/2025 - tháng 1/2025", "Trước ngày 30/2/2024",
                    "Thường xuyên, 7", "Sau khi", "Giai đoạn 2025-2024", "Tuần 6 tháng 3/2024", "ngày 31/4/2024", "Tháng 6 và 12",
                    "Thường xuyên, thường xuyên", "Hàng tháng, định kỳ", "Trước ngày 5/6, từ 1/7 đến 2/8",
                    "Tháng 6/2024, 15/7/2024, ngày 16 tháng 7 năm 2024", "Sau công bố; sau khi họp",
                    "Từ ngày 5/6/2024 đến 3/6/2024", "Từ 5/6 đến 3/6", "15/7/2025 - 30/10/2024", "Từ 1/7 đến 2/8, tháng 13",
                    "Từ 31/12/2024 đến 1/1", "Từ ngày 10/06/2024 đến 9/6, Tháng 6"):
        assert not VALIDATOR.is_valid(refused), refused
        assert not _validate_takes(refused), refused
    for taken in ("Định kỳ, hằng năm", "Sau khi hoàn thành t1, sau công bố", "Tháng 6, thường xuyên",
                  "Từ 31/12 đến 1/1/2025", "Từ 5/6 đến 05/06", "Từ ngày 30/12/2024 đến 2/1/2025, tháng 6"):
        assert VALIDATOR.is_valid(taken) and _validate_takes(taken), taken  # read once each, or twice allowed
    for left_to_validate in ("Tháng 13\u0301", unicodedata.normalize("NFD", "Từ ngày 5/6/2024 đến 3/6/2024"),
                              unicodedata.normalize("NFD", "Thường xuyên, thường xuyên")):
        assert VALIDATOR.is_valid(left_to_validate) and not _validate_takes(left_to_validate), left_to_validate


# the grammar's words, numbers and separators, in the characters the patterns are exact over
NEAR_WORDS = ["Tháng", "tháng", "THÁNG", "Quý", "quý", "năm", "Năm", "Từ ngày", "từ", "ngày", "Ngày", "đến", "Đến",
              "Trước ngày", "Chậm nhất", "Hạn chót", "Tuần", "tuần", "6 tháng đầu năm", "6 tháng cuối năm", "Cả năm",
              "Trong năm", "Giai đoạn", "Sau", "Sau khi hoàn thành", "Sau khi", "t1", "a-2", "Khi có", "Khi",
              "khi có sự cố", "Khi phát sinh", "Hàng quý", "Hàng tháng", "Hàng năm", "Định kỳ", "Thường xuyên",
              "Đột xuất", "Theo", "theo kế hoạch", "và", "hoặc", "x"]
NEAR_NUMBERS = ["0", "1", "2", "3", "4", "6", "7", "9", "10", "11", "12", "13", "29", "30", "31", "32", "2023", "2024",
                "2025", "1989", "2101", "07", "IV", "II", "i", "V"]
NEAR_SEPARATORS = ["/", "-", "–", ",", ";", ".", ":", " ", "  ", "\t", "\u00a0", "\n", "(", ")"]
NEAR = st.lists(st.tuples(st.sampled_from(NEAR_WORDS + NEAR_NUMBERS + NEAR_SEPARATORS),
                          st.sampled_from([" ", "", "/", ","])), min_size=1, max_size=7).map(
    lambda pairs: "".join(a + b for a, b in pairs))


def _exact(text: str) -> None:
    error = _refusal(text)
    if not VALIDATOR.is_valid(text):
        assert error is not None, (text, "the schema refuses what validate takes")
    elif error is not None:
        assert not set(text) <= ALPHABET, (text, str(error), "validate refuses what the schema takes")


@SETTINGS
@given(NEAR)
def test_near_the_grammar_the_schema_refuses_what_validate_refuses(text: str) -> None:
    _exact(text)


def test_many_texts_near_the_grammar() -> None:
    """A larger seeded sample than hypothesis draws (it checks itself: many refused by both)."""
    import random

    rng = random.Random(16)
    refused = 0
    for _ in range(3000):
        text = "".join(rng.choice(NEAR_WORDS + NEAR_NUMBERS + NEAR_SEPARATORS) + rng.choice([" ", "", "/", ","])
                       for _ in range(rng.randint(1, 7)))
        _exact(text)
        refused += not VALIDATOR.is_valid(text)
    assert refused > 300


PATTERNS = [re.compile(branch["pattern"]) for branch in TEXT["not"]["anyOf"]]


def test_every_range_of_days() -> None:
    """Ranges of days from every kind of day, month and year (leading zeros, a day the month
    lacks, a year on either side, equal, one day apart, across the new year), with a part after:
    refused by the schema's patterns exactly where validate refuses them."""
    from itertools import product

    assert all(p.pattern for p in PATTERNS) and len(PATTERNS) > 2  # the schema's refusals
    days = ["1", "01", "2", "28", "29", "30", "31"]
    months = ["1", "02", "2", "6", "12", "13"]
    years = ["", "/2023", "/2024", "/2025", "/24"]
    refused = 0
    for k, (d1, m1, y1, d2, m2, y2) in enumerate(product(days, months, years, repeat=2)):
        if k % 7:
            continue
        text = f"Từ ngày {d1}/{m1}{y1} đến {d2}/{m2}{y2}" + ("", ", tháng 13", ", Tháng 6")[k % 3]
        error = _refusal(text)
        assert any(p.search(text) for p in PATTERNS) == (error is not None), (text, str(error))
        refused += error is not None
        if k % 1001 == 0:
            _exact(text)  # the whole schema, as an editor reads it
    assert refused > 1000


def test_every_pair_of_the_grammars_phrases() -> None:
    """Each form the grammar reads (its PHRASES) after each, and with one between: a part read
    once written twice is refused by both, whatever comes between."""
    from itertools import product

    phrases = [text for text, _ in grammar.PHRASES]
    joins = (", ", "; ", " và ", ",")
    refused = 0
    for k, (a, b) in enumerate(product(phrases, repeat=2)):
        text = a + joins[k % len(joins)] + (b.lower() if k % 3 else b)
        _exact(text)
        refused += not VALIDATOR.is_valid(text)
    for a, b in product(phrases[::12], phrases):
        _exact(f"{b}, {a}, {b}")
    assert refused > 150


_NODE_CHECK = """
const {patterns, texts} = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const compiled = patterns.map(p => new RegExp(p, 'u'));
process.stdout.write(JSON.stringify(texts.map(t => compiled.map(r => r.test(t)))));
"""


def test_javascript_reads_the_patterns_as_python_does() -> None:
    """An editor's schema engine is JavaScript's (``u`` flag): every pattern of the text schema
    must match in it exactly where it matches in Python."""
    import random

    import pytest

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    patterns = [branch["pattern"] for branch in TEXT["not"]["anyOf"]]
    patterns += [rule["not"]["pattern"] for rule in TEXT.get("allOf", [])]
    rng = random.Random(7)
    texts = ["", " ", "Khi có", "7", "Tháng 13", "Tháng 6,", "Tháng 6/2024", "Thường xuyên, 7", "Quý iv/2024"]
    texts += [f"{a}, {b}" for (a, _), (b, _) in zip(grammar.PHRASES, grammar.PHRASES[3:] + grammar.PHRASES[:3], strict=True)]
    texts += [f"{a}, {a.lower()}" for a, _ in grammar.PHRASES]
    texts += ["".join(rng.choice(NEAR_WORDS + NEAR_NUMBERS + NEAR_SEPARATORS + ["\u0301", "K", "\u3000"])
                      + rng.choice([" ", "", "/", ","]) for _ in range(rng.randint(1, 7))) for _ in range(600)]
    done = subprocess.run([node, "-e", _NODE_CHECK], input=json.dumps({"patterns": patterns, "texts": texts}),
                          capture_output=True, text=True, check=True, timeout=120)
    in_javascript = json.loads(done.stdout)
    for text, matches in zip(texts, in_javascript, strict=True):
        assert matches == [re.search(p, text) is not None for p in patterns], text
