"""Git review on real repositories made in a temporary folder: REV:path, --rev, review, textconv,
the external diff driver and git-setup (through real `git diff` / `git log -p`)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PLANS

P2023 = (PLANS / "plan-2023.yaml").read_text(encoding="utf-8")


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, encoding="utf-8", check=check)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with plans/plan.yaml committed twice: base = the 2023 plan, head = an edit of it."""
    for key, value in {"GIT_AUTHOR_NAME": "Thư ký ISO", "GIT_AUTHOR_EMAIL": "iso@example.vn",
                       "GIT_COMMITTER_NAME": "Thư ký ISO", "GIT_COMMITTER_EMAIL": "iso@example.vn",
                       "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GIT_EXTERNAL_DIFF", raising=False)
    root = tmp_path / "repo"
    (root / "plans").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "plans" / "plan.yaml").write_text(P2023, encoding="utf-8")
    (root / "README.md").write_text("notes\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    edited = (P2023.replace("  number: 359\n", "  number: null\n")
              .replace("        when: Tháng 11/2023\n        note: Phụ lục STT 12.",
                       "        when: Tháng 12/2023\n        note: Phụ lục STT 12."))
    assert edited.count("number: null") == 1 and "Tháng 12/2023\n        note: Phụ lục STT 12." in edited
    (root / "plans" / "plan.yaml").write_text(edited, encoding="utf-8")
    (root / "README.md").write_text("notes, more\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "head")
    monkeypatch.chdir(root)
    return root


def test_rev_colon_path_and_rev_option(cli, repo):
    r = cli("diff", "HEAD~1:plans/plan.yaml", "HEAD:plans/plan.yaml")
    assert r.exit_code == 0, r
    assert "number: 359 → (none)" in r.stdout
    assert "when: Tháng 11/2023 → Tháng 12/2023 (one month later)" in r.stdout
    (repo / "plans" / "plan.yaml").write_text(P2023.replace("Tháng 9/2023", "Tháng 10/2023"), encoding="utf-8")
    r = cli("diff", "--rev", "HEAD~1", "plans/plan.yaml", "--exit-code")
    assert r.exit_code == 1, r
    assert "tuyen-truyen-huong-dan" in r.stdout and "number" not in r.stdout
    os.chdir(repo / "plans")  # a relative path is taken from where the user stands
    r = cli("diff", "--rev", "HEAD", "plan.yaml")
    assert r.exit_code == 0 and "tuyen-truyen-huong-dan" in r.stdout, r


@pytest.mark.parametrize("argv", [
    ["diff", "--rev", "--output={out}", "plans/plan.yaml"],
    ["diff", "--rev=-p", "plans/plan.yaml"],
    ["diff", "--", "--output={out}:plans/plan.yaml", "plans/plan.yaml"],
    ["review", "--", "--output={out}..HEAD"],
    ["review", "HEAD..-p"],
    ["review", "--", "-p...HEAD"],
])
def test_revision_starting_with_dash_is_refused(cli, repo, tmp_path, argv):
    out = tmp_path / "written-by-git"
    r = cli(*[a.format(out=out) for a in argv])
    assert r.exit_code == 2, r
    assert "a revision may not be empty or start with '-'" in r.stderr, r
    assert not out.exists()
    assert "Traceback" not in r.output


def test_unknown_revision_missing_path_and_no_repo(cli, repo, tmp_path):
    r = cli("diff", "nosuch:plans/plan.yaml", "plans/plan.yaml")
    assert r.exit_code == 2 and "unknown revision 'nosuch'" in r.stderr, r
    r = cli("diff", "HEAD:plans/other.yaml", "plans/plan.yaml")
    assert r.exit_code == 2 and "does not exist at HEAD" in r.stderr, r
    r = cli("review", "nosuch..HEAD")
    assert r.exit_code == 2 and "unknown revision" in r.stderr, r
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    os.chdir(outside)
    r = cli("diff", "--rev", "HEAD", "plan.yaml")
    assert r.exit_code == 2 and "not a git repository" in r.stderr, r


def test_review_shows_only_introduced_findings(cli, repo):
    r = cli("review", "HEAD~1..HEAD")
    assert r.exit_code == 1, r  # the change introduced an error
    assert "=== plans/plan.yaml (modified)" in r.stdout
    assert "Findings introduced by this change: 1" in r.stdout
    assert "D001" in r.stdout
    # V003 and V004 are in the 2023 plan on both sides: not introduced, not shown
    assert "V003" not in r.stdout and "V004" not in r.stdout
    assert "README" not in r.stdout  # only plans are reviewed
    assert "one month later" in r.stdout  # with the semantic diff
    md = cli("review", "HEAD~1..HEAD", "--format", "markdown")
    assert "## plans/plan.yaml (modified)" in md.stdout and "**D001**" in md.stdout, md
    # fixing it again: the reverse range introduces nothing and resolves one
    r = cli("review", "HEAD..HEAD~1")
    assert r.exit_code == 0, r
    assert "Findings introduced by this change: 0 (1 resolved)" in r.stdout


def test_review_added_renamed_and_unchanged(cli, repo):
    git(repo, "mv", "plans/plan.yaml", "plans/plan-2023.yaml")
    (repo / "plans" / "plan-2024.yaml").write_text((PLANS / "plan-2024.yaml").read_text(encoding="utf-8"),
                                                   encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "rename and add")
    r = cli("review", "HEAD~1..HEAD")
    assert "plans/plan-2024.yaml (added)" in r.stdout, r
    assert "new plan" in r.stdout
    assert "plans/plan-2023.yaml (renamed from plans/plan.yaml)" in r.stdout
    r = cli("review", "HEAD..HEAD")
    assert r.exit_code == 0 and "no plan changed" in r.stdout, r


def _setup(cli, *extra: str) -> None:
    command = f"{shlex.quote(sys.executable)} -m isoctl"
    r = cli("git-setup", "--command", command, *extra)
    assert r.exit_code == 0, r


def test_git_setup_is_idempotent(cli, repo):
    r = cli("git-setup", "--dry-run", "--command", "isoctl")
    assert "(dry run)" in r.stdout and not (repo / ".gitattributes").exists(), r
    _setup(cli)
    first = (repo / ".gitattributes").read_text(encoding="utf-8")
    assert first == "plans/**/*.yaml diff=isoctl\nplans/**/*.yml diff=isoctl\n"
    assert git(repo, "config", "--local", "diff.isoctl.textconv").stdout.strip().endswith("-m isoctl textconv")
    assert git(repo, "config", "--local", "diff.isoctl.command", check=False).returncode == 1  # the driver is opt-in
    r = cli("git-setup", "--command", f"{shlex.quote(sys.executable)} -m isoctl")
    assert r.stdout.count("already") == 3, r
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == first


def test_external_diff_driver_through_real_git_diff(cli, repo):
    _setup(cli, "--driver")
    out = git(repo, "diff", "HEAD~1", "HEAD")
    assert out.returncode == 0, out.stderr
    assert "isoctl diff a/plans/plan.yaml b/plans/plan.yaml" in out.stdout
    assert "when: Tháng 11/2023 → Tháng 12/2023 (one month later)" in out.stdout
    assert "-notes" in out.stdout  # other files keep git's own diff
    # the protocol itself: 7 arguments, exit 0 although the files differ
    old = repo / "old.yaml"
    old.write_text(P2023, encoding="utf-8")
    r = cli("diff-driver", "plans/plan.yaml", str(old), "0" * 40, "100644",
            str(repo / "plans" / "plan.yaml"), "1" * 40, "100644")
    assert r.exit_code == 0 and "one month later" in r.stdout, r
    r = cli("diff-driver", "plans/plan.yaml", "/dev/null", "0" * 40, "100644",
            str(repo / "plans" / "plan.yaml"), "1" * 40, "100644")
    assert r.exit_code == 0 and "+format: 1" in r.stdout, r
    r = cli("diff-driver", "only-one")
    assert r.exit_code == 2, r


def test_textconv_through_git_log_and_blame(cli, repo):
    _setup(cli)
    log = git(repo, "log", "-p", "-1", "--", "plans/plan.yaml")
    assert "-task cong-bo:" in log.stdout
    assert "+task cong-bo:" in log.stdout and "when Tháng 12/2023" in log.stdout
    assert "-document.number: 359" in log.stdout
    blame = git(repo, "blame", "--textconv", "plans/plan.yaml")
    assert blame.returncode == 0, blame.stderr
    line = next(x for x in blame.stdout.splitlines() if "task cong-bo:" in x)
    head = git(repo, "rev-parse", "HEAD").stdout.strip()
    base = git(repo, "rev-parse", "HEAD~1").stdout.strip()
    assert line.startswith(head[:7]), line  # the task changed in head
    same = next(x for x in blame.stdout.splitlines() if "task kiem-tra-dinh-ky:" in x)
    assert same.lstrip("^").startswith(base[:7]), same  # an untouched task keeps its first commit


def test_textconv_is_stable_and_falls_back(cli, repo):
    a = cli("textconv", "plans/plan.yaml").stdout
    b = cli("--lang", "vi", "textconv", "plans/plan.yaml").stdout
    assert a == b and len(re.findall(r"^task [^ :]+: ", a, re.M)) == 14
    (repo / "broken.yaml").write_text("format: 1\nyear: [\n", encoding="utf-8")
    r = cli("textconv", "broken.yaml")
    assert r.exit_code == 0 and r.stdout == "format: 1\nyear: [\n", r


def test_pre_commit_hook_definition(cli, repo):
    """The offered hook and this repository's use of it agree, and do what pre-commit would run."""
    import re

    import yaml

    root = Path(__file__).resolve().parents[2]
    offered = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    used = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in offered if h["id"] == "isoctl-validate")
    assert hook["language"] == "python" and hook["pass_filenames"] is True
    local = next(h for r in used["repos"] for h in r["hooks"] if h["id"] == "isoctl-validate")
    assert (local["entry"], local["files"]) == (hook["entry"], hook["files"])
    # what pre-commit does: the tracked files matching `files`, appended to `entry`
    (repo / ".github").mkdir()
    (repo / ".github" / "ci.yaml").write_text("on: push\n", encoding="utf-8")
    git(repo, "add", ".")
    tracked = git(repo, "ls-files").stdout.split()
    chosen = [f for f in tracked if re.search(hook["files"], f)]
    assert chosen == ["plans/plan.yaml"]
    argv = hook["entry"].split()[1:]
    r = cli(*argv, *chosen)
    assert r.exit_code == 1 and "D001" in r.stdout, r  # the edited plan is issued without a number
    (repo / "plans" / "plan.yaml").write_text(P2023, encoding="utf-8")
    r = cli(*argv, *chosen)
    assert "D001" not in r.stdout and "1 file(s) checked" in r.output, r


