"""The pre-commit hooks this repository offers: what pre-commit would pass them (the tracked files
matching `files` and `types: [yaml]`) is, after --force-exclude, exactly what `isoctl validate plans`
finds; and the README and hook comments name only revisions that exist.

pre-commit's selection is reproduced here, over a tree of every kind of path: `files` as a Python
regular expression searched in each tracked path, `types: [yaml]` as identify's .yaml/.yml
extensions, the file names appended to `entry`; test_precommit_try_repo.py runs pre-commit itself."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import PLANS
from isoctl.plan.files import discover, skipped_by_discovery

ROOT = Path(__file__).resolve().parents[2]
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
P2024 = (PLANS / "plan-2024.yaml").read_text(encoding="utf-8")
EXCLUDE = ["plans/cu", "nhap-*.yaml"]
TREE = {  # path: is it a plan
    "plans/plan-2024.yaml": True, "plans/sub/plan.yml": True, "plans/buildings/plan.yaml": True,
    "plans/ci.yaml": False, "plans/sub/notes.yml": False, "plans/readme.txt": False,
    "plans/.hidden/plan.yaml": True, "plans/.plan.yaml": True, "plans/node_modules/plan.yaml": True,
    "plans/build/plan.yaml": True, "plans/sub/build/plan.yaml": True,
    "plans/cu/plan.yaml": True, "plans/sub/nhap-2025.yaml": True,
    "other/plan.yaml": True, ".github/workflows/ci.yml": False, "plan.yaml": True,
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, encoding="utf-8",
                          check=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch, git_identity):
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    for rel, plan in TREE.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(P2024 if plan else "on: push\njobs: {}\n", encoding="utf-8")
    (root / "isoctl.toml").write_text(f"exclude = {json.dumps(EXCLUDE)}\n", encoding="utf-8")
    git(root, "add", "-f", ".")
    monkeypatch.chdir(root)
    return root


def hook(hook_id: str) -> dict:
    return next(h for h in HOOKS if h["id"] == hook_id)


def selected(repo: Path, h: dict) -> list[str]:
    """What pre-commit passes the hook: tracked files matching `files` (re.search) and its types."""
    assert h["types"] == ["yaml"] and h["pass_filenames"] is True
    tracked = git(repo, "ls-files").split("\n")
    return [f for f in tracked if f and re.search(h["files"], f) and f.endswith((".yaml", ".yml"))]


@pytest.mark.parametrize("hook_id", ["isoctl-validate", "isoctl-fix"])
def test_the_hook_checks_exactly_what_validate_plans_finds(cli, repo, hook_id):
    h = hook(hook_id)
    assert h["language"] == "python" and "--force-exclude" in h["entry"].split()
    chosen = selected(repo, h)
    found = sorted(discover(["plans"], EXCLUDE))
    assert sorted(p for p in chosen if not skipped_by_discovery(p, EXCLUDE)) == found
    assert found == ["plans/buildings/plan.yaml", "plans/plan-2024.yaml", "plans/sub/plan.yml"]
    # and through the command line, as pre-commit runs it: the reported files are those plans
    argv = h["entry"].split()[1:]
    if "--fix" in argv:
        r = cli(*argv, "--format", "json", *chosen)
        assert r.exit_code == 1, r  # D006 and others are not fixable
        fixed = {p for p in TREE if TREE[p] and (repo / p).read_text(encoding="utf-8") != P2024}
        assert fixed == set(found), fixed  # L005 fixed in the plans checked, nowhere else
        return
    r = cli(*argv, "--format", "json", *chosen)
    assert r.exit_code == 1, r
    assert sorted({f["file"] for f in json.loads(r.stdout)}) == found


def test_force_exclude_alone_skips_named_files_a_folder_search_skips(cli, repo):
    skipped = [p for p in TREE if p.startswith("plans/") and p not in discover(["plans"], EXCLUDE)]
    r = cli("validate", "--force-exclude", *skipped)
    assert r.exit_code == 0 and "every file named is skipped" in r.stderr, r
    # without it, named files are checked whatever they are (the E-codes of a non-plan, the plans' findings)
    r = cli("validate", "--format", "json", *skipped)
    assert r.exit_code == 1 and {f["file"] for f in json.loads(r.stdout)} >= {"plans/ci.yaml", "plans/cu/plan.yaml"}
    # a folder named is searched as before; a missing file is still E002
    assert cli("validate", "--force-exclude", "--format", "json", "plans").stdout == \
        cli("validate", "--format", "json", "plans").stdout
    r = cli("validate", "--force-exclude", "--format", "json", "plans/missing.yaml")
    assert r.exit_code == 1 and json.loads(r.stdout)[0]["code"] == "E002", r


def test_this_repository_uses_the_hook_it_offers(repo):
    used = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = next(h for r in used["repos"] for h in r["hooks"] if h["id"] == "isoctl-validate")
    offered = hook("isoctl-validate")
    assert (local["entry"], local["files"], local["types"]) == (offered["entry"], offered["files"], offered["types"])


def test_documented_revisions_exist():
    """No `rev:` names a tag this repository does not have (`v0.1.0` made pre-commit fail); the
    README's snippet pins a commit of this repository whose .pre-commit-hooks.yaml offers every
    hook it names (the hook file's own comment may show the form, `<commit sha>`)."""
    tags = set(subprocess.run(["git", "tag"], cwd=ROOT, capture_output=True, text=True).stdout.split())
    seen = 0
    for doc in (ROOT / "README.md", ROOT / ".pre-commit-hooks.yaml"):
        for rev in re.findall(r"\brev:\s*(\S+)", doc.read_text(encoding="utf-8")):
            seen += 1
            assert re.fullmatch(r"[0-9a-f]{40}", rev) or rev.startswith("<") or rev in tags, (doc.name, rev)
    assert seen >= 2
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [(rev, hooks)] = re.findall(r"^ +rev: (\S+)\n +hooks: (\[.*\])$", readme, re.M)
    assert re.fullmatch(r"[0-9a-f]{40}", rev), rev
    if subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True,
                      text=True).stdout.strip() != "false":
        pytest.skip("not a whole git history of isoctl: the pinned commit cannot be looked up")
    offered = subprocess.run(["git", "show", f"{rev}:.pre-commit-hooks.yaml"], cwd=ROOT, capture_output=True, text=True)
    assert offered.returncode == 0, (rev, offered.stderr)
    named = [h["id"] for h in yaml.safe_load(hooks)]
    assert named and set(named) <= {h["id"] for h in yaml.safe_load(offered.stdout)}, (rev, named)
