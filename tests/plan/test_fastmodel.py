"""The quick path's twin models agree with pydantic: whatever :func:`fastmodel.build` accepts,
pydantic accepts as the same values, and the lint rules find the same things on either."""

from __future__ import annotations

import datetime as dt
import pickle
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from pydantic import BaseModel, ValidationError

from conftest import ROOT, SEED_PLANS
from isoctl.lint.config import Config
from isoctl.lint.engine import lint_checked
from isoctl.plan import fastmodel, tablegen
from isoctl.plan.loader import load_file, load_text
from isoctl.plan.model import Plan
from isoctl.plan.validate import check_loaded
from strategies import SETTINGS, mutated_plan

EXAMPLES = [p for p in sorted((ROOT / "tests").glob("examples/*/*.yaml")) + sorted((ROOT / "tests" / "bad").glob("*.yaml"))
            if not load_file(str(p)).errors]  # the rest is not YAML a plan could be built from


def _fields(obj: object) -> object:
    """Any model object as plain data, field by field (no serialisation)."""
    if isinstance(obj, fastmodel.FastModel):
        return {"<class>": type(obj).__name__, **{f: _fields(getattr(obj, f)) for f in obj.__slots__}}
    if isinstance(obj, BaseModel):
        return {"<class>": type(obj).__name__, **{f: _fields(getattr(obj, f)) for f in type(obj).model_fields}}
    if isinstance(obj, list):
        return [_fields(x) for x in obj]
    return obj


def assert_agrees(data: object) -> str:
    """``build`` gives up, or agrees with pydantic; say which."""
    fast = fastmodel.build(data)
    try:
        slow = Plan.model_validate(data)
    except ValidationError:
        assert fast is None, "the quick path accepted what pydantic refuses"
        return "refused"
    if fast is None:
        return "gave up"
    assert _fields(fast) == _fields(slow)
    for mode in ("python", "json"):
        for exclude_none in (False, True):
            assert fast.model_dump(mode=mode, exclude_none=exclude_none) == \
                slow.model_dump(mode=mode, exclude_none=exclude_none), (mode, exclude_none)
    return "agreed"


def test_the_table_is_generated_from_the_current_models() -> None:
    committed = (ROOT / "isoctl" / "plan" / "_model_table.py").read_text(encoding="utf-8")
    assert committed == tablegen.generate(), "run: python -m isoctl.plan.tablegen"


@pytest.mark.parametrize("path", [*SEED_PLANS, *EXAMPLES], ids=lambda p: p.name)
def test_real_and_example_plans(path: Path) -> None:
    outcome = assert_agrees(load_file(str(path)).data)
    if path in SEED_PLANS:
        assert outcome == "agreed"  # the seeds are schema-valid: the quick path must take them


@pytest.mark.parametrize("path", SEED_PLANS, ids=lambda p: p.name)
def test_rules_find_the_same_on_twins_and_on_pydantic_models(path: Path) -> None:
    loaded = load_file(str(path))
    fast, slow = check_loaded(loaded, fast=True), check_loaded(loaded)
    assert isinstance(fast.plan, fastmodel.FastModel) and isinstance(slow.plan, Plan)
    config = Config()
    assert lint_checked(fast, config).findings == lint_checked(slow, config).findings


BASE = """format: 1
year: 2024
agency: {name: Sở, abbr: S}
document: {title: Kế hoạch}
units: [{id: VP, name: Văn phòng}]
phases: [{id: p, tasks: [{id: t, title: Đánh giá, lead: VP, when: Tháng 6}]}]
"""


