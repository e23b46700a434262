"""A cache of what ``done``/``set`` know about a plan, keyed by the plan's content (as ruff caches);
``validate`` of a large plan fills it too (:func:`isoctl.lint.incremental.keep_linted`).

An entry is JSON (parsed with :mod:`json`, never unpickled) behind an HMAC-SHA256 signature made
with a per-user secret key (``$XDG_CACHE_HOME/isoctl/key``, else ``~/.cache/isoctl/key``, created
0600). Plans arrive in pull requests, and a pull request can carry a cache folder of its own: an
entry whose signature is not this user's is ignored, so a hostile entry cannot make ``done`` hide
an error it introduces. The key of an entry is a digest of the plan's text, isoctl's version and
code (the size and mtime of every module, so an edited rule never reuses old findings), the
language of the messages and the rule options; an entry is only ever read back for that exact key.

Where: ``.isoctl_cache/`` next to the plan (``ISOCTL_CACHE_DIR`` elsewhere; ``ISOCTL_NO_CACHE=1``
none), created 0700 with a ``.gitignore`` of ``*`` inside it, so it is never committed. It is used
only when it is a real folder (not a symbolic link) owned by this user and not writable by group or
others; otherwise isoctl works without it. At most :data:`MAX_ENTRIES` entries (the oldest go), and
:data:`MAX_SNAPSHOTS` snapshots (:mod:`isoctl.plan.snapshot`: the data and positions of a large plan,
kept by an edit or a ``validate`` that read it whole, so that the next edit need not read it whole);
deleting the folder at any time is safe. Every failure (a full disk, a read-only folder, a damaged
entry) means: no cache, never an error.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
from pathlib import Path
from typing import Any

FORMAT = 1
MAX_ENTRIES = 32
MAX_SNAPSHOTS = 4  # the largest entries (a 10,000-task plan's is about 9 MB): the newest kept
_SNAPSHOT = "-snapshot"
_LINK = "-snaplink"  # a snapshot as another one and the edits since: small, counted with the entries
MAX_ENTRY_BYTES = 64 * 1024 * 1024
FOLDER = ".isoctl_cache"
_MAGIC = b"isoctl-cache 1\n"

_code_digest: str | None = None


def enabled() -> bool:
    return os.environ.get("ISOCTL_NO_CACHE", "") in ("", "0")


def code_fingerprint() -> str:
    """isoctl's version and the size and mtime of each of its modules."""
    global _code_digest
    if _code_digest is None:
        import isoctl

        h = hashlib.sha256(f"{isoctl.__version__}|{FORMAT}".encode())
        root = Path(isoctl.__file__).resolve().parent
        stack = [root]
        found: list[tuple[str, int, int]] = []
        while stack:
            here = stack.pop()
            try:
                with os.scandir(here) as entries:
                    for e in entries:
                        if e.is_dir(follow_symlinks=False) and e.name != "__pycache__":
                            stack.append(Path(e.path))
                        elif e.name.endswith((".py", ".toml", ".yaml", ".json")):
                            st = e.stat(follow_symlinks=False)
                            found.append((os.path.relpath(e.path, root), st.st_size, st.st_mtime_ns))
            except OSError:
                continue
        for item in sorted(found):
            h.update(repr(item).encode())
        _code_digest = h.hexdigest()
    return _code_digest


def folder_for(plan: str) -> Path:
    env = os.environ.get("ISOCTL_CACHE_DIR")
    return Path(env) if env else Path(os.path.dirname(os.path.abspath(plan))) / FOLDER


def _safe_dir(path: Path, create: bool) -> bool:
    """A real folder of ours, not writable by others (created 0700 when ``create``)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        if not create:
            return False
        try:
            os.mkdir(path, 0o700)
            st = os.lstat(path)
        except OSError:
            return False
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & 0o022


def _user_key(create: bool) -> bytes | None:
    """The per-user secret that signs entries (32 random bytes, a 0600 file of this user)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "isoctl"
    file = folder / "key"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    for attempt in range(2):
        try:
            fd = os.open(file, flags)
        except FileNotFoundError:
            if not create or attempt:
                return None
            try:
                os.makedirs(folder, 0o700, exist_ok=True)
                fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
                try:
                    os.write(fd, os.urandom(32))
                finally:
                    os.close(fd)
            except FileExistsError:
                pass  # another isoctl made it meanwhile
            except OSError:
                return None
            continue
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_mode & 0o077 or (
                    hasattr(os, "getuid") and st.st_uid != os.getuid()):
                return None
            key = os.read(fd, 64)
        except OSError:
            return None
        finally:
            os.close(fd)
        return key if len(key) == 32 else None
    return None


