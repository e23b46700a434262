"""Generate the two tables a cold start reads instead of doing the work at import:
``python -m isoctl.startgen`` writes

- ``isoctl/_records_table.py``: the methods of every :func:`isoctl.records.dataclass` class,
  written out (what ``dataclasses`` would build with ``exec`` when the class is defined);
- ``isoctl/_regex_table.py``: the compiled code of the regular expressions isoctl uses (every
  :func:`isoctl.lazyre.lazy` pattern, and those :func:`isoctl.lazyre.compile` compiles while the
  plans under ``plans/`` are validated), for the interpreter that runs this.

Both are caches of what the declarations say: a class or pattern they do not have as declared is
made the standard way (see the two modules). ``tests/test_records.py`` and ``tests/test_lazyre.py``
fail when a table is not what this writes now.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
RECORDS = PACKAGE / "_records_table.py"
REGEXES = PACKAGE / "_regex_table.py"


def _import_everything() -> None:
    import importlib
    import pkgutil

    import isoctl

    for info in pkgutil.walk_packages(isoctl.__path__, "isoctl."):
        last = info.name.rsplit(".", 1)[-1]
        if last == "__main__" or (last.startswith("_") and last.endswith("_table")):
            continue
        importlib.import_module(info.name)


def _method_code(cls: type, spec: Any) -> list[str]:
    """The body of the maker of ``cls``: its methods as dataclasses (Python 3.11) writes them."""
    options = dict(spec.options)
    frozen, order = options.get("frozen", False), options.get("order", False)
    own = spec.shape[2]
    explicit_hash = spec.shape[3]
    fields = spec.fields
    out: list[str] = []
    made: list[str] = []
    names = [f[0] for f in fields]
    # __init__
    if "__init__" not in own:
        params = ["self"]
        for name, kind, *_ in fields:
            params.append(name if kind == "required" else f"{name}=_d_{name}" if kind == "value"
                          else f"{name}=FACTORY")
        for name, kind, *_ in fields:
            if kind == "value":
                out.append(f"    _d_{name} = d[{name!r}]")
            elif kind == "factory":
                out.append(f"    _f_{name} = f[{name!r}]")
        out.append(f"    def __init__({', '.join(params)}):")
        body = []
        for name, kind, *_ in fields:
            value = f"_f_{name}() if {name} is FACTORY else {name}" if kind == "factory" else name
            body.append(f"        _set(self, {name!r}, {value})" if frozen else f"        self.{name} = {value}")
        if "__post_init__" in own:
            body.append("        self.__post_init__()")
        out.extend(body or ["        pass"])
        made.append("__init__")
    if "__repr__" not in own:
        shown = ", ".join(f"{name}={{self.{name}!r}}" for name, _, _, _, rep in fields if rep)
        out.append("    def __repr__(self):")
        out.append(f"        return self.__class__.__qualname__ + f\"({shown})\"")
        made.append("__repr__")
    compared = [name for name, _, cmp, _, _ in fields if cmp]
    mine = "(" + "".join(f"self.{n}," for n in compared) + ")"
    theirs = "(" + "".join(f"other.{n}," for n in compared) + ")"
    if "__eq__" not in own:
        out.append("    def __eq__(self, other):")
        out.append("        if other.__class__ is self.__class__:")
        out.append(f"            return {mine}=={theirs}")
        out.append("        return NotImplemented")
        made.append("__eq__")
    if order:
        for name, op in (("__lt__", "<"), ("__le__", "<="), ("__gt__", ">"), ("__ge__", ">=")):
            out.append(f"    def {name}(self, other):")
            out.append("        if other.__class__ is self.__class__:")
            out.append(f"            return {mine}{op}{theirs}")
            out.append("        return NotImplemented")
            made.append(name)
    hashed_entry = ""
    if not explicit_hash:
        if frozen:
            hashed = [name for name, _, cmp, hsh, _ in fields if (hsh is None and cmp) or hsh]
            out.append("    def __hash__(self):")
            out.append("        return hash((" + "".join(f"self.{n}," for n in hashed) + "))")
            made.append("__hash__")
        else:
            hashed_entry = "'__hash__': None, "
    if frozen:
        in_fields = "(" + "".join(f"{n!r}," for n in names) + ")"
        for name, verb, call in (("__setattr__", "assign to", "name, value"), ("__delattr__", "delete", "name")):
            out.append(f"    def {name}(self, {call}):")
            out.append(f"        if type(self) is cls or name in {in_fields}:")
            out.append(f"            raise FrozenInstanceError(f\"cannot {verb} field {{name!r}}\")")
            out.append(f"        super(cls, self).{name}({call})")
            made.append(name)
    out.append("    return {" + hashed_entry + ", ".join(f"{m!r}: {m}" for m in made) + "}")
    return out


def records_text() -> str:
    """The text of ``_records_table.py`` (run with ``ISOCTL_RECORDS=dataclasses``, so that every
    class is made by ``dataclasses`` and its declaration recorded)."""
    import pprint

    from isoctl import records

    _import_everything()
    lines = ['"""The methods of isoctl\'s records (:mod:`isoctl.records`), written out.',
             "",
             'Generated by ``python -m isoctl.startgen``: do not edit."""',
             "",
             "# ruff: noqa",
             "# (imports nothing: isoctl.records passes FACTORY and FrozenInstanceError to each maker)",
             "",
             f"PYTHON = {sys.version_info[:2]!r}",
             "_set = object.__setattr__",
             ""]
    entries = []
    classes = sorted((c for c in records.made if "__records_spec__" in c.__dict__),
                     key=lambda c: f"{c.__module__}.{c.__qualname__}")
    for i, cls in enumerate(classes):
        spec = cls.__dict__["__records_spec__"]
        key = f"{cls.__module__}.{cls.__qualname__}"
        lines.append("")
        lines.append(f"def _make_{i}(cls, d, f, FACTORY, FrozenInstanceError):  # {key}")
        lines.extend(_method_code(cls, spec))
        doc = None if spec.shape[4] else cls.__doc__
        entries.append(f"    {key!r}: ({pprint.pformat(spec.shape, width=10_000)}, _make_{i}, {doc!r}),")
    lines.append("")
    lines.append("")
    lines.append("TABLE = {")
    lines.extend(entries)
    lines.append("}")
    return "\n".join(lines) + "\n"


