"""Doubled spaces inside text, a space before a punctuation mark, or doubled punctuation (",;").

Why:
    Decree 30/2020/NĐ-CP (Phụ lục I) sets how a document's text is presented; Vietnamese
    typography, like English, puts punctuation (, ; : . ) …) right after the word and one space
    between words. Doubled spaces and " ," come from editing in Word and show in the rendered
    document and in diffs. Two separators in a row (",;" ";,") are an editing leftover. The fix
    removes extra spaces and a repeated mark after a space ("xong. ." → "xong."); which of two
    different marks was meant is left to the writer.

Fails:
    ```yaml
    purpose:
      - Duy trì  Hệ thống quản lý chất lượng.
    ```

    ```yaml
    purpose:
      - Duy trì Hệ thống quản lý chất lượng , cải tiến liên tục.
    ```

    ```yaml
    purpose:
      - Công bố Danh mục thủ tục hành chính,; thủ tục bị bãi bỏ.
    ```

Passes:
    ```yaml
    purpose:
      - Duy trì Hệ thống quản lý chất lượng (HTQLCL), cải tiến liên tục.
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.lint.rules._text import all_segments_text, cached_scalars
from isoctl.lint.rules.base import Fix, RuleContext, Violation

CODE = "V003"
NAME = "spacing-punctuation"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = True
SCOPE = "task"  # each finding: one task and the plan outside its tasks (isoctl.lint.incremental)

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Dấu cách lặp trong văn bản, dấu cách trước dấu câu, hoặc dấu câu lặp (",;").

Vì sao:
    Nghị định 30/2020/NĐ-CP (Phụ lục I) quy định cách trình bày văn bản; theo quy tắc chính tả tiếng
    Việt, cũng như tiếng Anh, dấu câu (, ; : . ) …) đặt ngay sau chữ và giữa hai chữ có một dấu
    cách. Dấu cách lặp và " ," xuất hiện do chỉnh sửa trong Word, và hiện ra cả trong văn bản xuất
    ra lẫn khi so sánh thay đổi. Hai dấu phân cách liền nhau (",;" ";,") là phần còn sót lại khi
    sửa. Cách sửa bỏ các dấu cách thừa và dấu câu lặp lại sau dấu cách ("xong. ." → "xong."); với
    hai dấu khác nhau, người viết tự chọn dấu đúng.
"""

# a run of 2+ spaces between two non-spaces; a space before , ; ) or before : . ending a word
_DOUBLE = lazy(r"(?<=\S)( {2,})(?=\S)")
_DOUBLED = lazy(r"[,;]{2,}|[,;]:|:[,;]")
_BEFORE = lazy(r"(?<=[^\s(\[])( +)([,;)]|[:.](?=\s|$|[^\w\s]))")
# what any of the three needs (two spaces, two marks, a space before a mark): most text has none
_MAYBE = lazy(r" {2}|[,;][,;:]|:[,;]| [,;):.]")
# the same, as the pairs of characters it matches: `in` scans a whole file faster than the regex
_MAYBE_PAIRS = ("  ", ",,", ",;", ",:", ";,", ";;", ";:", ":,", ":;", " ,", " ;", " )", " :", " .")


def _before(text: str, start: int) -> str:
    """The words before a match: with the mark, what tells two findings in one text apart."""
    return " ".join(text[:start].split()[-3:])


def check(ctx: RuleContext) -> Iterator[Violation]:
    text = all_segments_text(ctx)
    if not any(pair in text for pair in _MAYBE_PAIRS):
        return
    for scalar in cached_scalars(ctx):
        for seg in scalar.segments:
            if not _MAYBE.search(seg.text):
                continue
            for m in _DOUBLE.finditer(seg.text):
                yield Violation(scalar.path, tr(
                    "{n} spaces in a row", "{n} dấu cách liền nhau", n=len(m.group(1))),
                    hint=tr("use one space", "chỉ dùng một dấu cách"),
                    fix=Fix(scalar.path, m.group(1), " "), about=("spaces", _before(seg.text, m.start())),
                    line=seg.line, col=seg.col + m.start(), length=len(m.group()))
            for m in _DOUBLED.finditer(seg.text):
                yield Violation(scalar.path, tr(
                    "doubled punctuation '{p}'", "dấu câu bị lặp '{p}'", p=m.group()),
                    hint=tr("keep the one mark that was meant", "chỉ giữ lại một dấu đúng"),
                    about=(m.group(), _before(seg.text, m.start())), line=seg.line, col=seg.col + m.start(), length=len(m.group()))
            for m in _BEFORE.finditer(seg.text):
                mark = m.group(2)
                prev = seg.text[m.start() - 1]
                if prev in ".,;:" and mark in ".,;:":
                    yield Violation(scalar.path, tr(
                        "stray '{p}' after '{q}'", "dấu '{p}' thừa sau '{q}'", p=mark, q=prev),
                        hint=tr("remove the second mark", "xóa dấu thừa"),
                        fix=Fix(scalar.path, prev + m.group(1) + mark, prev),
                        about=(prev + mark, _before(seg.text, m.start())), line=seg.line, col=seg.col + m.start(), length=len(m.group()))
                    continue
                yield Violation(scalar.path, tr(
                    "space before '{p}'", "có dấu cách trước '{p}'", p=mark),
                    hint=tr("write '{p}' right after the word", "viết '{p}' liền sau chữ", p=mark),
                    fix=Fix(scalar.path, m.group(1) + mark, mark), about=(" " + mark, _before(seg.text, m.start())),
                    line=seg.line, col=seg.col + m.start(), length=len(m.group()))
