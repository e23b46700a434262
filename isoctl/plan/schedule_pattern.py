"""The schedule grammar as a regular expression of the text as written: the JSON Schema's
``pattern`` of the texts ``validate`` refuses (a :class:`~isoctl.plan.schedule.ScheduleError` that
is not ``unrecognised``: a wrong number, a day the month lacks, a descending range, a part written
twice, a separator with nothing after it, an event that names none, a month number alone).

:func:`refusal` is built from the parser's own patterns (the ``_SPAN``, ``_WEEK`` … of
:mod:`isoctl.plan.schedule`), turned by :func:`_raw` from patterns of the normalised text (NFC,
one space for each run of white space, nothing around it, any case) into patterns of the text as
written, and put together as the parser walks a text: part after part, each the first of the
parser's list that reads there, joined by separators; a part the parser reads once is refused
when written twice along them (:data:`_ONCE`). A part's extent is the parser's (the
part's pattern matched in a lookahead, which neither engine backtracks into) and its numbers are
then checked on that extent; numbers are compared with back-references (equal) or digit by digit
(less). The syntax is what Python's ``re`` and JavaScript's ``u`` regular expressions read alike:
no flags, no ``\\d``, ``\\w``, ``\\s`` or ``$``, classes of ``\\uXXXX``.

It refuses only texts made of the characters in :data:`ALPHABET` (Latin letters of Vietnamese and
its neighbours, ASCII, punctuation, white space): over them NFC changes nothing and every class is
exact. A text with another character (a combining mark, a digit of another script, a letter of
another script) is left to ``validate``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache, partial

import isoctl.plan.schedule as g

_END = "(?![\\s\\S])"
# tab, line feed, carriage return, ASCII, no-break space, the Latin letters (Vietnamese's among
# them), and the punctuation a plan uses: over these NFC changes nothing, and the classes are short
_RANGES = ((0x09, 0x0A), (0x0D, 0x0D), (0x20, 0x7E), (0xA0, 0xA0), (0xAB, 0xAB), (0xB0, 0xB0), (0xB7, 0xB7),
           (0xBB, 0xBB), (0xC0, 0x24F), (0x1E00, 0x1EFF), (0x2013, 0x2014), (0x2018, 0x2019), (0x201C, 0x201D),
           (0x2022, 0x2022), (0x2026, 0x2026))


def _kept(c: str) -> bool:
    return unicodedata.category(c)[0] != "M" and unicodedata.normalize("NFC", c) == c


ALPHABET: frozenset[str] = frozenset(chr(k) for a, b in _RANGES for k in range(a, b + 1) if _kept(chr(k)))


_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r", 0x20: " "}


def _char(point: int) -> str:
    c = chr(point)
    if point in _NAMED:
        return _NAMED[point]
    return c if c.isalnum() else f"\\u{point:04x}"


def _class(chars: Iterable[str], negate: bool = False) -> str:
    points = sorted({ord(c) for c in chars})
    if len(points) == 1 and not negate:
        return _char(points[0]) if chr(points[0]).isalnum() else _escape(chr(points[0]))
    out, k = [], 0
    while k < len(points):
        j = k
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        a, b = points[k], points[j]
        out.append(_char(a) if a == b else f"{_char(a)}{_char(b)}" if b == a + 1 else f"{_char(a)}-{_char(b)}")
        k = j + 1
    return ("[^" if negate else "[") + "".join(out) + "]"


# over the alphabet, Python's and JavaScript's \s and \d take the same characters (\w does not)
assert frozenset(c for c in ALPHABET if c.isspace()) == frozenset("\t\n\r \u00a0")
assert not any(c.isdecimal() and not c.isascii() for c in ALPHABET)
W, NOT_W = "\\s", "\\S"


@cache
def _words() -> frozenset[str]:
    """The characters of the alphabet Python's ``\\w`` takes (computed on first use: nothing
    compiles a regular expression at import)."""
    return frozenset(c for c in ALPHABET if re.fullmatch(r"\w", c))


@cache
def _word() -> str:
    return _class(_words())


@cache
def _folded(ch: str) -> frozenset[str]:
    """The characters of the alphabet that ``ch`` matches case-insensitively (as the parser does)."""
    pattern = re.compile(re.escape(ch), re.IGNORECASE)
    return frozenset(c for c in ALPHABET if pattern.fullmatch(c)) | {ch}


_SYNTAX = frozenset("^$\\.*+?()[]{}|/")  # what a JavaScript ``u`` pattern lets be escaped (and must be)


def _escape(ch: str) -> str:
    return "\\" + ch if ch in _SYNTAX else ch if ch.isascii() and ch.isprintable() else f"\\u{ord(ch):04x}"


def _literal(ch: str, fold: bool) -> str:
    chars = _folded(ch) if fold else {ch}
    return _escape(ch) if len(chars) == 1 else _class(chars)


def _class_of(body: str, fold: bool) -> set[str]:
    """The characters a class body of the parser's patterns (``,;``, ``\\w/-``) takes."""
    out: set[str] = set()
    k = 0
    while k < len(body):
        c = body[k]
        if c == "\\":
            e = body[k + 1]
            out |= set(_words()) if e == "w" else set("0123456789") if e == "d" else {e}
            k += 2
            continue
        if k + 2 < len(body) and body[k + 1] == "-":
            out |= {chr(n) for n in range(ord(c), ord(body[k + 2]) + 1)}
            k += 3
            continue
        out |= set(_folded(c)) if fold else {c}
        k += 1
    return out & ALPHABET


