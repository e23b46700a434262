"""The findings of a plan after an edit of one task, from the findings before it.

``done`` and ``set`` change a few fields of one task (:data:`EDITABLE`). What they must know is
what a full lint of the written plan would report; this module computes that without reading the
plan again, from a :class:`State` of the plan as read (its task ids, where each phase and task is
in the file, and the raw findings of the schema checks and of every rule), which
:mod:`isoctl.lint.cache` keeps between runs.

The *reduced plan* of a task is the plan's text with the lines of every other task, and of every
other phase, blanked: the same header, the same lines for that task, a few lines to parse. Each
rule declares what it reads (``SCOPE`` and ``inputs`` in its module, see
:mod:`isoctl.lint.rules.base`):

- ``SCOPE = "task"``: each of its findings lies in the lines of one task (or outside every task)
  and depends only on that task and the plan outside its tasks. It runs on the reduced plan of
  the edited task; its findings elsewhere are kept (moved by the lines the edit added or removed).
  Before trusting it, the rule is run on the reduced plan as read too: its findings there must be
  the cached ones of that task, else nothing here is trusted (the full lint runs).
- ``SCOPE = "plan"`` with ``inputs(ctx, path)``: what the rule reads of one task (a value computed
  on the reduced plan, for the task at ``path``). When the edited task's inputs are the same
  before and after the edit, its findings are the cached ones, moved; otherwise it runs again on
  the whole edited plan. A rule that declares nothing is treated as reading all of every task.
- ``MESSAGE_LINES = True``: its messages name line numbers, so it runs again whenever the edit
  changed the number of lines and it has findings.

The schema checks are per task too (the edit cannot touch ids, units or ``after``: E200–E203 do
not change); an edited task that fails them sends the edit to the full path, which reports them.
"""

from __future__ import annotations

from typing import Any

from isoctl.diagnostics import Finding
from isoctl.records import dataclass, field, replace

# what done/set can change (isoctl.timeline.progress.FIELDS); never ids, units or ``after``
EDITABLE = frozenset({"status", "done_on", "when", "note", "result", "evidence", "reason"})
_CROSS = frozenset({"E200", "E201", "E202", "E203"})  # schema findings across tasks
# A plan read by done/set without a cache entry is linted whole to make one (the entry then serves
# the next edits) when it has at most this many tasks; a larger one is linted only where the edit
# can change the findings (edit_findings), and its entry holds the ids and windows only (a partial
# state: the next edits skip the whole read, and lint the same way): on 10,000 tasks, the whole
# lint would double the time of the first edit. ``validate`` keeps the state of a larger plan it
# lints (keep_linted), so that the first edit after it reads no plan whole.
CACHE_TASKS = 2000


@dataclass
class State:
    """What is known of one plan text: task ids in order, windows (0-based ``[first, stop)`` line
    ranges, and the task's key column) and raw findings (schema checks and every rule, before
    configuration and suppressions, with identities)."""

    ids: list[str]
    tasks: list[tuple[int, int, int, int, int]]  # (pi, ti, first, stop, col)
    phases: list[tuple[int, int]]  # (first, stop)
    findings: list[Finding]
    reruns: list[str] = field(default_factory=list)  # codes run on the whole plan to get here (for tests)
    partial: bool = False  # ids and windows only: the plan was not linted whole (findings: of ``known``)
    # a partial state's plan-scope rules run on this whole text (by the edit that wrote it):
    # ``findings`` holds theirs, so the next edit that reruns them need not read this text whole
    known: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out = {"ids": self.ids, "tasks": self.tasks, "phases": self.phases,
               "findings": [_finding_json(f) for f in self.findings]}
        if self.partial:
            out["partial"] = True
            if self.known:
                out["known"] = self.known
        return out

    @classmethod
    def from_json(cls, data: Any, file: str) -> State | None:
        """The state in a cache entry, checked field by field (None when anything is off)."""
        try:
            ids = data["ids"]
            tasks = [tuple(int(x) for x in t) for t in data["tasks"]]
            phases = [tuple(int(x) for x in p) for p in data["phases"]]
            if not (isinstance(ids, list) and all(isinstance(i, str) for i in ids) and len(ids) == len(tasks)
                    and all(len(t) == 5 for t in tasks) and all(len(p) == 2 for p in phases)):
                return None
            findings = [_finding_from(f, file) for f in data["findings"]]
            partial = data.get("partial", False)
            known = data.get("known", [])
            if not (isinstance(known, list) and all(isinstance(c, str) for c in known)):
                return None
            if partial is not False and (partial is not True or any(f.code not in known for f in findings)):
                return None
            if known and partial is not True:
                return None
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None
        return cls(list(ids), tasks, phases, findings, partial=partial, known=list(known))  # type: ignore[arg-type]


