"""QA of `isoctl validate` as an ISO secretary meets it: options, configuration, both languages."""

from __future__ import annotations

import pytest

from conftest import PLANS


@pytest.mark.parametrize("args, needle", [
    (["--select", "Q999"], "--select: 'Q999' is not a rule code or prefix"),
    (["--ignore", "D06"], "did you mean 'D006'?"),
    (["--select", "no-signer"], "'no-signer' is the name of D004; select by code: D004"),
])
def test_unknown_selectors_are_usage_errors(cli, args, needle):
    r = cli("validate", *args, str(PLANS))
    assert r.exit_code == 2, r
    assert needle in r.stderr, r


def test_known_selectors_and_prefixes_pass(cli):
    r = cli("validate", "--select", "V,X001", "--ignore", "V004", "--format", "concise", str(PLANS))
    assert r.exit_code == 0, r
    assert "V003" in r.stdout and "D006" not in r.stdout and "V004" not in r.stdout
    assert cli("validate", "--select", "ALL", "-q", str(PLANS)).exit_code == 1


@pytest.mark.parametrize("toml, needle", [
    ('ignore = ["V04"]\n', "ignore: 'V04' is not a rule code or prefix"),
    ('select = ["Z"]\n', "select: 'Z' is not a rule code or prefix"),
    ('[severity]\nD0066 = "warning"\n', "severity: 'D0066'"),
    ('[per-file-ignores]\n"plans/*.yaml" = ["ZZ"]\n', "per-file-ignores 'plans/*.yaml': 'ZZ'"),
])
def test_unknown_selectors_in_configuration(cli, tree, monkeypatch, toml, needle):
    root = tree({"isoctl.toml": toml})
    monkeypatch.chdir(root)
    r = cli("validate", str(PLANS))
    assert r.exit_code == 2, r
    assert needle in r.stderr and "isoctl.toml" in r.stderr, r


def test_fix_checks_selectors_too(cli, tree):
    root = tree({"p.yaml": (PLANS / "plan-2024.yaml").read_text(encoding="utf-8")})
    before = (root / "p.yaml").read_text(encoding="utf-8")
    r = cli("validate", "--fix", "--select", "V03", str(root / "p.yaml"))
    assert r.exit_code == 2, r
    assert (root / "p.yaml").read_text(encoding="utf-8") == before


def test_error_hints_are_translated(cli):
    r = cli("--lang", "vi", "validate", "--ignore", "D06", str(PLANS))
    assert "  gợi ý: có phải ý bạn là 'D006'?" in r.stderr, r
    assert "hint:" not in r.stderr
    r = cli("--lang", "en", "validate", "--ignore", "D06", str(PLANS))
    assert "  hint: did you mean 'D006'?" in r.stderr, r


@pytest.mark.parametrize("name, toml, where, needle", [
    ("isoctl.toml", 'lang = "en"\nignor = ["V004"]\n', "isoctl.toml:2:1", "did you mean 'ignore'?"),
    ("isoctl.toml", 'plans = 3\n', "isoctl.toml:1:1", "'plans' must be a str"),
    ("isoctl.toml", 'select = ["D"]\nselect = ["V"]\n', "isoctl.toml:2:", "invalid TOML"),
    ("isoctl.toml", '\n\n[severity]\nD0066 = "warning"\n', "isoctl.toml:3:1", "did you mean 'D006'?"),
    ("pyproject.toml", '[project]\nname = "x"\nplans = 1\n[tool.isoctl]\nselect = ["D"]\nexclud = 3\n',
     "pyproject.toml:6:1", "did you mean 'exclude'?"),
    ("pyproject.toml", '[tool.isoctl]\nselect = ["D"]\n[tool.isoctl.rulez.D004]\nx = 1\n',
     "pyproject.toml:3:1", "did you mean 'rules'?"),
])
def test_configuration_errors_name_the_line(cli, tree, monkeypatch, name, toml, where, needle):
    root = tree({name: toml})
    monkeypatch.chdir(root)
    r = cli("validate", str(PLANS))
    assert r.exit_code == 2, r
    assert where in r.stderr and needle in r.stderr, r


@pytest.mark.parametrize("text, vi, en", [
    ("format: 1\nyear: [2024\n", "thiếu dấu ',' hoặc ']'", "did not find expected ',' or ']'"),
    ("format: 1\ntitle: a: b\n", "không được có dấu ':' ở đây", "mapping values are not allowed"),
    ("format: 1\nyear: 2024\nagency:\n  name: A\n abbr: B\n", "thụt lề không khớp", "did not find expected key"),
])
def test_yaml_syntax_errors_in_vietnamese(cli, tree, text, vi, en):
    root = tree({"p.yaml": text})
    r = cli("--lang", "vi", "validate", "--format", "concise", str(root / "p.yaml"))
    assert r.exit_code == 1 and "lỗi cú pháp YAML: " + vi in r.stdout, r
    assert en not in r.stdout
    r = cli("--lang", "en", "validate", "--format", "concise", str(root / "p.yaml"))
    assert "YAML syntax error: " + en in r.stdout, r
