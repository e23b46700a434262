"""The yearly rollover pull request, on a real git repository, for every sample plan: `isoctl new
--from` records where the plan came from, and `isoctl review` / `isoctl diff` compare with it, so
nothing inherited from last year is reported as introduced."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import PLANS

SAMPLES = sorted(PLANS.rglob("*.yaml"))


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, encoding="utf-8",
                          check=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    for key, value in {"GIT_AUTHOR_NAME": "Thư ký ISO", "GIT_AUTHOR_EMAIL": "iso@example.vn",
                       "GIT_COMMITTER_NAME": "Thư ký ISO", "GIT_COMMITTER_EMAIL": "iso@example.vn",
                       "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}.items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    (root / "plans").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    monkeypatch.chdir(root)
    return root


def _year(text: str) -> int:
    return int(re.search(r"^year:\s*(\d{4})", text, re.M).group(1))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_the_rollover_pull_request_reports_nothing_inherited(sample, repo, cli):
    text = sample.read_text(encoding="utf-8")
    year = _year(text)
    (repo / "plans" / f"ke-hoach-{year}.yaml").write_text(text, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "this year")
    git(repo, "checkout", "-q", "-b", "rollover")
    r = cli("new", "--from", f"plans/ke-hoach-{year}.yaml", "--year", str(year + 1))
    assert r.exit_code == 0, r
    new = repo / "plans" / f"ke-hoach-{year + 1}.yaml"
    assert f"\nprevious: ke-hoach-{year}.yaml\n" in new.read_text(encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "next year")
    r = cli("review", "main..HEAD", "--format", "json", "--strict")
    assert r.exit_code == 0, r

    [f] = json.loads(r.stdout)["files"]
    assert (f["status"], f["old_path"]) == ("C", f"plans/ke-hoach-{year}.yaml")
    assert f["introduced"] == [] and f["diff"]["differ"]
    assert f["diff"]["old_year"] == year and f["diff"]["new_year"] == year + 1
    r = cli("review", "main..HEAD")
    assert f"(new from plans/ke-hoach-{year}.yaml)" in r.stdout and "Findings introduced by this change: 0" in r.stdout
    r = cli("diff", f"plans/ke-hoach-{year + 1}.yaml")
    assert r.exit_code == 0 and r.stdout.startswith(f"plans/ke-hoach-{year}.yaml → plans/ke-hoach-{year + 1}.yaml")


def test_without_a_record_git_copy_detection_finds_the_source(repo, cli):
    text = (PLANS / "plan-2024.yaml").read_text(encoding="utf-8")
    (repo / "plans" / "plan-2024.yaml").write_text(text, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "2024")
    assert cli("new", "--from", "plans/plan-2024.yaml", "--year", "2025").exit_code == 0
    new = repo / "plans" / "plan-2025.yaml"
    new.write_text(new.read_text(encoding="utf-8").replace("previous: plan-2024.yaml\n", ""), encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "2025 by hand")
    r = cli("review", "HEAD~1..HEAD")
    assert r.exit_code == 0, r
    assert "(new from plans/plan-2024.yaml)" in r.stdout and "Findings introduced by this change: 0" in r.stdout


def test_the_record_is_a_path_from_the_new_plans_folder(repo, cli):
    (repo / "plans" / "plan-2024.yaml").write_text((PLANS / "plan-2024.yaml").read_text(encoding="utf-8"),
                                                   encoding="utf-8")
    (repo / "next").mkdir()
    assert cli("new", "--from", "plans/plan-2024.yaml", "--year", "2025", "-o", "next/p.yaml").exit_code == 0
    assert "\nprevious: ../plans/plan-2024.yaml\n" in (repo / "next" / "p.yaml").read_text(encoding="utf-8")
    r = cli("diff", "next/p.yaml", "--exit-code")
    assert r.exit_code == 1 and r.stdout.startswith("plans/plan-2024.yaml → next/p.yaml (2024 → 2025)"), r
    r = cli("diff", "plans/plan-2024.yaml")
    assert r.exit_code == 2 and "records no plan it was started from" in r.output