def _bare_env() -> dict[str, str]:
    """A new terminal without the venv: isoctl is not on PATH."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = "/usr/bin:/bin"
    return env


def test_git_setup_survives_a_terminal_without_the_venv(cli, repo):
    r = cli("git-setup")
    assert r.exit_code == 0, r
    textconv = git(repo, "config", "--local", "diff.isoctl.textconv").stdout.strip()
    assert textconv.startswith(("/", "'/")) and textconv.endswith("-m isoctl textconv"), textconv
    out = subprocess.run(["git", "diff", "HEAD~1", "HEAD"], cwd=repo, capture_output=True, text=True, env=_bare_env())
    assert out.returncode == 0, out.stderr
    assert "not found" not in out.stderr and "died" not in out.stderr, out.stderr
    assert "Tháng 12/2023" in out.stdout
    log = subprocess.run(["git", "log", "-p", "-1"], cwd=repo, capture_output=True, text=True, env=_bare_env())
    assert log.returncode == 0 and "Tháng 12/2023" in log.stdout, log.stderr


def test_a_patch_made_with_no_textconv_applies(cli, repo):
    _setup(cli, "--driver")
    plan = repo / "plans" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("Tháng 12/2023", "Tháng 10/2023"), encoding="utf-8")
    patch = git(repo, "diff", "--no-textconv", "--no-ext-diff").stdout
    assert patch.startswith("diff --git"), patch[:200]
    git(repo, "checkout", "--", "plans/plan.yaml")
    (repo / "change.patch").write_text(patch, encoding="utf-8")
    applied = git(repo, "apply", "change.patch", check=False)
    assert applied.returncode == 0, applied.stderr
    assert "Tháng 10/2023" in plan.read_text(encoding="utf-8")


def test_git_setup_undo_removes_everything(cli, repo):
    _setup(cli, "--driver")
    r = cli("git-setup", "--undo")
    assert r.exit_code == 0 and "removed" in r.stdout, r
    assert "diff=isoctl" not in (repo / ".gitattributes").read_text(encoding="utf-8")
    for key in ("diff.isoctl.textconv", "diff.isoctl.command"):
        assert git(repo, "config", "--local", key, check=False).returncode == 1, key


def test_git_setup_marks_yml_plans_too(cli, repo):
    """validate's folder search takes *.yml as well as *.yaml; so does the textconv git-setup marks."""
    (repo / "plans" / "sub").mkdir()
    yml = repo / "plans" / "sub" / "ke-hoach.yml"
    yml.write_text(P2023, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a .yml plan")
    assert "plans/sub/ke-hoach.yml" in cli("validate", "--format", "json", "plans").stdout
    _setup(cli)
    yml.write_text(P2023.replace("Tháng 9/2023", "Tháng 10/2023"), encoding="utf-8")
    shown = git(repo, "diff", "--", "plans/sub/ke-hoach.yml").stdout
    assert re.search(r"^\+task tuyen-truyen-huong-dan: .*Tháng 10/2023", shown, re.M), shown
    assert cli("git-setup", "--undo").exit_code == 0
    assert "isoctl" not in (repo / ".gitattributes").read_text(encoding="utf-8")
    assert not re.search(r"^\+task ", git(repo, "diff", "--", "plans/sub/ke-hoach.yml").stdout, re.M)
