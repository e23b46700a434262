"""Record progress in a plan file: ``isoctl done`` and ``isoctl set``.

The edit goes through :class:`~isoctl.plan.roundtrip.RoundTrip` and is merged back into the file as
written (:func:`isoctl.lint.fix.merge3`), so comments, key order, quoting and every untouched line
stay byte-identical; the result is validated before it is written atomically.

Fields that can be set (:data:`FIELDS`): ``status`` (planned | in-progress | done | cancelled),
``done_on`` (a date; empty or ``null`` removes it), ``when`` (a schedule in the plan grammar) and
``note`` (text; empty removes it), and for the year-end report ``result`` (what was achieved),
``evidence`` (decisions, audit dates, findings that show it) and ``reason`` (why it is late or
cancelled), text like ``note``. ``done_on`` without ``status`` marks the task done; a status
other than ``done`` removes a stale ``done_on``; ``status=done`` without a date records today.
An unknown task id is a usage error (exit 2) listing the ids, closest first.

An edit must keep the plan valid: the edited plan is linted as ``validate`` lints it (with the
run's configuration) and an edit that introduces an error — a finding of error severity the plan
did not have before, matched by rule and identity as ``isoctl review`` matches them — is refused
(:class:`EditRefused`, exit 1, nothing written); so is a ``done_on`` outside the plan's year or
after today. ``force=True`` writes it anyway.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from isoctl.diagnostics import Finding, IsoctlError, UsageError
from isoctl.i18n import get_lang, nfc, tr
from isoctl.records import dataclass, field
from isoctl.suggest import close_matches

FIELDS: tuple[str, ...] = ("status", "done_on", "when", "note", "result", "evidence", "reason")
STATUSES: tuple[str, ...] = ("planned", "in-progress", "done", "cancelled")
# the order of a task's keys in the format, for placing a new key
_ORDER: tuple[str, ...] = ("id", "label", "group", "title", "lead", "partners", "outputs", "when", "activity",
                           "status", "done_on", "after", "note", "annotation", "result", "evidence", "reason")
_EMPTY = ("", "null", "none", "~")


class UnknownTask(UsageError):
    def __init__(self, task_id: str, ids: list[str], file: str) -> None:
        close = close_matches(task_id, ids, 5)
        ordered = close + [i for i in ids if i not in close]
        super().__init__(tr("no task '{t}' in this plan", "không có nhiệm vụ '{t}' trong kế hoạch này", t=task_id),
                         file=file,
                         hint=(tr("did you mean {c}? ", "có phải ý bạn là {c}? ", c=" or ".join(f"'{c}'" for c in close[:2]))
                               if close else "") + tr("task ids: {i}", "các mã nhiệm vụ: {i}", i=", ".join(ordered)))
        self.ids = ordered


class EditRefused(IsoctlError):
    """An edit that would make the plan worse: ``findings`` are the errors it would introduce
    (in ``text``, the plan as it would be written), or none for a refused date."""

    exit_code = 1

    def __init__(self, file: str, message: str, hint: str, findings: list[Finding] | None = None,
                 text: str = "") -> None:
        super().__init__(message, file=file, hint=hint)
        self.findings = findings or []
        self.text = text


_FORCE_HINT = ("--force writes it anyway", "--force để vẫn ghi")


@dataclass
class Edit:
    """What :func:`apply` changed: ``changes`` is ``[(field, old, new)]`` (None = absent)."""

    file: str
    task_id: str
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)
    text: str = ""
    original: str = ""
    introduced: list[Finding] = field(default_factory=list)  # findings the edit introduces (written: warnings, or forced)
    # [(key, isoctl.lint.incremental.State)] of the texts before and after, cached once the edit is written
    cache: list[Any] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.original


def parse_assignments(items: list[str]) -> dict[str, str]:
    """``["status=done", "done_on=2024-08-01"]`` → a dict; a bad item is a usage error."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or not name:
            raise UsageError(tr("'{i}' is not FIELD=VALUE", "'{i}' không có dạng FIELD=VALUE", i=item),
                             hint=tr("e.g. status=in-progress, done_on=2024-08-15", "ví dụ status=in-progress, done_on=2024-08-15"))
        if name not in FIELDS:
            close = close_matches(name, FIELDS)
            raise UsageError(tr("'{f}' cannot be set here", "không đặt được trường '{f}' bằng lệnh này", f=name),
                             hint=(tr("did you mean '{c}'? ", "có phải ý bạn là '{c}'? ", c=close[0]) if close else "")
                             + tr("fields: {f}", "các trường: {f}", f=", ".join(FIELDS)))
        if name in out:
            raise UsageError(tr("'{f}' is given twice", "trường '{f}' được ghi hai lần", f=name))
        out[name] = value.strip()
    if not out:
        raise UsageError(tr("nothing to set", "chưa có gì để đặt"), hint="isoctl set TASK_ID status=in-progress")
    return out


