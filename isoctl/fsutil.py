"""Every file isoctl reads and writes goes through here.

:func:`read_bytes` is the one reader: regular files only (a FIFO, a device or a socket would
block or never end), symbolic links that leave their boundary refused (templates: no link at
all), at most ``limit`` bytes, stdin for ``-``; each refusal is a :class:`ReadRefused` naming the
path and what to do, with the exit code the caller chose (1 for a plan, 2 for configuration).
:func:`write_atomic` writes so that nothing a user wrote is lost: temp file in the same folder,
fsync, rename (:func:`atomic_writer` the same for output written a piece at a time).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from isoctl.diagnostics import IsoctlError, UsageError
from isoctl.i18n import tr

MiB = 1024 * 1024
STDIN = "-"


class ReadRefused(IsoctlError):
    """A file isoctl will not read, or could not; ``exit_code`` is the caller's (1 or 2)."""

    def __init__(self, message: str, *, file: str, hint: str | None = None, exit_code: int = 1) -> None:
        super().__init__(message, file=file, hint=hint)
        self.exit_code = exit_code


def repository_root(path: str | os.PathLike[str]) -> Path:
    """The folder a path's symbolic links may not leave: the nearest folder above it that has a
    ``.git``, else the current folder when the path is under it, else the path's own folder."""
    here = Path(os.path.abspath(path)).parent
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    cwd = Path.cwd()
    return cwd if cwd == here or cwd in here.parents else here


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def os_reason(exc: OSError) -> str:
    """What went wrong, in the user's language where it matters, and what to do about it."""
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        return tr("permission denied; check the file's permissions", "không có quyền; hãy kiểm tra quyền của tệp")
    if code == errno.ENOSPC:
        return tr("no space left on the device; free some space and try again",
                  "thiết bị đã hết chỗ; hãy giải phóng dung lượng rồi thử lại")
    if code == errno.EROFS:
        return tr("the file system is read-only; write somewhere else", "hệ thống tệp chỉ đọc; hãy ghi vào chỗ khác")
    if code == errno.ENOTDIR:
        return tr("a part of the path is a file, not a folder", "một phần của đường dẫn là tệp, không phải thư mục")
    if code == errno.ELOOP:
        return tr("too many levels of symbolic links (a link loop?)", "quá nhiều tầng liên kết (liên kết vòng?)")
    if code == errno.ENOENT:
        return tr("no such file or folder", "không có tệp hoặc thư mục này")
    if code == errno.EISDIR:
        return tr("is a folder", "là một thư mục")
    if code == errno.ENAMETOOLONG:
        return tr("the name is too long", "tên quá dài")
    return exc.strerror or str(exc)


def cannot_list(folder: str, exc: OSError) -> IsoctlError:
    """A folder a search could not list: an error naming it and what to do, never a silent gap."""
    return IsoctlError(tr("cannot list this folder: {r}", "không liệt kê được thư mục này: {r}", r=os_reason(exc)),
                       file=folder, hint=tr("fix its permissions, or leave it out with exclude = [...] in the "
                                            "configuration", "hãy sửa quyền của thư mục, hoặc bỏ qua nó bằng "
                                            "exclude = [...] trong cấu hình"))


