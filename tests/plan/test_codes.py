"""The loader's and schema check's codes: every code isoctl emits is documented, in both languages,
its examples give (and its fixed examples do not give) the code, and `rules`/`explain` know it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from isoctl.i18n import set_lang
from isoctl.lint.rules import all_rules
from isoctl.lint.rules.examples import BASE, build
from isoctl.plan.codes import CODES
from isoctl.plan.validate import SCHEMA_CODES, check_text

SOURCE = Path(__file__).resolve().parents[2] / "isoctl"


def _emitted() -> set[str]:
    found = set()
    for path in SOURCE.rglob("*.py"):
        found |= set(re.findall(r"[\"'](E\d{3})[\"']", path.read_text(encoding="utf-8")))
    return found


def test_every_emitted_code_is_documented() -> None:
    emitted = _emitted()
    assert emitted, "no E code found in the source"
    assert emitted <= set(CODES), sorted(emitted - set(CODES))
    assert set(SCHEMA_CODES) == set(CODES)


@pytest.mark.parametrize("code", sorted(CODES))
def test_documented_in_both_languages(code: str) -> None:
    entry = CODES[code]
    for field in ("summary", "meaning", "fix"):
        en, vi = getattr(entry, field)
        assert en.strip() and vi.strip() and en != vi, (code, field)


def _plan(entry, fragment: str) -> str:
    return BASE + fragment if entry.raw else build(fragment)


@pytest.mark.parametrize("code", sorted(c for c in CODES if CODES[c].fails))
def test_examples_give_their_code(code: str) -> None:
    entry = CODES[code]
    assert entry.passes, code
    fails = {f.code for f in check_text(_plan(entry, entry.fails)).findings}
    assert code in fails, (code, fails)
    passes = {f.code for f in check_text(_plan(entry, entry.passes)).findings}
    assert not passes, (code, passes)


def test_codes_without_examples_are_the_ones_a_text_cannot_show() -> None:
    assert {c for c in CODES if not CODES[c].fails} == {"E002"}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_rules_lists_every_code(cli, lang: str) -> None:
    result = cli("--lang", lang, "rules")
    assert result.exit_code == 0, result
    codes = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert codes == [*CODES, *(m.CODE for m in all_rules())]
    set_lang(lang)
    try:
        for code, entry in CODES.items():
            assert f"{code}  {entry.name}" in result.stdout and entry.text("summary") in result.stdout
    finally:
        set_lang("en")


@pytest.mark.parametrize("code", sorted(CODES))
def test_explain_every_code_both_languages(cli, code: str) -> None:
    entry = CODES[code]
    for arg in (code, code.lower(), entry.name):
        result = cli("explain", arg)
        assert result.exit_code == 0, result
        assert result.stdout.startswith(f"# {code} {entry.name}\n")
        assert "## What it means" in result.stdout and "## Fix" in result.stdout
        assert entry.fix[0] in result.stdout
        if entry.fails:
            assert entry.fails.rstrip("\n") in result.stdout and "## Passes" in result.stdout
    result = cli("--lang", "vi", "explain", code)
    assert result.exit_code == 0, result
    assert "## Ý nghĩa" in result.stdout and "## Cách sửa" in result.stdout and entry.fix[1] in result.stdout


def test_explain_unknown_code_suggests_a_schema_code(cli) -> None:
    result = cli("explain", "unknwn-field")
    assert result.exit_code == 2 and "did you mean 'unknown-field'" in result.stderr, result


def test_sarif_describes_schema_codes(cli, tmp_path) -> None:
    import json

    plan = tmp_path / "p.yaml"
    plan.write_text(build(CODES["E101"].fails), encoding="utf-8")
    result = cli("validate", "--format", "sarif", str(plan))
    rules = json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    e101 = next(r for r in rules if r["id"] == "E101")
    assert e101["shortDescription"]["text"] == CODES["E101"].summary[0]
