"""What makes a finding the same finding after an edit: its identity.

A finding is identified by its rule, the ids on its YAML path and a key the rule declares
(:attr:`~isoctl.lint.rules.base.Violation.about`): never a list index, a line number or a count,
so deleting, inserting, reordering or moving tasks around a finding leaves it the same finding.
On the path, a task is its id (wherever its phase is: ``tasks[danh-gia-noi-bo]``), a unit or
phase its id, a citation its number as written, a responsibility its unit, a committee member
their name, and a text in a list its words. The plan's own year is written ``<year>`` so the
rollover (``isoctl new --from``) keeps identities.

Two forms are kept: the *exact* one, and a *loose* one where texts in lists are ``*``. Review and
baselines match on the exact form first, then what is left on the loose one, so a finding in a
text whose wording was edited is still the old finding.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from isoctl.diagnostics import Finding, YamlPath
from isoctl.lazyre import lazy

# keys whose value names a list item, in the order they are tried
_NAMING_KEYS = ("id", "cite", "unit", "name", "code", "title")
_SPACE = lazy(r"\s+")


def _text(value: Any, year: int | None) -> str:
    text = _SPACE.sub(" ", unicodedata.normalize("NFC", str(value))).strip()
    if year is not None:
        text = re.sub(rf"(?<!\d){year}(?!\d)", "<year>", text)
    if len(text) > 60:  # a long text is its start and a digest of the whole
        import hashlib  # rarely needed: not imported on every run

        text = text[:40] + "…" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return text.replace("[", "(").replace("]", ")")


def _item_name(item: Any, year: int | None) -> tuple[str, bool]:
    """(how a list item is named on a stable path, whether that name is its text)."""
    if isinstance(item, dict):
        for key in _NAMING_KEYS:
            value = item.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                return _text(value, year), False
        return "*", False
    if isinstance(item, (str, int, float)) and not isinstance(item, bool):
        return _text(item, year), True
    return "*", False


def stable_path(data: Any, path: YamlPath, year: int | None = None) -> tuple[str, str]:
    """(exact, loose) forms of ``path`` with list indices replaced by the items' names."""
    exact: list[str] = []
    loose: list[str] = []
    node = data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and -len(node) <= part < len(node) else None
            name, is_text = _item_name(item, year)
            if exact and exact[-1] == "tasks" and len(exact) >= 2 and exact[-2].startswith("phases["):
                del exact[-2], loose[-2]  # a task is itself wherever its phase is
            exact[-1] += f"[{name}]"
            loose[-1] += "[*]" if is_text else f"[{name}]"
            node = item
        else:
            exact.append(str(part))
            loose.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(exact), ".".join(loose)


def _year(data: Any) -> int | None:
    year = data.get("year") if isinstance(data, dict) else None
    return year if isinstance(year, int) and not isinstance(year, bool) else None


def identity(data: Any, path: YamlPath, about: Sequence[Any] = ()) -> tuple[str, str]:
    """(exact, loose) identity of a finding at ``path`` with the rule's key ``about``."""
    year = _year(data)
    exact, loose = stable_path(data, path, year)
    if about:
        key = "|".join(_text(a, year) for a in about)
        exact, loose = f"{exact}|{key}", f"{loose}|{key}"
    return exact, loose


def with_identities(findings: Iterable[Finding], data: Any, lines: Sequence[str] | None = None) -> list[Finding]:
    """``findings`` with an identity where they have none: from their path, or — for findings
    about a line of text (a suppression comment, a syntax error) — from that line's content."""
    from isoctl.records import replace

    out = []
    for f in findings:
        if not f.ident[0]:
            about: tuple[str, ...] = ()
            if not f.path and lines is not None and 0 < f.line <= len(lines):
                about = (lines[f.line - 1].strip(),)
            f = replace(f, ident=identity(data, f.path, about))
        out.append(f)
    return out


def match(items: list[Finding], pool: list[Finding], *, exact: Any = None,
          loose: Any = None) -> tuple[list[Finding], list[Finding]]:
    """(items with no partner in ``pool``, pool entries no item took): equal identities pair one
    to one, exact first, then loose. ``exact``/``loose`` map a finding to its key (default: code
    and identity)."""
    exact = exact or (lambda f: (f.code, f.ident[0]))
    loose = loose or (lambda f: (f.code, f.ident[1]))
    left, rest = _pair(items, pool, exact)
    return _pair(left, rest, loose)


def _pair(items: list[Finding], pool: list[Finding], key: Any) -> tuple[list[Finding], list[Finding]]:
    waiting: dict[Any, list[Finding]] = {}
    for f in pool:
        waiting.setdefault(key(f), []).append(f)
    unmatched = []
    for f in items:
        partners = waiting.get(key(f))
        if partners:
            partners.pop(0)
        else:
            unmatched.append(f)
    return unmatched, [f for fs in waiting.values() for f in fs]