def _finding_json(f: Finding) -> list[Any]:
    from isoctl.lint.rules.base import Fix

    fix = None
    if f.fix is not None:
        if not isinstance(f.fix, Fix):
            raise TypeError("a fix that is not a text replacement")
        fix = [list(f.fix.path), f.fix.old, f.fix.new, f.fix.word]
    return [f.line, f.col, f.code, f.message, f.severity, f.hint, list(f.path), f.end_line, f.end_col, fix,
            list(f.ident)]


def _finding_from(item: Any, file: str) -> Finding:
    from isoctl.lint.rules.base import Fix

    line, col, code, message, severity, hint, path, end_line, end_col, fix, ident = item
    for v in (line, col):
        if not isinstance(v, int) or isinstance(v, bool):
            raise TypeError
    if not all(isinstance(s, str) for s in (code, message, severity)) or not (hint is None or isinstance(hint, str)):
        raise TypeError
    if not all(isinstance(p, (str, int)) and not isinstance(p, bool) for p in path):
        raise TypeError
    if not (end_line is None or isinstance(end_line, int)) or not (end_col is None or isinstance(end_col, int)):
        raise TypeError
    if fix is not None:
        fpath, old, new, word = fix
        if not (isinstance(old, str) and isinstance(new, str) and isinstance(word, bool)):
            raise TypeError
        fix = Fix(tuple(fpath), old, new, word)
    exact, loose = ident
    if not (isinstance(exact, str) and isinstance(loose, str)):
        raise TypeError
    return Finding(file, line, col, code, message, severity, hint, tuple(path), end_line, end_col, fix,
                   (exact, loose))


def context(config: Any) -> str:
    """What else than the text the raw findings depend on: the language and the rule options."""
    import json

    from isoctl.i18n import get_lang
    from isoctl.lint.rules import all_rules

    options = {}
    for mod in all_rules():
        opts = dict(getattr(mod, "OPTIONS", {}))
        if config is not None:
            opts.update(config.rule_options(mod.CODE, mod.NAME))
        options[mod.CODE] = opts
    return f"{get_lang()}|" + json.dumps(options, sort_keys=True, default=repr)


def _head_clean(line: str, col: int) -> bool:
    return len(line) > col and not line[:col].strip(" -") and bool(line[col:].strip())


def state_of(checked: Any, config: Any) -> State | None:
    """The state of a schema-valid plan without errors (its whole lint: every rule), or None when
    its phases and tasks are not each on lines of their own (flow style, several on a line)."""
    from isoctl.lint.identity import with_identities
    from isoctl.lint.rules import run_rules

    state = structure_of(checked)
    if state is None:
        return None
    state.partial = False
    findings = list(checked.findings) + run_rules(checked, config)
    findings = with_identities(findings, checked.loaded.data, checked.loaded.lines)
    state.findings = sorted(findings)
    return state


def linted_state(checked: Any, raw: list[Finding]) -> State | None:
    """The partial state of a plan linted whole (``raw``: the raw findings of every rule on it):
    its ids and windows, and the findings of every plan-scope rule (``known``: all of them), as
    the edits of that text grow it; None when :func:`structure_of` has none."""
    from isoctl.lint.identity import with_identities

    state = structure_of(checked)
    if state is None:
        return None
    codes = frozenset(m.CODE for m in _rules()[1])
    state.known = sorted(codes)
    state.findings = sorted(with_identities([f for f in raw if f.code in codes], checked.loaded.data))
    return state


