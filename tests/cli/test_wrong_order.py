"""Did-you-mean and arguments in the wrong order, as a user meets them: the real program in a
subprocess, its exit code, what it says, and that the plan file is left alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PLANS, ROOT


def run(*args: str, cwd: Path, lang: str = "C.UTF-8") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("ISOCTL_LANG", "LC_ALL", "NO_COLOR", "FORCE_COLOR")}
    env.update({"LANG": lang, "PYTHONPATH": str(ROOT)})
    return subprocess.run([sys.executable, "-m", "isoctl", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(PLANS, tmp_path / "plans")
    return tmp_path


PLAN = "plans/plan-2024.yaml"


@pytest.mark.parametrize(("args", "right"), [
    (["done", PLAN, "kien-toan-bcd"], f"isoctl done kien-toan-bcd {PLAN}"),
    (["done", PLAN, "kien-toan-bcd", "--on", "2024-06-20"], f"isoctl done kien-toan-bcd {PLAN} --on 2024-06-20"),
    (["set", PLAN, "lap-ke-hoach", "status=in-progress"], f"isoctl set lap-ke-hoach status=in-progress {PLAN}"),
    (["set", "status=in-progress", "lap-ke-hoach", PLAN], f"isoctl set lap-ke-hoach status=in-progress {PLAN}"),
    (["set", "status=in-progress", "note=x y", "lap-ke-hoach"], "isoctl set lap-ke-hoach status=in-progress 'note=x y'"),
])
def test_arguments_in_the_wrong_order_are_explained(work: Path, args: list[str], right: str) -> None:
    before = (work / PLAN).read_bytes()
    for lang, words in (("C.UTF-8", "wrong order"), ("vi_VN.UTF-8", "sai thứ tự")):
        r = run(*args, cwd=work, lang=lang)
        assert r.returncode == 2, r.stderr
        assert words in r.stderr and "Traceback" not in r.stderr
        assert r.stderr.rstrip("\n").splitlines()[-1].split(": ", 1)[1] == right
    assert (work / PLAN).read_bytes() == before
    fixed = run(*right.split(" ", 1)[1].replace("'note=x y'", "note=x-y").split(), cwd=work)
    assert fixed.returncode == 0, fixed.stderr


def test_a_plan_file_in_place_of_the_task_id(work: Path) -> None:
    r = run("done", PLAN, cwd=work)
    assert r.returncode == 2
    assert "is a plan file, not a task id" in r.stderr and f"isoctl done TASK_ID {PLAN}" in r.stderr


@pytest.mark.parametrize(("args", "says"), [
    (["validate", "--bogus", "plans"], None),
    (["validate", "--fromat", "json", "plans"], "Did you mean --format?"),
    (["validate", "--jbos", "2", "plans"], "Did you mean --jobs?"),
    (["timeline", "--widht", "80"], "Did you mean --width?"),
    (["xyz"], None),
    (["valdate", "plans"], "Did you mean 'validate'?"),
    (["render", "dcx"], "Did you mean 'docx'?"),
    (["explain", "V03"], "did you mean 'V003'?"),
    (["explain", "X999"], None),
    (["done", "nonexistent-task", PLAN], None),
    (["done", "kien-toan", PLAN], "did you mean 'kien-toan-bcd'?"),
    (["set", "lap-ke-hoach", "stauts=done", PLAN], "did you mean 'status'?"),
    (["set", "lap-ke-hoach", "status=complete", PLAN], None),
    (["timeline", PLAN, "--unit", "VPS"], None),
])
def test_did_you_mean_only_when_close(work: Path, args: list[str], says: str | None) -> None:
    r = run(*args, cwd=work)
    assert r.returncode == 2, r
    assert "Traceback" not in r.stderr
    if says is None:
        assert "did you mean" not in r.stderr.lower(), r.stderr
    else:
        assert says in r.stderr, r.stderr
