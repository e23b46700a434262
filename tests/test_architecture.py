"""The layers stay honest: arrows point one way, the core never reaches the terminal libraries.

The graph holds every import isoctl's modules make, at module level and inside functions, so an
indirect path (a core module importing a module that imports rich) fails as a direct one does.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "isoctl"
TERMINAL = ("typer", "rich", "click")
# Where the terminal libraries may be imported: the command line and the presentation layer.
PRESENTATION = ("isoctl.cli", "isoctl.present")
CORE = ("isoctl.plan", "isoctl.lint", "isoctl.timeline", "isoctl.review", "isoctl.render", "isoctl.importer",
        "isoctl.i18n", "isoctl.diagnostics", "isoctl.fsutil", "isoctl.suggest", "isoctl.lazyre")


def _name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in sorted(PKG.rglob("*.py"))}


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@cache
def imports(module: str) -> frozenset[str]:
    """Everything ``module`` imports: isoctl modules by full name, others by top-level name."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            targets = [f"{origin}.{a.name}" if f"{origin}.{a.name}" in MODULES else origin for a in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] != "isoctl":
                found.add(target.split(".")[0])
                continue
            while target not in MODULES:
                target = target.rpartition(".")[0]
            if target != module and target != "isoctl":
                found.add(target)
    return frozenset(found)


def reaches(module: str) -> dict[str, list[str]]:
    """Every name ``module`` reaches through imports, with one path to it."""
    paths = {module: [module]}
    todo = [module]
    while todo:
        current = todo.pop()
        for nxt in imports(current) if current in MODULES else ():
            if nxt not in paths:
                paths[nxt] = [*paths[current], nxt]
                todo.append(nxt)
    return paths


def test_the_graph_sees_function_level_and_relative_imports() -> None:
    assert "isoctl.present.gantt" in imports("isoctl.cli.app") or any(
        "isoctl.present" in m for m in imports("isoctl.cli.app"))
    assert all(m in MODULES or "." not in m for m in imports("isoctl.lint.engine"))


@pytest.mark.parametrize("module", [m for m in MODULES if _under(m, CORE)])
def test_core_never_reaches_terminal_libraries(module: str) -> None:
    paths = reaches(module)
    for lib in TERMINAL:
        assert lib not in paths, " → ".join(paths[lib])
    for name, path in paths.items():
        assert not _under(name, PRESENTATION), " → ".join(path)


def test_no_import_circles() -> None:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in imports(node):
            if nxt not in MODULES:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in MODULES:
        if module not in index:
            visit(module)
    assert not circles, circles


def test_top_level_holds_only_shared_modules() -> None:
    loose = sorted(p.name for p in PKG.glob("*.py"))
    # records/lazyre and their generated tables (startgen writes them) serve every subpackage
    assert loose == ["__init__.py", "__main__.py", "_records_table.py", "_regex_table.py", "diagnostics.py",
                     "fsutil.py", "i18n.py", "lazyre.py", "records.py", "startgen.py", "suggest.py"], loose


def test_version_imports_nothing_heavy() -> None:
    code = ("import sys; sys.argv=['isoctl','--version']\n"
            "from isoctl.cli.entry import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy=[m for m in ('pydantic','docx','jinja2','ruamel','yaml','rich.console','isoctl.plan.model','typer') "
            "if m in sys.modules]\nprint('HEAVY:' + ','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY:", out.stdout


def test_the_language_is_chosen_in_one_place() -> None:
    """Only :func:`isoctl.i18n.choose` sets the language; everything else passes it down."""
    callers = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "set_lang":
                callers.append(f"{module}:{node.lineno}")
    assert [c.split(":")[0] for c in callers] == ["isoctl.i18n"], callers
