"""One parser reads every date typed on the command line, so every command takes the same forms."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from conftest import PLANS
from isoctl.diagnostics import UsageError
from isoctl.plan.dates import parse_date


@pytest.mark.parametrize(("text", "day"), [
    ("2024-08-15", dt.date(2024, 8, 15)), ("15/8/2024", dt.date(2024, 8, 15)), ("05/03/2014", dt.date(2014, 3, 5)),
    (" 2024-08-15 ", dt.date(2024, 8, 15)),
])
def test_forms(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["15/13/2024", "2024-02-30", "15/8/24", "tomorrow", "", "8/2024"])
def test_refused(text):
    with pytest.raises(UsageError):
        parse_date(text)


def _commands(tmp_path, value):
    plan = tmp_path / "plan-2024.yaml"
    shutil.copy(PLANS / "plan-2024.yaml", plan)
    return [
        ["timeline", str(plan), "--as-of", value, "--width", "100"],
        ["status", str(plan), "--as-of", value],
        ["render", "docx", str(plan), "--doc", "bao-cao", "--as-of", value, "-o", str(tmp_path / "r.docx"), "--force"],
        ["done", "lap-ke-hoach", str(plan), "--on", value],
    ]


@pytest.mark.parametrize("index", range(4), ids=["timeline", "status", "render", "done"])
def test_every_date_option_takes_the_same_forms(cli, tmp_path, index):
    for value in ("2024-08-15", "15/8/2024"):
        result = cli(*_commands(tmp_path, value)[index])
        assert result.exit_code in (0, 1), result
    bad = cli(*_commands(tmp_path, "15/13/2024")[index])
    assert bad.exit_code == 2, bad
    assert "'15/13/2024' is not a date" in bad.output + bad.stderr, bad