def _values(raw: dict[str, str], plan_year: int, today: dt.date, *, file: str = "<plan>",
            force: bool = False, years: tuple[int, int] | None = None) -> dict[str, Any]:
    """Check each value against the model; None means: remove the key."""
    from isoctl.plan.dates import parse_date
    from isoctl.plan.schedule import ScheduleError, parse_schedule

    values: dict[str, Any] = {}
    for name, text in raw.items():
        empty = text.lower() in _EMPTY
        if name == "status":
            if text not in STATUSES:
                close = close_matches(text, STATUSES)
                raise UsageError(tr("status '{v}' is not one of {s}", "trạng thái '{v}' không thuộc {s}",
                                    v=text, s=", ".join(STATUSES)),
                                 hint=tr("did you mean '{c}'?", "có phải ý bạn là '{c}'?", c=close[0]) if close else None)
            values[name] = text
        elif name == "done_on":
            values[name] = None if empty else parse_date(text, "done_on")
        elif name == "when":
            if empty:
                values[name] = None
                continue
            try:
                parse_schedule(text, plan_year=plan_year)
            except ScheduleError as exc:
                vi = get_lang() == "vi"
                raise UsageError(f"when: {exc.message_vi if vi else exc.message}",
                                 hint=(exc.hint_vi if vi else exc.hint)) from None
            values[name] = text
        else:
            values[name] = None if empty else text
    if "done_on" in values and values["done_on"] is not None and "status" not in values:
        values["status"] = "done"
    if values.get("status") == "done" and "done_on" not in values:
        values["done_on"] = today
    if values.get("status") not in (None, "done") and "done_on" not in values:
        values["done_on"] = None
    if values.get("status") not in (None, "done") and values.get("done_on") is not None:
        raise UsageError(tr("done_on is only for a task that is done", "done_on chỉ dùng cho nhiệm vụ đã hoàn thành"),
                         hint=tr("add status=done, or leave done_on out", "hãy thêm status=done, hoặc bỏ done_on"))
    day = values.get("done_on")
    if isinstance(day, dt.date) and not force and "done_on" in raw:
        if day > today:
            raise EditRefused(file, tr("done_on {d} is in the future (today is {t})",
                                       "done_on {d} là ngày trong tương lai (hôm nay là {t})", d=day, t=today),
                              tr("a task is recorded done on or before today; ", "chỉ ghi hoàn thành vào hôm nay hoặc trước đó; ")
                              + tr(*_FORCE_HINT))
        first, last = years or (plan_year, plan_year)  # a programme: any year of its period
        if not first <= day.year <= last:
            span = str(plan_year) if first == last else f"{first}-{last}"
            raise EditRefused(file, tr("done_on {d} is outside the plan's year {y}",
                                       "done_on {d} nằm ngoài năm của kế hoạch {y}", d=day, y=span),
                              tr("a task of the {y} plan is done in {y} (a typo in the year?); ",
                                 "nhiệm vụ của kế hoạch năm {y} được hoàn thành trong năm {y} (gõ nhầm năm?); ", y=plan_year)
                              + tr(*_FORCE_HINT))
    return values