def keep_linted(path: str, checked: Any, raw: list[Finding], config: Any) -> None:
    """After a whole lint of the plan file ``path`` of more than :data:`CACHE_TASKS` tasks
    (``validate``), keep in the cache what its first edit would read it whole to learn: the
    :func:`linted_state` and the plan's snapshot (:mod:`isoctl.plan.snapshot`), under the key the
    edit looks for (the same text, language and rule options). Nothing when the cache is off or
    cannot be written, or the plan is smaller (its first edit lints it whole, quickly)."""
    if _large(checked):
        text = ("\ufeff" if checked.loaded.bom else "") + checked.loaded.text
        _keep(path, text, checked, config, lambda: linted_state(checked, raw))


def keep_read(path: str, text: str, checked: Any, config: Any) -> None:
    """After a command read the plan file ``path`` (its ``text`` as read) whole without linting it
    (``status``, ``timeline``): keep its ids and windows (a partial state that knows no rule's
    findings) and its snapshot, as :func:`keep_linted` does, unless the cache has an entry."""
    if _large(checked):
        _keep(path, text, checked, config, lambda: structure_of(checked), complete=False)


def _large(checked: Any) -> bool:
    from isoctl.lint import cache

    return cache.enabled() and checked.plan is not None and len(checked.plan.tasks()) > CACHE_TASKS


def _keep(path: str, text: str, checked: Any, config: Any, make: Any, complete: bool = True) -> None:
    """Keep ``make()``, the state of ``text``, unless its entry is there (and, when ``complete``,
    knows every plan-scope rule's findings), then the plan's snapshot unless one is kept."""
    from isoctl.lint import cache
    from isoctl.lint import snapshots as kept

    key = cache.entry_key(text, context(config))
    payload = cache.load(path, key)
    state = State.from_json(payload, path) if payload is not None else None
    if state is None or (complete and (not state.partial or not set(state.known) >= {m.CODE for m in _rules()[1]})):
        state = make()
        if state is None or not cache.store(path, key, state.to_json()):
            return
    if kept.chain(path, key) is not None:
        return
    from isoctl.plan.snapshot import Snapshot

    kept.keep(path, key, Snapshot.of(checked.loaded, where(state)))


def structure_of(checked: Any) -> State | None:
    """:func:`state_of` without the lint: the ids and windows only (``findings`` empty, ``partial``)."""
    from isoctl.plan.loader import window

    plan, loaded = checked.plan, checked.loaded
    if plan is None or any(f.severity == "error" for f in checked.findings):
        return None
    data = loaded.data
    phases_data = data.get("phases") if isinstance(data, dict) else None
    if not isinstance(phases_data, list):
        return None
    lines = loaded.text.split("\n")
    phases: list[tuple[int, int]] = []
    tasks: list[tuple[int, int, int, int, int]] = []
    ids: list[str] = []
    last = 0
    by_phase: dict[int, list[Any]] = {}
    for (pi, ti), task in plan.tasks():
        by_phase.setdefault(pi, []).append((ti, task))
    for pi in range(len(phases_data)):
        w = window(loaded, ("phases", pi))
        if w is None or w[0] < last or not _head_clean(lines[w[0]], w[2]):
            return None
        first, stop = w[0], w[1]
        phases.append((first, stop))
        inner = first
        for ti, task in by_phase.get(pi, []):
            t = window(loaded, ("phases", pi, "tasks", ti))
            if t is None or t[0] <= inner or t[1] > stop or not _head_clean(lines[t[0]], t[2]):
                return None
            tasks.append((pi, ti, t[0], t[1], t[2]))
            ids.append(task.id)
            inner = t[1] - 1
        last = stop
    return State(ids, tasks, phases, [], partial=True)


def _reduced(text: str, state: State, k: int) -> str:
    """``text`` with the lines of every phase and task but task ``k`` (and its phase) blanked."""
    return "\n".join(_reduced_lines(text.split("\n"), state, k))


