"""The layers stay honest: the core never imports the terminal libraries, and start-up stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "isoctl"
PRESENTATION = {"cli.py"}
FORBIDDEN = ("typer", "rich", "click")


def _core_modules() -> list[Path]:
    return [p for p in sorted(PKG.rglob("*.py"))
            if p.name not in PRESENTATION and "present" not in p.relative_to(PKG).parts]


@pytest.mark.parametrize("path", _core_modules(), ids=lambda p: str(p.relative_to(PKG)))
def test_core_does_not_import_terminal_libraries(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"


def test_version_imports_nothing_heavy() -> None:
    code = ("import sys; sys.argv=['isoctl','--version']\n"
            "from isoctl.entry import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy=[m for m in ('pydantic','docx','jinja2','ruamel','yaml','rich.console','isoctl.model','typer') "
            "if m in sys.modules]\nprint('HEAVY:' + ','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY:", out.stdout
