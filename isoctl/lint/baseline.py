"""Baselines: today's findings recorded in a file, so that only new ones are reported.

A finding matches a recorded one on file, rule and identity (:mod:`isoctl.lint.identity`: the
ids on its path and the rule's key) — not on lines, list indices or messages, so deleting,
inserting or moving tasks does not break the baseline, and the language of the run does not
matter. Each recorded finding absorbs one finding (two identical new ones and one recorded: one
is reported). Baselines written before identities (version 1) still match on file, code, YAML
path and message.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from isoctl.diagnostics import Finding, UsageError, path_to_str
from isoctl.fsutil import atomic_writer
from isoctl.i18n import get_lang, tr
from isoctl.records import dataclass, field

MAX_BYTES = 256 * 1024 * 1024
FORMAT = 2
_READS = (1, 2)


def _rel(file: str, root: Path) -> str:
    return Path(os.path.relpath(os.path.abspath(file), root)).as_posix()


@dataclass
class Baseline:
    """A loaded baseline. Its entries are indexed by file once (file, relative to the baseline's
    folder, to that file's entries as compact tuples), so :meth:`filter` on one file's findings
    looks at that file's entries only: O(findings + entries of the file), not files × entries.
    ``built`` counts the recorded findings :meth:`filter` has made (the tests count it)."""

    file: Path
    lang: str
    entries: list[dict[str, object]] = field(default_factory=list)
    version: int = FORMAT
    built: int = 0
    _index: dict[str, list[tuple[str, ...]]] | None = field(default=None, repr=False)

    def _by_file(self, root: Path) -> dict[str, list[tuple[str, ...]]]:
        if self._index is None:
            index: dict[str, list[tuple[str, ...]]] = {}
            for e in self.entries:
                rel = _rel(os.path.join(root, str(e.get("file"))), root)
                code, message = str(e.get("code")), str(e.get("message"))
                if self.version == 1:
                    item: tuple[str, ...] = (code, message, str(e.get("path")))
                else:
                    item = (code, message, str(e.get("id", "")), str(e.get("loose_id", e.get("id", ""))))
                index.setdefault(rel, []).append(item)
            self._index, self.entries = index, []  # the index only: no second copy of the entries
        return self._index

    def filter(self, findings: Sequence[Finding]) -> tuple[list[Finding], int]:
        """(findings not in the baseline, how many were matched)."""
        from isoctl.lint.identity import match

        root = self.file.resolve().parent
        index = self._by_file(root)
        by_file: dict[str, list[Finding]] = {}
        for f in findings:
            by_file.setdefault(_rel(f.file, root), []).append(f)
        out: list[Finding] = []
        for rel, group in by_file.items():
            recorded = [self._entry_finding(rel, item, root) for item in index.get(rel, ())]
            self.built += len(recorded)
            if self.version == 1:
                with_message = self.lang == get_lang()

                def key(f: Finding, with_message: bool = with_message) -> tuple[str, ...]:
                    k = (_rel(f.file, root), f.code, path_to_str(f.path))
                    return (*k, f.message) if with_message else k

                left, _rest = match(sorted(group), recorded, exact=key, loose=key)
            else:
                left, _rest = match(sorted(group), recorded,
                                    exact=lambda f: (_rel(f.file, root), f.code, f.ident[0]),
                                    loose=lambda f: (_rel(f.file, root), f.code, f.ident[1]))
            out.extend(left)
        return sorted(out), len(findings) - len(out)

    def _entry_finding(self, rel: str, item: tuple[str, ...], root: Path) -> Finding:
        """A recorded entry as a finding, its file taken from the baseline's folder."""
        file = os.path.join(root, rel)
        if self.version == 1:
            code, message, path = item
            return Finding(file, 0, 0, code, message, path=tuple(_parse_path(path)))
        code, message, ident, loose = item
        return Finding(file, 0, 0, code, message, ident=(ident, loose))


def _parse_path(text: str) -> list[str | int]:
    import re

    return [int(i) if i else k for k, i in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text)]


class Writer:
    """A baseline written as the run goes (10,000 plans): each file's findings become entries in
    the temp file :func:`isoctl.fsutil.atomic_writer` keeps, and the baseline is replaced once, when
    the block ends. Files come in sorted order (the run lints them so), so the entries are in the
    order ``sorted(findings)`` gives, byte for byte what :func:`write` made when it held them all."""

    def __init__(self, write: object, root: Path) -> None:
        self._write = write
        self._root = root
        self.count = 0
        write(f'{{\n  "isoctl-baseline": {FORMAT},\n  "lang": {json.dumps(get_lang(), ensure_ascii=False)},\n'  # type: ignore[operator]
              '  "findings": [')

    def add(self, findings: Sequence[Finding]) -> None:
        """Record one file's findings (or any findings that sort after those recorded so far)."""
        for f in sorted(findings):
            entry = {"file": _rel(f.file, self._root), "code": f.code, "id": f.ident[0], "loose_id": f.ident[1],
                     "message": f.message, "line": f.line}
            text = json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", "\n    ")
            self._write(("\n    " if not self.count else ",\n    ") + text)  # type: ignore[operator]
            self.count += 1

    def close(self) -> None:
        self._write(("\n  ]" if self.count else "]") + "\n}\n")  # type: ignore[operator]


@contextmanager
def streamed(path: str | Path, *, force: bool = False) -> Iterator[Writer]:
    """A :class:`Writer` into ``path``; refuses to overwrite without ``force`` (checked before the
    run reads any plan); the file is replaced only if the block ends without an exception."""
    target = Path(path)
    with atomic_writer(target, force=force) as write:
        writer = Writer(write, target.resolve().parent)
        yield writer
        writer.close()


def write(path: str | Path, findings: Sequence[Finding], *, force: bool = False) -> int:
    """Record ``findings`` in ``path`` (JSON); refuses to overwrite without ``force``. Returns the count."""
    with streamed(path, force=force) as writer:
        writer.add(findings)
    return writer.count


def load(path: str | Path) -> Baseline:
    target = Path(path)
    from isoctl.fsutil import read_text

    try:
        if not os.path.lexists(target):
            raise FileNotFoundError(target)
        doc = json.loads(read_text(target, limit=MAX_BYTES, exit_code=2, what="baseline"))
    except FileNotFoundError:
        raise UsageError(tr("baseline {p} does not exist", "tệp baseline {p} không tồn tại", p=target),
                         hint=tr("create it with --write-baseline {p}", "tạo bằng --write-baseline {p}", p=target)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(tr("cannot read baseline: {e}", "không đọc được baseline: {e}", e=exc), file=str(target)) from None
    except json.JSONDecodeError as exc:
        raise UsageError(tr("baseline is not valid JSON: {e}", "baseline không phải JSON hợp lệ: {e}", e=exc.msg),
                         file=str(target), line=exc.lineno, col=exc.colno) from None
    if not isinstance(doc, dict) or doc.get("isoctl-baseline") not in _READS or not isinstance(doc.get("findings"), list):
        raise UsageError(tr("not an isoctl baseline (version {v})", "không phải tệp baseline của isoctl (phiên bản {v})",
                            v=FORMAT), file=str(target),
                         hint=tr("write one with --write-baseline", "tạo bằng --write-baseline"))
    entries = [e for e in doc["findings"] if isinstance(e, dict)]
    return Baseline(target, str(doc.get("lang") or "en"), entries, int(doc["isoctl-baseline"]))
