"""Read a plan file into plain Python data, remembering where every value came from.

Reading uses libyaml's composer (fast, C) through PyYAML and builds the values from the
node graph itself, so that it can refuse what a plan never needs (aliases, custom tags,
duplicate keys) and record a line/column for every key and value. Writing, where comments
must survive, is done elsewhere with ruamel.yaml's round-trip mode.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from typing import Any

from isoctl.diagnostics import Finding, IsoctlError, YamlPath
from isoctl.fsutil import ReadRefused, cannot_list, read_bytes
from isoctl.i18n import get_lang, tr
from isoctl.lazyre import lazy
from isoctl.records import dataclass, field

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000


@dataclass(slots=True)
class Position:
    line: int  # 1-based
    col: int  # 1-based
    end_line: int
    end_col: int
    quoted: bool = False


@dataclass
class Loaded:
    """A parsed plan file: its data, its text and where each path is."""

    file: str
    text: str
    data: Any = None
    values: dict[YamlPath, Position] = field(default_factory=dict)
    keys: dict[YamlPath, Position] = field(default_factory=dict)
    errors: list[Finding] = field(default_factory=list)
    # every string value with its path, in file order (None: not recorded, walk ``data``)
    strings: list[tuple[YamlPath, str]] | None = None
    bom: bool = False
    crlf: bool = False

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def locate(self, path: YamlPath, *, key: bool = False) -> Position:
        """The position of ``path``, or of its nearest existing ancestor."""
        table = self.keys if key else self.values
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if not key and p in self.keys:
                return self.keys[p]
            p = p[:-1]
        return self.values.get((), Position(1, 1, 1, 1))

    def finding(self, path: YamlPath, code: str, message: str, *, hint: str | None = None,
                severity: str = "error", key: bool = False, offset: int = 0, fix: Any = None) -> Finding:
        pos = self.locate(path, key=key)
        col = pos.col + offset + (1 if offset and pos.quoted else 0)
        return Finding(self.file, pos.line, col, code, message, severity, hint, tuple(path),
                       pos.end_line, pos.end_col, fix)


def window(loaded: Loaded, path: YamlPath) -> tuple[int, int, int] | None:
    """The lines of the node at ``path``: from the line it starts on to the line of what follows
    it (where libyaml ends a block node), as 0-based ``(first, stop, column)``; None when the path
    is not in the file. The file's lines are split once per :class:`Loaded`."""
    pos = loaded.values.get(tuple(path))
    if pos is None:
        return None
    if loaded.__dict__.get("_split_of") is not loaded.text:
        loaded.__dict__["_split"], loaded.__dict__["_split_of"] = loaded.text.split("\n"), loaded.text
    lines = loaded.__dict__["_split"]
    stop = pos.end_line
    if pos.end_line <= len(lines) and not lines[pos.end_line - 1][:pos.end_col - 1].strip():
        stop -= 1  # the next token starts that line: it is not the node's
    return pos.line - 1, max(stop, pos.line), pos.col - 1


class _Fatal(Exception):
    def __init__(self, finding: Finding) -> None:
        self.finding = finding


def read_text(path: str, name: str | None = None) -> tuple[str | None, Finding | None, bool]:
    """Read a plan file (:func:`isoctl.fsutil.read_bytes`) and decode it as UTF-8 (a BOM is
    accepted); an error names the file ``name`` (default: ``path``; ``--stdin-filename`` names
    standard input). Returns (text, error, had_bom)."""
    shown = name or path
    try:
        raw = read_bytes(path, limit=MAX_BYTES, what="plan")
    except ReadRefused as exc:
        refused = _unlisted(path) or exc
        return None, Finding(shown, 1, 1, "E002", refused.message, "error", refused.hint), False
    return decode_plan(raw, shown)


def _unlisted(path: str) -> IsoctlError | None:
    """A folder (one a search met, or named) that cannot be listed: why, as a search says it."""
    if path == "-" or not os.path.isdir(path):
        return None
    try:
        with os.scandir(path):
            return None
    except OSError as exc:
        return cannot_list(path, exc)


