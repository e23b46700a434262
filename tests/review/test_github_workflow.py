"""The GitHub Actions workflow the README documents (docs/github-workflow.yml), run as Actions runs
it: the file is parsed, each job's `if:` decided, `actions/checkout` done as it does it (the pull
request's merge ref, fetch-depth), and every `run:` step given to `bash --noprofile --norc -eo
pipefail` in the checked-out workspace with the variables Actions sets (GITHUB_EVENT_NAME,
GITHUB_EVENT_PATH, GITHUB_SHA, GITHUB_REF, GITHUB_BASE_REF, GITHUB_STEP_SUMMARY …) and the step's
`env:`, its `${{ … }}` expressions filled in from the same event. Only the install step is not
run (it installs isoctl from the hosting site): the isoctl of this checkout is on PATH instead.

The repositories are real: an "origin" with the sample plans and a pull request branch, merged
into refs/pull/1/merge as GitHub does, fetched over file:// into a fresh workspace."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import PLANS, ROOT, plan_repo
from isoctl.lint.rules.examples import BASE as CLEAN_PLAN

WORKFLOW_FILE = ROOT / "docs" / "github-workflow.yml"
P2024 = (PLANS / "plan-2024.yaml").read_text(encoding="utf-8")
ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=isoctl (\w+)::(\w+) ")


def load_workflow() -> dict:
    # YAML 1.2 as GitHub reads it (PyYAML's 1.1 would read the key `on` as True)
    return YAML(typ="safe", pure=True).load(WORKFLOW_FILE.read_text(encoding="utf-8"))


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, encoding="utf-8",
                          check=True).stdout.strip()


# --- what GitHub does -------------------------------------------------------------------------

def lookup(context: dict, dotted: str):
    value = context
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def evaluate(expression: str, context: dict):
    """The expressions the workflow uses: a context path, or a path compared with a string."""
    expression = expression.strip()
    if m := re.fullmatch(r"\$\{\{\s*(.*?)\s*\}\}", expression):
        expression = m.group(1)
    if m := re.fullmatch(r"([\w.]+)\s*==\s*'([^']*)'", expression):
        return lookup(context, m.group(1)) == m.group(2)
    if re.fullmatch(r"[\w.]+", expression):
        return lookup(context, expression)
    pytest.fail(f"the workflow uses an expression this test does not evaluate: {expression!r}")


def fill(text: str, context: dict) -> str:
    def one(m: re.Match) -> str:
        value = evaluate(m.group(1), context)
        return "" if value is None else str(value)

    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", one, text)


@dataclass
class Event:
    name: str  # push or pull_request
    ref: str  # what checkout fetches: refs/heads/main or refs/pull/1/merge
    sha: str
    payload: dict
    base_ref: str = ""
    head_ref: str = ""

    def context(self, workspace: Path) -> dict:
        return {"github": {"event_name": self.name, "event": self.payload, "ref": self.ref, "sha": self.sha,
                           "base_ref": self.base_ref, "head_ref": self.head_ref, "workspace": str(workspace),
                           "repository": "so-vhtt/ke-hoach-iso"}}


def checkout(origin: Path, workspace: Path, event: Event, depth: int) -> None:
    """actions/checkout: the event's ref into a new repository, detached at GITHUB_SHA;
    fetch-depth 0 fetches every branch and tag first, N > 0 only N commits of the ref."""
    workspace.mkdir()
    git(workspace, "init", "-q")
    git(workspace, "remote", "add", "origin", origin.resolve().as_uri())
    remote_ref = "refs/remotes/pull/1/merge" if event.ref.startswith("refs/pull/") else "refs/remotes/origin/main"
    if depth == 0:
        git(workspace, "fetch", "-q", "--prune", "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*")
        git(workspace, "fetch", "-q", "origin", f"+{event.ref}:{remote_ref}")
    else:
        git(workspace, "fetch", "-q", "--no-tags", f"--depth={depth}", "origin", f"+{event.ref}:{remote_ref}")
    git(workspace, "checkout", "-q", "--detach", event.sha)


@dataclass
class Step:
    name: str
    code: int
    stdout: str
    stderr: str


def isoctl_bin(tmp: Path) -> str:
    """A folder with this checkout's isoctl (what the install step would have put on PATH)."""
    here = Path(sys.executable).parent
    if (here / "isoctl").is_file():
        return str(here)
    folder = tmp / "bin"
    folder.mkdir(exist_ok=True)
    (folder / "isoctl").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m isoctl "$@"\n', encoding="utf-8")
    (folder / "isoctl").chmod(0o755)
    return str(folder)


