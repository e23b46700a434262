"""pre-commit itself runs the hooks this repository offers: `pre-commit try-repo` clones this
checkout (its files as they are now, committed into a scratch repository), builds the hook's
virtualenv and pip-installs isoctl into it, as a user's `repo:` entry makes it do; then runs
isoctl-validate and isoctl-fix on a scratch repository of plans. pre-commit comes from the test
extra. The test is skipped only when pre-commit cannot install the hook's environment for want
of the package index (a network error in its log); any other failure fails it."""

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
from isoctl.lint.rules.examples import BASE as CLEAN_PLAN

SAMPLES = sorted(PLANS.rglob("*.yaml"))
IDENTITY = {"GIT_AUTHOR_NAME": "Thư ký ISO", "GIT_AUTHOR_EMAIL": "iso@example.vn", "GIT_COMMITTER_NAME": "Thư ký ISO",
            "GIT_COMMITTER_EMAIL": "iso@example.vn", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
NETWORK = re.compile(r"Failed to establish a new connection|Temporary failure in name resolution|Name or service "
                     r"not known|Network is unreachable|Connection refused|Read timed out|ConnectTimeout|ProxyError|"
                     r"Max retries exceeded|No matching distribution found for setuptools")
FINDING = re.compile(r"^(\S+\.ya?ml):(\d+):(\d+): ([A-Z]\d{3}) \[", re.M)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, encoding="utf-8", check=True,
                          env={**os.environ, **IDENTITY}).stdout


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> str:
    """This checkout as the hosting site would serve it: every file git would commit now."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip(f"not a git checkout of isoctl: {listed.stderr.strip()}")
    dest = tmp_path_factory.mktemp("isoctl-repo")
    for rel in filter(None, listed.stdout.split("\0")):
        if (ROOT / rel).is_file() and not (ROOT / rel).is_symlink():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "isoctl as it is now")
    return str(dest)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    """One store for the module: the hook environment is built once and used by every test."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def plans_repo(tmp_path) -> Path:
    root = tmp_path / "plans-repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    for sample in SAMPLES:
        target = root / "plans" / sample.relative_to(PLANS)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "plans" / "ke-hoach-sach.yaml").write_text(CLEAN_PLAN, encoding="utf-8")
    (root / "plans" / "ci.yaml").write_text("on: push\njobs: {}\n", encoding="utf-8")  # YAML, not a plan
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "plans")
    return root


def try_repo(hook_repo: str, home: Path, repo: Path, hook: str, *files: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "ISOCTL_LANG", "NO_COLOR")}
    env.update(IDENTITY, PRE_COMMIT_HOME=str(home), LANG="C.UTF-8")
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", "--color", "never", hook_repo, hook,
                           "--verbose", "--files", *files], cwd=repo, env=env, capture_output=True, text=True,
                          encoding="utf-8")
    log = home / "pre-commit.log"
    if proc.returncode == 3 and log.is_file() and NETWORK.search(log.read_text(encoding="utf-8", errors="replace")):
        pytest.skip("pre-commit could not install the hook's environment: the package index is out of reach "
                    f"({NETWORK.search(log.read_text(encoding='utf-8', errors='replace')).group(0)})")
    assert proc.returncode in (0, 1), (proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:])
    return proc


def reported(output: str) -> list[tuple[str, int, int, str]]:
    return sorted((f, int(line), int(col), code) for f, line, col, code in FINDING.findall(output))


def test_try_repo_validate_fails_on_the_samples_errors_and_passes_a_clean_plan(hook_repo, pre_commit_home,
                                                                               plans_repo, cli, monkeypatch):
    samples = [f"plans/{p.relative_to(PLANS).as_posix()}" for p in SAMPLES]
    r = try_repo(hook_repo, pre_commit_home, plans_repo, "isoctl-validate", *samples, "plans/ci.yaml")
    assert r.returncode == 1, r.stdout
    assert re.search(r"^isoctl validate \(ISO 9001 plans\)\.+Failed$", r.stdout, re.M), r.stdout
    monkeypatch.chdir(plans_repo)
    findings = json.loads(cli("validate", "--format", "json", *samples).stdout)
    assert any(f["severity"] == "error" for f in findings)
    assert reported(r.stdout) == sorted((f["file"], f["line"], f["col"], f["code"]) for f in findings)
    assert f"{len(samples)} file(s) checked" in r.stdout  # ci.yaml, named, is skipped (--force-exclude)
    r = try_repo(hook_repo, pre_commit_home, plans_repo, "isoctl-validate", "plans/ke-hoach-sach.yaml", "plans/ci.yaml")
    assert r.returncode == 0, r.stdout
    assert re.search(r"^isoctl validate \(ISO 9001 plans\)\.+Passed$", r.stdout, re.M), r.stdout
    # a file outside the hook's `files` is not given to it at all
    r = try_repo(hook_repo, pre_commit_home, plans_repo, "isoctl-validate", "README.md")
    assert r.returncode == 0 and re.search(r"\(no files to check\)Skipped", r.stdout), r.stdout


def test_try_repo_fix_fixes_what_it_can_and_fails_on_the_rest(hook_repo, pre_commit_home, plans_repo, cli, tmp_path,
                                                               monkeypatch):
    plan = plans_repo / "plans" / "plan-2024.yaml"
    before = plan.read_text(encoding="utf-8")
    r = try_repo(hook_repo, pre_commit_home, plans_repo, "isoctl-fix", "plans/plan-2024.yaml")
    assert r.returncode == 1, r.stdout
    after = plan.read_text(encoding="utf-8")
    assert "cite: 26/2014/TT-BKHHCN\n" in before and "cite: 26/2014/TT-BKHCN\n" in after
    by_hand = tmp_path / "plans" / "plan-2024.yaml"  # what `isoctl validate --fix` writes, run here
    by_hand.parent.mkdir()
    by_hand.write_text(before, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli("validate", "--fix", "plans/plan-2024.yaml").exit_code == 1
    assert after == by_hand.read_text(encoding="utf-8")
    assert "D006" in r.stdout  # what no fix can do is still reported
    # a plan whose only findings are fixable: the first run fixes it and fails (files were modified),
    # the second passes, and the plan is the clean plan again
    sach = plans_repo / "plans" / "ke-hoach-sach.yaml"
    sach.write_text(CLEAN_PLAN.replace("26/2014/TT-BKHCN", "26/2014/TT-BKHHCN"), encoding="utf-8")
    r = try_repo(hook_repo, pre_commit_home, plans_repo, "isoctl-fix", "plans/ke-hoach-sach.yaml")
    assert r.returncode == 1 and "files were modified by this hook" in r.stdout, r.stdout
    assert sach.read_text(encoding="utf-8") == CLEAN_PLAN
    r = try_repo(hook_repo, pre_commit_home, plans_repo, "isoctl-fix", "plans/ke-hoach-sach.yaml")
    assert r.returncode == 0 and re.search(r"^isoctl fix \(ISO 9001 plans\)\.+Passed$", r.stdout, re.M), r.stdout
