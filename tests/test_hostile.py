"""Hostile input (issue 17): nothing leaks, nothing hangs, no edit is lost.

Each attack runs ``python -m isoctl`` in a subprocess with a memory limit and a timeout where it
could hang or exhaust memory: the timeout is a guard that turns a hang into a failure, not a
speed assertion.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PLANS, Result

P2024 = PLANS / "plan-2024.yaml"
MEMORY_LIMIT = 1 << 30
TIMEOUT = 60


def _limits() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run(*args: str, cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None) -> Result:
    environ = {**os.environ, "LANG": "C.UTF-8", "NO_COLOR": "1", "COLUMNS": "120", **(env or {})}
    for var in ("LC_ALL", "ISOCTL_LANG", "GITHUB_ACTIONS", "ISOCTL_DEBUG"):
        environ.pop(var, None)
    proc = subprocess.run([sys.executable, "-m", "isoctl", *args], cwd=cwd, env=environ, capture_output=True,
                          input=stdin if stdin is not None else b"", timeout=TIMEOUT,
                          preexec_fn=_limits if os.name == "posix" else None)
    return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def clean(result: Result, code: int) -> None:
    assert result.exit_code == code, result
    assert "Traceback" not in result.output, result
    assert "internal error" not in result.output, result


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "plans").mkdir()
    shutil.copy(P2024, tmp_path / "plans" / "plan-2024.yaml")
    return tmp_path


# --- the one reader --------------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["validate", "{p}"], ["validate", "{p}", "--format", "concise"], ["textconv", "{p}"], ["status", "{p}"],
    ["timeline", "{p}"], ["diff", "{p}", "plans/plan-2024.yaml"], ["render", "docx", "{p}", "-o", "x.docx"],
    ["new", "--from", "{p}", "--year", "2030", "-o", "-"], ["done", "kien-toan-bcd", "{p}"],
])
@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_no_command_reads_a_pipe_or_a_device(repo, command, special):
    target = "/dev/zero" if special == "/dev/zero" else str(repo / "pipe.yaml")
    if special == "fifo":
        os.mkfifo(target)
    result = run(*[a.format(p=target) for a in command], cwd=repo)
    clean(result, 1)
    assert "is not a regular file (a pipe, a device or a socket)" in result.output, result


def test_configuration_and_baseline_from_a_device_are_refused(repo):
    result = run("--config", "/dev/zero", "validate", "plans", cwd=repo)
    clean(result, 2)
    assert "/dev/zero" in result.stderr and "is not a regular file" in result.stderr, result
    result = run("validate", "plans", "--baseline", "/dev/zero", cwd=repo)
    clean(result, 2)
    assert "is not a regular file" in result.stderr, result


def test_a_plan_linking_out_of_the_repository_is_not_read(repo):
    secret = repo.parent / f"{repo.name}-secret.yaml"
    secret.write_text("SECRET=hunter2\n", encoding="utf-8")
    (repo / "plans" / "e.yaml").symlink_to(secret)
    for args in (["validate", "plans/e.yaml"], ["validate", "plans"], ["textconv", "plans/e.yaml"],
                 ["status", "plans/e.yaml"]):
        result = run(*args, cwd=repo)
        assert result.exit_code == 1, result
        assert "hunter2" not in result.output, result
        assert "is a symbolic link to" in result.output and "outside" in result.output, result


def test_a_link_inside_the_repository_is_followed(repo):
    (repo / "plans" / "current.yaml").symlink_to("plan-2024.yaml")
    result = run("status", "plans/current.yaml", "--as-of", "2024-08-01", cwd=repo)
    clean(result, 0)


def test_stdin_is_read_bounded(repo):
    result = run("textconv", "-", cwd=repo, stdin=P2024.read_bytes())
    clean(result, 0)
    assert "task kien-toan-bcd" in result.stdout or "kien-toan-bcd" in result.stdout
    result = run("textconv", "-", cwd=repo, stdin=b"x" * (6 << 20))
    clean(result, 1)
    assert "<stdin>: a plan file may be at most 5 MB" in result.stderr, result


# --- concurrent edits ------------------------------------------------------------------------

def _set(path: str, task: str, note: str) -> None:  # pragma: no cover - runs in a child
    from isoctl.timeline.progress import record

    record(path, task, {"note": note})


def test_fifty_rounds_of_two_concurrent_sets_lose_nothing(tmp_path):
    """Two processes edit different tasks of one plan at the same moment, 50 times."""
    ctx = multiprocessing.get_context("fork")
    path = tmp_path / "plan.yaml"
    for i in range(50):
        shutil.copy(P2024, path)
        a = ctx.Process(target=_set, args=(str(path), "kien-toan-bcd", f"A{i}"))
        b = ctx.Process(target=_set, args=(str(path), "lap-ke-hoach", f"B{i}"))
        a.start()
        b.start()
        a.join(TIMEOUT)
        b.join(TIMEOUT)
        assert a.exitcode == 0 and b.exitcode == 0
        text = path.read_text(encoding="utf-8")
        assert f"note: A{i}\n" in text and f"note: B{i}\n" in text, f"round {i} lost an update"


def test_a_file_changed_by_another_program_is_not_overwritten(tmp_path, monkeypatch):
    from isoctl.fsutil import FileChanged
    from isoctl.timeline import progress

    path = tmp_path / "plan.yaml"
    shutil.copy(P2024, path)
    edit = progress.apply(str(path), "kien-toan-bcd", {"status": "done", "done_on": "2024-06-30"})
    mine = path.read_text(encoding="utf-8") + "# added by an editor\n"
    path.write_text(mine, encoding="utf-8")
    with pytest.raises(FileChanged, match="the file changed while it was being edited; nothing written"):
        progress.save(edit)
    assert path.read_text(encoding="utf-8") == mine


# --- ids in NFC ------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["NFC", "NFD"])
def test_an_nfd_id_in_the_file_is_found_typed_either_way(tmp_path, cli, typed):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "kiến-toàn")
    path = tmp_path / "plan.yaml"
    path.write_text(P2024.read_text(encoding="utf-8").replace("- id: kien-toan-bcd", f"- id: {nfd}"),
                    encoding="utf-8")
    result = cli("done", unicodedata.normalize(typed, "kiến-toàn"), str(path), "--on", "2024-06-30")
    assert result.exit_code == 0, result
    assert "status: done" in path.read_text(encoding="utf-8")


# --- configuration: every key applied or refused ---------------------------------------------

@pytest.mark.parametrize(("body", "message"), [
    (b'[tool.isoctl]\noutput-format = "xml"\n', "pyproject.toml:2:1: output-format 'xml' must be one of full"),
    (b"[tool]\nisoctl = 5\n", "pyproject.toml: [tool.isoctl] must be a table"),
    (b'[tool.isoctl]\nplans = "plans"\n\xff\xfe = 1\n', "pyproject.toml:3:1: not valid UTF-8 (byte 0xff)"),
    (b"[tool.isoctl]\nexclude = [1]\n", "pyproject.toml:2:1: 'exclude' must be a list of strings"),
    (b'[tool.isoctl]\nplans = 3\n', "pyproject.toml:2:1: 'plans' must be a string, not 3"),
    (b'[tool.isoctl]\nlang = "fr"\n', "pyproject.toml:2:1: lang must be 'en' or 'vi'"),
    (b'[tool.isoctl]\nper-file-ignores = {"*" = 5}\n', "pyproject.toml:2:1: per-file-ignores: each pattern takes"),
    (b'[tool.isoctl.severity]\nD004 = "loud"\n', "pyproject.toml:1:1: severity 'loud' must be error"),
])
def test_configuration_is_applied_or_refused(repo, cli, monkeypatch, body, message):
    (repo / "pyproject.toml").write_bytes(body)
    monkeypatch.chdir(repo)
    result = cli("validate", "plans")
    assert result.exit_code == 2, result
    assert message in result.output, result


def test_per_file_ignores_takes_a_single_code(repo, cli, monkeypatch):
    monkeypatch.chdir(repo)
    before = cli("validate", "plans", "--format", "concise")
    assert " D006 " in before.stdout
    (repo / "pyproject.toml").write_text('[tool.isoctl]\nper-file-ignores = {"*" = "D006"}\n', encoding="utf-8")
    after = cli("validate", "plans", "--format", "concise")
    assert " D006 " not in after.stdout and " L005 " in after.stdout, after


def test_the_baseline_key_is_applied(repo, cli, monkeypatch):
    monkeypatch.chdir(repo)
    assert cli("validate", "plans", "--write-baseline", "bl.json").exit_code == 1
    assert cli("validate", "plans").exit_code == 1
    (repo / "pyproject.toml").write_text('[tool.isoctl]\nbaseline = "bl.json"\n', encoding="utf-8")
    result = cli("validate", "plans")
    assert result.exit_code == 0, result
    assert "hidden by the baseline" in result.stderr


# --- templates: no file outside the folder, bounded output and time --------------------------

ATTACKS = {
    "center": '{{ "x"|center(10**10) }}',
    "format": '{{ "%*d"|format(10**9, 1) }}',
    "format-width": '{{ "%999999999d"|format(1) }}',
    "concat": '{% set s = namespace(v="xxxxxxxxxx") %}{% for i in range(40) %}{% set s.v = s.v ~ s.v %}{% endfor %}{{ s.v }}',
    "plus": '{% set s = namespace(v="xxxxxxxxxx") %}{% for i in range(40) %}{% set s.v = s.v + s.v %}{% endfor %}{{ s.v }}',
    "replace": '{% set s = namespace(v="xxxxxxxxxx") %}{% for i in range(40) %}{% set s.v = s.v|replace("x", "xx") %}{% endfor %}{{ s.v }}',
    "indent": '{% set s = namespace(v="x\\n" * 1000) %}{% for i in range(40) %}{% set s.v = s.v|indent(s.v|length, true) %}{% endfor %}{{ s.v }}',
    "wordwrap": '{{ ("x " * 100000)|wordwrap(1, wrapstring="\\n" * 1000) }}',
    "batch": '{{ [1]|batch(10**10, 0)|list }}',
    "tojson": '{{ [[[[1]]]]|tojson(10**9) }}',
    "str-method": '{{ "x".ljust(10**10) }}',
    "str-format": '{{ "{:>9999999999}".format(1) }}',
    "lipsum": '{{ lipsum(n=10**6) }}',
    "range-nesting": '{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}',
    "output": '{% for a in range(99999) %}{{ "x" * 999999 }}{% endfor %}',
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_each_template_attack_stops_cleanly(repo, attack):
    (repo / "tpl").mkdir()
    (repo / "tpl" / "x.j2").write_text(ATTACKS[attack], encoding="utf-8")
    (repo / "pyproject.toml").write_text("[tool.isoctl.render]\nmax-seconds = 2\n", encoding="utf-8")
    result = run("render", "docx", "plans/plan-2024.yaml", "--templates", "tpl", "--doc", "x", cwd=repo)
    clean(result, 1)
    assert "tpl/x.j2" in result.stderr and ("stopped:" in result.stderr or "sandbox" in result.stderr), result
    assert not (repo / "build").exists()


def test_templates_are_never_read_through_links(repo):
    secret = repo.parent / f"{repo.name}-env"
    secret.write_text("SECRET=hunter2\n", encoding="utf-8")
    tpl = repo / "tpl"
    tpl.mkdir()
    (tpl / "x.j2").symlink_to(secret)
    (tpl / "inner.j2").symlink_to(repo / "plans" / "plan-2024.yaml")  # even a link inside the repository
    (tpl / "y.j2").write_text('{% include "inner.j2" %}', encoding="utf-8")
    (tpl / "z.j2").write_text('{% include "/proc/self/environ" %}{% include "../' + secret.name + '" %}',
                              encoding="utf-8")
    for doc in ("x", "y", "z"):
        result = run("render", "docx", "plans/plan-2024.yaml", "--templates", "tpl", "--doc", doc, cwd=repo)
        clean(result, 1)
        assert "hunter2" not in result.output
    assert not (repo / "build").exists()
    result = run("render", "docx", "plans/plan-2024.yaml", "--templates", "tpl", "--doc", "x", cwd=repo)
    assert "templates are never read through links" in result.stderr, result


def test_render_limits_are_configurable_and_checked(repo):
    (repo / "pyproject.toml").write_text("[tool.isoctl.render]\nmax-output = 1000\n", encoding="utf-8")
    result = run("render", "docx", "plans/plan-2024.yaml", cwd=repo)
    clean(result, 1)
    assert "the limit is 1,000" in result.stderr, result
    (repo / "pyproject.toml").write_text("[tool.isoctl.render]\nmax-seconds = -1\n", encoding="utf-8")
    result = run("render", "docx", "plans/plan-2024.yaml", cwd=repo)
    clean(result, 2)
    assert "pyproject.toml:1:1: [tool.isoctl.render] max-seconds must be a positive number" in result.stderr


# --- what no document can hold ----------------------------------------------------------------

@pytest.mark.parametrize(("escape", "code", "severity"), [
    ("\\x1f", "U+001F", "error"), ("\\b", "U+0008", "error"), ("\\0", "U+0000", "error"),
    ("\\uFFFE", "U+FFFE", "error"), ("\\u202E", "U+202E", "warning"), ("\\u200B", "U+200B", "warning"),
])
def test_unsafe_characters_in_text(tmp_path, cli, escape, code, severity):
    path = tmp_path / "p.yaml"
    text = P2024.read_text(encoding="utf-8").replace("title: Kiên toàn Ban chỉ đạo, Tổ giúp việc.",
                                                     f'title: "Kiên toàn{escape} Ban chỉ đạo"', 1)
    path.write_text(text, encoding="utf-8")
    result = cli("validate", str(path), "--format", "concise")
    assert f"E103 [{severity}] contains " in result.stdout and code in result.stdout, result
    for args in (["render", "docx", str(path), "-o", str(tmp_path / "x.docx")],
                 ["timeline", str(path), "--svg", str(tmp_path / "x.svg")]):
        result = cli(*args)
        assert result.exit_code == (1 if severity == "error" else 0), result
        assert "internal error" not in result.output, result


def test_hidden_characters_in_an_id_are_an_error(tmp_path, cli):
    path = tmp_path / "p.yaml"
    path.write_text(P2024.read_text(encoding="utf-8").replace("- id: kien-toan-bcd", '- id: "kien\\u202etoan"'),
                    encoding="utf-8")
    result = cli("validate", str(path), "--format", "concise")
    assert "E103 [error] contains U+202E" in result.stdout, result


def test_a_title_longer_than_words_core_property_limit_renders_whole(tmp_path, cli):
    import zipfile

    long = "Kế hoạch " + "rất dài " * 60
    path = tmp_path / "p.yaml"
    text = P2024.read_text(encoding="utf-8")
    head = text.index("\n  title: ") + 1
    end = text.index("\n", head)
    path.write_text(text[:head] + f"  title: {long.strip()}" + text[end:], encoding="utf-8")
    out = tmp_path / "x.docx"
    result = cli("render", "docx", str(path), "-o", str(out))
    assert result.exit_code == 0, result
    with zipfile.ZipFile(out) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8")
    assert "rất dài rất dài" in core and len(long.strip()) > 255
    assert body.count("rất dài") >= 60


# --- terminal escapes --------------------------------------------------------------------------

def test_escape_sequences_in_plan_text_never_reach_the_terminal(tmp_path, cli):
    path = tmp_path / "p.yaml"
    path.write_text(P2024.read_text(encoding="utf-8").replace(
        "title: Kiên toàn Ban chỉ đạo, Tổ giúp việc.", 'title: "Kiên \\e]52;c;cHduZWQ=\\a toàn \\e[2J"'),
        encoding="utf-8")
    raw = tmp_path / "raw.yaml"
    raw.write_bytes(b"format: 1\nx: \x1b[2J\n")
    for args in (["textconv", str(path)], ["diff", str(P2024), str(path)], ["validate", str(raw)],
                 ["status", str(path)], ["timeline", str(path)]):
        result = cli(*args)
        assert "\x1b" not in result.output and "\x07" not in result.output, (args, result)
        assert "internal error" not in result.output
    assert "\\x1b]52;c;" in cli("textconv", str(path)).stdout


# --- validate --fix: the same lock, and no edit lost ---------------------------------------------

def test_fix_waits_for_the_edit_lock(tmp_path):
    """validate --fix takes the lock done/set take: while it is held, --fix waits; then fixes."""
    from isoctl.fsutil import edit_lock

    path = tmp_path / "plan.yaml"
    shutil.copy(P2024, path)
    before = path.read_bytes()
    environ = {**os.environ, "LANG": "C.UTF-8", "NO_COLOR": "1"}
    with edit_lock(path):
        proc = subprocess.Popen([sys.executable, "-m", "isoctl", "validate", "--fix", str(path)], cwd=tmp_path,
                                env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            proc.wait(3)
        except subprocess.TimeoutExpired:
            pass
        assert proc.poll() is None, "validate --fix did not wait for the lock"
        assert path.read_bytes() == before
    out, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode in (0, 1), err
    assert path.read_bytes() != before and b"Traceback" not in err


def test_fix_does_not_overwrite_a_change_made_meanwhile(tmp_path, cli, monkeypatch):
    from isoctl.lint import fix

    path = tmp_path / "plan.yaml"
    shutil.copy(P2024, path)
    theirs = P2024.read_text(encoding="utf-8") + "# added by an editor while --fix ran\n"
    real = fix.fix_loop

    def meanwhile(*args, **kwargs):
        result = real(*args, **kwargs)
        path.write_text(theirs, encoding="utf-8")  # another program, not holding isoctl's lock
        return result

    monkeypatch.setattr(fix, "fix_loop", meanwhile)
    result = cli("validate", "--fix", str(path))
    assert result.exit_code == 1, result
    assert "the file changed while it was being edited; nothing written" in result.stderr, result
    assert str(path) in result.stderr and "Traceback" not in result.output
    assert path.read_text(encoding="utf-8") == theirs


def _fix(path: str) -> None:  # pragma: no cover - runs in a child
    from isoctl.lint.config import Config
    from isoctl.lint.fix import fix_files

    fix_files([path], Config(), write=True)


def test_twenty_rounds_of_fix_and_set_at_once_lose_nothing(tmp_path):
    ctx = multiprocessing.get_context("fork")
    path = tmp_path / "plan.yaml"
    fixed = tmp_path / "fixed.yaml"
    shutil.copy(P2024, fixed)
    _fix(str(fixed))
    fixes = [line for line in fixed.read_text(encoding="utf-8").splitlines()
             if line not in P2024.read_text(encoding="utf-8").splitlines()]
    assert fixes
    for i in range(20):
        shutil.copy(P2024, path)
        a = ctx.Process(target=_fix, args=(str(path),))
        b = ctx.Process(target=_set, args=(str(path), "kien-toan-bcd", f"B{i}"))
        a.start()
        b.start()
        a.join(TIMEOUT)
        b.join(TIMEOUT)
        assert a.exitcode == 0 and b.exitcode == 0
        text = path.read_text(encoding="utf-8").splitlines()
        assert f"        note: B{i}" in text, f"round {i} lost the set"
        assert all(line in text for line in fixes), f"round {i} lost the fixes"


# --- git blobs: bounded before they are read ---------------------------------------------------

def test_a_blob_larger_than_a_plan_is_refused_before_it_is_read(tmp_path):
    from isoctl.plan.loader import MAX_BYTES

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args], cwd=tmp_path,
                       check=True, capture_output=True)

    git("init", "-q")
    shutil.copy(P2024, tmp_path / "plan.yaml")
    git("add", "plan.yaml")
    git("commit", "-qm", "plan")
    (tmp_path / "plan.yaml").write_bytes(P2024.read_bytes() + b"#" * MAX_BYTES + b"\n")
    git("commit", "-qam", "huge")
    for args in (["diff", "HEAD~1:plan.yaml", "HEAD:plan.yaml"],
                 ["review", "HEAD~1..HEAD"], ["status", "HEAD:plan.yaml"]):
        result = run(*args, cwd=tmp_path)
        assert result.exit_code == 1, (args, result)
        assert "bytes in git; a plan file may be at most 5 MB" in result.output, (args, result)
        assert "Traceback" not in result.output


def test_a_configuration_that_is_a_pipe_a_link_out_or_the_environment_is_refused(repo):
    """--config and a pyproject.toml: a FIFO never hangs, a link out of the repository is not
    followed, /proc/self/environ (the CI job's secrets) is never printed; each exit 2."""
    secret = repo.parent / f"{repo.name}-secret.toml"
    secret.write_text('SECRET = "hunter2"\n', encoding="utf-8")
    os.mkfifo(repo / "pipe.toml")
    (repo / "out.toml").symlink_to(secret)
    cases = [("pipe.toml", "is not a regular file"), ("out.toml", "is a symbolic link to"),
             ("/proc/self/environ", "invalid TOML")]
    for name, words in cases:
        if name.startswith("/proc") and not os.path.exists(name):
            continue
        result = run("--config", name, "validate", "plans", cwd=repo, env={"SECRET": "hunter2"})
        clean(result, 2)
        assert words in result.stderr and "hunter2" not in result.output, (name, result)
    (repo / "pyproject.toml").symlink_to(secret)
    result = run("validate", "plans", cwd=repo, env={"SECRET": "hunter2"})
    clean(result, 2)
    assert "is a symbolic link to" in result.stderr and "hunter2" not in result.output, result
