"""Turn findings into text. Every reporter returns a string; none imports rich.

The formats read on a terminal (full, concise, github: a CI log is a terminal too) show the
plan text in a finding's file name, message and hint with control, bidi and invisible characters
escaped (:func:`~isoctl.diagnostics.escape_controls`), whichever rule quoted it; json and sarif
keep the text as it is (JSON escapes controls itself)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from isoctl import __version__
from isoctl.diagnostics import SEVERITIES, Finding
from isoctl.diagnostics import escape_controls as _safe
from isoctl.i18n import tr
from isoctl.lazyre import lazy

_COLOURS = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;36m"}
_BOLD, _DIM, _CYAN, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[0m"


def _sev(severity: str, count: int = 1) -> str:
    """The severity's word; with ``count`` > 1 the English plural ("2 errors")."""
    plural = "" if count == 1 or severity == "info" else "s"
    return {"error": tr("error" + plural, "lỗi"), "warning": tr("warning" + plural, "cảnh báo"),
            "info": tr("info", "thông tin")}[severity]


severity_word = _sev


def concise(findings: Sequence[Finding], sources: dict[str, list[str]] | None = None, colour: bool = False) -> str:
    lines = []
    for f in findings:
        where = f"{_safe(f.file)}:{f.line}:{f.col}:"
        code = f"{_COLOURS[f.severity]}{f.code}{_RESET}" if colour else f.code
        if colour:
            where = f"{_BOLD}{where}{_RESET}"
        lines.append(f"{where} {code} [{_sev(f.severity)}] {_safe(f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def full(findings: Sequence[Finding], sources: dict[str, list[str]] | None = None, colour: bool = False,
         columns: int | None = None, wrap: bool = False) -> str:
    """ruff-style: header line, the source line with a caret under the column, the hint. With
    ``columns`` (a terminal's width) a long source line is cut to a window that fits it; with
    ``wrap`` too, the header's message and the hint are wrapped at spaces to fit it (never inside
    a word, ``file:line:col: CODE`` never parted; the message's lines hang under it by two spaces,
    the hint's under its text); without, every finding's header is one line, as ruff prints it."""
    fit = columns if wrap else None  # the width the message and hint are wrapped to
    sources = sources or {}
    out: list[str] = []
    for f in findings:
        c = (lambda s, code: f"{code}{s}{_RESET}") if colour else (lambda s, code: s)
        header = (f"{c(f'{_safe(f.file)}:{f.line}:{f.col}:', _BOLD)} {c(f.code, _COLOURS[f.severity])} "
                  f"[{_sev(f.severity)}] {_safe(f.message)}")
        out.extend(wrap_line(header, fit, indent=2, glue=2))  # "file:line:col: CODE" never parted, for grep
        lines = sources.get(f.file) or []
        if 1 <= f.line <= len(lines):
            gutter = len(str(f.line))
            width = 1
            if f.end_line == f.line and f.end_col and f.end_col > f.col:
                width = f.end_col - f.col
            room = MAX_SOURCE_WIDTH if columns is None else max(20, min(MAX_SOURCE_WIDTH, columns - gutter - 5))
            text, col = _window(lines[f.line - 1].replace("\t", " "), f.col, room)
            width = max(1, min(width, max(1, len(text) - col + 1)))
            out.append(c(" " * gutter + " |", _CYAN))
            out.append(f"{c(f'{f.line} |', _CYAN)} {text}")
            pad = " " * gutter
            out.append(f"{c(pad + ' |', _CYAN)} {' ' * (col - 1)}{c('^' * width, _COLOURS[f.severity])}")
        if f.hint:
            label = f"  {tr('hint', 'gợi ý')}: "
            for k, part in enumerate(_safe(f.hint).split("\n")):
                lead = (f"  {c(tr('hint', 'gợi ý'), _BOLD)}: " if k == 0 else " " * len(label))
                out.extend(wrap_line(lead + part, fit, indent=len(label)))
        if f.fix is not None:
            out.append(f"  {c(tr('fixable with --fix', 'sửa được bằng --fix'), _DIM)}")
        out.append("")
    return "\n".join(out)


_SGR = lazy(r"\x1b\[[0-9;]*m")


