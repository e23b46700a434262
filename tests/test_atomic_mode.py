"""New files written by isoctl follow the umask like any other program's (not mkstemp's 0600)."""

from __future__ import annotations

import os
import stat

from isoctl.fsutil import write_atomic


def test_new_file_follows_umask(tmp_path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644


def test_existing_file_keeps_its_mode(tmp_path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("a")
    target.chmod(0o640)
    write_atomic(target, "b")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text() == "b"
