"""Semantic diff of two plans: what changed in the plan's own terms.

:func:`diff_plans` compares two :class:`~isoctl.plan.model.Plan` values and returns a
:class:`PlanDiff`: document metadata, citations, units, phases, tasks (added, removed, changed,
moved between phases) and the text sections. The formatters :func:`format_text`,
:func:`format_markdown` and :func:`format_json` turn it into strings.

Tasks are matched by id first; the tasks left over on each side are then paired by title
similarity (NFC, lower case, the plan year and stock phrases such as "theo tiêu chuẩn quốc gia
TCVN ISO 9001:2015" removed) and shared activities, best pairs first, above a threshold. The
pairing is the one scoring every pair would give, without scoring every pair: C-computed bounds
(rapidfuzz) and an index of the titles' words and activities leave only the pairs still in
contention for the exact score (see :class:`_Matcher`).
Schedules are compared relative to each plan's year, so "Tháng 6/2023" in the 2023 plan and
"Tháng 6/2024" in the 2024 plan are the same month as last year.
"""

from __future__ import annotations

import difflib
import heapq
import json
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from isoctl.i18n import nfc, tr
from isoctl.lazyre import lazy
from isoctl.lint.config import DEFAULT_THRESHOLD
from isoctl.plan.activities import activities_of
from isoctl.records import dataclass, field

if TYPE_CHECKING:
    from isoctl.plan.model import Plan, Task

# Stock phrases that say nothing about what a task is; removed before titles are compared.
_STOCK = (
    r"theo (yêu cầu của )?(tiêu chuẩn|tcvn)[^.;,()]*?iso 9001 ?: ?20\d\d",
    r"(tiêu chuẩn quốc gia |tiêu chuẩn )?(tcvn )?iso 9001 ?: ?20\d\d",
    r"hệ thống quản lý chất lượng|htqlcl|hệ thống qlcl",
    r"năm (19|20)\d\d",
    r"\b(19|20)\d\d\b",
)
_STOCK_RE = lazy("|".join(f"(?:{p})" for p in _STOCK))
_WORD_RE = lazy(r"\w+")
# Function words that carry no meaning of their own in a task title.
_STOP_WORDS = frozenset("và của các cho tại theo với về được đã để trong sau khi the một những".split())


# --- records ----------------------------------------------------------------------------------

@dataclass
class Change:
    """One field that differs. ``significant`` is False when only the year or the spelling of a
    schedule moved with the plan year (the change is shown, but does not make a task changed)."""

    field: str
    old: Any
    new: Any
    note: str | None = None
    significant: bool = True
    label: tuple[str, str] | None = None  # (English, Vietnamese), from isoctl.plan.describe

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "label": field_name(self.field, self.label), "old": _jsonable(self.old),
                "new": _jsonable(self.new), "note": self.note, "significant": self.significant}


@dataclass
class CitationChange:
    old: Any  # isoctl.plan.model.Citation
    new: Any
    changes: list[Change]

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old.cite, "new": self.new.cite, "changes": [c.to_dict() for c in self.changes]}


@dataclass
class TaskRef:
    """A task with the phase it sits in."""

    task: Task
    phase_id: str
    phase_title: str | None

    @property
    def id(self) -> str:
        return self.task.id

    def to_dict(self) -> dict[str, Any]:
        t = self.task
        return {"id": t.id, "title": t.title, "phase": self.phase_id, "lead": list(t.lead),
                "partners": list(t.partners), "when": t.when.format() if t.when else None,
                "status": t.status}


@dataclass
class TaskChange:
    old: TaskRef
    new: TaskRef
    matched_by: str  # "id" or "title"
    similarity: float
    changes: list[Change]
    moved: bool = False  # its phase's counterpart in the new plan is not the phase it is now in

    @property
    def significant(self) -> bool:
        return any(c.significant for c in self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {"old_id": self.old.id, "new_id": self.new.id, "title": self.new.task.title,
                "matched_by": self.matched_by, "similarity": round(self.similarity, 2),
                "moved": self.moved, "old_phase": self.old.phase_id, "new_phase": self.new.phase_id,
                "changes": [c.to_dict() for c in self.changes]}


@dataclass
class ItemsChange:
    """A named list or text section: items removed and added (compared without the year)."""

    section: str
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: bool = False  # a text section (not a list) differs

    def to_dict(self) -> dict[str, Any]:
        return {"section": self.section, "removed": self.removed, "added": self.added, "changed": self.changed}


@dataclass
class PlanDiff:
    old_name: str
    new_name: str
    old_year: int
    new_year: int
    threshold: float
    document: list[Change] = field(default_factory=list)
    citations_removed: list[Any] = field(default_factory=list)
    citations_added: list[Any] = field(default_factory=list)
    citations_changed: list[CitationChange] = field(default_factory=list)
    citations_same: int = 0
    units_removed: list[Any] = field(default_factory=list)
    units_added: list[Any] = field(default_factory=list)
    units_changed: list[tuple[Any, Any, list[Change]]] = field(default_factory=list)
    phases_removed: list[Any] = field(default_factory=list)
    phases_added: list[Any] = field(default_factory=list)
    phases_changed: list[tuple[Any, Any, list[Change]]] = field(default_factory=list)
    phase_pairs: dict[str, str] = field(default_factory=dict)  # old phase id → its counterpart's id
    # old phase id (of a removed phase) → [(new phase id, how many of its tasks went there)]
    phases_spread: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    tasks_removed: list[TaskRef] = field(default_factory=list)
    tasks_added: list[TaskRef] = field(default_factory=list)
    tasks_matched: list[TaskChange] = field(default_factory=list)
    sections: list[ItemsChange] = field(default_factory=list)
    fields: list[Change] = field(default_factory=list)  # every other field of the plan, as the model has them
    comments: int = 0  # comment lines removed or added
    nearest: dict[str, tuple[str, float]] = field(default_factory=dict)  # removed id → closest added id

    @property
    def tasks_changed(self) -> list[TaskChange]:
        return [t for t in self.tasks_matched if t.significant or t.moved or t.old.id != t.new.id]

    @property
    def tasks_same(self) -> int:
        return len(self.tasks_matched) - len(self.tasks_changed)

    def is_empty(self) -> bool:
        return not (any(c.significant for c in self.document) or self.citations_removed or self.citations_added
                    or self.citations_changed or self.units_removed or self.units_added or self.units_changed
                    or self.phases_removed or self.phases_added or self.phases_changed or self.tasks_removed
                    or self.tasks_added or self.tasks_changed or self.sections
                    or any(c.significant for c in self.fields) or self.comments)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old_name, "new": self.new_name, "old_year": self.old_year, "new_year": self.new_year,
            "differ": not self.is_empty(), "threshold": self.threshold,
            "document": [c.to_dict() for c in self.document],
            "citations": {
                "removed": [_citation_dict(c) for c in self.citations_removed],
                "added": [_citation_dict(c) for c in self.citations_added],
                "changed": [c.to_dict() for c in self.citations_changed],
                "unchanged": self.citations_same,
            },
            "units": {
                "removed": [{"id": u.id, "name": u.name} for u in self.units_removed],
                "added": [{"id": u.id, "name": u.name} for u in self.units_added],
                "changed": [{"id": new.id, "changes": [c.to_dict() for c in ch]} for _, new, ch in self.units_changed],
            },
            "phases": {
                "removed": [{"id": p.id, "title": p.title,
                             "tasks_now_in": [{"phase": i, "tasks": n} for i, n in self.phases_spread.get(p.id, [])]}
                            for p in self.phases_removed],
                "added": [{"id": p.id, "title": p.title} for p in self.phases_added],
                "changed": [{"id": new.id, "old_id": old.id, "changes": [c.to_dict() for c in ch]}
                            for old, new, ch in self.phases_changed],
            },
            "tasks": {
                "removed": [{**t.to_dict(), "nearest": ({"id": self.nearest[t.id][0],
                                                         "similarity": round(self.nearest[t.id][1], 2)}
                                                        if t.id in self.nearest else None)}
                            for t in self.tasks_removed],
                "added": [t.to_dict() for t in self.tasks_added],
                "changed": [t.to_dict() for t in self.tasks_changed],
                "unchanged": self.tasks_same,
            },
            "sections": [s.to_dict() for s in self.sections],
            "fields": [c.to_dict() for c in self.fields],
            "comments_changed": self.comments,
        }


