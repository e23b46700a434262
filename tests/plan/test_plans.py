"""The four real plans in plans/ load, pass the schema checks, and keep every schedule as written."""

from __future__ import annotations

import pytest

from conftest import ROOT, SEED_PLANS
from isoctl.plan.loader import load_file
from isoctl.plan.validate import check_file

EXPECTED = {
    "plan-2023.yaml": (2023, 1, 14),
    "plan-2024.yaml": (2024, 5, 14),
    "skhcn-2021.yaml": (2021, 1, 7),
    "tinh-2023-phu-luc-1.yaml": (2023, 3, 18),
}


def test_all_four_seeds_are_transcribed() -> None:
    assert sorted(p.name for p in SEED_PLANS) == sorted(EXPECTED)
    assert (ROOT / "plans/plan-2023.yaml").is_file() and (ROOT / "plans/plan-2024.yaml").is_file()


@pytest.mark.parametrize("path", SEED_PLANS, ids=lambda p: p.name)
def test_seed_plan_loads(path) -> None:
    result = check_file(str(path))
    assert [f for f in result.findings if f.code.startswith("E")] == []
    plan = result.plan
    year, phases, tasks = EXPECTED[path.name]
    assert plan.year == year
    assert len(plan.phases) == phases
    assert len(plan.tasks()) == tasks


@pytest.mark.parametrize("path", SEED_PLANS, ids=lambda p: p.name)
def test_every_written_schedule_round_trips(path) -> None:
    loaded = load_file(str(path))
    plan = check_file(str(path)).plan
    for (pi, ti), task in plan.tasks():
        written = loaded.data["phases"][pi]["tasks"][ti].get("when")
        if written is None:
            continue
        assert task.when.format() == " ".join(str(written).split()), task.id