def _closing(pattern: str, k: int) -> int:
    depth = 0
    while True:
        c = pattern[k]
        if c == "\\":
            k += 2
            continue
        if c == "[":
            k = pattern.index("]", k + 1) + 1
            continue
        depth += c == "("
        depth -= c == ")"
        if depth == 0:
            return k
        k += 1


def _groups(pattern: str) -> int:
    return len(re.compile(pattern).groupindex) or re.compile(pattern).groups


def _raw(pattern: str, subs: dict[int, str] | None = None) -> str:
    """``pattern``, a pattern of the normalised text matched case-insensitively, as a pattern of
    the text as written. Its groups are kept as non-capturing ones, but group ``n`` in ``subs`` is
    replaced by ``subs[n]`` (which reads what the group read: a valid number, say)."""
    subs = subs or {}
    out: list[str] = []
    folds: list[bool] = []
    fold, group, k = True, 0, 0
    while k < len(pattern):
        c = pattern[k]
        if c == "\\":
            e = pattern[k + 1]
            out.append("\\d" if e == "d" else _word() if e == "w" else _literal(e, fold))
            k += 2
        elif c == "(":
            head = pattern[k:k + 5]
            if head.startswith("(?-i:"):
                out.append("(?:")
                folds.append(fold)
                fold = False
                k += 5
            elif head[:3] in ("(?:", "(?=", "(?!"):
                out.append(head[:3])
                folds.append(fold)
                k += 3
            else:
                group += 1
                if group in subs:
                    end = _closing(pattern, k)
                    out.append(f"(?:{subs[group]})")
                    group += re.compile(pattern[k + 1:end]).groups
                    k = end + 1
                else:
                    out.append("(?:")
                    folds.append(fold)
                    k += 1
        elif c == ")":
            fold = folds.pop()
            out.append(")")
            k += 1
        elif c == "[":
            end = pattern.index("]", k + 1)
            out.append(_class(_class_of(pattern[k + 1:end], fold)))
            k = end + 1
        elif c == " ":
            if pattern[k + 1:k + 2] == "?":
                out.append(f"{W}*")
                k += 2
            else:  # one space of the normalised text: a run of white space, and more after it
                out.append(f"(?:{W}+(?={NOT_W}))")
                k += 1
        elif c == "$":
            out.append(f"(?:{W}*{_END})")
            k += 1
        elif c == ".":
            out.append("[\\s\\S]")
            k += 1
        elif c in "|?*+":
            out.append(c)
            k += 1
        elif c == "{":
            end = pattern.index("}", k)
            out.append(pattern[k:end + 1])
            k = end + 1
        else:
            out.append(_literal(c, fold))
            k += 1
    return "(?:" + "".join(out) + ")"