def _citation_dict(c: Any) -> dict[str, Any]:
    return {"cite": c.cite, "kind": c.kind, "date": c.date.isoformat() if c.date else None,
            "issuer": c.issuer, "about": c.about}


def _jsonable(value: Any) -> Any:
    from isoctl.plan.describe import field_names, is_model

    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if is_model(value):
        return {k: _jsonable(getattr(value, k)) for k in field_names(value)}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "format"):
        return value.format()
    return str(value)


# --- text helpers -----------------------------------------------------------------------------

def _without_year(text: str | None, year: int) -> str | None:
    """Text with "năm <plan year>" written as a neutral mark, so a year-only edit compares equal.

    Dates of other documents ("ngày 04/5/2024", "ngày 4 tháng 5 năm 2024") are left as they are."""
    if text is None:
        return None
    from isoctl.review.rollover import replace_year

    return replace_year(nfc(str(text)).strip(), year, "<year>")


def title_tokens(title: str) -> list[str]:
    """The words of a title that say what the task is (see the module docstring)."""
    text = _STOCK_RE.sub(" ", nfc(title).lower())
    return [w for w in _WORD_RE.findall(text) if w not in _STOP_WORDS and not w.isdigit()]


@dataclass(frozen=True, slots=True)
class _Title:
    """A title as it is compared: its meaningful words in order, joined, and as a set."""

    tokens: tuple[str, ...]
    text: str
    words: frozenset[str]


def _title(title: str) -> _Title:
    tokens = tuple(title_tokens(title))
    return _Title(tokens, " ".join(tokens), frozenset(tokens))


def _ratio(x: str, y: str) -> float:
    return difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()


def _title_score(a: _Title, b: _Title) -> float:
    """0–1: the better of a sequence ratio and a token-set ratio of the meaningful words."""
    if a.tokens == b.tokens:
        return 1.0
    if not a.tokens or not b.tokens:
        return 0.0
    seq = _ratio(a.text, b.text)
    sa, sb = a.words, b.words
    common = " ".join(sorted(sa & sb))
    only_a = " ".join(sorted(sa - sb))
    only_b = " ".join(sorted(sb - sa))
    ca = f"{common} {only_a}".strip()
    cb = f"{common} {only_b}".strip()
    token_set = max(_ratio(ca, cb), _ratio(common, ca) if common else 0.0, _ratio(common, cb) if common else 0.0)
    # a token set contained in the other scores 1.0 by the second/third ratio: temper it by how much
    # of the longer title is covered, so "Đào tạo" alone does not match every training task.
    coverage = len(sa & sb) / max(len(sa), len(sb))
    token_set = min(token_set, 0.5 + 0.5 * coverage) if common else 0.0
    return max(seq, token_set)


def text_similarity(a: str, b: str) -> float:
    """0–1: the better of a sequence ratio and a token-set ratio of the meaningful words."""
    return _title_score(_title(a), _title(b))


