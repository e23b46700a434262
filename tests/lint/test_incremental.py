"""done/set's incremental lint (isoctl.lint.incremental) gives what a full lint of the written plan
gives: for every field done/set can change, on every task of small generated plans and of the real
plans, the findings (positions, messages, hints, identities, fixes) and the windows of the state
after the edit are those made from the written text from scratch, and what validate would report
from them is what validate reports."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from isoctl.i18n import choose
from isoctl.lint import incremental as inc
from isoctl.lint.config import Config
from isoctl.lint.engine import finish_raw, lint_checked
from isoctl.plan.law import years
from isoctl.plan.validate import check_text
from isoctl.timeline.progress import _values, edit_lines
from tests.conftest import SEED_PLANS

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import plan_text  # noqa: E402

CONFIG = Config()


def edits(year: int) -> list[dict[str, str]]:
    """Every field done/set can change, set and removed, with texts that wake the text rules
    (citations, ISO without TCVN, both tone placements, a defunct district, a second line)."""
    return [
        {"status": "in-progress"}, {"status": "cancelled"}, {"status": "done"}, {"status": "planned"},
        {"done_on": f"{year}-03-02"}, {"done_on": ""},
        {"when": "Tháng 5"}, {"when": f"Quý II/{year}"}, {"when": "Thường xuyên"}, {"when": ""},
        {"note": "Theo ISO 9001:2015 và Quyết định 19/2014/QĐ-TTg ngày 05/03/2014; hoà hợp, hòa nhập"},
        {"note": ""},
        {"result": "Đã hoàn thành  đúng hạn tại huyện Từ Liêm, Quyết định 101/QĐ-XYZ"},
        {"evidence": f"Biên bản số 12/BB-VP ngày 02/03/{year}"}, {"evidence": ""},
        {"reason": "Chậm do thiếu kinh phí"}, {"reason": ""},
    ]


def _key(f):
    fix = (tuple(f.fix.path), f.fix.old, f.fix.new, f.fix.word) if f.fix is not None else None
    return (f.line, f.col, f.code, f.message, f.severity, f.hint, tuple(f.path), f.end_line, f.end_col, fix, f.ident)


def check_edit(text: str, file: str, k: int, raw: dict[str, str], state=None) -> tuple[str, list[str]] | None:
    """Edit task ``k`` of ``text`` with ``raw`` and compare the incremental state with a full one;
    (the edited text, the rules run on the whole plan), or None when the edit changes nothing or
    the schema refuses it."""
    read = check_text(text.lstrip("\ufeff"), file, fast=True)  # as done/set read it
    state = state or inc.state_of(read, CONFIG)
    assert state is not None
    plan = read.plan
    values = _values(raw, plan.year, dt.date(plan.year, 12, 31), file=file, force=True, years=years(plan))
    pi, ti, first, stop, col = state.tasks[k]
    local = edit_lines(text, state.ids[k], values, (first, stop, col, ("phases", pi, "tasks", ti)))
    if local is None:  # isoctl is not certain of the task's lines (a flow mapping): the whole path
        return None
    edited, changed = local
    if not changed:
        return None
    got = inc.after_edit(state, text, edited, k, CONFIG, file)
    full = check_text(edited.lstrip("\ufeff"), file, fast=True)
    if full.plan is None or any(f.severity == "error" for f in full.findings):
        assert got is None  # the whole path reports the schema's errors
        return None
    want = inc.state_of(full, CONFIG)
    assert got is not None, (state.ids[k], raw)
    new_state, _ = got
    assert new_state.ids == want.ids
    assert new_state.tasks == want.tasks, (state.ids[k], raw)
    assert new_state.phases == want.phases
    assert sorted(map(_key, new_state.findings)) == sorted(map(_key, want.findings)), (state.ids[k], raw)
    reported = finish_raw(new_state.findings, file, edited.lstrip("\ufeff"), read.loaded.data, CONFIG)
    assert sorted(map(_key, reported)) == sorted(map(_key, lint_checked(full, CONFIG).findings))
    return edited, new_state.reruns


@pytest.mark.parametrize("seed", [3, 11])
def test_every_field_on_every_task_of_a_generated_plan(seed):
    text = plan_text(seed, 24)
    file = f"gen-{seed}.yaml"
    read = check_text(text, file, fast=True)
    state = inc.state_of(read, CONFIG)
    assert state is not None and len(state.ids) == 24
    year = read.plan.year
    local = 0
    for k in range(len(state.ids)):
        for raw in edits(year):
            out = check_edit(text, file, k, raw, state)
            if out is not None and set(raw) <= {"status", "done_on", "reason"} and raw.get("status") != "cancelled":
                # progress, and a text without citations: no rule runs on the whole plan
                assert out[1] == [], (state.ids[k], raw, out[1])
                local += 1
    assert local >= len(state.ids) * 4


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_edits_in_a_row_each_from_the_state_before(lang):
    """As the cache is used: each edit starts from the state the one before left."""
    choose(lang)
    try:
        text = plan_text(5, 30)
        file = "row.yaml"
        state = inc.state_of(check_text(text, file, fast=True), CONFIG)
        year = check_text(text, file, fast=True).plan.year
        for step, raw in enumerate(edits(year) * 2):
            k = (step * 7) % len(state.ids)
            out = check_edit(text, file, k, raw, state)
            if out is None:
                continue
            text = out[0]
            state = inc.state_of(check_text(text, file, fast=True), CONFIG)
    finally:
        choose("en")


@pytest.mark.parametrize("path", SEED_PLANS, ids=lambda p: p.name)
def test_every_task_of_the_real_plans(path):
    text = path.read_text(encoding="utf-8")
    file = str(path)
    read = check_text(text, file, fast=True)
    if read.plan is None or any(f.severity == "error" for f in read.findings):
        pytest.skip("done/set refuse a plan with schema errors")
    state = inc.state_of(read, CONFIG)
    assert state is not None
    year = read.plan.year
    every = edits(year)
    for k in range(len(state.ids)):
        for raw in (every[k % len(every)], every[(k * 5 + 3) % len(every)], {"status": "done"}):
            check_edit(text, file, k, raw, state)


def test_a_rule_that_reads_more_than_it_declares_is_caught(monkeypatch):
    """The guard: V004 (letters of a phase's tasks in order) declared task-scope gives, on the
    reduced plan as read, a finding the full lint does not have (alone, task b) looks like a list
    that starts at b), and nothing incremental is trusted: the edit goes the whole way."""
    from isoctl.lint.rules import all_rules
    from tests.samples import P2023

    v004 = next(m for m in all_rules() if m.CODE == "V004")
    text = Path(P2023).read_text(encoding="utf-8")
    state = inc.state_of(check_text(text, P2023, fast=True), CONFIG)
    k = state.ids.index("kien-toan-bcd")
    pi, ti, first, stop, col = state.tasks[k]
    edited, _ = edit_lines(text, state.ids[k], {"note": "x"}, (first, stop, col, ("phases", pi, "tasks", ti)))
    assert inc.after_edit(state, text, edited, k, CONFIG, P2023) is not None
    monkeypatch.setattr(v004, "SCOPE", "task")
    assert inc.after_edit(state, text, edited, k, CONFIG, P2023) is None


def _with_suppressions(text: str) -> str:
    """Suppressions as users write them: one on a task's title line, one above a task (the whole
    task), one that suppresses nothing (X001), in a plan whose tasks start 'nv-'."""
    found = lint_checked(check_text(text, "x.yaml", fast=True), CONFIG).findings
    lines = text.split("\n")
    for f in found:
        if f.path[:1] == ("phases",) and len(f.path) > 4:  # a finding in a task: suppressed on its line
            lines[f.line - 1] += f"  # isoctl: ignore[{f.code}]"
            break
    titles = [i for i, line in enumerate(lines) if line.strip().startswith("title:") and line.startswith("        ")]
    lines[titles[1]] += "  # isoctl: ignore[V003]"
    lines[titles[4]] += "  # isoctl: ignore[L008]"
    starts = [i for i, line in enumerate(lines) if line.strip().startswith("- id: nv-")]
    indent = lines[starts[6]][:len(lines[starts[6]]) - len(lines[starts[6]].lstrip())]
    lines.insert(starts[6], indent + "# isoctl: ignore[S003]")
    return "\n".join(lines)


@pytest.mark.parametrize("variant", ["suppressions", "crlf", "bom"])
def test_suppressions_line_endings_and_a_bom(variant):
    text = plan_text(11, 16)
    if variant == "suppressions":
        text = _with_suppressions(text)
        codes = [f.code for f in lint_checked(check_text(text, "x.yaml", fast=True), CONFIG).findings]
        assert "X001" in codes and "C005" not in codes  # one suppression works, others are unused
    elif variant == "crlf":
        text = text.replace("\n", "\r\n")
    else:
        text = "\ufeff" + text
    file = f"{variant}.yaml"
    read = check_text(text.lstrip("\ufeff"), file, fast=True)
    state = inc.state_of(read, CONFIG)
    assert state is not None
    every = edits(read.plan.year)
    for k in range(len(state.ids)):
        for raw in (every[k % len(every)], every[(k * 3 + 5) % len(every)], {"status": "done"}, {"note": "một"}):
            check_edit(text, file, k, raw, state)