def _comment_slot(node: Any, key: Any) -> tuple[Any, Any, int]:
    """Where ruamel keeps the comment that follows the value of ``node[key]``: ``(container, key,
    slot)``. For a block collection that is the entry of its last item, all the way down (a flow
    collection is one line: its comment is the key's)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    value = node[key]
    while isinstance(value, (CommentedMap, CommentedSeq)) and len(value) and not value.fa.flow_style():
        node, key = (value, list(value)[-1]) if isinstance(value, CommentedMap) else (value, len(value) - 1)
        value = node[key]
    return node, key, 2 if isinstance(node, CommentedMap) else 0


def _comment_token(node: Any, key: Any) -> Any:
    container, k, slot = _comment_slot(node, key)
    entry = container.ca.items.get(k)
    return entry[slot] if entry and len(entry) > slot else None


def _take_comment(node: Any, key: Any) -> tuple[Any, str]:
    """Split the comment after ``node[key]``'s value: the end-of-line comment stays on its line
    (returned as its token, still in place, or None); the comment and blank lines under it, which
    belong to what follows, are detached and returned as token text starting with ``\\n`` ('' if none)."""
    container, k, slot = _comment_slot(node, key)
    entry = container.ca.items.get(k)
    token = entry[slot] if entry and len(entry) > slot else None
    if token is None:
        return None, ""
    value = token.value
    if value.startswith("#"):  # ruamel: '# eol\n' + the lines under it
        eol, _, rest = value.partition("\n")
        token.value = eol + "\n"
        return token, ("\n" + rest) if rest else ""
    entry[slot] = None
    if not any(entry):
        del container.ca.items[k]
    return None, value


def _give_comment(node: Any, key: Any, text: str, like: Any) -> None:
    """Put comment lines (token text starting with ``\\n``) after ``node[key]``'s value, after any
    comment already there."""
    from ruamel.yaml.tokens import CommentToken

    if not text:
        return
    container, k, slot = _comment_slot(node, key)
    entry = container.ca.items.setdefault(k, [None, None, None, None])
    while len(entry) <= slot:
        entry.append(None)
    if entry[slot] is not None:
        entry[slot].value = entry[slot].value + text[1:]
    else:
        entry[slot] = CommentToken(text, like.start_mark, like.end_mark) if like is not None \
            else CommentToken(text, column=0)


def _set_key(task: Any, key: str, value: Any) -> None:
    """Set ``task[key]``; a new key goes where the format orders it. A comment stays where it
    was written: an end-of-line comment on its line, comment lines above what they were above
    (so a new key goes in before them)."""
    if key in task:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        from isoctl.plan.roundtrip import kept_comment

        if isinstance(task[key], (CommentedMap, CommentedSeq)):  # its lines go; the comment lines under them stay
            like = _comment_token(task, key)
            _, moved = _take_comment(task, key)
            task[key] = value
            entry = task.ca.items.get(key)
            if entry and len(entry) > 2 and entry[2] is not None:  # the comment on the key's own line
                entry[2] = kept_comment(entry[2])
            _give_comment(task, key, moved, like)
            return
        container, k, slot = _comment_slot(task, key)
        entry = container.ca.items.get(k)
        if entry and len(entry) > slot and entry[slot] is not None:
            entry[slot] = kept_comment(entry[slot])
        task[key] = value
        return
    rank = _ORDER.index(key)
    keys = list(task)
    position = len(keys)
    for i, existing in enumerate(keys):
        if existing in _ORDER and _ORDER.index(existing) > rank:
            position = i
            break
    moved, like = "", None
    if position:
        like = _comment_token(task, keys[position - 1])
        _, moved = _take_comment(task, keys[position - 1])
    task.insert(position, key, value)
    _give_comment(task, key, moved, like)


def _delete_key(task: Any, key: str) -> None:
    """Remove ``task[key]`` with its line (and its end-of-line comment); the comment lines under
    it stay above what follows."""
    if key not in task:
        return
    keys = list(task)
    position = keys.index(key)
    container, k, _ = _comment_slot(task, key)
    like = _comment_token(task, key)
    eol, moved = _take_comment(task, key)
    if eol is not None:
        container.ca.items.pop(k, None)
    del task[key]
    if position:
        _give_comment(task, keys[position - 1], moved, like)


def change_task(task: Any, values: dict[str, Any]) -> list[str]:
    """Set (None: remove) each of ``values`` in ``task``, a task of a round-trip document, and
    return the keys that changed. Comments stay where they were written (:func:`_set_key`)."""
    changed = []
    for key, value in values.items():
        current = task.get(key)
        if isinstance(current, str):
            current = current.strip()
        if current == value or (value is None and key not in task):
            continue
        if value is None:
            _delete_key(task, key)
        else:
            _set_key(task, key, value)
        changed.append(key)
    return changed


class _NotCertain(Exception):
    pass


def task_lines(text: str, task_id: str, window: Window | None = None) -> tuple[int, int, int] | None:
    """(first line, last line, key column), 0-based, of the task ``task_id``'s own lines, found
    with libyaml's event parser (no document is built); None when isoctl is not certain of them:
    a syntax error, the task not found or found twice, itself a flow mapping, with anchors,
    aliases or tags, or nested past Python's recursion limit (a flow mapping or sequence as a
    value, ``when: {months: [6, 8]}``, is round-tripped with the task's lines). With a
    ``window`` (:func:`task_window`, from the plan as loaded, which has each task once) only the
    window's lines are parsed."""
    import yaml

    offset, base = 0, ()
    if window is not None:
        offset, stop, col, base = window
        lines = text.splitlines(keepends=True)[offset:stop]
        if not lines or len(lines[0]) <= col:
            return None
        text = " " * col + lines[0][col:] + "".join(lines[1:])  # the task's mapping alone, where it stands

    wanted = nfc(task_id)
    found: list[tuple[int, int, int]] = []
    odd = [0]  # anchors, aliases, tags and tasks written as flow mappings seen so far

    def last_line(mark: Any) -> int:
        return mark.line if mark.column else mark.line - 1

    def walk(ev: Any, path: tuple[Any, ...], events: Any) -> int:
        """Consume the node that starts with ``ev``; the last line its text is on."""
        before = odd[0]
        if isinstance(ev, yaml.AliasEvent) or ev.anchor or ev.tag:
            odd[0] += 1
        if isinstance(ev, (yaml.ScalarEvent, yaml.AliasEvent)):
            return last_line(ev.end_mark)
        last = ev.start_mark.line
        if isinstance(ev, yaml.SequenceStartEvent):
            i = 0
            for item in events:
                if isinstance(item, yaml.SequenceEndEvent):
                    return max(last, last_line(item.end_mark)) if ev.flow_style else last
                last = max(last, walk(item, (*path, i), events))
                i += 1
            raise _NotCertain
        is_task = len(path) == 4 and path[0] == "phases" and path[2] == "tasks"
        if ev.flow_style and is_task:
            odd[0] += 1
        match = False
        for key in events:
            if isinstance(key, yaml.MappingEndEvent):
                if ev.flow_style:
                    last = max(last, last_line(key.end_mark))
                break
            if not isinstance(key, yaml.ScalarEvent):
                raise _NotCertain  # a complex key: not a plan isoctl edits in place
            last = max(last, last_line(key.end_mark))
            value = next(events)
            if is_task and key.value == "id" and isinstance(value, yaml.ScalarEvent) and nfc(value.value) == wanted:
                match = True
            last = max(last, walk(value, (*path, key.value), events))
        if match:
            if odd[0] != before:
                raise _NotCertain
            found.append((ev.start_mark.line, last, ev.start_mark.column))
        return last

    try:
        events = iter(yaml.parse(text, Loader=yaml.CSafeLoader))
        for ev in events:
            if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.ScalarEvent, yaml.AliasEvent)):
                walk(ev, base, events)
    except (yaml.YAMLError, _NotCertain, RecursionError, StopIteration):
        return None
    if len(found) != 1:
        return None
    first, last, col = found[0]
    return first + offset, last + offset, col