def _with_activities(text: float, a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return text
    return 0.8 * text + 0.2 * len(a & b) / len(a | b)


def task_similarity(old: Any, new: Any) -> float:
    """Title similarity, moved up or down by how far the two tasks' activities agree."""
    return _with_activities(text_similarity(old.title, new.title), frozenset(activities_of(old)),
                            frozenset(activities_of(new)))


# Upper bounds are raised by _SLACK and exact scores by half of it in the matcher's heap, so
# rounding never puts a bound below the score it bounds, nor level with it.
_SLACK = 1e-9


class _Matcher:
    """The scores of old tasks against new ones, each computed no further than it is needed.

    :meth:`bounds` gives, for one old task, an upper bound of its score against each new task
    that may reach a floor, from two things computed in C or by an index: the character ratio of
    every new title (rapidfuzz's edit-distance ratio counts the longest common subsequence, never
    shorter than the matching blocks difflib finds) and, from an index of the new titles by word,
    how many words each shares (the token-set part of the score is at most 0.5 + 0.5 × the share
    of words); an index by activity tells which new tasks can gain from agreeing activities.
    :meth:`refine` tightens a bound with rapidfuzz's token-set ratio; :meth:`score` is the exact
    difflib score :func:`task_similarity` gives. Only pairs whose bound keeps them in contention
    are scored exactly, so two large plans with every id renamed compare in seconds, with the
    same pairs as scoring every pair would give.
    """

    def __init__(self, olds: list[TaskRef], news: list[TaskRef]) -> None:
        self.old_titles = [_title(r.task.title) for r in olds]
        self.new_titles = [_title(r.task.title) for r in news]
        self.old_acts = [frozenset(activities_of(r.task)) for r in olds]
        self.new_acts = [frozenset(activities_of(r.task)) for r in news]
        self.new_texts = [t.text for t in self.new_titles]
        self.by_word: dict[str, list[int]] = {}
        self.by_activity: dict[str, list[int]] = {}
        self.without_activity = {j for j, acts in enumerate(self.new_acts) if not acts}
        self.untitled = [j for j, t in enumerate(self.new_titles) if not t.text]  # score 1.0 with each other
        for j, (title, acts) in enumerate(zip(self.new_titles, self.new_acts, strict=True)):
            for w in title.words:
                self.by_word.setdefault(w, []).append(j)
            for x in acts:
                self.by_activity.setdefault(x, []).append(j)

    def bounds(self, i: int, floor: float) -> list[tuple[float, int]]:
        """(upper bound, j) for each new task j whose score against old task ``i`` may reach ``floor``."""
        a, acts = self.old_titles[i], self.old_acts[i]
        if not a.text:
            return [(self.score(i, j) + _SLACK, j) for j in self.untitled]
        # new tasks sharing an activity, or having none, are looked at one by one; the others need
        # (with activities on both sides, none shared) a title score of floor / 0.8
        special = set(self.without_activity)
        for x in acts:
            special.update(self.by_activity.get(x, ()))
        other = floor / 0.8 if acts else floor
        low = min(other, (floor - 0.2) / 0.8 if acts else floor)
        seq = self._ratios(a.text, self.new_texts, None, other)
        specials = sorted(special)
        seq.update(self._ratios(a.text, [self.new_texts[j] for j in specials], specials, low))
        n_a = len(a.words)
        titles = self.new_titles
        # sharing c of the n ≥ n_a words of the longer title, the token-set part is ≤ 0.5 + 0.5 c / n_a
        shared: Counter[int] = Counter()
        for w in a.words:
            shared.update(self.by_word.get(w, ()))
        k_other = (2 * other - 1) * n_a
        candidates = set(seq)
        candidates.update(j for j, c in shared.items() if c >= k_other)
        candidates.update(j for j in specials if j in shared)
        out = []
        old_acts, new_acts = acts, self.new_acts
        for j in candidates:
            t = seq.get(j)
            if t is None:
                t = fuzz.ratio(a.text, self.new_texts[j]) / 100
            c = shared.get(j, 0)
            if c:
                t = max(t, 0.5 + 0.5 * c / max(n_a, len(titles[j].words)))
            b = new_acts[j]
            if not old_acts or not b:
                bound = t
            else:
                agreement = len(old_acts & b) / len(old_acts | b)
                if t + _SLACK < (floor - 0.2 * agreement) / 0.8:
                    continue
                bound = 0.8 * t + 0.2 * agreement
            if bound + _SLACK >= floor:
                out.append((bound + _SLACK, j))
        return out

    @staticmethod
    def _ratios(text: str, texts: list[str], keys: list[int] | None, floor: float) -> dict[int, float]:
        """{index (or keys[index]): character ratio} of the ``texts`` at or above ``floor`` (computed in C)."""
        if floor > 1:
            return {}
        found = process.extract(text, texts, scorer=fuzz.ratio, score_cutoff=min(100.0, max(0.0, 100 * floor - 1e-6)),
                                limit=None)
        if keys is None:
            return {k: s / 100 for _, s, k in found}
        return {keys[k]: s / 100 for _, s, k in found}

    def refine(self, i: int, j: int) -> float:
        """A tighter upper bound of the score: the token-set ratio computed (in C) too."""
        a, b = self.old_titles[i], self.new_titles[j]
        if not a.text or not b.text or a.tokens == b.tokens:
            return self.score(i, j) + _SLACK
        t = fuzz.ratio(a.text, b.text) / 100
        common = len(a.words & b.words)
        if common:
            coverage = common / max(len(a.words), len(b.words))
            t = max(t, min(fuzz.token_set_ratio(a.text, b.text) / 100, 0.5 + 0.5 * coverage))
        return _with_activities(t, self.old_acts[i], self.new_acts[j]) + _SLACK

    def score(self, i: int, j: int) -> float:
        return _with_activities(_title_score(self.old_titles[i], self.new_titles[j]), self.old_acts[i],
                                self.new_acts[j])

    def greedy(self, threshold: float) -> list[tuple[float, int, int]]:
        """Pairs (score, i, j), best first (ties by position), each task in one pair at most, every
        score ≥ ``threshold``: what sorting every pair by score and taking it when both are free gives.

        A heap holds each pair under its best-known bound; a pair with a task already taken is
        dropped unscored, one popped under a bound is refined and pushed back, one popped under its
        exact score is the best left (no pair below it can score more than its bound)."""
        # each old task's bounds in order; the heap holds the first of them not yet looked at
        # (the rest cannot come before it) and the pairs refined so far
        lists = [sorted(self.bounds(i, threshold), key=lambda b: (-b[0], b[1])) for i in range(len(self.old_titles))]
        heap = [(-bs[0][0], i, bs[0][1], 0, 0) for i, bs in enumerate(lists) if bs]
        heapq.heapify(heap)
        taken_o: set[int] = set()
        taken_n: set[int] = set()
        exact: dict[tuple[int, int], float] = {}
        out = []
        while heap:
            _, i, j, stage, pos = heapq.heappop(heap)
            if i in taken_o:
                continue
            if stage == 0:
                following = lists[i]
                pos += 1
                while pos < len(following) and following[pos][1] in taken_n:
                    pos += 1
                if pos < len(following):
                    heapq.heappush(heap, (-following[pos][0], i, following[pos][1], 0, pos))
            if j in taken_n:
                continue
            if stage == 2:
                taken_o.add(i)
                taken_n.add(j)
                out.append((exact[i, j], i, j))
            elif stage == 1:
                score = exact[i, j] = self.score(i, j)
                if score >= threshold:
                    heapq.heappush(heap, (-(score + _SLACK / 2), i, j, 2, 0))
            else:
                bound = self.refine(i, j)
                if bound >= threshold:
                    heapq.heappush(heap, (-bound, i, j, 1, 0))
        return out

    def nearest(self, floor: float) -> dict[int, tuple[int, float]]:
        """For each old task, the new one it scores best against, at or above ``floor`` (the first on a tie)."""
        out: dict[int, tuple[int, float]] = {}
        for i in range(len(self.old_titles)):
            best: tuple[float, int] | None = None
            for bound, j in sorted(self.bounds(i, floor), key=lambda b: (-b[0], b[1])):
                if best is not None and bound < best[0]:
                    break
                if best is not None and self.refine(i, j) < best[0]:
                    continue
                score = self.score(i, j)
                if score >= floor and (best is None or score > best[0] or (score == best[0] and j < best[1])):
                    best = (score, j)
            if best is not None:
                out[i] = (best[1], best[0])
        return out


# --- schedules --------------------------------------------------------------------------------

def _relative(schedule: Any, year: int) -> tuple[Any, ...]:
    """A schedule with its months counted from January of the plan year."""
    months = tuple(sorted((y - year) * 12 + m for y, m in
                          {(m.year if m.year is not None else year, m.month) for m in schedule.months}))
    day = None
    if schedule.day is not None:
        day = ((schedule.day.year - year) * 12 + schedule.day.month, schedule.day.day)
    days = tuple(None if d is None else (((d.year if d.year is not None else year) - year) * 12 + d.month, d.day)
                 for d in (schedule.first_day, schedule.last_day))
    years = None if schedule.years is None else (schedule.years[0] - year, schedule.years[1] - year)
    return (months, day, schedule.recurrence, schedule.continuous, schedule.after, schedule.after_text,
            schedule.event, days, schedule.week, years, schedule.adhoc, schedule.periodic, schedule.per,
            schedule.unread)


def _months_phrase(n: int) -> str:
    if n == 1:
        return tr("one month", "một tháng")
    return tr("{n} months", "{n} tháng", n=n)


def schedule_shift(old: Any, old_year: int, new: Any, new_year: int) -> tuple[str | None, bool]:
    """(a note on how the schedule moved, whether that is a real change)."""
    if old is None or new is None:
        return None, old is not new
    ro, rn = _relative(old, old_year), _relative(new, new_year)
    if ro == rn:
        if old_year != new_year and (ro[0] or ro[1]):
            many = len(ro[0]) > 1
            return (tr("same months as last year", "cùng các tháng như năm trước") if many
                    else tr("same month as last year", "cùng tháng như năm trước")), False
        return (tr("written differently, same time", "cách viết khác, cùng thời gian")
                if old.format() != new.format() else None), False
    om = [*ro[0], *([ro[1][0]] if ro[1] else []), *([ro[7][1][0]] if ro[7][1] and not ro[0] else [])]
    nm = [*rn[0], *([rn[1][0]] if rn[1] else []), *([rn[7][1][0]] if rn[7][1] and not rn[0] else [])]
    if om and nm and ro[2:7] + ro[8:] == rn[2:7] + rn[8:]:
        delta = min(nm) - min(om)
        if delta > 0:
            note = tr("{m} later", "muộn hơn {m}", m=_months_phrase(delta))
        elif delta < 0:
            note = tr("{m} earlier", "sớm hơn {m}", m=_months_phrase(-delta))
        else:
            note = tr("starts in the same month", "bắt đầu cùng tháng")
        span_o, span_n = max(om) - min(om) + 1, max(nm) - min(nm) + 1
        if span_o != span_n:
            note += tr(", over {n} instead of {o}", ", kéo dài {n} thay vì {o}",
                       n=_months_phrase(span_n), o=_months_phrase(span_o))
        return note, True
    if om and not nm:
        return tr("no longer a fixed month", "không còn là tháng cụ thể"), True
    if nm and not om:
        return tr("now a fixed month", "nay là tháng cụ thể"), True
    return None, True


# --- comparing --------------------------------------------------------------------------------

def _list_change(name: str, old: list[str], new: list[str]) -> Change | None:
    if list(old) == list(new):
        return None
    removed = [x for x in old if x not in new]
    added = [x for x in new if x not in old]
    if not removed and not added:
        return Change(name, list(old), list(new), tr("order changed", "đổi thứ tự"))
    return Change(name, list(old), list(new))


def _text_change(name: str, old: Any, new: Any, old_year: int, new_year: int) -> Change | None:
    if old == new:
        return None
    if (old is not None and new is not None and old_year != new_year
            and _without_year(str(old), old_year) == _without_year(str(new), new_year)):
        return Change(name, old, new, tr("only the year changed", "chỉ đổi năm"), significant=False)
    return Change(name, old, new)


def _join(label: tuple[str, str] | None, sub: tuple[str, str]) -> tuple[str, str]:
    return sub if label is None else (f"{label[0]} › {sub[0]}", f"{label[1]} › {sub[1]}")


def compare(old: Any, new: Any, path: str, label: tuple[str, str] | None, oy: int, ny: int,
            skip: tuple[str, ...] = ()) -> list[Change]:
    """Every difference between two values of the plan, field by field as the model declares
    them (:mod:`isoctl.plan.describe`): models field by field, lists of models item by item
    (paired by id, number, unit or name, else by place), lists of texts item by item, texts
    without the plan year."""
    from isoctl.plan.describe import field_label, field_names, is_model, item_name, model_name

    if is_model(old) and is_model(new) and type(old) is type(new):
        out: list[Change] = []
        for name in field_names(old):
            if name not in skip:
                out += compare(getattr(old, name), getattr(new, name), f"{path}.{name}" if path else name,
                               _join(label, field_label(model_name(old), name)), oy, ny)
        return out
    if isinstance(old, list) and isinstance(new, list) and any(is_model(x) for x in (*old, *new)):
        return _compare_items(old, new, path, label, oy, ny, item_name)
    if isinstance(old, list) and isinstance(new, list):
        if old == new:
            return []
        if [_without_year(str(x), oy) for x in old] == [_without_year(str(x), ny) for x in new]:
            return [Change(path, old, new, tr("only the year changed", "chỉ đổi năm"), False, label)]
        c = _list_change(path, old, new)
        if c is not None:
            c.label = label
        return [c] if c is not None else []
    if old == new and type(old) is type(new):
        return []
    c = _text_change(path, old, new, oy, ny)
    if c is not None:
        c.label = label
        return [c]
    return []


def _compare_items(old: list[Any], new: list[Any], path: str, label: tuple[str, str] | None, oy: int, ny: int,
                   item_name: Any) -> list[Change]:
    names_o, names_n = [item_name(x) for x in old], [item_name(x) for x in new]
    named = all(n is not None for n in (*names_o, *names_n)) and len(set(names_o)) == len(names_o) \
        and len(set(names_n)) == len(names_n)
    if not named:
        names_o = [str(i + 1) for i in range(len(old))]
        names_n = [str(i + 1) for i in range(len(new))]
    by_name = dict(zip(names_n, new, strict=True))
    out: list[Change] = []
    for name, item in zip(names_o, old, strict=True):
        sub = _join(label, (name, name))
        if name in by_name:
            out += compare(item, by_name[name], f"{path}[{name}]", sub, oy, ny)
        else:
            out.append(Change(f"{path}[{name}]", item, None, tr("removed", "bỏ"), label=sub))
    out += [Change(f"{path}[{name}]", None, item, tr("added", "thêm"), label=_join(label, (name, name)))
            for name, item in zip(names_n, new, strict=True) if name not in set(names_o)]
    if named and [n for n in names_o if n in by_name] != [n for n in names_n if n in set(names_o)]:
        out.append(Change(path, names_o, names_n, tr("order changed", "đổi thứ tự"), label=label))
    return out


_DOCUMENT_FIELDS = ("format", "status", "agency", "document", "signer")
# fields of the plan the diff pairs and shows in their own sections
_OWN_SECTIONS = ("year", "basis", "units", "phases", "purpose", "requirements", "responsibilities", "recipients")


def _document_changes(old: Any, new: Any) -> list[Change]:
    from isoctl.plan.describe import field_label

    oy, ny = old.year, new.year
    out = [Change("year", oy, ny, label=field_label("Plan", "year"))] if oy != ny else []
    for name in _DOCUMENT_FIELDS:  # the document's own fields under the heading "Document", unprefixed
        out += compare(getattr(old, name), getattr(new, name), name,
                       None if name == "document" else field_label("Plan", name), oy, ny)
    return out


def _other_fields(old: Any, new: Any) -> list[Change]:
    """Every field of the plan no section above shows: intro, scope, budget, committee …, and any
    field a later version of the model adds."""
    from isoctl.plan.describe import field_label, field_names

    out: list[Change] = []
    for name in field_names(old):
        if name not in _DOCUMENT_FIELDS and name not in _OWN_SECTIONS:
            out += compare(getattr(old, name), getattr(new, name), name, field_label("Plan", name),
                           old.year, new.year)
    return out


_NUMBER_RE = lazy(r"^\s*(\d+)(?:/((?:19|20)\d\d))?")


def citation_key(cite: str) -> tuple[str, str] | None:
    """The number (and year, for legal documents) of a citation: '26/2014/TT-BKHCN' -> ('26', '2014')."""
    m = _NUMBER_RE.match(nfc(cite))
    return (m.group(1).lstrip("0") or "0", m.group(2) or "") if m else None


def _citation_changes(old: Any, new: Any, oy: int, ny: int) -> list[Change]:
    out = []
    if old.cite != new.cite:
        out.append(Change("cite", old.cite, new.cite, tr("spelling of the number changed",
                                                         "đổi cách viết số hiệu")))
    return _labelled(out, "Citation") + compare(old, new, "", None, oy, ny, skip=("cite",))


def _match_citations(d: PlanDiff, old: Any, new: Any) -> None:
    oy, ny = old.year, new.year
    new_by_cite = {c.cite: c for c in new.basis}
    used: set[int] = set()
    left: list[Any] = []
    for c in old.basis:
        other = new_by_cite.get(c.cite)
        if other is not None and id(other) not in used:
            used.add(id(other))
            ch = _citation_changes(c, other, oy, ny)
            if any(x.significant for x in ch):
                d.citations_changed.append(CitationChange(c, other, ch))
            else:
                d.citations_same += 1
        else:
            left.append(c)
    rest = [c for c in new.basis if id(c) not in used]
    for c in left:
        key = citation_key(c.cite)
        same = [n for n in rest if key is not None and citation_key(n.cite) == key
                and (c.date is None or n.date is None or c.date == n.date)]
        if same:
            other = same[0]
            rest.remove(other)
            d.citations_changed.append(CitationChange(c, other, _citation_changes(c, other, oy, ny)))
        else:
            d.citations_removed.append(c)
    d.citations_added.extend(rest)


def _match_by_id(d: PlanDiff, old_items: list[Any], new_items: list[Any], compare: Any) -> tuple[list, list, list]:
    new_ids = {x.id: x for x in new_items}
    old_ids = {x.id for x in old_items}
    removed = [x for x in old_items if x.id not in new_ids]
    added = [x for x in new_items if x.id not in old_ids]
    changed = []
    for x in old_items:
        if x.id in new_ids:
            ch = compare(x, new_ids[x.id])
            if ch:
                changed.append((x, new_ids[x.id], ch))
    return removed, added, changed


def _task_refs(plan: Plan) -> list[TaskRef]:
    return [TaskRef(t, ph.id, ph.title) for ph in plan.phases for t in ph.tasks]


def _match_phases(d: PlanDiff, old: Any, new: Any, threshold: float) -> None:
    """Pair the phases of two plans: by id, then by title similarity, then — when as many phases
    are left on each side — by position. Phase ids are names the transcriber chose and differ
    across years; a phase with the same title or place is the same phase to a reviewer."""
    oy, ny = old.year, new.year
    new_by_id = {p.id: p for p in new.phases}
    pairs: list[tuple[Any, Any]] = [(p, new_by_id[p.id]) for p in old.phases if p.id in new_by_id]
    left_old = [p for p in old.phases if p.id not in new_by_id]
    paired_new = {p.id for _, p in pairs}
    left_new = [p for p in new.phases if p.id not in paired_new]
    scored = sorted(((text_similarity(a.title, b.title), i, j) for i, a in enumerate(left_old)
                     for j, b in enumerate(left_new) if a.title and b.title), key=lambda x: (-x[0], x[1], x[2]))
    taken_o: set[int] = set()
    taken_n: set[int] = set()
    for score, i, j in scored:
        if score >= threshold and i not in taken_o and j not in taken_n:
            taken_o.add(i)
            taken_n.add(j)
            pairs.append((left_old[i], left_new[j]))
    left_old = [p for i, p in enumerate(left_old) if i not in taken_o]
    left_new = [p for j, p in enumerate(left_new) if j not in taken_n]
    if left_old and len(left_old) == len(left_new):
        pairs += list(zip(left_old, left_new, strict=True))
        left_old, left_new = [], []
    d.phases_removed, d.phases_added = left_old, left_new
    d.phase_pairs = {a.id: b.id for a, b in pairs}
    order = {p.id: k for k, p in enumerate(new.phases)}
    for a, b in sorted(pairs, key=lambda ab: order[ab[1].id]):
        changes = [Change("id", a.id, b.id)] if a.id != b.id else []
        title = _text_change("phase.title", a.title, b.title, oy, ny)
        if title is not None and title.significant:
            changes.append(title)
        changes = _labelled(changes, "Phase")
        changes += [c for c in compare(a, b, "", None, oy, ny, skip=("id", "title", "tasks")) if c.significant]
        if changes:
            d.phases_changed.append((a, b, changes))


def _phase_spread(d: PlanDiff) -> None:
    """For each removed phase, the new phases its matched tasks went to (in new-plan order)."""
    removed = {p.id for p in d.phases_removed}
    for t in d.tasks_matched:
        if t.old.phase_id in removed:
            spread = d.phases_spread.setdefault(t.old.phase_id, [])
            for k, (pid, n) in enumerate(spread):
                if pid == t.new.phase_id:
                    spread[k] = (pid, n + 1)
                    break
            else:
                spread.append((t.new.phase_id, 1))


def _task_changes(o: TaskRef, n: TaskRef, oy: int, ny: int, similarity: float, moved: bool) -> list[Change]:
    ot, nt = o.task, n.task
    title = _text_change("title", ot.title, nt.title, oy, ny)
    if title is not None and title.significant:
        title.note = tr("similarity {s:.2f}", "độ tương đồng {s:.2f}", s=similarity)
    out: list[Change | None] = [title]
    if moved:
        out.append(Change("phase", o.phase_title or o.phase_id, n.phase_title or n.phase_id,
                          tr("moved to another phase", "chuyển sang giai đoạn khác")))
    from isoctl.plan.describe import field_label, field_names

    for name in field_names(ot):
        if name in ("id", "title"):
            continue
        if name == "when":
            if ot.when != nt.when or (ot.when is not None and nt.when is not None
                                      and ot.when.format() != nt.when.format()):
                note, significant = schedule_shift(ot.when, oy, nt.when, ny)
                out.append(Change("when", ot.when.format() if ot.when else None,
                                  nt.when.format() if nt.when else None, note, significant))
        elif name == "activity":
            out.append(_list_change("activity", list(activities_of(ot)), list(activities_of(nt))))
        elif name in ("lead", "partners", "outputs", "after"):
            out.append(_list_change(name, getattr(ot, name), getattr(nt, name)))
        else:
            out += compare(getattr(ot, name), getattr(nt, name), name, field_label("Task", name), oy, ny)
    return _labelled([c for c in out if c is not None], "Task")


def _labelled(changes: list[Change], model: str) -> list[Change]:
    """Changes made outside :func:`compare` get their field's label too."""
    from isoctl.plan.describe import field_label

    for c in changes:
        if c.label is None and c.field not in ("phase", "id"):
            c.label = field_label(model, c.field.rpartition(".")[2])
    return changes


def _moved(d: PlanDiff, o: TaskRef, n: TaskRef) -> bool:
    """A task moved when its old phase has a counterpart and that is not where the task is now;
    the tasks of a removed phase went somewhere by necessity (see ``phases_spread``)."""
    counterpart = d.phase_pairs.get(o.phase_id)
    return counterpart is not None and counterpart != n.phase_id


def _match_tasks(d: PlanDiff, old: Any, new: Any, threshold: float) -> None:
    oy, ny = old.year, new.year
    olds, news = _task_refs(old), _task_refs(new)
    new_by_id = {r.id: r for r in news}
    matched_new: set[int] = set()
    left_old: list[TaskRef] = []
    for r in olds:
        other = new_by_id.get(r.id)
        if other is not None and id(other) not in matched_new:
            matched_new.add(id(other))
            sim = task_similarity(r.task, other.task)
            moved = _moved(d, r, other)
            d.tasks_matched.append(TaskChange(r, other, "id", sim, _task_changes(r, other, oy, ny, sim, moved), moved))
        else:
            left_old.append(r)
    left_new = [r for r in news if id(r) not in matched_new]
    taken_o: set[int] = set()
    taken_n: set[int] = set()
    for score, i, j in _Matcher(left_old, left_new).greedy(threshold):
        taken_o.add(i)
        taken_n.add(j)
        a, b = left_old[i], left_new[j]
        moved = _moved(d, a, b)
        d.tasks_matched.append(TaskChange(a, b, "title", score, _task_changes(a, b, oy, ny, score, moved), moved))
    d.tasks_removed = [r for i, r in enumerate(left_old) if i not in taken_o]
    # for a reviewer: the closest unpaired new task of each removed one
    rest_n = [r for j, r in enumerate(left_new) if j not in taken_n]
    for i, (j, score) in _Matcher(d.tasks_removed, rest_n).nearest(threshold - 0.15).items():
        d.nearest.setdefault(d.tasks_removed[i].id, (rest_n[j].id, score))
    d.tasks_added = [r for j, r in enumerate(left_new) if j not in taken_n]
    order = {id(r.task): k for k, r in enumerate(news)}
    d.tasks_matched.sort(key=lambda t: order[id(t.new.task)])


def _sections(d: PlanDiff, old: Any, new: Any) -> None:
    oy, ny = old.year, new.year

    def items(plan: Plan, name: str) -> list[str]:
        if name == "responsibilities":  # one line per duty, with its unit, so a reviewer sees which
            return [line for r in plan.responsibilities
                    for line in ([f"{r.unit}: [{r.heading}]"] if r.heading else []) + [f"{r.unit}: {duty}" for duty in r.duties]]
        return list(getattr(plan, name))

    for name in ("purpose", "requirements", "responsibilities", "recipients"):
        old_items, new_items = items(old, name), items(new, name)
        a = [_without_year(x, oy) for x in old_items]
        b = [_without_year(x, ny) for x in new_items]
        if a != b:
            removed = [x for x, k in zip(old_items, a, strict=True) if k not in b]
            added = [x for x, k in zip(new_items, b, strict=True) if k not in a]
            d.sections.append(ItemsChange(name, removed, added, changed=not removed and not added))


def comment_lines(text: str) -> list[str]:
    """The comments of a YAML text, one a line, in order (the scanner's tokens tell text from comment)."""
    import yaml

    spans: list[tuple[int, int]] = []
    try:
        for tok in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if tok.start_mark.index != tok.end_mark.index:
                spans.append((tok.start_mark.index, tok.end_mark.index))
    except yaml.YAMLError:
        pass
    out = []
    pos = 0
    k = 0
    for line in text.splitlines(keepends=True):
        for m in re.finditer(r"(?:^|(?<=\s))#", line):
            at = pos + m.start()
            while k < len(spans) and spans[k][1] <= at:
                k += 1
            if k < len(spans) and spans[k][0] <= at < spans[k][1]:
                continue
            out.append(line[m.start():].rstrip())
            break
        pos += len(line)
    return out


def comments_changed(old_text: str, new_text: str) -> int:
    """How many comment lines changed (a line edited counts once, as one removed and one added)."""
    a, b = comment_lines(old_text), comment_lines(new_text)
    if a == b:
        return 0
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in
               difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op != "equal")


