"""What the tests of the rule families share: where a finding lands, and the findings of one family
on the real plans (codes and places, or lines)."""

from __future__ import annotations

from pathlib import Path

from conftest import PLANS
from isoctl.lint.config import Config
from isoctl.lint.engine import lint_file, lint_text

REAL = [PLANS / "plan-2023.yaml", PLANS / "plan-2024.yaml", PLANS / "examples" / "skhcn-2021.yaml",
        PLANS / "examples" / "tinh-2023-phu-luc-1.yaml"]


def found(text: str, code: str, config: Config | None = None) -> list[tuple[int, int]]:
    """(line, column) of each ``code`` finding on ``text``."""
    return [(f.line, f.col) for f in lint_text(text, config).findings if f.code == code]


def messages(text: str, code: str) -> list[str]:
    return [f.message for f in lint_text(text).findings if f.code == code]


def pos(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based line and column of the nth occurrence of needle."""
    idx = -1
    for _ in range(nth + 1):
        idx = text.index(needle, idx + 1)
    return text.count("\n", 0, idx) + 1, idx - (text.rfind("\n", 0, idx) + 1) + 1


def on_real_plans(family: str, *, by: str = "path") -> dict[str, list[tuple[object, str]]]:
    """The ``family`` findings on each real plan, by file name: (code, YAML path) with ``by="path"``
    (not line numbers: the plans evolve), else (line, code)."""
    out = {}
    for path in REAL:
        findings = [f for f in lint_file(str(path), Config()).findings if f.code.startswith(family)]
        out[Path(path).name] = sorted((f.code, ".".join(map(str, f.path))) if by == "path" else (f.line, f.code)
                                      for f in findings)
    return out