# --- numbers ----------------------------------------------------------------------------------

_N = "(?![0-9])"


def _values(values: Iterable[int]) -> str:
    """The decimal numbers ``values`` (each > 0), written without leading zeros."""
    by_length: dict[int, list[str]] = {}
    for v in sorted(set(values)):
        by_length.setdefault(len(str(v)), []).append(str(v))
    return "(?:" + "|".join(_trie(strings) for _, strings in sorted(by_length.items(), reverse=True)) + ")"


def _trie(strings: list[str]) -> str:
    """Digit strings of one length as a pattern, first digits with the same rest in one class."""
    if not strings[0]:
        return ""
    rests: dict[str, list[str]] = {}
    for text in strings:
        rests.setdefault(text[0], []).append(text[1:])
    width = len(strings[0]) - 1
    by_rest: dict[str, list[str]] = {}
    for first, rest in rests.items():
        whole = len(rest) == 10 ** width
        by_rest.setdefault(f"[0-9]{{{width}}}" if whole and width > 1 else "[0-9]" if whole and width else _trie(rest),
                           []).append(first)
    alts = [(firsts[0] if len(firsts) == 1 else _digit_class(firsts)) + (f"(?:{rest})" if "|" in rest else rest)
            for rest, firsts in by_rest.items()]
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def _digit_class(digits: list[str]) -> str:
    ds = sorted(int(d) for d in digits)
    if len(ds) > 2 and ds == list(range(ds[0], ds[-1] + 1)):
        return f"[{ds[0]}-{ds[-1]}]"
    return "[" + "".join(map(str, ds)) + "]"


def _digits(values: Iterable[int]) -> str:
    """Digits, any number of leading zeros first, whose value is one of ``values``."""
    return f"0*{_values(values)}{_N}"


def _not(valid: str) -> str:
    return f"(?!{valid})[0-9]+{_N}"


_YEARS = range(g.MIN_YEAR, g.MAX_YEAR + 1)
YEAR_OK = _values(_YEARS) + _N  # four digits and no leading zero, as the parser wants
YEAR_BAD = _not(YEAR_OK)
LEAP = _values(y for y in _YEARS if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) + _N
_LONG, _SHORT = (1, 3, 5, 7, 8, 10, 12), (4, 6, 9, 11)
# a day the month has: the cases of (day, month, year); a year not written is 2024 (29/2 is a day)
_DATES = ({"d": _digits(range(1, 32)), "m": _digits(_LONG), "y": YEAR_OK},
          {"d": _digits(range(1, 31)), "m": _digits(_SHORT), "y": YEAR_OK},
          {"d": _digits(range(1, 29)), "m": _digits([2]), "y": YEAR_OK},
          {"d": _digits([29]), "m": _digits([2]), "y": LEAP})
_PLAIN = {"m": _digits(range(1, 13)), "y": YEAR_OK, "w": _digits(range(1, 6))}


def _years_less(mid: int, greater: bool = False) -> str:
    """At a year (four digits, in range): it is before (``greater``: after) the year that follows
    the text of group ``mid``."""
    years = [str(y) for y in _YEARS]
    alts = []
    for i in range(4):
        for prefix in sorted({y[:i] for y in years}):
            here = sorted({y[i] for y in years if y.startswith(prefix)})
            for v in here:
                later = [w for w in here if (w < v if greater else w > v)]
                if later:
                    rest = f"[0-9]{{{3 - i}}}" if i < 3 else ""
                    alts.append(f"{prefix}{v}{rest}(?:\\{mid}){prefix}{_digit_class(later)}")
    return "(?:" + "|".join(alts) + ")"


