"""done/set on a plan without a cache entry, above incremental.CACHE_TASKS: only what the edit can
change is linted (isoctl.lint.incremental.edit_findings). For every field done/set can change,
on the tasks of generated plans (with suppressions, CRLF, a BOM) and of the real plans, the
outcome is the whole path's (incremental=False): the text written, the changes, the findings
the edit introduces (or the refusal and its findings), with and without --force."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from isoctl.diagnostics import IsoctlError
from isoctl.lint import incremental as inc
from isoctl.lint.config import Config
from isoctl.plan.validate import check_text
from isoctl.timeline import progress
from tests.conftest import SEED_PLANS
from tests.lint.test_incremental import _with_suppressions, edits

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import plan_text  # noqa: E402


@pytest.fixture(autouse=True)
def partial(monkeypatch, tmp_path):
    monkeypatch.setattr(inc, "CACHE_TASKS", 0)  # every plan takes the partial path
    monkeypatch.setenv("ISOCTL_NO_CACHE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


def _key(f):
    return (f.line, f.col, f.code, f.message, f.severity, f.hint, tuple(f.path), f.end_line, f.end_col, f.ident)


def _outcome(path: str, task: str, raw: dict[str, str], force: bool, incremental: bool, today: dt.date):
    try:
        edit = progress.apply(path, task, raw, today=today, config=Config(), force=force, incremental=incremental)
    except IsoctlError as exc:
        return ("refused", type(exc).__name__, str(exc), sorted(map(_key, getattr(exc, "findings", None) or [])))
    return ("edit", edit.text, edit.changes, sorted(map(_key, edit.introduced)))


def _compare(tmp_path, text: str, name: str, per_task: int = 4, spy=None) -> int:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    read = check_text(text.lstrip("\ufeff"), str(path), fast=True)
    if read.plan is None or any(f.severity == "error" for f in read.findings):
        pytest.skip("done/set refuse a plan with schema errors")
    ids = [t.id for _, t in read.plan.tasks()]
    year = read.plan.year
    every = edits(year)
    compared = 0
    for k, task in enumerate(ids):
        picks = [every[(k * 5 + j * 3) % len(every)] for j in range(per_task - 1)] + [{"status": "cancelled"}]
        for raw in picks:
            for force in (True, False):
                want = _outcome(str(path), task, raw, force, False, dt.date(year, 12, 31))
                got = _outcome(str(path), task, raw, force, True, dt.date(year, 12, 31))
                assert got == want, (task, raw, force)
                compared += 1
    return compared


@pytest.fixture()
def spied(monkeypatch):
    """How often edit_findings answered (not None), and the rules it ran on both whole plans."""
    seen = {"answered": 0, "reruns": set()}
    real = inc.edit_findings

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        if out is not None:
            seen["answered"] += 1
            seen["reruns"].update(out[2])
        return out

    monkeypatch.setattr(inc, "edit_findings", spy)
    return seen


VARIANTS = ["plain", "suppressions", "crlf", "bom"]


def variant_text(variant: str) -> str:
    """A generated plan of 16 tasks, as it is or with suppressions, CRLF line ends or a BOM."""
    text = plan_text(11, 16)
    if variant == "suppressions":
        return _with_suppressions(text)
    if variant == "crlf":
        return text.replace("\n", "\r\n")
    return "\ufeff" + text if variant == "bom" else text


@pytest.mark.parametrize("variant", VARIANTS)
def test_generated_plans(tmp_path, variant, spied):
    text = variant_text(variant)
    assert _compare(tmp_path, text, f"{variant}.yaml") >= 16 * 4
    assert spied["answered"] >= 16 * 4  # the partial path answered, not the whole one behind it
    assert spied["reruns"]  # and some edits changed a plan-wide rule's inputs


@pytest.mark.parametrize("path", SEED_PLANS, ids=lambda p: p.name)
def test_the_real_plans(tmp_path, path, spied):
    _compare(tmp_path, path.read_text(encoding="utf-8"), path.name, per_task=2)
    assert spied["answered"]


def test_an_edit_that_introduces_an_error_is_refused(tmp_path, spied):
    """Cancelling the only internal audit: C001 (a plan-wide rule whose inputs changed)."""
    from tests.samples import P2024

    path = tmp_path / "p.yaml"
    path.write_text(Path(P2024).read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(progress.EditRefused) as refused:
        progress.apply(str(path), "danh-gia-noi-bo", {"status": "cancelled"}, config=Config())
    assert "C001" in {f.code for f in refused.value.findings}
    assert "C001" in spied["reruns"]


def test_the_entry_holds_the_windows_only_and_serves_the_next_edits(tmp_path, monkeypatch, cli):
    """The entries of a partial edit have no findings; the next edit takes the windows from the
    cache, reads no plan whole (no plan-wide rule's inputs change) and writes what the whole path
    writes, and refuses what it refuses."""
    import json

    from isoctl.plan import validate

    monkeypatch.delenv("ISOCTL_NO_CACHE")
    path, plain = tmp_path / "p.yaml", tmp_path / "plain.yaml"
    path.write_text(plan_text(7, 12), encoding="utf-8")
    assert cli("set", "nv-1-2", "note=một", str(path)).exit_code == 0
    entries = list((tmp_path / ".isoctl_cache").glob("*.json"))
    assert len(entries) == 2
    for entry in entries:
        data = json.loads(entry.read_bytes().split(b"\n", 2)[2])["data"]
        assert data["partial"] is True and data["findings"] == [] and len(data["ids"]) == 12
    plain.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    whole: list[int] = []
    real = validate.check_text
    monkeypatch.setattr(validate, "check_text", lambda text, *a, **k: whole.append(len(text)) or real(text, *a, **k))
    got = cli("set", "nv-2-1", "note=hai", str(path))
    assert got.exit_code == 0 and max(whole) < len(plain.read_text(encoding="utf-8")) // 2
    monkeypatch.setenv("ISOCTL_NO_CACHE", "1")
    want = cli("set", "nv-2-1", "note=hai", str(plain))
    assert (got.stdout + got.stderr).replace("p.yaml", "plain.yaml") == want.stdout + want.stderr
    assert path.read_text(encoding="utf-8") == plain.read_text(encoding="utf-8")


@pytest.mark.parametrize("noted", [(0, 3), (0,)], ids=["used-elsewhere-too", "used-by-one-task"])
def test_a_file_wide_suppression(tmp_path, spied, noted):
    """``ignore-file[L008]`` over L008 findings in the tasks ``noted``: an edit of one of them that
    removes its finding leaves the suppression used (another task still has one) or makes it
    unused (X001 is then new); the partial lint, which sees the edited task only, must say what
    the whole one says."""
    from isoctl.lint.engine import lint_checked

    lines = plan_text(11, 16).split("\n")
    starts = [i for i, line in enumerate(lines) if line.strip().startswith("- id: nv-")]
    for k in sorted(noted, reverse=True):
        indent = " " * (len(lines[starts[k]]) - len(lines[starts[k]].lstrip()) + 2)
        lines.insert(starts[k] + 1, indent + "note: Theo ISO 9001:2015, hoà hợp")
    text = "# isoctl: ignore-file[L008]\n" + "\n".join(lines)
    read = check_text(text, "x.yaml", fast=True)
    assert "L008" not in {f.code for f in lint_checked(read, Config()).findings}
    unsuppressed = lint_checked(check_text(text.split("\n", 1)[1], "x.yaml", fast=True), Config()).findings
    assert len([f for f in unsuppressed if f.code == "L008"]) == len(noted)
    assert _compare(tmp_path, text, "file-wide.yaml") >= 16 * 4
    assert spied["answered"] >= 16 * 4
    path = tmp_path / "file-wide.yaml"
    for k in noted:  # the edit that removes the finding (_compare's picks need not include it)
        for force in (True, False):
            want = _outcome(str(path), f"nv-1-{k + 1}", {"note": ""}, force, False, dt.date(2024, 12, 31))
            got = _outcome(str(path), f"nv-1-{k + 1}", {"note": ""}, force, True, dt.date(2024, 12, 31))
            assert got == want, (k, force)
            assert want[0] == "edit" and ("X001" in {f[2] for f in want[3]}) == (len(noted) == 1), want[3]


def test_a_sequence_of_edits_through_the_cache(tmp_path, monkeypatch, spied):
    """Edits one after another, each from the entry the one before wrote (which holds the
    findings of the plan-wide rules it ran, ``State.known``), give what the whole path gives at
    every step. An edit that reruns plan-wide rules reads at most one plan whole: none when the
    edit before it ran them too and kept a snapshot of the plan it wrote (the edited plan is that
    snapshot with the edited task read again), else the plan as read or the edited one."""
    from isoctl.plan import validate

    monkeypatch.delenv("ISOCTL_NO_CACHE")
    text = plan_text(11, 16)
    path, plain = tmp_path / "p.yaml", tmp_path / "plain.yaml"
    path.write_text(text, encoding="utf-8")
    plain.write_text(text, encoding="utf-8")
    read = check_text(text, str(path), fast=True)
    ids = [t.id for _, t in read.plan.tasks()]
    year, today = read.plan.year, dt.date(read.plan.year, 12, 31)
    every = edits(year)
    whole: list[int] = []
    real = validate.check_text
    monkeypatch.setattr(validate, "check_text", lambda t, *a, **k: whole.append(len(t)) or real(t, *a, **k))
    rerun_reads = []
    for step in range(48):
        task, raw = ids[(step * 7) % len(ids)], every[(step * 5) % len(every)]
        whole.clear()
        spied["reruns"] = set()
        got = progress.apply(str(path), task, raw, today=today, config=Config(), force=True)
        reads = sum(n > len(text) // 2 for n in whole)
        rerun = bool(spied["reruns"])
        want = progress.apply(str(plain), task, raw, today=today, config=Config(), force=True, incremental=False)
        assert (got.text, got.changes) == (want.text, want.changes), (step, task, raw)
        assert sorted(map(_key, got.introduced)) == sorted(map(_key, want.introduced)), (step, task, raw)
        progress.save(got)
        progress.save(want)
        if rerun:
            rerun_reads.append(reads)
    assert max(rerun_reads) == 1 and rerun_reads.count(0) >= 10, rerun_reads


@pytest.mark.parametrize("raw", [e for e in edits(2026) if set(e) & {"when", "status", "note"}])
def test_a_second_plan_wide_edit_of_the_same_plan_reads_one_plan(tmp_path, monkeypatch, spied, raw):
    """The first edit of a plan that reruns plan-wide rules reads it whole (the edited plan is
    the plan as read with the edited task read again), and keeps those rules' findings on the
    plan in its entry, and a snapshot of it; the same edit of the same plan again (a rejected
    change made anew, another task edited from the same text) reads no plan whole, and gives
    what the whole path gives."""
    from isoctl.plan import validate

    monkeypatch.delenv("ISOCTL_NO_CACHE")
    text = plan_text(11, 16)
    path, plain = tmp_path / "p.yaml", tmp_path / "plain.yaml"
    read = check_text(text, str(path), fast=True)
    year = read.plan.year
    raw = {k: v.replace("2026", str(year)) for k, v in raw.items()}
    whole: list[int] = []
    real = validate.check_text
    monkeypatch.setattr(validate, "check_text", lambda t, *a, **k: whole.append(len(t)) or real(t, *a, **k))
    reads = []
    for task in ("nv-1-2", "nv-2-1", "nv-1-2"):
        path.write_text(text, encoding="utf-8")
        plain.write_text(text, encoding="utf-8")
        whole.clear()
        spied["reruns"] = set()
        got = progress.apply(str(path), task, raw, today=dt.date(year, 12, 31), config=Config(), force=True)
        if not spied["reruns"]:
            pytest.skip(f"{raw} reruns no plan-wide rule on this plan")
        reads.append(sum(n > len(text) // 2 for n in whole))
        want = progress.apply(str(plain), task, raw, today=dt.date(year, 12, 31), config=Config(), force=True,
                              incremental=False)
        assert (got.text, got.changes) == (want.text, want.changes), (task, raw)
        assert sorted(map(_key, got.introduced)) == sorted(map(_key, want.introduced)), (task, raw)
        progress.save(got)
    assert reads == [1, 0, 0], reads


def test_a_snapshot_whose_positions_do_not_fit_sends_the_edit_the_whole_way(tmp_path, monkeypatch, spied):
    """A snapshot that cannot say where a value is (isoctl.plan.snapshot.Broken) is not an
    internal error: the edit is linted the whole way, and gives what that gives."""
    from isoctl.plan import snapshot

    def broken(self, path, which):
        raise snapshot.Broken("positions for another task")

    monkeypatch.setattr(snapshot.Snapshot, "position", broken)
    path = tmp_path / "p.yaml"
    path.write_text(plan_text(11, 16), encoding="utf-8")
    for raw in ({"status": "cancelled"}, {"when": "Tháng 5"}):
        want = _outcome(str(path), "nv-1-2", raw, True, False, dt.date(2026, 12, 31))
        assert _outcome(str(path), "nv-1-2", raw, True, True, dt.date(2026, 12, 31)) == want
    assert spied["answered"] == 0 and want[0] == "edit"


def _plan_wide_steps(text: str) -> list[tuple[str, dict[str, str]]]:
    read = check_text(text, "x.yaml", fast=True)
    ids = [t.id for _, t in read.plan.tasks()]
    year = read.plan.year
    return [(ids[(step * 5) % len(ids)], raw) for step, raw in enumerate(
        [{"status": "cancelled"}, {"when": "Tháng 5"}, {"when": f"Quý II/{year}"}, {"status": "planned"},
         {"when": "Thường xuyên"}, {"status": "cancelled"}, {"when": ""}])]


@pytest.mark.parametrize("links", [32, 2])
def test_plan_wide_edits_one_after_another_read_no_plan_whole(tmp_path, monkeypatch, spied, links):
    """Each plan-wide edit keeps a snapshot of the plan it writes: as the snapshot it was made
    from and its edit (a small entry) while there are at most MAX_LINKS edits since one kept
    whole, else whole. After the first edit (which reads the plan as read whole), none reads a
    plan whole, and each gives what the whole path gives."""
    from isoctl.plan import snapshot, validate

    monkeypatch.setattr(snapshot, "MAX_LINKS", links)
    monkeypatch.delenv("ISOCTL_NO_CACHE")
    text = plan_text(11, 16)
    path, plain = tmp_path / "p.yaml", tmp_path / "plain.yaml"
    path.write_text(text, encoding="utf-8")
    plain.write_text(text, encoding="utf-8")
    whole: list[int] = []
    real = validate.check_text
    monkeypatch.setattr(validate, "check_text", lambda t, *a, **k: whole.append(len(t)) or real(t, *a, **k))
    reads = []
    for task, raw in _plan_wide_steps(text):
        whole.clear()
        spied["reruns"] = set()
        today = dt.date(2026, 12, 31)
        got = progress.apply(str(path), task, raw, today=today, config=Config(), force=True)
        if spied["reruns"]:
            reads.append(sum(n > len(text) // 2 for n in whole))
        want = progress.apply(str(plain), task, raw, today=today, config=Config(), force=True, incremental=False)
        assert (got.text, got.changes) == (want.text, want.changes), (task, raw)
        assert sorted(map(_key, got.introduced)) == sorted(map(_key, want.introduced)), (task, raw)
        progress.save(got)
        progress.save(want)
    assert len(reads) >= 5 and reads[0] == 1 and set(reads[1:]) == {0}, reads
    folder = tmp_path / ".isoctl_cache"
    kept_whole = len(list(folder.glob("*-snapshot.json")))
    assert len(list(folder.glob("*-snaplink.json"))) >= 3 and kept_whole == (1 if links == 32 else 3), kept_whole


def test_a_snapshot_whose_base_is_gone_is_read_whole_again(tmp_path, monkeypatch, spied):
    """The snapshot kept whole that later ones are edits of, deleted (or pushed out): the next
    plan-wide edit reads the edited plan whole, gives the same answer, and keeps it whole."""
    from isoctl.plan import validate

    monkeypatch.delenv("ISOCTL_NO_CACHE")
    text = plan_text(11, 16)
    path, plain = tmp_path / "p.yaml", tmp_path / "plain.yaml"
    path.write_text(text, encoding="utf-8")
    plain.write_text(text, encoding="utf-8")
    steps = _plan_wide_steps(text)
    folder = tmp_path / ".isoctl_cache"
    whole: list[int] = []
    real = validate.check_text
    monkeypatch.setattr(validate, "check_text", lambda t, *a, **k: whole.append(len(t)) or real(t, *a, **k))
    for n, (task, raw) in enumerate([steps[0], steps[1], steps[2], steps[4]]):  # each plan-wide
        if n == 3:
            for entry in folder.glob("*-snapshot.json"):
                entry.unlink()
        whole.clear()
        today = dt.date(2026, 12, 31)
        got = progress.apply(str(path), task, raw, today=today, config=Config(), force=True)
        reads = sum(n > len(text) // 2 for n in whole)
        want = progress.apply(str(plain), task, raw, today=today, config=Config(), force=True, incremental=False)
        assert (got.text, got.changes, sorted(map(_key, got.introduced))) == (
            want.text, want.changes, sorted(map(_key, want.introduced))), (task, raw)
        progress.save(got)
        progress.save(want)
    assert reads == 1  # the edited plan, read whole
    assert len(list(folder.glob("*-snapshot.json"))) == 1