Window = tuple[int, int, int, tuple[Any, ...]]


def task_window(loaded: Any, path: tuple[Any, ...]) -> Window | None:
    """The lines :func:`task_lines` needs to read for the task at ``path`` of a loaded plan
    (:class:`~isoctl.plan.loader.Loaded`): from the line its mapping starts on to the line of
    what follows it (where libyaml ends a block mapping), as ``(first, stop, column, path)``."""
    from isoctl.plan.loader import window

    w = window(loaded, path)
    return None if w is None else (*w, tuple(path))


def edit_lines(original: str, task_id: str, values: dict[str, Any],
               window: Window | None = None) -> tuple[str, list[str]] | None:
    """``original`` with task ``task_id`` edited (:func:`change_task`) and the keys that changed,
    by a round trip of the task's own lines only: the rest of the file is not parsed into a
    document, nor written again (a 10,000-task plan costs what a one-task plan costs). None when
    :func:`task_lines` is not certain of the task's lines, or they are not all indented at least
    as far as its keys. ``window``: see :func:`task_lines`."""
    from isoctl.lint.fix import merge3
    from isoctl.plan.roundtrip import RoundTrip

    bom = "\ufeff" if original.startswith("\ufeff") else ""
    text = original[len(bom):]
    where = task_lines(text, task_id, window)
    if where is None:
        return None
    first, last, col = where
    lines = text.splitlines(keepends=True)
    head = lines[first][:col]
    if head.strip(" -") or not lines[first][col:].strip():
        return None
    block = [" " * 0 + lines[first][col:]]
    for line in lines[first + 1:last + 1]:
        if line.strip() and (len(line) - len(line.lstrip(" ")) < col):
            return None  # a comment or text left of the task's keys
        block.append(line[col:] if line.strip() else line.lstrip(" "))
    if not block[-1].endswith("\n"):
        block[-1] += "\r\n" if block[0].endswith("\r\n") else "\n"
        trailing = False
    else:
        trailing = True
    source = "".join(block)
    rt = RoundTrip(source)
    base = rt.dump()
    changed = change_task(rt.data, values)
    if not changed:
        return original, []
    edited = merge3(source, base, rt.dump()).splitlines(keepends=True)
    out = [head + edited[0]] + [" " * col + line if line.strip() else line for line in edited[1:]]
    if not trailing:
        out[-1] = out[-1].rstrip("\r\n")
    return bom + "".join(lines[:first] + out + lines[last + 1:]), changed