def _reduced_lines(lines: list[str], state: State, k: int) -> list[str]:
    pi = state.tasks[k][0]
    lines = list(lines)
    for p, (a, b) in enumerate(state.phases):
        if p != pi:
            lines[a:b] = [""] * (b - a)
    for j, (p, _, a, b, _) in enumerate(state.tasks):
        if p == pi and j != k:
            lines[a:b] = [""] * (b - a)
    return lines


def reduced_plan(text: str, state: State, k: int, file: str) -> Any:
    """The reduced plan of task ``k``, schema-checked, or None when it is not that task alone at
    the same lines or has a schema error that is not about other tasks."""
    from isoctl.plan.loader import window
    from isoctl.plan.validate import check_text

    checked = check_text(_reduced(text, state, k).lstrip("\ufeff"), file, fast=True)
    if checked.plan is None:
        return None
    if any(f.severity == "error" and f.code not in _CROSS for f in checked.findings):
        return None
    tasks = checked.plan.tasks()
    if len(tasks) != 1 or tasks[0][0] != (0, 0) or tasks[0][1].id != state.ids[k]:
        return None
    _, _, first, stop, col = state.tasks[k]
    w = window(checked.loaded, ("phases", 0, "tasks", 0))
    if w is None or (w[0], w[2]) != (first, col) or w[1] < stop:
        return None
    # its mapping ends at the next token: what lies between is blanked or comments
    if any(line.strip() and not line.lstrip().startswith("#") for line in checked.loaded.text.split("\n")[stop:w[1]]):
        return None
    return checked


def where(state: State) -> list[tuple[int, int]]:
    """The ``(pi, ti)`` of each task of ``state``, in file order."""
    return [(t[0], t[1]) for t in state.tasks]


def _edited_task(before: str, after: str, moved: State, k: int, file: str) -> tuple[Any, int, int] | None:
    """Task ``k`` of ``after`` loaded on its own lines, with the node after it (where the task's
    own nodes end), and the lines ``[old_stop, …)`` of ``before`` that moved ``delta``, as
    ``(loaded, old_stop, delta)``; None when the edit is not that task's lines alone or they do
    not read as that task where it is."""
    from isoctl.plan.loader import load_text, window

    _, _, first, stop, col = moved.tasks[k]
    old_stop = stop - (after.count("\n") - before.count("\n"))
    was, lines = before.split("\n"), after.split("\n")
    if was[:first] != lines[:first] or was[old_stop:] != lines[stop:]:
        return None
    context = _reduced_lines(lines, moved, k)
    if stop < len(lines):
        context[stop] = lines[stop]
    task = load_text("\n".join(context).lstrip("\ufeff"), file)
    try:
        node = task.data["phases"][0]["tasks"][0]
    except (TypeError, KeyError, IndexError):
        return None
    if task.errors or not isinstance(node, dict) or node.get("id") != moved.ids[k]:
        return None
    if window(task, ("phases", 0, "tasks", 0)) != (first, stop, col):
        return None
    return task, old_stop, stop - old_stop


def spliced_check(base: Any, before: str, after: str, moved: State, k: int, file: str,
                  plan: Any = None) -> Any:
    """The edited plan, for the rules to run on, without reading it whole: the
    :class:`~isoctl.plan.snapshot.Snapshot` ``base`` of ``before`` (a plan without schema errors)
    with task ``k`` read again from ``after`` (``moved``: the windows of ``after``). Its findings
    are the checks across tasks (E200–E203): the others look at one value or one task, and every
    task but ``k`` has the text checked before, task ``k`` the text its reduced plan checks
    (:func:`reduced_plan`). ``plan``: the twin of ``before``, if there is one, whose other tasks'
    twins the edited plan's reuses. Returns ``(checked, snapshot of after)``, or None when
    :func:`_edited_task` finds no task to splice or the plan needs the pydantic models."""
    from isoctl.plan.fastmodel import build, spliced
    from isoctl.plan.validate import Checked, check_references

    edited = _edited_task(before, after, moved, k, file)
    if edited is None:
        return None
    task, old_stop, delta = edited
    snapshot = base.spliced(k, task, old_stop, delta)
    loaded = snapshot.loaded(file, after.lstrip("\ufeff"))
    t = base.tasks[k]
    plan = (spliced(plan, loaded.data, t.pi, t.ti) if plan is not None else None) or build(loaded.data)
    if plan is None:
        return None
    return Checked(loaded, plan, check_references(plan, loaded)), snapshot


