# ruff: noqa: B023 - the lambdas are called where they are made
"""Records (:mod:`isoctl.records`) behave as the standard dataclasses of the same declarations; the
generated tables a cold start reads (:mod:`isoctl.startgen`) are current; and one plan checked by
the quick start imports neither ``dataclasses`` nor ``inspect``."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import isoctl
from isoctl import lazyre, records, startgen

ROOT = Path(isoctl.__file__).resolve().parent.parent


def _all_records() -> list[type]:
    for info in pkgutil.walk_packages(isoctl.__path__, "isoctl."):
        last = info.name.rsplit(".", 1)[-1]
        if last != "__main__" and not last.endswith("_table"):
            importlib.import_module(info.name)
    return list(records.made)


def test_the_records_table_is_current() -> None:
    committed = startgen.RECORDS.read_text(encoding="utf-8")
    assert committed == startgen.generate("records"), "run: python -m isoctl.startgen"


def test_the_regex_table_is_current() -> None:
    from isoctl import _regex_table

    if _regex_table.PYTHON[0] != sys.hexversion:
        pytest.skip("the regex table is made for another Python")
    committed = startgen.REGEXES.read_text(encoding="utf-8")
    assert committed == startgen.generate("regex"), "run: python -m isoctl.startgen"


def test_every_record_comes_from_the_table() -> None:
    from isoctl import _records_table

    if _records_table.PYTHON != sys.version_info[:2] or os.environ.get("ISOCTL_RECORDS"):
        pytest.skip("the records table is made for another Python")
    standard = [f"{c.__module__}.{c.__qualname__}" for c in _all_records() if "__records__" not in c.__dict__]
    # frozen with slots is left to dataclasses (its __setattr__ names the class before slots)
    assert standard == ["isoctl.review.diff._Title"]


def _sample(annotation: str, k: int) -> Any:
    if annotation.startswith(("int", "float")):
        return k
    if annotation.startswith("str"):
        return f"s{k}"
    if annotation.startswith("bool"):
        return bool(k % 2)
    if annotation.startswith("tuple"):
        return ()
    if annotation.startswith(("list", "dict")):
        return [] if annotation.startswith("list") else {}
    return None


def _outcome(fn: Any) -> Any:
    try:
        return ("ok", fn())
    except Exception as exc:  # noqa: BLE001 - the two must fail alike
        return (type(exc).__name__ if not isinstance(exc, AttributeError) else "AttributeError", str(exc))


@pytest.mark.parametrize("cls", [c for c in _all_records() if "__records__" in c.__dict__],
                         ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_a_record_behaves_as_its_standard_twin(cls: type) -> None:
    twin = records._standard_twin(cls)
    spec = cls.__dict__["__records__"]
    assert str(inspect.signature(cls)) == str(inspect.signature(twin))
    assert cls.__doc__ == twin.__doc__
    assert cls.__match_args__ == twin.__match_args__
    assert (cls.__hash__ is None) == (twin.__hash__ is None)
    assert [f.name for f in dataclasses.fields(cls)] == [f.name for f in dataclasses.fields(twin)]
    assert dataclasses.is_dataclass(cls)
    assert hasattr(cls, "__slots__") == hasattr(twin, "__slots__") or not spec.options.get("slots")
    for k in (1, 2):
        args = {name: _sample(spec.annotations[name], k) for name, kind, *_ in spec.fields if kind == "required"}
        mine, theirs = _outcome(lambda: cls(**args)), _outcome(lambda: twin(**args))
        assert mine[0] == theirs[0]
        if mine[0] != "ok":
            assert mine[1] == theirs[1]
            continue
        a, b = mine[1], theirs[1]
        assert repr(a) == repr(b)
        same, again = cls(**args), twin(**args)
        assert (a == same) == (b == again)
        assert (a != same) == (b != again)
        assert a.__eq__(b) is NotImplemented and b.__eq__(a) is NotImplemented
        if cls.__hash__ is not None:
            assert _outcome(lambda: hash(a)) == _outcome(lambda: hash(b))
        name = spec.fields[0][0]
        assert _outcome(lambda: setattr(a, name, getattr(a, name))) == _outcome(lambda: setattr(b, name, getattr(b, name)))
        assert _outcome(lambda: setattr(a, "not_a_field", 1)) == _outcome(lambda: setattr(b, "not_a_field", 1))
        if spec.options.get("order"):
            other_args = {**args, name: _sample(spec.annotations[name], k + 1)}
            lo, hi = cls(**args), cls(**other_args)
            tlo, thi = twin(**args), twin(**other_args)
            assert [lo < hi, lo <= hi, lo > hi, lo >= hi] == [tlo < thi, tlo <= thi, tlo > thi, tlo >= thi]
        changed = {name: getattr(a, name)}
        assert repr(records.replace(a, **changed)) == repr(dataclasses.replace(b, **changed))
        assert repr(dataclasses.replace(a, **changed)) == repr(b)


def test_a_class_the_table_does_not_have_is_a_standard_dataclass() -> None:
    @records.dataclass
    class Node:
        name: str
        children: list[Any] = records.field(default_factory=list)
        note: str | None = records.field(default=None, compare=False, repr=False)

    one, two = Node("a"), Node("a")
    assert one.children is not two.children
    assert one == Node("a", note="ignored in comparison")
    one.children.append(one)
    assert repr(one).endswith(".Node(name='a', children=[...])")
    assert "children" not in Node.__dict__ and Node.note is None
    assert "__records__" not in Node.__dict__  # not in the table: made by dataclasses


def test_the_quick_path_imports_no_dataclasses_or_inspect() -> None:
    """One plan with findings, checked by the quick start: neither module is imported."""
    code = ("import sys, io, contextlib\n"
            "sys.argv = ['isoctl', 'validate', 'plans/plan-2023.yaml']\n"
            "from isoctl.cli.entry import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        main()\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in ('dataclasses', 'inspect', 'pkgutil', 'shutil') if m in sys.modules))")
    env = {k: v for k, v in os.environ.items() if k not in ("ISOCTL_RECORDS", "ISOCTL_NO_QUICK")}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env,
                         check=True)
    assert json.loads(out.stdout.strip().replace("'", '"')) == []


def test_precompiled_patterns_are_what_re_compiles() -> None:
    table = lazyre._load_table()
    if not table:
        pytest.skip("the regex table is made for another Python")
    for (pattern, flags) in table:
        made = lazyre.compile(pattern, flags)
        assert made == re.compile(pattern, flags), pattern  # equal patterns have the same code
        assert (made.groups, dict(made.groupindex), made.flags) == \
            (re.compile(pattern, flags).groups, dict(re.compile(pattern, flags).groupindex),
             re.compile(pattern, flags).flags)
