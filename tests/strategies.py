"""Hypothesis strategies shared by the property tests: the real plans, mutated the way hands and
tools break files: lines deleted, duplicated or swapped, values retyped or padded with odd
white space, garbage characters inserted, the file truncated, indentation shifted."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from conftest import SEED_PLANS

TEXTS = {p.name: p.read_text(encoding="utf-8") for p in SEED_PLANS}
VALUE_LINE = re.compile(r"^(\s*(?:- )?[\w-]+:)( .*)?$")
NEW_VALUES = ["123", "-1", "1e999", "[]", "{}", "null", "true", "2024-02-30", "'x'", '"', "[a, [b",
              "{after: nowhere}", "&a x", "*a", "!!python/object:os.system x", "Tháng 13/2024", "- a",
              "Sau", "0x1F", "9" * 60, "\t1", "|", ">-", "'''", "~"]
GARBAGE = st.text(alphabet=st.sampled_from(list("\t\r\n \x00\x07\x1b\ufeff\u0301\u200b'\"[]{}&*!%@`#:-?,|>\\ờ") + ["ệ"]),
                  min_size=1, max_size=8)

# Escapes inside a double-quoted YAML value: white space pydantic strips, and characters it
# does not (U+001C..U+001F are white space to Python, not to Rust; U+200B is not white space).
PAD = st.lists(st.sampled_from([" ", "\\t", "\\n", "\\x1c", "\\x1f", "\\u00a0", "\\u3000", "\\u200b",
                                 "\\u2028", "\\x85", "\\u180e", "x"]), max_size=3).map("".join)

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
                                 "swap-values", "pad"]))
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
    elif kind == "pad":
        m = VALUE_LINE.match(lines[i])
        if m and m.group(2) and m.group(2).strip()[:1] not in ("|", ">", "[", "{", "'", '"', "&", "*", "!"):
            left, right = draw(PAD), draw(PAD)
            value = m.group(2).strip().replace("\\", "\\\\").replace('"', '\\"')
            lines[i] = f'{m.group(1)} "{left}{value}{right}"'
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
