"""Diff and textconv follow the model: every field of every model type, changed in turn, is seen
by the semantic diff, by textconv and by `isoctl diff --exit-code`. The fields are read from the
pydantic models, so a field added to the model is in this test without a change to it."""

from __future__ import annotations

import copy
import datetime as dt
import types
import typing
from typing import Any, Literal

import pytest
import yaml
from pydantic import BaseModel

from conftest import PLANS
from isoctl.plan import model as M
from isoctl.plan.activities import activities_of
from isoctl.plan.describe import FIELDS, MODELS
from isoctl.plan.files import plan_from_text
from isoctl.review.diff import diff_plans, format_markdown, format_text
from isoctl.review.review import textconv

UNITS = ["VP", "TV"]


def _arms(annotation: Any) -> list[Any]:
    """The types a field accepts (Annotated and Optional unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _arms(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _arms(arg)]
    return [annotation]


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for arm in _arms(annotation):
        if isinstance(arm, type) and issubclass(arm, BaseModel):
            return arm
        if typing.get_origin(arm) is list:
            inner = _model_of(typing.get_args(arm)[0])
            if inner is not None:
                return inner
    return None


def _sample(model: type[BaseModel], name: str, annotation: Any, n: int) -> Any:
    """A valid value for a field that has none (references point at the plan's units and tasks)."""
    if model is M.Task and name in ("lead", "partners", "optional_units"):
        return ["VP"]
    if model is M.Responsibility and name == "unit":
        return "VP"
    if model is M.Task and name == "after":
        return []
    if model is M.Plan and name == "kind":  # the fields of every kind cannot meet in one plan (E204):
        return "inspection"  # the full plan inspects; a programme's period is tested on its own below
    if model is M.Plan and name == "period":
        return None
    arm = next(a for a in _arms(annotation) if a is not type(None))
    if model is M.Plan and name == "scope":
        arm = M.ScopeDetail
    if isinstance(arm, type) and issubclass(arm, BaseModel):
        return _full(arm, n)
    origin = typing.get_origin(arm)
    if origin is list:
        inner = typing.get_args(arm)[0]
        sub = _model_of(inner)
        return [_full(sub, n)] if sub is not None else [_scalar(inner, n)]
    return _scalar(arm, n, field=name)


def _scalar(arm: Any, n: int, field: str = "") -> Any:
    arm = _arms(arm)[0]
    if typing.get_origin(arm) is Literal:
        return typing.get_args(arm)[0]
    if arm is bool:
        return True
    if arm is int:
        return 3
    if arm is dt.date:
        return f"2024-03-{n % 27 + 1:02d}"
    if field == "when" or arm is M.Schedule:
        return "Tháng 6/2024"
    return f"Giá trị {field} {n}"


def _full(model: type[BaseModel], n: int) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if model is M.Task and name == "id":
            data[name] = f"nhiem-vu-{n}"
        elif model is M.Column and name == "field":
            data[name] = "title"
        else:
            data[name] = _sample(model, name, info.annotation, n)
    return data


def _fill(model: type[BaseModel], data: dict[str, Any], counter: list[int]) -> None:
    """Give every field of ``data`` (and of what it holds) a value."""
    for name, info in model.model_fields.items():
        sub = _model_of(info.annotation)
        if name not in data or data[name] is None or data[name] == []:
            if model is M.Plan and name == "format":
                continue
            counter[0] += 1
            data[name] = _sample(model, name, info.annotation, counter[0])
        value = data[name]
        if sub is not None and isinstance(value, dict):
            _fill(sub, value, counter)
        elif sub is not None and isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    _fill(sub, item, counter)


def _full_plan() -> dict[str, Any]:
    data = yaml.safe_load((PLANS / "plan-2024.yaml").read_text(encoding="utf-8"))
    _fill(M.Plan, data, [0])
    return data


def _leaves(model: type[BaseModel], data: dict[str, Any], path: tuple) -> list[tuple[tuple, type, str, Any]]:
    """(path, model, field, annotation) of every field of every model in ``data`` (first list item)."""
    out = []
    for name, info in model.model_fields.items():
        out.append(((*path, name), model, name, info.annotation))
        value = data.get(name)
        sub = _model_of(info.annotation)
        if sub is not None and isinstance(value, dict):
            out += _leaves(sub, value, (*path, name))
        elif sub is not None and isinstance(value, list) and value and isinstance(value[0], dict):
            out += _leaves(sub, value[0], (*path, name, 0))
    return out


def _get(data: Any, path: tuple) -> Any:
    for p in path:
        data = data[p]
    return data


def _changed(value: Any, model: type[BaseModel], field: str, annotation: Any, task: Any) -> Any:
    """Another valid value for the field."""
    if model is M.Task and field == "activity":
        from isoctl.plan.modelbase import ACTIVITIES

        return [next(a for a in ACTIVITIES if a not in activities_of(task))]
    if model is M.Task and field in ("lead", "partners", "optional_units"):
        return [*value, "TV"] if "TV" not in value else [u for u in value if u != "TV"] or ["VP"]
    if model is M.Task and field == "after":
        return ["lap-ke-hoach"] if value != ["lap-ke-hoach"] else []
    if model is M.Responsibility and field == "unit":
        return "TV" if value != "TV" else "VP"
    if model is M.Task and field == "when":
        return "Tháng 7/2024"
    arms = [a for a in _arms(annotation) if a is not type(None)]
    if field == "id":
        return value + "-khac"
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1 if field != "width" or value < 100 else value - 1
    if isinstance(value, str):
        for arm in arms:
            if typing.get_origin(arm) is Literal:
                choices = [c for c in typing.get_args(arm) if c != value]
                return choices[0]
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value + " (sửa)"
        return (day + dt.timedelta(days=1)).isoformat()
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, list):
        sub = _model_of(annotation)
        if sub is not None:
            extra = copy.deepcopy(value[0])
            for key in ("id", "cite", "unit", "name", "code", "field", "title"):
                if key in extra and isinstance(extra[key], str):
                    extra[key] = {"field": "when", "unit": "TV"}.get(key, extra[key] + "-khac") \
                        if key != "id" else extra[key] + "-khac"
                    break
            return [*value, extra]
        return [*value, "Mục thêm"]
    if isinstance(value, dict):
        return None
    raise AssertionError(f"no change known for {model.__name__}.{field} = {value!r}")


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)


