"""Every OS error is a message naming the path and what to do (issue 17), never a traceback.

Each command that writes is run, in a subprocess, against each way a write fails for real: the
target's folder is a file, the target is a folder, a full disk (a 64 KB tmpfs, filled), a
read-only file system (a tmpfs mounted read-only), no permission (as an unprivileged user: root
ignores file modes, so the tests run the program through ``setpriv`` as ``nobody`` when they run
as root), a device (``/dev/full``). Each that reads is run on a file it may not read, a folder it
may not list, and standard output on ``/dev/full``. A mechanism the machine does not offer
(mounting needs root) is skipped with the reason.

Exit codes (README, Safety): a file that cannot be written, or standard output, exit 2; a plan
or a Word file that cannot be read, exit 1 (validate: an E002 finding); a configuration, a
baseline or a template folder, exit 2.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import PLANS, Result

P2024 = PLANS / "plan-2024.yaml"
TIMEOUT = 120
NOBODY = 65534
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
SETPRIV = shutil.which("setpriv")


def _as_nobody_possible() -> bool:
    if not ROOT_USER:
        return True  # file modes bind this user already
    if SETPRIV is None:
        return False
    probe = subprocess.run([SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable,
                            "-c", "import isoctl"], capture_output=True, cwd="/")
    return probe.returncode == 0


UNPRIVILEGED = _as_nobody_possible()
needs_unprivileged = pytest.mark.skipif(not UNPRIVILEGED, reason="running as root without setpriv (or nobody "
                                        "cannot run this Python): file modes would not bind")


def run(*args: str, cwd: Path, unprivileged: bool = False, stdout: str | None = None,
        env: dict[str, str] | None = None) -> Result:
    environ = {**os.environ, "LANG": "C.UTF-8", "NO_COLOR": "1", "COLUMNS": "120", **(env or {})}
    for var in ("LC_ALL", "ISOCTL_LANG", "GITHUB_ACTIONS", "ISOCTL_DEBUG"):
        environ.pop(var, None)
    command = [sys.executable, "-m", "isoctl", *args]
    if unprivileged and ROOT_USER:
        command = [SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
        environ["HOME"] = str(cwd)
        environ["PYTHONDONTWRITEBYTECODE"] = "1"
    out = open(stdout, "wb") if stdout else subprocess.PIPE  # noqa: SIM115 - closed below
    try:
        proc = subprocess.run(command, cwd=cwd, env=environ, stdout=out, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, timeout=TIMEOUT)
    finally:
        if stdout:
            out.close()
    text = (proc.stdout or b"").decode("utf-8", "replace")
    return Result(proc.returncode, text, proc.stderr.decode("utf-8", "replace"))


def clean(result: Result, code: int) -> None:
    assert result.exit_code == code, result
    for word in ("Traceback", "internal error", "Exception ignored"):
        assert word not in result.output, result


@pytest.fixture
def world() -> Iterator[Path]:
    """A folder every user may enter (pytest's tmp_path is root's alone), with plans/ and .git/."""
    base = Path(tempfile.mkdtemp(prefix="isoctl-oserr-", dir="/tmp" if os.path.isdir("/tmp") else None))
    os.chmod(base, 0o777)
    (base / ".git").mkdir()
    (base / "plans").mkdir(mode=0o777)
    os.chmod(base / "plans", 0o777)
    shutil.copy(P2024, base / "plans" / "plan-2024.yaml")
    os.chmod(base / "plans" / "plan-2024.yaml", 0o666)
    yield base
    for folder, dirs, _files in os.walk(base):
        for d in dirs:
            with contextlib.suppress(OSError):
                os.chmod(os.path.join(folder, d), 0o755)
    shutil.rmtree(base, ignore_errors=True)


def _mount(folder: Path, size: str) -> None:
    folder.mkdir(exist_ok=True)
    if not ROOT_USER or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=777", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if proc.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")


@contextlib.contextmanager
def small_disk(folder: Path, *, full: bool = False, read_only: bool = False, size: str = "64k",
               files: dict[str, Path] | None = None) -> Iterator[Path]:
    """A tiny tmpfs at ``folder`` holding ``files``; filled to the last byte, or read-only."""
    _mount(folder, size)
    try:
        for name, source in (files or {}).items():
            shutil.copy(source, folder / name)
            os.chmod(folder / name, 0o666)
        if full:
            fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"x" * 4096)
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"x")
            os.close(fd)
        if read_only:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "plan-2024.docx"
    result = run("render", "docx", str(P2024), "-o", str(out), cwd=out.parent)
    assert out.exists(), result
    return out


# --- writes ------------------------------------------------------------------------------------

# each command that writes a file it is given: its arguments with the target as {o}
WRITERS = {
    "validate -o": ["validate", "plans", "--format", "json", "-o", "{o}"],
    "validate --write-baseline": ["validate", "plans", "--write-baseline", "{o}"],
    "new -o": ["new", "--from", "plans/plan-2024.yaml", "--year", "2031", "-o", "{o}"],
    "render docx -o": ["render", "docx", "plans/plan-2024.yaml", "-o", "{o}"],
    "render docx --all -o": ["render", "docx", "plans/plan-2024.yaml", "--all", "-o", "{o}"],
    "timeline --svg": ["timeline", "plans/plan-2024.yaml", "--svg", "{o}"],
    "timeline --html": ["timeline", "plans/plan-2024.yaml", "--html", "{o}"],
    "schema -o": ["schema", "-o", "{o}"],
    "import docx -o": ["import", "docx", "{docx}", "-o", "{o}"],
}
# where a folder is what the option asks for (a folder for the source name, the documents' folder)
FOLDER_TARGETS = {"new -o", "render docx --all -o"}

REASONS = {
    "parent-is-file": "a part of the path is a file, not a folder",
    "is-folder": "is a folder",
    "full-disk": "no space left on the device",
    "read-only": "the file system is read-only",
    "permission": "permission denied",
    "device": "is not a regular file",
}


def _args(command: str, target: str, docx: Path) -> list[str]:
    return [a.format(o=target, docx=docx) for a in WRITERS[command]]


def _leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.name.endswith(".tmp") or p.suffix in (".docx", ".svg", ".html") or p.name.startswith("out"))


@pytest.mark.parametrize("failure", sorted(REASONS))
@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_write_that_fails_names_the_path_and_why(world, docx_file, command, failure):
    unprivileged = False
    if failure == "parent-is-file":
        (world / "afile").write_text("not a folder\n", encoding="utf-8")
        target = "afile/out.x"
    elif failure == "is-folder":
        if command in FOLDER_TARGETS:
            pytest.skip(f"{command} takes a folder")
        (world / "adir").mkdir()
        target = "adir"
    elif failure == "device":
        target = "/dev/full"
    elif failure == "permission":
        if not UNPRIVILEGED:
            pytest.skip("running as root without setpriv")
        (world / "locked").mkdir()
        os.chmod(world / "locked", 0o555)
        target = "locked/out.x"
        unprivileged = True
    else:
        target = "disk/out.x"
    with contextlib.ExitStack() as stack:
        if failure in ("full-disk", "read-only"):
            stack.enter_context(small_disk(world / "disk", full=failure == "full-disk",
                                           read_only=failure == "read-only"))
        if failure == "permission":
            shutil.copy(docx_file, world / "plan.docx")
            os.chmod(world / "plan.docx", 0o644)
        docx = world / "plan.docx" if failure == "permission" else docx_file
        before = _leftovers(world)
        result = run(*_args(command, target, docx), "--force", cwd=world, unprivileged=unprivileged)
        clean(result, 2)
        reason = "is not a folder" if failure == "device" and command in FOLDER_TARGETS - {"new -o"} \
            else REASONS[failure]
        assert reason in result.stderr, result
        assert target.split("/")[0] in result.stderr, result  # the path is named
        if failure != "device":
            assert _leftovers(world) == before, "a partial or temporary file was left"


# the commands that rewrite the plan they are given
EDITORS = {
    "validate --fix": ["validate", "--fix", "plans/plan-2024.yaml"],
    "done": ["done", "kien-toan-bcd", "plans/plan-2024.yaml"],
    "set": ["set", "kien-toan-bcd", "note=checked", "plans/plan-2024.yaml"],
}


@pytest.mark.parametrize("failure", ["full-disk", "read-only", "permission"])
@pytest.mark.parametrize("command", sorted(EDITORS))
def test_an_edit_that_cannot_be_written_leaves_the_plan(world, command, failure):
    plan = world / "plans" / "plan-2024.yaml"
    with contextlib.ExitStack() as stack:
        if failure == "permission":
            if not UNPRIVILEGED:
                pytest.skip("running as root without setpriv")
            os.chmod(world / "plans", 0o555)
        else:
            plan.unlink()
            stack.enter_context(small_disk(world / "plans", full=failure == "full-disk", size="64k",
                                           read_only=failure == "read-only", files={"plan-2024.yaml": P2024}))
        result = run(*EDITORS[command], cwd=world, unprivileged=failure == "permission")
        clean(result, 2)
        assert "plans/plan-2024.yaml: cannot write: " + REASONS[failure] in result.stderr, result
        assert plan.read_bytes() == P2024.read_bytes()
        assert not [p for p in (world / "plans").iterdir() if p.name.endswith(".tmp")]


# --- reads -------------------------------------------------------------------------------------

READERS = {
    "validate": (["validate", "plans/plan-2024.yaml"], 1),
    "validate --format json": (["validate", "plans/plan-2024.yaml", "--format", "json"], 1),
    "status": (["status", "plans/plan-2024.yaml"], 1),
    "timeline": (["timeline", "plans/plan-2024.yaml"], 1),
    "textconv": (["textconv", "plans/plan-2024.yaml"], 1),
    "diff": (["diff", "plans/plan-2024.yaml", "plans/plan-2024.yaml"], 1),
    "render docx": (["render", "docx", "plans/plan-2024.yaml", "-o", "out.docx"], 1),
    "new": (["new", "--from", "plans/plan-2024.yaml", "--year", "2031", "-o", "-"], 1),
    "done": (["done", "kien-toan-bcd", "plans/plan-2024.yaml"], 1),
    "set": (["set", "kien-toan-bcd", "note=x", "plans/plan-2024.yaml"], 1),
    "import docx": (["import", "docx", "plan.docx", "-o", "-"], 1),
    "config": (["--config", "isoctl.toml", "validate", "plans"], 2),
    "config found": (["validate", "plans"], 2),
    "baseline": (["validate", "plans", "--baseline", "baseline.json"], 2),
    "template": (["render", "docx", "plans/plan-2024.yaml", "--templates", "tpl", "-o", "out.docx"], 1),
}


@needs_unprivileged
@pytest.mark.parametrize("command", sorted(READERS))
def test_a_file_that_may_not_be_read_is_named(world, docx_file, command):
    args, code = READERS[command]
    unreadable = {"import docx": "plan.docx", "config": "isoctl.toml", "config found": "isoctl.toml",
                  "baseline": "baseline.json", "template": "tpl/ke-hoach.j2"}.get(command, "plans/plan-2024.yaml")
    if command == "import docx":
        shutil.copy(docx_file, world / "plan.docx")
    elif command.startswith("config"):
        (world / "isoctl.toml").write_text('lang = "en"\n', encoding="utf-8")
    elif command == "baseline":
        (world / "baseline.json").write_text("{}\n", encoding="utf-8")
    elif command == "template":
        (world / "tpl").mkdir(mode=0o755)
        (world / "tpl" / "ke-hoach.j2").write_text("{{ plan.year }}\n", encoding="utf-8")
    os.chmod(world / unreadable, 0)
    result = run(*args, cwd=world, unprivileged=True)
    clean(result, code)
    assert f"{unreadable}" in result.output and "cannot read: permission denied" in result.output, result
    assert not (world / "out.docx").exists()


@needs_unprivileged
@pytest.mark.parametrize("fmt", ["full", "concise", "json", "github", "sarif"])
def test_a_folder_that_cannot_be_listed_is_a_finding_not_a_gap(world, fmt):
    """As ruff's E902: the folder is reported (E002, why, what to do) in every format, and the
    rest is still checked."""
    (world / "plans" / "sub").mkdir()
    shutil.copy(P2024, world / "plans" / "sub" / "p.yaml")
    os.chmod(world / "plans" / "sub", 0)
    result = run("validate", "plans", "--format", fmt, "--exit-zero", cwd=world, unprivileged=True)
    clean(result, 0)
    assert "cannot list this folder: permission denied" in result.output, result
    if fmt == "json":
        found = {(f["file"], f["code"]) for f in json.loads(result.stdout)}
        assert ("plans/sub", "E002") in found, found
        assert any(file == "plans/plan-2024.yaml" for file, _ in found), "the readable plan was not checked"
    elif fmt == "sarif":
        results = json.loads(result.stdout)["runs"][0]["results"]
        assert any(r["ruleId"] == "E002" and "plans/sub" in json.dumps(r["locations"]) for r in results)
    else:
        assert "plans/sub" in result.output and "E002" in result.output, result
        assert "plans/plan-2024.yaml" in result.output, result
    result = run("validate", "plans", cwd=world, unprivileged=True)
    clean(result, 1)


@needs_unprivileged
def test_a_plans_folder_that_cannot_be_listed_stops_the_commands_that_search_it(world):
    (world / "plans" / "sub").mkdir()
    os.chmod(world / "plans" / "sub", 0)
    for args in (["status"], ["timeline"]):
        result = run(*args, cwd=world, unprivileged=True)
        clean(result, 1)
        assert "plans/sub: cannot list this folder: permission denied" in result.stderr, (args, result)


@needs_unprivileged
@pytest.mark.parametrize("args", [["templates", "list", "--templates", "tpl"],
                                  ["render", "docx", "plans/plan-2024.yaml", "--templates", "tpl", "-o", "out.docx"],
                                  ["templates", "check", "--templates", "tpl"]])
def test_a_template_folder_that_cannot_be_listed_is_refused(world, args):
    """Never the built-in templates in its place without a word."""
    (world / "tpl").mkdir()
    (world / "tpl" / "ke-hoach.j2").write_text("{{ plan.year }}\n", encoding="utf-8")
    os.chmod(world / "tpl", 0)
    result = run(*args, cwd=world, unprivileged=True)
    clean(result, 2)
    assert "tpl: cannot list the template folder: permission denied" in result.stderr, result
    assert not (world / "out.docx").exists()


def test_configuration_names_that_are_no_file_are_refused(world):
    for name in ("isoctl.toml", "pyproject.toml"):
        (world / name).mkdir()
        result = run("validate", "plans", cwd=world)
        clean(result, 2)
        assert f"{name}: is a folder, not a configuration file" in result.stderr, result
        (world / name).rmdir()


# --- standard output ---------------------------------------------------------------------------

PRINTERS = {
    "validate": ["validate", "plans"], "validate json": ["validate", "plans", "--format", "json"],
    "validate sarif": ["validate", "plans", "--format", "sarif"], "schema": ["schema"], "rules": ["rules"],
    "explain": ["explain", "E002"], "textconv": ["textconv", "plans/plan-2024.yaml"],
    "status": ["status", "plans/plan-2024.yaml", "--as-of", "2024-06-01"],
    "timeline": ["timeline", "plans/plan-2024.yaml", "--as-of", "2024-06-01"],
    "timeline --svg -": ["timeline", "plans/plan-2024.yaml", "--svg", "-"],
    "diff": ["diff", "plans/plan-2024.yaml", "plans/plan-2024.yaml"],
    "new -o -": ["new", "--from", "plans/plan-2024.yaml", "--year", "2031", "-o", "-"],
    "templates list": ["templates", "list"], "help": ["--help"], "version": ["--version"],
}


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("command", sorted(PRINTERS))
def test_standard_output_on_a_full_disk_is_said(world, command):
    result = run(*PRINTERS[command], cwd=world, stdout="/dev/full")
    clean(result, 2)
    assert "cannot write to standard output: no space left on the device" in result.stderr, result
    assert result.stderr.count("isoctl:") == 1, result


# --- git-setup ---------------------------------------------------------------------------------

def _git_repo(folder: Path) -> None:
    subprocess.run(["git", "init", "-q", str(folder)], check=True, capture_output=True)


SAFE = {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "safe.directory", "GIT_CONFIG_VALUE_0": "*",
        "GIT_CONFIG_NOSYSTEM": "1"}


def test_git_setup_names_what_it_cannot_write(world):
    (world / ".git").rmdir()
    _git_repo(world)
    (world / ".gitattributes").mkdir()
    result = run("git-setup", cwd=world, env=SAFE)
    clean(result, 2)
    assert ".gitattributes: is a folder" in result.stderr, result
    (world / ".gitattributes").rmdir()
    if UNPRIVILEGED:
        os.chmod(world, 0o555)
        result = run("git-setup", cwd=world, unprivileged=True, env=SAFE)
        os.chmod(world, 0o777)
        clean(result, 2)
        assert ".gitattributes: cannot write: permission denied" in result.stderr, result