@pytest.mark.parametrize(("change", "outcome"), [
    ("", "agreed"),
    ("intro: '  padded\\t'", "agreed"),
    ('intro: "\\u00a0padded\\u3000"', "agreed"),
    ('intro: "\\x1cpadded\\x85"', "agreed"),  # U+001C is white space to Python's strip, not to pydantic
    ('intro: "a\\u200b"', "agreed"),
    ("year: '2024'", "gave up"),
    ("year: 2024.0", "gave up"),
    ("year: true", "refused"),
    ("year: 1900", "refused"),
    ("status: issued", "agreed"),
    ("status: Issued", "refused"),
    ("scope: [a, b]", "agreed"),
    ("scope: {subjects: all, items: x}", "agreed"),
    ("scope: 5", "refused"),
    ("purpose: 5", "refused"),
    ("purpose: ~", "agreed"),
    ("document: {title: K, date: 2024-01-05}", "agreed"),
    ("document: {title: K, date: '2024-01-05'}", "gave up"),
    ("document: {title: K, date: 2024-01-05 10:00:00}", "refused"),
    ("document: {title: K, number: 12}", "agreed"),
    ("document: {title: K, number: 12/KH-S}", "agreed"),
    ("document: {title: K, number: true}", "refused"),
    ("document: {title: K, extra: 1}", "refused"),
    ("agency: {name: Sở}", "refused"),
    ("phases: []", "refused"),
    ("signer: {authority: KT., title: Giám đốc}", "agreed"),
    ("signer: {authority: XX, title: Giám đốc}", "refused"),
    ("qms: {scope: [a]}", "agreed"),
    ("committee: {members: []}", "refused"),
])
def test_edge_values(change: str, outcome: str) -> None:
    key = change.split(":", 1)[0]
    lines = [ln for ln in BASE.splitlines() if not ln.startswith(f"{key}:")] if change else BASE.splitlines()
    loaded = load_text("\n".join([*lines, change]) + "\n")
    assert not loaded.errors
    assert assert_agrees(loaded.data) == outcome


@pytest.mark.parametrize(("task", "outcome"), [
    ("{id: 'two words', title: T}", "refused"),
    ("{id: t, title: T, activity: internal-audit}", "agreed"),
    ("{id: t, title: T, activity: [audit]}", "refused"),
    ("{id: t, title: T, when: '7,8/2024'}", "agreed"),
    ("{id: t, title: T, when: {months: [3, 9]}}", "agreed"),
    ("{id: t, title: T, when: Tháng 13}", "refused"),
    ("{id: t, title: T, when: 2024-06-01}", "agreed"),
    ("{id: t, title: T, when: 6}", "refused"),
    ("{id: t, title: T, status: done, done_on: 2024-06-02}", "agreed"),
    ("{id: t, title: T, lead: [1]}", "refused"),
])
def test_edge_tasks(task: str, outcome: str) -> None:
    text = BASE.replace("[{id: t, title: Đánh giá, lead: VP, when: Tháng 6}]", f"[{task}]")
    loaded = load_text(text)
    assert not loaded.errors
    assert assert_agrees(loaded.data) == outcome


def test_twins_pickle_compare_and_keep_the_plan_methods() -> None:
    plan = fastmodel.build(load_file(str(SEED_PLANS[0])).data)
    assert plan is not None
    again = pickle.loads(pickle.dumps(plan))
    assert again == plan and again is not plan
    assert [t.id for _, t in plan.tasks()] == [t.id for _, t in Plan.model_validate(
        load_file(str(SEED_PLANS[0])).data).tasks()]
    assert "Plan(format=" in repr(plan)


def test_the_generator_refuses_what_it_cannot_express() -> None:
    class Odd(BaseModel):
        ratio: float

    with pytest.raises(ValueError, match="Odd.ratio"):
        tablegen.generate(Odd)


def test_a_date_subclass_is_left_to_pydantic() -> None:
    data = load_text(BASE).data
    data["document"] = {"title": "K", "date": dt.datetime(2024, 1, 5)}
    assert fastmodel.build(data) is None