def cells(text: str) -> int:
    """How many terminal columns ``text`` takes: isoctl's own colour codes none, a combining mark
    none, a wide (East Asian) character two."""
    text = _SGR.sub("", text)
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def wrap_line(line: str, columns: int | None, indent: int, glue: int = 0) -> list[str]:
    """``line`` in lines of at most ``columns`` cells, broken at spaces only (a word longer than
    the room is kept whole on a line of its own), the lines after the first indented by
    ``indent`` spaces, its first ``glue`` words never parted; the line as it is when ``columns``
    is None or it fits."""
    if columns is None or cells(line) <= columns:
        return [line]
    room = max(columns, indent + 20)  # a hanging indent never leaves less than 20 columns
    body = line.lstrip(" ")
    out: list[str] = []
    current = line[: len(line) - len(body)]  # the line's own leading spaces stay
    width = len(current)
    fresh = True  # nothing but the indent on the current line yet
    words = body.split(" ")
    if glue > 1:
        words[:glue] = [" ".join(words[:glue])]
    for word in words:
        w = cells(word)
        if not fresh and width + 1 + w > room:
            out.append(current)
            current, width, fresh = " " * indent + word, indent + w, False
        elif fresh:
            current, width, fresh = current + word, width + w, False
        else:
            current, width = current + " " + word, width + 1 + w
    out.append(current)
    return out


MAX_SOURCE_WIDTH = 160


