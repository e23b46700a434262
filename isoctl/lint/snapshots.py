"""Snapshots of large plans (:mod:`isoctl.plan.snapshot`) kept in the cache of done/set
(:mod:`isoctl.lint.cache`): whole, or as one kept whole and the edits made since (a link)."""

from __future__ import annotations

from typing import Any

from isoctl.lint import cache


def load(path: str, key: str) -> Any:
    """The :class:`~isoctl.plan.snapshot.Snapshot` kept for the plan text of entry ``key`` (whole,
    or as one kept whole and the edits since), or None."""
    from isoctl.plan.snapshot import Broken, Snapshot

    kept = chain(path, key)
    if kept is None:
        return None
    whole, edits = kept
    payload = cache.load(path, whole)
    if payload is None:
        return None
    snapshot = Snapshot.from_json(payload)
    try:
        for edit in edits:
            if snapshot is None:
                return None
            snapshot = snapshot.applied(edit)
    except Broken:
        return None
    if snapshot is not None:
        snapshot.origin = (whole, edits)
    return snapshot


def chain(path: str, key: str) -> tuple[str, list[Any]] | None:
    """How the snapshot of the plan text of entry ``key`` is kept (:meth:`Snapshot.chain`), without
    reading it, or None when none is."""

    whole = cache.snapshot_key(key)
    if cache.has(path, whole):
        return whole, []
    link = cache.load(path, cache.link_key(key))
    if (isinstance(link, dict) and isinstance(link.get("base"), str) and cache.is_snapshot_key(link["base"])
            and isinstance(link.get("edits"), list)):
        return link["base"], link["edits"]
    return None


def linked(path: str, key: str, link: Any) -> Any:
    """The snapshot of the plan an edit writes, as the one of the plan it read and ``link()``, or
    None (the plan read has none, or enough edits since one kept whole: the next plan-wide edit
    keeps one whole)."""
    from isoctl.plan import snapshot

    kept = chain(path, key)
    if kept is None or len(kept[1]) >= snapshot.MAX_LINKS:
        return None
    made = link()
    return snapshot.Linked(kept[0], [*kept[1], made]) if made is not None else None


def keep(path: str, key: str, item: Any) -> None:
    """Keep the state or the snapshot ``item`` of the plan text of entry ``key``: a snapshot as
    the one it was made from and its edit when that one is kept (the one kept whole renewed, so
    that it stays), else whole."""
    from isoctl.plan.snapshot import Linked, Snapshot

    if isinstance(item, Linked):
        if cache.renew(path, item.base):
            cache.store(path, cache.link_key(key), item.to_json())
        return
    if not isinstance(item, Snapshot):
        cache.store(path, key, item.to_json())
        return
    chain = item.chain()
    if chain is not None and cache.renew(path, chain[0]):
        if chain[1]:
            cache.store(path, cache.link_key(key), {"base": chain[0], "edits": chain[1]})
        return
    whole = cache.snapshot_key(key)
    if cache.renew(path, whole) or cache.store(path, whole, item.to_json()):
        item.origin = (whole, [])
