"""A plan as read, kept without its text: its data and the position of every key and value, task
by task, so that the plan after an edit of one task is made without reading the others.

An edit (``done``/``set``) changes the lines ``[first, stop)`` of one task and nothing else: every
other line keeps its text and moves by the lines the edit added. So the loaded plan after the
edit (:class:`~isoctl.plan.loader.Loaded`: data, ``values``, ``keys``) is the one before with that
task's data and positions replaced, the positions below it moved, and nothing else changed
(:meth:`Snapshot.spliced`). The positions are looked up task by task, when asked for: a rule
that points at three tasks unpacks three. On a 10,000-task plan that is a few hundredths of a
second, where reading the edited text takes most of one.

A snapshot is JSON (:meth:`Snapshot.to_json`), kept by :mod:`isoctl.lint.cache` like its other
entries: each task's data as a JSON text of its own (dates listed apart) and its positions as
packed integers, so that a splice re-encodes one task. Kept whole it is large (8 MB for 10,000
tasks), so the plan an edit writes is kept as the snapshot it was spliced into and the edit
(:meth:`Snapshot.chain`, :class:`Linked`: a few KB), up to :data:`MAX_LINKS` edits since one kept
whole. ``tests/plan/test_snapshot.py`` checks that a spliced plan is the one
:func:`~isoctl.plan.loader.load_text` reads from the edited text: the same data, the same
positions in the same order, the same checks across tasks.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import sys
from array import array
from collections.abc import Iterator
from typing import Any

from isoctl.diagnostics import YamlPath
from isoctl.plan.loader import Loaded, Position

VERSION = 1
MAX_LINKS = 32  # edits a snapshot is kept as (after the one kept whole), before it is kept whole again
_DUMP = {"ensure_ascii": False, "separators": (",", ":")}


class Broken(ValueError):
    """A snapshot that does not hold what it says (a task's positions and data disagree)."""


def _walk(node: Any, path: YamlPath, values: list[YamlPath], keys: list[YamlPath]) -> None:
    """The paths of ``node``'s values and keys in the loader's order (each value before what it
    holds, a mapping's key before its value)."""
    values.append(path)
    if type(node) is dict:
        for k, v in node.items():
            p = (*path, k)
            keys.append(p)
            _walk(v, p, values, keys)
    elif type(node) is list:
        for i, v in enumerate(node):
            _walk(v, (*path, i), values, keys)


def _plain(node: Any, path: list[Any], dates: list[list[Any]]) -> Any:
    if type(node) is dict:
        out = {}
        for k, v in node.items():
            path.append(k)
            out[k] = _plain(v, path, dates)
            path.pop()
        return out
    if type(node) is list:
        items = []
        for i, v in enumerate(node):
            path.append(i)
            items.append(_plain(v, path, dates))
            path.pop()
        return items
    if isinstance(node, dt.date):  # datetime is a date too
        dates.append([list(path), "datetime" if isinstance(node, dt.datetime) else "date", node.isoformat()])
        return None
    return node


def _encode(node: Any) -> tuple[str, list[list[Any]]]:
    """``node`` as JSON text, and its dates (JSON has none) as ``[path, kind, iso]``."""
    try:
        return json.dumps(node, **_DUMP), []
    except TypeError:
        dates: list[list[Any]] = []
        return json.dumps(_plain(node, [], dates), **_DUMP), dates


def _decode(text: str, dates: list[list[Any]]) -> Any:
    return _restore(json.loads(text), dates)


def _restore(node: Any, dates: list[list[Any]]) -> Any:
    """``node`` with its ``dates`` (:func:`_encode`) put back."""
    for path, kind, iso in dates:
        value = (dt.datetime if kind == "datetime" else dt.date).fromisoformat(iso)
        if not path:
            return value
        parent = node
        for p in path[:-1]:
            parent = parent[p]
        parent[path[-1]] = value
    return node


def _pack(positions: list[Position]) -> str:
    a = array("i")
    for p in positions:
        a.extend((p.line, p.col, p.end_line, p.end_col, p.quoted))
    return base64.b64encode(a.tobytes()).decode("ascii")


def _unpack(text: str) -> array:
    a = array("i")
    a.frombytes(base64.b64decode(text))
    return a


class _Task:
    __slots__ = ("pi", "ti", "data", "dates", "values", "keys", "shift")

    def __init__(self, pi: int, ti: int, data: str, dates: list[list[Any]], values: str, keys: str,
                 shift: int) -> None:
        self.pi, self.ti, self.data, self.dates = pi, ti, data, dates
        self.values, self.keys, self.shift = values, keys, shift

    def to_json(self) -> list[Any]:
        return [self.pi, self.ti, self.data, self.dates, self.values, self.keys, self.shift]


def _record(task: Loaded, pi: int, ti: int) -> _Task:
    """The data and positions of the task at ``phases[0].tasks[0]`` of ``task``, as task ``(pi, ti)``."""
    node = task.data["phases"][0]["tasks"][0]
    vp: list[YamlPath] = []
    kp: list[YamlPath] = []
    _walk(node, ("phases", 0, "tasks", 0), vp, kp)
    text, dates = _encode(node)
    return _Task(pi, ti, text, dates, _pack([task.values[p] for p in vp]), _pack([task.keys[p] for p in kp]), 0)


def edit_link(task: Loaded, k: int, pi: int, ti: int, stop: int, delta: int) -> list[Any]:
    """The edit :meth:`Snapshot.spliced` makes, as :meth:`Snapshot.chain` lists it: for a plan
    whose snapshot is kept as another one and edits, without that snapshot."""
    return [k, _record(task, pi, ti).to_json(), stop, delta]


class Linked:
    """A snapshot kept as the one kept whole under ``base`` and the ``edits`` made since."""

    def __init__(self, base: str, edits: list[Any]) -> None:
        self.base, self.edits = base, edits

    def to_json(self) -> dict[str, Any]:
        return {"base": self.base, "edits": self.edits}


class Snapshot:
    """The data and positions of one plan text whose tasks are ``phases[pi].tasks[ti]`` for the
    ``(pi, ti)`` of ``tasks`` (in file order, as :class:`isoctl.lint.incremental.State` has them)."""

    def __init__(self, head: str, head_dates: list[list[Any]], head_values: list[list[Any]],
                 head_keys: list[list[Any]], tasks: list[_Task]) -> None:
        self.head, self.head_dates = head, head_dates
        self.head_values, self.head_keys = head_values, head_keys  # [path, line, col, end_line, end_col, quoted]
        self.tasks = tasks
        self.index = {(t.pi, t.ti): k for k, t in enumerate(tasks)}
        self._data: Any = None
        # kept whole under ``origin[0]`` with the edits ``origin[1]`` made since (see chain())
        self.origin: tuple[str, list[Any]] | None = None
        self.parent: Snapshot | None = None
        self.link: list[Any] | None = None
        self._head_tables: tuple[dict[YamlPath, Position], dict[YamlPath, Position]] | None = None
        self._task_tables: dict[int, tuple[dict[YamlPath, Position], dict[YamlPath, Position]]] = {}

    @classmethod
    def of(cls, loaded: Loaded, where: list[tuple[int, int]]) -> Snapshot:
        """The snapshot of a loaded plan whose tasks are at ``where`` (``(pi, ti)``, file order)."""
        index = {w: k for k, w in enumerate(where)}
        per_values: list[list[Position]] = [[] for _ in where]
        per_keys: list[list[Position]] = [[] for _ in where]
        heads: tuple[list[list[Any]], list[list[Any]]] = ([], [])
        for table, per, head in ((loaded.values, per_values, heads[0]), (loaded.keys, per_keys, heads[1])):
            for path, pos in table.items():
                k = index.get((path[1], path[3])) if len(path) >= 4 and path[0] == "phases" and path[2] == "tasks" else None
                if k is None:
                    head.append([list(path), pos.line, pos.col, pos.end_line, pos.end_col, pos.quoted])
                else:
                    per[k].append(pos)
        data = loaded.data
        phases = data["phases"]
        head_data = {**data, "phases": [{**p, "tasks": [None] * len(p["tasks"])} if isinstance(p, dict) and isinstance(
            p.get("tasks"), list) else p for p in phases]}
        head, head_dates = _encode(head_data)
        tasks = []
        for k, (pi, ti) in enumerate(where):
            text, dates = _encode(phases[pi]["tasks"][ti])
            tasks.append(_Task(pi, ti, text, dates, _pack(per_values[k]), _pack(per_keys[k]), 0))
        snap = cls(head, head_dates, heads[0], heads[1], tasks)
        snap._data = data
        return snap

    def data(self) -> Any:
        """The plan's data (decoded once)."""
        if self._data is None:
            try:
                data = _decode(self.head, self.head_dates)
                phases = data["phases"]
                # one parse of all the tasks' texts, not one a task (a third of the time)
                every = json.loads("[" + ",".join(t.data for t in self.tasks) + "]")
                for t, node in zip(self.tasks, every, strict=True):
                    phases[t.pi]["tasks"][t.ti] = _restore(node, t.dates) if t.dates else node
            except (ValueError, TypeError, KeyError, IndexError) as exc:
                raise Broken(f"the data does not read back: {exc}") from exc
            self._data = data
        return self._data

    def loaded(self, file: str, text: str) -> Loaded:
        """The :class:`Loaded` of ``text``, the plan this snapshot was made of (or spliced into)."""
        return Loaded(file=file, text=text, data=self.data(), values=_Positions(self, 0), keys=_Positions(self, 1),
                      crlf="\r\n" in text)

    def spliced(self, k: int, task: Loaded, stop: int, delta: int) -> Snapshot:
        """This plan with task ``k`` replaced by the one in ``task`` (a text with that task at
        ``phases[0].tasks[0]``, on the lines it has in the edited plan), the lines from ``stop``
        (0-based, the end of task ``k`` before the edit) on moved by ``delta``."""
        t = self.tasks[k]
        record = _record(task, t.pi, t.ti)
        return self._with(k, record, task.data["phases"][0]["tasks"][0], stop, delta)

    def applied(self, link: Any) -> Snapshot | None:
        """This plan with the edit ``link`` (:meth:`chain`) made, or None when it is not one."""
        try:
            k, record, stop, delta = link
            record = _Task(*record)
            if not (type(k) is int and 0 <= k < len(self.tasks) and type(stop) is int and type(delta) is int
                    and (record.pi, record.ti) == (self.tasks[k].pi, self.tasks[k].ti) and record.shift == 0
                    and all(isinstance(x, str) for x in (record.data, record.values, record.keys))):
                return None
        except (TypeError, ValueError):
            return None
        try:
            node = _decode(record.data, record.dates)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise Broken(f"an edit's data does not read back: {exc}") from exc
        return self._with(k, record, node, stop, delta)

    def _with(self, k: int, record: _Task, node: Any, stop: int, delta: int) -> Snapshot:
        tasks = [(_Task(o.pi, o.ti, o.data, o.dates, o.values, o.keys, o.shift + delta) if j > k and delta else o)
                 for j, o in enumerate(self.tasks)]
        tasks[k] = record

        def move(rows: list[list[Any]]) -> list[list[Any]]:
            if not delta:
                return rows
            return [[p, ln + delta if ln > stop else ln, c, e + delta if e > stop else e, ec, q]
                    for p, ln, c, e, ec, q in rows]

        snap = Snapshot(self.head, self.head_dates, move(self.head_values), move(self.head_keys), tasks)
        data = self.data()
        phases = list(data["phases"])
        phase = dict(phases[record.pi])
        phase["tasks"] = list(phase["tasks"])
        phase["tasks"][record.ti] = node
        phases[record.pi] = phase
        snap._data = {**data, "phases": phases}
        snap.parent, snap.link = self, [k, record.to_json(), stop, delta]
        return snap

    def chain(self) -> tuple[str, list[Any]] | None:
        """This snapshot as one kept whole (its cache key) and the edits made since (at most
        :data:`MAX_LINKS`), or None when it has to be kept whole itself."""
        if self.origin is not None:
            return self.origin
        if self.parent is None:
            return None
        before = self.parent.chain()
        if before is None or len(before[1]) >= MAX_LINKS:
            return None
        return before[0], [*before[1], self.link]

    def to_json(self) -> dict[str, Any]:
        return {"version": VERSION, "byteorder": sys.byteorder, "itemsize": array("i").itemsize,
                "head": self.head, "head_dates": self.head_dates, "head_values": self.head_values,
                "head_keys": self.head_keys, "tasks": [t.to_json() for t in self.tasks]}

    @classmethod
    def from_json(cls, payload: Any) -> Snapshot | None:
        """The snapshot in a cache entry, or None when it is not one this isoctl wrote here."""
        try:
            if (payload.get("version") != VERSION or payload.get("byteorder") != sys.byteorder
                    or payload.get("itemsize") != array("i").itemsize):
                return None
            tasks = [_Task(*t) for t in payload["tasks"]]
            head, head_dates = payload["head"], payload["head_dates"]
            heads = payload["head_values"], payload["head_keys"]
            if not (isinstance(head, str) and all(isinstance(t.data, str) and isinstance(t.values, str)
                                                  and isinstance(t.keys, str) and type(t.shift) is int
                                                  for t in tasks)
                    and all(isinstance(rows, list) and all(isinstance(r, list) and len(r) == 6 for r in rows)
                            for rows in heads)):
                return None
            return cls(head, head_dates, heads[0], heads[1], tasks)
        except (AttributeError, KeyError, TypeError, ValueError):
            return None

    def _head_table(self, which: int) -> dict[YamlPath, Position]:
        if self._head_tables is None:
            self._head_tables = tuple({tuple(p): Position(ln, c, e, ec, bool(q)) for p, ln, c, e, ec, q in rows}
                                      for rows in (self.head_values, self.head_keys))  # type: ignore[assignment]
        return self._head_tables[which]  # type: ignore[index]

    def _task_table(self, k: int, which: int) -> dict[YamlPath, Position]:
        tables = self._task_tables.get(k)
        if tables is None:
            t = self.tasks[k]
            vp: list[YamlPath] = []
            kp: list[YamlPath] = []
            _walk(self.data()["phases"][t.pi]["tasks"][t.ti], ("phases", t.pi, "tasks", t.ti), vp, kp)
            made = []
            for paths, packed in ((vp, t.values), (kp, t.keys)):
                a = _unpack(packed)
                if len(a) != 5 * len(paths):
                    raise Broken(f"task {k}: {len(a) // 5} positions for {len(paths)} paths")
                s = t.shift
                made.append({p: Position(a[i] + s, a[i + 1], a[i + 2] + s, a[i + 3], bool(a[i + 4]))
                             for p, i in zip(paths, range(0, len(a), 5), strict=True)})
            tables = self._task_tables[k] = (made[0], made[1])
        return tables[which]

    def position(self, path: YamlPath, which: int) -> Position | None:
        if len(path) >= 4 and path[0] == "phases" and path[2] == "tasks":
            k = self.index.get((path[1], path[3]))
            if k is not None:
                return self._task_table(k, which).get(path)
        return self._head_table(which).get(path)

    def table(self, which: int) -> dict[YamlPath, Position]:
        """Every position of the values (0) or keys (1), in the loader's order."""
        vp: list[YamlPath] = []
        kp: list[YamlPath] = []
        _walk(self.data(), (), vp, kp)
        out = {}
        for p in (vp, kp)[which]:
            pos = self.position(p, which)
            if pos is not None:
                out[p] = pos
        return out


class _Positions:
    """``Loaded.values`` (0) or ``Loaded.keys`` (1) of a snapshot: looked up path by path."""

    __slots__ = ("_snap", "_which", "_all")

    def __init__(self, snap: Snapshot, which: int) -> None:
        self._snap, self._which, self._all = snap, which, None

    def get(self, path: YamlPath, default: Any = None) -> Any:
        pos = self._snap.position(path, self._which)
        return default if pos is None else pos

    def __contains__(self, path: object) -> bool:
        return self._snap.position(path, self._which) is not None  # type: ignore[arg-type]

    def __getitem__(self, path: YamlPath) -> Position:
        pos = self._snap.position(path, self._which)
        if pos is None:
            raise KeyError(path)
        return pos

    def _table(self) -> dict[YamlPath, Position]:
        if self._all is None:
            self._all = self._snap.table(self._which)
        return self._all

    def __iter__(self) -> Iterator[YamlPath]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def items(self) -> Any:
        return self._table().items()

    def keys(self) -> Any:
        return self._table().keys()

    def values(self) -> Any:
        return self._table().values()