def decode_plan(raw: bytes, path: str) -> tuple[str | None, Finding | None, bool]:
    """Plan bytes as text: UTF-8, a BOM accepted; UTF-16, other encodings and NUL bytes refused
    with their position. Returns (text, error, had_bom)."""

    def fail(code: str, message: str, hint: str | None = None, line: int = 1, col: int = 1):
        return None, Finding(path, line, col, code, message, "error", hint), False

    bom = raw.startswith(b"\xef\xbb\xbf")
    head = raw[:64]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (
            len(head) >= 8 and (head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4)):
        return fail("E002", tr("file is UTF-16; plan files are UTF-8", "tệp mã hóa UTF-16; tệp kế hoạch phải là UTF-8"),
                    tr("re-save the file as UTF-8", "lưu lại tệp với mã hóa UTF-8"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return fail("E002", tr("not valid UTF-8 (byte 0x{b:02x}); plan files are UTF-8",
                               "không phải UTF-8 hợp lệ (byte 0x{b:02x}); tệp kế hoạch phải là UTF-8",
                               b=raw[exc.start]),
                    tr("re-save the file as UTF-8 (it may be Latin-1 or Windows-1258)",
                       "lưu lại tệp với mã hóa UTF-8 (có thể tệp đang là Latin-1 hoặc Windows-1258)"),
                    line, col)
    if "\x00" in text:
        idx = text.index("\x00")
        line = text.count("\n", 0, idx) + 1
        return fail("E002", tr("file contains NUL bytes; it is not a text file",
                               "tệp chứa byte NUL; đây không phải tệp văn bản"), None, line, 1)
    return text, None, bom


def load_text(text: str, file: str = "<string>") -> Loaded:
    """Parse YAML text into a :class:`Loaded`; syntax problems land in ``errors``."""
    import yaml

    loaded = _load_text(text, file)
    if loaded.errors and _parser_limits_nesting():
        # what the scan before the parser would have found, as it was run on every text: the
        # same finding, only on the texts that fail (and have many brackets or long lines)
        try:
            deep = _deep_mark(text)
        except yaml.YAMLError:  # the parser's own error, reported already
            deep = None
        if deep is not None:
            loaded = Loaded(file=file, text=text, crlf="\r\n" in text)
            loaded.errors.append(_depth_finding(file, deep))
    return loaded


def _load_text(text: str, file: str) -> Loaded:
    import yaml

    loaded = Loaded(file=file, text=text, crlf="\r\n" in text)
    try:
        deep = _too_deep(text)
        if deep is not None:
            loaded.errors.append(_depth_finding(file, deep))
            return loaded
        loader = _loader_class()(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        if _DEPTH_WORDS in (exc.problem or "") and exc.problem_mark is not None:
            loaded.errors.append(_depth_finding(file, exc.problem_mark))
        else:
            loaded.errors.append(_syntax_finding(file, text, exc))
        return loaded
    except yaml.reader.ReaderError as exc:
        # libyaml counts the position in bytes of the UTF-8 text
        before = text.encode("utf-8")[: max(0, exc.position)].decode("utf-8", "ignore")
        col_base = len(before)
        line = before.count("\n") + 1
        col = col_base - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        loaded.errors.append(Finding(file, line, col, "E001", tr(
            "control character U+{c:04X} is not allowed in YAML", "không được dùng ký tự điều khiển U+{c:04X} trong YAML",
            c=ord(char)), "error", tr("delete it (it is often pasted in from Word or a PDF)",
                                      "hãy xóa ký tự này (thường bị dán vào từ Word hoặc PDF)")))
        return loaded
    except (yaml.YAMLError, RecursionError, MemoryError) as exc:
        loaded.errors.append(Finding(file, 1, 1, "E001", tr("YAML error: {p}", "lỗi YAML: {p}", p=str(exc)[:200])))
        return loaded
    if node is None:
        loaded.errors.append(Finding(file, 1, 1, "E100",
                                     tr("the file is empty; a plan is a mapping with format, year, agency, …",
                                        "tệp rỗng; một kế hoạch gồm format, year, agency, …"),
                                     "error", tr("start from an existing plan in plans/", "hãy bắt đầu từ một kế hoạch có sẵn trong plans/")))
        return loaded
    builder = _Builder(loaded)
    try:
        loaded.data = builder.build(node, (), 0)
        loaded.strings = builder.strings
    except _Fatal as fatal:
        loaded.errors.append(fatal.finding)
        loaded.data = None
    return loaded


_LOADER: Any = None


def _loader_class() -> Any:
    """libyaml's composer with a lean resolver (no path resolvers, one table lookup per scalar).

    The composer calls back into Python for every node; PyYAML's generic resolver is most of
    the parse time. This one gives ``SafeLoader``'s tags, except that numbers and booleans are
    YAML 1.2's core schema's (the ``_CORE_*`` patterns below).
    """
    global _LOADER
    if _LOADER is not None:
        return _LOADER
    import yaml
    from yaml.nodes import ScalarNode, SequenceNode

    base = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    # numbers as YAML 1.2's core schema reads them (the editor's language server that checks the
    # JSON Schema), not as YAML 1.1 (PyYAML): its int and float resolvers replace PyYAML's
    table = {ch: [(tag, regexp) for tag, regexp in rs if tag not in (_INT, _FLOAT, _BOOL)]
             for ch, rs in base.yaml_implicit_resolvers.items()}
    for ch in "-+0123456789.":
        table[ch] = [(_INT, _CORE_INT), (_FLOAT, _CORE_FLOAT), *table.get(ch, [])]
    for ch in "tTfF":
        table[ch] = [(_BOOL, _CORE_BOOL), *table.get(ch, [])]
    wildcard = list(table.get(None, []))
    by_first = {ch: tuple(rs + wildcard) for ch, rs in table.items() if ch is not None}
    default = tuple(wildcard)
    if base.yaml_path_resolvers:  # pragma: no cover - nobody registers path resolvers here
        _LOADER = base
        return base

    known: dict[str, str] = {}  # plain words met before (keys, unit ids, 'true', years): their tag

    def resolve(self: Any, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                tag = known.get(value)
                if tag is not None:
                    return tag
                tag = _STR
                for candidate, regexp in by_first.get(value[:1], default):
                    if regexp.match(value):
                        tag = candidate
                        break
                if len(value) <= 24 and len(known) < 4096:
                    known[value] = tag
                return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    # the composer calls these two for every node (with a parent and an index, then with none):
    # C callables that take those arguments and do nothing, not calls into Python
    _LOADER = type("_PlanLoader", (base,), {"resolve": resolve, "descend_resolver": {}.get,
                                             "ascend_resolver": tuple})
    return _LOADER


def _syntax_finding(file: str, text: str, exc: Any) -> Finding:
    """An E001 finding for a libyaml error, at the most useful place with the most useful words."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or str(exc)
    hint = None
    at = _char_at(text, mark)
    if at == "\t" or "found character '\\t'" in problem:
        problem = tr("a tab character here; YAML indents with spaces", "có ký tự tab ở đây; YAML thụt lề bằng dấu cách")
        hint = tr("indent with spaces, not tabs", "thụt lề bằng dấu cách, không dùng tab")
    elif "expected a single document" in str(exc):
        problem = tr("more than one YAML document", "có nhiều hơn một tài liệu YAML")
        hint = tr("a plan file holds one plan: remove the second '---'", "mỗi tệp chỉ chứa một kế hoạch: hãy bỏ '---' thứ hai")
    elif "end of stream" in problem and exc.context_mark is not None and "quoted" in (exc.context or ""):
        mark = exc.context_mark
        problem = tr("this quoted text is never closed", "chuỗi trong dấu nháy này không được đóng")
        hint = tr("add the closing quote", "hãy thêm dấu nháy đóng")
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = _LIBYAML_VI.get(problem, problem) if get_lang() == "vi" else problem
    return Finding(file, line, col, "E001", tr("YAML syntax error: {p}", "lỗi cú pháp YAML: {p}", p=problem),
                   "error", hint)


# libyaml's own words for the syntax errors a hand-edited plan runs into, for --lang vi
_LIBYAML_VI = {
    "did not find expected node content": "thiếu giá trị ở đây (thường do dấu ngoặc hoặc dấu nháy chưa đóng)",
    "could not find expected ':'": "thiếu dấu ':' sau tên trường",
    "mapping values are not allowed here": "không được có dấu ':' ở đây (hãy đặt giá trị có ': ' trong dấu nháy)",
    "mapping values are not allowed in this context": "không được có dấu ':' ở đây (hãy đặt giá trị có ': ' "
                                                      "trong dấu nháy)",
    "did not find expected key": "thụt lề không khớp: không tìm thấy tên trường mong đợi",
    "did not find expected '-' indicator": "thụt lề không khớp: không tìm thấy dấu '-' của mục danh sách",
    "did not find expected ',' or ']'": "thiếu dấu ',' hoặc ']'",
    "did not find expected ',' or '}'": "thiếu dấu ',' hoặc '}'",
    "found character that cannot start any token": "có ký tự không thể bắt đầu một giá trị YAML",
    "found unexpected end of stream": "tệp kết thúc giữa chừng",
    "found unknown escape character": "ký tự thoát (\\) không hợp lệ trong chuỗi",
    "found undefined alias": "alias chưa được định nghĩa",
    "block sequence entries are not allowed in this context": "không được bắt đầu mục danh sách '-' ở đây",
}


def _char_at(text: str, mark: Any) -> str:
    if mark is None:
        return ""
    lines = text.split("\n", mark.line + 1)
    if mark.line >= len(lines):
        return ""
    row = lines[mark.line]
    return row[mark.column] if mark.column < len(row) else ""


# Below these, nesting stays far from what overflows libyaml (about 10,000 levels with an 8 MB
# stack); the builder then reports anything deeper than MAX_DEPTH with its position.
_LONG_LINE = 1000
_MANY_BRACKETS = 1000
def _parser_limits_nesting() -> bool:
    """Whether the parser stops deep nesting itself: libyaml 0.2.6 and later refuse more than
    1,000 levels of any collection, block or flow ("exceeded maximum nesting depth"), so its
    composer cannot overflow the C stack."""
    global _LIMITED
    if _LIMITED is None:
        try:
            import yaml
            from yaml._yaml import get_version  # type: ignore[import-not-found]

            _LIMITED = _loader_class() is not yaml.SafeLoader and tuple(get_version()) >= (0, 2, 6)
        except ImportError:  # pragma: no cover - PyYAML without libyaml
            _LIMITED = False
    return _LIMITED


_LIMITED: bool | None = None


def _too_deep(text: str) -> Any:
    """Before every parse: the mark where nesting passes :data:`MAX_DEPTH`, when it must be
    known before the parser runs, else None.

    A libyaml without a nesting limit (before 0.2.6) recurses in C once per level, and some ten
    thousand levels of ``[`` crash the process: then the text is scanned first
    (:func:`_deep_mark`). A libyaml with the limit cannot overflow, and the builder refuses
    anything deeper than :data:`MAX_DEPTH` at its place; the scan then runs only on a text that
    fails (:func:`load_text`), so that its finding is the same as when it ran first (it costs
    a tenth of a second on a 10,000-task plan, which has some 17,000 brackets).
    """
    if _parser_limits_nesting():
        return None
    return _deep_mark(text)


def _deep_mark(text: str) -> Any:
    """The mark where nesting passes :data:`MAX_DEPTH`, else None.

    In block style every level costs at least a character of its line (indentation or a
    ``- ``/``? `` indicator), so deep nesting needs very long lines or very many brackets;
    only such text is walked as a flat event stream, which cannot overflow.
    """
    long_lines = max(map(len, text.split("\n"))) > _LONG_LINE
    if not long_lines and text.count("[") + text.count("{") <= _MANY_BRACKETS:
        return None
    flow = _flow_too_deep(text)
    if flow is not None or not long_lines:
        return flow  # short lines: block nesting is at most a line's length deep, far from the danger
    import yaml

    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    loader = _loader_class()(text)
    try:
        depth = 0
        while True:
            event = loader.get_event()
            if event is None:
                return None
            if isinstance(event, starts):
                depth += 1
                if depth > MAX_DEPTH + 1:  # the builder counts the top mapping as level 0
                    return event.start_mark
            elif isinstance(event, ends):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if _DEPTH_WORDS in (exc.problem or ""):  # the parser's own limit, met before ours
            return exc.problem_mark
        raise
    finally:
        loader.dispose()


_DEPTH_WORDS = "nesting depth"


def _depth_finding(file: str, mark: Any) -> Finding:
    return Finding(file, mark.line + 1, mark.column + 1, "E004", tr(
        "nesting deeper than {n} levels; not a plan", "lồng nhau sâu hơn {n} cấp; không phải kế hoạch", n=MAX_DEPTH))


class _Mark:
    """A parser-like mark (0-based line and column) for positions isoctl finds itself."""

    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column


def _flow_too_deep(text: str) -> _Mark | None:
    """Where flow brackets (``[``, ``{``) outside quotes and comments nest past :data:`MAX_DEPTH`.

    Scanned here rather than left to the parser, so the limit and its message are isoctl's
    whatever the parser's own limits are (libyaml 0.2.6 stops at 1,000 levels, earlier ones
    not at all). A bracket counts only where YAML would open a collection with it: at the
    start of a value (at the start of a line, after ``:``, ``-`` or ``?`` and a blank) or
    anywhere inside another flow collection. The scan jumps from one character that matters
    (:data:`_FLOW_TOKEN`) to the next: of the text between them, only the last line counts,
    by its last character that is not blank.
    """
    depth = 0
    line = 0
    line_start = 0
    start = True  # at a place where a value may start
    i = 0
    while True:
        m = _FLOW_TOKEN[depth > 0].search(text, i)
        if m is None:
            return None
        j = m.start()
        if j > i:
            nl = text.rfind("\n", i, j)
            if nl >= 0:
                line += text.count("\n", i, nl + 1)
                line_start = nl + 1
                start = True
            tail = text[max(i, line_start):j]
            word = tail.rstrip(" \t")
            if word:  # text ends here, unless with an indicator and a blank
                start = word[-1] in ":-?" and len(word) < len(tail)
        ch = text[j]
        i = j + 1
        if ch == "#":
            if j == line_start or text[j - 1] in " \t":  # a comment, to the end of its line
                end = text.find("\n", j)
                if end < 0:
                    return None
                i = end
            else:
                start = False
        elif ch in "[{":
            if start or depth:
                depth += 1
                if depth > MAX_DEPTH:
                    return _Mark(line, j - line_start)
                start = True
        elif ch in "]}":
            if depth:
                depth -= 1
            start = False
        elif ch == ",":  # inside a flow collection
            start = True
        elif start:  # a quote that opens a quoted value
            end = _quoted_end(text, j)
            line += text.count("\n", j, end)
            nl = text.rfind("\n", j, end)
            if nl >= 0:
                line_start = nl + 1
            i, start = end, False
        else:  # a quote inside a plain value
            start = False


# the characters _flow_too_deep stops at, outside a flow collection and inside one
_FLOW_TOKEN = (lazy("[\\[\\]{}'\"#]"), lazy("[\\[\\]{},'\"#]"))


def _quoted_end(text: str, i: int) -> int:
    """The index just past the quoted scalar that starts at ``text[i]`` (the end of the text if open)."""
    quote = text[i]
    j = i + 1
    n = len(text)
    while j < n:
        ch = text[j]
        if quote == '"' and ch == "\\":
            j += 2
            continue
        if ch == quote:
            if quote == "'" and j + 1 < n and text[j + 1] == "'":
                j += 2
                continue
            return j + 1
        j += 1
    return n


def load_file(path: str, name: str | None = None) -> Loaded:
    """The plan in ``path``, its findings naming it ``name`` (default: ``path``)."""
    text, error, bom = read_text(path, name)
    if error is not None:
        loaded = Loaded(file=name or path, text="")
        loaded.errors.append(error)
        return loaded
    loaded = load_text(text or "", name or path)
    loaded.bom = bom
    return loaded


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
# YAML 1.2.2's core schema (10.3.2), the tags it gives plain scalars that look like numbers: 02024
# is 2024 (1.1: octal), 0o17 and 0x1F are 15 and 31, 1e3 is 1000.0 (1.1: text), .inf/.nan;
# 2_024, 1:30 (base 60), 0b101, -0x1F, 1_000.5 are text (1.1: numbers)
_CORE_INT = lazy(r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z")
_CORE_FLOAT = lazy(r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                         r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z")
# and its booleans: yes/no/on/off (1.1: booleans) are text
_CORE_BOOL = lazy(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_QUOTES = ("'", '"')
_nfc = functools.partial(unicodedata.normalize, "NFC")
_SCALAR_TAGS = {
    _STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
}


class _Builder:
    """Turn a composed node graph into plain values with positions."""

    def __init__(self, loaded: Loaded) -> None:
        import yaml

        self.loaded = loaded
        self.seen: set[int] = set()
        self.aliases_possible = "*" in loaded.text  # an alias is written '*name'
        self.count = 0
        self.strings: list[tuple[YamlPath, str]] = []
        self.constructor = yaml.constructor.SafeConstructor()
        self.constructors = yaml.constructor.SafeConstructor.yaml_constructors
        self.yaml = yaml

    def _pos(self, node: Any) -> Position:
        s, e = node.start_mark, node.end_mark
        quoted = getattr(node, "style", None) in ("'", '"')
        return Position(s.line + 1, s.column + 1, e.line + 1, e.column + 1, quoted)

    def _fatal(self, node: Any, code: str, message: str, hint: str | None = None) -> _Fatal:
        p = self._pos(node)
        return _Fatal(Finding(self.loaded.file, p.line, p.col, code, message, "error", hint))

    def build(self, node: Any, path: YamlPath, depth: int) -> Any:
        """The plain value of ``node``; records positions; refuses aliases, tags, merge keys."""
        yaml = self.yaml
        if self.aliases_possible:
            if id(node) in self.seen:
                raise self._alias(node, path)
            self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fatal(node, "E004", tr("the document has more than {n} values; not a plan",
                                               "tài liệu có hơn {n} giá trị; không phải kế hoạch", n=MAX_NODES))
        if depth > MAX_DEPTH:
            raise self._fatal(node, "E004", tr("nesting deeper than {n} levels; not a plan",
                                               "lồng nhau sâu hơn {n} cấp; không phải kế hoạch", n=MAX_DEPTH))
        values = self.loaded.values
        s, e = node.start_mark, node.end_mark
        cls = node.__class__
        values[path] = Position(s.line + 1, s.column + 1, e.line + 1, e.column + 1,
                                cls is yaml.ScalarNode and node.style in _QUOTES)
        if cls is yaml.ScalarNode:
            if node.tag == _STR:
                value = node.value
                if not value.isascii():
                    value = _nfc(value)
                self.strings.append((path, value))
                return value
            return self._scalar(node)
        if cls is yaml.MappingNode:
            if node.tag != _MAP:
                raise self._bad_tag(node)
            out: dict[str, Any] = {}
            keys = self.loaded.keys
            build = self.build
            child_depth = depth + 1
            scalar = yaml.ScalarNode
            strings = self.strings
            inline = not self.aliases_possible and child_depth <= MAX_DEPTH
            for key_node, value_node in node.value:
                if key_node.__class__ is not scalar or key_node.tag == "tag:yaml.org,2002:merge":
                    raise self._fatal(key_node, "E004", tr("keys must be plain words, not {k}",
                                                           "khóa phải là một từ, không phải {k}",
                                                           k="<<" if key_node.tag.endswith("merge") else "a mapping or list"))
                key = str(key_node.value)
                if not key.isascii():
                    key = _nfc(key)
                key_path = (*path, key)
                if key in out:
                    first = keys[key_path]
                    raise self._fatal(key_node, "E003",
                                      tr("duplicate key '{k}' (first defined at line {l})",
                                         "khóa '{k}' bị lặp (đã khai báo ở dòng {l})", k=key, l=first.line),
                                      tr("remove one of the two", "xóa một trong hai"))
                s, e = key_node.start_mark, key_node.end_mark
                keys[key_path] = Position(s.line + 1, s.column + 1, e.line + 1, e.column + 1,
                                          key_node.style in _QUOTES)
                if inline and value_node.__class__ is scalar and value_node.tag == _STR and self.count < MAX_NODES:
                    # a string value, the commonest node: what build() would do, without the call
                    self.count += 1
                    s, e = value_node.start_mark, value_node.end_mark
                    values[key_path] = Position(s.line + 1, s.column + 1, e.line + 1, e.column + 1,
                                                value_node.style in _QUOTES)
                    value = value_node.value
                    if not value.isascii():
                        value = _nfc(value)
                    strings.append((key_path, value))
                    out[key] = value
                else:
                    out[key] = build(value_node, key_path, child_depth)
            return out
        if cls is yaml.SequenceNode:
            if node.tag != _SEQ:
                raise self._bad_tag(node)
            build = self.build
            child_depth = depth + 1
            if self.aliases_possible or child_depth > MAX_DEPTH:
                return [build(item, (*path, i), child_depth) for i, item in enumerate(node.value)]
            scalar = yaml.ScalarNode
            strings = self.strings
            items = []
            for i, item in enumerate(node.value):
                item_path = (*path, i)
                if item.__class__ is scalar and item.tag == _STR and self.count < MAX_NODES:  # build(), inlined
                    self.count += 1
                    s, e = item.start_mark, item.end_mark
                    values[item_path] = Position(s.line + 1, s.column + 1, e.line + 1, e.column + 1,
                                                 item.style in _QUOTES)
                    value = item.value
                    if not value.isascii():
                        value = _nfc(value)
                    strings.append((item_path, value))
                    items.append(value)
                else:
                    items.append(build(item, item_path, child_depth))
            return items
        raise self._bad_tag(node)  # pragma: no cover - the composer makes only these three

    def _alias(self, node: Any, path: YamlPath) -> _Fatal:
        """A node met twice is an alias: point at its anchor, and say where it is reused."""
        anchor = self._pos(node)
        used = self._alias_use(anchor)
        return _Fatal(Finding(self.loaded.file, anchor.line, anchor.col, "E004",
                              tr("YAML aliases (*name) are not allowed in plan files",
                                 "không được dùng alias YAML (*tên) trong tệp kế hoạch"), "error",
                              tr("write the value out in full where it is reused (line {l})",
                                 "hãy viết đầy đủ giá trị ở nơi dùng lại nó (dòng {l})", l=used)
                              if used else tr("write the value out in full", "hãy viết đầy đủ giá trị")))

    def _alias_use(self, anchor: Position) -> int | None:
        """The line of the first ``*name`` after the anchor ``&name`` at ``anchor``."""
        lines = self.loaded.text.split("\n")
        if anchor.line > len(lines):
            return None
        m = re.match(r"&([^\s,\[\]{}]+)", lines[anchor.line - 1][anchor.col - 1:])
        if not m:
            return None
        use = re.compile(r"\*" + re.escape(m.group(1)) + r"(?![^\s,\[\]{}])")
        for number in range(anchor.line, len(lines) + 1):
            line = lines[number - 1]
            if use.search(line, anchor.col if number == anchor.line else 0):
                return number
        return None

    def _scalar(self, node: Any) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self._bad_tag(node)
        if node.tag == _INT and len(node.value) > 30:
            raise self._fatal(node, "E103", tr("the number {v}… ({n} digits) is too large",
                                               "số {v}… ({n} chữ số) quá lớn", v=node.value[:12], n=len(node.value)))
        if node.tag == _INT:
            value = node.value
            try:
                return int(value[2:], 8 if value[1] == "o" else 16) if value[:2] in ("0o", "0x") else int(value, 10)
            except ValueError:  # an explicit !!int on something else: PyYAML's reading, or E103
                pass
        # a float: PyYAML's constructor reads every core-schema float as 1.2 does (1e3, .5, -.inf)
        try:
            return self.constructors[node.tag](self.constructor, node)
        except (ValueError, OverflowError) as exc:
            if node.tag.endswith("timestamp"):
                raise self._fatal(node, "E103", tr("'{v}' is not a real date", "'{v}' không phải là ngày có thật",
                                                   v=node.value),
                                  tr("dates are YYYY-MM-DD, e.g. 2024-02-29", "ngày viết dạng YYYY-MM-DD, ví dụ 2024-02-29")) from exc
            raise self._fatal(node, "E103", tr("value '{v}' cannot be read: {e}", "không đọc được giá trị '{v}': {e}",
                                               v=node.value[:40], e=str(exc)[:80])) from exc

    def _bad_tag(self, node: Any) -> _Fatal:
        return self._fatal(node, "E004", tr("YAML tag '{t}' is not allowed in plan files",
                                            "không được dùng thẻ YAML '{t}' trong tệp kế hoạch", t=node.tag),
                           tr("remove the tag; plan values are plain text, numbers, dates, lists and mappings",
                              "hãy bỏ thẻ; giá trị trong kế hoạch chỉ là chữ, số, ngày, danh sách và ánh xạ"))
