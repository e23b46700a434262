"""Did-you-mean: the known names close enough to a mistyped one to be worth saying.

``difflib.get_close_matches`` (what click and typer use) scores by shared characters, so
``--bogus`` meets ``--jobs`` at 0.77, above its 0.6 cutoff: a suggestion that is noise. This is
the measure CPython's own "Did you mean" uses for a misspelt name (``traceback``,
``_compute_suggestion_error``): an edit distance where inserting, deleting or replacing a
character costs 2 and changing only its case costs 1, and a name is suggested only when the
distance is at most ``(len(a) + len(b) + 3) * 2 // 6`` -- about one edit in three characters.
Unlike CPython's, two neighbouring characters swapped are one edit, not two (the commonest slip
of a typist, which git's "did you mean" counts too): ``--jbos`` → ``--jobs``.
A name one begins with the other (four characters at least: ``--stat`` for ``--statistics``,
``--language`` for ``--lang``) is close too, after the near misses.
``--fromat`` → ``--format``, ``valdate`` → ``validate``, ``v003`` → ``V003``; ``--bogus``,
``xyz`` and ``nonexistent-task`` → nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

_MOVE = 2
_CASE = 1
_PREFIX = 4


def _cost(a: str, b: str) -> int:
    if a == b:
        return 0
    return _CASE if a.lower() == b.lower() else _MOVE


def distance(a: str, b: str, limit: int | None = None) -> int:
    """The weighted edit distance of ``a`` and ``b`` (two neighbours swapped count as one edit);
    above ``limit`` (when given) it stops early and returns ``limit + 1``."""
    if a == b:
        return 0
    if limit is not None and abs(len(a) - len(b)) * _MOVE > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(0, (len(b) + 1) * _MOVE, _MOVE))
    for i, ca in enumerate(a, 1):
        new = [i * _MOVE] + [0] * len(b)
        best = new[0]
        for j, cb in enumerate(b, 1):
            here = min(row[j] + _MOVE, new[j - 1] + _MOVE, row[j - 1] + _cost(ca, cb))
            if before and j > 1 and ca != cb and ca == b[j - 2] and a[i - 2] == cb:
                here = min(here, before[j - 2] + _MOVE)  # 'jbos' for 'jobs'
            new[j] = here
            best = min(best, here)
        if limit is not None and best > limit:
            return limit + 1
        before, row = row, new
    return row[-1]


def _bare(name: str) -> str:
    return name.lstrip("-")


def close_matches(word: str, known: Iterable[str], n: int = 1) -> list[str]:
    """Up to ``n`` of ``known`` close enough to ``word`` to suggest, the closest first (ties in
    the order given). Leading dashes are not compared (``--jobs`` is ``jobs``)."""
    wrong = _bare(str(word))
    scored: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for order, name in enumerate(known):
        name = str(name)
        if name in seen or name == word:
            continue
        seen.add(name)
        bare = _bare(name)
        limit = (len(bare) + len(wrong) + 3) * _MOVE // 6
        d = distance(wrong, bare, limit)
        if d <= limit:
            scored.append((d, order, name))
        elif min(len(wrong), len(bare)) >= _PREFIX and (bare.lower().startswith(wrong.lower())
                                                         or wrong.lower().startswith(bare.lower())):
            scored.append((limit + 1 + abs(len(bare) - len(wrong)), order, name))
    scored.sort()
    return [name for _, _, name in scored[:n]]


def closest(word: str, known: Iterable[str]) -> str | None:
    """The one name of ``known`` to suggest for ``word``, or None."""
    hits = close_matches(word, known, 1)
    return hits[0] if hits else None
