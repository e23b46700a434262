"""Yes/no fields and schedules take what the JSON Schema takes, read as an editor reads them.

An editor checking ``schema/plan.schema.json`` reads YAML 1.2, where only ``true``/``false`` (in
three spellings each) are booleans and ``yes``/``no``/``on``/``off`` are text; PyYAML reads
YAML 1.1, where they are booleans. The loader reads them as YAML 1.2 does, and every yes/no field
(``model.Bool``) and the schedule mapping's ``continuous`` refuse anything but a boolean, as
``type: boolean`` does, so validate, the schema and the quick path (fastmodel) agree on each. A
``when:`` is text, a date or a mapping (the format contract); a plain number there is refused by
all three, with a hint to quote it as the document writes it. The fields are found by walking
the model classes, so a new yes/no field without a place here fails the test."""

from __future__ import annotations

import inspect
import typing
from typing import Any

import pytest
from plan.test_fastmodel import assert_agrees
from plan.test_whole_numbers import _errors, _plain, _validator, errors_in, one_error
from pydantic import BaseModel

from isoctl.lint.rules.examples import build
from isoctl.plan import model
from isoctl.plan.loader import load_text

COMMITTEE = """\
committee:
  members:
    - name: Nguyễn Văn A
      position: Giám đốc Sở
      role: Trưởng ban
  standing: true
"""
APPENDIX = """\
presentation:
  appendix:
    phase_rows: true
"""
CONTINUOUS = """\
phases:
  - id: noi-dung
    title: Nội dung
    tasks:
      - id: lap-ke-hoach
        title: Xây dựng kế hoạch duy trì và cải tiến HTQLCL năm 2024
        lead: [VP]
        when:
          months: [7]
          continuous: true
"""
# (class, field) -> the plan with the field written ``true`` (its only such line)
PLACES = {("Committee", "standing"): build(COMMITTEE), ("AppendixView", "phase_rows"): build(APPENDIX),
          ("schedule", "continuous"): build(CONTINUOUS)}
# booleans in YAML 1.1 only (PyYAML's resolver), text in YAML 1.2, with what they would have meant
YAML_11_ONLY = {w: m for words, m in ((("yes", "on"), "true"), (("no", "off"), "false"))
                for word in words for w in (word, word.title(), word.upper())}
CORE = ("true", "True", "TRUE", "false", "False", "FALSE")
NOT_BOOLEANS = ("1", "0", "'true'", "'yes'", "''", "null")


def _bool_fields() -> set[tuple[str, str]]:
    out = set()
    for name, cls in inspect.getmembers(model, inspect.isclass):
        if issubclass(cls, BaseModel) and cls.__module__ == model.__name__:
            for field, info in cls.model_fields.items():
                ann = info.annotation
                if ann is bool or ann is model.Bool or bool in typing.get_args(ann):
                    out.add((name, field))
    return out


def test_every_yes_no_field_has_a_place_here() -> None:
    assert _bool_fields() | {("schedule", "continuous")} == set(PLACES)


def _with(place: tuple[str, str], written: str) -> tuple[str, int]:
    """The plan with the field written ``written``, and the (1-based) line it is on."""
    base, field = PLACES[place], place[1]
    lines = base.splitlines(keepends=True)
    (at,) = [i for i, line in enumerate(lines) if line.strip() == f"{field}: true"]
    lines[at] = lines[at].replace("true", written)
    return "".join(lines), at + 1


def _as_editor(text: str) -> Any:
    """The plan as an editor's YAML 1.2 reads it, for the schema."""
    return _plain(load_text(text).data)


@pytest.mark.parametrize("written", CORE)
@pytest.mark.parametrize("place", sorted(PLACES), ids=".".join)
def test_true_and_false_are_taken(place: tuple[str, str], written: str) -> None:
    text, _ = _with(place, written)
    assert not _errors(text), [(f.code, f.message) for f in _errors(text)]
    assert _validator().is_valid(_as_editor(text))
    assert assert_agrees(load_text(text).data) == "agreed"


@pytest.mark.parametrize("written", [*YAML_11_ONLY, *NOT_BOOLEANS])
@pytest.mark.parametrize("place", sorted(PLACES), ids=".".join)
def test_anything_else_is_refused_where_it_is_written(place: tuple[str, str], written: str) -> None:
    text, line = _with(place, written)
    field = place[1]
    if written in YAML_11_ONLY:
        assert load_text(text).data is not None and written in text
    for lang in ("en", "vi"):
        finding = one_error(text, lang)
        assert finding.code in ("E102", "E104"), finding
        assert finding.line == line, (finding.line, line)
        if written != "null":
            assert finding.col == text.splitlines()[line - 1].index(f"{field}:") + len(field) + 3, finding.col
        if lang == "en":
            assert "true or false" in finding.message, finding.message
        else:
            assert "true hoặc false" in finding.message, finding.message
        if written in YAML_11_ONLY and finding.code == "E102":
            assert finding.hint and f"{YAML_11_ONLY[written]}" in finding.hint, finding.hint
    assert not _validator().is_valid(_as_editor(text))
    assert assert_agrees(load_text(text).data) == "refused"


@pytest.mark.parametrize("word", sorted(YAML_11_ONLY))
def test_yes_no_on_off_are_text_in_a_text_field(word: str) -> None:
    """YAML 1.2 reads them as text, so a note written ``yes`` is the text 'yes', in the schema too."""
    text = build(f"budget: {word}\n")
    assert load_text(text).data["budget"] == word
    assert not _errors(text) and _validator().is_valid(_as_editor(text))
    assert assert_agrees(load_text(text).data) == "agreed"


NUMBERS = ("2024", "6", "13", "0", "-5", "2024.0", "1e3", "0x10", "0o17", ".inf")


def _when(written: str) -> tuple[str, int]:
    base = build(CONTINUOUS).replace("        when:\n          months: [7]\n          continuous: true\n",
                                     f"        when: {written}\n")
    lines = base.splitlines()
    (at,) = [i for i, line in enumerate(lines) if line.strip() == f"when: {written}"]
    return base, at + 1


@pytest.mark.parametrize("written", NUMBERS)
def test_a_number_is_no_schedule(written: str) -> None:
    text, line = _when(written)
    assert isinstance(load_text(text).data["phases"][0]["tasks"][0]["when"], (int, float))
    for lang, says in (("en", "should be a schedule"), ("vi", "phải là thời gian thực hiện")):
        errors = errors_in(text, lang)
        assert [(f.code, f.line, f.col) for f in errors] == [("E102", line, 15)], errors
        assert says in errors[0].message, errors[0].message
        month = written.isdigit() and 1 <= int(written) <= 12
        assert errors[0].hint and (f"'Tháng {written}'" if month else f"'{written}'") in errors[0].hint
    assert not _validator().is_valid(_as_editor(text))
    assert assert_agrees(load_text(text).data) == "refused"


@pytest.mark.parametrize("written", ["2024", "13"])
def test_a_quoted_number_is_a_schedule_kept_as_written(written: str) -> None:
    """Quoted, it is text, kept as written (lint's S005 warns that it is not drawn); the schema takes it."""
    text, _ = _when(f"'{written}'")
    assert not _errors(text)
    assert _validator().is_valid(_as_editor(text))
