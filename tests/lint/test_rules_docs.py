"""Every rule documents itself, and every example in its documentation is run as a test."""

from __future__ import annotations

import re

import pytest

from isoctl.lint.engine import lint_text
from isoctl.lint.rules import all_rules, by_code
from isoctl.lint.rules.examples import BASE, build, examples, sections

RULES = all_rules()
CASES = [(mod.CODE, section, i, text)
         for mod in RULES for section in ("Fails", "Passes")
         for i, text in enumerate(examples(mod.__doc__, section))]


def test_there_are_rules_of_every_family_of_part_a() -> None:
    families = {mod.CODE[0] for mod in RULES}
    assert {"D", "V", "X"} <= families


@pytest.mark.parametrize("mod", RULES, ids=lambda m: m.CODE)
def test_rule_module_contract(mod) -> None:
    assert re.fullmatch(r"[A-Z]\d{3}", mod.CODE)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", mod.NAME)
    assert mod.SEVERITY in ("error", "warning", "info")
    assert isinstance(mod.OPTIONS, dict)
    assert isinstance(mod.FIXABLE, bool)
    assert callable(mod.check)
    assert mod.__name__.rsplit(".", 1)[-1].startswith(mod.CODE.lower() + "_")
    doc = sections(mod.__doc__)
    assert doc["summary"] and doc["summary"].endswith((".", ")")), "one-line summary ending with '.'"
    for needed in ("Why", "Fails", "Passes"):
        assert doc.get(needed), f"{mod.CODE}: missing section {needed}:"
    assert examples(mod.__doc__, "Fails"), f"{mod.CODE}: no ```yaml example under Fails:"
    assert examples(mod.__doc__, "Passes"), f"{mod.CODE}: no ```yaml example under Passes:"
    if mod.OPTIONS:
        assert doc.get("Options"), f"{mod.CODE}: has OPTIONS but no Options: section"
        for name in mod.OPTIONS:
            assert f"``{name}``" in doc["Options"], f"{mod.CODE}: option {name} not documented"


def test_codes_and_names_are_unique() -> None:
    assert len(by_code()) == 2 * len(RULES)


def test_base_plan_is_clean_for_every_rule() -> None:
    report = lint_text(BASE, file="base.yaml")
    assert report.findings == [], [f"{f.line}:{f.col} {f.code} {f.message}" for f in report.findings]


@pytest.mark.parametrize("code,section,index,fragment", CASES,
                         ids=[f"{c}-{s}-{i}" for c, s, i, _ in CASES])
def test_rule_examples(code: str, section: str, index: int, fragment: str) -> None:
    text = build(fragment)
    report = lint_text(text, file="example.yaml")
    schema = [f for f in report.findings if f.code.startswith("E")]
    assert not schema, f"example is not a valid plan: {schema}\n{text}"
    codes = [f.code for f in report.findings]
    if section == "Fails":
        assert code in codes, f"{code} expected, got {codes}\n{text}"
    else:
        assert code not in codes, f"{code} not expected\n{text}"


# What a translation keeps as written: ``literals``, document symbols (19/2014/QĐ-TTg, 419/BKHCN-TĐC),
# rule codes (S002), clauses (§9.2).
_KEPT = re.compile(r"``(.+?)``|\b\d+/(?:\d{4}/)?[A-ZĐ][A-Za-zĐđ0-9]*-[A-ZĐ][A-Za-zĐđ0-9]*\b|\b[A-Z]\d{3}\b|§[\d.]+",
                   re.S)


def _kept(text: str) -> set[str]:
    return {" ".join(m.group(0).split()) for m in _KEPT.finditer(text)}


@pytest.mark.parametrize("mod", RULES, ids=lambda m: m.CODE)
def test_rule_documentation_in_vietnamese(mod) -> None:
    """Beside its docstring every rule has DOC_VI: the same sections in Vietnamese, the same options,
    the same documents, rules and literals cited; the examples are the docstring's (not repeated)."""
    assert isinstance(getattr(mod, "DOC_VI", None), str), f"{mod.CODE}: no DOC_VI"
    en, vi = sections(mod.__doc__), sections(mod.DOC_VI)
    assert vi["summary"].endswith((".", ")")) and vi["summary"] != en["summary"]
    assert "Fails" not in vi and "Passes" not in vi, "the examples are the docstring's, shared"
    assert {k for k, v in vi.items() if v} == {k for k, v in en.items() if v and k not in ("Fails", "Passes")}
    for name in mod.OPTIONS:
        assert f"``{name}``" in vi["Options"], f"{mod.CODE}: option {name} not documented in Vietnamese"
    for key in ("summary", "intro", "Why", "Options"):
        missing = _kept(en.get(key, "")) - _kept(vi.get(key, ""))
        assert not missing, f"{mod.CODE} {key}: the Vietnamese does not cite {sorted(missing)}"