# --- the building of one pattern --------------------------------------------------------------

class _Build:
    """Numbers the capturing groups of one pattern as it is written out, left to right (both
    engines read back-references up to 99)."""

    def __init__(self) -> None:
        self.n = 0

    def group(self) -> int:
        self.n += 1
        if self.n > 99:
            raise ValueError("a schedule pattern needs more than 99 groups")
        return self.n

    def atomic(self, inner: str | Callable[[], str]) -> str:
        """``inner``'s first match, consumed (what the parser's ``take`` does); a callable builds
        it after this group is numbered (its own groups come after)."""
        k = self.group()
        return f"(?=({inner() if callable(inner) else inner}))(?:\\{k})"


def _role_subs(roles: str, case: dict[str, str], which: int | None) -> dict[int, str]:
    """The groups of a part with ``roles`` (d day, m month, y year, w week, - none) that ``case``
    names, of the date ``which`` (0 or 1, in a range of days) or of all."""
    return {k: case[r] for k, r in enumerate(roles, 1) if r in case and (which is None or (k - 1) // 3 == which)}


class _Part:
    """One part of the parser's list: ``eng`` matches where the parser's part reads (does not
    return False); ``ok``/``err`` build the pattern of it read well (consumed) or of its error,
    where the parts before it read nothing; ``extent`` consumes what the parser consumes where
    the part reads without an error, its numbers unchecked (elsewhere it may match anything)."""

    def __init__(self, name: str, eng: str, ok: Callable[[_Build], str] | None = None,
                 err: Callable[[_Build], str] | None = None, extent: Callable[[_Build], str] | None = None) -> None:
        self.name, self.eng, self.ok, self.err, self.extent = name, eng, ok, err, extent or ok


def _lower(word: str) -> str:
    """``word`` as the characters whose ``lower()`` is its letters (the parser's ``.lower() ==``)."""
    return "".join(f"(?:{W}+(?={NOT_W}))" if ch == " " else _class({c for c in ALPHABET if c.lower() == ch})
                   for ch in word)


def _pinned(b: _Build, struct: str, facets: list[Callable[[_Build, int], str]], ok: bool) -> str:
    """``struct``'s first match (the parser's extent), if every facet holds there (``ok``:
    consumed) or if one does not (an error)."""
    k, rest = b.group(), b.group()
    head = f"(?=({struct})([\\s\\S]*))"
    tests = [f(b, rest) for f in facets]
    if ok:
        return head + "".join(f"(?={t})" for t in tests) + f"(?:\\{k})"
    return head + "(?:" + "|".join(f"(?!{t})" for t in tests) + ")"


def _exact(variants: list[str]) -> Callable[[_Build, int], str]:
    """A facet: one of ``variants`` (the part's pattern with its numbers narrowed) reads the extent."""
    return lambda b, rest: "(?:" + "|".join(variants) + f")(?:\\{rest}){_END}"


def _numbered(pattern: str, roles: str, dates: tuple[int | None, ...]) -> list[Callable[[_Build, int], str]]:
    """The facets of a part whose groups have ``roles``: each date in ``dates`` (an index, or None
    for the only one) a day its month has, or, with no day, each number in range."""
    if "d" not in roles:
        return [_exact([_raw(pattern, _role_subs(roles, _PLAIN, None))])]
    return [_exact([_raw(pattern, _role_subs(roles, case, which)) for case in _DATES]) for which in dates]




def _order_years(b: _Build, rest: int) -> str:
    """The period's facet: the first year not after the second."""
    sep = _raw(r" ?(?:-|–|—|đến) ?")
    same, _, mid = b.group(), b.group(), b.group()
    return f"{_raw('giai đoạn ')}(?:(?=({YEAR_OK})({sep})(?:\\{same}){_N})|(?=[0-9]{{4}}({sep})){_years_less(mid)})"


def _ascending_days(b: _Build, rest: int) -> str:
    """The range of days' facet: it does not run backwards, compared as the parser compares its
    two days (a year written on one side only is the other's too; a first day without one, before
    a last day with one, is in the year before when it must be)."""
    pin = f"(?:\\{rest}){_END}"

    def span(**subs: str) -> str:  # the groups of the parser's pattern: day, month, year; twice
        names = ("d1", "m1", "y1", "d2", "m2", "y2")
        return _raw(g._SPAN, {k: subs[n] for k, n in enumerate(names, 1) if n in subs}) + pin

    month, year = b.group(), b.group()
    captured = f"(?={span(m1=f'0?([1-9][0-9]?){_N}', y1='([0-9]+)')})"
    # the last day's year is absent, or is the first's (a year not written matches no back-reference)
    same_year = span(y2=f"(?:\\{year}){_N}")
    month_back = [span(m1=_digits([a]), m2=_digits(range(1, a))) for a in range(2, 13)]
    day_back = [span(d1=_digits([v]), d2=_digits(range(1, v)), m2=f"0?(?:\\{month}){_N}") for v in range(2, 32)]
    mid = b.group()
    with_year = f"[0-9]+(?={W}*/)"  # a month and a year after it: the years are optional groups
    year_back = span(m1=with_year, y1=f"(?=[0-9]{{4}}([\\s\\S]*?)[0-9]{{4}}{pin})(?={_years_less(mid, greater=True)})[0-9]+",
                     m2=with_year)
    back = "|".join(month_back + day_back)
    return f"(?!{captured}(?:(?={same_year})(?:{back})|{year_back}))"


def _constant(pattern: str, b: _Build) -> str:
    return pattern


def _atomic(pattern: str, b: _Build) -> str:
    return b.atomic(pattern)


def _parts() -> list[_Part]:
    """The parser's parts, in its order, but the months (:func:`_months`)."""
    sp, ae = _raw(" "), _raw(g._AFTER_END)
    event = _raw(g._EVENT)
    arises = _lower("phát sinh") + f"{W}*{_END}"
    parts = [
        _Part("event", event + f"(?:{_raw(g._EVENT_HAS)}|{_raw(g._EVENT_VERB)}|{_raw(g._EVENT_NONE)})",
              err=lambda b: event + f"(?:{_raw(g._EVENT_NONE)}|{_raw(' có ')}{arises}|{sp}{arises})"),
        _Part("per", _raw(g._PER)),
    ]
    recurring = "(?:" + "|".join(_raw(p) for p, _ in g._RECURRING) + ")"
    for name, pattern in (("continuous", _raw(g._CONTINUOUS)), ("recurring", recurring),
                          ("periodic", _raw(g._PERIODIC)), ("adhoc", _raw(g._ADHOC))):
        parts.append(_Part(name, pattern, ok=partial(_constant, pattern)))
    after, ids = _raw(g._AFTER), _raw(g._AFTER_IDS)
    khi_only = _lower("khi") + f"(?={ae}|{W}*{_END})"
    tail = f"(?!{ids}){sp}(?!{ae})(?!{khi_only})(?:(?!{ae})[\\s\\S])+(?={ae}|{_END})"
    parts.append(_Part("after", after, ok=lambda b: b.atomic(f"{after}(?:{ids}|{tail})"),
                       err=lambda b: f"{after}(?!{ids})(?:(?!{sp})|{sp}(?:(?={ae})|{khi_only}))"))
    span = _raw(g._SPAN)
    in_order = [*_numbered(g._SPAN, "dmydmy", (0, 1)), _ascending_days]
    parts.append(_Part("span", span, ok=partial(_pinned, struct=span, facets=in_order, ok=True),
                       err=partial(_pinned, struct=span, facets=in_order, ok=False), extent=partial(_atomic, span)))
    for name, pattern, roles in (("deadline", g._DEADLINE, "dmy"), ("week", g._WEEK, "wmy"), ("half", g._HALF, "-y"),
                                 ("whole_year", g._WHOLE_YEAR, "y")):
        raw, facets = _raw(pattern), _numbered(pattern, roles, (None,))
        parts.append(_Part(name, raw, ok=partial(_pinned, struct=raw, facets=facets, ok=True),
                           err=partial(_pinned, struct=raw, facets=facets, ok=False), extent=partial(_atomic, raw)))
    period = _raw(g._PERIOD)
    facets = [*_numbered(g._PERIOD, "yy", (None,)), _order_years]
    parts.append(_Part("period", period, ok=lambda b: _pinned(b, period, facets, True),
                       err=lambda b: _pinned(b, period, facets, False), extent=partial(_atomic, period)))
    days = [(_raw(p), _numbered(p, roles, (None,))) for p, roles in
            ((g._DAY_ISO, "ymd"), (g._DAY_SLASH, "dmy"), (g._DAY_WORDS, "dmy"))]

    def day(b: _Build, ok: bool) -> str:
        out, before = [], ""
        for raw, facets in days:
            out.append(before + _pinned(b, raw, facets, ok))
            before += f"(?!{raw})"
        return "(?:" + "|".join(out) + ")"

    any_day = "(?:" + "|".join(raw for raw, _ in days) + ")"  # the parser's order: the first that reads
    parts.append(_Part("day", any_day, ok=lambda b: day(b, True), err=lambda b: day(b, False),
                       extent=partial(_atomic, any_day)))
    return parts


_ROMAN = {1: "i", 2: "ii", 3: "iii", 4: "iv"}


def _months(b: _Build, ok: bool, lenient: bool = False) -> str:
    """The months part (the last of the list): read well and consumed (``ok``), or its error;
    ``lenient``: consumed where it reads without an error, numbers, years and order unchecked."""
    out = []
    year_ok = f"[0-9]+{_N}" if lenient else YEAR_OK
    ysep, yany = _raw(r"(?: ?/ ?| năm )"), _raw(g._YEAR)
    for prefix, quarter in ((_raw(g._MONTHS_WORD, {1: _raw("tháng")}), False),
                            (_raw(g._MONTHS_WORD, {1: _raw("quý")}), True),
                            (f"(?={_raw(g._MONTHS_BARE)})", False)):
        values = range(1, 5) if quarter else range(1, 13)
        follow = _raw((g._FOLLOW_QUARTER if quarter else g._FOLLOW_MONTH) + g._FOLLOW_NOT)
        rsf, comma = _raw(g._RANGE_SEP) + follow, _raw(g._COMMA) + follow

        def num(v: int, quarter: bool = quarter) -> str:
            return f"(?:0*{v}{_N}|{_raw(_ROMAN[v])}(?!{_word()}))" if quarter else f"0*{v}{_N}"

        def among(vs: Iterable[int], quarter: bool = quarter) -> str:
            vs = list(vs)
            roman = "|".join(f"{_raw(_ROMAN[v])}(?!{_word()})" for v in vs) if quarter else ""
            return f"(?:{_digits(vs)}|{roman})" if quarter else _digits(vs)

        def descending(mid: int, values: range = values) -> str:
            """At an item's first number: the one after the text of group ``mid`` is smaller."""
            return "(?:" + "|".join(f"{num(a)}(?:\\{mid}){among(range(1, a))}" for a in values if a > 1) + ")"

        if lenient:
            roman = "|".join(f"{_raw(_ROMAN[v])}(?!{_word()})" for v in range(4, 0, -1))
            good = f"(?:[0-9]+{_N}|{roman})" if quarter else f"[0-9]+{_N}"
        else:
            good = among(values)
        bad = _not(_digits(values))
        start = _raw(r"\d|(?:iv|i{1,3})(?!\w)") if quarter else "[0-9]"
        word = not prefix.startswith("(?=")

        def item(b: _Build, good: str = good, rsf: str = rsf) -> str:
            k = b.group()
            order = "" if lenient else f"(?!{descending(k)})"
            return f"(?:(?={good}({rsf})){order}{good}(?:\\{k}){good}|{good}(?!{rsf}))"

        def loop(b: _Build, item: Callable[[_Build], str] = item, comma: str = comma) -> str:
            return f"{item(b)}(?:{comma}{item(b)})*(?!{comma})"

        single = f"{good}(?!{rsf})(?!{comma})"
        cross = f"{rsf}{good}{ysep}{year_ok}"
        if ok:
            if word:
                out.append(f"{prefix}{loop(b)}(?!{yany})")
            out.append(f"{prefix}(?!{single}){loop(b)}{ysep}{year_ok}")
            ends = [f"(?!{rsf})", f"(?={rsf}{good}(?!{yany}))"] + ([f"(?={rsf}(?!{start}))"] if quarter else [])
            out.append(f"{prefix}{single}{ysep}{year_ok}(?:{'|'.join(ends)})")
            if lenient:
                out.append(f"{prefix}{single}{ysep}{year_ok}{cross}")
                continue
            mid = b.group()
            earlier = f"(?={single}{ysep}(?=[0-9]{{4}}({rsf}{good}{ysep})){_years_less(mid)})"
            same, _, between = b.group(), b.group(), b.group()
            equal = (f"(?={single}{ysep}({year_ok})({rsf}{good}{ysep})(?:\\{same}){_N})"
                     f"(?={good}({ysep}{year_ok}{rsf}))(?!{descending(between)})")
            out.append(f"{prefix}(?:{earlier}|{equal}){single}{ysep}{year_ok}{cross}")
        else:
            first = f"{prefix}(?:{item(b)}{comma})*"
            k = b.group()
            out.append(f"{first}(?:{bad}|{good}{rsf}{bad}|(?={good}({rsf})){descending(k)})")
            out.append(f"{prefix}{loop(b)}{_raw(g._YEAR, {1: YEAR_BAD})}")
            out.append(f"{prefix}{single}{ysep}{YEAR_OK}{rsf}{bad}")
            out.append(f"{prefix}{single}{ysep}{YEAR_OK}{rsf}{good}{_raw(g._YEAR, {1: YEAR_BAD})}")
            mid = b.group()
            later = f"(?={single}{ysep}(?=[0-9]{{4}}({rsf}{good}{ysep})){_years_less(mid, greater=True)})"
            same, _, between = b.group(), b.group(), b.group()
            equal = (f"(?={single}{ysep}({YEAR_OK})({rsf}{good}{ysep})(?:\\{same}){_N})"
                     f"(?={good}({ysep}{YEAR_OK}{rsf})){descending(between)}")
            out.append(f"{prefix}(?:{later}|{equal})")
    return "(?:" + "|".join(out) + ")"


def _cascade(b: _Build, parts: list[_Part], pick: Callable[[_Part], Callable[[_Build], str] | None]) -> str:
    """At a position: the first part of ``parts`` that reads there, if ``pick`` gives it a pattern
    (which then must match); the parser's order, each part tried after those before read nothing."""
    last = max((k for k, p in enumerate(parts) if pick(p) is not None), default=-1)

    def at(k: int) -> str:
        if k > last:
            return "(?!)"
        part, build = parts[k], pick(parts[k])
        if build is None:
            return f"(?!{part.eng})" + at(k + 1)
        here = build(b)
        return f"(?:{here}|(?!{part.eng}){at(k + 1)})"

    return at(0)


def _all_parts() -> list[_Part]:
    return [*_parts(), _Part("months", "", ok=lambda b: b.atomic(lambda: _months(b, True)),
                             err=lambda b: _months(b, False), extent=lambda b: b.atomic(lambda: _months(b, True, True)))]


_BARE = f"(?:0?[1-9]|1[0-2]){W}*{_END}"

# the parts the parser reads once (its ``once``): a part of the second kind after one of the first
_ONCE = ((("recurring", "periodic"), ("periodic",)), (("recurring",), ("recurring",)), (("adhoc",), ("adhoc",)),
         (("continuous",), ("continuous",)), (("span", "deadline"), ("span", "deadline")), (("week",), ("week",)),
         (("period",), ("period",)), (("day",), ("day",)), (("after ids",), ("after ids",)),
         (("after text",), ("after text",)))


def _read_here(parts: list[_Part], names: tuple[str, ...]) -> str:
    """At a position: the part the parser reads there is one of ``names`` ("after ids" and
    "after text" are the two kinds of "after")."""
    ids = _raw(g._AFTER_IDS)
    index = {p.name: k for k, p in enumerate(parts)}
    alts = []
    for name in names:
        base, _, kind = name.partition(" ")
        k = index[base]
        tail = f"(?={ids})" if kind == "ids" else f"(?!{ids})" if kind == "text" else ""
        alts.append("".join(f"(?!{p.eng})" for p in parts[:k]) + parts[k].eng + tail)
    return "(?=" + "|".join(alts) + ")"


def _twice(parts: list[_Part], head: str, sep: str, kinds: list[tuple[tuple[str, ...], tuple[str, ...]]]) -> str:
    """The texts in which, along the parts the parser reads, a part of a kind's second names comes
    after one of its first: the parser refuses the second (or an error before it). Parts are
    passed over by their extent alone, since an error in one is a refusal too."""
    b = _Build()
    before = f"(?:{_cascade(b, parts, lambda p: p.extent)}{sep})*"
    after = [f"{_read_here(parts, first)}(?:{_cascade(b, parts, lambda p: p.extent)}{sep})+{_read_here(parts, second)}"
             for first, second in kinds]
    return f"{head}{before}(?:" + "|".join(after) + ")"


def _twice_patterns(parts: list[_Part], head: str, sep: str) -> list[str]:
    """:func:`_twice` of every kind in :data:`_ONCE`, as many kinds in a pattern as its groups allow."""
    out: list[str] = []
    kinds: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for kind in _ONCE:
        try:
            last = _twice(parts, head, sep, [*kinds, kind])
            kinds.append(kind)
        except ValueError:  # more than 99 groups: the kinds so far make one pattern
            out.append(last)
            kinds = [kind]
            last = _twice(parts, head, sep, kinds)
    return [*out, last]


@cache
def _head() -> str:
    """Where every refusal starts: a text of the alphabet, its leading white space passed over."""
    return f"^(?={_class(ALPHABET)}*{_END}){W}*(?!{W})"


@cache
def day_refusal() -> str:
    """The pattern of the texts a schedule mapping's ``date`` cannot be: in the alphabet, and not
    a day the parser's day part reads whole (a real day, its year in range)."""
    day = next(p for p in _parts() if p.name == "day")
    assert day.ok is not None
    return f"{_head()}(?!{day.ok(_Build())}{W}*{_END})"


@cache
def refusal() -> tuple[str, ...]:
    """The patterns of the texts the grammar refuses, each read from the start along the parts
    the parser reads well: a part in error; or a separator at the end, or a month number alone
    where a part goes or after one (two patterns: both engines read at most 99 groups); and a
    part the parser reads once written twice (its kinds in as few patterns as the groups allow)."""
    parts = _all_parts()
    head, sep = _head(), _raw(g._SEP)
    ok, err = (lambda p: p.ok), (lambda p: p.err)
    out = []
    for ending in (lambda b: _cascade(b, parts, err), lambda b: f"(?:(?:{_cascade(b, parts, ok)}{W}*)?{_BARE}|{_END})"):
        b = _Build()
        out.append(f"{head}(?:{_cascade(b, parts, ok)}{sep})*{ending(b)}")
    out += _twice_patterns(parts, head, sep)
    return tuple(out)
