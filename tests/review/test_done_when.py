"""Issue 12's "Done when", step by step as a new user does it: one scratch repository with the
sample plans, the installed `isoctl` and `git` run as commands (subprocesses, no in-process
shortcut), and git run from a shell whose PATH has no virtualenv.

1. delete the task 'dao-tao-danh-gia-vien-noi-bo' from plan-2024 and commit: `isoctl review
   HEAD~1..HEAD` reports only what the deletion causes (C005, a warning: exit 0; --strict: 1),
   and a baseline written before the deletion lets only C005 through;
2. the rollover pull request (`isoctl new --from`) reports nothing inherited;
3. after `isoctl git-setup`, `git diff` and `git log -p` work without the venv on PATH;
4. `git diff --no-textconv > p && git apply p` works (and, with the external driver installed,
   `git diff --no-textconv --no-ext-diff`)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PLANS

TASK = "dao-tao-danh-gia-vien-noi-bo"


@pytest.fixture
def shell(tmp_path, git_identity):
    """Run a command line in bash in the scratch repository; ``venv=False`` is a new terminal
    where the virtualenv was never activated (PATH=/usr/bin:/bin, no VIRTUAL_ENV)."""
    repo = tmp_path / "ke-hoach"
    repo.mkdir()
    isoctl = Path(sys.executable).parent
    if not (isoctl / "isoctl").is_file():
        pytest.skip(f"no isoctl program beside {sys.executable} (install with pip install -e .)")

    def run(command: str, *, venv: bool = True) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items()
               if k not in ("VIRTUAL_ENV", "PYTHONPATH", "GITHUB_ACTIONS", "ISOCTL_LANG", "GIT_EXTERNAL_DIFF")}
        env.update(LANG="C.UTF-8", NO_COLOR="1", COLUMNS="120",
                   PATH=f"{isoctl}:/usr/bin:/bin" if venv else "/usr/bin:/bin")
        return subprocess.run(["bash", "--noprofile", "--norc", "-c", command], cwd=repo, env=env,
                              capture_output=True, text=True, encoding="utf-8")

    run.repo = repo
    return run


def ok(proc: subprocess.CompletedProcess, code: int = 0) -> str:
    assert proc.returncode == code, (proc.args, proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr
    return proc.stdout


def delete_task(text: str, task_id: str) -> str:
    """Delete the task's lines as one does in an editor: from its `- id:` to the next item."""
    lines = text.splitlines(keepends=True)
    [start] = [i for i, line in enumerate(lines) if re.fullmatch(rf"(\s*)- id: {task_id}\n", line)]
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and not (lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) <= indent
                                    and not lines[end].lstrip().startswith("#")):
        end += 1
    while lines[end - 1].lstrip().startswith("#"):  # comments above the next task stay with it
        end -= 1
    return "".join(lines[:start] + lines[end:])


def test_the_scratch_repository_steps_of_issue_12(shell):
    repo = shell.repo
    ok(shell("git init -q -b main"))
    for sample in sorted(PLANS.rglob("*.yaml")):
        target = repo / "plans" / sample.relative_to(PLANS)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    ok(shell("git add . && git commit -q -m 'the sample plans'"))
    ok(shell("isoctl validate plans/plan-2024.yaml --write-baseline baseline.json"), 1)
    before = json.loads(ok(shell("isoctl validate plans/plan-2024.yaml --format json"), 1))
    assert {"D006", "S003"} <= {f["code"] for f in before}  # the findings the issue saw called "introduced"

    # 1. delete one task and commit
    plan = repo / "plans" / "plan-2024.yaml"
    text = plan.read_text(encoding="utf-8")
    edited = delete_task(text, TASK)
    assert TASK not in edited and edited.count("\n      - id: ") == text.count("\n      - id: ") - 1
    plan.write_text(edited, encoding="utf-8")
    ok(shell(f"git commit -q -am 'bỏ nhiệm vụ {TASK}'"))
    out = ok(shell("isoctl review HEAD~1..HEAD"))
    assert "=== plans/plan-2024.yaml (modified)" in out
    assert re.search(rf"^\s+- {TASK} \[", out, re.M)  # the semantic diff shows the removed task
    assert "1 removed" in out and "Findings introduced by this change: 1 " in out
    [line] = [x for x in out.splitlines() if re.match(r"\s*plans/\S+:\d+:\d+: [A-Z]\d{3} ", x)]
    assert " C005 [warning] " in line, line
    data = json.loads(ok(shell("isoctl review HEAD~1..HEAD --format json")))
    assert [x["code"] for f in data["files"] for x in f["introduced"]] == ["C005"]
    ok(shell("isoctl review HEAD~1..HEAD --strict"), 1)  # the one warning fails a strict review
    ok(shell("isoctl review HEAD --format github"))  # one revision: the change it made
    left = json.loads(ok(shell("isoctl validate plans/plan-2024.yaml --baseline baseline.json --format json")))
    assert [f["code"] for f in left] == ["C005"]

    # 2. the rollover pull request
    ok(shell("git checkout -q -b nam-2025"))
    ok(shell("isoctl new --from plans/plan-2024.yaml --year 2025"))
    ok(shell("git add plans && git commit -q -m 'kế hoạch năm 2025'"))
    out = ok(shell("isoctl review main..HEAD --strict"))
    assert "=== plans/plan-2025.yaml (new from plans/plan-2024.yaml)" in out
    assert "Findings introduced by this change: 0" in out
    data = json.loads(ok(shell("isoctl review main..HEAD --format json")))
    assert [f["path"] for f in data["files"]] == ["plans/plan-2025.yaml"] and data["files"][0]["introduced"] == []

    # 3. git-setup, then git from a terminal without the venv
    ok(shell("isoctl git-setup"))
    assert "isoctl" not in ok(shell("command -v isoctl || true", venv=False))
    for command in ("git diff HEAD~2 HEAD~1", "git log -p -2", "git show HEAD~1", "git blame --textconv plans/plan-2024.yaml"):
        proc = shell(command, venv=False)
        out = ok(proc)
        assert "not found" not in proc.stderr and "died" not in proc.stderr, (command, proc.stderr)
        if command != "git blame --textconv plans/plan-2024.yaml":
            assert re.search(rf"^-task {TASK}: ", out, re.M), (command, out[:3000])  # plans read line per item
    assert "+year: 2025" in ok(shell("git log -p -1", venv=False))

    # 4. a patch, with the default textconv setup and with the external driver
    new = repo / "plans" / "plan-2025.yaml"
    original = new.read_text(encoding="utf-8")
    changed = original.replace("        when: 6/2025\n", "        when: 5/2025\n", 1)
    assert changed != original
    for driver in (False, True):
        if driver:
            ok(shell("isoctl git-setup --driver"))
        new.write_text(changed, encoding="utf-8")
        shown = ok(shell("git diff", venv=False))
        if driver:  # the semantic diff
            assert "isoctl diff a/plans/plan-2025.yaml b/plans/plan-2025.yaml" in shown and "6/2025 → 5/2025" in shown
        else:  # git's diff of the textconv lines
            assert re.search(r"^-task kien-toan-bcd: .*\| when 6/2025 ", shown, re.M), shown
            assert re.search(r"^\+task kien-toan-bcd: .*\| when 5/2025 ", shown, re.M), shown
        diff = "git diff --no-textconv --no-ext-diff" if driver else "git diff --no-textconv"
        ok(shell(f"{diff} > p && git checkout -- plans && git apply p && rm p", venv=False))
        assert new.read_text(encoding="utf-8") == changed
        ok(shell("git checkout -- plans"))