def diff_plans(old: Any, new: Any, *, old_name: str = "old", new_name: str = "new",
               threshold: float = DEFAULT_THRESHOLD, old_text: str | None = None,
               new_text: str | None = None) -> PlanDiff:
    """Compare two plans (``isoctl.plan.model.Plan``); with their texts, comments too."""
    d = PlanDiff(old_name, new_name, old.year, new.year, threshold)
    d.document = _document_changes(old, new)
    _match_citations(d, old, new)
    oy, ny = old.year, new.year

    def unit_changes(a: Any, b: Any) -> list[Change]:
        return compare(a, b, "", None, oy, ny, skip=("id",))

    d.units_removed, d.units_added, d.units_changed = _match_by_id(d, old.units, new.units, unit_changes)
    _match_phases(d, old, new, threshold)
    _match_tasks(d, old, new, threshold)
    _phase_spread(d)
    _sections(d, old, new)
    d.fields = _other_fields(old, new)
    if old_text is not None and new_text is not None:
        d.comments = comments_changed(old_text, new_text)
    return d


# --- formatting -------------------------------------------------------------------------------

# what a change can be about that is not a field of the model
_FIELD_NAMES = {"phase": ("phase", "giai đoạn"), "id": ("id", "mã")}


def field_name(name: str, label: tuple[str, str] | None = None) -> str:
    """A change's label (from :mod:`isoctl.plan.describe`), else a section's name."""
    from isoctl.plan.describe import field_label

    en, vi = label if label is not None else _FIELD_NAMES.get(name) or field_label("Plan", name)
    return tr(en, vi)


