"""Standard input as a user pipes it: ``validate -`` (named by ``--stdin-filename``), ``timeline -``
and ``status -``, through the real program in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PLANS, ROOT, SEED_PLANS

FORMATS = ("full", "concise", "json", "github", "sarif")
RELATIVE = [p.relative_to(PLANS.parent).as_posix() for p in SEED_PLANS]


def run(*args: str, cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None,
        quick: bool = True) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "ISOCTL_LANG", "LC_ALL", "ISOCTL_NO_QUICK")}
    environ.update({"LANG": "C.UTF-8", "PYTHONPATH": str(ROOT), **(env or {})})
    if not quick:
        environ["ISOCTL_NO_QUICK"] = "1"
    r = subprocess.run([sys.executable, "-m", "isoctl", *args], cwd=cwd, env=environ, input=stdin or b"",
                       capture_output=True)
    return subprocess.CompletedProcess(r.args, r.returncode, r.stdout.decode("utf-8"), r.stderr.decode("utf-8"))


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(PLANS, tmp_path / "plans")
    return tmp_path


@pytest.mark.parametrize(("fmt", "quick"), [*((f, True) for f in FORMATS), ("full", False), ("sarif", False)])
def test_stdin_named_reads_as_the_file(work: Path, fmt: str, quick: bool) -> None:
    for rel in RELATIVE:
        data = (work / rel).read_bytes()
        direct = run("validate", "--format", fmt, rel, cwd=work, quick=quick)
        piped = run("validate", "--format", fmt, "--stdin-filename", rel, "-", cwd=work, stdin=data, quick=quick)
        alone = run("validate", "--format", fmt, "--stdin-filename", rel, cwd=work, stdin=data, quick=quick) \
            if fmt == "concise" else piped
        assert direct.returncode == piped.returncode == alone.returncode, (rel, piped.stderr)
        assert piped.stdout == direct.stdout == alone.stdout, (rel, fmt)
        assert piped.stderr == direct.stderr == alone.stderr
        assert rel in piped.stdout


def test_without_a_name_stdin_is_dash_and_the_findings_are_the_same(work: Path) -> None:
    rel = RELATIVE[0]
    direct = json.loads(run("validate", "--format", "json", rel, cwd=work).stdout)
    piped = json.loads(run("validate", "--format", "json", "-", cwd=work, stdin=(work / rel).read_bytes()).stdout)
    assert {f["file"] for f in piped} == {"-"}
    assert [{**f, "file": rel} for f in piped] == direct


def test_the_name_chooses_the_per_file_configuration(work: Path) -> None:
    (work / "isoctl.toml").write_text('per-file-ignores = { "plans/examples/*.yaml" = ["L", "V"] }\n'
                                      'severity = { C004 = "error" }\n', encoding="utf-8")
    data = (work / "plans/plan-2024.yaml").read_bytes()

    def codes(name: str) -> set[str]:
        out = run("validate", "--format", "json", "--stdin-filename", name, cwd=work, stdin=data)
        findings = json.loads(out.stdout)
        assert all(f["file"] == name for f in findings)
        assert all(f["severity"] == "error" for f in findings if f["code"] == "C004")
        return {f["code"] for f in findings}

    named_there, named_here = codes("plans/examples/piped.yaml"), codes("plans/piped.yaml")
    assert any(c[0] in "LV" for c in named_here)
    assert not any(c[0] in "LV" for c in named_there)
    assert named_there == {c for c in named_here if c[0] not in "LV"}


def test_stdin_filename_needs_stdin(work: Path) -> None:
    r = run("validate", "--stdin-filename", "x.yaml", "plans/plan-2024.yaml", cwd=work)
    assert r.returncode == 2 and "--stdin-filename" in r.stderr and "Traceback" not in r.stderr


def test_fix_on_stdin_prints_the_fixed_plan_and_writes_no_file(work: Path) -> None:
    rel = "plans/plan-2024.yaml"
    data = (work / rel).read_bytes()
    r = run("validate", "--fix", "--stdin-filename", rel, cwd=work, stdin=data)
    assert (work / rel).read_bytes() == data and not (work / "-").exists()
    fixed = run("validate", "--fix", rel, cwd=work)
    assert r.returncode == fixed.returncode == 1
    assert r.stdout == (work / rel).read_text(encoding="utf-8") != data.decode("utf-8")
    assert f"{rel}:" in r.stderr and "fixed" in r.stderr


@pytest.mark.parametrize("command", [["timeline", "--width", "100"], ["status"], ["status", "--format", "markdown"],
                                     ["status", "--format", "json"], ["timeline", "--svg", "-"]])
def test_timeline_and_status_read_stdin(work: Path, command: list[str]) -> None:
    for rel in RELATIVE:
        direct = run(*command, rel, "--as-of", "2024-08-15", cwd=work)
        piped = run(*command, "-", "--as-of", "2024-08-15", cwd=work, stdin=(work / rel).read_bytes())
        assert piped.returncode == direct.returncode == 0, piped.stderr
        if "json" in command:
            assert json.loads(piped.stdout) == {**json.loads(direct.stdout), "file": "-"}
        else:
            assert piped.stdout == direct.stdout and piped.stdout
    assert not (work / "-").exists()


@pytest.mark.parametrize("command", [["timeline"], ["status"]])
def test_a_bad_plan_on_stdin_is_reported_with_its_positions(work: Path, command: list[str]) -> None:
    r = run(*command, "-", cwd=work, stdin=b"format: 1\nyear: x\n")
    assert r.returncode == 1 and r.stdout == ""
    assert "<stdin>:2:7: E102" in r.stderr and "isoctl validate -`" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("command", [["done", "kien-toan-bcd", "-"], ["set", "kien-toan-bcd", "status=done", "-"]])
def test_done_and_set_refuse_stdin(work: Path, command: list[str]) -> None:
    r = run(*command, cwd=work, stdin=(work / "plans/plan-2024.yaml").read_bytes())
    assert r.returncode == 2 and "standard input" in r.stderr and not (work / "-").exists()