BASE = _full_plan()
BASE_TEXT = _dump(BASE)
def _required_model(model: type[BaseModel], field: str) -> bool:
    """A model-valued field that cannot be left out: its own fields are the cases."""
    info = model.model_fields[field]
    return info.is_required() and _model_of(info.annotation) is not None and type(None) not in _arms(info.annotation) \
        and typing.get_origin(_arms(info.annotation)[0]) is not list


KIND_FIELDS = {("format",), ("kind",), ("period",)}  # kind and period: test_a_programmes_kind_and_period_*
CASES = [c for c in _leaves(M.Plan, BASE, ()) if c[0] not in KIND_FIELDS and not _required_model(c[1], c[2])]


def test_the_base_plan_sets_every_field_of_every_model_type():
    plan = plan_from_text(BASE_TEXT, "full.yaml")
    assert plan.committee is not None and plan.presentation is not None
    seen = {model for _, model, _, _ in CASES}
    every = set()

    def walk(model: type[BaseModel]) -> None:
        if model in every:
            return
        every.add(model)
        for info in model.model_fields.values():
            for arm in _arms(info.annotation):
                sub = _model_of(arm)
                if sub is not None:
                    walk(sub)

    walk(M.Plan)
    assert seen == every
    assert {m.__name__ for m in every} <= set(MODELS)


