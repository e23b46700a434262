"""Inline suppressions in YAML comments, and the X001 finding for those that suppress nothing.

- ``title: …  # isoctl: ignore[V003]`` — findings of V003 on that line;
- a comment line ``# isoctl: ignore[D006]`` above a line — that line and the block under it (a
  task, a mapping, a list);
- ``# isoctl: ignore-file[V002]`` anywhere — the whole file; a bare ``# isoctl: ignore-file``
  suppresses every rule in the file.

Codes may be given by code or by name, several separated by commas; ``ignore`` without codes
suppresses every rule on its line or block. Schema errors (E…) cannot be suppressed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from isoctl.diagnostics import Finding
from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.records import dataclass, field

_DIRECTIVE = lazy(r"#\s*isoctl\s*:\s*(?P<kind>ignore-file|ignore)\b(?:\[(?P<codes>[^\]]*)\])?", re.I)


@dataclass
class Suppression:
    line: int  # where the comment is
    col: int
    codes: tuple[str, ...] | None  # None: every rule
    first: int = 0  # lines covered (inclusive); 0..0 with file=True for the whole file
    last: int = 0
    file: bool = False
    used: set[str] = field(default_factory=set)
    used_any: bool = False

    def covers(self, f: Finding, resolve: Callable[[str], str]) -> bool:
        if not (self.file or self.first <= f.line <= self.last):
            return False
        return self.codes is None or any(resolve(c) == f.code for c in self.codes)


def _comment_start(line: str) -> int | None:
    """Column (0-based) of the first '#' that starts a YAML comment on the line, if any."""
    quote: str | None = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
            continue
        if ch in "'\"" and (i == 0 or line[i - 1] in " \t[{,:-"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return i
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block(lines: list[str], start: int) -> tuple[int, int]:
    """1-based first/last line of the block that begins at the next content line after ``start``."""
    n = len(lines)
    i = start
    while i < n and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
        i += 1
    if i >= n:
        return start + 1, start + 1
    head = lines[i]
    ind = _indent(head)
    is_item = head.lstrip().startswith("- ")
    last = i
    for j in range(i + 1, n):
        text = lines[j]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        k = _indent(text)
        if k > ind or (k == ind and not is_item and text.lstrip().startswith("- ")):
            last = j
            continue
        break
    return i + 1, last + 1


def parse(text: str) -> list[Suppression]:
    """Every ``# isoctl: ignore…`` directive of a file, with the lines it covers."""
    out: list[Suppression] = []
    lines = text.split("\n")
    for idx, raw in enumerate(lines):
        line = raw.rstrip("\r")
        if "isoctl" not in line:
            continue
        at = _comment_start(line)
        if at is None:
            continue
        m = _DIRECTIVE.search(line, at)
        if not m or line[at:m.start()].strip("# \t"):
            continue
        codes = None
        if m.group("codes") is not None:
            codes = tuple(c.strip() for c in m.group("codes").split(",") if c.strip()) or None
        sup = Suppression(idx + 1, m.start() + 1, codes)
        if m.group("kind").lower() == "ignore-file":
            sup.file = True
        elif line[:at].strip():
            sup.first = sup.last = idx + 1
        else:
            sup.first, sup.last = _block(lines, idx + 1)
        out.append(sup)
    return out


def apply(findings: list[Finding], sups: list[Suppression], file: str, resolve: Callable[[str], str],
          known: Callable[[str], bool], enabled: Callable[[str], bool]) -> tuple[list[Finding], list[Finding]]:
    """(findings kept, X001 findings for suppressions that suppressed nothing).

    ``resolve`` maps a rule name to its code; ``known`` says whether a code exists; ``enabled``
    whether it is selected for this file (a suppression of a disabled rule is not "unused").
    """
    kept = []
    for f in findings:
        hit = False
        if not f.code.startswith("E"):
            for s in sups:
                if s.covers(f, resolve):
                    hit = True
                    s.used_any = True
                    s.used.add(f.code)
        if not hit:
            kept.append(f)
    unused: list[Finding] = []
    hint = tr("remove the comment, or fix its code", "hãy xóa chú thích, hoặc sửa mã quy tắc")
    for s in sups:
        if s.codes is None:
            if not s.used_any:
                unused.append(Finding(file, s.line, s.col, "X001", tr(
                    "this suppression suppresses nothing", "chú thích bỏ qua này không bỏ qua vấn đề nào"),
                    "warning", hint))
            continue
        for code in s.codes:
            real = resolve(code)
            if real.startswith("E") and known(real):
                unused.append(Finding(file, s.line, s.col, "X001", tr(
                    "schema error {c} cannot be suppressed", "lỗi lược đồ {c} không thể bỏ qua", c=real), "warning",
                    tr("fix the file instead", "hãy sửa tệp")))
            elif not known(real):
                unused.append(Finding(file, s.line, s.col, "X001", tr(
                    "unknown rule '{c}' in suppression", "quy tắc '{c}' trong chú thích bỏ qua không tồn tại", c=code),
                    "warning", tr("`isoctl rules` lists the codes", "`isoctl rules` liệt kê các mã")))
            elif real not in s.used and enabled(real):
                unused.append(Finding(file, s.line, s.col, "X001", tr(
                    "suppression of {c} suppresses nothing here", "chú thích bỏ qua {c} không bỏ qua vấn đề nào ở đây",
                    c=real), "warning", hint))
    return kept, unused
