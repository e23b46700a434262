"""Bounds on what a template may cost: output size and CPU time (issue 17).

A template comes with a pull request as a plan does, and Jinja's sandbox stops it reaching
Python, not exhausting memory or time. So every way a template can amplify is bounded before it
allocates: ``*`` and ``**``, ``+`` and ``~``, the filters that take a size (``center``,
``format``, ``indent``, ``replace``, ``wordwrap``, ``batch``, ``tojson``, ``truncate``…), the
string methods that pad or expand, ``lipsum`` and ``range``; every value a filter or a call
returns, and the output as it is produced, are held to ``max_output`` characters; and the render
stops after ``max_seconds`` of CPU time (a timer where the platform has one, a clock checked at
each loop step, call and output chunk in any case). Both limits are configurable in
``[tool.isoctl.render]`` (``max-seconds``, ``max-output``).
"""

from __future__ import annotations

import functools
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.records import dataclass

DEFAULT_SECONDS = 10.0
DEFAULT_OUTPUT = 20_000_000  # characters: a 10,000-task plan's document is a few million


@dataclass(frozen=True)
class Limits:
    max_seconds: float = DEFAULT_SECONDS
    max_output: int = DEFAULT_OUTPUT


class TemplateLimit(Exception):
    """A template went past a bound; the message says which."""


class Budget:
    """The limits of one render and the CPU clock it started at."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.start = time.process_time()
        self.ticks = 0

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks % 64 == 0 and time.process_time() - self.start > self.limits.max_seconds:
            raise self.timeout()

    def timeout(self) -> TemplateLimit:
        return TemplateLimit(tr("the template ran for more than {s:g} s of CPU time",
                                "mẫu chạy quá {s:g} giây CPU", s=self.limits.max_seconds))

    def size(self, n: int, what: str = "") -> None:
        """Refuse to make something of ``n`` characters or items."""
        if n > self.limits.max_output:
            raise TemplateLimit(tr("{w}would make {n:,} characters or items; the limit is {m:,}",
                                   "{w}sẽ tạo {n:,} ký tự hoặc phần tử; giới hạn là {m:,}",
                                   w=f"{what}: " if what else "", n=n, m=self.limits.max_output))

    def result(self, value: Any, what: str = "") -> Any:
        if isinstance(value, (str, list, tuple, bytes)):
            self.size(len(value), what)
        return value


def _length(value: Any) -> int:
    try:
        return len(value)
    except TypeError:
        return len(str(value))


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return default


_PERCENT = lazy(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACES = lazy(r"\{[^{}]*?:[^{}]*?(\d+)(?:\.(\d+))?[^{}]*\}")


def _format_width(fmt: str, args: tuple[Any, ...]) -> int:
    """The widest field a %-format (``*`` widths taken from ``args``) or a str.format spec asks for."""
    widest = 0
    star = 0
    for m in _PERCENT.finditer(fmt):
        for part in m.groups():
            if part == "*":
                widest = max(widest, abs(_int(args[star] if star < len(args) else 0)))
                star += 1
            elif part:
                widest = max(widest, int(part))
    for m in _BRACES.finditer(fmt):
        widest = max(widest, *(int(p) for p in m.groups() if p))
    return widest


def bounded_filters(filters: dict[str, Callable[..., Any]], budget: Budget) -> dict[str, Callable[..., Any]]:
    """Every filter, checked before it runs where its arguments say how big the result will be,
    and its result held to the output limit."""

    def before(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        text = value if isinstance(value, str) else None
        n = _length(value) if text is None else len(text)
        if name == "center":
            budget.size(_int(args[0] if args else kwargs.get("width", 80)), name)
        elif name == "format":
            budget.size(_format_width(str(value), args or tuple(kwargs.values())) + n, name)
        elif name == "indent":
            width = args[0] if args else kwargs.get("width", 4)
            pad = len(width) if isinstance(width, str) else _int(width)
            lines = str(value).count("\n") + 1
            budget.size(n + lines * pad, name)
        elif name == "replace":
            old, new = (str(a) for a in (list(args) + ["", ""])[:2]) if args else (
                str(kwargs.get("old", "")), str(kwargs.get("new", "")))
            source = str(value)
            count = source.count(old) if old else len(source) + 1
            limit = args[2] if len(args) > 2 else kwargs.get("count")
            if limit is not None:
                count = min(count, max(_int(limit), 0))
            budget.size(len(source) + count * max(len(new) - len(old), 0), name)
        elif name == "wordwrap":
            wrap = args[2] if len(args) > 2 else kwargs.get("wrapstring") or "\n"
            budget.size(n * (len(str(wrap)) + 1), name)
        elif name in ("batch", "slice"):
            budget.size(_int(args[0] if args else 0), name)
        elif name == "tojson":
            indent = args[0] if args else kwargs.get("indent")
            budget.size(n * (_int(indent) + 1) if indent is not None else n, name)
        elif name == "truncate":
            budget.size(_int(args[0] if args else kwargs.get("length", 255)), name)
        elif name == "filesizeformat":
            pass

    def wrap(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            budget.tick()
            offset = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0
            if len(args) > offset:
                before(name, args[offset], args[offset + 1:], kwargs)
            return budget.result(func(*args, **kwargs), name)

        return bounded

    return {name: wrap(name, func) for name, func in filters.items()}


_PADDERS = {"center", "ljust", "rjust", "zfill"}


def check_call(budget: Budget, obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Before a call from a template: string methods that pad, expand or format are sized first."""
    budget.tick()
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, str):
        if name in _PADDERS:
            budget.size(_int(args[0] if args else kwargs.get("width", 0)), name)
        elif name == "expandtabs":
            budget.size(len(owner) * max(_int(args[0] if args else kwargs.get("tabsize", 8)), 1), name)
        elif name in ("format", "format_map"):
            budget.size(_format_width(owner, args) + len(owner) + sum(len(str(a)) for a in args), name)
        elif name == "replace" and len(args) >= 2:
            old, new = str(args[0]), str(args[1])
            count = owner.count(old) if old else len(owner) + 1
            budget.size(len(owner) + count * max(len(new) - len(old), 0), name)
        elif name == "join" and args:
            budget.size(_length(args[0]) * (len(owner) + 1), name)


