"""Plan text never reaches a terminal raw (issue 17): control characters (an OSC 52 sets the
clipboard, ESC [2J clears the screen), bidi overrides and zero-width characters quoted from a
plan are shown as ``\\x1b`` / ``\\u202e`` escapes by every command and every format meant to be
read on a terminal or a CI log — validate's full, concise and github, status (text, markdown),
timeline, diff, the diff driver, textconv, done/set and every error message.

The class, not one rule: every rule's failing examples are run with a hidden character added to
every id, title and name, and each finding whose message or hint quotes it (whichever rule it
comes from) must come out escaped from each terminal reporter; json and sarif keep the text as
stored (they are for programs; JSON escapes the control characters itself).
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import ROOT
from isoctl.lint import report
from isoctl.lint.engine import lint_text
from isoctl.lint.rules import all_rules
from isoctl.lint.rules.examples import build, examples

P2024 = ROOT / "plans" / "plan-2024.yaml"
# everything escape_controls must never let through, and what isoctl itself may write: colour
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                    "\ufffe\uffff]")
OWN_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
ID_KEYS = frozenset({"id", "lead", "partners", "after"})
TEXT_KEYS = frozenset({"title", "name", "abbr", "label", "parent", "place", "signer", "issuer", "about"})


def taint(text: str, mark: str, keys: frozenset[str]) -> str:
    """The plan with ``mark`` added to every string (or list item) under one of ``keys``: ids and
    their references alike, so they still match."""
    yaml = YAML()
    yaml.width = 10**6
    data = yaml.load(text)

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in keys and isinstance(value, str):
                    node[key] = value + mark
                elif key in keys and isinstance(value, list):
                    value[:] = [v + mark if isinstance(v, str) else v for v in value]
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def assert_safe(text: str, where: str) -> None:
    bad = UNSAFE.findall(OWN_COLOUR.sub("", text))
    assert not bad, f"{where}: raw {sorted({f'U+{ord(c):04X}' for c in bad})} in {text[:2000]!r}"


def _quoting_findings():
    """(rule, finding) for every finding of every rule's failing examples that quotes plan text,
    the examples' ids tainted with U+202E and their text with U+200B and an escape sequence."""
    out = []
    for mod in all_rules():
        for fragment in examples(mod.__doc__, "Fails"):
            text = taint(taint(build(fragment), "\u202e", ID_KEYS), "\u200b\x1b[2J", TEXT_KEYS)
            for f in lint_text(text, file="example.yaml").findings:
                if UNSAFE.search(f.message + (f.hint or "")):
                    out.append((mod.CODE, f))
    return out


@pytest.fixture(scope="module")
def quoting():
    return _quoting_findings()


def test_the_rules_that_quote_plan_text_are_found(quoting) -> None:
    codes = {f.code for _rule, f in quoting}
    # the class is found, not named one by one: at least these quote an id, a title or a name
    assert {"D006", "D007", "S002", "S003", "S004", "S005"} <= codes, sorted(codes)
    assert len(codes) >= 10, sorted(codes)


@pytest.mark.parametrize("fmt", ["full", "concise", "github"])
@pytest.mark.parametrize("colour", [False, True])
def test_every_quoting_finding_is_escaped_by_each_terminal_format(quoting, fmt: str, colour: bool) -> None:
    for rule, f in quoting:
        shown = report.REPORTERS[fmt]([f], {}, colour=colour)
        assert_safe(shown, f"{fmt}: {f.code} (from {rule}'s example)")
        raw = [f"\\u{ord(c):04x}" if ord(c) > 0xff else f"\\x{ord(c):02x}" for c in UNSAFE.findall(f.message)]
        assert all(escape in shown for escape in raw), (f.code, f.message, shown)


def test_json_and_sarif_keep_plan_text_as_stored(quoting) -> None:
    rule, f = quoting[0]
    assert json.loads(report.as_json([f]))[0]["message"] == f.message
    assert json.loads(report.sarif([f]))["runs"][0]["results"][0]["message"]["text"].startswith(f.message)


@pytest.fixture
def plans(tmp_path: Path) -> dict[str, Path]:
    """plan-2024 with hidden characters in its text (warnings: every command runs), in its ids
    (errors: commands refuse it, quoting it) and an escape sequence in a title (an error)."""
    base = P2024.read_text(encoding="utf-8")
    made = {
        "text": taint(base, "\u202e\u200b\u2066", TEXT_KEYS),
        "ids": taint(base, "\u202e", ID_KEYS),
        "escape": base.replace("title: Kiên toàn Ban chỉ đạo, Tổ giúp việc.",
                               'title: "Kiên toàn\\e]52;c;c2VjcmV0\\a Ban chỉ đạo\\e[2J"', 1),
    }
    out = {}
    for name, text in made.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        out[name] = path
    assert made["escape"] != base
    return out