def edit_link(before: str, after: str, moved: State, k: int, file: str) -> list[Any] | None:
    """The edit of task ``k`` as a snapshot's link (:func:`isoctl.plan.snapshot.edit_link`), for an
    edit that runs no rule on the whole plan, so that the plan it writes has a snapshot too."""
    from isoctl.plan.snapshot import edit_link as link

    edited = _edited_task(before, after, moved, k, file)
    if edited is None:
        return None
    task, old_stop, delta = edited
    pi, ti = moved.tasks[k][:2]
    return link(task, k, pi, ti, old_stop, delta)


def _rules() -> tuple[list[Any], list[Any]]:
    from isoctl.lint.rules import all_rules

    task, plan = [], []
    for mod in all_rules():
        (task if getattr(mod, "SCOPE", "plan") == "task" else plan).append(mod)
    return task, plan


def _inside(f: Finding, first: int, stop: int) -> bool | None:
    """Whether ``f`` is in lines ``[first, stop)`` (0-based): True, False, or None when it
    straddles their edge."""
    end = f.end_line or f.line
    if first < f.line <= stop and first < end <= stop:
        return True
    if end <= first or f.line > stop:
        return False
    return None


def _shift(f: Finding, stop: int, delta: int) -> Finding:
    if not delta or f.line <= stop:
        return f
    return replace(f, line=f.line + delta, end_line=(f.end_line + delta) if f.end_line is not None else None)


def _to_full(f: Finding, prefix: tuple[Any, ...], file: str) -> Finding | None:
    """A finding of the reduced plan (task at phases[0].tasks[0]) at the task's real path."""
    def move(path: tuple[Any, ...]) -> tuple[Any, ...] | None:
        if path[:4] != ("phases", 0, "tasks", 0):
            return None
        return prefix + tuple(path[4:])

    path = move(f.path)
    if path is None:
        return None
    fix = f.fix
    if fix is not None:
        fpath = move(fix.path)
        if fpath is None:
            return None
        fix = replace(fix, path=fpath)
    return replace(f, file=file, path=path, fix=fix)


def _same(a: list[Finding], b: list[Finding]) -> bool:
    def key(f: Finding) -> tuple[Any, ...]:
        fix = (tuple(f.fix.path), f.fix.old, f.fix.new, f.fix.word) if f.fix is not None else None
        return (f.line, f.col, f.code, f.message, f.severity, f.hint, tuple(f.path), f.end_line, f.end_col,
                fix, f.ident)

    return sorted(map(key, a)) == sorted(map(key, b))


def _value_at(data: Any, path: tuple[Any, ...]) -> tuple[bool, Any]:
    node = data
    for p in path:
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            return False, None
    return True, node


def _moved(state: State, k: int, delta: int) -> State:
    """The ids and windows of ``state`` once task ``k`` has ``delta`` more lines (no findings)."""
    pi, _, _, stop, _ = state.tasks[k]
    moved = State(list(state.ids), [], [], [])
    for j, (p, t, a, b, c) in enumerate(state.tasks):
        if j == k:
            moved.tasks.append((p, t, a, b + delta, c))
        elif a >= stop:
            moved.tasks.append((p, t, a + delta, b + delta, c))
        else:
            moved.tasks.append((p, t, a, b, c))
    for p, (a, b) in enumerate(state.phases):
        moved.phases.append((a + delta, b + delta) if a >= stop else (a, b + delta) if p == pi else (a, b))
    return moved


