"""Every integer field of the model refuses ``true``/``false`` and digits split by "_" ("2_024",
quoted or not), which pydantic's lax mode would read as numbers: ``validate`` gives a located E1xx
error in both languages, the JSON Schema refuses the same value, and the pydantic-free twin
(fastmodel) agrees with pydantic. The fields are found by walking the model classes, so a new
integer field without a place here fails the test."""

from __future__ import annotations

import inspect
import json
import typing
from typing import Any

import pytest
import yaml
from plan.test_fastmodel import assert_agrees
from pydantic import BaseModel

from isoctl.i18n import set_lang
from isoctl.lint.rules.examples import BASE, build
from isoctl.plan import model
from isoctl.plan.jsonschema import plan_schema_text
from isoctl.plan.loader import load_text
from isoctl.plan.validate import check_text

INSPECTION = """\
kind: inspection
standard: TCVN ISO 9001:2015
inspects:
  - name: UBND các xã, phường
    count: 45
"""
DECISION = """\
decision:
  number: 512
  date: 2024-03-10
"""
COLUMNS = """\
presentation:
  body:
    columns:
      - field: title
        header: Nội dung
        width: 40
"""

# (class, field) -> (plan text with the field set to a valid whole number, path to the field)
PLACES: dict[tuple[str, str], tuple[str, tuple]] = {
    ("Plan", "format"): (BASE, ("format",)),
    ("Plan", "year"): (BASE, ("year",)),
    ("Document", "number"): (BASE, ("document", "number")),
    ("Decision", "number"): (build(DECISION), ("decision", "number")),
    ("InspectedBody", "count"): (build(INSPECTION), ("inspects", 0, "count")),
    ("Column", "width"): (build(COLUMNS), ("presentation", "body", "columns", 0, "width")),
}
VALID = {"format": 1, "year": 2024, "number": 12, "count": 3, "width": 10}
TEXT_TOO = {("Document", "number"), ("Decision", "number")}  # int | str
REFUSED = [True, False, "2_024", " 2_0_24 ", "+1_0"]


def _is_int(ann: Any) -> bool:
    if ann is model.Int:
        return True
    if ann is int:
        return True
    return typing.get_origin(ann) is not typing.Annotated and any(_is_int(a) for a in typing.get_args(ann))


def _int_fields() -> set[tuple[str, str]]:
    out = set()
    for name, cls in inspect.getmembers(model, inspect.isclass):
        if issubclass(cls, BaseModel) and cls.__module__ == model.__name__:
            for field, info in cls.model_fields.items():
                if _is_int(info.annotation) or (info.annotation is int):
                    out.add((name, field))
    return out


def test_every_integer_field_has_a_place_here() -> None:
    assert _int_fields() == set(PLACES)


def _text(place: tuple[str, str], value: Any) -> str:
    text, path = PLACES[place]
    data = yaml.safe_load(text)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _validator():
    import jsonschema

    cls = jsonschema.Draft202012Validator
    return cls(json.loads(plan_schema_text()), format_checker=cls.FORMAT_CHECKER)


