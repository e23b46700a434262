"""The JSON Schema's schedule mapping (``$defs/ScheduleMapping``, from
:func:`isoctl.plan.schedule.mapping_schema`) takes exactly the mappings ``validate`` takes, on
generated mappings: every key, each with values that pass and values that fail, nulls, wrong
types, whole floats, event phrases that say nothing (in any case, spacing and Unicode form).
A ``date`` written as text is refused where validate refuses it (2024-02-30, 31/2/2024, a year
out of range) but for a text with characters outside ``schedule_pattern.ALPHABET`` (a combining
accent), where the schema may take what validate refuses, never the other way round."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from isoctl.plan.jsonschema import plan_schema_text
from isoctl.plan.modelbase import to_schedule
from isoctl.plan.schedule import MAPPING_KEYS, ScheduleError
from isoctl.plan.schedule_pattern import ALPHABET
from strategies import SETTINGS

EVENTS = ["sự thay đổi về nhân sự", "Khi có sự thay đổi", "khi cần", "", "  ", "\t", "Khi", "KHI", " khi ",
          "Khi có", "khi  CÓ", "Khi có phát sinh", "khi phát sinh", "Khi PHÁT   sinh", "Khi phát sinh khiếu nại",
          "khi có.", "khi,", "Khiếu nại", unicodedata.normalize("NFD", "Khi có"),
          unicodedata.normalize("NFD", "khi phát sinh"), "Khi c\u00f3 ph\u00e1t", "\u212ahi có", 5, None, ["x"]]
DATES = [dt.date(2024, 7, 15), "2024-07-15", "2024-02-30", "2024-7-15", "15/7/2024", "Ngày 15/7/2024",
         "ngày 15 tháng 7 năm 2024", "15 / 7 / 2024", "hôm nay", "", 20240715, None, True, "31/2/2024", " 29/2/2024 ",
         "29/2/2023", "NGÀY 1 THÁNG 1 NĂM 2100", "1/1/2101", "2024-07-15x", "15/7", unicodedata.normalize("NFD", "Ngày 31/2/2024")]
VALUES: dict[str, list[Any]] = {
    "months": [7, [7, 8], [], [0], [13], [7, "8"], "7", 7.0, [7.5], True, [True], None, 12, [1, 12]],
    "year": [2024, 1990, 2100, 1989, 2101, "2024", 2024.0, True, None],
    "date": DATES,
    "every": ["month", "quarter", "half-year", "year", "week", "Month", None, 1],
    "continuous": [True, False, None, 1, "true", "yes"],
    "after": ["cong-bo", ["cong-bo", "a.b_c"], [], "Cong-bo", "cong bo", "-x", "x\n", ["ok", 5], None, 5],
    "event": EVENTS,
}
VALUES["month"] = VALUES["months"]
assert set(VALUES) == set(MAPPING_KEYS)


def _validator():
    import jsonschema

    schema = json.loads(plan_schema_text())
    root = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/ScheduleMapping"}
    cls = jsonschema.Draft202012Validator
    return cls(root, format_checker=cls.FORMAT_CHECKER)


VALIDATOR = _validator()


def _validate_takes(mapping: dict) -> bool:
    try:
        to_schedule(mapping)
    except (ScheduleError, TypeError):
        return False
    return True


def _as_editor(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _as_editor(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _wider_here(mapping: dict) -> bool:
    return isinstance(mapping.get("date"), str) and not set(mapping["date"]) <= ALPHABET


def _agree(mapping: dict) -> None:
    takes, schema_takes = _validate_takes(mapping), VALIDATOR.is_valid(_as_editor(mapping))
    if _wider_here(mapping) and not takes:
        return
    assert takes == schema_takes, (mapping, "validate" if takes else "schema", "takes it")


MAPPINGS = st.dictionaries(st.sampled_from([*MAPPING_KEYS, "monts", "when"]),
                           st.just(None), min_size=0, max_size=4).flatmap(
    lambda keys: st.fixed_dictionaries({k: st.sampled_from(VALUES.get(k, [1, "x"])) for k in keys}))


@SETTINGS
@given(MAPPINGS)
def test_generated_mappings(mapping: dict) -> None:
    _agree(mapping)


@pytest.mark.parametrize("key", sorted(VALUES))
def test_every_value_of_every_key_alone_and_with_months(key: str) -> None:
    for value in VALUES[key]:
        _agree({key: value})
        if key not in ("month", "months"):
            _agree({"months": [7], key: value})


@pytest.mark.parametrize("event", [e for e in EVENTS if isinstance(e, str)])
def test_event_phrases(event: str) -> None:
    _agree({"event": event})


def test_the_sets_differ_where_they_should() -> None:
    """Guards against a schema that takes everything or nothing."""
    assert VALIDATOR.is_valid({"months": [7, 8], "year": 2024})
    assert VALIDATOR.is_valid({"continuous": True})
    wider = {"date": unicodedata.normalize("NFD", "ngày 30 tháng 2 năm 2024")}
    assert VALIDATOR.is_valid(wider) and not _validate_takes(wider)  # the wider place
    for date in ("2024-02-30", "31/2/2024", "1/1/1989", "hôm nay"):
        assert not VALIDATOR.is_valid({"date": date}) and not _validate_takes({"date": date}), date
    for refused in ({}, {"continuous": False}, {"year": 2024}, {"month": 6, "months": [7]},
                    {"event": " khi  CÓ "}, {"after": []}, {"months": None}):
        assert not VALIDATOR.is_valid(refused), refused
        assert not _validate_takes(refused), refused
