"""The rendered plans against the real documents they transcribe (issue 11).

The measure is the one of ``shared/tools/fidelity.py`` (beside the clone, as in CI): the seed's
words and the rendered document's words, in order, compared by a longest common subsequence
(``difflib.SequenceMatcher`` without autojunk). *kept* is the share of the seed's words the
rendering reproduces in order, *invented* the share of the rendered words the seed does not
have there. A failure lists the largest missing and invented runs.

The text is read as the tool reads it: the ``w:t`` of body paragraphs and of table cells, so a
document symbol's non-breaking hyphen (``w:noBreakHyphen``, which keeps 19/2014/QĐ-TTg on one
line) is lost here as it is there ("QĐTTg" counts as missing and invented).

One difference, a fault of the tool that no rendering can avoid: it drops a cell when
``id(tc)`` is in the row's ``seen`` set, which keeps only the ints. lxml makes a Python proxy for
an element when it is reached and frees it when nothing holds it, so CPython gives a later cell
the address of an earlier, freed one. The first three cells of a row get fresh addresses (the
loop variable and the iterator's look-ahead still hold the earlier ones); from the fourth on a
cell usually lands on a freed address in ``seen`` and its text is not counted: every table of
four or more columns loses its columns from the fourth on, whatever it says (a table python-docx
makes itself, one word a cell, loses them too; see ``test_the_shared_tool_loses_cells_not_words``).
It depends on the allocator, not on the document: a cell text of 16–31 ASCII characters, a string
in the proxy's 80-byte size class, holds the freed slot and saves the next cell. So the tool
reads kh359 / 2024-draft / skhcn / tinh as 0.949 / 0.826 / 0.962 / 0.566 kept, losing Thời gian,
Phối hợp, Kết quả, Cơ quan thực hiện … Here ``seen`` holds the cells themselves, which is what
the tool means ("merged cells once"); with that one change the tool's own ``docx_text`` gives
exactly the text read here (``test_the_measure_is_the_shared_tools``).

The seeds live in ``shared/seeds/`` next to the repository (``ISOCTL_SHARED`` names another
folder); without them the tests are skipped, saying where they looked.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("ISOCTL_SHARED") or ROOT.parent / "shared")
SEEDS = SHARED / "seeds"
TOOL = SHARED / "tools" / "fidelity.py"

# plan file, seed, least kept, most invented (the targets of issue 11)
CASES = [
    ("plans/examples/skhcn-2021.yaml", "skhcn-2021", 0.97, 0.05),
    ("plans/plan-2024.yaml", "hanoi-svhtt-2024-draft", 0.97, 0.05),
    ("plans/examples/tinh-2023-phu-luc-1.yaml", "tinh-2023-phu-luc-1", 0.95, 0.05),
    # its body and appendix disagree; one plan holds one truth
    ("plans/plan-2023.yaml", "hanoi-svhtt-2023-kh359", 0.94, 0.05),
]

# Seeds the renderer does not reproduce yet (issue 11, in progress): strict, so one that starts
# passing must leave this set.
PENDING: set[str] = set()

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed documents are not at {SEEDS} "
                                 "(clone beside ../shared, or set ISOCTL_SHARED)")


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).replace("**", " ")
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"(?m)^\s*#+\s*", " ", text)
    text = re.sub(r"(?m)^\s*\d{1,2}\s*$", " ", text)
    return [w for w in re.split(r"\s+", text) if w and not re.fullmatch(r"[|\-–—_.…]+", w)]


def docx_text(data: bytes) -> str:
    """Body paragraphs and table cells in document order (merged cells once): the tool's reading,
    with each row's cells remembered as cells, not as the ``id()`` of a proxy that may be freed."""
    import docx
    from docx.oxml.ns import qn

    d = docx.Document(io.BytesIO(data))

    def text(p: Any) -> str:
        return "".join(t.text or "" for t in p.iter(qn("w:t")))

    out = []
    for block in d.element.body.iterchildren():
        if block.tag == qn("w:p"):
            out.append(text(block))
        elif block.tag == qn("w:tbl"):
            for tr in block.iter(qn("w:tr")):
                seen: list[Any] = []  # the cells themselves: alive, so no other cell takes their id()
                for tc in tr.iter(qn("w:tc")):
                    txt = "\n".join(text(p) for p in tc.iter(qn("w:p")))
                    if any(tc is s for s in seen):
                        continue
                    seen.append(tc)
                    out.append(txt)
    return "\n".join(out)


@dataclass
class Fidelity:
    kept: float
    invented: float
    seed_words: int
    rendered_words: int
    missing: list[str]
    extra: list[str]

    def report(self, show: int = 10) -> str:
        lines = []
        for title, runs in (("MISSING", self.missing), ("INVENTED", self.extra)):
            lines.append(f"--- {title}")
            lines += ["   " + r[:300] for r in sorted(runs, key=len, reverse=True)[:show]]
        lines.append(f"kept {self.kept:.3f} of {self.seed_words} seed words; "
                     f"invented {self.invented:.3f} of {self.rendered_words} rendered words")
        return "\n".join(lines)


