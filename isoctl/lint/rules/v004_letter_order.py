"""A lettered list out of Vietnamese order: a letter skipped, repeated out of place, or f/j/w/z used.

Why:
    Decree 30/2020/NĐ-CP (Phụ lục I mục II.6) numbers the points of a document with the letters
    of the Vietnamese alphabet, in order: a b c d đ e g h i k l m n o p q r s t u v x y — there is
    no f, j, w or z, and "đ" comes between "d" and "e". A skipped letter ("m) … o)") usually
    means an item was deleted without renumbering, or the writer counted in the English alphabet.

    Checked: the ``label`` of the tasks of each phase, when they are single letters (tasks without
    a label are skipped, several tasks may share one letter), and lists written inside a text
    ("… gồm: a) …; b) …; d) …"). The first problem of each list is reported.

Fails:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: danh-gia-noi-bo
            label: e
    ```

    ```yaml
    purpose:
      - "Mục tiêu gồm: a) duy trì hệ thống; b) cải tiến quy trình; d) công bố kết quả."
    ```

Passes:
    ```yaml
    purpose:
      - "Mục tiêu gồm: a) duy trì hệ thống; b) cải tiến quy trình; c) công bố kết quả."
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.lint.rules._text import cached_scalars
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "V004"
NAME = "letter-order"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"  # the labels of a phase are read together: inputs() below

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Danh sách đánh chữ cái không theo thứ tự chữ cái tiếng Việt: bỏ sót chữ, lặp chữ sai chỗ, hoặc dùng f/j/w/z.

Vì sao:
    Nghị định 30/2020/NĐ-CP (Phụ lục I mục II.6) đánh thứ tự các điểm trong văn bản bằng chữ cái
    tiếng Việt theo thứ tự: a b c d đ e g h i k l m n o p q r s t u v x y — không có f, j, w hay z,
    và "đ" đứng giữa "d" và "e". Bỏ sót một chữ ("m) … o)") thường cho thấy một mục đã bị xóa mà
    không đánh lại thứ tự, hoặc người viết đếm theo bảng chữ cái tiếng Anh.

    Phạm vi kiểm tra: nhãn ``label`` của các nhiệm vụ trong từng giai đoạn khi nhãn là một chữ cái
    (nhiệm vụ không có nhãn được bỏ qua, nhiều nhiệm vụ có thể chung một chữ), và danh sách viết
    trong một đoạn văn bản ("… gồm: a) …; b) …; d) …"). Mỗi danh sách chỉ báo lỗi đầu tiên.
"""

ALPHABET = "abcdđeghiklmnopqrstuvxy"
NOT_VIETNAMESE = "fjwz"
_ITEM = lazy(r"(?:^|(?<=[\s;:.,(]))([a-zđ])\)(?=\s)")


def problem(prev: str, cur: str) -> tuple[str, str] | None:
    """(message, hint) when ``cur`` cannot follow ``prev`` in a Vietnamese letter list."""
    if cur in NOT_VIETNAMESE:
        nxt = ALPHABET[ALPHABET.index(prev) + 1] if prev in ALPHABET and prev != ALPHABET[-1] else None
        return (tr("{c}) is not a Vietnamese list letter", "{c}) không phải chữ cái đánh số tiếng Việt", c=cur),
                tr("after {p}) comes {n})", "sau {p}) là {n})", p=prev, n=nxt) if nxt else
                tr("Vietnamese lists use {a}", "danh sách tiếng Việt dùng {a}", a=" ".join(ALPHABET)))
    if prev not in ALPHABET:
        return None
    i, j = ALPHABET.index(prev), ALPHABET.index(cur)
    if j == i + 1:
        return None
    if j > i + 1:
        missing = ALPHABET[i + 1:j]
        return (tr("{p}) is followed by {c}): {m} missing", "sau {p}) là {c}): thiếu {m}", p=prev, c=cur,
                   m=tr("{x}) is", "{x})", x=missing[0]) if len(missing) == 1 else
                   tr("{x} are", "{x}", x=", ".join(f"{x})" for x in missing))),
                tr("renumber the list, or restore the missing item", "đánh lại thứ tự, hoặc bổ sung mục còn thiếu"))
    return (tr("{p}) is followed by {c}): out of order", "sau {p}) lại là {c}): sai thứ tự", p=prev, c=cur),
            tr("Vietnamese order is {a}", "thứ tự tiếng Việt là {a}", a=" ".join(ALPHABET)))


def check(ctx: RuleContext) -> Iterator[Violation]:
    plan = ctx.plan
    for pi, phase in enumerate(plan.phases):
        prev = None
        for ti, task in enumerate(phase.tasks):
            label = (task.label or "").strip().rstrip(")").strip()
            if len(label) != 1 or not label.isalpha() or label.lower() != label:
                continue
            if prev is None:
                if label != "a":
                    yield Violation((*plan.task_path(pi, ti), "label"), tr(
                        "the lettered tasks start at {c}), not a)", "danh sách nhiệm vụ bắt đầu từ {c}), không phải a)",
                        c=label), hint=tr("start the list at a)", "bắt đầu danh sách từ a)"))
                    break
            elif label != prev:
                found = problem(prev, label)
                if found:
                    yield Violation((*plan.task_path(pi, ti), "label"), found[0], hint=found[1])
                    break
            prev = label
    if "a)" not in ctx.text:  # a lettered list in a text starts at a)
        return
    for scalar in cached_scalars(ctx):
        if "a)" not in scalar.value:  # the raw text's ")" are all in the value
            continue
        items = [(seg, m) for seg, m in scalar.find(_ITEM)]
        if len(items) < 2 or items[0][1].group(1) != "a":
            continue
        prev = "a"
        for seg, m in items[1:]:
            cur = m.group(1)
            found = problem(prev, cur)
            if found:
                yield Violation(scalar.path, found[0], hint=found[1], about=(cur,), line=seg.line,
                                col=seg.col + m.start())
                break
            prev = cur


def inputs(ctx: RuleContext, path: tuple) -> tuple:
    """What this rule reads of one task: its label, and its texts that hold a lettered list."""
    n = len(path)
    task = ctx.plan.phases[path[1]].tasks[path[3]]
    texts = tuple((tuple(s.path), s.value) for s in cached_scalars(ctx)
                  if tuple(s.path[:n]) == tuple(path) and "a)" in s.value)
    return task.label, texts