def find_task(data: Any, task_id: str) -> Any:
    for phase in data.get("phases") or []:
        for task in (phase or {}).get("tasks") or []:
            if isinstance(task, dict) and isinstance(task.get("id"), str) and nfc(task["id"]) == nfc(task_id):
                return task
    return None


def apply(path: str, task_id: str, raw: dict[str, str], *, today: dt.date | None = None,
          config: Any = None, force: bool = False, incremental: bool = True) -> Edit:
    """Set ``raw`` fields of task ``task_id`` in the plan file ``path`` and return the edit
    (not yet written: call :func:`save`). The edited plan is linted under ``config`` (default:
    none); an edit that introduces an error raises :class:`EditRefused` unless ``force``.

    With ``incremental`` (the default) the findings of the edited plan come from those of the
    plan as read, kept in :mod:`isoctl.lint.cache` by the text's digest, with only the edited
    task read again (:mod:`isoctl.lint.incremental`); they are what a full lint gives. Where
    that cannot be trusted, or with ``incremental=False``, the plan is read and linted whole."""
    from isoctl.lint.config import Config
    from isoctl.plan.files import read_source

    today = today or dt.date.today()
    config = config if config is not None else Config()
    original, _name = read_source(path)
    read = None
    if incremental:
        done, read = _apply_incremental(path, original, task_id, raw, today, config, force)
        if done is not None:
            return done
    return _apply_whole(path, original, task_id, raw, today, config, force, read)