def _window(text: str, col: int, room: int = MAX_SOURCE_WIDTH) -> tuple[str, int]:
    """Cut a long source line to a window of ``room`` characters around ``col`` (an ellipsis at a
    cut end); returns the text and the new column."""
    if len(text) <= room:
        return text, col
    start = max(0, min(col - 1 - room // 3, len(text) - room))
    end = start + room
    shown = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    return shown, col - start + (1 if start else 0)


class JsonList:
    """A JSON list written an item at a time, byte for byte as ``json.dumps(items, ensure_ascii=False,
    indent=2)`` writes it at nesting ``level``: a report of 10,000 plans is never one list of dicts
    nor one string. ``write`` takes each piece of text; :meth:`close` ends the list."""

    def __init__(self, write: Callable[[str], object], level: int = 0) -> None:
        self._write = write
        self._pad = "  " * (level + 1)
        self._end = "\n" + "  " * level + "]"
        self._first = True

    def add(self, item: object) -> None:
        # JSON text never holds a raw newline inside a string, so each line is indented as a whole
        import json  # the json and sarif formats only: not imported by the others

        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n" + self._pad)
        self._write(("[\n" if self._first else ",\n") + self._pad + text)
        self._first = False

    def close(self) -> None:
        self._write("[]" if self._first else self._end)


class JsonReport:
    """``--format json`` streamed: findings added as each file is done, in the order they sort in."""

    def __init__(self, write: Callable[[str], object]) -> None:
        self._write = write
        self._list = JsonList(write)

    def add(self, findings: Iterable[Finding]) -> None:
        for f in findings:
            self._list.add(f.to_dict())

    def close(self) -> None:
        self._list.close()
        self._write("\n")


def as_json(findings: Sequence[Finding], sources: dict[str, list[str]] | None = None, colour: bool = False) -> str:
    out: list[str] = []
    report = JsonReport(out.append)
    report.add(findings)
    report.close()
    return "".join(out)


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github(findings: Sequence[Finding], sources: dict[str, list[str]] | None = None, colour: bool = False) -> str:
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for f in findings:
        message = _safe(f"{f.code} {f.message}" + (f" ({f.hint})" if f.hint else ""))
        lines.append(f"::{level[f.severity]} file={_gh_escape(_safe(f.file), True)},line={f.line},col={f.col},"
                     f"title={_gh_escape('isoctl ' + f.code, True)}::{_gh_escape(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def rule_descriptions(codes: Sequence[str]) -> dict[str, tuple[str, str]]:
    """code → (name, one-line summary) for the schema checks and the lint rules."""
    from isoctl.lint.rules import by_code, summary
    from isoctl.plan.validate import SCHEMA_CODES

    table = by_code()
    out = {}
    for code in codes:
        mod = table.get(code)
        if mod is not None:
            out[code] = (mod.NAME, summary(mod))
        elif code in SCHEMA_CODES:
            from isoctl.plan.codes import CODES

            out[code] = (SCHEMA_CODES[code], CODES[code].text("summary"))
    return out


def _artifact(file: str, root: str) -> dict[str, str]:
    """A SARIF artifactLocation: relative to ``root`` (``%SRCROOT%``) when inside it, else an
    absolute file URI; percent-encoded (spaces, Vietnamese letters)."""
    import os
    from pathlib import Path
    from urllib.parse import quote

    absolute = os.path.abspath(file)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:  # another drive
        rel = os.pardir
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return {"uri": Path(absolute).as_uri()}
    return {"uri": quote(rel.replace(os.sep, "/"), safe="/"), "uriBaseId": "%SRCROOT%"}


def _root_uri(root: str) -> str:
    from pathlib import Path

    uri = Path(root).resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def sarif(findings: Sequence[Finding], sources: dict[str, list[str]] | None = None, colour: bool = False,
          rules: dict[str, tuple[str, str]] | None = None, root: str | None = None) -> str:
    """SARIF 2.1.0 as one string (:func:`sarif_chunks` joined)."""
    return "".join(sarif_chunks(findings, rules=rules, root=root))


_RESULTS = "\x00results\x00"  # where the results go in the document's text (JSON escapes a NUL)


def sarif_chunks(findings: Sequence[Finding], rules: dict[str, tuple[str, str]] | None = None,
                 root: str | None = None) -> Iterator[str]:
    """SARIF 2.1.0, a piece at a time: file locations relative to ``root`` (default: the current
    folder) with ``originalUriBaseIds``; columns counted in Unicode code points, end columns
    exclusive. The rules of the codes found come before the results (a result names its rule by
    index), so ``findings`` is the whole sorted list; each result is written as it is made."""
    return sarif_pieces(sorted({f.code for f in findings}), findings, rules=rules, root=root)


def sarif_pieces(codes: Sequence[str], findings: Iterable[Finding], rules: dict[str, tuple[str, str]] | None = None,
                 root: str | None = None) -> Iterator[str]:
    """:func:`sarif_chunks` with the codes found given (sorted), so that ``findings`` may be read
    back a finding at a time (from a :class:`SarifSpool`) after they were all counted."""
    import os

    index = {code: k for k, code in enumerate(codes)}
    rules = rules if rules is not None else rule_descriptions(codes)
    root = root or os.getcwd()
    import json

    head, tail = json.dumps(sarif_document(codes, rules, root, _RESULTS), ensure_ascii=False,
                            indent=2).split(json.dumps(_RESULTS))
    yield head
    pieces: list[str] = []
    results = JsonList(pieces.append, level=3)  # doc > runs > run > results
    for f in findings:
        results.add(sarif_result(f, index, root))
        yield pieces.pop()
    results.close()
    yield pieces.pop()
    yield tail + "\n"


class TextSpool:
    """Text that must wait until a run ends (``--show-activities``' tables come after every
    file's findings), kept in a temporary file instead of memory; :meth:`pieces` gives it back in
    the order it was added, a bounded number of lines at a time."""

    def __init__(self) -> None:
        import tempfile

        self._fh = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n", prefix="isoctl-spool-")

    def add(self, text: str) -> None:
        self._fh.write(text)

    def pieces(self, lines: int = 1000) -> Iterator[str]:
        self._fh.seek(0)
        chunk: list[str] = []
        for line in self._fh:
            chunk.append(line)
            if len(chunk) >= lines:
                yield "".join(chunk)
                chunk = []
        if chunk:
            yield "".join(chunk)

    def close(self) -> None:
        self._fh.close()


class TextStore:
    """Texts by name that must wait until a run ends (the fixed texts of the files ``--fix``
    reports findings in, for the full report's excerpts), kept in a temporary file instead of
    memory: :meth:`get` reads one back. 10,000 plans' texts would be hundreds of megabytes. The
    file is closed by :meth:`close`, or when the store is dropped."""

    def __init__(self) -> None:
        self._fh: Any = None
        self._at: dict[str, tuple[int, int]] = {}

    def __setitem__(self, name: str, text: str) -> None:
        if self._fh is None:
            import tempfile
            import weakref

            self._fh = tempfile.TemporaryFile("w+b", prefix="isoctl-texts-")
            weakref.finalize(self, self._fh.close)
        data = text.encode("utf-8", "surrogatepass")
        self._fh.seek(0, 2)
        self._at[name] = (self._fh.tell(), len(data))
        self._fh.write(data)

    def get(self, name: str, default: str | None = None) -> str | None:
        at = self._at.get(name)
        if at is None:
            return default
        self._fh.seek(at[0])
        return self._fh.read(at[1]).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


class SarifSpool:
    """``--format sarif`` of many files: the document's rules (every code found) come before its
    results, so the results wait in a temporary file, a line of JSON a finding (what a SARIF
    result needs of it), until the last file is done; memory holds none of them.
    :meth:`pieces` reads them back in the order they were added."""

    _FIELDS = ("file", "line", "col", "code", "message", "severity", "hint", "end_line", "end_col")

    def __init__(self) -> None:
        import tempfile

        self._fh = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n", prefix="isoctl-sarif-")
        self.codes: set[str] = set()

    def add(self, findings: Iterable[Finding]) -> None:
        import json

        for f in findings:
            self.codes.add(f.code)
            # json.dumps escapes every newline: one finding, one line
            self._fh.write(json.dumps([getattr(f, k) for k in self._FIELDS], ensure_ascii=False) + "\n")

    def _findings(self) -> Iterator[Finding]:
        import json

        self._fh.seek(0)
        for line in self._fh:
            yield Finding(**dict(zip(self._FIELDS, json.loads(line), strict=True)))

    def pieces(self, rules: dict[str, tuple[str, str]] | None = None, root: str | None = None) -> Iterator[str]:
        """The whole document, a piece at a time (as :func:`sarif_chunks` of the findings added)."""
        return sarif_pieces(sorted(self.codes), self._findings(), rules=rules, root=root)

    def close(self) -> None:
        self._fh.close()


_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def sarif_document(codes: Sequence[str], rules: dict[str, tuple[str, str]], root: str, results: object) -> dict:
    """The SARIF document around ``results``: the tool, the rules of ``codes``, the source root."""

    def rule(code: str) -> dict:
        name, text = rules.get(code, (code, code))
        command = f"isoctl explain {code}"
        return {"id": code, "name": name, "shortDescription": {"text": text},
                "help": {"text": tr("Run `{c}` for what it checks, why, and examples.",
                                    "Chạy `{c}` để xem quy tắc kiểm tra gì, vì sao, và ví dụ.", c=command),
                         "markdown": tr("Run `{c}` for what it checks, why, and examples.",
                                        "Chạy `{c}` để xem quy tắc kiểm tra gì, vì sao, và ví dụ.", c=command)},
                "defaultConfiguration": {"level": _LEVEL.get(_default_severity(code), "error")}}

    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "isoctl", "version": __version__,
                "rules": [rule(c) for c in codes],
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"uri": _root_uri(root)}},
            "results": results,
        }],
    }