def _none() -> str:
    return tr("(none)", "(trống)")


def _val(value: Any, limit: int = 90) -> str:
    if value is None or value == [] or value == "":
        return _none()
    if isinstance(value, (list, tuple)):
        return ", ".join(_val(v, limit) for v in value)
    text = _jsonable(value)
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_STATUS_VI = {"draft": "dự thảo", "issued": "đã ban hành", "planned": "chưa thực hiện",
              "in-progress": "đang thực hiện", "done": "đã hoàn thành", "cancelled": "đã hủy"}


def _status(value: Any) -> str:
    """A plan or task status as the file writes it, in Vietnamese with the file's word after it."""
    if value in _STATUS_VI:
        return tr("{v}", "{w} ({v})", v=value, w=_STATUS_VI[value])
    return _val(value)


def _change_text(c: Change, limit: int = 90) -> str:
    """One change as text; a list of long texts takes one line per item removed (−) or added (+)."""
    from isoctl.plan.describe import is_model

    name = field_name(c.field, c.label)
    if c.field == "status" or c.field.endswith(".status"):
        return f"{name}: {_status(c.old)} → {_status(c.new)}" + (f" ({c.note})" if c.note else "")
    if c.field == "cite":
        return f"{name}: {c.old} → {c.new}" + (f" ({c.note})" if c.note else "")
    if not c.significant and c.note and c.field != "when":
        return f"{name}: {c.note}"
    if is_model(c.old) or is_model(c.new):
        sign, item = ("−", c.old) if c.new is None else ("+", c.new) if c.old is None else ("~", c.new)
        return f"{name}: {sign} {one_line(item, limit)}" if sign == "~" else f"{sign} {name}: {one_line(item, limit)}"
    if isinstance(c.old, list) and isinstance(c.new, list):
        removed = [x for x in c.old if x not in c.new]
        added = [x for x in c.new if x not in c.old]
        if not removed and not added:
            return f"{name}: {_val(c.old, limit)} → {_val(c.new, limit)}" + (f" ({c.note})" if c.note else "")
        parts = [("−", x) for x in removed] + [("+", x) for x in added]
        if any(len(str(x)) > 40 for _, x in parts):
            return f"{name}:" + "".join(f"\n  {sign} {_val(x, limit + 20)}" for sign, x in parts)
        body = " ".join(f"{sign}{_val(x, limit)}" for sign, x in parts)
    elif c.field in ("title", "document.title", "phase.title"):
        body = f"{_val(c.old, 1000)} → {_val(c.new, 1000)}"
    elif isinstance(c.old, str) and isinstance(c.new, str) and max(len(c.old), len(c.new)) > limit:
        body = _word_delta(c.old, c.new, limit)
    else:
        body = f"{_val(c.old, limit)} → {_val(c.new, limit)}"
    return f"{name}: {body}" + (f" ({c.note})" if c.note else "")