def _apply_incremental(path: str, original: str, task_id: str, raw: dict[str, str], today: dt.date,
                       config: Any, force: bool) -> tuple[Edit | None, Any]:
    """:func:`apply` from the cached state of the plan (made now when there is none); (None, the
    plan as read if it was read) when the edit must go the whole way."""
    import os

    from isoctl.lint import cache
    from isoctl.lint import incremental as inc
    from isoctl.lint import snapshots as kept
    from isoctl.lint.engine import finish_raw
    from isoctl.lint.identity import match
    from isoctl.plan.files import InvalidPlan
    from isoctl.plan.law import years
    from isoctl.plan.validate import check_text

    if not os.path.isfile(path):
        return None, None
    context = inc.context(config)
    key = cache.entry_key(original, context)
    payload = cache.load(path, key)
    state = inc.State.from_json(payload, path) if payload is not None else None
    read = None
    partial = False  # the plan is not linted whole: only what the edit can change (below)
    if state is None:
        read = check_text(original.lstrip("\ufeff"), path, fast=True)
        errors = sorted(f for f in read.findings if f.severity == "error")
        if read.plan is None or errors:
            raise InvalidPlan(path, errors or sorted(read.findings), read.loaded.text)
        partial = len(read.plan.tasks()) > inc.CACHE_TASKS
        state = inc.structure_of(read) if partial else inc.state_of(read, config)
        if state is None:
            return None, read
        keep = [(key, state)]  # kept with the edited text's once the edit is written
    else:
        keep = []
        partial = state.partial
    wanted = nfc(task_id)
    matching = [i for i in state.ids if nfc(i) == wanted]
    if not matching:
        raise UnknownTask(task_id, state.ids, path)
    task_id = matching[0]
    k = state.ids.index(task_id)
    old = inc.reduced_plan(original, state, k, path)
    if old is None:
        return None, read
    plan = old.plan
    values = _values(raw, plan.year, today, file=path, force=force, years=years(plan))
    pi, ti, first, stop, col = state.tasks[k]
    local = edit_lines(original, task_id, values, (first, stop, col, ("phases", pi, "tasks", ti)))
    if local is None:
        return None, read
    text, changed = local
    edit = Edit(path, task_id, original=original, text=original)
    was_task = plan.tasks()[0][1]
    for name in changed:
        was = getattr(was_task, name, None)
        edit.changes.append((name, was.format() if name == "when" and was is not None else was, values[name]))
    if not edit.changes:
        return edit, read
    if partial:
        found = inc.edit_findings(state, read, original, text, k, config, path, old,
                                  snapshot=lambda: kept.load(path, key))
        if found is None:
            return None, read
        edit.text = text
        before_found = finish_raw(found[0], path, original.lstrip("\ufeff"), old.loaded.data, config)
        after_found = finish_raw(found[1], path, text.lstrip("\ufeff"), old.loaded.data, config)
        edit.introduced = sorted(match(sorted(after_found), sorted(before_found))[0]) if after_found else []
        if any(f.code == "X001" for f in edit.introduced):
            # a suppression that suppresses nothing in the edited task may still suppress
            # something elsewhere (ignore-file, a block around it), which only a whole lint sees
            return None, read
        if found[4] is not None:  # the plan as read, with the plan-wide findings this edit found on it
            keep = [(key, found[4])]
        after_key = cache.entry_key(text, context)
        edit.cache = [*keep, (after_key, found[3])]
        edit.cache += [(key if side == "before" else after_key, snapshot) for side, snapshot in found[5]]
        if not found[2]:  # no plan-wide rule ran: the plan written gets a snapshot if the plan read has one
            linked = kept.linked(path, key, lambda: inc.edit_link(original, text, found[3], k, path))
            if linked is not None:
                edit.cache.append((after_key, linked))
        _refuse(edit, force, text.lstrip("\ufeff"))
        return edit, read
    after = inc.after_edit(state, original, text, k, config, path, old=old)
    if after is None:
        return None, read
    new_state, _full = after
    edit.text = text
    before_found = finish_raw(state.findings, path, original.lstrip("\ufeff"), old.loaded.data, config)
    after_found = finish_raw(new_state.findings, path, text.lstrip("\ufeff"), old.loaded.data, config)
    edit.introduced = sorted(match(sorted(after_found), sorted(before_found))[0]) if after_found else []
    edit.cache = [*keep, (cache.entry_key(text, context), new_state)]
    _refuse(edit, force, text.lstrip("\ufeff"))
    return edit, read


def _refuse(edit: Edit, force: bool, shown: str) -> None:
    new_errors = [f for f in edit.introduced if f.severity == "error"]
    if new_errors and not force:
        raise EditRefused(edit.file, tr("the edit would introduce {n} error(s); the file is unchanged",
                                        "thay đổi này sẽ gây ra {n} lỗi; tệp được giữ nguyên", n=len(new_errors)),
                          tr("correct the value, or " + _FORCE_HINT[0], "hãy sửa giá trị, hoặc " + _FORCE_HINT[1]),
                          new_errors, shown)


