"""isoctl done / set keep every comment where the user wrote it, over every task of every plan.

Each real plan gets, for every task, an end-of-line comment on the last line of its last field,
one on its ``when:`` line, and a comment line under it (which belongs to what follows). Every
task is then edited the ways ``done`` and ``set`` edit (a key added at the end or in the middle, a
value changed in place, a key removed) and the result is checked line by line:

- every line that was not edited is still there, byte for byte, in the same order;
- every comment line is still right above the line it was above (a line that was removed
  aside), and every end-of-line comment is still on the line of the same key;
- only a removed line's own end-of-line comment goes, with it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from isoctl.lint.fix import merge3
from isoctl.plan.files import load_plan
from isoctl.plan.roundtrip import RoundTrip
from isoctl.timeline.progress import apply, change_task, find_task

ROOT = Path(__file__).resolve().parents[2]
PLANS = sorted([*(ROOT / "plans").glob("*.yaml"), *(ROOT / "plans" / "examples").glob("*.yaml")])
MARK = "# ghi chú"
KEY = re.compile(r"^(\s*)(- )?([A-Za-z_]\w*):(?:\s|$)")
ID = re.compile(r"^\s*- id:\s*(\S+)")


def task_spans(text: str) -> list[tuple[str, int, int, int]]:
    """(id, first line, last line of its last field, field indent) of each task."""
    lines = text.splitlines()
    data = RoundTrip(text).data
    spans = []
    for phase in data["phases"]:
        for task in phase.get("tasks") or []:
            start = task.lc.line
            indent = len(lines[start]) - len(lines[start].lstrip(" -"))
            last = start
            for i in range(start + 1, len(lines)):
                line = lines[i]
                if line.strip() and not line.lstrip().startswith("#"):
                    if len(line) - len(line.lstrip(" ")) < indent:
                        break
                    last = i
            spans.append((str(task["id"]), start, last, indent))
    return spans


def commented(text: str) -> str:
    """``text`` with the three comments added to every task (the data unchanged)."""
    lines = text.splitlines()
    for task_id, start, last, indent in reversed(task_spans(text)):
        lines.insert(last + 1, " " * indent + f"{MARK}: dòng dưới {task_id}")
        lines[last] += f"  {MARK}: cuối {task_id}"
        for i in range(start, last):
            if re.fullmatch(rf" {{{indent}}}when: [^'\"#]+", lines[i]):
                lines[i] += f"  {MARK}: when {task_id}"
    out = "\n".join(lines) + "\n"
    assert yaml.load(out, Loader=yaml.CSafeLoader) == yaml.load(text, Loader=yaml.CSafeLoader)
    return out


def identities(text: str, keys: set[str]) -> list[tuple]:
    """One identity per line: ('edited', task, indent, key) for a line (or continuation line) of one
    of ``keys`` directly in a task, ('comment', text) for a comment or blank line, else ('line', text)
    (an end-of-line comment split off as ('eol', comment, identity of its line))."""
    out: list[tuple] = []
    task, field_indent, owner = None, None, None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            out.append(("comment", line))
            continue
        body, _, eol = line.partition(f"  {MARK}")
        found = ID.match(body)
        if found:
            task, field_indent = found.group(1), len(body) - len(body.lstrip(" -"))
        key = KEY.match(body)
        indent = len(body) - len(body.lstrip(" "))
        if key and not key.group(2) and indent == field_indent and key.group(3) in keys:
            owner = ("edited", task, indent, key.group(3))
            ident = owner
        elif owner is not None and not key and indent > owner[2]:
            ident = owner  # a continuation line of an edited value
        else:
            owner = None
            ident = ("line", body)
        out.append(ident if not eol else ("eol", MARK + eol, ident))
    return out


def check_comments_stay(before: str, after: str, keys: set[str]) -> None:
    old, new = identities(before, keys), identities(after, keys)
    present = {i[2] if i[0] == "eol" else i for i in new}
    # a removed key takes its lines and its own end-of-line comment with it
    removed = {i[2] if i[0] == "eol" else i for i in old if i[0] in ("edited", "eol")} - present
    old = [i for i in old if (i[2] if i[0] == "eol" else i) not in removed]

    def plain(ids: list[tuple]) -> list[tuple]:
        return [i for i in ids if i[0] != "edited" and not (i[0] == "eol" and i[2][0] == "edited")]

    assert plain(old) == plain(new), "a line that was not edited changed or moved"

    def anchored(ids: list[tuple]) -> list[tuple]:
        """Each comment with the line it sits on or above."""
        bare = [i[2] if i[0] == "eol" else i for i in ids]
        out = []
        for n, ident in enumerate(ids):
            if ident[0] == "eol":
                out.append((ident[1], "on", ident[2]))
            elif ident[0] == "comment":
                below = next((b for b in bare[n + 1:] if b[0] != "comment"), ("end",))
                out.append((ident[1], "above", below))
        return out

    assert anchored(old) == anchored(new), "a comment moved"


EDITS = {
    "done": lambda task, year: {"status": "done", "done_on": dt.date(year, 12, 1)},
    "note": lambda task, year: {"note": "Đã rà soát lại"},
    "when": lambda task, year: {"when": f"Tháng 12/{year}"},
    "remove": lambda task, year: {key: None for key in ("when", "note") if key in task},
}


def edit_every_task(text: str, year: int, edit) -> tuple[str, set[str]]:
    """``text`` with every task edited through the code ``done``/``set`` use (one document)."""
    rt = RoundTrip(text)
    base = rt.dump()
    keys: set[str] = set()
    for phase in rt.data["phases"]:
        for task in phase.get("tasks") or []:
            keys |= set(change_task(task, edit(task, year)))
    return merge3(text, base, rt.dump()), keys


@pytest.mark.parametrize("source", PLANS, ids=lambda p: p.stem)
@pytest.mark.parametrize("kind", EDITS)
def test_every_comment_stays_where_it_was_written(source, kind):
    original = source.read_text(encoding="utf-8")
    text = commented(original)
    year = yaml.load(original, Loader=yaml.CSafeLoader)["year"]
    after, keys = edit_every_task(text, year, EDITS[kind])
    assert keys and after != text
    check_comments_stay(text, after, keys)
    # and the edit is the one asked for, on the data
    want = yaml.load(original, Loader=yaml.CSafeLoader)
    for phase in want["phases"]:
        for task in phase.get("tasks") or []:
            for key, value in EDITS[kind](task, year).items():
                if value is None:
                    task.pop(key, None)
                else:
                    task[key] = value
    assert yaml.load(after, Loader=yaml.CSafeLoader) == want


@pytest.mark.parametrize("source", PLANS, ids=lambda p: p.stem)
def test_undoing_done_puts_the_comments_back(source):
    """done, then status=planned: the file is again as written, comments and all."""
    text = commented(source.read_text(encoding="utf-8"))
    year = yaml.load(text, Loader=yaml.CSafeLoader)["year"]
    done, _ = edit_every_task(text, year, EDITS["done"])
    rt = RoundTrip(done)
    base = rt.dump()
    for phase in rt.data["phases"]:
        for task in phase.get("tasks") or []:
            change_task(task, {"status": None, "done_on": None})
    assert merge3(done, base, rt.dump()) == text


def test_through_the_command(cli, tmp_path):
    """The same through ``isoctl set`` on the file: the last field's comment stays on its line."""
    source = ROOT / "plans" / "plan-2024.yaml"
    plan = tmp_path / source.name
    text = commented(source.read_text(encoding="utf-8"))
    plan.write_text(text, encoding="utf-8")
    task_id = task_spans(text)[0][0]
    assert cli("done", task_id, str(plan), "--on", "2024-06-30").exit_code == 0
    done = plan.read_text(encoding="utf-8")
    check_comments_stay(text, done, {"status", "done_on"})
    assert cli("set", task_id, "when=Tháng 7/2024", "note=Lùi", str(plan)).exit_code == 0
    check_comments_stay(done, plan.read_text(encoding="utf-8"), {"when", "note"})
    assert f"when: Tháng 7/2024  {MARK}: cuối {task_id}" in plan.read_text(encoding="utf-8")
    edit = apply(str(plan), task_id, {"status": "planned"}, today=dt.date(2024, 12, 1))
    check_comments_stay(edit.original, edit.text, {"status", "done_on"})
    assert find_task(RoundTrip(edit.text).data, task_id)["status"] == "planned"
    assert load_plan(str(plan)).year == 2024


