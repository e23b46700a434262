"""Kinds of plan (maintenance, inspection, programme): the fields each has, how a period is
written, and E204 when a field belongs to another kind — through the pydantic models and the
quick path alike."""

from __future__ import annotations

import pytest
import yaml

from isoctl.lint.rules.examples import build
from isoctl.plan.fastmodel import build as fast_build
from isoctl.plan.modelbase import Period, PeriodError, to_period
from isoctl.plan.validate import check_text


@pytest.mark.parametrize(("written", "years"), [
    ("2021-2030", (2021, 2030)), ("2021–2030", (2021, 2030)), ("2021 - 2025", (2021, 2025)),
    ("Giai đoạn 2021-2030", (2021, 2030)), ("giai đoạn 2026 — 2030", (2026, 2030)),
    ({"start": 2021, "end": 2030}, (2021, 2030)),
])
def test_a_period_as_agencies_write_it(written, years) -> None:
    period = to_period(written)
    assert (period.start, period.end) == years
    assert list(period.years()) == list(range(years[0], years[1] + 1))
    assert period.format() == (written if isinstance(written, str) else f"{years[0]}-{years[1]}")


@pytest.mark.parametrize("written", ["2021", "2030-2021", "2021-2021", "Giai đoạn 2021", "2021-30",
                                     "1980-1990", {"start": 2021}, {"start": "2021", "end": 2030}, 2021, [2021, 2030]])
def test_what_is_not_a_period(written) -> None:
    with pytest.raises(PeriodError):
        to_period(written)


def test_a_bad_period_is_e103_at_its_line() -> None:
    text = build("kind: programme\nyear: 2021\nperiod: 2030-2021\n")
    [f] = check_text(text).findings
    assert f.code == "E103" and "2030-2021" in f.message
    assert text.split("\n")[f.line - 1].startswith("period:")


@pytest.mark.parametrize(("fragment", "where"), [
    ("kind: programme\n", "kind"),  # a programme without its years
    ("period: 2021-2030\nyear: 2021\n", "period"),  # a period on a one-year plan
    ("kind: inspection\nyear: 2021\nperiod: 2021-2025\n", "period"),
    ("kind: programme\nperiod: 2021-2025\nyear: 2026\n", "year"),  # the year outside the period
    ("inspects: [Sở Tư pháp]\n", "inspects"),  # the agency's own plan inspects no one
    ("kind: programme\nyear: 2021\nperiod: 2021-2025\ninspects: [Sở Tư pháp]\n", "inspects"),
])
@pytest.mark.parametrize("fast", [False, True])
def test_e204_a_field_of_another_kind(fragment, where, fast) -> None:
    text = build(fragment)
    found = check_text(text, fast=fast).findings
    assert [f.code for f in found] == ["E204"], found
    assert text.split("\n")[found[0].line - 1].lstrip().startswith(where + ":")


@pytest.mark.parametrize("fragment", [
    "",  # maintenance by default
    "kind: maintenance\nstandard: TCVN ISO 18091:2020\n",
    "kind: inspection\ninspects:\n  - Sở Tư pháp\n  - name: UBND các xã\n    count: 45\n",
    "kind: inspection\n",  # the list may be in an appendix; C009 asks for it
    "kind: programme\nyear: 2021\nperiod: 2021-2030\n",
    "kind: programme\nyear: 2030\nperiod: 2021-2030\n",
])
def test_each_kind_with_its_own_fields_is_valid(fragment) -> None:
    text = build(fragment)
    slow, fast = check_text(text), check_text(text, fast=True)
    assert not slow.findings and not fast.findings
    assert fast.plan.model_dump(mode="json") == slow.plan.model_dump(mode="json")


def test_the_quick_path_builds_the_kinds_fields() -> None:
    data = yaml.safe_load(build("kind: programme\nyear: 2021\nperiod: 2021–2030\n"))
    plan = fast_build(data)
    assert plan is not None and plan.kind == "programme" and plan.period == Period(2021, 2030)
    assert plan.model_dump()["period"] == "2021–2030"
    assert fast_build(yaml.safe_load(build("kind: programme\nperiod: 2021\n"))) is None  # pydantic reports it