def _local(checked: Any, lo: int, hi: int, prefix: tuple[Any, ...], task_codes: frozenset[str], config: Any,
           file: str) -> list[Finding] | None:
    """A reduced plan's task-scope findings (schema and rules) in lines [lo, hi), at the task's
    real path ``prefix``; None when one straddles their edge or lies elsewhere in the task."""
    from isoctl.lint.identity import with_identities
    from isoctl.lint.rules import run_rules

    found = [f for f in checked.findings if f.code not in _CROSS]
    found = with_identities(found + run_rules(checked, config, task_codes), checked.loaded.data,
                            checked.loaded.lines)
    out = []
    for f in found:
        where = _inside(f, lo, hi)
        if where is None:
            return None
        if where:
            g = _to_full(f, prefix, file)
            if g is None:
                return None
            out.append(g)
    return out


def _plan_rule_context(mod: Any, checked: Any, config: Any, cache: dict[str, Any]) -> Any:
    from isoctl.lint.rules import RuleContext

    options = dict(getattr(mod, "OPTIONS", {}))
    if config is not None:
        options.update(config.rule_options(mod.CODE, mod.NAME))
    return RuleContext(checked.plan, checked.loaded, options, cache)


def edit_findings(structure: State, read: Any, before: str, after: str, k: int, config: Any, file: str,
                  old: Any, snapshot: Any = None) -> tuple[list[Finding], list[Finding], list[str], State,
                                                          State | None, list[tuple[str, Any]]] | None:
    """What an edit of task ``k`` can change of the lint, without linting the plan whole: (raw
    findings of ``before``, raw findings of ``after``, the rules run on both whole plans, the ids
    and windows of ``after``), each
    side holding only what may differ between the two, so that the findings :func:`~isoctl.lint.engine.finish_raw` and
    :func:`~isoctl.lint.identity.match` find new in ``after`` are those a whole lint of both would
    find new. ``structure``: :func:`structure_of` the plan as read (``read``, checked whole),
    ``old``: :func:`reduced_plan` of ``before`` and ``k``; ``read`` may be None (a structure
    from the cache): ``before`` is then checked whole if a plan-wide rule must run whose findings
    on it the structure does not hold (``State.known``: those the edit that wrote ``before`` ran).
    The state returned holds the findings on ``after`` of the rules run on it whole, and of those
    ``structure`` held when no line moved; with it, ``structure`` grown by the findings on
    ``before`` of the rules run on it whole (None if none was), so that another edit of
    ``before`` that reruns them reads one plan whole. None when the reduced plans cannot be
    trusted (then lint both whole). Last, the snapshots made (:mod:`isoctl.plan.snapshot`),
    as ``("before" | "after", snapshot)``: when rules run on the whole edited plan, it is made
    from a snapshot of ``before`` (``read``'s, or ``snapshot()``, one kept from an earlier run)
    with the edited task read again (:func:`spliced_check`), else read whole.

    - The schema checks and the task-scope rules: on the reduced plans of the edited task, before
      and after; the findings of every other task, and those outside every task, depend on text
      the edit does not change, so they are the same before and after.
    - A plan-scope rule whose :func:`inputs <isoctl.lint.rules._inputs>` of the edited task are
      the same before and after finds the same findings (same rule, same identity: identities
      hold no line numbers), so none is new; the others run on both whole plans.

    The findings are no state of either plan and are never cached; the structure is (as a
    ``partial`` state: :func:`structure_of`)."""
    from isoctl.lint.identity import with_identities
    from isoctl.lint.rules import run_rules

    pi, ti, first, stop, _ = structure.tasks[k]
    delta = after.count("\n") - before.count("\n")
    moved = _moved(structure, k, delta)
    moved.partial = True
    new = reduced_plan(after, moved, k, file)
    if new is None:
        return None
    prefix = ("phases", pi, "tasks", ti)
    task_mods, plan_mods = _rules()
    task_codes = frozenset(m.CODE for m in task_mods)
    was = _local(old, first, stop, prefix, task_codes, config, file)
    now = _local(new, first, stop + delta, prefix, task_codes, config, file)
    if was is None or now is None:
        return None
    rpath = ("phases", 0, "tasks", 0)
    rerun = []
    cache_old: dict[str, Any] = {}
    cache_new: dict[str, Any] = {}
    for mod in plan_mods:
        inputs = getattr(mod, "inputs", None)
        if inputs is None or (inputs(_plan_rule_context(mod, old, config, cache_old), rpath)
                              != inputs(_plan_rule_context(mod, new, config, cache_new), rpath)):
            rerun.append(mod.CODE)
    moved.findings, kept = _kept(structure, rerun, first, stop, delta, file)
    grown = None
    snapshots: list[tuple[str, Any]] = []
    if rerun:
        from isoctl.plan.snapshot import Broken

        codes = frozenset(rerun)
        known = read is None and codes <= set(structure.known)
        try:
            sides = _whole(structure, read, before, after, moved, k, file, snapshot, not known)
            if sides is None:
                return None
            read, full, snapshots = sides
            if known:
                was += [replace(f, file=file) for f in structure.findings if f.code in codes]
            else:
                on_before = with_identities(run_rules(read, config, codes), read.loaded.data)
                was += on_before
                grown = replace(structure, known=sorted({*structure.known, *codes}),
                                findings=sorted([*(f for f in structure.findings if f.code not in codes), *on_before]))
            found = with_identities(run_rules(full, config, codes), full.loaded.data)
        except Broken:  # a snapshot whose positions or data do not fit: lint both whole
            return None
        now += found
        moved.findings += found
    moved.known = sorted({*kept, *rerun})
    moved.findings.sort()
    return sorted(was), sorted(now), rerun, moved, grown, snapshots