def one_line(value: Any, limit: int | None = None) -> str:
    """A value of the plan on one line: a model as its fields ``name value | …`` (empty ones left out)."""
    from isoctl.plan.describe import field_names, is_model

    if is_model(value):
        parts = []
        for f in field_names(value):
            v = getattr(value, f)
            if v is None or v == [] or v == "":
                continue
            parts.append(f"{f.replace('_', ' ')} {one_line(v)}")
        text = " | ".join(parts) or "-"
    elif isinstance(value, (list, tuple)):
        text = "; ".join(one_line(v) for v in value) if value else "-"
    elif value is None:
        text = "-"
    else:
        text = re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", " ", str(_jsonable(value)).strip())
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def _indent(text: str, pad: str) -> list[str]:
    """Lines of ``text``, the first after ``pad``, the others under it."""
    first, *rest = text.split("\n")
    return [pad + first] + [" " * len(pad) + line for line in rest]


def _nearest_text(d: PlanDiff, old_id: str) -> str:
    new_id, score = d.nearest[old_id]
    return tr("closest new task: {i} (similarity {s:.2f}, below the threshold {t:.2f})",
              "nhiệm vụ mới gần nhất: {i} (độ tương đồng {s:.2f}, dưới ngưỡng {t:.2f})",
              i=new_id, s=score, t=d.threshold)


