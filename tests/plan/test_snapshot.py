"""isoctl.plan.snapshot: a plan kept as data and positions, task by task, and spliced after an
edit of one task, is the plan the loader reads from the edited text: the same data, the same
positions in the same order, the same schema findings. On every task of the real and of
generated plans (with CRLF, a BOM, dates, a last task followed by another phase or by the end of
the file), for every field done/set can change, through a JSON round trip."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from isoctl.lint import incremental as inc
from isoctl.plan.law import years
from isoctl.plan.loader import load_text
from isoctl.plan.snapshot import Broken, Snapshot
from isoctl.plan.validate import check_text
from isoctl.timeline.progress import _values, edit_lines
from tests.conftest import SEED_PLANS
from tests.lint.test_incremental import edits

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import plan_text  # noqa: E402


def _finding(f):
    return (f.line, f.col, f.code, f.message, f.severity, f.hint, tuple(f.path), f.end_line, f.end_col)


def _same_loaded(got, want) -> None:
    assert got.data == want.data
    assert list(got.values.items()) == list(want.values.items())
    assert list(got.keys.items()) == list(want.keys.items())
    for path, pos in want.values.items():  # looked up one by one, as the rules do
        assert got.values.get(path) == pos and path in got.values and got.values[path] == pos
    for path, pos in want.keys.items():
        assert got.keys.get(path) == pos
    assert got.values.get(("phases", 10**6)) is None and ("nowhere",) not in got.keys


def _round_trip(snapshot: Snapshot) -> Snapshot:
    back = Snapshot.from_json(json.loads(json.dumps(snapshot.to_json(), ensure_ascii=False)))
    assert back is not None
    return back


def _edits_of(text: str, file: str, picks):
    """(before, state, k, after, moved) for each task and each edit ``picks(k)`` changes."""
    read = check_text(text.lstrip("\ufeff"), file, fast=True)
    state = inc.structure_of(read)
    assert state is not None
    plan = read.plan
    for k in range(len(state.ids)):
        for raw in picks(k, plan.year):
            values = _values(raw, plan.year, dt.date(plan.year, 12, 31), file=file, force=True, years=years(plan))
            pi, ti, first, stop, col = state.tasks[k]
            local = edit_lines(text, state.ids[k], values, (first, stop, col, ("phases", pi, "tasks", ti)))
            if local is None or not local[1]:
                continue
            after = local[0]
            yield read, state, k, after, inc._moved(state, k, after.count("\n") - text.count("\n"))


def _check(text: str, file: str, picks) -> int:
    checked = 0
    for read, state, k, after, moved in _edits_of(text, file, picks):
        base = Snapshot.of(read.loaded, inc.where(state))
        _same_loaded(base.loaded(file, read.loaded.text), read.loaded)
        for snapshot in (base, _round_trip(base)):
            made = inc.spliced_check(snapshot, text, after, moved, k, file)
            assert made is not None, (state.ids[k], after.count("\n") - text.count("\n"))
            got, spliced = made
            want = check_text(after.lstrip("\ufeff"), file, fast=True)
            _same_loaded(got.loaded, want.loaded)
            across = [f for f in want.findings if f.code in inc._CROSS]  # the checks across tasks
            assert sorted(map(_finding, got.findings)) == sorted(map(_finding, across))
            assert not any(f.severity == "error" and f.code not in inc._CROSS for f in want.findings)
            assert got.plan is not None and got.plan.tasks() == want.plan.tasks()
            _same_loaded(_round_trip(spliced).loaded(file, want.loaded.text), want.loaded)
        checked += 1
    return checked


def _rotating(k: int, year: int) -> list[dict[str, str]]:
    every = edits(year)
    return [every[(k * 3) % len(every)], every[(k * 3 + 7) % len(every)], {"status": "cancelled"}]


@pytest.mark.parametrize("path", SEED_PLANS, ids=lambda p: p.name)
def test_every_task_of_the_real_plans(path):
    text = path.read_text(encoding="utf-8")
    read = check_text(text, str(path), fast=True)
    if read.plan is None or any(f.severity == "error" for f in read.findings) or inc.structure_of(read) is None:
        pytest.skip("done/set edit this plan the whole way")
    assert _check(text, str(path), _rotating) >= len(read.plan.tasks())


@pytest.mark.parametrize("variant", ["plain", "crlf", "bom"])
def test_every_field_on_every_task_of_a_generated_plan(variant):
    text = plan_text(11, 12)
    if variant == "crlf":
        text = text.replace("\n", "\r\n")
    elif variant == "bom":
        text = "\ufeff" + text
    assert _check(text, f"{variant}.yaml", lambda k, year: edits(year)) >= 12 * 10


def test_dates_and_the_last_task_before_another_phase_or_the_end(tmp_path):
    """Dates in the header and in tasks (JSON holds none: kept apart and read back as dates and
    datetimes), and tasks whose lines are followed by a phase, a top-level key or nothing."""
    text = plan_text(5, 6)
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("- id: nv-1-1"))
    indent = " " * (len(lines[at]) - len(lines[at].lstrip()) + 2)
    lines[at + 1:at + 1] = [f"{indent}done_on: 2024-03-02", f"{indent}status: done"]
    text = "\n".join(lines).rstrip("\n") + "\n"
    stamped = text.replace("\nyear:", "\nsigned_at: 2024-01-02 10:30:00+07:00\nyear:", 1)
    for source in (text, text.rstrip("\n"), text + "\n# the end\n"):
        assert _check(source, "dates.yaml", lambda k, year: [{"done_on": f"{year}-05-06"}, {"note": "một\nhai"}]) >= 6
    loaded = load_text(stamped, "stamped.yaml")
    if loaded.errors or not isinstance(loaded.data, dict):
        pytest.fail(str(loaded.errors))
    read = check_text(stamped, "stamped.yaml", fast=True)
    where = [(pi, ti) for (pi, ti), _ in read.plan.tasks()] if read.plan is not None else None
    if where is None:  # an unknown field: the snapshot does not need a valid plan
        where = [(pi, ti) for pi, p in enumerate(loaded.data["phases"]) for ti in range(len(p.get("tasks") or []))]
    snapshot = _round_trip(Snapshot.of(loaded, where))
    data = snapshot.data()
    assert data == loaded.data and isinstance(data["signed_at"], dt.datetime) and data["signed_at"].utcoffset()
    task = data["phases"][0]["tasks"][0]
    assert type(task["done_on"]) is dt.date


def test_an_edit_outside_the_task_or_lines_that_do_not_read_as_it_are_not_spliced():
    text = plan_text(11, 6)
    for read, state, k, after, moved in _edits_of(text, "x.yaml", lambda k, year: [{"note": "một"}]):
        base = Snapshot.of(read.loaded, inc.where(state))
        assert inc.spliced_check(base, text, after, moved, k, "x.yaml") is not None
        changed = after.replace("\nyear:", "\nyear:  ", 1)  # a line above the task
        assert inc.spliced_check(base, text, changed, moved, k, "x.yaml") is None
        tail = after.rstrip("\n") + "\n# một dòng\n"  # a line below it
        assert inc.spliced_check(base, text, tail, moved, k, "x.yaml") is None
        other = moved.ids[:k] + ["khac"] + moved.ids[k + 1:]
        assert inc.spliced_check(base, text, after, inc.State(other, moved.tasks, moved.phases, []), k,
                                 "x.yaml") is None
        break
    else:
        pytest.fail("no edit")


@pytest.mark.parametrize("damage", ["version", "byteorder", "tasks", "head", "rows", "not-a-dict"])
def test_a_snapshot_that_is_not_one_is_refused(damage):
    loaded = check_text(plan_text(11, 4), "x.yaml", fast=True)
    payload = Snapshot.of(loaded.loaded, inc.where(inc.structure_of(loaded))).to_json()
    if damage == "version":
        payload["version"] = 99
    elif damage == "byteorder":
        payload["byteorder"] = "big" if sys.byteorder == "little" else "little"
    elif damage == "tasks":
        payload["tasks"][0] = [0, 0, 5]
    elif damage == "head":
        payload["head"] = ["x"]
    elif damage == "rows":
        payload["head_values"] = [[["x"], 1]]
    else:
        payload = ["x"]
    assert Snapshot.from_json(payload) is None


def test_positions_that_do_not_fit_the_data_are_an_error_not_a_wrong_answer():
    loaded = check_text(plan_text(11, 4), "x.yaml", fast=True)
    payload = Snapshot.of(loaded.loaded, inc.where(inc.structure_of(loaded))).to_json()
    import base64
    from array import array

    payload["tasks"][1][4] = base64.b64encode(array("i", [1, 1, 1, 2, 0]).tobytes()).decode()  # one position
    snapshot = Snapshot.from_json(payload)
    pi, ti = snapshot.tasks[1].pi, snapshot.tasks[1].ti
    with pytest.raises(Broken):
        snapshot.loaded("x.yaml", "").values.get(("phases", pi, "tasks", ti))


@pytest.mark.parametrize("damage", ["a task's text", "two texts in one", "the head"])
def test_data_that_does_not_read_back_is_an_error_not_a_wrong_answer(damage):
    loaded = check_text(plan_text(11, 4), "x.yaml", fast=True)
    payload = Snapshot.of(loaded.loaded, inc.where(inc.structure_of(loaded))).to_json()
    if damage == "a task's text":
        payload["tasks"][0][2] = "{"
    elif damage == "two texts in one":
        payload["tasks"][0][2] += "," + payload["tasks"][1][2]
    else:
        payload["head"] = "[]"
    with pytest.raises(Broken):
        Snapshot.from_json(payload).data()



_STYLES = ["|", "|-", "|+", ">", ">-", "|2"]


def _with_block_scalars(text: str) -> str:
    """Every task ending in a block scalar (each chomping and folding style in turn), then a
    blank line and a comment, where a scalar's end and the task's are furthest apart."""
    out: list[str] = []
    indent = None
    n = 0

    def close() -> None:
        nonlocal n
        if indent is None:
            return
        style = _STYLES[n % len(_STYLES)]
        body = " " * (len(indent) + 2)
        out.extend([f"{indent}result: {style}", f"{body}Dòng một", f"{body}  thụt vào", f"{body}Dòng hai", "",
                     f"{indent}# chú thích sau nhiệm vụ {n}", ""][: 7 - (n % 3)])
        n += 1

    phases_over = False
    for line in text.split("\n"):
        task, phase = line.startswith("      - id: "), line.startswith("  - id: ")
        top = bool(line) and not line.startswith((" ", "#")) and not line.startswith("phases:")
        if task or phase or (top and not phases_over and indent is not None):
            close()
            indent = " " * 8 if task else None
            phases_over = phases_over or top
        out.append(line)
    close()
    return "\n".join(out)


def test_tasks_that_end_in_block_scalars_blank_lines_and_comments():
    text = _with_block_scalars(plan_text(11, 12))
    read = check_text(text, "blocks.yaml", fast=True)
    assert read.plan is not None and not [f for f in read.findings if f.severity == "error"], read.findings[:3]
    assert sum(1 for _, t in read.plan.tasks() if getattr(t, "result", None)) == 12
    every = [{"note": "một"}, {"status": "cancelled"}, {"result": ""}, {"result": "Xong"}, {"when": "Tháng 5"},
             {"note": "một\nhai"}]
    assert _check(text, "blocks.yaml", lambda k, year: every) >= 12 * 4
