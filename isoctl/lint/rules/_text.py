"""Where text values sit in the file, character by character, for the text-level rules (V family).

The loader normalises every string to NFC, so rules that look at the text *as written* (NFC,
spaces, tone marks) read the raw file instead: each string value's source span is cut into
segments (one per physical line, indentation and the trailing blanks of folded lines left out)
that keep their exact line and column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any, NamedTuple

from isoctl.diagnostics import YamlPath


class Segment(NamedTuple):
    line: int  # 1-based
    col: int  # 1-based column of text[0]
    text: str


class Scalar(NamedTuple):
    """A string value: its path, its (NFC) value and its raw source segments."""

    path: YamlPath
    value: str
    segments: tuple[Segment, ...]
    quoted: bool

    def find(self, pattern: re.Pattern[str]) -> Iterator[tuple[Segment, re.Match[str]]]:
        for seg in self.segments:
            for m in pattern.finditer(seg.text):
                yield seg, m


def strings(data: Any, skip: frozenset[str] = frozenset(), path: YamlPath = ()) -> Iterator[tuple[YamlPath, str]]:
    """Every string value under ``data`` with its path, leaving out mapping keys in ``skip``."""
    if isinstance(data, dict):
        for k, v in data.items():
            if k not in skip:
                yield from strings(v, skip, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from strings(v, skip, (*path, i))
    elif isinstance(data, str):
        yield path, data


def values_outside(ctx: Any, skip: frozenset[str]) -> list[tuple[YamlPath, str]]:
    """:func:`strings` of the file's data leaving out ``skip``, from the loader's record of every
    string in file order when it has one (no second walk of the data; memoised per file)."""

    def collect() -> list[tuple[YamlPath, str]]:
        recorded = getattr(ctx.loaded, "strings", None)
        if recorded is None:
            return list(strings(ctx.loaded.data or {}, skip))
        return [(p, t) for p, t in recorded if skip.isdisjoint(p)]

    return ctx.memo(("text.values", skip), collect)


def joined_values(ctx: Any, skip: frozenset[str]) -> str:
    """The texts of :func:`values_outside`, one per line: as :func:`all_segments_text`, a pattern
    that finds nothing here (and cannot match a line break) finds nothing in any of them."""
    return ctx.memo(("text.joined-values", skip), lambda: "\n".join(t for _, t in values_outside(ctx, skip)))


def short(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for quoting a title in a message."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def scalars(loaded: Any) -> list[Scalar]:
    """Every string value of the file with its raw text segments, in file order.

    In an NFC file a value on one line is its own raw text: a plain scalar holds no escapes, and
    a quoted one holds none when the value is as long as the text between its quotes (an escape
    or a doubled quote is always longer than what it stands for). Those segments are made
    without cutting the lines (most values, a third of the time); the others as :func:`_segments`
    cuts them."""
    text = loaded.text
    lines: list[str] | None = None
    values = loaded.values
    out: list[Scalar] = []
    append = out.append
    new = tuple.__new__  # a NamedTuple's own __new__ is Python: the tuple's, with the fields in order
    as_written = unicodedata.is_normalized("NFC", text)
    recorded = getattr(loaded, "strings", None)
    for path, value in recorded if recorded is not None else strings(loaded.data):
        pos = values.get(path)
        if pos is None:
            continue
        if as_written and value and pos.line == pos.end_line:
            if not pos.quoted:
                append(new(Scalar, (path, value, (new(Segment, (pos.line, pos.col, value)),), False)))
                continue
            if len(value) == pos.end_col - pos.col - 2:
                append(new(Scalar, (path, value, (new(Segment, (pos.line, pos.col + 1, value)),), True)))
                continue
        if lines is None:
            lines = text.split("\n")
        append(Scalar(path, value, _segments(lines, pos), pos.quoted))
    return out


def _segments(lines: list[str], pos: Any) -> tuple[Segment, ...]:
    """The raw text segments of the string value at ``pos`` (a loader position) in ``lines``."""
    if pos.line == pos.end_line:  # most values: one line, the same steps as below
        ln = pos.line
        if ln - 1 >= len(lines):
            return ()
        start = pos.col - 1
        piece = lines[ln - 1].rstrip("\r")[start:pos.end_col - 1]
        if pos.quoted:
            if piece and piece[0] in "'\"":
                piece, start = piece[1:], start + 1
            if piece and piece[-1] in "'\"":
                piece = piece[:-1]
        elif piece.lstrip().startswith(("|", ">")):
            piece = ""
        else:
            piece = piece.rstrip(" \t")
        return (Segment(ln, start + 1, piece),) if piece else ()
    segs = []
    for ln in range(pos.line, pos.end_line + 1):
        if ln - 1 >= len(lines):
            break
        raw = lines[ln - 1].rstrip("\r")
        start = pos.col - 1 if ln == pos.line else 0
        end = pos.end_col - 1 if ln == pos.end_line else len(raw)
        piece = raw[start:end]
        if ln == pos.line and piece.lstrip().startswith(("|", ">")) and not pos.quoted:
            continue  # block scalar header
        if ln != pos.line:
            stripped = piece.lstrip(" \t")
            start += len(piece) - len(stripped)
            piece = stripped
        piece = piece.rstrip(" \t") if ln != pos.end_line or not pos.quoted else piece
        if pos.quoted and ln == pos.line and piece and piece[0] in "'\"":
            piece, start = piece[1:], start + 1
        if pos.quoted and ln == pos.end_line and piece and piece[-1] in "'\"":
            piece = piece[:-1]
        if piece:
            segs.append(Segment(ln, start + 1, piece))
    return tuple(segs)


def cached_scalars(ctx: Any) -> list[Scalar]:
    return ctx.memo("text.scalars", lambda: scalars(ctx.loaded))


def segments_at(ctx: Any, path: YamlPath) -> tuple[Segment, ...] | None:
    """The raw segments of the string value at ``path`` as :func:`scalars` gives them (None: no
    such value), cut out alone unless every scalar is known already: a rule that needs a few
    positions does not pay for the whole file's."""
    path = tuple(path)
    if "text.scalars" in ctx.cache:
        table = ctx.memo("text.scalars-by-path", lambda: {s.path: s.segments for s in cached_scalars(ctx)})
        return table.get(path)
    value, pos = _value_at(ctx.loaded.data, path), ctx.loaded.values.get(path)
    if not isinstance(value, str) or pos is None:
        return None
    return _segments(ctx.memo("text.lines", lambda: ctx.loaded.text.split("\n")), pos)


def _value_at(data: Any, path: YamlPath) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data or isinstance(data, list) and isinstance(part, int) \
                and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def all_segments_text(ctx: Any) -> str:
    """Every segment's text, one per line: a pattern that finds nothing here finds nothing in any
    segment (if it cannot match a line break), so a rule can skip its per-segment scan."""
    return ctx.memo("text.joined", lambda: "\n".join(seg.text for s in cached_scalars(ctx) for seg in s.segments))


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng


def split_tone(word: str) -> tuple[str, str | None, int]:
    """(word without its tone mark, the tone's combining mark, index of the letter carrying it)."""
    base_chars: list[str] = []
    tone, where = None, -1
    for ch in unicodedata.normalize("NFD", word):
        if ch in TONES:
            tone, where = ch, len(unicodedata.normalize("NFC", "".join(base_chars))) - 1
        else:
            base_chars.append(ch)
    return unicodedata.normalize("NFC", "".join(base_chars)), tone, where


def put_tone(base: str, tone: str, index: int) -> str:
    """``base`` with ``tone`` placed on its letter at ``index``."""
    ch = unicodedata.normalize("NFD", base[index])
    return unicodedata.normalize("NFC", base[:index] + ch + tone + base[index + 1:])
