"""Data classes without building their methods at import: ``@dataclass`` as the standard library's,
with the methods written out ahead of time.

The standard ``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, … as source
text and compiles it with ``exec`` when the class is defined, and imports :mod:`inspect` to do it.
For the 31 classes one ``isoctl validate`` of one plan defines that was about a quarter of its
instructions (180 M of 750 M under valgrind). Here the same methods are ordinary functions in a
generated module, ``isoctl/_records_table.py`` (``python -m isoctl.startgen`` writes it), compiled
into its bytecode like any other code; :func:`dataclass` looks the class up there and attaches them.

The declarations do not change: ``from isoctl.records import dataclass, field`` instead of
``dataclasses``, with the same arguments (``frozen``, ``order``, ``slots``; ``field`` with
``default``, ``default_factory``, ``compare``, ``hash``, ``repr``). A class the table does not have
*as declared* (a field added, an option changed, the table not regenerated, another Python version:
the table is made for the one it was generated on) is given to the standard ``dataclasses``
instead, so the behaviour is the standard one either way, only slower; ``ISOCTL_RECORDS=dataclasses``
does that for every class. ``tests/test_records.py`` checks that the table is current and that
each class behaves as its standard twin (``repr``, equality, hashing, ordering, frozen fields,
signature, ``dataclasses.fields``/``replace``).

``dataclasses.fields``, ``replace``, ``asdict`` and ``is_dataclass`` work on these classes: their
``__dataclass_fields__`` is made (importing ``dataclasses``) when first asked for. :func:`replace`
here does what ``dataclasses.replace`` does without that import.
"""

from __future__ import annotations

import os
import sys
from _thread import get_ident
from typing import Any

_KNOWN_OPTIONS = frozenset({"frozen", "order", "slots"})
_OWN = ("__init__", "__repr__", "__eq__", "__hash__", "__lt__", "__le__", "__gt__", "__ge__",
        "__setattr__", "__delattr__", "__post_init__")


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a frozen record (as ``dataclasses.FrozenInstanceError``)."""


class _Factory:
    """The default of a field made by its factory (the generated ``__init__``'s sentinel)."""

    def __repr__(self) -> str:
        return "<factory>"


FACTORY = _Factory()
_MISSING = object()


class Field:
    """What :func:`field` declares (read by :func:`dataclass`, then removed from the class)."""

    __slots__ = ("default", "default_factory", "compare", "hash", "repr")

    def __init__(self, default: Any, default_factory: Any, compare: bool, hash: bool | None, repr: bool) -> None:
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.hash = hash
        self.repr = repr


def field(*, default: Any = _MISSING, default_factory: Any = _MISSING, compare: bool = True,
          hash: bool | None = None, repr: bool = True) -> Any:
    """``dataclasses.field``, for the arguments isoctl uses."""
    if default is not _MISSING and default_factory is not _MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, compare, hash, repr)


def recursive_repr(fn: Any) -> Any:
    """``__repr__`` that prints ``...`` for a record inside itself (as dataclasses' does)."""
    running: set[tuple[int, int]] = set()

    def wrapper(self: Any) -> str:
        key = id(self), get_ident()
        if key in running:
            return "..."
        running.add(key)
        try:
            return fn(self)
        finally:
            running.discard(key)
    wrapper.__name__ = fn.__name__
    wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
    return wrapper


class _LazyStandard:
    """``__dataclass_fields__`` / ``__dataclass_params__``: made by ``dataclasses`` when first read."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type) -> Any:
        twin = _standard_twin(owner)
        value = getattr(twin, self.name)
        setattr(owner, self.name, value)
        return value


def _standard_twin(cls: type) -> type:
    """The standard dataclass of the same declaration as the record ``cls``."""
    import dataclasses

    spec = cls.__dict__["__records__"]
    ns: dict[str, Any] = {"__annotations__": dict(spec.annotations), "__module__": cls.__module__,
                          "__qualname__": cls.__qualname__, "__doc__": cls.__doc__}
    for name, decl in spec.declared.items():
        ns[name] = _standard_field(decl) if isinstance(decl, Field) else decl
    return dataclasses.dataclass(type(cls.__name__, (), ns), **spec.options)


def _standard_field(decl: Field) -> Any:
    import dataclasses

    kw: dict[str, Any] = {"compare": decl.compare, "hash": decl.hash, "repr": decl.repr}
    if decl.default is not _MISSING:
        kw["default"] = decl.default
    if decl.default_factory is not _MISSING:
        kw["default_factory"] = decl.default_factory
    return dataclasses.field(**kw)


class Spec:
    """A record's declaration as :func:`dataclass` read it: what the generated table is keyed by."""

    __slots__ = ("annotations", "declared", "options", "shape", "fields")

    def __init__(self, annotations: dict[str, Any], declared: dict[str, Any], options: dict[str, bool],
                 shape: tuple[Any, ...], fields: tuple[tuple[Any, ...], ...]) -> None:
        self.annotations = annotations
        self.declared = declared  # a field's value in the class body (a default, or a Field)
        self.options = options
        self.shape = shape
        self.fields = fields  # (name, kind: "required" | "value" | "factory", compare, hash, repr)