def run_job(workflow: dict, job_name: str, origin: Path, event: Event, tmp: Path) -> list[Step] | None:
    """Run one job; None when its `if:` skips it. Steps after a failing step are not run."""
    job = workflow["jobs"][job_name]
    run_dir = tmp / f"{job_name}-{event.name}"
    workspace = run_dir / "workspace"
    run_dir.mkdir()
    context = event.context(workspace)
    if "if" in job and not evaluate(job["if"], context):
        return None
    assert workflow["defaults"]["run"]["shell"] == "bash"
    event_path = run_dir / "event.json"
    event_path.write_text(json.dumps(event.payload), encoding="utf-8")
    summary = run_dir / "step_summary.md"
    env = {"HOME": str(run_dir), "LANG": "C.UTF-8", "PATH": f"{isoctl_bin(tmp)}:/usr/bin:/bin",
           "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": event.name,
           "GITHUB_EVENT_PATH": str(event_path), "GITHUB_WORKSPACE": str(workspace), "GITHUB_SHA": event.sha,
           "GITHUB_REF": event.ref, "GITHUB_BASE_REF": event.base_ref, "GITHUB_HEAD_REF": event.head_ref,
           "GITHUB_REPOSITORY": "so-vhtt/ke-hoach-iso", "GITHUB_JOB": job_name,
           "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(run_dir / "output"),
           "GITHUB_ENV": str(run_dir / "env"), "RUNNER_TEMP": str(run_dir), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull}
    steps: list[Step] = []
    for step in job["steps"]:
        if "uses" in step:
            action = step["uses"].split("@")[0]
            if action == "actions/checkout":
                checkout(origin, workspace, event, int(step.get("with", {}).get("fetch-depth", 1)))
            else:
                assert action == "actions/setup-python", action
                assert tuple(map(int, str(step["with"]["python-version"]).split("."))) >= (3, 11)
            continue
        if step.get("name") == "Install isoctl":
            [spec] = re.findall(r'"isoctl @ git\+https://github\.com/[^/]+/isoctl@([0-9a-f]{40})"', step["run"])
            assert_commit_exists(spec)
            continue
        script = run_dir / f"step-{len(steps)}.sh"
        script.write_text(fill(step["run"], context), encoding="utf-8")
        step_env = {**env, **{k: fill(str(v), context) for k, v in step.get("env", {}).items()}}
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workspace,
                              env=step_env, capture_output=True, text=True, encoding="utf-8")
        steps.append(Step(step["name"], proc.returncode, proc.stdout, proc.stderr))
        if proc.returncode != 0:
            break
    return steps


def assert_commit_exists(rev: str) -> None:
    if git(ROOT, "rev-parse", "--is-shallow-repository") == "true":
        pytest.skip("a shallow clone of isoctl may not hold the commit the documentation pins")
    assert subprocess.run(["git", "cat-file", "-e", f"{rev}^{{commit}}"], cwd=ROOT).returncode == 0, rev


# --- the repository of plans ------------------------------------------------------------------

@pytest.fixture
def origin(tmp_path, git_identity):
    """The plans' repository on the hosting site: main holds the sample plans."""
    root = tmp_path / "origin"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    for sample in sorted(PLANS.rglob("*.yaml")):
        target = root / "plans" / sample.relative_to(PLANS)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "the plans")
    return root


def push_event(origin: Path) -> Event:
    sha = git(origin, "rev-parse", "main")
    return Event("push", "refs/heads/main", sha, {"ref": "refs/heads/main", "after": sha})


def pull_request(origin: Path, edit) -> Event:
    """A pull request from a branch on which ``edit(root)`` was committed; GitHub's merge ref
    refs/pull/1/merge merges it into main (main moved on meanwhile, so HEAD is a real merge)."""
    git(origin, "checkout", "-q", "-b", "feature")
    edit(origin)
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "the change")
    head = git(origin, "rev-parse", "HEAD")
    git(origin, "checkout", "-q", "main")
    (origin / "README.md").write_text("Kế hoạch ISO\n", encoding="utf-8")
    git(origin, "add", ".")
    git(origin, "commit", "-q", "-m", "meanwhile on main")
    base = git(origin, "rev-parse", "main")
    git(origin, "checkout", "-q", "--detach", "main")
    git(origin, "merge", "-q", "--no-ff", "-m", f"Merge {head} into {base}", "feature")
    merge = git(origin, "rev-parse", "HEAD")
    git(origin, "update-ref", "refs/pull/1/merge", merge)
    git(origin, "checkout", "-q", "main")
    payload = {"action": "synchronize", "number": 1,
               "pull_request": {"number": 1, "base": {"ref": "main", "sha": base},
                                "head": {"ref": "feature", "sha": head}}}
    return Event("pull_request", "refs/pull/1/merge", merge, payload, base_ref="main", head_ref="feature")


def annotations(stdout: str) -> list[tuple[str, str, int, int, str]]:
    found = []
    for line in stdout.splitlines():
        if line.startswith("::"):
            m = ANNOTATION.match(line)
            assert m and m.group(5) == m.group(6), line
            found.append((m.group(1), m.group(2), int(m.group(3)), int(m.group(4)), m.group(5)))
    return found


LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def expected(findings: list[dict]) -> list[tuple[str, str, int, int, str]]:
    return sorted((LEVEL[f["severity"]], f["file"], f["line"], f["col"], f["code"]) for f in findings)


