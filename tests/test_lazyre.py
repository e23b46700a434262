"""Regular expressions are compiled on first use (:mod:`isoctl.lazyre`), never at import, and a
lazy pattern behaves as the compiled one."""

from __future__ import annotations

import copy
import importlib
import os
import pickle
import pkgutil
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import isoctl
from isoctl.lazyre import LazyPattern, lazy


def _regexes_compiled_at_import(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter; every regex isoctl's own code compiled meanwhile, with
    the line that asked for it."""
    probe = textwrap.dedent(f"""
        import re, re._compiler, sys
        PKG = {str(Path(isoctl.__file__).resolve().parent) + os.sep!r}
        seen = []
        real = re._compiler.compile
        def compile(p, flags=0):
            # asked for by isoctl's code (the first caller outside re), while an isoctl module
            # is being imported (one of its module bodies is on the stack)
            frame = sys._getframe(1)
            while frame is not None and "re" in frame.f_globals.get("__name__", "").split(".")[:1]:
                frame = frame.f_back
            if frame is not None and frame.f_code.co_filename.startswith(PKG):
                where = frame
                while frame is not None:
                    if frame.f_code.co_name == "<module>" and frame.f_code.co_filename.startswith(PKG):
                        name = where.f_code.co_filename[len(PKG):]
                        seen.append(f"{{name}}:{{where.f_lineno}}: {{p!r}}"[:200])
                        break
                    frame = frame.f_back
            return real(p, flags)
        re._compiler.compile = compile
    """) + textwrap.dedent(code) + "\nprint('\\n'.join(seen))\n"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return [line for line in out.stdout.splitlines() if line]


def test_the_quick_path_compiles_no_regex_at_import() -> None:
    """Everything ``isoctl validate`` imports (the quick start, the engine, every rule, the plan
    modules, the reporters) compiles nothing while being imported."""
    found = _regexes_compiled_at_import("""
        import isoctl.cli.entry, isoctl.cli.validate_command, isoctl.lint.engine, isoctl.lint.report
        import isoctl.lint.config, isoctl.lint.suppress, isoctl.lint.identity, isoctl.lint.fix
        import isoctl.plan.loader, isoctl.plan.validate, isoctl.plan.fastmodel, isoctl.plan.files
        from isoctl.lint.rules import all_rules
        all_rules()
    """)
    assert found == [], "\n".join(found)


def test_no_module_of_isoctl_compiles_a_regex_at_import() -> None:
    found = _regexes_compiled_at_import("""
        import importlib, pkgutil, isoctl
        for info in pkgutil.walk_packages(isoctl.__path__, "isoctl."):
            if info.name != "isoctl.__main__":  # that one runs the program
                importlib.import_module(info.name)
    """)
    assert found == [], "\n".join(found)


def _every_module() -> None:
    for info in pkgutil.walk_packages(isoctl.__path__, "isoctl."):
        if info.name != "isoctl.__main__":
            importlib.import_module(info.name)


def test_every_lazy_pattern_compiles_as_re_compile_would() -> None:
    """Deferred, a malformed pattern would only fail when first used: every one is compiled here."""
    from isoctl import lazyre

    _every_module()
    made = list(lazyre._made)
    assert len(made) > 80  # the module-level patterns of the whole package
    for pattern in made:
        assert pattern.compiled() == re.compile(pattern.pattern, pattern._flags), pattern


def test_a_lazy_pattern_compiles_on_first_use_only() -> None:
    p = LazyPattern(r"(?P<word>\w+)-(\d+)", re.I)
    assert not p.is_compiled
    assert p.pattern == r"(?P<word>\w+)-(\d+)"  # known without compiling (a pattern built from another's)
    assert not p.is_compiled
    m = p.search("xx ABC-12 yy")
    assert p.is_compiled and m is not None and m.group("word") == "ABC" and m.span() == (3, 9)
    assert "search" in vars(p)  # bound: later calls do not go through __getattr__


@pytest.mark.parametrize("flags", [0, re.I, re.M | re.S])
def test_a_lazy_pattern_answers_as_the_compiled_one(flags: int) -> None:
    source = r"(?P<a>[a-zđ]+)\s*(\d*)"
    ours, real = lazy(source, flags), re.compile(source, flags)
    text = "Tháng 7 và đ 12, quý\nII năm 2024"
    assert ours.flags == real.flags and ours.groups == real.groups and ours.groupindex == real.groupindex
    assert [m.span() for m in ours.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert ours.findall(text) == real.findall(text)
    assert ours.sub(r"<\g<a>>", text) == real.sub(r"<\g<a>>", text)
    assert ours.subn(lambda m: m.group(0).upper(), text) == real.subn(lambda m: m.group(0).upper(), text)
    assert ours.split(text) == real.split(text)
    for probe in (text, "abc 12", "ABC", "!!!"):
        for method in ("match", "fullmatch", "search"):
            got, want = getattr(ours, method)(probe), getattr(real, method)(probe)
            assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), (method, probe)


def test_a_lazy_pattern_copies_pickles_compares_and_prints() -> None:
    p = lazy(r"\bISO\b", re.I)
    assert copy.copy(p) is p and copy.deepcopy(p) is p
    again = pickle.loads(pickle.dumps(p))
    assert again.search("tcvn iso 9001") is not None and again.pattern == p.pattern
    assert p == again == re.compile(r"\bISO\b", re.I) and hash(p) == hash(again)
    assert p != lazy(r"\bISO\b")
    assert repr(p) == "lazy('\\\\bISO\\\\b', re.IGNORECASE)"
    assert repr(lazy("x")) == "lazy('x')"
    with pytest.raises(AttributeError):
        p.no_such_attribute  # noqa: B018


def test_a_malformed_pattern_fails_when_first_used() -> None:
    from isoctl import lazyre

    p = lazy("(unclosed")
    try:
        with pytest.raises(re.error):
            p.search("x")
    finally:
        lazyre._made[:] = [m for m in lazyre._made if m is not p]  # not isoctl's: left out of the test of all