SHAPES = f"""\
phases:
  - id: p
    tasks:
      - id: block-list
        outputs:
          - Báo cáo  {MARK}: b1
        {MARK}: dưới b1
      - id: flow-list
        lead: [VP]  {MARK}: b2

      {MARK}: dưới b2, sau dòng trống
      - id: nested
        written:
          partners: Phòng TCPC  {MARK}: b3
      - id: when-mapping
        when:  {MARK}: b4
          months: [7, 8]  {MARK}: b5
        {MARK}: dưới b5
      - id: quoted
        title: x
        note: "Ghi
          chú dài"  {MARK}: b6
      - id: aligned
        when: 6/2024                  {MARK}: b7
        note: a
      - id: when-flow
        when: {{months: [6, 8]}}  {MARK}: b8
        note: b
{MARK}: cuối tệp
"""


@pytest.mark.parametrize("kind", EDITS)
def test_comments_on_every_kind_of_last_field(kind):
    """A block list, a flow list, a nested map, a mapping schedule, a quoted scalar over two lines,
    an aligned comment: each edit keeps each comment in place."""
    after, keys = edit_every_task(SHAPES, 2024, EDITS[kind])
    check_comments_stay(SHAPES, after, keys)
    if kind == "when":
        assert f"when: Tháng 12/2024  {MARK}: b4" in after  # the mapping's lines go, the key's comment stays
        assert f"when: Tháng 12/2024           {MARK}: b7" in after  # still in its column
    if kind == "note":
        assert f'note: "Đã rà soát lại"  {MARK}: b6' in after  # its quotes and the gap the user left