def regex_text() -> str:
    """The text of ``_regex_table.py``: every lazy pattern, and every pattern compiled through
    :func:`isoctl.lazyre.compile` while validating the plans under ``plans/`` (with the table
    ignored, so that each is compiled by ``re``)."""
    import _sre
    import array
    import contextlib
    import io
    import re
    import re._compiler
    import re._parser

    from isoctl import lazyre

    lazyre._table = {}
    lazyre.seen = set()
    _import_everything()
    plans = PACKAGE.parent / "plans"
    if plans.is_dir():
        from isoctl.lint.config import Config
        from isoctl.lint.engine import lint_paths
        from isoctl.plan.files import find_plans

        files = find_plans([str(plans)], []).files
        with contextlib.redirect_stdout(io.StringIO()):
            list(lint_paths(files, Config(), jobs=1))
    from isoctl.plan import law

    law._province_pattern()  # built from the data files, whatever the plans name
    wanted = {(p.pattern, int(p._flags)) for p in lazyre._made} | {(p, int(f)) for p, f in lazyre.seen}
    rows = []
    for pattern, flags in sorted(wanted):
        if flags & re.DEBUG:
            continue
        parsed = re._parser.parse(pattern, flags)
        code = re._compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for k, i in groupindex.items():
            indexgroup[i] = k
        entry = (flags | parsed.state.flags, array.array("I", code).tobytes(), parsed.state.groups - 1,
                 groupindex, tuple(indexgroup))
        made = _sre.compile(pattern, entry[0], list(code), entry[2], groupindex, entry[4])
        if made != re.compile(pattern, flags):  # the same code as re's: cannot differ, but say so
            raise AssertionError(f"{pattern!r}: not what re.compile makes")
        rows.append(f"    {(pattern, flags)!r}: {entry!r},")
    key = (sys.hexversion, _sre.MAGIC, _sre.CODESIZE, sys.byteorder)
    return "\n".join(['"""Compiled regular expressions for :mod:`isoctl.lazyre`, for one interpreter.',
                      "",
                      'Generated by ``python -m isoctl.startgen``: do not edit."""',
                      "",
                      "# ruff: noqa",
                      f"PYTHON = {key!r}  # sys.hexversion, _sre.MAGIC, _sre.CODESIZE, sys.byteorder",
                      "",
                      "PATTERNS = {",
                      *rows,
                      "}",
                      ""])


def generate(which: str) -> str:
    """The text of one table (``records`` or ``regex``), made in a fresh interpreter."""
    env = {**os.environ, "ISOCTL_RECORDS": "dataclasses"}
    proc = subprocess.run([sys.executable, "-m", "isoctl.startgen", "--print", which], capture_output=True,
                          env=env, check=True)
    return proc.stdout.decode("utf-8")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--print"]:
        text = records_text() if argv[1] == "records" else regex_text()
        sys.stdout.buffer.write(text.encode("utf-8"))
        return 0
    from isoctl.fsutil import write_atomic

    for which, path in (("records", RECORDS), ("regex", REGEXES)):
        write_atomic(path, generate(which))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
