"""Finding identity across edits, on every sample plan and every task: deleting a task or moving
it to another phase never reports a finding that was there before as introduced — by `isoctl
review` on a real git repository, and by baselines."""

from __future__ import annotations

import os
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from conftest import PLANS, plan_repo
from isoctl.lint.baseline import load as load_baseline
from isoctl.lint.baseline import write as write_baseline
from isoctl.lint.config import Config
from isoctl.lint.engine import lint_file
from isoctl.plan.roundtrip import RoundTrip
from isoctl.review.review import review_range

SAMPLES = sorted(PLANS.rglob("*.yaml"))


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, encoding="utf-8",
                          check=True).stdout


@pytest.fixture
def git_env(monkeypatch):
    for key, value in {"GIT_AUTHOR_NAME": "Thư ký ISO", "GIT_AUTHOR_EMAIL": "iso@example.vn",
                       "GIT_COMMITTER_NAME": "Thư ký ISO", "GIT_COMMITTER_EMAIL": "iso@example.vn",
                       "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}.items():
        monkeypatch.setenv(key, value)


def _tasks(text: str) -> list[tuple[int, int, str]]:
    data = RoundTrip(text).data
    return [(pi, ti, t["id"]) for pi, ph in enumerate(data["phases"]) for ti, t in enumerate(ph.get("tasks") or [])]


def _delete(text: str, pi: int, ti: int) -> str:
    rt = RoundTrip(text)
    del rt.data["phases"][pi]["tasks"][ti]
    return rt.dump()


def _move(text: str, pi: int, ti: int) -> str:
    """The task moved to the next phase (the previous one for the last; a new phase when there is one)."""
    rt = RoundTrip(text)
    phases = rt.data["phases"]
    task = phases[pi]["tasks"].pop(ti)
    if len(phases) == 1:
        from ruamel.yaml.comments import CommentedMap

        phases.append(CommentedMap([("id", "giai-doan-moi"), ("title", "Giai đoạn mới"), ("tasks", [])]))
    target = phases[pi + 1] if pi + 1 < len(phases) else phases[pi - 1]
    target.setdefault("tasks", []).insert(0, task)
    return rt.dump()


def _kind(f, task_ids: list[str]) -> tuple[str, str]:
    """A finding's rule and message without numbers, task ids and lists: what it says, not how
    many (an oracle that knows nothing of identities)."""
    message = f.message
    for task_id in sorted(task_ids, key=len, reverse=True):
        message = message.replace(task_id, "")
    return f.code, re.sub(r"[\d\s,.:;()/]+", " ", message).strip()


def _allowed_new(base: list, head: list, gone: list, task_ids: list[str]) -> Counter:
    """How many findings of each kind the edit can have introduced: what head has beyond what base
    keeps (base's findings minus those inside the deleted task)."""
    b = Counter(_kind(f, task_ids) for f in base) - Counter(_kind(f, task_ids) for f in gone)
    h = Counter(_kind(f, task_ids) for f in head)
    return Counter({k: max(0, n - b[k]) for k, n in h.items()})


def _inside(findings: list, pi: int, ti: int) -> list:
    return [f for f in findings if tuple(f.path[:4]) == ("phases", pi, "tasks", ti)]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_deleting_or_moving_any_task_introduces_nothing_that_was_there(sample, tmp_path, git_env):
    text = sample.read_text(encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    plan = repo / "plans" / sample.name
    plan.write_text(text, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    base_commit = git(repo, "rev-parse", "HEAD").strip()
    config = Config()
    base = lint_file(str(plan), config).findings
    assert base or sample.name == "skhcn-2021.yaml"
    baseline = tmp_path / "baseline.json"
    write_baseline(baseline, base)
    tasks = _tasks(text)
    ids = [t[2] for t in tasks]
    assert tasks
    checked = 0
    for pi, ti, task_id in tasks:
        for how, edited, gone in (("delete", _delete(text, pi, ti), _inside(base, pi, ti)),
                                  ("move", _move(text, pi, ti), [])):
            plan.write_text(edited, encoding="utf-8")
            head = lint_file(str(plan), config).findings
            allowed = _allowed_new(base, head, gone, ids)
            git(repo, "commit", "-q", "-am", f"{how} {task_id}")
            [review] = review_range(f"{base_commit}..HEAD", config, threshold=0.6, cwd=str(repo))
            got = Counter(_kind(f, ids) for f in review.introduced)
            assert got <= allowed, (how, task_id, [(f.code, f.message) for f in review.introduced])
            left, _ = load_baseline(baseline).filter(head)
            assert Counter(_kind(f, ids) for f in left) <= allowed, (how, task_id, [(f.code, f.message) for f in left])
            checked += 1
    assert checked == 2 * len(tasks)


def test_deleting_the_auditor_training_introduces_only_c005(tmp_path, git_env):
    """The issue's own steps: on plan-2024, delete 'dao-tao-danh-gia-vien-noi-bo' and commit."""
    text = (PLANS / "plan-2024.yaml").read_text(encoding="utf-8")
    repo = plan_repo(tmp_path / "repo", {"plans/plan-2024.yaml": text})
    [(pi, ti, _)] = [t for t in _tasks(text) if t[2] == "dao-tao-danh-gia-vien-noi-bo"]
    (repo / "plans" / "plan-2024.yaml").write_text(_delete(text, pi, ti), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "delete the training")
    [review] = review_range("HEAD~1..HEAD", Config(), threshold=0.6, cwd=str(repo))
    assert [f.code for f in review.introduced] == ["C005"]
    assert review.resolved == 1  # the deleted task's own L008 ("theo tiêu chuẩn ISO 9001:2015", no TCVN)
