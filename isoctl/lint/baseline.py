"""Baselines: today's findings recorded in a file, so that only new ones are reported.

A finding matches a recorded one on file, code, YAML path and message — not on line numbers, so
edits elsewhere in the file do not break the baseline. Messages depend on the language; when the
baseline was written in another language than the current run, the message is left out of the
match. Each recorded finding absorbs one finding (two identical new ones and one recorded: one is
reported).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from isoctl.diagnostics import Finding, UsageError, path_to_str
from isoctl.fsutil import write_atomic
from isoctl.i18n import get_lang, tr

FORMAT = 1


def _rel(file: str, root: Path) -> str:
    return Path(os.path.relpath(os.path.abspath(file), root)).as_posix()


def _key(f: Finding, root: Path, with_message: bool) -> tuple[str, ...]:
    base = (_rel(f.file, root), f.code, path_to_str(f.path))
    return (*base, f.message) if with_message else base


@dataclass
class Baseline:
    file: Path
    lang: str
    entries: list[dict[str, object]] = field(default_factory=list)

    def filter(self, findings: Sequence[Finding]) -> tuple[list[Finding], int]:
        """(findings not in the baseline, how many were matched)."""
        root = self.file.resolve().parent
        with_message = self.lang == get_lang()
        budget: Counter[tuple[str, ...]] = Counter()
        for e in self.entries:
            k = (str(e.get("file")), str(e.get("code")), str(e.get("path")))
            budget[(*k, str(e.get("message"))) if with_message else k] += 1
        out, matched = [], 0
        for f in sorted(findings):
            k = _key(f, root, with_message)
            if budget[k] > 0:
                budget[k] -= 1
                matched += 1
            else:
                out.append(f)
        return out, matched


def write(path: str | Path, findings: Sequence[Finding], *, force: bool = False) -> int:
    """Record ``findings`` in ``path`` (JSON); refuses to overwrite without ``force``. Returns the count."""
    target = Path(path)
    root = target.resolve().parent
    entries = [{"file": _rel(f.file, root), "code": f.code, "path": path_to_str(f.path), "message": f.message,
                "line": f.line} for f in sorted(findings)]
    doc = {"isoctl-baseline": FORMAT, "lang": get_lang(), "findings": entries}
    write_atomic(target, json.dumps(doc, ensure_ascii=False, indent=2) + "\n", force=force)
    return len(entries)


def load(path: str | Path) -> Baseline:
    target = Path(path)
    try:
        doc = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(tr("baseline {p} does not exist", "tệp baseline {p} không tồn tại", p=target),
                         hint=tr("create it with --write-baseline {p}", "tạo bằng --write-baseline {p}", p=target)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(tr("cannot read baseline: {e}", "không đọc được baseline: {e}", e=exc), file=str(target)) from None
    except json.JSONDecodeError as exc:
        raise UsageError(tr("baseline is not valid JSON: {e}", "baseline không phải JSON hợp lệ: {e}", e=exc.msg),
                         file=str(target), line=exc.lineno, col=exc.colno) from None
    if not isinstance(doc, dict) or doc.get("isoctl-baseline") != FORMAT or not isinstance(doc.get("findings"), list):
        raise UsageError(tr("not an isoctl baseline (version {v})", "không phải tệp baseline của isoctl (phiên bản {v})",
                            v=FORMAT), file=str(target),
                         hint=tr("write one with --write-baseline", "tạo bằng --write-baseline"))
    entries = [e for e in doc["findings"] if isinstance(e, dict)]
    return Baseline(target, str(doc.get("lang") or "en"), entries)
