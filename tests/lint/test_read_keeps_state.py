"""``validate`` of a plan above incremental.CACHE_TASKS keeps what the first done/set of that text
would read the plan whole to learn (its partial state with the findings of every plan-wide rule,
and its snapshot), so that edit reads no plan whole; ``status`` and ``timeline``, which read the
plan whole without linting it, keep its state without findings and its snapshot (a plan-wide
edit then runs the rules on the plan as read from the snapshot). For every field done/set can
change, on the tasks of generated plans (with suppressions, CRLF, a BOM) and of the real plans,
the edit after each gives what the whole path gives (incremental=False), and reads neither the
plan as read nor the edited plan whole (but where an unused suppression must be judged on the
whole plan, as without the cache)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from isoctl.lint import incremental as inc
from isoctl.lint.config import Config
from isoctl.lint.engine import lint_file
from isoctl.plan import validate
from isoctl.plan.files import load_checked
from isoctl.plan.validate import check_text
from tests.conftest import SEED_PLANS
from tests.lint.test_edit_partial import VARIANTS, _outcome, variant_text
from tests.lint.test_incremental import edits

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import plan_text  # noqa: E402


@pytest.fixture()
def large(monkeypatch, tmp_path):
    """Every plan counts as large; the cache on, in its own home."""
    monkeypatch.setattr(inc, "CACHE_TASKS", 0)
    monkeypatch.delenv("ISOCTL_NO_CACHE", raising=False)
    monkeypatch.delenv("ISOCTL_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


def _entries(folder: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_bytes().split(b"\n", 2)[2])["data"]
            for p in sorted((folder / ".isoctl_cache").glob("*.json"))}


def _validate(path: Path) -> set[str]:
    lint_file(str(path), Config())  # what `isoctl validate PLAN` runs
    return {m.CODE for m in inc._rules()[1]}


def _status(path: Path) -> set[str]:
    checked, text = load_checked(str(path))  # what `isoctl status PLAN` (and timeline) run
    inc.keep_read(str(path), text, checked, Config())
    return set()


FIRST = {"validate": _validate, "status": _status}


def _compare_after(tmp_path, monkeypatch, first, text: str, name: str, per_task: int = 4) -> int:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    read = check_text(text.lstrip("\ufeff"), str(path), fast=True)
    if read.plan is None or any(f.severity == "error" for f in read.findings):
        pytest.skip("done/set refuse a plan with schema errors")
    known = FIRST[first](path)
    entries = _entries(tmp_path)
    states = [d for d in entries.values() if "ids" in d]
    assert len(states) == 1 and states[0]["partial"] is True
    assert set(states[0].get("known", [])) == known
    assert any(n.endswith("-snapshot.json") for n in entries)
    ids = [t.id for _, t in read.plan.tasks()]
    year = read.plan.year
    every = edits(year)
    seen: list[str] = []
    real = validate.check_text
    compared = whole = 0
    for k, task in enumerate(ids):
        picks = [every[(k * 5 + j * 3) % len(every)] for j in range(per_task - 1)] + [{"status": "cancelled"}]
        for raw in picks:
            for force in (True, False):
                want = _outcome(str(path), task, raw, force, False, dt.date(year, 12, 31))
                seen.clear()
                monkeypatch.setattr(validate, "check_text", lambda t, *a, **kw: seen.append(t) or real(t, *a, **kw))
                got = _outcome(str(path), task, raw, force, True, dt.date(year, 12, 31))
                monkeypatch.setattr(validate, "check_text", real)
                assert got == want, (task, raw, force)
                wholes = {text.lstrip("\ufeff")}
                if want[0] == "edit":
                    wholes.add(want[1].lstrip("\ufeff"))
                if wholes & set(seen):  # only where the partial lint is not enough by design:
                    # an unused suppression (X001) in the edited task, which a whole lint judges
                    # (said by the edit's findings with --force: a refusal shows its errors only)
                    if force:
                        unused = "X001" in {f[2] for f in want[3]}
                    assert unused, (task, raw, force, "read a plan whole")
                    whole += 1
                compared += 1
    assert whole <= compared // 10
    return compared


@pytest.mark.parametrize("first", FIRST)
@pytest.mark.parametrize("variant", VARIANTS)
def test_generated_plans(tmp_path, monkeypatch, large, variant, first):
    assert _compare_after(tmp_path, monkeypatch, first, variant_text(variant), f"{variant}.yaml") >= 16 * 4 * 2


@pytest.mark.parametrize("first", FIRST)
@pytest.mark.parametrize("path", SEED_PLANS, ids=lambda p: p.name)
def test_the_real_plans(tmp_path, monkeypatch, large, path, first):
    assert _compare_after(tmp_path, monkeypatch, first, path.read_text(encoding="utf-8"), path.name, per_task=2)


def test_the_state_is_the_one_edits_grow(tmp_path, large):
    """The entry validate keeps is the partial state of the text (ids and windows) with the
    findings of every plan-wide rule on it, those an edit running them all would keep."""
    text = plan_text(11, 16)
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    lint_file(str(path), Config())
    (state,) = [inc.State.from_json(d, str(path)) for d in _entries(tmp_path).values() if "ids" in d]
    read = check_text(text, str(path), fast=True)
    structure = inc.structure_of(read)
    assert (state.ids, state.tasks, state.phases) == (structure.ids, structure.tasks, structure.phases)
    from isoctl.lint.identity import with_identities
    from isoctl.lint.rules import run_rules

    codes = frozenset(state.known)
    want = sorted(with_identities(run_rules(read, Config(), codes), read.loaded.data))
    assert state.findings == want and want


def test_a_second_validate_rewrites_nothing_but_completes_an_edits_entry(tmp_path, large):
    """validate of a text whose entry holds every plan-wide rule's findings, and whose snapshot
    is kept, writes nothing; an entry an edit made (fewer plan-wide rules known) it completes,
    and a snapshot gone (the entry still there) it keeps again."""
    from isoctl.lint import cache

    text = plan_text(11, 16)
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    lint_file(str(path), Config())
    files = sorted((tmp_path / ".isoctl_cache").glob("*.json"))
    stamps = [p.stat().st_mtime_ns for p in files]
    lint_file(str(path), Config())
    assert [p.stat().st_mtime_ns for p in files] == stamps
    key = cache.entry_key(text, inc.context(Config()))
    assert cache.store(str(path), key, inc.structure_of(check_text(text, str(path), fast=True)).to_json())
    assert inc.State.from_json(cache.load(str(path), key), str(path)).known == []
    lint_file(str(path), Config())
    assert set(inc.State.from_json(cache.load(str(path), key), str(path)).known) == {m.CODE for m in inc._rules()[1]}
    (snapshot,) = (tmp_path / ".isoctl_cache").glob("*-snapshot.json")
    snapshot.unlink()  # trimmed, or deleted by hand: the entry alone is there
    lint_file(str(path), Config())
    assert snapshot.exists()


def test_nothing_is_kept_without_the_cache_or_for_a_small_plan(tmp_path, monkeypatch, large):
    path = tmp_path / "p.yaml"
    path.write_text(plan_text(11, 16), encoding="utf-8")
    monkeypatch.setenv("ISOCTL_NO_CACHE", "1")
    lint_file(str(path), Config())
    assert not (tmp_path / ".isoctl_cache").exists()
    monkeypatch.delenv("ISOCTL_NO_CACHE")
    monkeypatch.setattr(inc, "CACHE_TASKS", 16)  # 16 tasks: not more than the limit
    lint_file(str(path), Config())
    assert not (tmp_path / ".isoctl_cache").exists()


@pytest.mark.parametrize("first", [["validate", "plan.yaml", "-q"], ["status", "plan.yaml"], ["timeline", "plan.yaml"]],
                         ids=lambda a: a[0])
def test_a_command_then_set_on_a_plan_over_the_limit(tmp_path, first):
    """The commands as a user runs them, with the real limit: ``isoctl validate`` (``status``,
    ``timeline``) of a plan of 2,001 tasks keeps an entry and a snapshot; the ``set`` after it (a
    plan-wide edit: the schedule) prints and writes what a ``set`` without any cache does."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "NO_COLOR": "1", "XDG_CACHE_HOME": str(tmp_path / "xdg"),
           "HOME": str(tmp_path)}
    text = plan_text(11, inc.CACHE_TASKS + 1).replace("  abrv:", "  abbr:")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for side in "ab":
        (tmp_path / side / "plan.yaml").write_text(text, encoding="utf-8")

    def isoctl(side: str, *args: str, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "isoctl", *args], cwd=tmp_path / side, env={**env, **extra},
                              capture_output=True, text=True, timeout=300)

    assert isoctl("a", *first).returncode in (0, 1)
    names = sorted(p.name for p in (tmp_path / "a" / ".isoctl_cache").glob("*.json"))
    assert len(names) == 2 and sum(n.endswith("-snapshot.json") for n in names) == 1, names
    task = f"nv-2-{inc.CACHE_TASKS // 8}"
    got = isoctl("a", "set", task, "when=Tháng 7", "plan.yaml")
    want = isoctl("b", "set", task, "when=Tháng 7", "plan.yaml", ISOCTL_NO_CACHE="1")
    assert (got.returncode, got.stdout, got.stderr) == (want.returncode, want.stdout, want.stderr)
    assert got.returncode == 0 and "updated plan.yaml" in got.stderr
    assert (tmp_path / "a" / "plan.yaml").read_bytes() == (tmp_path / "b" / "plan.yaml").read_bytes()
    assert not (tmp_path / "b" / ".isoctl_cache").exists()


def test_only_a_plan_file_on_disk_is_kept(tmp_path, monkeypatch, git_identity):
    """status and timeline keep the state of a file they read, never of standard input or of a
    plan in git (``REV:path``): those have no file beside which an edit would look."""
    import io

    from tests.conftest import plan_repo

    text = plan_text(11, 16)
    plan_repo(tmp_path / "repo", {"p.yaml": text})
    monkeypatch.chdir(tmp_path / "repo")
    assert load_checked("p.yaml")[1] == text
    checked, none = load_checked("HEAD:p.yaml")
    assert none is None and len(checked.plan.tasks()) == 16
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))
    assert load_checked("-")[1] is None
