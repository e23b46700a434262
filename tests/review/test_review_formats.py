"""isoctl review on a real git history: one revision means the change that commit made (REV~1..REV,
as git show), and the github and sarif formats say exactly what the json says was introduced."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import PLANS

P2024 = (PLANS / "plan-2024.yaml").read_text(encoding="utf-8")
TINH = (PLANS / "examples" / "tinh-2023-phu-luc-1.yaml").read_text(encoding="utf-8")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, encoding="utf-8",
                          check=True).stdout.strip()


@pytest.fixture
def history(tmp_path, monkeypatch, git_identity):
    """root: the 2024 plan; a commit moving a task into 2025 (S001); a side branch adding a second
    plan, merged with --no-ff; a commit that touches only a non-plan YAML file."""
    root = tmp_path / "repo"
    (root / "plans" / "examples").mkdir(parents=True)
    (root / "docs").mkdir()
    git(root, "init", "-q", "-b", "main")
    plan = root / "plans" / "plan-2024.yaml"
    plan.write_text(P2024, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "root")
    assert "        when: 6/2024\n" in P2024
    plan.write_text(P2024.replace("        when: 6/2024\n", "        when: Tháng 7/2025\n", 1), encoding="utf-8")
    git(root, "commit", "-q", "-am", "a task into 2025")
    git(root, "checkout", "-q", "-b", "side")
    (root / "plans" / "examples" / "tinh.yaml").write_text(TINH, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "second plan")
    git(root, "checkout", "-q", "main")
    (root / "ci.yml").write_text("on: push\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "not a plan")
    git(root, "merge", "-q", "--no-ff", "-m", "merge side", "side")
    monkeypatch.chdir(root)
    return root


def review_json(cli, spec: str) -> tuple[int, dict]:
    r = cli("review", spec, "--format", "json")
    assert r.exit_code in (0, 1), r
    data = json.loads(r.stdout)
    for f in data["files"]:  # the diff names the commits, which is all that may differ
        f.pop("diff", None)
    data.pop("range")
    return r.exit_code, data


def test_one_revision_is_the_change_that_commit_made(cli, history):
    commits = git(history, "rev-list", "HEAD").split()
    assert len(commits) == 5
    for commit in commits:
        parent = subprocess.run(["git", "rev-parse", "--verify", "-q", f"{commit}^1"], cwd=history,
                                capture_output=True, text=True).stdout.strip()
        if not parent:  # the root commit: everything in it is new, as git show shows it
            code, data = review_json(cli, commit)
            [f] = data["files"]
            assert f["status"] == "A" and f["note"] == "new plan"
            continue
        assert review_json(cli, commit) == review_json(cli, f"{parent}..{commit}"), commit
        shown = set(git(history, "show", "--first-parent", "--name-only", "--format=", commit).split())
        reviewed = {f["path"] for f in review_json(cli, commit)[1]["files"]}
        assert reviewed == {p for p in shown if p.startswith("plans/")}, commit


def test_the_root_commit_introduces_every_finding_of_its_plans(cli, history):
    root_commit = git(history, "rev-list", "--max-parents=0", "HEAD")
    code, data = review_json(cli, root_commit)
    [f] = data["files"]
    (history / "at-root.yaml").write_text(git(history, "show", f"{root_commit}:plans/plan-2024.yaml") + "\n",
                                          encoding="utf-8")
    validated = json.loads(cli("validate", "--format", "json", "at-root.yaml").stdout)
    assert sorted((x["code"], x["line"]) for x in f["introduced"]) == sorted((x["code"], x["line"]) for x in validated)
    assert code == 1


def test_open_ended_ranges_mean_head(cli, history):
    assert review_json(cli, "HEAD~2..") == review_json(cli, "HEAD~2..HEAD")
    assert review_json(cli, "..HEAD") == review_json(cli, "HEAD..HEAD")
    assert review_json(cli, "HEAD")[1] == review_json(cli, "HEAD~1..HEAD")[1]


@pytest.mark.parametrize("where", [".", "docs", "plans/examples"])
def test_github_annotations_are_the_introduced_findings_at_their_lines(cli, history, monkeypatch, where):
    monkeypatch.chdir(history / where)
    spec = "HEAD~3..HEAD"
    data = json.loads(cli("review", spec, "--format", "json").stdout)
    introduced = [(f, x) for f in data["files"] for x in f["introduced"]]
    assert introduced and any(x["code"] == "S001" for _, x in introduced)
    r = cli("review", spec, "--format", "github")
    assert r.exit_code == cli("review", spec).exit_code == 1
    annotations = [line for line in r.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == len(introduced)
    level = {"error": "error", "warning": "warning", "info": "notice"}
    by_place = {}
    for line in annotations:
        head, _, message = line[2:].partition("::")
        kind, _, props = head.partition(" ")
        fields = dict(p.split("=", 1) for p in props.split(","))
        by_place.setdefault((fields["file"], int(fields["line"]), int(fields["col"]), message.split(" ")[0]), []).append(kind)
    for f, x in introduced:
        repo_path = f["path"]  # json paths are from the repository root
        assert x["file"] == repo_path and (history / repo_path).is_file()
        key = (repo_path, x["line"], x["col"], x["code"])
        assert level[x["severity"]] in by_place.get(key, []), (key, by_place)
        # the line is the line of the plan at HEAD
        head_line = git(history, "show", f"HEAD:{repo_path}").split("\n")[x["line"] - 1]
        if x["code"] == "S001":
            assert "7/2025" in head_line
    other = [line for line in r.stdout.splitlines() if not line.startswith("::")]
    assert len(other) == len(data["files"]) and all(line.startswith(f"isoctl review {spec}: ") for line in other)


@pytest.mark.parametrize("where", ["docs", "plans", "plans/examples"])
def test_json_paths_are_from_the_repository_root_wherever_review_runs(cli, history, monkeypatch, where):
    spec = "HEAD~3..HEAD"
    at_root = cli("review", spec, "--format", "json")
    monkeypatch.chdir(history / where)
    inside = cli("review", spec, "--format", "json")
    assert (inside.exit_code, inside.stdout) == (at_root.exit_code, at_root.stdout)
    files = json.loads(inside.stdout)["files"]
    assert sorted(f["path"] for f in files) == ["plans/examples/tinh.yaml", "plans/plan-2024.yaml"]
    for f in files:
        assert f["diff"] is None or f["diff"]["new"].startswith(f"{f['path']}@")
        assert all(x["file"] == f["path"] for x in f["introduced"])
    # text is for the person at the terminal: each path from where they stand, as git status shows it
    text = cli("review", spec).stdout
    for f in files:
        shown = os.path.relpath(history / f["path"], history / where).replace(os.sep, "/")
        assert f"=== {shown} (" in text, (shown, text[:500])
        assert all(f"  {shown}:{x['line']}:{x['col']}: {x['code']} " in text for x in f["introduced"])


def test_sarif_holds_the_introduced_findings_with_paths_from_the_repository_root(cli, history, monkeypatch):
    monkeypatch.chdir(history / "docs")
    spec = "HEAD~3..HEAD"
    data = json.loads(cli("review", spec, "--format", "json").stdout)
    introduced = [x for f in data["files"] for x in f["introduced"]]
    r = cli("review", spec, "--format", "sarif")
    assert r.exit_code == 1, r
    doc = json.loads(r.stdout)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == history.resolve().as_uri() + "/"
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    results = run["results"]
    assert len(results) == len(introduced)
    assert sorted((x["code"], x["line"], x["col"]) for x in introduced) == sorted(
        (res["ruleId"], res["locations"][0]["physicalLocation"]["region"]["startLine"],
         res["locations"][0]["physicalLocation"]["region"]["startColumn"]) for res in results)
    for res in results:
        assert res["baselineState"] == "new" and rules[res["ruleIndex"]] == res["ruleId"]
        location = res["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%" and (history / location["uri"]).is_file(), location


def test_nothing_introduced_is_clean_in_every_format(cli, history):
    spec = git(history, "log", "-1", "--format=%H", "--", "ci.yml")
    for fmt in ("text", "markdown", "json", "github", "sarif"):
        r = cli("review", spec, "--format", fmt)
        assert r.exit_code == 0, (fmt, r)
        if fmt == "github":
            assert "::" not in r.stdout
    assert json.loads(cli("review", spec, "--format", "sarif").stdout)["runs"][0]["results"] == []
    assert "no plan changed" in cli("review", spec, "--format", "github").stdout


def test_under_github_actions_the_default_is_still_text(cli, history, monkeypatch):
    """As validate and ruff: the format is asked for (the workflow says --format github), never guessed."""
    plain = cli("review", "HEAD~3..HEAD")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    under_actions = cli("review", "HEAD~3..HEAD")
    assert (under_actions.exit_code, under_actions.stdout) == (plain.exit_code, plain.stdout)
    assert "::" not in plain.stdout and "Findings introduced by this change" in plain.stdout
