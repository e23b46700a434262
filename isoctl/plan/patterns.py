"""Regular-expression text built from numbers, for the JSON Schema (``jsonschema``, the models'
own schemas): what a schema says with a pattern where it cannot compare values."""

from __future__ import annotations


def range_pattern(lo: int, hi: int) -> str:
    """A regular expression (an alternation) for the decimal numbers ``lo``–``hi`` without
    leading zeros, ``0 <= lo <= hi``."""
    out = []
    for length in range(len(str(lo)), len(str(hi)) + 1):
        a = max(lo, 10 ** (length - 1) if length > 1 else 0)
        b = min(hi, 10 ** length - 1)
        if a > b:
            continue
        start = a
        for stop in _stops(a, b):
            out.append("".join(x if x == y else f"[{x}-{y}]" for x, y in zip(str(start), str(stop), strict=True)))
            start = stop + 1
    return "|".join(p.replace("[0-9]", "\\d") for p in out)


def _stops(a: int, b: int) -> list[int]:
    """Where ``a``–``b`` (same number of digits) splits into ranges a digit class each describes."""
    stops = {b}
    k = 1
    while True:
        stop = int(str(a)[:-k] + "9" * k) if k < len(str(a)) else 10 ** len(str(a)) - 1
        if not a <= stop < b:
            break
        stops.add(stop)
        k += 1
    k = 1
    while True:
        stop = (b + 1) - (b + 1) % 10 ** k - 1
        if not a < stop <= b:
            break
        stops.add(stop)
        k += 1
    return sorted(stops)
