"""Apply the safe fixes of findings to a plan, keeping everything else of the file as written.

Edits go through :class:`isoctl.plan.roundtrip.RoundTrip` (ruamel round-trip: comments, key order
and quoting survive). ruamel still re-renders a few things it was not asked to change (``null``
becomes empty, some spacing); so the edited dump is compared with an unedited dump of the same
file and only the lines that the fixes changed are carried over into the original text (a
three-way merge). If the merge could not reproduce the edited data, the plain dump is used.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from isoctl.diagnostics import Finding
from isoctl.lint.rules.base import Fix
from isoctl.records import dataclass, field

MAX_PASSES = 4


@dataclass
class FixResult:
    file: str
    original: str
    text: str
    fixed: int = 0  # findings whose fix was applied
    remaining: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def diff(self) -> str:
        return "".join(difflib.unified_diff(self.original.splitlines(keepends=True),
                                            self.text.splitlines(keepends=True),
                                            fromfile=self.file, tofile=self.file))


def fix_text(text: str, fixes: Iterable[Fix], file: str = "<string>") -> tuple[str, set[Fix]]:
    """``text`` with the fixes applied, and the fixes that changed something."""
    from isoctl.plan.roundtrip import RoundTrip

    rt = RoundTrip(text, file)
    before = rt.dump()
    applied: set[Fix] = set()
    unique = sorted(set(fixes), key=lambda f: (str(f.path), -len(f.old), f.old))
    for fix in unique:
        parent, key = _locate(rt.data, fix.path)
        if parent is None:
            continue
        value = parent[key]
        if not isinstance(value, str):
            continue
        new = _replace(value, fix)
        if new != value:
            parent[key] = _like(value, new)
            applied.add(fix)
    if not applied:
        return text, applied
    return merge3(text, before, rt.dump()), applied


def fix_loop(path: str, text: str, lint: Any) -> FixResult:
    """Lint, fix, re-lint until nothing fixable is left (at most MAX_PASSES passes).

    ``lint(text) -> list[Finding]`` lints the text as the file ``path``.
    """
    result = FixResult(path, text, text)
    findings = lint(text)
    for _ in range(MAX_PASSES):
        fixable = [f for f in findings if f.fix is not None]
        if not fixable:
            break
        new, applied = fix_text(result.text, [f.fix for f in fixable], path)
        if not applied or new == result.text:
            break
        result.fixed += sum(1 for f in fixable if f.fix in applied)
        result.text = new
        findings = lint(new)
    result.remaining = findings
    return result


def _locate(data: Any, path: Sequence[str | int]) -> tuple[Any, Any]:
    node = data
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None, None
    if not path:
        return None, None
    last = path[-1]
    try:
        node[last]
    except (KeyError, IndexError, TypeError):
        return None, None
    return node, last


def _replace(value: str, fix: Fix) -> str:
    if fix.old not in value and unicodedata.normalize("NFC", value) != value:
        value = unicodedata.normalize("NFC", value)
    if fix.word:
        return re.sub(rf"(?<!\w){re.escape(fix.old)}(?!\w)", lambda _: fix.new, value)
    return value.replace(fix.old, fix.new)


def _like(old: Any, new: str) -> Any:
    """``new`` in the same scalar style (quotes, block) as ``old``."""
    cls = type(old)
    if cls is str:
        return new
    try:
        return cls(new)
    except TypeError:
        return new


def merge3(original: str, base: str, edited: str) -> str:
    """Carry the changes from ``base`` to ``edited`` over to ``original`` (``base`` ≈ ``original``)."""
    if base == original:
        return edited
    o_lines = original.splitlines(keepends=True)
    b_lines = base.splitlines(keepends=True)
    e_lines = edited.splitlines(keepends=True)
    owner: list[tuple[str, int, int, int, int]] = [("equal", 0, 0, 0, 0)] * len(b_lines)
    for op in difflib.SequenceMatcher(None, o_lines, b_lines, autojunk=False).get_opcodes():
        for j in range(op[3], op[4]):
            owner[j] = op

    def o_start(j: int) -> int:
        if j >= len(b_lines):
            return len(o_lines)
        tag, o1, _, b1, _ = owner[j]
        return o1 + (j - b1) if tag == "equal" else o1

    def o_end(j: int) -> int:  # O index just after B line j-1
        if j <= 0:
            return 0
        tag, o1, o2, b1, _ = owner[j - 1]
        return o1 + (j - 1 - b1) + 1 if tag == "equal" else o2

    hunks: list[tuple[int, int, list[str]]] = []
    for tag, b1, b2, e1, e2 in difflib.SequenceMatcher(None, b_lines, e_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        lo, hi = b1, b2
        if b1 == b2 and (b1 == len(b_lines) or owner[b1][0] == "equal" or owner[b1][3] == b1):
            # an insertion before a line that starts its block: in the original, before the block
            hunks.append((o_start(b1), o_start(b1), e_lines[e1:e2]))
            continue
        if lo < len(b_lines) and owner[lo][0] != "equal":
            lo = owner[lo][3]
            if hi == b1:
                hi = owner[b1][4]
        if hi > lo and owner[hi - 1][0] != "equal":
            hi = owner[hi - 1][4]
        o_lo = o_start(lo)
        o_hi = o_end(hi) if hi > lo else o_lo
        hunks.append((o_lo, o_hi, b_lines[lo:b1] + e_lines[e1:e2] + b_lines[b2:hi]))
    out = list(o_lines)
    last_start = len(o_lines) + 1
    for o_lo, o_hi, repl in sorted(hunks, reverse=True):
        if o_hi > last_start:
            return edited  # overlapping hunks: give up on merging
        out[o_lo:o_hi] = repl
        last_start = o_lo
    merged = "".join(out)
    return merged if _same_data(merged, edited) else edited


def _same_data(a: str, b: str) -> bool:
    import yaml

    try:
        return yaml.load(a, Loader=yaml.CSafeLoader) == yaml.load(b, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return False


def fix_files(files: Sequence[str], config: Any, select: Any = None, ignore: Any = None, *,
              write: bool, stdin_name: str | None = None, on_diff: Callable[[str], None] | None = None,
              sources: bool = True, texts: Any = None) -> tuple[list[Finding], int, list[str], Any]:
    """``--fix`` (``write``) or ``--diff``: fix each file in memory; returns the findings that
    remain, how many were fixed, (for ``--diff``) the unified diffs of the changed files, and the
    text of each file (as fixed) for the source excerpts.

    Each file is written (``--fix``) as it is done. With ``on_diff``, each file's diff is handed to
    it as that file is done and none is returned (issue 15: 10,000 diffs are not held to the end).
    The texts returned are those the report can show: only files with findings left, and only with
    ``sources`` (the full report's excerpts); standard input's always (the caller prints it). They
    are put in ``texts`` (a mapping: :class:`~isoctl.lint.report.TextStore` keeps them on disk),
    a new dict if it is None."""
    from contextlib import nullcontext

    from isoctl.fsutil import STDIN, edit_lock, write_atomic
    from isoctl.lint.config import check_selectors
    from isoctl.lint.engine import lint_file, lint_text
    from isoctl.plan.loader import read_text

    check_selectors("--select", select)
    check_selectors("--ignore", ignore)
    findings: list[Finding] = []
    fixed = 0
    diffs: list[str] = []
    texts = {} if texts is None else texts
    for path in files:
        name = stdin_name if path == STDIN and stdin_name else path
        # --fix holds the edit lock done/set hold, and writes only over the bytes it read
        with edit_lock(path) if write and path != STDIN else nullcontext():
            text, error, bom = read_text(path, name)
            if text is None:  # standard input cannot be read twice
                findings.extend([error] if path == STDIN else lint_file(path, config, select, ignore).findings)
                continue
            result = fix_loop(name, text, lambda t, p=name: lint_text(t, config, p, select, ignore).findings)
            findings.extend(result.remaining)
            if path == STDIN or (sources and result.remaining):
                texts[name] = result.text
            fixed += result.fixed
            if path == STDIN:  # never written: the caller prints the fixed plan (texts[name]), as ruff does
                if result.changed and not write:
                    diffs.append(result.diff())
            elif result.changed:
                mark = "\ufeff" if bom else ""
                if write:
                    write_atomic(path, mark + result.text, force=True, unchanged=(mark + text).encode("utf-8"))
                else:
                    diffs.append(result.diff())
            del text
            if on_diff is not None:  # printed now: nothing of this file's diff waits for the next files
                for piece in diffs:
                    on_diff(piece)
                diffs.clear()
            del result
    return findings, fixed, diffs, texts
