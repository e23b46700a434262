"""`isoctl validate`: discovery, output formats, exit codes, languages, configuration errors."""

from __future__ import annotations

import json

from conftest import ROOT

GOOD = (ROOT / "tests/examples/valid/minimal.yaml").read_text(encoding="utf-8")
BAD_UNIT = (ROOT / "tests/examples/invalid/unknown-unit.yaml").read_text(encoding="utf-8")


def test_version(cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("isoctl ")


def test_help_lists_every_command(cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    assert "validate" in result.stdout and "schema" in result.stdout


def test_clean_file_exits_0(cli, tree) -> None:
    root = tree({"p.yaml": GOOD})
    result = cli("validate", "--select", "E", str(root / "p.yaml"))
    assert result.exit_code == 0, result
    assert "no problems" in result.stdout


def test_findings_exit_1_with_file_line_col_caret_and_hint(cli, tree) -> None:
    root = tree({"p.yaml": BAD_UNIT})
    result = cli("validate", "--select", "E", str(root / "p.yaml"))
    assert result.exit_code == 1, result
    assert f"{root / 'p.yaml'}:24:16: E200" in result.stdout
    assert "        lead: [XYZ]" in result.stdout
    assert "|                ^^^" in result.stdout
    assert "hint:" in result.stdout


def test_concise_and_quiet(cli, tree) -> None:
    root = tree({"p.yaml": BAD_UNIT})
    result = cli("validate", "--format", "concise", "--select", "E", str(root / "p.yaml"))
    assert result.stdout.splitlines()[0] == f"{root / 'p.yaml'}:24:16: E200 [error] unit 'XYZ' is not declared in units"
    quiet = cli("validate", "-q", "--format", "concise", "--select", "E", str(root / "p.yaml"))
    assert quiet.exit_code == 1
    assert quiet.stdout == result.stdout.split("1 file(s) checked")[0]  # the findings, no summary
    assert quiet.stderr == ""


def test_json_and_sarif_are_machine_readable(cli, tree) -> None:
    root = tree({"p.yaml": BAD_UNIT})
    data = json.loads(cli("validate", "--format", "json", "--select", "E", str(root / "p.yaml")).stdout)
    assert data[0]["code"] == "E200" and data[0]["line"] == 24 and data[0]["col"] == 16
    assert data[0]["path"] == "phases[0].tasks[0].lead[0]"
    sarif = json.loads(cli("validate", "--format", "sarif", "--select", "E", str(root / "p.yaml")).stdout)
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "E200"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 24


def test_the_format_is_asked_for_never_guessed_from_github_actions(cli, tree, monkeypatch) -> None:
    """As ruff (astral-sh/ruff#1697): GITHUB_ACTIONS=true changes nothing; --format github or the
    configuration's output-format gives the annotations."""
    root = tree({"p.yaml": BAD_UNIT})
    plain = cli("validate", "--select", "E", str(root / "p.yaml"))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("CI", "true")
    under_actions = cli("validate", "--select", "E", str(root / "p.yaml"))
    assert (under_actions.exit_code, under_actions.stdout) == (plain.exit_code, plain.stdout) == (1, plain.stdout)
    assert "::error" not in plain.stdout and "E200" in plain.stdout
    result = cli("validate", "--select", "E", "--format", "github", str(root / "p.yaml"))
    assert result.stdout.startswith(f"::error file={root / 'p.yaml'},line=24,col=16,title=isoctl E200::E200 ")
    (root / "isoctl.toml").write_text('output-format = "github"\n', encoding="utf-8")
    monkeypatch.chdir(root)
    assert cli("validate", "--select", "E", "p.yaml").stdout.startswith("::error file=p.yaml,line=24,col=16,")


def test_folder_finds_plans_and_skips_other_yaml(cli, tree) -> None:
    root = tree({"plans/a.yaml": GOOD, "plans/sub/b.yml": GOOD, "plans/ci.yaml": "jobs: {}\n",
                 "plans/.hidden/c.yaml": BAD_UNIT})
    result = cli("validate", "--select", "E", str(root / "plans"))
    assert result.exit_code == 0, result
    assert "2 file(s) checked" in result.stdout


def test_default_folder_is_plans(cli, tree, monkeypatch) -> None:
    root = tree({"plans/a.yaml": BAD_UNIT})
    monkeypatch.chdir(root)
    result = cli("validate", "--select", "E")
    assert result.exit_code == 1
    assert "plans/a.yaml:24:16: E200" in result.stdout


def test_missing_path_is_a_finding(cli, in_tmp) -> None:
    result = cli("validate", "nope.yaml")
    assert result.exit_code == 1
    assert result.stdout.startswith("nope.yaml:1:1: E002 [error] cannot read: no such file or folder\n")
    assert "Traceback" not in result.output


def test_unknown_option_is_a_usage_error(cli) -> None:
    assert cli("validate", "--frobnicate").exit_code == 2


def test_vietnamese_messages(cli, tree) -> None:
    root = tree({"p.yaml": BAD_UNIT})
    result = cli("--lang", "vi", "validate", "--select", "E", str(root / "p.yaml"))
    assert "đơn vị 'XYZ' chưa được khai báo trong units" in result.stdout
    assert "gợi ý:" in result.stdout


def test_lang_from_environment(cli, tree, monkeypatch) -> None:
    root = tree({"p.yaml": BAD_UNIT})
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    result = cli("validate", "--format", "concise", "--select", "E", str(root / "p.yaml"))
    assert "[lỗi]" in result.stdout


def test_bad_configuration_is_exit_2(cli, tree, monkeypatch) -> None:
    root = tree({"isoctl.toml": "selct = ['C']\n", "plans/a.yaml": GOOD})
    monkeypatch.chdir(root)
    result = cli("validate")
    assert result.exit_code == 2
    assert "unknown configuration key 'selct'" in result.stderr
    assert "did you mean 'select'?" in result.stderr


def test_a_very_long_source_line_is_shown_as_a_window_around_the_column(cli, tree) -> None:
    long_title = "Tổ chức " + "rất " * 200 + "  đánh giá nội bộ"
    root = tree({"p.yaml": GOOD.replace("title: Tổ chức đánh giá nội bộ", f"title: {long_title}")})
    result = cli("validate", "--select", "V003", str(root / "p.yaml"))
    shown = [line for line in result.stdout.splitlines() if line.startswith("26 |")]
    assert shown and len(shown[0]) < 180 and "…" in shown[0], result
    caret = next(line for line in result.stdout.splitlines() if line.strip().startswith("|") and "^" in line)
    at = caret.index("^")
    assert shown[0][at - 1:at + 3] == "t   ", result