def whole_document(text: str, task_id: str, values: dict) -> str:
    rt = RoundTrip(text)
    base = rt.dump()
    change_task(find_task(rt.data, task_id), values)
    return merge3(text, base, rt.dump())


@pytest.mark.parametrize("source", PLANS, ids=lambda p: p.stem)
def test_the_task_lines_alone_give_the_same_file(source):
    """done/set round-trip only the task's own lines (edit_lines): for every task of every plan,
    with and without the comments, each edit gives the file the whole-document round trip gives,
    and so does reading only the task's window of the loaded plan (task_window), as apply does."""
    from isoctl.plan.loader import load_text
    from isoctl.timeline.progress import edit_lines, task_window

    original = source.read_text(encoding="utf-8")
    year = yaml.load(original, Loader=yaml.CSafeLoader)["year"]
    for text in (original, commented(original)):
        loaded = load_text(text)
        paths = {task["id"]: ("phases", pi, "tasks", ti) for pi, phase in enumerate(loaded.data["phases"])
                 for ti, task in enumerate(phase.get("tasks") or [])}
        for task_id, *_ in task_spans(text):
            window = task_window(loaded, paths[task_id])
            for kind, edit in EDITS.items():
                task = find_task(RoundTrip(text).data, task_id)
                values = edit(task, year)
                local = edit_lines(text, task_id, values)
                assert local is not None, (task_id, kind)
                assert local[0] == whole_document(text, task_id, values), (task_id, kind)
                assert edit_lines(text, task_id, values, window) == local, (task_id, kind, window)


def test_a_flow_mapping_value_is_edited_with_the_task_lines():
    """A value written as a flow mapping (``when: {months: [6, 8]}``, as generated plans write
    schedules) is no reason to round-trip the whole document; a task that is itself a flow
    mapping is."""
    from isoctl.timeline.progress import edit_lines

    for task_id, *_ in task_spans(SHAPES):
        for kind, edit in EDITS.items():
            values = edit(find_task(RoundTrip(SHAPES).data, task_id), 2024)
            local = edit_lines(SHAPES, task_id, values)
            assert local is not None, (task_id, kind)
            assert local[0] == whole_document(SHAPES, task_id, values), (task_id, kind)
    flow = "year: 2024\nphases:\n  - id: p\n    tasks:\n      - {id: a, title: x, when: 6/2024}\n"
    assert edit_lines(flow, "a", {"status": "done"}) is None


@pytest.mark.parametrize("change", [
    lambda t: t.replace("      - id: cong-bo\n", "      - &a\n        id: cong-bo\n"),   # an anchor
    lambda t: t.replace("      - id: cong-bo\n", "      - id: !!str cong-bo\n"),       # a tag
    lambda t: t.replace("id: lap-ke-hoach", "id: cong-bo"),                               # found twice
    lambda t: t.replace("      - id: cong-bo\n", "      - id: cong-bo\n# left of the keys\n"),
    lambda t: t + "\nbroken: [\n",                                                        # not YAML
], ids=["anchor", "tag", "twice", "comment-left", "syntax"])
def test_not_certain_of_the_lines_means_the_whole_document(change):
    from isoctl.timeline.progress import edit_lines, task_lines

    text = change((ROOT / "plans" / "plan-2024.yaml").read_text(encoding="utf-8"))
    assert edit_lines(text, "cong-bo", {"status": "done"}) is None
    if "# left of the keys" in text:  # the lines are known, but cannot be cut out
        assert task_lines(text, "cong-bo") is not None


def test_a_crlf_bom_file_without_a_last_newline():
    from isoctl.timeline.progress import edit_lines

    text = (ROOT / "plans" / "plan-2024.yaml").read_text(encoding="utf-8")
    last = task_spans(text)[-1][0]
    odd = "\ufeff" + text.rstrip("\n").replace("\n", "\r\n")
    out, changed = edit_lines(odd, last, {"note": "Xong"})
    assert changed == ["note"] and out.startswith("\ufeff") and "\n" not in out.replace("\r\n", "")
    assert out.replace("\r\n", "\n").lstrip("\ufeff") == whole_document(text.rstrip("\n"), last, {"note": "Xong"})