def _whole(structure: State, read: Any, before: str, after: str, moved: State, k: int, file: str,
           snapshot: Any, need_before: bool) -> tuple[Any, Any, list[tuple[str, Any]]] | None:
    """The plans :func:`edit_findings` runs plan-wide rules on: the plan as read (when
    ``need_before``: ``read``, else from the snapshot of ``before``, else read whole) and the
    edited plan (spliced into that snapshot, else read whole), with the snapshots made; None
    when either has schema errors."""
    from isoctl.plan.fastmodel import build
    from isoctl.plan.snapshot import Snapshot
    from isoctl.plan.validate import Checked, check_text

    snapshots: list[tuple[str, Any]] = []
    base = snapshot() if read is None and snapshot is not None else None
    if need_before and read is None and base is not None:
        plan = build(base.data())
        if plan is not None:
            read = Checked(base.loaded(file, before.lstrip("\ufeff")), plan, [])
    if need_before and read is None:
        read = check_text(before.lstrip("\ufeff"), file, fast=True)
        if read.plan is None or any(f.severity == "error" for f in read.findings):
            return None
    if base is None and read is not None:
        base = Snapshot.of(read.loaded, where(structure))
        snapshots.append(("before", base))
    made = spliced_check(base, before, after, moved, k, file, read.plan if read is not None else None) \
        if base is not None else None
    if made is not None:
        full, after_snapshot = made
    else:
        full, after_snapshot = check_text(after.lstrip("\ufeff"), file, fast=True), None
        if full.plan is None or any(f.severity == "error" for f in full.findings):
            return None
    snapshots.append(("after", after_snapshot or Snapshot.of(full.loaded, where(moved))))
    return read, full, snapshots


def _kept(structure: State, rerun: list[str], first: int, stop: int, delta: int,
          file: str) -> tuple[list[Finding], list[str]]:
    """The findings ``structure`` holds of the plan-scope rules not run again, moved by the
    lines the edit of the task in ``[first, stop)`` added, and their codes: a rule keeps its
    findings when none lies in the edited task and, if lines moved, its messages name none."""
    from isoctl.lint.rules import by_code

    rules = by_code()
    findings: list[Finding] = []
    kept: list[str] = []
    for code in structure.known:
        if code in rerun:
            continue
        mine = [f for f in structure.findings if f.code == code]
        if any(_inside(f, first, stop) is not False for f in mine):
            continue
        if code not in rules or (delta and mine and getattr(rules[code], "MESSAGE_LINES", False)):
            continue
        findings += [_shift(replace(f, file=file), stop, delta) for f in mine]
        kept.append(code)
    return findings, kept


