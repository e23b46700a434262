"""Property: whatever happens to a real plan, ``isoctl validate`` ends with a message and 0, 1 or 2.

Hypothesis mutates the real plans in plans/ the way hands and tools break files: lines deleted,
duplicated or swapped, values retyped, garbage characters inserted, the file truncated,
indentation shifted. Derandomized and database-free, so every run (and CI) tries the same cases.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEED_PLANS

TEXTS = {p.name: p.read_text(encoding="utf-8") for p in SEED_PLANS}
VALUE_LINE = re.compile(r"^(\s*(?:- )?[\w-]+:)( .*)?$")
NEW_VALUES = ["123", "-1", "1e999", "[]", "{}", "null", "true", "2024-02-30", "'x'", '"', "[a, [b",
              "{after: nowhere}", "&a x", "*a", "!!python/object:os.system x", "Tháng 13/2024", "- a",
              "Sau", "0x1F", "9" * 60, "\t1", "|", ">-", "'''", "~"]
GARBAGE = st.text(alphabet=st.sampled_from(list("\t\r\n \x00\x07\x1b\ufeff\u0301\u200b'\"[]{}&*!%@`#:-?,|>\\ờ") + ["ệ"]),
                  min_size=1, max_size=8)

SETTINGS = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])


@st.composite
def mutation(draw, lines: list[str]) -> list[str]:
    """Apply one mutation to ``lines`` (a copy)."""
    lines = list(lines)
    if not lines:
        return lines
    kind = draw(st.sampled_from(["delete", "duplicate", "swap", "retype", "garbage", "truncate", "indent",
                                 "swap-values"]))
    i = draw(st.integers(0, len(lines) - 1))
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "retype":
        m = VALUE_LINE.match(lines[i])
        if m:
            lines[i] = f"{m.group(1)} {draw(st.sampled_from(NEW_VALUES))}"
    elif kind == "swap-values":
        j = draw(st.integers(0, len(lines) - 1))
        mi, mj = VALUE_LINE.match(lines[i]), VALUE_LINE.match(lines[j])
        if mi and mj:
            lines[i], lines[j] = mi.group(1) + (mj.group(2) or ""), mj.group(1) + (mi.group(2) or "")
    elif kind == "garbage":
        col = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:col] + draw(GARBAGE) + lines[i][col:]
    elif kind == "truncate":
        col = draw(st.integers(0, len(lines[i])))
        lines = lines[:i] + [lines[i][:col]]
    elif kind == "indent":
        shift = draw(st.sampled_from([-4, -2, -1, 1, 2, 3]))
        lines[i] = " " * shift + lines[i] if shift > 0 else lines[i][-shift:] if lines[i][:-shift].isspace() else lines[i]
    return lines


@st.composite
def mutated_plan(draw) -> tuple[str, str]:
    name = draw(st.sampled_from(sorted(TEXTS)))
    lines = TEXTS[name].split("\n")
    for _ in range(draw(st.integers(1, 3))):
        lines = draw(mutation(lines))
    return name, "\n".join(lines)


@pytest.mark.skipif(not TEXTS, reason="no real plans in plans/")
@SETTINGS
@given(mutated_plan())
def test_mutated_plans_end_with_a_message_and_an_exit_code(cli, case):
    name, text = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        result = cli("validate", str(path), "--format", "concise")
        assert result.exit_code in (0, 1, 2), result
        assert "Traceback" not in result.output, result
        assert "internal error" not in result.output, result
        assert result.stdout.strip() or result.stderr.strip(), result
        if result.exit_code == 1:
            assert re.search(rf"^{re.escape(str(path))}:\d+:\d+: [A-Z]\d{{3}} ", result.stdout, re.M), result


@SETTINGS
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_end_with_a_message(cli, data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.yaml"
        path.write_bytes(data)
        result = cli("validate", str(path), "--format", "concise")
        assert result.exit_code in (0, 1, 2), result
        assert "Traceback" not in result.output and "internal error" not in result.output, result
