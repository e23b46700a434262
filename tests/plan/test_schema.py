"""The committed JSON Schema is the one the models generate, it accepts the contract example, and it
accepts exactly what the loader accepts in every list field's short forms (one item, nothing)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from isoctl.plan.jsonschema import plan_schema_text

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_is_fresh() -> None:
    committed = (ROOT / "schema" / "plan.schema.json").read_text(encoding="utf-8")
    assert committed == plan_schema_text(), "schema/plan.schema.json is stale: run `isoctl schema -o schema/plan.schema.json --force`"


def test_schema_command_prints_it(cli) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "isoctl plan"
    assert {"format", "year", "agency", "document", "phases"} <= set(schema["properties"])
    assert set(schema["required"]) >= {"year", "agency", "document", "phases"}


def test_every_plan_points_editors_at_the_schema() -> None:
    for path in [*ROOT.glob("plans/*.yaml"), *ROOT.glob("plans/**/*.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1].strip()).resolve()
        assert target == (ROOT / "schema" / "plan.schema.json").resolve(), path


# --- the schema accepts what the loader accepts --------------------------------------------------

def _plain(value: Any) -> Any:
    """YAML data as JSON sees it (dates as their ISO text)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _values(node: Any, path: tuple = ()) -> Any:
    """(path, value) for every value in the data; the field's place (indices as '*') is its class."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path + (key,), value
            yield from _values(value, (*path, key))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _values(item, (*path, i))


def _replace(data: Any, path: tuple, value: Any) -> Any:
    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


RARE_FIELDS = """\
agency:
  name_lines: [Sở Khoa học, và Công nghệ]
recommendations: [Đề nghị UBND tỉnh bố trí kinh phí.]
committee:
  members:
    - name: Nguyễn Văn An
      position: Giám đốc Sở
      role: Trưởng ban
  duties: [Chỉ đạo việc áp dụng HTQLCL.]
  working_group_duties: [Giúp Ban chỉ đạo.]
phases:
  - id: noi-dung
    tasks:
      - id: muc-tieu-chat-luong
        after: [lap-ke-hoach]
"""

# the fields of the other kinds of plan, and the decision that issues a plan
PROGRAMME = """\
kind: programme
year: 2021
period: 2021-2030
standard: TCVN ISO 9001:2015
document:
  date: 2021-03-10
decision:
  number: 512
  date: 2021-03-10
  verb: phê duyệt
  title: Phê duyệt Chương trình áp dụng HTQLCL giai đoạn 2021-2030
  basis:
    - cite: 19/2014/QĐ-TTg
      kind: Quyết định
  proposal: Xét đề nghị của Giám đốc Sở Khoa học và Công nghệ
  articles: [Phê duyệt Chương trình kèm theo Quyết định này., Quyết định có hiệu lực kể từ ngày ký.]
  recipients: [Như Điều 3, "Lưu: VT, KGVX"]
  signer:
    authority: TM.
    title: CHỦ TỊCH
"""
INSPECTION = """\
kind: inspection
standard: TCVN ISO 9001:2015
inspects:
  - Sở Tư pháp
  - name: UBND các xã, phường
    count: 45
    when: Quý III/2024
    note: danh sách tại Phụ lục 2