def _plain(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _errors(text: str) -> list:
    return [f for f in check_text(text).findings if f.code[:2] in ("E0", "E1") and f.severity == "error"]


def errors_in(text: str, lang: str) -> list:
    """:func:`_errors` with messages in ``lang``."""
    set_lang(lang)
    try:
        return _errors(text)
    finally:
        set_lang(None)


def one_error(text: str, lang: str):
    """The one error of ``text`` (messages in ``lang``)."""
    errors = errors_in(text, lang)
    assert len(errors) == 1, (lang, [(f.code, f.message) for f in errors])
    return errors[0]


@pytest.mark.parametrize("place", sorted(PLACES), ids=lambda p: ".".join(p))
def test_a_whole_number_is_accepted(place: tuple[str, str]) -> None:
    text = _text(place, VALID[place[1]])
    assert not _errors(text), [f.message for f in _errors(text)]
    assert _validator().is_valid(_plain(yaml.safe_load(text)))
    assert assert_agrees(load_text(text).data) == "agreed"


@pytest.mark.parametrize("value", REFUSED, ids=repr)
@pytest.mark.parametrize("place", sorted(PLACES), ids=lambda p: ".".join(p))
def test_booleans_and_underscored_digits_are_refused(place: tuple[str, str], value: Any) -> None:
    text = _text(place, value)
    field = place[1]
    lines = text.splitlines()
    if isinstance(value, str) and place in TEXT_TOO:
        # a field that also takes text ("12/KH-SKHCN") keeps "2_024" as text, in the schema too
        assert not _errors(text) and _validator().is_valid(_plain(yaml.safe_load(text)))
        assert assert_agrees(load_text(text).data) == "agreed"
        return
    for lang in ("en", "vi"):
        finding = one_error(text, lang)
        assert finding.code in ("E102", "E103")
        line = lines[finding.line - 1]
        assert line.lstrip(" -").startswith(f"{field}:"), (finding.line, line)
        assert finding.col == line.index(f"{field}:") + len(field) + 3, (finding.col, line)
        if lang == "vi":
            assert "phải là số nguyên" in finding.message or "không phải số nguyên" in finding.message, finding.message
        else:
            assert "whole number" in finding.message, finding.message
    assert not _validator().is_valid(_plain(yaml.safe_load(text)))
    assert assert_agrees(load_text(text).data) == "refused"


@pytest.mark.parametrize("place", sorted(PLACES), ids=lambda p: ".".join(p))
def test_unquoted_underscored_digits_are_text_as_an_editor_reads_them(place: tuple[str, str]) -> None:
    """YAML 1.1 (PyYAML) reads ``2_024`` as 2024, YAML 1.2 (an editor's language server) as text:
    the loader keeps it as text, so validate refuses it where the schema does."""
    text = _text(place, "2_024").replace("'2_024'", "2_024")
    assert "'2_024'" not in text and "2_024" in text
    assert load_text(text).errors == []
    errors = _errors(text)
    assert [f.code for f in errors] == ([] if place in TEXT_TOO else ["E103"]), [(f.code, f.message) for f in errors]
    assert _validator().is_valid(_plain(yaml.safe_load(text.replace("2_024", "'2_024'")))) == (place in TEXT_TOO)


# plain numbers YAML 1.1 (PyYAML) and YAML 1.2's core schema (an editor's language server) read
# differently: written unquoted -> the value YAML 1.2 reads
YAML_11_ONLY = {"02024": 2024, "+02024": 2024, "1:30": "1:30", "0b11111101000": "0b11111101000"}


def _unquoted(place: tuple[str, str], written: str, meant: Any) -> tuple[str, Any, Any, bool, bool]:
    """The plan with ``written`` unquoted in ``place``: its text, what the loader made of it, the
    value there, and the schema's verdict on what an editor reads (``meant``) beside validate's."""
    quoted = _text(place, written)
    text = quoted.replace(f"'{written}'", written)
    assert f"'{written}'" not in text
    loaded = load_text(text)
    assert loaded.errors == []
    value = loaded.data
    for key in PLACES[place][1]:
        value = value[key]
    as_editor = yaml.safe_load(quoted)
    holder = as_editor
    for key in PLACES[place][1][:-1]:
        holder = holder[key]
    holder[PLACES[place][1][-1]] = meant
    return text, loaded, value, _validator().is_valid(_plain(as_editor)), not _errors(text)


@pytest.mark.parametrize("written", sorted(YAML_11_ONLY))
@pytest.mark.parametrize("place", sorted(PLACES), ids=lambda p: ".".join(p))
def test_unquoted_numbers_are_read_as_an_editor_reads_them(place: tuple[str, str], written: str) -> None:
    """The loader reads them as YAML 1.2 does, so validate and the schema judge the same value:
    02024 is 2024 (not octal 1044), 1:30 (base 60) and 0b… are text."""
    meant = YAML_11_ONLY[written]
    text, loaded, value, schema_ok, validate_ok = _unquoted(place, written, meant)
    assert value == meant and type(value) is type(meant)
    if isinstance(meant, int) and place[1] == "format":
        assert not schema_ok and not validate_ok  # 2024 is no format this isoctl reads
    assert schema_ok == validate_ok, [(f.code, f.message) for f in _errors(text)]
    if place == ("Plan", "year"):
        assert validate_ok == isinstance(meant, int)
    if place in TEXT_TOO:
        assert validate_ok


# YAML 1.2.2's core schema (10.3.2) over the plain scalars that look like numbers, as an editor's
# language server reads them: int [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+, float
# [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN);
# anything else is text. Written by hand from the spec (not from the loader's own regexes).
NAN = float("nan")
CORE_12: dict[str, Any] = {
    "0o17": 15, "0x1F": 31, "0x1f": 31, "0o3750": 2024, "0x7E8": 2024, "+1": 1, "-2": -2, "+2024": 2024,
    "017": 17, "0": 0, "1e3": 1000.0, "1E3": 1000.0, "2.024e3": 2024.0, "2.024e+3": 2024.0,
    "202400e-2": 2024.0, "2024.": 2024.0, "2024.0": 2024.0, ".5": 0.5, "1.5": 1.5, "-1.5e-3": -0.0015,
    ".inf": float("inf"), ".Inf": float("inf"), "+.INF": float("inf"), "-.inf": float("-inf"),
    ".nan": NAN, ".NaN": NAN, ".NAN": NAN,
    # text in 1.2 (numbers in 1.1, or in neither)
    "-0x1F": "-0x1F", "+0o17": "+0o17", "-0o17": "-0o17", "0O17": "0O17", "0X1F": "0X1F", "0o18": "0o18",
    "0b101": "0b101", "1:30": "1:30", "2_024": "2_024", "1_000.5": "1_000.5", "-.NaN": "-.NaN", "+.nan": "+.nan",
    ".INf": ".INf", "1e": "1e", "e3": "e3", "1.2.3": "1.2.3", "0x": "0x", "0o": "0o", ".": ".",
}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    return a == b and type(a) is type(b)


def test_the_loader_reads_plain_numbers_as_yaml_12_core() -> None:
    written = list(CORE_12)
    text = "a: [" + ", ".join(written) + "]\nb:\n" + "".join(f"  - {w}\n" for w in written)
    data = load_text(text).data
    for key in ("a", "b"):
        got = dict(zip(written, data[key], strict=True))
        wrong = {w: got[w] for w in written if not _same(got[w], CORE_12[w])}
        assert not wrong, wrong
    # quoted, every one of them stays text
    quoted = load_text("a: [" + ", ".join(f"'{w}'" for w in written) + "]\n").data["a"]
    assert quoted == written


@pytest.mark.parametrize("written", sorted(k for k, v in CORE_12.items() if not isinstance(v, str) or k in
                                           ("-0x1F", "0O17", "+.nan")))
@pytest.mark.parametrize("place", sorted(PLACES), ids=lambda p: ".".join(p))
def test_core_numbers_are_judged_alike_by_validate_and_the_schema(place: tuple[str, str], written: str) -> None:
    """Each YAML 1.2 number (0o17, 0x1F, 1e3, .inf, .nan, +1 …) in each integer field: the value
    an editor reads is the one validate judges, the two verdicts agree, and a refusal is one
    located E102/E103 on the field, in both languages; the quick path agrees with pydantic."""
    meant = CORE_12[written]
    text, loaded, value, schema_ok, validate_ok = _unquoted(place, written, meant)
    assert _same(value, meant), (value, meant)
    assert schema_ok == validate_ok, [(f.code, f.message) for f in _errors(text)]
    whole = isinstance(meant, int) or (isinstance(meant, float) and meant.is_integer())
    if not whole and not isinstance(meant, str):
        assert not validate_ok  # 1.5, inf, nan: never a count, a year or a width
    if place == ("Plan", "year"):
        assert validate_ok == (whole and 1990 <= meant <= 2100)
    assert assert_agrees(loaded.data) in (("agreed", "gave up") if validate_ok else ("refused",))
    if validate_ok:
        return
    lines = text.splitlines()
    field = place[1]
    for lang in ("en", "vi"):
        finding = one_error(text, lang)
        assert finding.code in ("E102", "E103") or (field == "format" and finding.code == "E005")
        line = lines[finding.line - 1]
        assert line.lstrip(" -").startswith(f"{field}:"), (finding.line, line)
        assert finding.col == line.index(f"{field}:") + len(field) + 3, (finding.col, line)
        if lang == "vi":
            assert "finite" not in finding.message and "Input" not in finding.message, finding.message
