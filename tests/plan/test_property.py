"""Property: whatever happens to a real plan, ``isoctl validate`` ends with a message and 0, 1 or 2.

Hypothesis mutates the real plans in plans/ the way hands and tools break files (see
``strategies.py``). Derandomized and database-free, so every run (and CI) tries the same cases.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import SETTINGS, TEXTS, mutated_plan


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