def fidelity(seed_text: str, rendered: bytes) -> Fidelity:
    a = words(seed_text)
    b = words(docx_text(rendered))
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    kept = sum(m.size for m in sm.get_matching_blocks())
    missing, extra = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op in ("delete", "replace"):
            missing.append(" ".join(a[i1:i2]))
        if op in ("insert", "replace"):
            extra.append(" ".join(b[j1:j2]))
    return Fidelity(kept / len(a), 1 - kept / len(b), len(a), len(b), missing, extra)


def rendered(plan_file: str) -> bytes:
    from isoctl.plan.files import load_plan
    from isoctl.render import render_document

    return render_document(load_plan(str(ROOT / plan_file)), "ke-hoach", file=plan_file).docx


@needs_seeds
@pytest.mark.parametrize(("plan_file", "seed", "least_kept", "most_invented"), [
    pytest.param(*c, marks=[pytest.mark.xfail(strict=True, reason="issue 11: not reproduced yet")] if c[1] in PENDING
                 else []) for c in CASES], ids=[c[1] for c in CASES])
def test_rendered_plan_reproduces_its_seed(plan_file: str, seed: str, least_kept: float,
                                           most_invented: float) -> None:
    f = fidelity((SEEDS / f"{seed}.txt").read_text(encoding="utf-8"), rendered(plan_file))
    assert f.kept >= least_kept and f.invented <= most_invented, (
        f"{plan_file} against {seed}: needs kept ≥ {least_kept}, invented ≤ {most_invented}\n{f.report()}")


def _tool() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("shared_fidelity", TOOL)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


needs_tool = pytest.mark.skipif(not TOOL.is_file(), reason=f"no {TOOL}")


@needs_seeds
@needs_tool
@pytest.mark.parametrize(("plan_file", "seed"), [c[:2] for c in CASES], ids=[c[1] for c in CASES])
def test_the_measure_is_the_shared_tools(plan_file: str, seed: str, tmp_path: Path, monkeypatch) -> None:
    """The tool's words of the seed, and its text of the document once its ``seen`` holds the
    cells (``id`` answering the cell itself): the same as here, word for word."""
    tool = _tool()
    text = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8")
    assert tool.words(text) == words(text)
    out = tmp_path / "x.docx"
    out.write_bytes(rendered(plan_file))
    monkeypatch.setattr(tool, "id", lambda obj: obj, raising=False)  # seen.add(tc) keeps tc alive
    assert tool.words(tool.docx_text(str(out))) == words(docx_text(out.read_bytes()))


def _cells_by_column(data: bytes) -> dict[int, list[str]]:
    """Every table cell's text by its place in its row (0-based)."""
    import docx
    from docx.oxml.ns import qn

    out: dict[int, list[str]] = {}
    for tr in docx.Document(io.BytesIO(data)).element.body.iter(qn("w:tr")):
        for k, tc in enumerate(tr.iter(qn("w:tc"))):
            out.setdefault(k, []).append("\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                                                   for p in tc.iter(qn("w:p"))))
    return out


@needs_tool
def test_the_shared_tool_loses_cells_not_words(tmp_path: Path) -> None:
    """What the unmodified tool reads is ours with whole cells left out, never a cell of the
    first three of a row; shown on a table python-docx makes itself, and on a real plan."""
    import docx

    tool = _tool()
    doc = docx.Document()
    table = doc.add_table(rows=3, cols=6)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"ô{r}{c}"
    made = tmp_path / "made.docx"
    doc.save(made)
    plan = tmp_path / "plan.docx"
    plan.write_bytes(rendered("plans/examples/skhcn-2021.yaml"))
    for path in (made, plan):
        data = path.read_bytes()
        theirs, ours = tool.words(tool.docx_text(str(path))), words(docx_text(data))
        rest = iter(ours)
        assert all(w in rest for w in theirs)  # a subsequence of ours
        lost = [w for w in ours if w not in theirs]
        kept_cells = {w for k in (0, 1, 2) for cell in _cells_by_column(data).get(k, []) for w in words(cell)}
        assert not kept_cells & set(lost), path.name


def test_the_measure_counts_words_in_order() -> None:
    """Moved text counts as missing and invented; table bars, dashes and page numbers do not count."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("một hai bốn ba")
    buf = io.BytesIO()
    doc.save(buf)
    f = fidelity("một | hai\n2\nba – bốn", buf.getvalue())
    assert (f.seed_words, f.rendered_words) == (4, 4)
    assert f.kept == 0.75 and f.invented == 0.25