def _word_delta(old: str, new: str, limit: int) -> str:
    """Only the words that changed, with a little context: 'TTHC → thủ tục hành chính; …'."""
    a, b = old.split(), new.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        before = " ".join(a[max(0, i1 - 2):i1])
        was, now = " ".join(a[i1:i2]) or "∅", " ".join(b[j1:j2]) or "∅"
        parts.append(f"…{before + ' ' if before else ''}{was} → {now}…")
    text = "; ".join(parts)
    return text if len(text) <= 2 * limit else text[: 2 * limit - 1] + "…"


def _units_phases(d: PlanDiff) -> list[tuple[str, str, str, str]]:
    """(sign, kind, id, text) for each unit and phase removed (-), added (+) or changed (~)."""
    unit, phase = tr("unit", "đơn vị"), tr("phase", "giai đoạn")
    out = [("-", unit, u.id, u.name) for u in d.units_removed]
    out += [("+", unit, u.id, u.name) for u in d.units_added]
    out += [("~", unit, u.id, "; ".join(_change_text(c) for c in ch)) for _, u, ch in d.units_changed]
    titles = {p.id: p.title or p.id for p in d.phases_added}
    titles.update({b.id: b.title or b.id for _, b, _ in d.phases_changed})
    for p in d.phases_removed:
        text = p.title or ""
        spread = d.phases_spread.get(p.id)
        if spread:
            text += tr(" (its tasks are now in: {w})", " (các nhiệm vụ của nó nay thuộc: {w})",
                       w=", ".join(f"{pid} ({n})" for pid, n in spread))
        out.append(("-", phase, p.id, text))
    out += [("+", phase, p.id, p.title or "") for p in d.phases_added]
    for a, b, ch in d.phases_changed:
        ident = b.id if a.id == b.id else f"{a.id} → {b.id}"
        out.append(("~", phase, ident, "; ".join(_change_text(c) for c in ch if c.field != "id")
                    or tr("renamed", "đổi mã")))
    return out


def _headline(d: PlanDiff) -> str:
    years = f" ({d.old_year} → {d.new_year})" if d.old_year != d.new_year else ""
    return f"{d.old_name} → {d.new_name}{years}"


def _citation_line(c: Any) -> str:
    bits = [b for b in (c.kind, c.date.strftime("%d/%m/%Y") if c.date else None, c.issuer) if b]
    return c.cite + (f" ({', '.join(bits)})" if bits else "")


def _task_head(t: TaskChange) -> str:
    ident = t.new.id if t.old.id == t.new.id else f"{t.old.id} → {t.new.id}"
    how = (tr("matched by title, similarity {s:.2f}", "khớp theo tên, độ tương đồng {s:.2f}", s=t.similarity)
           if t.matched_by == "title" else None)
    return ident + (f" [{how}]" if how else "")


def _counts(d: PlanDiff) -> str:
    by_id = sum(1 for t in d.tasks_matched if t.matched_by == "id")
    by_title = len(d.tasks_matched) - by_id
    return tr("{i} matched by id, {t} by title, {c} changed, {s} unchanged, {a} added, {r} removed",
              "{i} khớp theo mã, {t} theo tên, {c} thay đổi, {s} không đổi, {a} thêm, {r} bỏ",
              i=by_id, t=by_title, c=len(d.tasks_changed), s=d.tasks_same, a=len(d.tasks_added),
              r=len(d.tasks_removed))


