"""Reading plans out of git: blobs at a revision, plan files changed in a range.

Every call runs ``git`` with an argument list (never a shell). A revision given by a user is
refused when it starts with ``-`` and is passed after ``--end-of-options``, so it can never be
read as an option. Failures become :class:`~isoctl.diagnostics.UsageError` (exit 2) with git's
own explanation.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from isoctl.diagnostics import UsageError
from isoctl.i18n import tr
from isoctl.records import dataclass


def check_rev(rev: str) -> str:
    """Refuse what git could read as an option, or nothing at all."""
    if not rev or rev.startswith("-") or "\0" in rev or "\n" in rev:
        raise UsageError(tr("invalid revision {r!r}: a revision may not be empty or start with '-'",
                            "phiên bản {r!r} không hợp lệ: phiên bản không được rỗng hoặc bắt đầu bằng '-'", r=rev),
                         hint=tr("name a commit, branch or tag, e.g. HEAD~1 or main",
                                 "hãy ghi một commit, nhánh hoặc thẻ, ví dụ HEAD~1 hoặc main"))
    return rev


def _git(args: list[str], cwd: str | os.PathLike[str] | None = None, *, text: bool = True) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=text,
                              encoding="utf-8" if text else None, errors="replace" if text else None,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except FileNotFoundError:
        raise UsageError(tr("git is not installed or not on PATH", "chưa cài git hoặc git không có trong PATH")) from None


def _fail(proc: subprocess.CompletedProcess, what: str, what_vi: str) -> UsageError:
    detail = (proc.stderr or "").strip().splitlines()
    reason = detail[-1] if detail else f"git exit {proc.returncode}"
    return UsageError(tr("{w}: {r}", "{w}: {r}", w=tr(what, what_vi), r=reason.removeprefix("fatal: ")))


def repo_root(cwd: str | os.PathLike[str] | None = None) -> Path:
    """The top folder of the work tree containing ``cwd``; not in a repository is exit 2."""
    proc = _git(["rev-parse", "--show-toplevel"], cwd)
    if proc.returncode != 0:
        raise UsageError(tr("not a git repository (or any parent folder): {d}",
                            "không phải kho git (kể cả các thư mục cha): {d}", d=Path(cwd or ".").resolve()),
                         hint=tr("run it inside a git work tree", "hãy chạy lệnh trong một kho git"))
    return Path(proc.stdout.strip())


def resolve_commit(rev: str, cwd: str | os.PathLike[str] | None = None) -> str:
    """The full commit id of ``rev``; an unknown revision is exit 2."""
    check_rev(rev)
    repo_root(cwd)
    proc = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], cwd)
    if proc.returncode != 0:
        raise UsageError(tr("unknown revision {r!r}", "không có phiên bản {r!r}", r=rev),
                         hint=tr("check it with: git log --oneline", "kiểm tra bằng: git log --oneline"))
    return proc.stdout.strip()


def read_blob(rev: str, path: str, cwd: str | os.PathLike[str] | None = None) -> str:
    """The text of ``path`` at ``rev``. A relative ``path`` is taken from ``cwd`` (as ``git show REV:./PATH``)."""
    commit = resolve_commit(rev, cwd)
    if os.path.isabs(path):
        root = repo_root(cwd)
        try:
            rel = Path(path).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            raise UsageError(tr("{p} is outside the repository {r}", "{p} nằm ngoài kho {r}", p=path, r=root)) from None
        spec = f"{commit}:{rel}"
    else:
        rel = path.replace(os.sep, "/")
        spec = f"{commit}:{rel}" if rel.startswith(("./", "../")) else f"{commit}:./{rel}"
    _bounded(spec, f"{rev}:{path}", cwd)
    proc = _git(["cat-file", "blob", "--end-of-options", spec], cwd, text=False)
    if proc.returncode != 0:
        raise UsageError(tr("{p} does not exist at {r}", "{p} không tồn tại ở phiên bản {r}", p=path, r=rev),
                         hint=tr("list the files there with: git ls-tree -r --name-only {r}",
                                 "xem các tệp ở đó bằng: git ls-tree -r --name-only {r}", r=rev))
    try:
        return proc.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(tr("{p} at {r} is not UTF-8 text", "{p} ở phiên bản {r} không phải văn bản UTF-8",
                            p=path, r=rev)) from None


def split_object(arg: str) -> tuple[str, str] | None:
    """``REV:path`` → ``(REV, path)``; ``None`` when ``arg`` names a file that exists or has no ':'."""
    if os.path.exists(arg) or ":" not in arg:
        return None
    rev, _, path = arg.partition(":")
    if not rev or not path:
        return None
    return rev, path


def empty_tree(cwd: str | os.PathLike[str] | None = None) -> str:
    """The id of the empty tree in this repository's hash (the "before" of a root commit)."""
    proc = _git(["hash-object", "-t", "tree", os.devnull], cwd)
    if proc.returncode != 0:
        raise _fail(proc, "cannot name the empty tree", "không xác định được cây rỗng")
    return proc.stdout.strip()


