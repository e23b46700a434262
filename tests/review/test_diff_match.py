"""Pairing tasks whose ids differ: the bounded matcher gives exactly what scoring every pair gives,
and the real 2023 → 2024 diff prints what it printed before the matcher was indexed."""

from __future__ import annotations

import random
import re
import sys
import unicodedata

import pytest

from conftest import ROOT, SEED_PLANS
from isoctl.plan.validate import check_text
from isoctl.review.diff import DEFAULT_THRESHOLD, TaskRef, _Matcher, _task_refs, task_similarity
from samples import check_snapshot

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import _q, plan_text, rename_ids  # noqa: E402


def _plan(text: str):
    checked = check_text(text, "t.yaml")
    assert checked.plan is not None, checked.findings
    return checked.plan


REAL = {p.name: _plan(p.read_text(encoding="utf-8")) for p in SEED_PLANS}


def every_pair(olds: list[TaskRef], news: list[TaskRef], threshold: float):
    """The matching as a reviewer defines it: every pair scored, best first (ties by position),
    taken while both tasks are free; then each removed task's best free counterpart above
    threshold − 0.15."""
    pairs = sorted(((task_similarity(a.task, b.task), i, j) for i, a in enumerate(olds)
                    for j, b in enumerate(news)), key=lambda p: (-p[0], p[1], p[2]))
    taken_o: set[int] = set()
    taken_n: set[int] = set()
    matched = []
    for score, i, j in pairs:
        if score < threshold:
            break
        if i not in taken_o and j not in taken_n:
            taken_o.add(i)
            taken_n.add(j)
            matched.append((score, i, j))
    nearest: dict[int, tuple[int, float]] = {}
    for score, i, j in pairs:
        if score < threshold - 0.15:
            break
        if i not in taken_o and j not in taken_n and i not in nearest:
            nearest[i] = (j, score)
    return matched, nearest


def bounded(olds: list[TaskRef], news: list[TaskRef], threshold: float):
    matched = _Matcher(olds, news).greedy(threshold)
    rest_o = [i for i in range(len(olds)) if i not in {m[1] for m in matched}]
    rest_n = [j for j in range(len(news)) if j not in {m[2] for m in matched}]
    near = _Matcher([olds[i] for i in rest_o], [news[j] for j in rest_n]).nearest(threshold - 0.15)
    return matched, {rest_o[i]: (rest_n[j], s) for i, (j, s) in near.items()}


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def reworded(text: str, rng: random.Random) -> str:
    """A title edited as a transcriber would: a word dropped or repeated, two swapped, accents lost."""
    words = text.split()
    kind = rng.randrange(5)
    if kind == 0 and len(words) > 2:
        del words[rng.randrange(len(words))]
    elif kind == 1:
        k = rng.randrange(len(words))
        words.insert(k, words[k])
    elif kind == 2 and len(words) > 1:
        k = rng.randrange(len(words) - 1)
        words[k], words[k + 1] = words[k + 1], words[k]
    elif kind == 3:
        words = _strip_accents(" ".join(words)).split()
    return " ".join(words)


@pytest.mark.parametrize("old", sorted(REAL), ids=str)
@pytest.mark.parametrize("new", sorted(REAL), ids=str)
@pytest.mark.parametrize("threshold", [0.1, 0.3, DEFAULT_THRESHOLD, 0.8, 0.99])
def test_real_plans_match_as_scoring_every_pair(old, new, threshold):
    olds, news = _task_refs(REAL[old]), _task_refs(REAL[new])
    assert bounded(olds, news, threshold) == every_pair(olds, news, threshold)


@pytest.mark.parametrize("seed", range(6))
def test_generated_plans_with_reworded_titles_match_as_scoring_every_pair(seed):
    rng = random.Random(seed)
    text = plan_text(seed, tasks=rng.randint(20, 40)).replace("  abrv:", "  abbr:")
    other = plan_text(seed + 100, tasks=rng.randint(20, 40)).replace("  abrv:", "  abbr:")
    def edit(m: re.Match[str]) -> str:
        title = m.group(2)
        if title.startswith('"'):
            title = title[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        return m.group(1) + _q(reworded(title, rng) if rng.random() < 0.5 else title)

    edited = re.sub(r"(?m)^(        title: )(.*)$", edit, rename_ids(text))
    olds = _task_refs(_plan(text))
    for news in (_task_refs(_plan(edited)), _task_refs(_plan(other))):
        rng.shuffle(news)
        assert bounded(olds, news, DEFAULT_THRESHOLD) == every_pair(olds, news, DEFAULT_THRESHOLD)


def test_bounds_never_fall_below_the_score():
    refs = [r for plan in REAL.values() for r in _task_refs(plan)]
    m = _Matcher(refs, refs)
    scores = [[m.score(i, j) for j in range(len(refs))] for i in range(len(refs))]
    for i, row in enumerate(scores):
        for j, score in enumerate(row):
            assert score == task_similarity(refs[i].task, refs[j].task)
            assert m.refine(i, j) >= score
        for floor in (0.0, 0.45, DEFAULT_THRESHOLD, 0.8):
            bounds = {j: b for b, j in m.bounds(i, floor)}
            for j, score in enumerate(row):
                # left out only when the score is below the floor; never bounded below the score
                assert bounds[j] >= score if j in bounds else score < floor


def test_renamed_ids_are_paired_back_by_title():
    text = plan_text(3, tasks=120).replace("  abrv:", "  abbr:")
    old, new = _task_refs(_plan(text)), _task_refs(_plan(rename_ids(text)))
    assert {r.id for r in old}.isdisjoint(r.id for r in new)
    matched = _Matcher(old, new).greedy(DEFAULT_THRESHOLD)
    assert len(matched) == len(old)
    for score, i, j in matched:
        assert old[i].task.title == new[j].task.title and score == 1.0


@pytest.mark.parametrize("fmt, ext", [("text", "txt"), ("markdown", "md"), ("json", "json")])
def test_real_diff_output_is_unchanged(cli, monkeypatch, fmt, ext):
    monkeypatch.chdir(ROOT)
    r = cli("diff", "plans/plan-2023.yaml", "plans/plan-2024.yaml", "--format", fmt)
    assert r.exit_code == 0, r
    check_snapshot(f"diff-plan-2023-plan-2024.{ext}", r.stdout)


def test_real_diff_output_is_unchanged_in_vietnamese(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    r = cli("--lang", "vi", "diff", "plans/plan-2023.yaml", "plans/plan-2024.yaml")
    assert r.exit_code == 0, r
    check_snapshot("diff-plan-2023-plan-2024-vi.txt", r.stdout)