def sarif_result(f: Finding, index: dict[str, int], root: str) -> dict:
    """One finding as a SARIF result; ``index``: each code's place in the document's rules."""
    return {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": _LEVEL[f.severity],
        "message": {"text": f.message + (f" — {f.hint}" if f.hint else "")},
        "locations": [{"physicalLocation": {
            "artifactLocation": _artifact(f.file, root),
            "region": _region(f),
        }}],
    }


def _region(f: Finding) -> dict[str, int]:
    end_line = f.end_line or f.line
    end_col = f.end_col or f.col
    if end_line < f.line or (end_line == f.line and end_col <= f.col):
        end_line, end_col = f.line, f.col + 1  # never an empty region: at least the character pointed at
    return {"startLine": f.line, "startColumn": f.col, "endLine": end_line, "endColumn": end_col}


def _default_severity(code: str) -> str:
    from isoctl.lint.rules import by_code

    mod = by_code().get(code)
    return mod.SEVERITY if mod is not None else "error"


class Tally:
    """What the summary, ``--statistics`` and the exit code need of the findings reported: counts
    only. A run over 10,000 plans adds each file's findings as they are printed and keeps none of
    them (nor their files' text)."""

    def __init__(self, findings: Iterable[Finding] = ()) -> None:
        self.total = 0
        self.fixable = 0
        self.severities: Counter[str] = Counter()
        self.codes: Counter[str] = Counter()
        self.code_fixable: Counter[str] = Counter()
        # per code, the sort key of the finding that sorts last and its severity: --statistics
        # gives a code the severity of its last finding in the report's order
        self._last: dict[str, tuple[tuple[object, ...], str]] = {}
        self.add(findings)

    def add(self, findings: Iterable[Finding]) -> None:
        for f in findings:
            self.total += 1
            self.severities[f.severity] += 1
            self.codes[f.code] += 1
            if f.fix is not None:
                self.fixable += 1
                self.code_fixable[f.code] += 1
            key = (f.file, f.line, f.col, f.code, f.message, f.severity, f.hint, f.path)  # Finding's order
            last = self._last.get(f.code)
            if last is None or _not_after(last[0], key):
                self._last[f.code] = (key, f.severity)

    def __bool__(self) -> bool:
        return self.total > 0

    def severity(self, code: str) -> str:
        return self._last[code][1]

    def failing(self, strict: bool = False) -> bool:
        """An error was found (or, ``strict``, a warning)."""
        return bool(self.severities["error"] or (strict and self.severities["warning"]))