def after_edit(state: State, before: str, after: str, k: int, config: Any, file: str,
               full: Any = None, old: Any = None) -> tuple[State, Any] | None:
    """The state of ``after``, the text ``before`` with task ``k`` edited (its fields in
    :data:`EDITABLE` only), and the edited plan's full check when a rule had to run on the whole
    plan (else None). None when the reduced plans cannot be trusted: then lint ``after`` whole.
    ``full``: the edited plan already checked whole, ``old``: :func:`reduced_plan` of ``before``
    and ``k``, if the caller has them."""
    from isoctl.lint.identity import with_identities
    from isoctl.lint.rules import run_rules
    from isoctl.plan.validate import check_text

    pi, ti, first, stop, col = state.tasks[k]
    delta = after.count("\n") - before.count("\n")
    new_state = _moved(state, k, delta)
    old = old if old is not None else reduced_plan(before, state, k, file)
    new = reduced_plan(after, new_state, k, file) if old is not None else None
    if old is None or new is None:
        return None
    prefix = ("phases", pi, "tasks", ti)
    task_mods, plan_mods = _rules()
    task_codes = frozenset(m.CODE for m in task_mods)

    def local(checked: Any, lo: int, hi: int) -> list[Finding] | None:
        return _local(checked, lo, hi, prefix, task_codes, config, file)

    def is_local(f: Finding) -> bool:
        return f.code.startswith("E") or f.code in task_codes

    cached_local = [replace(f, file=file) for f in state.findings if is_local(f)]
    inside_before = []
    result: list[Finding] = []
    for f in cached_local:
        where = _inside(f, first, stop)
        if where is None:
            return None
        if where:
            inside_before.append(f)
        else:
            result.append(_shift(f, stop, delta))
    old_local = local(old, first, stop)
    if old_local is None or not _same(old_local, inside_before):
        return None  # a rule declared task-scope reads more than its task here: trust nothing
    new_local = local(new, first, stop + delta)
    if new_local is None:
        return None
    result.extend(new_local)

    # plan-scope rules: the same findings when the edited task's inputs are the same
    ctx_cache_old: dict[str, Any] = {}
    ctx_cache_new: dict[str, Any] = {}
    rpath = ("phases", 0, "tasks", 0)
    rerun: list[str] = []
    for mod in plan_mods:
        mine = [f for f in state.findings if f.code == mod.CODE]
        inputs = getattr(mod, "inputs", None)
        same = False
        if inputs is not None:
            same = (inputs(_plan_rule_context(mod, old, config, ctx_cache_old), rpath)
                    == inputs(_plan_rule_context(mod, new, config, ctx_cache_new), rpath))
        if same and mine and delta and getattr(mod, "MESSAGE_LINES", False):
            same = False
        if not same:
            rerun.append(mod.CODE)
            continue
        moved = []
        for f in mine:
            where = _inside(f, first, stop)
            if where is None:
                break
            if not where:
                moved.append(_shift(replace(f, file=file), stop, delta))
                continue
            # in the edited task: its value must be the same, and it moves with it
            sub = f.path[4:] if f.path[:4] == prefix else None
            if sub is None:
                break
            had, was = _value_at(old.loaded.data, rpath + sub)
            has, now = _value_at(new.loaded.data, rpath + sub)
            if not (had and has and was == now):
                break
            a = old.loaded.locate(rpath + sub)
            b = new.loaded.locate(rpath + sub)
            d = b.line - a.line
            moved.append(replace(f, file=file, line=f.line + d,
                                 end_line=(f.end_line + d) if f.end_line is not None else None))
        else:
            result.extend(moved)
            continue
        rerun.append(mod.CODE)
    if rerun:
        if full is None:
            full = check_text(after.lstrip("\ufeff"), file, fast=True)
            if full.plan is None or any(f.severity == "error" for f in full.findings):
                return None
        result.extend(with_identities(run_rules(full, config, frozenset(rerun)), full.loaded.data))
    new_state.findings = sorted(result)
    new_state.reruns = rerun
    return new_state, full
