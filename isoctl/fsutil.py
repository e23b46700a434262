"""Safe writes: nothing a user wrote is lost. Temp file in the same folder, fsync, rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from isoctl.diagnostics import UsageError
from isoctl.i18n import tr


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, force: bool = True,
                 encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one.

    With ``force=False`` an existing file is refused (exit 2) rather than overwritten.
    """
    target = Path(path)
    if not force and target.exists():
        raise UsageError(tr("{p} exists; use --force to overwrite it", "{p} đã tồn tại; dùng --force để ghi đè",
                            p=target))
    if target.is_dir():
        raise UsageError(tr("{p} is a folder", "{p} là một thư mục", p=target))
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