"""
PILOT = """\
standard: TCVN ISO 18091:2020
"""


def _variants() -> list[tuple[str, str, Any]]:
    """Per field met in the rule examples' base plan and the sample plans: a list given as its first
    item alone and as nothing (null), a single text as a list of it."""
    from isoctl.lint.rules.examples import BASE, build

    texts = [BASE, build(RARE_FIELDS), build(PROGRAMME), build(INSPECTION), build(PILOT),
             *(p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("plans/**/*.yaml")))]
    seen: set[tuple] = set()
    out = []
    for text in texts:
        data = yaml.safe_load(text)
        out.append(("whole", "-", data))
        for path, value in _values(data):
            place = tuple("*" if isinstance(k, int) else k for k in path)
            if place in seen or not isinstance(value, (list, str)) or value == []:
                continue
            seen.add(place)
            label = ".".join(map(str, place))
            if isinstance(value, str):
                out.append((label, "list", _replace(data, path, [value])))
            else:
                out.append((label, "one", _replace(data, path, value[0])))
                out.append((label, "null", _replace(data, path, None)))
    return out


VARIANTS = _variants()


def _validator():
    """The committed schema as an editor applies it: formats (``date``) checked too."""
    import jsonschema

    cls = jsonschema.Draft202012Validator
    return cls(json.loads(plan_schema_text()), format_checker=cls.FORMAT_CHECKER)


def _short_form_fields() -> set[str]:
    """The names of the model fields the loader takes as one item or nothing (``as_list``)."""
    import inspect

    from pydantic import BaseModel

    from isoctl.plan import model
    from isoctl.plan.modelbase import as_list

    names = set()
    for _, cls in inspect.getmembers(model, inspect.isclass):
        if issubclass(cls, BaseModel) and cls.__module__ == model.__name__:
            for name, info in cls.model_fields.items():
                if any(getattr(m, "func", None) is as_list for m in info.metadata):
                    names.add(info.alias or name)
    return names


def test_variants_cover_the_short_form_fields() -> None:
    from isoctl.lint.rules.examples import build
    from isoctl.plan.validate import check_text

    for fragment in (RARE_FIELDS, PROGRAMME, INSPECTION, PILOT):
        assert not check_text(build(fragment)).findings, fragment
    met = {label.rsplit(".", 1)[-1] for label, _, _ in VARIANTS}
    short = _short_form_fields()
    assert {"activity", "lead", "purpose", "recipients"} <= short
    assert short <= met, sorted(short - met)


@pytest.mark.parametrize(("label", "form", "data"), VARIANTS, ids=[f"{v[0]}:{v[1]}" for v in VARIANTS])
def test_schema_accepts_what_the_loader_accepts(label: str, form: str, data: Any) -> None:

    from isoctl.plan.validate import check_text

    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    findings = [f for f in check_text(text).findings if f.code[:2] in ("E0", "E1")]
    errors = list(_validator().iter_errors(_plain(yaml.safe_load(text))))
    assert bool(findings) == bool(errors), (label, form, [f.message for f in findings], [e.message for e in errors[:3]])


PERIODS = ["2021-2030", "2021–2030", "Giai đoạn 2021 - 2030", "giai đoạn 1990-2100", " 2021 -2022 ", "2030-2021",
           "2021-2021", "1989-2000", "2000-2101", "2021-2030 x", "202-2030", "2021/2030", "Giai đoạn 2099-2100",
           {"start": 2021, "end": 2030}, {"start": 2030, "end": 2021}, {"start": 2021, "end": 2021},
           {"start": 1990, "end": 2100}, {"start": 1989, "end": 2000}, {"start": 2021}, {"start": "2021", "end": 2030},
           {"start": 2021, "end": 2030, "note": "x"}, 2021, None]


@pytest.mark.parametrize("period", PERIODS, ids=[repr(p) for p in PERIODS])
def test_schema_accepts_exactly_the_periods_the_loader_accepts(period: Any) -> None:
    """A programme's ``period``: reversed, equal or out-of-range years are refused by both."""

    from isoctl.lint.rules.examples import build
    from isoctl.plan.validate import check_text

    data = yaml.safe_load(build(PROGRAMME))
    data["period"] = period
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    findings = [f for f in check_text(text).findings if f.code[:2] in ("E0", "E1")]
    errors = list(_validator().iter_errors(_plain(yaml.safe_load(text))))
    assert bool(findings) == bool(errors), (period, [f.message for f in findings], [e.message for e in errors[:3]])


def test_schema_period_order_on_every_pair_of_years() -> None:
    """Every pair of years around the bounds, as text and as a mapping, against ``to_period``."""
    import re

    import jsonschema

    from isoctl.plan.model import _period_schema
    from isoctl.plan.modelbase import PERIOD_YEARS, PeriodError, to_period

    schema = _period_schema()
    pattern = re.compile(schema["anyOf"][0]["pattern"])
    mapping = jsonschema.Draft202012Validator(schema)
    lo, hi = PERIOD_YEARS
    years = range(lo - 3, hi + 4)
    for a in years:
        for b in years:
            try:
                to_period(f"{a}-{b}")
                ok = True
            except PeriodError:
                ok = False
            assert bool(pattern.match(f"{a} – {b}")) == ok, (a, b)
            if (a + b) % 7 == 0:
                assert mapping.is_valid({"start": a, "end": b}) == ok, (a, b)


