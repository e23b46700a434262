"""Every value of the configuration is checked once, when it is loaded, with its file and line."""

from __future__ import annotations

import pytest

from conftest import PLANS

CASES = {
    "select": ('select = ["Q999"]\n', "select: 'Q999' is not a rule code or prefix", 1),
    "ignore": ('\nignore = ["V0099"]\n', "ignore: 'V0099' is not a rule code or prefix", 2),
    "per-file-ignores": ('per-file-ignores = { "x/*.yaml" = ["nope"] }\n', "per-file-ignores 'x/*.yaml': 'nope'", 1),
    "severity-level": ('severity = { V = "loud" }\n', "severity 'loud' must be error, warning, info or off", 1),
    "severity-code": ('severity = { Q = "error" }\n', "severity: 'Q' is not a rule code or prefix", 1),
    "lang": ('lang = "fr"\n', "lang must be 'en' or 'vi'", 1),
    "output-format": ('\n\noutput-format = "xml"\n', "output-format 'xml' must be one of full, concise, json", 3),
    "rule": ('\n[rules.Q001]\nx = 1\n', "[rules.Q001]: no such rule", 2),
    "rule-dotted": ('rules.Q001 = { x = 1 }\n', "[rules.Q001]: no such rule", 1),
    "rule-not-table": ('[rules]\nS003 = 4\n', "each [rules.X] must be a table of options", 1),
    "rule-option": ('[rules.S003]\n# the busiest unit\nmax-task = 3\n', "[rules.S003]: unknown option 'max-task'", 3),
    "rule-option-type": ('[rules.S003]\nmax-tasks = "3"\n', "'max-tasks' must be int like its default 4", 2),
    "rule-option-value": ('[rules.S003]\nmax-tasks = 0\n', "max-tasks must be a whole number of at least 1", 2),
    "rule-option-date": ('[rules.V005]\nsince = "1/7/2025"\n', "since: '1/7/2025' is not a date YYYY-MM-DD", 2),
    "diff-key": ('[diff]\nthreshhold = 0.5\n', "unknown key 'threshhold' in [tool.isoctl.diff]", 1),
    "diff-value": ('[diff]\nthreshold = 2\n', "[tool.isoctl.diff] threshold must be a number between 0 and 1", 1),
}

COMMANDS = {
    "validate": ["validate", str(PLANS / "plan-2024.yaml")],
    "diff": ["diff", str(PLANS / "plan-2023.yaml"), str(PLANS / "plan-2024.yaml")],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_value_is_refused_with_its_place(cli, tmp_path, monkeypatch, case, command):
    text, message, line = CASES[case]
    (tmp_path / "isoctl.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli(*COMMANDS[command])
    assert result.exit_code == 2, result
    assert message in result.stderr, result
    where = f"isoctl.toml:{line}:" if line else "isoctl.toml"
    assert where in result.stderr, result
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.parametrize("case", ["rule", "rule-option", "rule-option-type"])
def test_a_bad_rule_table_in_pyproject_is_placed_too(cli, tmp_path, monkeypatch, case):
    text, message, line = CASES[case]
    body = text.replace("[rules.", "[tool.isoctl.rules.")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n' + body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli(*COMMANDS["validate"])
    assert result.exit_code == 2, result
    assert message in result.stderr and f"pyproject.toml:{line + 3}:" in result.stderr, result


def test_the_quick_path_refuses_the_same(tmp_path):
    import subprocess
    import sys

    (tmp_path / "isoctl.toml").write_text('[rules.S003]\nmax-tasks = 0\n', encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "isoctl", "validate", str(PLANS / "plan-2024.yaml")], cwd=tmp_path,
                         capture_output=True, text=True)
    assert out.returncode == 2 and "max-tasks must be a whole number" in out.stderr, out