def _not_after(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    try:
        return a <= b  # type: ignore[operator]
    except TypeError:  # a None hint beside a text one, at the same place with the same message
        return True


def _tally(findings: Sequence[Finding] | Tally) -> Tally:
    return findings if isinstance(findings, Tally) else Tally(findings)


def statistics_rows(findings: Sequence[Finding] | Tally) -> list[dict[str, object]]:
    """Per code, most frequent first: code, name, severity, count, how many are fixable."""
    tally = _tally(findings)
    counts = tally.codes
    names = rule_descriptions(list(counts))
    return [{"code": c, "name": names.get(c, (c, ""))[0], "severity": tally.severity(c), "count": n,
             "fixable": tally.code_fixable[c]} for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def statistics_text(findings: Sequence[Finding] | Tally) -> str:
    """``--statistics``: one line per code, as ruff prints it ("[*]": fixable with --fix)."""
    rows = statistics_rows(findings)
    if not rows:
        return ""
    width = max(len(str(r["count"])) for r in rows)
    name_width = max(len(str(r["name"])) for r in rows)
    sev = [f"[{_sev(str(r['severity']))}]" for r in rows]
    sev_width = max(map(len, sev))
    lines = [f"{r['count']:>{width}}  {r['code']}  {str(r['name']):<{name_width}}  "
             + (f"{level:<{sev_width}}  [*]" if r["fixable"] else level) for r, level in zip(rows, sev, strict=True)]
    return "\n".join(lines) + "\n"


def statistics_json(findings: Sequence[Finding] | Tally) -> str:
    import json

    return json.dumps(statistics_rows(findings), ensure_ascii=False, indent=2) + "\n"


REPORTERS: dict[str, Callable[..., str]] = {
    "full": full, "concise": concise, "json": as_json, "github": github, "sarif": sarif,
}


def summary(findings: Sequence[Finding] | Tally, files: int, fixed: int = 0) -> str:
    tally = _tally(findings)
    counts = tally.severities
    if not tally:
        text = tr("{n} file(s) checked, no problems", "đã kiểm tra {n} tệp, không có vấn đề", n=files)
    else:
        parts = [f"{counts[s]} {_sev(s, counts[s])}" for s in SEVERITIES if counts[s]]
        text = tr("{n} file(s) checked: {found} ({parts})", "đã kiểm tra {n} tệp: {found} ({parts})",
                  n=files, found=tr("{k} finding(s)", "{k} vấn đề", k=tally.total), parts=", ".join(parts))
        if tally.fixable:
            text += tr("; {k} fixable with --fix", "; {k} sửa được bằng --fix", k=tally.fixable)
    if fixed:
        text += tr("; fixed {k}", "; đã sửa {k}", k=fixed)
    return text
