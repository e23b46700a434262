"""The command line's manners, as a user meets them: the real program in a subprocess (the quick
start for validate, typer for the rest), its exit codes, and the bytes it writes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PLANS, ROOT

FORMATS = ("full", "concise", "json", "github", "sarif")
ANSI = re.compile(r"\x1b\[")


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
        stdout: object = subprocess.PIPE, quick: bool = True) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "ISOCTL_LANG", "LC_ALL", "ISOCTL_NO_QUICK")}
    environ.update({"LANG": "C.UTF-8", "PYTHONPATH": str(ROOT), **(env or {})})
    if not quick:
        environ["ISOCTL_NO_QUICK"] = "1"
    return subprocess.run([sys.executable, "-m", "isoctl", *args], cwd=cwd or ROOT, env=environ, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, encoding="utf-8")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(PLANS, tmp_path / "plans")
    return tmp_path


def test_quiet_never_silences_the_requested_report(work: Path) -> None:
    expected = json.loads(run("validate", "--format", "json", "plans", cwd=work).stdout)
    assert expected
    with open(work / "out.sarif", "w", encoding="utf-8") as fh:
        r = run("validate", "-q", "--format", "sarif", "plans", cwd=work, stdout=fh)
    assert r.returncode == 1 and r.stderr == ""
    sarif = json.loads((work / "out.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == len(expected)
    for fmt in FORMATS:
        loud, quiet = run("validate", "--format", fmt, "plans", cwd=work), run("validate", "-q", "--format", fmt,
                                                                             "plans", cwd=work)
        assert quiet.returncode == loud.returncode == 1
        assert quiet.stdout == (loud.stdout if fmt in ("json", "sarif", "github") else
                                loud.stdout.rsplit("4 file(s) checked", 1)[0]), fmt
        assert quiet.stderr == "", fmt


@pytest.mark.parametrize("quick", [True, False], ids=["quick", "typer"])
def test_output_file_holds_the_report_and_is_not_overwritten_without_force(work: Path, quick: bool) -> None:
    expected = run("validate", "--format", "json", "plans", cwd=work, quick=quick)
    r = run("validate", "--format", "json", "--output-file", "report.json", "plans", cwd=work, quick=quick)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == expected.stderr and "finding(s)" in r.stderr
    count = len(json.loads(expected.stdout))
    assert (work / "report.json").read_text(encoding="utf-8") == expected.stdout
    again = run("validate", "-o", "report.json", "plans", cwd=work, quick=quick)
    assert again.returncode == 2 and "--force" in again.stderr
    forced = run("validate", "-o", "report.json", "--force", "--format", "concise", "plans", cwd=work, quick=quick)
    assert forced.returncode == 1
    assert len((work / "report.json").read_text(encoding="utf-8").splitlines()) == count


def test_exit_zero_only_hides_findings(work: Path) -> None:
    assert run("validate", "--exit-zero", "plans", cwd=work).returncode == 0
    assert run("validate", "--exit-zero", "--select", "ZZZ", "plans", cwd=work).returncode == 2


def test_statistics_count_every_code(work: Path) -> None:
    findings = json.loads(run("validate", "--format", "json", "plans", cwd=work).stdout)
    counts: dict[str, int] = {}
    for f in findings:
        counts[f["code"]] = counts.get(f["code"], 0) + 1
    text = run("validate", "--statistics", "plans", cwd=work)
    assert text.returncode == 1
    rows = {line.split()[1]: int(line.split()[0]) for line in text.stdout.splitlines()}
    assert rows == counts
    as_json = json.loads(run("validate", "--statistics", "--format", "json", "plans", cwd=work).stdout)
    assert {r["code"]: r["count"] for r in as_json} == counts
    assert all(r["fixable"] == sum(1 for f in findings if f["code"] == r["code"] and f["fixable"]) for r in as_json)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_statistics_columns_line_up(work: Path, lang: str) -> None:
    """The fixable mark '[*]' in one column after the severities, whatever their length."""
    lines = run("--lang", lang, "validate", "--statistics", "plans", cwd=work).stdout.splitlines()
    severities = {line.split()[3] for line in lines}
    assert len(severities) > 1, "the sample plans have errors and warnings"
    marks = {line.index("[*]") for line in lines if line.endswith("[*]")}
    assert len(marks) == 1, lines
    assert all(not line.endswith(" ") for line in lines)


@pytest.mark.parametrize("quick", [True, False], ids=["quick", "typer"])
def test_color_option_wins_over_the_environment(work: Path, quick: bool) -> None:
    plan = "plans/plan-2024.yaml"
    assert ANSI.search(run("validate", plan, "--color", "always", cwd=work, env={"NO_COLOR": "1"}, quick=quick).stdout)
    assert not ANSI.search(run("validate", plan, "--color=never", cwd=work, env={"FORCE_COLOR": "1"}, quick=quick).stdout)
    assert ANSI.search(run("validate", plan, cwd=work, env={"FORCE_COLOR": "1"}, quick=quick).stdout)
    assert not ANSI.search(run("validate", plan, cwd=work, quick=quick).stdout)  # a pipe is not a terminal
    assert ANSI.search(run("--color", "always", "timeline", plan, "--as-of", "2024-06-01", cwd=work).stdout)
    assert ANSI.search(run("timeline", plan, "--color", "always", "--as-of", "2024-06-01", cwd=work).stdout)


def test_lang_and_config_are_accepted_after_the_command(work: Path) -> None:
    (work / "strict.toml").write_text('ignore = ["V"]\n', encoding="utf-8")
    for quick in (True, False):
        before = run("--lang", "vi", "--config", "strict.toml", "validate", "plans", cwd=work, quick=quick)
        after = run("validate", "plans", "--lang", "vi", "--config", "strict.toml", cwd=work, quick=quick)
        assert after.returncode == before.returncode == 1
        assert after.stdout == before.stdout and "gợi ý" in after.stdout and " V00" not in after.stdout
    status = run("status", "plans/plan-2024.yaml", "--lang=vi", "--as-of", "2024-06-01", cwd=work)
    assert status.returncode == 0 and status.stdout == run("--lang", "vi", "status", "plans/plan-2024.yaml",
                                                          "--as-of", "2024-06-01", cwd=work).stdout


def test_show_settings_names_where_each_value_comes_from(work: Path) -> None:
    (work / "isoctl.toml").write_text('lang = "vi"\nignore = ["V003"]\n\n[rules.S003]\nmax-tasks = 6\n',
                                      encoding="utf-8")
    r = run("validate", "--show-settings", "--select", "C,D", cwd=work)
    assert r.returncode == 0, r.stderr
    lines = {line.split(" = ", 1)[0]: line for line in r.stdout.splitlines()}
    assert lines["configuration"].startswith('configuration = "isoctl.toml"')
    assert lines["lang"].endswith("# isoctl.toml:1")
    assert lines["ignore"].startswith('ignore = ["V003"]') and lines["ignore"].endswith("# isoctl.toml:2")
    assert lines["select"].startswith('select = ["C", "D"]') and "--select" in lines["select"]
    assert lines["rules.S003.max-tasks"].startswith("rules.S003.max-tasks = 6") and "isoctl.toml:4" in lines[
        "rules.S003.max-tasks"]
    assert "# mặc định" in lines["output-format"]
    english = run("validate", "--show-settings", "--lang", "en", cwd=work)
    assert "lang = \"en\"" in english.stdout and "# --lang" in english.stdout
    env = run("validate", "--show-settings", cwd=work, env={"ISOCTL_LANG": "en", "GITHUB_ACTIONS": "true"})
    assert "# ISOCTL_LANG" in env.stdout, env.stdout
    assert re.search(r'^output-format = "full" +# default', env.stdout, re.M), env.stdout  # never guessed from GITHUB_ACTIONS
    as_json = json.loads(run("validate", "--show-settings", "--format", "json", cwd=work).stdout)
    assert {row["key"] for row in as_json} >= {"lang", "select", "ignore", "paths", "jobs", "color"}


def test_completion_can_be_installed() -> None:
    # the shell is named, not detected from the process tree (which a detached CI job may not show)
    script = run("--show-completion", "bash", quick=False, env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert script.returncode == 0 and "_ISOCTL_COMPLETE" in script.stdout
    done = run(env={"_ISOCTL_COMPLETE": "complete_bash", "COMP_WORDS": "isoctl vali", "COMP_CWORD": "1"})
    assert done.stdout.split() == ["validate"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("quick", [True, False], ids=["quick", "typer"])
def test_a_missing_file_is_a_finding_in_every_format(work: Path, fmt: str, quick: bool) -> None:
    r = run("validate", "--format", fmt, "plans/plan-2024.yaml", "gone.yaml", cwd=work, quick=quick)
    assert r.returncode == 1
    assert "E002" in r.stdout and "gone.yaml" in r.stdout
    if fmt == "json":
        assert any(f["code"] == "E002" and f["file"] == "gone.yaml" for f in json.loads(r.stdout))
    if fmt == "sarif":
        results = json.loads(r.stdout)["runs"][0]["results"]
        assert any(x["ruleId"] == "E002" for x in results)


def test_a_folder_without_plans(work: Path) -> None:
    (work / "empty").mkdir()
    (work / "empty" / "ci.yaml").write_text("jobs: {}\n", encoding="utf-8")
    explicit = run("validate", "empty", cwd=work)
    assert explicit.returncode == 2 and "no plan file in empty" in explicit.stderr and explicit.stdout == ""
    mixed = run("validate", "plans", "empty", "--exit-zero", cwd=work)
    assert mixed.returncode == 0 and "warning: no plan in empty" in mixed.stderr
    (work / "plans2").mkdir()
    (work / "isoctl.toml").write_text('plans = "plans2"\n', encoding="utf-8")
    implicit = run("validate", cwd=work)
    assert implicit.returncode == 0 and "warning: no plan in plans2" in implicit.stderr
    assert "0 file(s) checked" in implicit.stdout
    (work / "isoctl.toml").write_text('plans = "nowhere"\n', encoding="utf-8")
    missing = run("validate", cwd=work)
    assert missing.returncode == 2 and "no plans folder 'nowhere'" in missing.stderr
