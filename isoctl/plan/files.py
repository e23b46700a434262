"""What a plan file is, where plans are, and loading one from a file, git or standard input.

The one place that knows it: :func:`looks_like_plan` (a plan key starts a line near the top),
:func:`discover` (plan files under folders, minus ``exclude``), :func:`default_plan` (the plan a
command uses when none is named), :func:`read_source` (the text of a file, ``-`` for stdin or
``REV:path`` in git, through :func:`isoctl.fsutil.read_bytes`) and :func:`load_plan` /
:func:`plan_from_text` (a :class:`~isoctl.plan.model.Plan`, or a located error).
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from isoctl.diagnostics import ConfigError, Finding, IsoctlError, UsageError
from isoctl.fsutil import STDIN, ReadRefused, cannot_list, read_bytes
from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.records import dataclass, field

PLAN_SUFFIXES = (".yaml", ".yml")
_PLAN_KEYS = lazy(r"^(format|phases|year|agency)\s*:", re.M)
_YEAR_LINE = lazy(r"^year:[ \t]*['\"]?(\d{4})['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)
_SKIPPED_FOLDERS = ("node_modules", "build")
_FIRST_BYTES = 4096
HEAD_CHARS = 65536


class InvalidPlan(IsoctlError):
    """The plan does not pass the schema and reference checks; ``findings`` say where, ``text``
    is what was read (for the source excerpt; never read again)."""

    exit_code = 1

    def __init__(self, file: str, findings: list[Finding], text: str = "") -> None:
        super().__init__(tr("{f} does not validate ({n} problem(s)); fix it first",
                            "{f} chưa hợp lệ ({n} vấn đề); hãy sửa trước", f=file, n=len(findings)),
                         hint=tr("run `isoctl validate {f}`", "hãy chạy `isoctl validate {f}`",
                                 f="-" if file == "<stdin>" else file))
        self.findings = findings
        self.plan_file = file
        self.text = text


def looks_like_plan(text: str) -> bool:
    """Does one of the plan keys (format, phases, year, agency) start a line in the first 64K characters?"""
    return bool(_PLAN_KEYS.search(text, 0, HEAD_CHARS))


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")[:HEAD_CHARS]


def _head(path: str, size: int = HEAD_CHARS * 4) -> bytes | None:
    """The first ``size`` bytes of ``path``; None when it cannot be read (a pipe, a device…)."""
    try:
        return read_bytes(path, limit=size, head=True, what="plan")
    except ReadRefused:
        return None


def is_plan_file(path: str) -> bool:
    """A file found in a folder: is it a plan? Kept when it cannot be read, so that reading it
    says why. A plan says so in its first lines: 4 KB answer that for almost every plan (a match
    in a prefix is a match in the whole head); the first 64K characters decide."""
    first = _head(path, _FIRST_BYTES)
    if first is None or looks_like_plan(_text(first)):
        return True
    if len(first) < _FIRST_BYTES:
        return False  # that was the whole file
    head = _head(path)
    return head is None or looks_like_plan(_text(head))


def excluded(path: str, patterns: Iterable[str]) -> bool:
    """Does ``path`` (or its name) match one of the ``exclude`` patterns?"""
    norm = path.replace(os.sep, "/")
    base = os.path.basename(norm)
    return any(fnmatch.fnmatch(norm, pat) or fnmatch.fnmatch(base, pat) for pat in patterns)


def _walk(folder: str, exclude: list[str], keep_unlisted: bool = False) -> list[str]:
    """Plan files under ``folder``. A folder that cannot be listed raises :func:`isoctl.fsutil.cannot_list`'s error,
    or with ``keep_unlisted`` is kept in the list where it was met: checking it reports E002 with
    why (as ruff's E902), and the other folders are still checked."""
    found: list[str] = []

    def refuse(exc: OSError) -> None:
        if not keep_unlisted:
            raise cannot_list(exc.filename or folder, exc)
        found.append(exc.filename or folder)

    for root, dirs, files in os.walk(folder, onerror=refuse):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED_FOLDERS
                         and not excluded(os.path.join(root, d), exclude))
        for name in sorted(files):
            if name.endswith(PLAN_SUFFIXES) and not name.startswith("."):
                path = os.path.join(root, name)
                if not excluded(path, exclude) and is_plan_file(path):
                    found.append(path)
    return found