def format_text(d: PlanDiff) -> str:
    """Plain text for a terminal (one item a line, ``+`` added, ``-`` removed, ``~`` changed)."""
    out = [_headline(d)]
    if d.is_empty():
        out.append(tr("no differences in content", "nội dung không khác nhau"))
        return "\n".join(out) + "\n"
    if d.document:
        out += ["", tr("Document", "Văn bản")]
        out += [x for c in d.document for x in _indent(_change_text(c), "  ")]
    if d.citations_removed or d.citations_added or d.citations_changed:
        out += ["", tr("Citations: {r} removed, {a} added, {c} changed, {s} unchanged",
                       "Căn cứ: {r} bỏ, {a} thêm, {c} thay đổi, {s} giữ nguyên", r=len(d.citations_removed),
                       a=len(d.citations_added), c=len(d.citations_changed), s=d.citations_same)]
        out += [f"  - {_citation_line(c)}" for c in d.citations_removed]
        out += [f"  + {_citation_line(c)}" for c in d.citations_added]
        for cc in d.citations_changed:
            name = cc.new.cite if cc.old.cite == cc.new.cite else f"{cc.old.cite} → {cc.new.cite}"
            out.append(f"  ~ {name}")
            out += [x for c in cc.changes for x in _indent(_change_text(c), "      ")]
    rows = _units_phases(d)
    for kind, heading in ((tr("unit", "đơn vị"), tr("Units", "Đơn vị")), (tr("phase", "giai đoạn"),
                                                                       tr("Phases", "Giai đoạn"))):
        mine = [r for r in rows if r[1] == kind]
        if mine:
            out += ["", heading]
            out += [f"  {sign} {ident}: {text}" for sign, _, ident, text in mine]
    out += ["", tr("Tasks", "Nhiệm vụ") + f" ({_counts(d)})"]
    for t in d.tasks_changed:
        out.append(f"  ~ {_task_head(t)}")
        out.append(f"      {t.new.task.title}")
        out += [x for c in t.changes for x in _indent(_change_text(c), "      ")]
    for r in d.tasks_removed:
        out.append(f"  - {r.id} [{r.phase_title or r.phase_id}] {r.task.title}"
                   + (f" ({r.task.when.format()})" if r.task.when else ""))
        if r.id in d.nearest:
            out.append(f"      {_nearest_text(d, r.id)}")
    for r in d.tasks_added:
        out.append(f"  + {r.id} [{r.phase_title or r.phase_id}] {r.task.title}"
                   + (f" ({r.task.when.format()})" if r.task.when else ""))
    if d.sections:
        out += ["", tr("Other sections", "Các phần khác")]
        for s in d.sections:
            if s.changed and not s.removed and not s.added:
                out.append(f"  ~ {field_name(s.section)}")
                continue
            out.append(f"  ~ {field_name(s.section)}: "
                       + tr("{r} removed, {a} added", "{r} bỏ, {a} thêm", r=len(s.removed), a=len(s.added)))
            out += [f"      - {_val(x, 110)}" for x in s.removed]
            out += [f"      + {_val(x, 110)}" for x in s.added]
    if any(c.significant for c in d.fields):
        if not d.sections:
            out += ["", tr("Other sections", "Các phần khác")]
        out += [x for c in d.fields for x in _indent(_change_text(c), "  ~ ")]
    if d.comments:
        out += ["", _comments_line(d)]
    return "\n".join(out) + "\n"


def _comments_line(d: PlanDiff) -> str:
    return tr("comments changed: {n} line(s)", "chú thích thay đổi: {n} dòng", n=d.comments)


def _md(text: Any) -> str:
    """Text safe inside a Markdown table cell or list item (no HTML, no table breaks)."""
    s = str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    s = s.replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([`*_\[\]])", r"\\\1", s)


def format_markdown(d: PlanDiff) -> str:
    """GitHub-flavoured Markdown that fits a pull-request comment."""
    out = [f"### {_md(_headline(d))}", ""]
    if d.is_empty():
        out.append(tr("No differences in content.", "Nội dung không khác nhau."))
        return "\n".join(out) + "\n"
    if d.document:
        out += [f"**{tr('Document', 'Văn bản')}**", ""]
        out += [f"- {_md(line.strip())}" for c in d.document for line in _change_text(c, 200).split("\n")]
        out.append("")
    if d.citations_removed or d.citations_added or d.citations_changed:
        out += [f"**{tr('Citations', 'Căn cứ')}** — " + tr(
            "{r} removed, {a} added, {c} changed, {s} unchanged", "{r} bỏ, {a} thêm, {c} thay đổi, {s} giữ nguyên",
            r=len(d.citations_removed), a=len(d.citations_added), c=len(d.citations_changed), s=d.citations_same), ""]
        out += [f"- ➖ {_md(_citation_line(c))}" for c in d.citations_removed]
        out += [f"- ➕ {_md(_citation_line(c))}" for c in d.citations_added]
        for cc in d.citations_changed:
            name = cc.new.cite if cc.old.cite == cc.new.cite else f"{cc.old.cite} → {cc.new.cite}"
            details = "; ".join(_change_text(c, 120) for c in cc.changes)
            out.append(f"- ✏️ {_md(name)}" + (f": {_md(details)}" if details else ""))
        out.append("")
    rows = _units_phases(d)
    if rows:
        out += [f"**{tr('Units and phases', 'Đơn vị và giai đoạn')}**", ""]
        marks = {"-": "➖", "+": "➕", "~": "✏️"}
        out += [f"- {marks[sign]} {kind} `{ident.replace('`', '')}`{':' if sign == '~' else ''} {_md(text)}"
                for sign, kind, ident, text in rows]
        out.append("")
    out += [f"**{tr('Tasks', 'Nhiệm vụ')}** — {_md(_counts(d))}", ""]
    if d.tasks_changed or d.tasks_added or d.tasks_removed:
        out += ["| | " + tr("Task", "Nhiệm vụ") + " | " + tr("What changed", "Thay đổi") + " |", "|---|---|---|"]
        for t in d.tasks_changed:
            what = "<br>".join(_md(_change_text(c, 160)) for c in t.changes)
            ident = t.new.id if t.old.id == t.new.id else f"{t.old.id} → {t.new.id}"
            how = (" _" + tr("matched by title, similarity {s:.2f}", "khớp theo tên, độ tương đồng {s:.2f}",
                             s=t.similarity) + "_") if t.matched_by == "title" else ""
            out.append(f"| ✏️ | `{ident.replace('`', '')}`{how}<br>{_md(t.new.task.title)} | {what} |")
        for r in d.tasks_removed:
            when = r.task.when.format() if r.task.when else ""
            out.append(f"| ➖ | `{r.id}`<br>{_md(r.task.title)} | {_md(r.phase_title or r.phase_id)}; {_md(when)}"
                       + (f"<br>{_md(_nearest_text(d, r.id))}" if r.id in d.nearest else "") + " |")
        for r in d.tasks_added:
            when = r.task.when.format() if r.task.when else ""
            out.append(f"| ➕ | `{r.id}`<br>{_md(r.task.title)} | {_md(r.phase_title or r.phase_id)}; {_md(when)} |")
        out.append("")
    if d.sections:
        out += [f"**{tr('Other sections', 'Các phần khác')}**", ""]
        for s in d.sections:
            if s.changed and not s.removed and not s.added:
                out.append(f"- ✏️ {_md(field_name(s.section))}")
            else:
                out.append(f"- ✏️ {_md(field_name(s.section))}: " + tr("{r} removed, {a} added", "{r} bỏ, {a} thêm",
                                                                         r=len(s.removed), a=len(s.added)))
                out += [f"  - ➖ {_md(_val(x, 200))}" for x in s.removed]
                out += [f"  - ➕ {_md(_val(x, 200))}" for x in s.added]
        out.append("")
    if any(c.significant for c in d.fields):
        if not d.sections:
            out += [f"**{tr('Other sections', 'Các phần khác')}**", ""]
        for c in d.fields:
            first, *rest = _change_text(c, 200).split("\n")
            out.append(f"- ✏️ {_md(first)}")
            out += [f"  - {_md(line.strip())}" for line in rest]
        out.append("")
    if d.comments:
        out += [f"_{_md(_comments_line(d))}_", ""]
    return "\n".join(out)


def format_json(d: PlanDiff) -> str:
    return json.dumps(d.to_dict(), ensure_ascii=False, indent=2) + "\n"


FORMATTERS = {"text": format_text, "markdown": format_markdown, "json": format_json}
