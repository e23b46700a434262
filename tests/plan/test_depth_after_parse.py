"""The nesting scan runs after the parser, on failing texts only, when libyaml limits nesting
itself (isoctl.plan.loader._too_deep): every text gets the findings it got when the scan ran
before every parse, except a text the scan wrongly refused (brackets in a block scalar)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from isoctl.plan import loader

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import plan_text  # noqa: E402

pytestmark = pytest.mark.skipif(not loader._parser_limits_nesting(), reason="libyaml before 0.2.6: scanned first")

MANY = "many: [" + ", ".join(["[1]"] * 1100) + "]\n"  # past the 1,000 brackets that start the scan
LONG = "long: " + "x" * 1200 + "\n"  # past the 1,000-character line that starts the event scan


def _verdict(text: str, scan_first: bool, monkeypatch) -> list[tuple]:
    monkeypatch.setattr(loader, "_LIMITED", not scan_first)
    loaded = loader.load_text(text, "p.yaml")
    return [(f.line, f.col, f.code, f.message) for f in loaded.errors], loaded.data is None


HOSTILE = [
    "a: " + "[" * 65 + "]" * 65,
    "a: " + "[" * 5000 + "]" * 5000,  # past libyaml's own 1,000
    "a: " + "{b: " * 70 + "1" + "}" * 70,
    "a: " + "[{x: " * 600 + "}]" * 600,
    MANY + "deep: " + "[" * 70 + "]" * 70,
    MANY + "bad: [1, 2\nnext: : :\n" + "deep: " + "[" * 70,  # a syntax error before the deep part
    "deep: " + "[" * 70 + "]" * 70 + "\n" + MANY + "bad: 'open",  # and after it
    MANY + "x: \x07\n" + "deep: " + "[" * 70,  # a control character
    MANY + "x: &a [1]\ny: *a\n",
    MANY + "x: !!python/object [1]\n",
    MANY + "---\nb: 1\n",
    LONG + "".join(" " * i + "k:\n" for i in range(70)) + " " * 70 + "v",  # deep block nesting
    LONG + "- " * 2000 + "x",
    LONG + "a:\n" + "  - " * 1 + "[" * 66 + "]" * 66,
    "phases:\n  - tasks:\n      - id: t\n        lead: " + "[" * 62 + "]" * 62 + "\n" + MANY,  # flow in block
    MANY + "a: " + "[" * 64 + "]" * 64,
    MANY,
    "",
    MANY + "# " + "[" * 2000 + "\n",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_the_same_finding_as_scanning_first(text, monkeypatch):
    assert _verdict(text, False, monkeypatch) == _verdict(text, True, monkeypatch)


def test_mutated_plans_with_many_brackets_get_the_same_findings(monkeypatch):
    base = plan_text(3, 700)  # some 1,150 flow sequences: past the 1,000 brackets
    assert base.count("[") > 1000
    rng = random.Random(17)
    lines = base.split("\n")
    for _ in range(60):
        kind = rng.randrange(4)
        if kind == 0:
            b = bytearray(base.encode("utf-8"))
            for _ in range(3):
                b[rng.randrange(len(b))] = rng.choice(b"[]{}:-'\"#&*!| \n\tx")
            text = b.decode("utf-8", "replace")
        elif kind == 1:
            cut = list(lines)
            del cut[rng.randrange(len(cut))]
            text = "\n".join(cut)
        elif kind == 2:
            at = rng.randrange(len(lines))
            text = "\n".join(lines[:at] + [lines[at] + " " + "[" * rng.randrange(60, 80)] + lines[at + 1:])
        else:
            at = rng.randrange(len(base))
            text = base[:at] + rng.choice(["{", "[[", "&x ", "*x", "!!str ", "|\n", "'", '"']) + base[at:]
        assert _verdict(text, False, monkeypatch) == _verdict(text, True, monkeypatch)


def test_brackets_in_a_block_scalar_are_text(monkeypatch):
    """The scan counts a ``[`` at the start of a line of a block scalar as opening a collection:
    run first, it refused this plan-like text; the parser reads it as text, and so does isoctl."""
    text = MANY + "note: |\n" + "".join("  [\n" for _ in range(70))
    assert _verdict(text, False, monkeypatch) == ([], False)
    assert _verdict(text, True, monkeypatch)[0][0][2] == "E004"