def checked_out(origin: Path, sha: str, tmp: Path) -> Path:
    here = tmp / f"at-{sha[:8]}"
    if not here.exists():
        subprocess.run(["git", "clone", "-q", str(origin), str(here)], check=True)
        git(here, "fetch", "-q", "origin", "+refs/pull/*:refs/pull/*")
        git(here, "checkout", "-q", "--detach", sha)
    return here


# --- the workflow -----------------------------------------------------------------------------

def test_the_readme_shows_the_workflow_file():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```yaml\n{WORKFLOW_FILE.read_text(encoding='utf-8')}```" in readme
    workflow = load_workflow()
    assert set(workflow["on"]) == {"push", "pull_request"} and set(workflow["jobs"]) == {"validate", "review"}
    [checkout_step] = [s for s in workflow["jobs"]["review"]["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout_step["with"]["fetch-depth"] == 0


def test_a_push_validates_the_plans_as_annotations(origin, tmp_path, cli, monkeypatch):
    workflow = load_workflow()
    event = push_event(origin)
    assert run_job(workflow, "review", origin, event, tmp_path) is None  # reviews are for pull requests
    [step] = run_job(workflow, "validate", origin, event, tmp_path)
    assert step.code == 1, step  # the samples have errors
    monkeypatch.chdir(checked_out(origin, event.sha, tmp_path))
    findings = json.loads(cli("validate", "--format", "json").stdout)
    assert any(f["severity"] == "error" for f in findings)
    assert sorted(annotations(step.stdout)) == expected(findings)
    assert f"{len(list(PLANS.rglob('*.yaml')))} file(s) checked" in step.stderr


def test_a_push_of_clean_plans_passes(tmp_path, git_identity):
    origin = plan_repo(tmp_path / "origin", {"plans/ke-hoach-2024.yaml": CLEAN_PLAN}, "a clean plan")
    [step] = run_job(load_workflow(), "validate", origin, push_event(origin), tmp_path)
    assert step.code == 0 and "::" not in step.stdout, step


def _delete_the_auditor_training(root: Path) -> None:
    plan = root / "plans" / "plan-2024.yaml"
    text = plan.read_text(encoding="utf-8")
    start = text.index("      - id: dao-tao-danh-gia-vien-noi-bo\n")
    end = text.index("      - id: ", start + 1)
    plan.write_text(text[:start] + text[end:], encoding="utf-8")


def _a_task_into_next_year(root: Path) -> None:
    plan = root / "plans" / "plan-2024.yaml"
    plan.write_text(P2024.replace("        when: 6/2024\n", "        when: Tháng 7/2025\n", 1), encoding="utf-8")


def _next_years_plan(root: Path) -> None:
    subprocess.run([sys.executable, "-m", "isoctl", "new", "--from", "plans/plan-2024.yaml", "--year", "2025"],
                   cwd=root, check=True, capture_output=True)


@pytest.mark.parametrize("edit,code,introduced", [
    (_delete_the_auditor_training, 0, ["C005"]),  # a warning: reported, the job passes
    (_a_task_into_next_year, 1, ["S001"]),  # an error: the job fails
    (_next_years_plan, 0, []),  # the rollover: nothing inherited is new
], ids=["delete-a-task", "error", "rollover"])
def test_a_pull_request_is_reviewed_into_the_job_summary(origin, tmp_path, cli, monkeypatch, edit, code, introduced):
    workflow = load_workflow()
    event = pull_request(origin, edit)
    base = event.payload["pull_request"]["base"]["sha"]
    [validate] = run_job(workflow, "validate", origin, event, tmp_path)
    assert validate.code == 1, validate  # the samples' own errors, as on main
    [review] = run_job(workflow, "review", origin, event, tmp_path)
    assert review.code == code, review
    # the same review, run by hand in a full clone at the merge commit
    monkeypatch.chdir(checked_out(origin, event.sha, tmp_path))
    spec = f"{base}...HEAD"
    data = json.loads(cli("review", spec, "--format", "json").stdout)
    found = [x for f in data["files"] for x in f["introduced"]]
    assert sorted(x["code"] for x in found) == introduced
    assert sorted(annotations(review.stdout)) == expected(found)
    summary = (tmp_path / "review-pull_request" / "step_summary.md").read_text(encoding="utf-8")
    assert summary == cli("review", spec, "--format", "markdown").stdout
    assert summary.startswith(f"## isoctl review `{spec}`\n")
    assert "README" not in summary  # main's own commit meanwhile is not the pull request's
    assert f"**Findings introduced by this change: {len(introduced)}" in summary
    for c in introduced:
        assert f"**{c}**" in summary


def test_without_the_whole_history_the_base_is_missing(origin, tmp_path):
    """Why the review job's checkout fetches the whole history: with checkout's default depth,
    the pull request's base commit is not in the workspace and review cannot run."""
    workflow = load_workflow()
    for s in workflow["jobs"]["review"]["steps"]:
        if s.get("uses", "").startswith("actions/checkout@"):
            s["with"]["fetch-depth"] = 1
    [review] = run_job(workflow, "review", origin, pull_request(origin, _delete_the_auditor_training), tmp_path)
    assert review.code == 2 and "unknown revision" in review.stderr, review
    assert "Traceback" not in review.stderr
