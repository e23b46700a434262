"""Every command that writes leaves the old file or the whole new one, never a part; no overwrite without --force.

Interruptions are simulated where they hurt most: while the new bytes are being flushed to
disk (``os.fsync``) and just before the rename (``os.replace``). A command that wrote in place
instead of through :func:`isoctl.fsutil.write_atomic` would leave a truncated target and fail
here. One test SIGKILLs a real process in the middle of a write.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import unicodedata
from pathlib import Path

import pytest

from conftest import PLANS

BASE = (Path(__file__).parent / "bad" / "valid-base.yaml").read_text(encoding="utf-8")
NFD_PLAN = BASE.replace("  name: Sở Khoa học và Công nghệ", "  name: " + unicodedata.normalize("NFD", "Sở Khoa học và Công nghệ"))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.startswith("."))


def _interrupt(monkeypatch, where: str) -> None:
    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, where, boom)


# Each writer: (name, setup(tmp) -> (target, old bytes or None), argv(tmp) -> list, needs_force)
def _fix_setup(tmp: Path):
    target = tmp / "plan.yaml"
    target.write_text(NFD_PLAN, encoding="utf-8")
    return target


def _new_setup(tmp: Path):
    source = tmp / "plan-2024.yaml"
    source.write_text((PLANS / "plan-2024.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp / "plan-2025.yaml"
    target.write_text("# last year's draft of next year's plan, hand-written\nformat: 1\n", encoding="utf-8")
    return target


def _schema_setup(tmp: Path):
    target = tmp / "plan.schema.json"
    target.write_text('{"old": true}\n', encoding="utf-8")
    return target


def _plan_setup(tmp: Path):
    target = tmp / "plan.yaml"
    target.write_text(BASE, encoding="utf-8")
    return target


def _docx_setup(tmp: Path):
    _plan_setup(tmp)
    target = tmp / "ke-hoach.docx"
    target.write_bytes(b"PK old document the user edited by hand")
    return target


def _svg_setup(tmp: Path):
    _plan_setup(tmp)
    target = tmp / "timeline.svg"
    target.write_text("<svg><!-- old --></svg>\n", encoding="utf-8")
    return target


def _import_setup(tmp: Path):
    from isoctl.plan.files import load_plan
    from isoctl.render import render_document

    (tmp / "ke-hoach.docx").write_bytes(render_document(load_plan(PLANS / "plan-2024.yaml"), "ke-hoach").docx)
    target = tmp / "imported.yaml"
    target.write_text("# the plan the secretary corrected by hand after last year's import\nformat: 1\n",
                      encoding="utf-8")
    return target


WRITERS = {
    "done": (_plan_setup, lambda t: ["done", "lap-ke-hoach", str(t / "plan.yaml"), "--on", "2024-02-10"], False),
    "set": (_plan_setup, lambda t: ["set", "lap-ke-hoach", "note=Đã trình Giám đốc", str(t / "plan.yaml")], False),
    "render docx": (_docx_setup, lambda t: ["render", "docx", str(t / "plan.yaml"), "-o", str(t / "ke-hoach.docx"),
                                            "--force"], True),
    "timeline --svg": (_svg_setup, lambda t: ["timeline", str(t / "plan.yaml"), "--svg", str(t / "timeline.svg"),
                                              "--force"], True),
    "validate --fix": (_fix_setup, lambda t: ["validate", str(t / "plan.yaml"), "--fix"], False),
    "new": (_new_setup, lambda t: ["new", "--from", str(t / "plan-2024.yaml"), "--year", "2025",
                                   "-o", str(t / "plan-2025.yaml"), "--force"], True),
    "schema -o": (_schema_setup, lambda t: ["schema", "-o", str(t / "plan.schema.json"), "--force"], True),
    "import docx": (_import_setup, lambda t: ["import", "docx", str(t / "ke-hoach.docx"), "-o", str(t / "imported.yaml"),
                                              "--force"], True),
}


@pytest.mark.parametrize("where", ["fsync", "replace"])
@pytest.mark.parametrize("name", sorted(WRITERS))
def test_interrupted_write_keeps_the_old_file(name, where, cli, tmp_path, monkeypatch):
    setup, argv, _ = WRITERS[name]
    target = setup(tmp_path)
    old = target.read_bytes()
    before = _leftovers(tmp_path)
    _interrupt(monkeypatch, where)
    result = cli(*argv(tmp_path))
    assert result.exit_code == 130, result  # interrupted, said so
    assert "Traceback" not in result.output
    assert target.read_bytes() == old
    assert _leftovers(tmp_path) == before, "a temporary file was left behind"


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_completed_write_is_whole_and_parses(name, cli, tmp_path):
    setup, argv, _ = WRITERS[name]
    target = setup(tmp_path)
    old = target.read_bytes()
    result = cli(*argv(tmp_path))
    assert result.exit_code in (0, 1), result
    new = target.read_bytes()
    assert new != old
    if target.suffix == ".json":
        import json

        assert json.loads(new)["title"]
    elif target.suffix == ".docx":
        import io
        import zipfile

        assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(new)).namelist()
    elif target.suffix == ".svg":
        assert new.rstrip().endswith(b"</svg>")
    else:
        from isoctl.plan.validate import check_file

        assert check_file(str(target)).plan is not None
    assert [p for p in _leftovers(tmp_path) if p.endswith(".tmp")] == []


@pytest.mark.parametrize("name", [n for n, (_, _, needs_force) in sorted(WRITERS.items()) if needs_force])
def test_no_overwrite_without_force(name, cli, tmp_path):
    setup, argv, _ = WRITERS[name]
    target = setup(tmp_path)
    old = target.read_bytes()
    args = [a for a in argv(tmp_path) if a != "--force"]
    result = cli(*args)
    assert result.exit_code == 2, result
    assert "--force" in result.output
    assert target.read_bytes() == old


def test_fix_keeps_comments_and_permissions(cli, tmp_path):
    target = _fix_setup(tmp_path)
    target.chmod(0o640)
    result = cli("validate", str(target), "--fix")
    assert result.exit_code == 0, result
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Kế hoạch tối thiểu hợp lệ\n")
    assert "Sở Khoa học và Công nghệ" in text and unicodedata.is_normalized("NFC", text)
    assert target.stat().st_mode & 0o777 == 0o640


def test_fix_on_a_bom_crlf_file_keeps_both(cli, tmp_path):
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"\xef\xbb\xbf" + NFD_PLAN.replace("\n", "\r\n").encode())
    result = cli("validate", str(target), "--fix")
    assert result.exit_code == 0, result
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == NFD_PLAN.count("\n")


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_sigkill_during_write_leaves_the_old_file(tmp_path):
    """A real process killed between writing the temp file and renaming it."""
    target = _schema_setup(tmp_path)
    old = target.read_bytes()
    ready = tmp_path / "ready"
    code = textwrap.dedent(f"""
        import os, sys, time
        real_fsync = os.fsync
        def slow_fsync(fd):
            real_fsync(fd)
            open({str(ready)!r}, "w").close()
            time.sleep(60)
        os.fsync = slow_fsync
        sys.argv = ["isoctl", "schema", "-o", {str(target)!r}, "--force"]
        from isoctl.cli.entry import main
        main()
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            if ready.exists() or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert ready.exists(), "the writer never reached fsync"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert target.read_bytes() == old
    # the only trace is a hidden temp file next to it, never a half-written target
    assert all(name.startswith(".plan.schema.json.") and name.endswith(".tmp")
               for name in _leftovers(tmp_path)), _leftovers(tmp_path)


@pytest.mark.parametrize("moment", ["in mkstemp", "in fdopen"])
def test_ctrl_c_just_after_the_temp_file_is_made_leaves_nothing(moment, tmp_path):
    """A SIGINT arriving while the temp file exists but is not yet guarded by the cleanup (the
    one place a Ctrl-C left a ``.tmp`` behind, once in twenty runs of tests/test_interrupt.py)
    is held until it is, then ends the run with exit 130 and no temp file."""
    target = _schema_setup(tmp_path)
    old = target.read_bytes()
    patched = "tempfile.mkstemp" if moment == "in mkstemp" else "os.fdopen"
    code = textwrap.dedent(f"""
        import os, signal, sys, tempfile
        real = {patched}
        def interrupted(*args, **kwargs):
            out = real(*args, **kwargs)
            os.kill(os.getpid(), signal.SIGINT)  # delivered at once, unless held
            return out
        {patched} = interrupted
        sys.argv = ["isoctl", "schema", "-o", {str(target)!r}, "--force"]
        from isoctl.cli.entry import main
        main()
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert done.returncode == 130, done.stderr
    assert "interrupted" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert target.read_bytes() == old
    assert _leftovers(tmp_path) == []