# what validate refuses beyond the shapes: characters, ids, format, real dates
HOSTILE = [
    (("phases", 0, "tasks", 0, "id"), "lap\u200bke"), (("phases", 0, "tasks", 0, "id"), "lap\u202eke"),
    (("phases", 0, "tasks", 0, "id"), "lap ke"), (("phases", 0, "tasks", 0, "id"), "lap\u00a0ke"),
    (("phases", 0, "tasks", 0, "id"), "lap\u3000ke"), (("phases", 0, "tasks", 0, "title"), "a\x07b"),
    (("phases", 0, "tasks", 0, "title"), "a\ufffeb"), (("phases", 0, "tasks", 0, "title"), "a\uffffb"),
    (("phases", 0, "tasks", 0, "title"), "a\u202eb"), (("phases", 0, "tasks", 0, "title"), "a\tb"),
    (("phases", 0, "tasks", 0, "title"), "a\x9bb"), (("phases", 0, "tasks", 0, "lead"), "V\u202eP"),
    (("phases", 0, "tasks", 0, "lead"), ["V\u202eP"]), (("phases", 0, "tasks", 0, "lead"), ["V\u2066P"]),
    (("phases", 0, "id"), "a\u200b"), (("phases", 0, "id"), "a b"), (("units", 0, "id"), "V\u202eP"),
    (("units", 0, "name"), "Văn phòng\u200b Sở"), (("document", "date"), "2024-02-30"),
    (("document", "date"), "2024-02-29"), (("document", "date"), "2023-02-29"), (("format",), 2),
    (("format",), 1), (("agency", "name"), "Sở\x1b[2J"), (("agency", "name"), "Sở\x1b]52;c;eA==\x07"),
    (("purpose", 0), "a\x00b"), (("basis", 0, "about"), "x\u2028y"),
    # integers as text, as pydantic's lax mode reads them, in and out of their bounds
    (("year",), "2024"), (("year",), " +2024 "), (("year",), "2024.0"), (("year",), "02024"), (("year",), "2024."),
    (("year",), "1989"), (("year",), "2101"), (("year",), "x"), (("year",), 2024.0), (("year",), 2024.5),
    (("format",), "1"), (("format",), "2"), (("format",), 1.0), (("format",), 2.0), (("format",), 0),
    (("document", "number"), "15"), (("document", "number"), 15.0),
    (("phases", 0, "tasks", 0, "when"), {"months": ["3"]}), (("phases", 0, "tasks", 0, "when"), {"month": 13}),
    (("phases", 0, "tasks", 0, "when"), {"month": 6, "year": "2024"}),
]


@pytest.mark.parametrize(("path", "value"), HOSTILE, ids=[f"{'.'.join(map(str, p))}={v!r}" for p, v in HOSTILE])
def test_schema_refuses_what_validate_refuses(path: tuple, value: Any) -> None:
    """Control characters anywhere, hidden characters and spaces in ids, a newer format, a day
    that does not exist: an editor with the schema and ``validate`` agree on each (as the YAML
    parser reads the file, so both see the same text)."""
    from isoctl.lint.rules.examples import BASE
    from isoctl.plan.validate import check_text

    text = yaml.safe_dump(_replace(yaml.safe_load(BASE), path, value), allow_unicode=True, sort_keys=False)
    findings = [f for f in check_text(text).findings if f.code[:2] in ("E0", "E1") and f.severity == "error"]
    errors = list(_validator().iter_errors(_plain(yaml.safe_load(text))))
    assert bool(findings) == bool(errors), (path, value, [f.message for f in findings], [e.message for e in errors[:3]])


@pytest.mark.parametrize(("lo", "hi"), [(0, 5), (1, 12), (1, 100), (7, 7), (15, 2345), (1990, 2100), (1, 99999)])
def test_range_pattern_matches_exactly_its_numbers(lo: int, hi: int) -> None:
    import re

    from isoctl.plan.patterns import range_pattern

    pattern = re.compile(f"^(?:{range_pattern(lo, hi)})$")
    for n in range(0, min(3 * hi + 10, 120_000)):
        assert bool(pattern.match(str(n))) == (lo <= n <= hi), n