def entry_key(text: str, context: str) -> str:
    h = hashlib.sha256()
    h.update(f"{code_fingerprint()}|{context}|".encode())
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def snapshot_key(key: str) -> str:
    """Where the :class:`~isoctl.plan.snapshot.Snapshot` of the plan text of entry ``key`` is kept whole."""
    return key + _SNAPSHOT


def link_key(key: str) -> str:
    """Where it is kept as another snapshot and the edits made since (:meth:`Snapshot.chain`)."""
    return key + _LINK


def is_snapshot_key(key: str) -> bool:
    return key.endswith(_SNAPSHOT)


def has(plan: str, key: str, *, renew: bool = False) -> bool:
    """Whether a snapshot is kept under ``key`` (with ``renew``, then made the newest, as a store
    would: a snapshot is the same for the same text, so it is never written twice)."""
    if not enabled() or not is_snapshot_key(key):
        return False
    folder = folder_for(plan)
    if not _safe_dir(folder, create=False):
        return False
    path = folder / f"{key}.json"
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
            return False
        if renew:
            os.utime(path)
    except OSError:
        return False
    return True


def renew(plan: str, key: str) -> bool:
    return has(plan, key, renew=True)


def load(plan: str, key: str) -> Any:
    """The payload stored under ``key`` for the plan at ``plan``, or None (no entry, not ours,
    damaged, another version: all the same)."""
    if not enabled():
        return None
    folder = folder_for(plan)
    if not _safe_dir(folder, create=False):
        return None
    secret = _user_key(create=False)
    if secret is None:
        return None
    try:
        fd = os.open(folder / f"{key}.json", os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY_BYTES:
            return None
        chunks, size = [], 0
        while size <= st.st_size:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        raw = b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(raw) > MAX_ENTRY_BYTES or not raw.startswith(_MAGIC):
        return None
    rest = raw[len(_MAGIC):]
    mac, sep, body = rest.partition(b"\n")
    if not sep:
        return None
    good = hmac.new(secret, key.encode() + b"\n" + body, hashlib.sha256).hexdigest().encode()
    if not hmac.compare_digest(mac, good):
        return None
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(payload, dict) or payload.get("key") != key or payload.get("format") != FORMAT:
        return None
    return payload.get("data")


def store(plan: str, key: str, data: Any) -> bool:
    """Keep ``data`` (JSON-able) under ``key``; False when there is no cache to keep it in."""
    if not enabled():
        return False
    folder = folder_for(plan)
    if not _safe_dir(folder, create=True):
        return False
    secret = _user_key(create=True)
    if secret is None:
        return False
    try:
        body = json.dumps({"format": FORMAT, "key": key, "data": data}, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError):
        return False
    mac = hmac.new(secret, key.encode() + b"\n" + body, hashlib.sha256).hexdigest().encode()
    tmp = folder / f".{key}.{os.getpid()}.tmp"
    try:
        ignore = folder / ".gitignore"
        if not os.path.lexists(ignore):
            fd = os.open(ignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write("# made by isoctl: a cache, safe to delete\n*\n")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + mac + b"\n" + body)
        os.replace(tmp, folder / f"{key}.json")
    except BaseException as exc:  # a full disk, or a Ctrl-C: the temp file goes either way
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            return False
        raise
    _trim(folder)
    return True


def _trim(folder: Path) -> None:
    try:
        entries = []
        with os.scandir(folder) as it:
            for e in it:
                if e.name.endswith(".json") and e.is_file(follow_symlinks=False):
                    entries.append((e.stat(follow_symlinks=False).st_mtime_ns, e.path))
        entries.sort()
        snapshots = [e for e in entries if e[1].endswith(_SNAPSHOT + ".json")]
        others = [e for e in entries if not e[1].endswith(_SNAPSHOT + ".json")]
        for _, p in [*snapshots[:max(0, len(snapshots) - MAX_SNAPSHOTS)], *others[:max(0, len(others) - MAX_ENTRIES)]]:
            os.unlink(p)
    except OSError:
        pass