def read_spec(cls: type, options: dict[str, bool]) -> Spec | None:
    """The declaration of ``cls``, or None if it uses what the table cannot express (then the
    standard dataclasses make it)."""
    if set(options) - _KNOWN_OPTIONS or any(b is not object for b in cls.__bases__) \
            or "__abstractmethods__" in cls.__dict__ or (options.get("frozen") and options.get("slots")):
        return None
    annotations = dict(cls.__dict__.get("__annotations__", {}))
    declared: dict[str, Any] = {}
    fields = []
    for name, ann in annotations.items():
        if not isinstance(ann, str) or any(w in ann for w in ("ClassVar", "InitVar", "KW_ONLY")):
            return None
        value = cls.__dict__.get(name, _MISSING)
        if value is not _MISSING:
            declared[name] = value
        if isinstance(value, Field):
            kind = "factory" if value.default_factory is not _MISSING else \
                "value" if value.default is not _MISSING else "required"
            compare, hash_, repr_ = value.compare, value.hash, value.repr
        else:
            kind = "required" if value is _MISSING else "value"
            compare, hash_, repr_ = True, None, True
        fields.append((name, kind, compare, hash_, repr_))
    own = tuple(n for n in _OWN if n in cls.__dict__)
    explicit_hash = "__hash__" in cls.__dict__ and not (cls.__dict__["__hash__"] is None and "__eq__" in cls.__dict__)
    shape = (tuple(sorted(options.items())), tuple(fields), own, explicit_hash, bool(cls.__doc__))
    return Spec(annotations, declared, dict(options), shape, tuple(fields))


def _use_table() -> bool:
    return os.environ.get("ISOCTL_RECORDS") != "dataclasses"


_table: dict[str, tuple[tuple[Any, ...], Any, str | None]] | None = None
made: list[type] = []  # every record made here (from the table or not), for the generator and tests


def _lookup(key: str) -> tuple[tuple[Any, ...], Any, str | None] | None:
    global _table
    if _table is None:
        try:
            from isoctl import _records_table as generated
        except ImportError:
            generated = None
        ok = generated is not None and getattr(generated, "PYTHON", None) == sys.version_info[:2]
        _table = generated.TABLE if ok else {}  # type: ignore[union-attr]
    return _table.get(key)


def dataclass(cls: type | None = None, /, **options: bool) -> Any:
    """``dataclasses.dataclass`` (``frozen``, ``order``, ``slots``), with the methods from the
    generated table when it has this class as declared."""
    def wrap(cls: type) -> type:
        made_cls = _make(cls, options)
        made.append(made_cls)
        return made_cls
    return wrap if cls is None else wrap(cls)


def _make(cls: type, options: dict[str, bool]) -> type:
    spec = read_spec(cls, options)
    entry = _lookup(f"{cls.__module__}.{cls.__qualname__}") if spec is not None and _use_table() else None
    if spec is None or entry is None or entry[0] != spec.shape:
        return _standard(cls, options, spec)
    _, maker, doc = entry
    defaults, factories = {}, {}
    for name, kind, *_ in spec.fields:
        decl = spec.declared.get(name, _MISSING)
        if kind == "factory":
            factories[name] = decl.default_factory
        elif kind == "value":
            defaults[name] = decl.default if isinstance(decl, Field) else decl
        if isinstance(decl, Field):  # as dataclasses: the default stays a class attribute, a Field goes
            if kind == "value":
                setattr(cls, name, decl.default)
            else:
                delattr(cls, name)
    methods = maker(cls, defaults, factories, FACTORY, FrozenInstanceError)
    for name, fn in methods.items():
        if name == "__hash__" and fn is None:
            cls.__hash__ = None  # type: ignore[assignment]
            continue
        fn.__qualname__ = f"{cls.__qualname__}.{fn.__name__}"
        if name == "__repr__":
            fn = recursive_repr(fn)
            fn.__qualname__ = f"{cls.__qualname__}.__repr__"
        if name == "__init__":
            fn.__annotations__ = {n: spec.annotations[n] for n, *_ in spec.fields} | {"return": None}
        setattr(cls, name, fn)
    cls.__records__ = spec  # type: ignore[attr-defined]
    cls.__dataclass_fields__ = _LazyStandard("__dataclass_fields__")  # type: ignore[attr-defined]
    cls.__dataclass_params__ = _LazyStandard("__dataclass_params__")  # type: ignore[attr-defined]
    cls.__match_args__ = tuple(f[0] for f in spec.fields)  # type: ignore[attr-defined]
    if doc is not None:
        cls.__doc__ = doc
    if options.get("slots"):
        cls = _with_slots(cls, spec)
    return cls


def _with_slots(cls: type, spec: Spec) -> type:
    """The class again with ``__slots__`` for its fields (as dataclasses' ``slots=True``)."""
    ns = dict(cls.__dict__)
    names = tuple(f[0] for f in spec.fields)
    ns["__slots__"] = names
    for name in names:
        ns.pop(name, None)
    ns.pop("__dict__", None)
    ns.pop("__weakref__", None)
    qualname = cls.__qualname__
    new = type(cls)(cls.__name__, cls.__bases__, ns)
    new.__qualname__ = qualname
    return new


def _standard(cls: type, options: dict[str, bool], spec: Spec | None) -> type:
    """The standard library's dataclass of ``cls`` (its :func:`field` declarations made theirs)."""
    import dataclasses

    for name, value in list(cls.__dict__.items()):
        if isinstance(value, Field):
            setattr(cls, name, _standard_field(value))
    out = dataclasses.dataclass(cls, **options)
    if spec is not None:
        out.__records_spec__ = spec  # type: ignore[attr-defined]  # what the generator writes out
    return out


def replace(obj: Any, /, **changes: Any) -> Any:
    """``dataclasses.replace``: a copy of the record ``obj`` with ``changes`` (without importing
    ``dataclasses`` for a record made from the table)."""
    spec = type(obj).__dict__.get("__records__")
    if spec is None:
        import dataclasses

        return dataclasses.replace(obj, **changes)
    for name, *_ in spec.fields:
        if name not in changes:
            changes[name] = getattr(obj, name)
    return obj.__class__(**changes)
