"""Input from a pull request cannot make isoctl do more than read plans.

- A git revision that starts with '-' would be read by git as an option (``--output=FILE``
  writes a file, ``--exec``/``-c`` run things in some commands): ``diff`` and ``review`` refuse
  it with exit 2, and nothing is written.
- Templates (once ``render`` exists) run in Jinja's sandbox: attempts to reach Python
  internals, files or imports end with a clear error and never print what they were after.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PLANS

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository with one plan committed, as the current folder."""
    monkeypatch.chdir(tmp_path)
    env = ["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([GIT, "init", "-q"], check=True)
    (tmp_path / "plans").mkdir()
    shutil.copy(PLANS / "plan-2024.yaml", tmp_path / "plans" / "plan-2024.yaml")
    subprocess.run([GIT, "add", "."], check=True)
    subprocess.run([GIT, *env, "commit", "-q", "-m", "plan"], check=True)
    return tmp_path


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if ".git" not in p.parts}


HOSTILE_REVS = ["--output=pwned.txt", "-h", "-p", "--exec=touch pwned.txt", "-c", "--", "-", ""]


@pytest.mark.parametrize("rev", HOSTILE_REVS)
def test_diff_refuses_option_like_rev(repo, cli, rev):
    before = _files(repo)
    result = cli("diff", f"--rev={rev}", "plans/plan-2024.yaml")
    assert result.exit_code == 2, result
    assert "Traceback" not in result.output
    assert _files(repo) == before


@pytest.mark.parametrize("rev", [r for r in HOSTILE_REVS if r])
def test_diff_refuses_option_like_rev_in_rev_path(repo, cli, rev):
    before = _files(repo)
    result = cli("diff", "--", f"{rev}:plans/plan-2024.yaml", "plans/plan-2024.yaml")
    assert result.exit_code == 2, result
    assert "start with '-'" in result.output or "revision" in result.output, result
    assert _files(repo) == before


@pytest.mark.parametrize("spec", ["--output=pwned.txt..HEAD", "HEAD..--output=pwned.txt", "-p..HEAD",
                                  "HEAD...-h", "--all"])
def test_review_refuses_option_like_range(repo, cli, spec):
    before = _files(repo)
    result = cli("review", "--", spec)
    assert result.exit_code == 2, result
    assert "Traceback" not in result.output
    assert _files(repo) == before


def test_a_normal_revision_still_works(repo, cli):
    result = cli("diff", "--rev=HEAD", "plans/plan-2024.yaml")
    assert result.exit_code == 0, result