@SETTINGS
@given(mutated_plan())
def test_mutated_plans_agree(case: tuple[str, str]) -> None:
    name, text = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        loaded = load_file(str(path))
    if loaded.errors or not isinstance(loaded.data, dict):
        return
    assert_agrees(loaded.data)
    fast, slow = check_loaded(loaded, fast=True), check_loaded(loaded)
    config = Config()
    assert lint_checked(fast, config).findings == lint_checked(slow, config).findings


WHITE_SPACE = [chr(c) for c in range(0x110000) if chr(c).isspace()]


@pytest.mark.parametrize("where", ["{c}x", "x{c}", "x{c}y", "{c}"])
def test_a_task_id_with_white_space_in_it_is_refused_by_both_models(where: str) -> None:
    """Every character str.isspace calls white space (the NBSP, U+2028, U+3000 …), inside an id
    or alone: pydantic refuses the id and the twins leave it to pydantic. At its ends, both
    models strip what they strip first (the same set), and then agree."""
    from isoctl.plan.modelbase import task_id_ok

    assert len(WHITE_SPACE) > 20
    data = {"format": 1, "year": 2024, "agency": {"name": "Sở", "abbr": "S"}, "document": {"title": "Kế hoạch"},
            "units": [{"id": "VP", "name": "Văn phòng"}],
            "phases": [{"id": "p", "tasks": [{"id": "nv-1", "title": "Rà soát", "lead": ["VP"]}]}]}
    assert assert_agrees(data) == "agreed"
    inside = where in ("x{c}y", "{c}")
    for c in WHITE_SPACE:
        task_id = where.format(c=c)
        assert not task_id_ok(task_id), repr(task_id)
        data["phases"][0]["tasks"][0]["id"] = task_id
        assert assert_agrees(data) == "refused" if inside else assert_agrees(data) in ("refused", "agreed")
    assert task_id_ok("nv-1.2") and task_id_ok("Đ1") and not task_id_ok("")


def _task_edits(year: int) -> list[dict[str, object]]:
    """What done/set write into a task, and values the twins give up on (pydantic then decides)."""
    return [{"status": "cancelled"}, {"status": "done", "done_on": dt.date(year, 3, 2)}, {"status": "nonsense"},
            {"when": "Tháng 5"}, {"when": f"Quý II/{year}"}, {"when": {"from": "bogus"}}, {"when": None},
            {"note": "Theo ISO 9001:2015"}, {"note": None}, {"result": "Đã xong"}, {"evidence": ["Biên bản"]},
            {"reason": 5}, {"id": "has space"}]


@pytest.mark.parametrize("path", [*SEED_PLANS, *EXAMPLES[:8]], ids=lambda p: p.name)
def test_a_spliced_twin_is_the_twin_of_the_edited_data(path: Path) -> None:
    """fastmodel.spliced (the edited plan's twin from the plan as read's, one task built again) is
    build() of the edited data, for every task and every kind of edit, or None where build gives
    up; every other task's twin is the plan as read's own object."""
    import copy

    data = load_file(str(path)).data
    before = fastmodel.build(data)
    if before is None:
        pytest.skip("pydantic decides this plan")
    spliced = 0
    for (pi, ti), _task in before.tasks():
        for change in _task_edits(before.year):
            edited = copy.deepcopy(data)
            task = edited["phases"][pi]["tasks"][ti]
            for key, value in change.items():
                if value is None:
                    task.pop(key, None)
                else:
                    task[key] = value
            want = fastmodel.build(edited)
            got = fastmodel.spliced(before, edited, pi, ti)
            if want is None:
                assert got is None, (pi, ti, change)
                continue
            assert got == want and _fields(got) == _fields(want), (pi, ti, change)
            assert all(a is b for ((p, t), a), (_, b) in zip(got.tasks(), before.tasks(), strict=True) if (p, t) != (pi, ti))
            spliced += 1
    assert spliced >= len(before.tasks()) * 6
    assert fastmodel.spliced(Plan.model_validate(data), data, 0, 0) is None  # not a twin