def _apply_whole(path: str, original: str, task_id: str, raw: dict[str, str], today: dt.date,
                 config: Any, force: bool, read: Any = None) -> Edit:
    """:func:`apply` reading and linting the plan whole, before and after (``read``: the plan
    as read, when it already was)."""
    from isoctl.lint.fix import merge3
    from isoctl.plan.files import InvalidPlan
    from isoctl.plan.roundtrip import RoundTrip
    from isoctl.plan.validate import check_text

    checked = read if read is not None else check_text(original.lstrip("\ufeff"), path, fast=True)
    errors = sorted(f for f in checked.findings if f.severity == "error")
    if checked.plan is None or errors:
        raise InvalidPlan(path, errors or sorted(checked.findings), checked.loaded.text)
    plan, read = checked.plan, checked
    wanted = nfc(task_id)
    tasks = plan.tasks()
    ids = [t.id for _, t in tasks]
    matching = [i for i in ids if nfc(i) == wanted]
    if not matching:
        raise UnknownTask(task_id, ids, path)
    task_id = matching[0]
    from isoctl.plan.law import years

    values = _values(raw, plan.year, today, file=path, force=force, years=years(plan))
    (pi, ti), old = next(item for item in tasks if item[1].id == task_id)
    edit = Edit(path, task_id, original=original, text=original)
    local = edit_lines(original, task_id, values, task_window(read.loaded, plan.task_path(pi, ti)))
    if local is not None:
        text, changed = local
    else:  # the whole document through ruamel, merged back into the text as written
        rt = RoundTrip(original, path)
        before = rt.dump()
        changed = change_task(find_task(rt.data, task_id), values)
        text = merge3(original, before, rt.dump()) if changed else original
    for key in changed:
        was = getattr(old, key, None)
        edit.changes.append((key, was.format() if key == "when" and was is not None else was, values[key]))
    if not edit.changes:
        return edit
    checked = check_text(text.lstrip("\ufeff"), path, fast=True)
    errors = sorted(f for f in checked.findings if f.severity == "error")
    if checked.plan is None or errors:
        raise InvalidPlan(path, errors, checked.loaded.text)
    edit.text = text
    edit.introduced = _introduced(read, checked, config)
    _refuse(edit, force, checked.loaded.text)
    return edit


def _introduced(read: Any, edited: Any, config: Any) -> list[Finding]:
    """The findings ``validate`` would report on the edited plan that the plan as read did not
    have (both schema-checked), matched by rule and identity (:mod:`isoctl.lint.identity`). The
    plan as read is linted only when the edited one has findings (else none is new), and only
    by the rules that found them: a finding is matched with findings of its own rule only."""
    from isoctl.lint.config import Config
    from isoctl.lint.engine import lint_checked
    from isoctl.lint.identity import match

    config = config if config is not None else Config()
    after = lint_checked(edited, config).findings
    if not after:
        return []
    before = lint_checked(read, config, only={f.code for f in after}).findings
    new, _gone = match(sorted(after), sorted(before))
    return sorted(new)


def save(edit: Edit) -> None:
    """Write the edit, unless the file is no longer the one :func:`apply` read
    (:class:`~isoctl.fsutil.FileChanged`, nothing written)."""
    from isoctl.fsutil import write_atomic

    if edit.changed:
        write_atomic(edit.file, edit.text, force=True, unchanged=edit.original.encode("utf-8"))
        if edit.cache:
            from isoctl.lint import snapshots as kept

            for key, item in edit.cache:  # after the write: a cache never takes a plan's disk space
                try:
                    kept.keep(edit.file, key, item)
                except TypeError:  # a finding an entry cannot hold: not cached
                    pass


def record(path: str, task_id: str, raw: dict[str, str], *, today: dt.date | None = None,
           config: Any = None, force: bool = False) -> Edit:
    """:func:`apply` then :func:`save`, holding the plan's edit lock: two ``done``/``set`` at
    once on one plan run one after the other, and neither loses the other's change."""
    from isoctl.fsutil import edit_lock
    from isoctl.lint.engine import collect_by_hand

    # one plan of 10,000 tasks is some million objects alive at once: the cyclic collector
    # would scan them over and over (two thirds of the time), while reference counting frees them
    with edit_lock(path), collect_by_hand(True):
        edit = apply(path, task_id, raw, today=today, config=config, force=force)
        save(edit)
    return edit


def describe(edit: Edit) -> list[str]:
    """One line per change, for the terminal."""
    def show(v: Any) -> str:
        if v is None:
            return "—"
        return v.isoformat() if isinstance(v, dt.date) else str(v)

    if not edit.changes:
        return [tr("{t}: nothing to change", "{t}: không có gì thay đổi", t=edit.task_id)]
    return [f"{edit.task_id}: {name} {show(old)} → {show(new)}" for name, old, new in edit.changes]