def bounded_range(budget: Budget, max_range: int) -> Callable[..., Iterator[int]]:
    """``range`` for templates: at most ``max_range`` items, and each step counts against the CPU limit."""

    def template_range(*args: int) -> Iterator[int]:
        rng = range(*args)
        if len(rng) > max_range:
            raise TemplateLimit(tr("range() of {n:,} items; the limit is {m:,}", "range() có {n:,} phần tử; giới hạn là {m:,}",
                                   n=len(rng), m=max_range))
        for i in rng:
            budget.tick()
            yield i

    return template_range


def bounded_lipsum(budget: Budget, lipsum: Callable[..., str]) -> Callable[..., str]:
    """``lipsum(n, html, min, max)``: at most ``n`` paragraphs of ``max`` words, sized first."""

    def template_lipsum(*args: Any, **kwargs: Any) -> str:
        given = dict(zip(("n", "html", "min", "max"), args, strict=False)) | kwargs
        words = max(_int(given.get("max", 100)), _int(given.get("min", 20)), 1)
        budget.size(_int(given.get("n", 5)) * words * 12, "lipsum")
        return lipsum(*args, **kwargs)

    return template_lipsum


def join(budget: Budget, join_: Callable[[Any], str]) -> Callable[[Any], str]:
    """``~`` (Jinja's concatenation), sized before it joins."""

    def bounded_join(parts: Any) -> str:
        parts = tuple(parts)
        budget.tick()
        budget.size(sum(len(p) if isinstance(p, str) else len(str(p)) for p in parts), "~")
        return join_(parts)

    return bounded_join


class cpu_timer:
    """Raise :class:`TemplateLimit` from a CPU-time timer after the budget's seconds, where the
    platform has one and this is the main thread; elsewhere :meth:`Budget.tick` is the clock."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.armed = False
        self.previous: Any = None

    def __enter__(self) -> cpu_timer:
        if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            def expired(signum: int, frame: Any) -> None:
                raise self.budget.timeout()

            self.previous = signal.signal(signal.SIGPROF, expired)
            signal.setitimer(signal.ITIMER_PROF, self.budget.limits.max_seconds)
            self.armed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, self.previous or signal.SIG_DFL)