def parse_range(spec: str, cwd: str | os.PathLike[str] | None = None) -> tuple[str, str]:
    """``BASE..HEAD`` / ``BASE...HEAD`` (from their merge base) → two commit ids; a single
    ``REV`` means the change that commit made, ``REV~1..REV``, as ``git show REV`` shows it (its
    first parent for a merge; the empty tree for a root commit). ``BASE..`` and ``..HEAD`` leave
    out ``HEAD`` as git does."""
    if ".." not in spec:
        commit = resolve_commit(spec, cwd)
        proc = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{commit}~1^{{commit}}"], cwd)
        return (proc.stdout.strip() if proc.returncode == 0 else empty_tree(cwd)), commit
    if "..." in spec:
        base, _, head = spec.partition("...")
        base, head = base or "HEAD", head or "HEAD"
        b, h = resolve_commit(base, cwd), resolve_commit(head, cwd)
        proc = _git(["merge-base", "--end-of-options", b, h], cwd)
        if proc.returncode != 0:
            raise _fail(proc, f"no common ancestor of {base} and {head}", f"{base} và {head} không có gốc chung")
        return proc.stdout.strip(), h
    base, _, head = spec.partition("..")
    return resolve_commit(base or "HEAD", cwd), resolve_commit(head or "HEAD", cwd)


@dataclass(frozen=True)
class ChangedFile:
    status: str  # A added, M modified, D deleted, R renamed, C copied (from old_path)
    path: str  # at head (at base when deleted), relative to the repository root
    old_path: str | None  # at base; None when added


def changed_files(base: str, head: str, cwd: str | os.PathLike[str] | None = None) -> list[ChangedFile]:
    """YAML files changed between two commits (renames and copies followed), paths from the repository root."""
    proc = _git(["diff", "--name-status", "-z", "-M", "-C", "--find-copies-harder", "--no-ext-diff", "--no-textconv",
                 "--end-of-options",
                 check_rev(base), check_rev(head), "--"], cwd)
    if proc.returncode != 0:
        raise _fail(proc, "cannot list changed files", "không liệt kê được các tệp thay đổi")
    parts = proc.stdout.split("\0")
    out: list[ChangedFile] = []
    i = 0
    while i < len(parts) and parts[i]:
        status = parts[i][0]
        if status in "RC":
            old, new = parts[i + 1], parts[i + 2]
            i += 3
            entry = ChangedFile(status, new, old)
        else:
            path = parts[i + 1]
            i += 2
            entry = ChangedFile(status, path, None if status == "A" else path)
        if entry.path.endswith((".yaml", ".yml")):
            out.append(entry)
    return out


