"""Every file in tests/examples/valid passes the schema checks; every file in invalid/ gives
exactly the findings its ``# expect: LINE:COL CODE`` comments name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from isoctl.plan.validate import check_file

EXAMPLES = Path(__file__).parent.parent / "examples"
EXPECT = re.compile(r"^# expect: (\d+):(\d+) (E\d{3})$", re.M)


@pytest.mark.parametrize("path", sorted((EXAMPLES / "valid").glob("*.yaml")), ids=lambda p: p.name)
def test_valid(path: Path) -> None:
    result = check_file(str(path))
    assert result.findings == []
    assert result.plan is not None


@pytest.mark.parametrize("path", sorted((EXAMPLES / "invalid").glob("*.yaml")), ids=lambda p: p.name)
def test_invalid(path: Path) -> None:
    expected = sorted((int(n), int(c), code) for n, c, code in EXPECT.findall(path.read_text(encoding="utf-8")))
    assert expected, f"{path.name} has no '# expect:' lines"
    got = sorted((f.line, f.col, f.code) for f in check_file(str(path)).findings)
    assert got == expected


def test_every_invalid_finding_has_a_message_and_most_a_hint() -> None:
    findings = [f for p in (EXAMPLES / "invalid").glob("*.yaml") for f in check_file(str(p)).findings]
    assert all(f.message for f in findings)
    assert sum(1 for f in findings if f.hint) >= len(findings) // 2