def skipped_by_discovery(path: str, exclude: Iterable[str] = ()) -> bool:
    """Would a folder search skip this file (named on a command line, as pre-commit names every
    staged file)? Not ``*.yaml``/``*.yml``, a hidden name, a hidden, ``node_modules`` or ``build``
    folder on its path (from the current folder), ``exclude`` matching it or a folder on its
    path, or not a plan. A file that cannot be read is not skipped (reading it says why)."""
    name = os.path.basename(path)
    if not name.endswith(PLAN_SUFFIXES) or name.startswith("."):
        return True
    rel = os.path.relpath(path) if os.path.isabs(path) else path
    if rel.startswith(os.pardir):
        rel = name
    parts = [p for p in rel.replace(os.sep, "/").split("/")[:-1] if p not in ("", ".")]
    if any(p.startswith(".") and p != ".." or p in _SKIPPED_FOLDERS for p in parts):
        return True
    pats = list(exclude)
    prefixes = ["/".join(parts[:i + 1]) for i in range(len(parts))]
    if any(excluded(p, pats) for p in [*prefixes, rel]):
        return True
    return os.path.isfile(path) and not is_plan_file(path)


@dataclass
class Found:
    """What :func:`find_plans` found: the files to check, and the folders given that hold no plan."""

    files: list[str]
    empty: list[str] = field(default_factory=list)


def find_plans(paths: Iterable[str], exclude: Iterable[str] = (), force_exclude: bool = False) -> Found:
    """:func:`discover` for ``validate``: a path that does not exist is kept (checking it reports
    E002, as ruff's E902), so is a folder that cannot be listed, and the folders in which nothing
    is a plan are named. With
    ``force_exclude`` a file named that a folder search would skip (:func:`skipped_by_discovery`)
    is skipped too (ruff's ``--force-exclude``)."""
    out: list[str] = []
    empty: list[str] = []
    excl = list(exclude)
    for raw in paths:
        if force_exclude and raw != STDIN and not os.path.isdir(raw) and skipped_by_discovery(raw, excl):
            continue
        if raw != STDIN and os.path.isdir(raw) and not raw.endswith(PLAN_SUFFIXES):
            found = _walk(raw, excl, keep_unlisted=True)
            out.extend(found)
            if not found:
                empty.append(raw)
        else:
            out.append(raw)
    seen: set[str] = set()
    return Found([p for p in out if not (p in seen or seen.add(p))], empty)