def read_bytes(path: str | os.PathLike[str], *, limit: int, exit_code: int = 1,
               boundary: str | os.PathLike[str] | None = None, no_links: bool = False,
               what: str = "file", head: bool = False) -> bytes:
    """The bytes of ``path`` (``-``: standard input), refused with :class:`ReadRefused` when it is
    not a regular file, is larger than ``limit`` bytes, or is reached through a symbolic link that
    leads out of ``boundary`` (default: :func:`repository_root`). With ``no_links`` (templates),
    any symbolic link between ``boundary`` and the file is refused. With ``head``, the first
    ``limit`` bytes of a larger file are returned instead of a refusal."""
    name = str(path)

    def refuse(message: str, hint: str | None = None) -> ReadRefused:
        return ReadRefused(message, file=name, hint=hint, exit_code=exit_code)

    if name == STDIN:
        name = "<stdin>"
        stream = getattr(sys.stdin, "buffer", None)
        if sys.stdin is None:
            raise refuse(tr("there is no standard input", "không có đầu vào chuẩn"))
        data = stream.read(limit + 1) if stream is not None else sys.stdin.read(limit + 1).encode("utf-8")
        if len(data) > limit:
            raise refuse(_too_big(limit, what), _too_big_hint())
        return data
    absolute = os.path.abspath(name)
    real = os.path.realpath(absolute)
    if real != absolute:
        fence = os.path.realpath(boundary if boundary is not None else repository_root(absolute))
        if no_links:
            lexical = os.path.join(fence, os.path.relpath(absolute, os.path.abspath(boundary or fence)))
            if real != os.path.normpath(lexical):
                raise refuse(tr("is reached through a symbolic link; templates are never read through links",
                                "được trỏ tới qua liên kết tượng trưng; mẫu không bao giờ được đọc qua liên kết"),
                             tr("copy the template into the folder instead of linking it",
                                "hãy chép mẫu vào thư mục thay vì tạo liên kết"))
        elif not _inside(real, fence) and os.path.lexists(absolute):
            raise refuse(tr("is a symbolic link to {t}, outside {f}; isoctl does not follow it",
                            "là liên kết tượng trưng tới {t}, nằm ngoài {f}; isoctl không đi theo liên kết này",
                            t=real, f=fence),
                         tr("copy the file into the repository instead of linking to it",
                            "hãy chép tệp vào kho thay vì liên kết tới nó"))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    if no_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(name, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket, or a FIFO without a writer on some systems
            raise refuse(_not_regular(), _not_regular_hint(what)) from None
        raise refuse(tr("cannot read: {r}", "không đọc được: {r}", r=os_reason(exc))) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise refuse(tr("is a folder, not a {w}", "là một thư mục, không phải {w}", w=_what(what)))
        if not stat.S_ISREG(info.st_mode):
            raise refuse(_not_regular(), _not_regular_hint(what))
        if info.st_size > limit and not head:
            raise refuse(_too_big(limit, what), _too_big_hint())
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks, size = [], 0
        want = limit if head else limit + 1
        while size < want:
            chunk = os.read(fd, min(want - size, MiB))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # a file that grew, or one that says it is empty (/proc)
            raise refuse(_too_big(limit, what), _too_big_hint())
        return b"".join(chunks)
    except OSError as exc:
        raise refuse(tr("cannot read: {r}", "không đọc được: {r}", r=os_reason(exc))) from None
    finally:
        os.close(fd)


def _what(what: str) -> str:
    return {"file": tr("file", "tệp"), "plan": tr("plan file", "tệp kế hoạch"),
            "template": tr("template", "mẫu"), "configuration": tr("configuration file", "tệp cấu hình"),
            "baseline": tr("baseline file", "tệp baseline")}.get(what, what)


def _not_regular() -> str:
    return tr("is not a regular file (a pipe, a device or a socket); isoctl reads regular files only",
              "không phải tệp thông thường (pipe, thiết bị hoặc socket); isoctl chỉ đọc tệp thông thường")


def _not_regular_hint(what: str) -> str:
    return tr("give the path of a {w}; to pass text through a pipe, use '-' (standard input)",
              "hãy ghi đường dẫn của một {w}; để truyền văn bản qua pipe, dùng '-' (đầu vào chuẩn)", w=_what(what))


def _too_big(limit: int, what: str) -> str:
    return tr("a {w} may be at most {n} MB; this one is larger", "{w} chỉ được tối đa {n} MB; tệp này lớn hơn",
              w=_what(what), n=f"{limit / MiB:g}")


def _too_big_hint() -> str:
    return tr("is this the right file? check the path", "đây có đúng là tệp cần đọc? hãy kiểm tra đường dẫn")


def read_text(path: str | os.PathLike[str], *, limit: int, exit_code: int = 1,
              boundary: str | os.PathLike[str] | None = None, no_links: bool = False, what: str = "file") -> str:
    """:func:`read_bytes` decoded as UTF-8 (a BOM dropped); undecodable text is refused with its line."""
    raw = read_bytes(path, limit=limit, exit_code=exit_code, boundary=boundary, no_links=no_links, what=what)
    return decode(raw, str(path), exit_code=exit_code)


def decode(raw: bytes, name: str, *, exit_code: int = 1) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        err = ReadRefused(tr("not valid UTF-8 (byte 0x{b:02x})", "không phải UTF-8 hợp lệ (byte 0x{b:02x})",
                             b=raw[exc.start]), file=name,
                          hint=tr("re-save the file as UTF-8", "hãy lưu lại tệp với mã hóa UTF-8"), exit_code=exit_code)
        err.line, err.col = line, col
        raise err from None


class FileChanged(IsoctlError):
    """The file on disk is no longer the one that was read: another program wrote it."""

    exit_code = 1

    def __init__(self, path: str) -> None:
        super().__init__(tr("the file changed while it was being edited; nothing written",
                            "tệp đã bị thay đổi trong lúc đang sửa; chưa ghi gì"), file=path,
                         hint=tr("run the command again on the file as it is now",
                                 "hãy chạy lại lệnh trên tệp như hiện tại"))


def _write_failed(path: str | os.PathLike[str], exc: OSError) -> UsageError:
    return UsageError(tr("cannot write: {r}", "không ghi được: {r}", r=os_reason(exc)), file=str(path))


@contextmanager
def edit_lock(path: str | os.PathLike[str], *, wait: float = 30.0) -> Iterator[None]:
    """An advisory lock for a read-modify-write of ``path``: on its folder, since the file itself
    is replaced by each write. Other isoctl processes wait for it (up to ``wait`` seconds)."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here: the unchanged-file check in write_atomic still holds
        yield
        return
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise IsoctlError(tr("another isoctl has been editing this folder for {s:g} s; nothing written",
                                         "một isoctl khác đang sửa thư mục này đã {s:g} giây; chưa ghi gì", s=wait),
                                      file=str(path), hint=tr("try again when it has finished",
                                                              "hãy thử lại khi nó đã xong")) from None
                time.sleep(0.01)
            except OSError:  # a file system without locks
                break
        yield
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, force: bool = True,
                 encoding: str = "utf-8", unchanged: bytes | None = None) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one.

    With ``force=False`` an existing file is refused (exit 2) rather than overwritten; something
    that is not a regular file (a device, a pipe) is never replaced. With ``unchanged``, the
    file must still hold exactly those bytes just before it is replaced, else
    :class:`FileChanged` and nothing is written. Failures name the path (exit 2).
    """
    with atomic_writer(path, force=force, encoding=encoding, unchanged=unchanged) as write:
        write(data)


class _Writer:
    """What :func:`atomic_writer` yields: call it with text or bytes; a failed write names the path."""

    def __init__(self, fh: object, target: Path, encoding: str) -> None:
        self._fh = fh
        self._target = target
        self._encoding = encoding

    def __call__(self, data: str | bytes) -> None:
        try:
            self._fh.write(data.encode(self._encoding) if isinstance(data, str) else data)  # type: ignore[attr-defined]
        except OSError as exc:
            raise _write_failed(self._target, exc) from None


@contextmanager
def atomic_writer(path: str | os.PathLike[str], *, force: bool = True, encoding: str = "utf-8",
                  unchanged: bytes | None = None) -> Iterator[_Writer]:
    """:func:`write_atomic` for output made a piece at a time (a report of 10,000 plans): the
    checks are made before anything is written, the pieces go to a temp file in the same folder,
    and the file is replaced only when the block ends without an exception (else it is untouched)."""
    target = Path(path)
    if not force and os.path.lexists(target):
        raise UsageError(tr("{p} exists; use --force to overwrite it", "{p} đã tồn tại; dùng --force để ghi đè",
                            p=target))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _write_failed(target, exc) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(tr("{p} is a folder", "{p} là một thư mục", p=target))
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise UsageError(tr("{p} is not a regular file (a device or a pipe); isoctl does not replace it",
                            "{p} không phải tệp thông thường (thiết bị hoặc pipe); isoctl không thay thế nó", p=target),
                         hint=tr("write to a file, or use '-' for standard output where the command offers it",
                                 "hãy ghi vào một tệp, hoặc dùng '-' để in ra đầu ra chuẩn nếu lệnh hỗ trợ"))
    folder = target.parent if str(target.parent) else Path(".")
    mode = info.st_mode & 0o7777 if info is not None else 0o666 & ~_umask()
    made = [f for f in (folder, *folder.parents) if not os.path.lexists(f)]  # the folders this write makes
    held = _hold_interrupts()  # until the temp file is in the hands of the cleanup below
    try:
        folder.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when writing: imported by no run that only reads

        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except FileExistsError:
        _release_interrupts(held)
        _unmake(made)
        raise UsageError(tr("cannot write: a part of the path is a file, not a folder",
                            "không ghi được: một phần của đường dẫn là tệp, không phải thư mục"), file=str(target)) from None
    except OSError as exc:
        _release_interrupts(held)
        _unmake(made)
        raise _write_failed(target, exc) from None
    done = False  # the caller's block ended: an OSError after that is this write's
    fh = os.fdopen(fd, "wb")
    try:
        _release_interrupts(held)  # a Ctrl-C held meanwhile is raised here, and cleans up
        yield _Writer(fh, target, encoding)
        done = True
        fh.flush()
        os.fsync(fh.fileno())
        fh.close()
        os.chmod(tmp, mode)
        if unchanged is not None:
            try:
                now = read_bytes(target, limit=max(len(unchanged), 1))
            except ReadRefused:
                now = None
            if now != unchanged:
                raise FileChanged(str(target))
        os.replace(tmp, target)
    except BaseException as exc:
        try:  # its buffer may not fit on the disk either: that must not hide why the write failed
            fh.close()
        except OSError:
            pass
        try:
            os.unlink(tmp)
        except OSError:
            pass
        _unmake(made)
        if isinstance(exc, OSError) and done:
            raise _write_failed(target, exc) from None
        raise


def _hold_interrupts() -> object:
    """Hold SIGINT back (where the platform can) while a temp file is made and not yet guarded:
    a Ctrl-C there would leave it behind. Returns what :func:`_release_interrupts` restores."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _release_interrupts(held: object) -> None:
    import signal

    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # type: ignore[arg-type]


def _unmake(folders: list[Path]) -> None:
    """Remove the folders a failed write made (innermost first), so that it leaves nothing."""
    for folder in folders:
        try:
            os.rmdir(folder)
        except OSError:
            return


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