@pytest.mark.parametrize("path,model,field,annotation", CASES, ids=lambda c: ".".join(map(str, c)) if isinstance(c, tuple) else None)
def test_every_field_change_is_seen(path, model, field, annotation, cli, tmp_path):
    data = copy.deepcopy(BASE)
    parent = _get(data, path[:-1])
    task = None
    if model is M.Task:
        task = _get(plan_from_text(BASE_TEXT, "full.yaml"), ())
        task = task.phases[path[1]].tasks[path[3]]
    parent[field] = _changed(parent.get(field), model, field, annotation, task)
    text = _dump(data)
    old, new = plan_from_text(BASE_TEXT, "old.yaml"), plan_from_text(text, "new.yaml")
    d = diff_plans(old, new, old_text=BASE_TEXT, new_text=text)
    assert not d.is_empty(), (path, parent[field])
    assert format_text(d) != format_text(diff_plans(old, old)), path
    assert "no differences" not in format_text(d) and "No differences" not in format_markdown(d)
    assert textconv(text) != textconv(BASE_TEXT), path
    (tmp_path / "old.yaml").write_text(BASE_TEXT, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(text, encoding="utf-8")
    r = cli("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--exit-code")
    assert r.exit_code == 1, (path, r)
    from isoctl.plan.describe import NAMING_FIELDS

    naming = next((f for f in NAMING_FIELDS if f in model.model_fields), None)
    own_section = model in (M.Plan, M.Responsibility) or (model is M.Phase and field == "tasks")
    if f"{model.__name__}.{field}" in FIELDS and not own_section and field != naming:
        from isoctl.i18n import tr

        label = tr(*FIELDS[f"{model.__name__}.{field}"])
        assert label in format_text(d) or field in ("id", "format"), (path, label, format_text(d))


def test_textconv_prints_the_model_not_the_text():
    out = textconv(BASE_TEXT)
    assert out != BASE_TEXT and out.startswith("format: 1\nyear: 2024\n")


def test_comment_only_edits_are_reported():
    text = (PLANS / "plan-2024.yaml").read_text(encoding="utf-8")
    edited = text.replace("# Transcribes", "# transcribes", 1).replace("# 2024 plan.", "# the 2024 plan.", 1)
    edited = edited.replace("# reports them", "# report them", 1)
    assert edited.count("\n") == text.count("\n") and edited != text
    d = diff_plans(plan_from_text(text, "a"), plan_from_text(edited, "b"), old_text=text, new_text=edited)
    assert d.comments == 3 and not d.is_empty()
    assert "comments changed: 3 line(s)" in format_text(d)
    assert textconv(text) != textconv(edited)


PROGRAMME = """\
kind: programme
period: 2021-2030
"""


@pytest.mark.parametrize(("old", "new", "label"), [
    ("", PROGRAMME, "kind"),
    (PROGRAMME, PROGRAMME.replace("2021-2030", "2021-2025"), "period"),
])
def test_a_programmes_kind_and_period_changes_are_seen(old, new, label, cli, tmp_path):
    from isoctl.i18n import tr
    from isoctl.lint.rules.examples import build

    data = yaml.safe_load(build("year: 2021\n" + old))
    changed = {**data, **yaml.safe_load(new)} if new else data
    a, b = _dump(data), _dump(changed)
    d = diff_plans(plan_from_text(a, "old.yaml"), plan_from_text(b, "new.yaml"), old_text=a, new_text=b)
    assert not d.is_empty() and tr(*FIELDS[f"Plan.{label}"]) in format_text(d), format_text(d)
    assert textconv(a) != textconv(b)
    (tmp_path / "old.yaml").write_text(a, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(b, encoding="utf-8")
    assert cli("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--exit-code").exit_code == 1


def test_a_period_written_another_way_is_the_same_period():
    from isoctl.lint.rules.examples import build

    a = build("year: 2021\n" + PROGRAMME)
    b = a.replace("period: 2021-2030", "period: Giai đoạn 2021 – 2030")
    assert a != b
    old, new = plan_from_text(a, "old.yaml"), plan_from_text(b, "new.yaml")
    assert old.period == new.period and str(new.period) == "Giai đoạn 2021 – 2030"
    assert diff_plans(old, new, old_text=a, new_text=b).is_empty()
