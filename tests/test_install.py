"""The package as pip installs it (not the source tree) finds its data and checks the sample plans."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import PLANS, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel of this checkout, unpacked into a folder of its own (dependencies from this venv)."""
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            "-w", str(out), str(ROOT)], capture_output=True, text=True)
    if build.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {build.stderr[-300:]}")
    site = out / "site"
    with zipfile.ZipFile(next(out.glob("isoctl-*.whl"))) as whl:
        whl.extractall(site)
    return site


def _run(site, cwd, *args):
    env = {**os.environ, "PYTHONPATH": str(site), "LANG": "C.UTF-8"}
    env.pop("ISOCTL_LANG", None)
    return subprocess.run([sys.executable, "-m", "isoctl", *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_the_wheel_holds_every_package_and_data_file(installed):
    for part in ("lawdata/legal-timeline.toml", "lawdata/reorganisation.toml", "templates/ke-hoach.j2",
                 "templates/_chung.j2", "cli/entry.py", "lint/rules/s004_no_schedule.py", "plan/_model_table.py"):
        assert (installed / "isoctl" / part).is_file(), part


def test_the_readme_main_command_runs_from_the_installed_package(installed, tmp_path):
    shutil.copytree(PLANS, tmp_path / "plans")
    result = _run(installed, tmp_path, "validate", "plans", "--format", "concise")
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert "4 file(s) checked" in result.stdout, result.stdout
    probe = _run(installed, tmp_path, "render", "docx", "plans/plan-2024.yaml", "--doc", "ke-hoach", "-o", "k.docx")
    assert probe.returncode == 0, probe.stderr
    assert (tmp_path / "k.docx").stat().st_size > 10_000