def discover(paths: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    """Files as given (``-`` is standard input); folders searched for ``*.yaml``/``*.yml`` plan
    files, skipping hidden folders, ``node_modules``, ``build`` and what ``exclude`` matches. A
    folder that cannot be listed is an error, not a silent gap."""
    out: list[str] = []
    excl = list(exclude)
    for raw in paths:
        if raw == STDIN:
            out.append(raw)
            continue
        if not os.path.exists(raw) and not os.path.islink(raw):
            raise UsageError(tr("no such file or folder: {p}", "không có tệp hoặc thư mục: {p}", p=raw))
        if os.path.isdir(raw) and not raw.endswith(PLAN_SUFFIXES):
            out.extend(_walk(raw, excl))
        else:
            out.append(raw)
    seen: set[str] = set()
    return [p for p in out if not (p in seen or seen.add(p))]


def year_of(path: str | os.PathLike[str]) -> int | None:
    """The plan's ``year:`` from its top-level line, without parsing the file."""
    head = _head(str(path))
    m = _YEAR_LINE.search(_text(head)) if head is not None else None
    return int(m.group(1)) if m else None


def plan_candidates(folder: str | os.PathLike[str], exclude: Iterable[str] = ()) -> list[tuple[int, Path]]:
    """``(year, path)`` of every plan file under ``folder`` with a top-level ``year:`` line."""
    out: list[tuple[int, Path]] = []
    for path in _walk(str(folder), list(exclude)):
        year = year_of(path)
        if year is not None:
            out.append((year, Path(path)))
    return out


def default_plan(config: Any) -> Path:
    """The plan to use when none is given: ``plan`` from the configuration, else the file with
    the highest ``year`` under ``plans`` (ties: the shallower path, then the name).

    Raises :class:`ConfigError` when the configured plan is missing, :class:`UsageError` when
    there is no plan to find.
    """
    if getattr(config, "plan", None):
        path = config.resolve(config.plan)
        if not Path(path).is_file():
            raise ConfigError(tr("the configured plan {p} does not exist", "kế hoạch {p} trong cấu hình không tồn tại",
                                 p=path), file=str(config.source) if config.source else None,
                              hint=tr("fix 'plan' in the configuration, or give a PLAN argument",
                                      "hãy sửa 'plan' trong cấu hình, hoặc ghi tham số PLAN"))
        return Path(path)
    folder = (config.resolve(config.plans) if config is not None else None) or Path("plans")
    exclude = getattr(config, "exclude", None) or ()
    found = plan_candidates(folder, exclude) if Path(folder).is_dir() else []
    if not found:
        raise UsageError(tr("no plan given and none found in {d}", "chưa ghi kế hoạch và không tìm thấy kế hoạch nào trong {d}",
                            d=folder),
                         hint=tr("give a plan file, e.g. plans/plan-2024.yaml, or set 'plan' in [tool.isoctl]",
                                 "hãy ghi tệp kế hoạch, ví dụ plans/plan-2024.yaml, hoặc đặt 'plan' trong [tool.isoctl]"))
    found.sort(key=lambda yp: (-yp[0], len(yp[1].parts), str(yp[1])))
    return found[0][1]


def _located(finding: Finding) -> IsoctlError:
    return IsoctlError(finding.message, file=finding.file, line=finding.line, col=finding.col, hint=finding.hint)


def read_source(arg: str, cwd: str | None = None) -> tuple[str, str]:
    """(text, display name) of a plan named on the command line: a file, ``-`` for standard
    input, or ``REV:path`` for a file in git. A missing file is exit 2; one that cannot be read
    or decoded is exit 1 with its position."""
    from isoctl.plan.loader import decode_plan, read_text

    if arg == STDIN:
        raw = read_bytes(STDIN, limit=_max_bytes(), what="plan")
        text, error, _bom = decode_plan(raw, "<stdin>")
        if error is not None:
            raise _located(error)
        return text, "<stdin>"
    from isoctl.review.gitio import read_blob, split_object

    obj = split_object(arg)
    if obj is not None:
        rev, path = obj
        return read_blob(rev, path, cwd), arg
    if not os.path.lexists(arg):  # a wrong argument, as in `isoctl validate`: exit 2
        raise UsageError(tr("no such file", "không có tệp này"), file=arg,
                         hint=tr("give a plan file, or REV:path for a file in git (e.g. HEAD~1:plans/plan-2024.yaml)",
                                 "hãy ghi một tệp kế hoạch, hoặc REV:đường-dẫn cho tệp trong git "
                                 "(ví dụ HEAD~1:plans/plan-2024.yaml)"))
    if os.path.isdir(arg):
        raise UsageError(tr("is a folder; give a plan file", "là thư mục; hãy ghi một tệp kế hoạch"), file=arg)
    text, error, bom = read_text(arg)
    if error is not None:
        raise _located(error)
    return ("\ufeff" if bom else "") + text, arg


def _max_bytes() -> int:
    from isoctl.plan.loader import MAX_BYTES

    return MAX_BYTES


def load_plan(path: str | os.PathLike[str]) -> Any:
    """The :class:`~isoctl.plan.model.Plan` in ``path`` (a file, ``-`` or ``REV:path``);
    :class:`InvalidPlan` when it has errors."""
    return plan_of(load_source(path))


def load_checked(path: str | os.PathLike[str]) -> tuple[Any, str | None]:
    """:func:`load_plan`'s schema check (a :class:`~isoctl.plan.validate.Checked` with a plan, else
    :class:`InvalidPlan`), and the text as read when ``path`` is a file (None for ``-`` and
    ``REV:path``)."""
    from isoctl.plan.loader import load_text
    from isoctl.review.gitio import split_object

    text, name = read_source(str(path))
    checked = _checked(load_text(text.lstrip("\ufeff"), name))
    on_disk = str(path) != STDIN and split_object(str(path)) is None
    return checked, text if on_disk else None


def load_source(path: str | os.PathLike[str]) -> Any:
    """The plan named on the command line (a file, ``-`` or ``REV:path``) read and parsed, not yet
    checked (a :class:`~isoctl.plan.loader.Loaded`): for a command that both lints the plan and
    uses it (``render docx``), which then reads and parses it once."""
    from isoctl.plan.loader import load_text

    text, name = read_source(str(path))
    return load_text(text.lstrip("\ufeff"), name)


def plan_of(loaded: Any) -> Any:
    """The :class:`~isoctl.plan.model.Plan` of a plan :func:`load_source` read;
    :class:`InvalidPlan` when it has errors."""
    return _checked(loaded).plan


def _checked(loaded: Any) -> Any:
    from isoctl.plan.validate import check_loaded

    checked = check_loaded(loaded)
    errors = sorted(f for f in checked.findings if f.severity == "error")
    if checked.plan is None or errors:
        raise InvalidPlan(loaded.file, errors or sorted(checked.findings), checked.loaded.text)
    return checked


def plan_from_text(text: str, name: str) -> Any:
    """The :class:`~isoctl.plan.model.Plan` in ``text``; a file that does not pass the schema is exit 1
    with the first problem's position."""
    from isoctl.plan.validate import check_text

    checked = check_text(text, name)
    if checked.plan is None:
        first = sorted(checked.findings)[0] if checked.findings else None
        if first is None:
            raise IsoctlError(tr("not a plan", "không phải kế hoạch"), file=name)
        more = len(checked.findings) - 1
        extra = tr(" (and {n} more; run isoctl validate)", " (và {n} lỗi khác; hãy chạy isoctl validate)", n=more) \
            if more else ""
        raise IsoctlError(tr("cannot compare: {m}{x}", "không so sánh được: {m}{x}", m=first.message, x=extra),
                          file=name, line=first.line, col=first.col, hint=first.hint)
    return checked.plan