TERMINAL_COMMANDS = [
    ["validate", "{p}"], ["validate", "{p}", "--format", "concise"], ["validate", "{p}", "--format", "github"],
    ["validate", "{p}", "--statistics"], ["status", "{p}", "--as-of", "2024-08-15"],
    ["status", "{p}", "--as-of", "2024-08-15", "--width", "60"],
    ["status", "{p}", "--as-of", "2024-08-15", "--format", "markdown"],
    ["timeline", "{p}", "--as-of", "2024-08-15"], ["timeline", "{p}", "--as-of", "2024-08-15", "--width", "60"],
    ["diff", str(P2024), "{p}"], ["diff", str(P2024), "{p}", "--format", "markdown"], ["textconv", "{p}"],
    ["done", "{p}", "kien-toan-bcd"], ["set", "{p}", "khong-co-viec-nay", "status=done"],
    ["diff-driver", "plans/x.yaml", str(P2024), "0" * 40, "100644", "{p}", "1" * 40, "100644"],
]


@pytest.mark.parametrize("kind", ["text", "ids", "escape"])
@pytest.mark.parametrize("args", TERMINAL_COMMANDS, ids=lambda a: "-".join(x for x in a if not x.startswith(("{", "/", "0", "1"))))
def test_no_command_prints_plan_text_raw(cli, plans, kind: str, args: list[str], tmp_path: Path) -> None:
    plan = tmp_path / "work.yaml"
    shutil.copyfile(plans[kind], plan)
    result = cli(*[a.replace("{p}", str(plan)) for a in args])
    assert result.exit_code in (0, 1, 2), result
    assert "internal error" not in result.output, result
    assert_safe(result.stdout, "stdout")
    assert_safe(result.stderr, "stderr")


@pytest.mark.parametrize("kind", ["text", "ids", "escape"])
def test_the_hidden_characters_are_shown_as_escapes(cli, plans, kind: str) -> None:
    """Not dropped: what the plan holds is shown, as an escape, where a finding or a chart quotes it."""
    shown = {"text": "\\u202e\\u200b\\u2066", "ids": "\\u202e", "escape": "\\x1b]52;c;c2VjcmV0\\x07"}[kind]
    # the escape sequence is written as YAML's "\e" in the file: only what shows the value decodes it
    commands = [["textconv", str(plans[kind])]] + ([] if kind == "escape" else [["validate", str(plans[kind])]])
    if kind == "ids":  # D007 and others quote the id in their message
        commands += [["validate", str(plans[kind]), "--format", "concise"]]
    if kind == "text":
        commands += [["timeline", str(plans[kind]), "--as-of", "2024-08-15"],
                     ["status", str(plans[kind]), "--as-of", "2024-08-15"]]
    for args in commands:
        result = cli(*args)
        assert shown in result.output, (args, result)


def test_colour_is_isoctls_own_escape_sequences_only(cli, plans, monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    for fmt in ("full", "concise"):
        result = cli("--color", "always", "validate", str(plans["ids"]), "--format", fmt)
        assert OWN_COLOUR.search(result.stdout), result  # coloured
        assert_safe(result.stdout, f"coloured {fmt} report")
        assert "\\u202e" in result.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "github"])
def test_review_of_a_change_that_brings_hidden_characters(cli, tmp_path, monkeypatch, git_identity, fmt: str) -> None:
    """review quotes the new findings and the diff's titles: escaped in its terminal formats, as
    stored in json (JSON escapes controls itself: parsed back, it is the plan's text)."""
    import subprocess

    from conftest import plan_repo

    base = P2024.read_text(encoding="utf-8")
    root = plan_repo(tmp_path / "repo", {"plans/plan.yaml": base})
    (root / "plans" / "plan.yaml").write_text(taint(base, "\u202e\u200b", TEXT_KEYS), encoding="utf-8")
    subprocess.run(["git", "commit", "-q", "-am", "hidden characters"], cwd=root, check=True)
    monkeypatch.chdir(root)
    result = cli("review", "HEAD~1..HEAD", "--format", fmt)
    assert result.exit_code in (0, 1), result
    assert_safe(result.stdout, f"review --format {fmt}")
    assert_safe(result.stderr, f"review --format {fmt} (stderr)")
    assert "\\u202e\\u200b" in result.stdout, result
    as_json = cli("review", "HEAD~1..HEAD", "--format", "json")
    assert "\u202e\u200b" in json.dumps(json.loads(as_json.stdout), ensure_ascii=False)


def test_printable_text_has_nothing_to_escape() -> None:
    """escape_controls returns printable text as it is without a search: that holds only if no
    character it escapes is printable, which every code point is tried for here."""
    from isoctl.diagnostics import _TERMINAL_UNSAFE, escape_controls

    unsafe = [chr(cp) for cp in range(0x110000) if _TERMINAL_UNSAFE.search(chr(cp))]
    assert len(unsafe) > 2000  # the C0/C1 controls, bidi, zero-width, surrogates, …
    assert not [c for c in unsafe if c.isprintable()]
    for c in unsafe:
        assert escape_controls(f"Kế hoạch {c} số 1") != f"Kế hoạch {c} số 1"
    assert escape_controls("Kế hoạch số 1/KH-SVHTT") == "Kế hoạch số 1/KH-SVHTT"
    assert escape_controls("a\tb\nc") == "a\tb\nc"