def _bounded(spec: str, name: str, cwd: str | os.PathLike[str] | None) -> None:
    """Refuse a blob larger than a plan may be, asking git its size before it is read: a 1 GB
    blob in a pull request is never read whole (:class:`~isoctl.fsutil.ReadRefused`, exit 1)."""
    from isoctl.fsutil import ReadRefused
    from isoctl.plan.loader import MAX_BYTES

    size = _git(["cat-file", "-s", "--end-of-options", spec], cwd)
    if size.returncode == 0 and size.stdout.strip().isdigit() and int(size.stdout) > MAX_BYTES:
        raise ReadRefused(tr("has {n} bytes in git; a plan file may be at most {m} MB",
                             "có {n} byte trong git; tệp kế hoạch chỉ được tối đa {m} MB",
                             n=int(size.stdout), m=MAX_BYTES // (1024 * 1024)),
                          file=name, hint=tr("is this the right file? check the path",
                                             "đây có đúng là tệp cần đọc? hãy kiểm tra đường dẫn"))


def blob_at(commit: str, path: str, cwd: str | os.PathLike[str] | None = None) -> str | None:
    """The text of ``path`` (from the repository root) at ``commit``, or None when it is not there."""
    _bounded(f"{check_rev(commit)}:{path}", f"{commit}:{path}", cwd)
    proc = _git(["cat-file", "blob", "--end-of-options", f"{check_rev(commit)}:{path}"], cwd, text=False)
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8", errors="replace")


def git_config_get(key: str, cwd: str | os.PathLike[str] | None = None) -> str | None:
    proc = _git(["config", "--local", "--get", key], cwd)
    return proc.stdout.rstrip("\n") if proc.returncode == 0 else None


def git_config_set(key: str, value: str, cwd: str | os.PathLike[str] | None = None) -> None:
    proc = _git(["config", "--local", key, value], cwd)
    if proc.returncode != 0:
        raise _fail(proc, f"cannot set git config {key}", f"không đặt được cấu hình git {key}")


def git_config_unset(key: str, cwd: str | os.PathLike[str] | None = None) -> None:
    proc = _git(["config", "--local", "--unset", key], cwd)
    if proc.returncode not in (0, 5):  # 5: the key was not set
        raise _fail(proc, f"cannot unset git config {key}", f"không bỏ được cấu hình git {key}")


def setup_git(command: str, patterns: str | list[str], cwd: str | os.PathLike[str] | None = None,
              dry_run: bool = False, driver: bool = False, undo: bool = False) -> list[str]:
    """Write the ``.gitattributes`` lines (one a pattern) and the local git config for ``isoctl
    textconv`` (and, with ``driver``, the external diff driver, which takes over ``git diff`` and
    so breaks ``git apply``); ``undo`` removes all of it. Idempotent; returns what it did as sentences."""
    from isoctl.fsutil import write_atomic

    root = repo_root(cwd)
    done: list[str] = []
    attributes = root / ".gitattributes"
    from isoctl.fsutil import MiB, read_text

    # through the one reader: a regular file, no link out of the repository, bounded; a refusal
    # (a folder, unreadable, not UTF-8) names the file and is a usage error (exit 2)
    current = read_text(attributes, limit=MiB, exit_code=2, what=".gitattributes") \
        if os.path.lexists(attributes) else ""
    text = current
    for pattern in [patterns] if isinstance(patterns, str) else patterns:
        line = f"{pattern} diff=isoctl"
        present = line in (x.strip() for x in text.splitlines())
        if undo:
            if present:
                text = "".join(x for x in text.splitlines(keepends=True) if x.strip() != line)
                done.append(tr("{p}: removed '{l}'", "{p}: đã bỏ '{l}'", p=attributes, l=line))
        elif present:
            done.append(tr("{p}: already has '{l}'", "{p}: đã có '{l}'", p=attributes, l=line))
        else:
            text += ("" if not text or text.endswith("\n") else "\n") + line + "\n"
            done.append(tr("{p}: added '{l}'", "{p}: đã thêm '{l}'", p=attributes, l=line))
    if text != current and not dry_run:
        write_atomic(attributes, text, force=True)
    wanted = {"diff.isoctl.textconv": None if undo else f"{command} textconv",
              "diff.isoctl.command": f"{command} diff-driver" if driver and not undo else None}
    for key, value in wanted.items():
        have = git_config_get(key, root)
        if have == value:
            if value is not None:
                done.append(tr("git config {k}: already '{v}'", "git config {k}: đã là '{v}'", k=key, v=value))
            continue
        if value is None:
            if not dry_run:
                git_config_unset(key, root)
            done.append(tr("git config {k}: removed (was '{o}')", "git config {k}: đã bỏ (trước đây '{o}')",
                           k=key, o=have))
            continue
        if not dry_run:
            git_config_set(key, value, root)
        done.append(tr("git config {k} = '{v}'", "git config {k} = '{v}'", k=key, v=value)
                    + (tr(" (was '{o}')", " (trước đây '{o}')", o=have) if have is not None else ""))
    return done
