"""Templates: where they come from, the sandbox they run in, and the domain filters.

Built-in templates ship inside the package (``isoctl/templates``, mapped from the repository's
top-level ``templates/``); a user's folder overrides them by name. Templates run in Jinja's
immutable sandbox with :class:`~jinja2.StrictUndefined`: a template cannot reach Python
internals, touch files or import anything, and a missing variable is an error that names the
template, its line and the variable.

A template may declare the plan fields its document needs on its first lines::

    {#- needs: committee -#}

A plan without them gets a clear error naming the field instead of a half-empty document.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import traceback
import unicodedata
from pathlib import Path
from typing import Any

from isoctl import records
from isoctl.diagnostics import IsoctlError, UsageError
from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.records import dataclass

SUFFIX = ".j2"
_NEEDS = lazy(r"\{#-?\s*needs:\s*([\w ,-]+?)\s*-?#\}")
# Letters of Vietnamese lists: no f, j, w, z.
LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()


class TemplateError(IsoctlError):
    """A template that does not parse, reads a missing variable, or leaves the sandbox (exit 1)."""


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    path: Path
    builtin: bool
    overrides: bool = False
    needs: tuple[str, ...] = ()
    search: tuple[Path, ...] = ()   # folders for {% import %} / {% include %}: user's, then built-in
    piece: bool = False             # a shared piece (``_chung``), not a document
    uses: tuple[str, ...] = ()      # the user's files this template imports or includes

    @property
    def source(self) -> str:
        return "built-in" if self.builtin else "user"


def builtin_dir() -> Path:
    """The packaged templates (``isoctl/templates`` when installed); in a source checkout or an
    editable install, the repository's top-level ``templates/``."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "templates"
    if installed.is_dir():
        return installed
    return package.parent / "templates"


def discover(user_dir: str | Path | None = None) -> dict[str, TemplateInfo]:
    """Every template by name (``ke-hoach``…); a user's template replaces the built-in one.

    Names starting with ``_`` are shared pieces (macros), not documents.
    """
    builtin = builtin_dir()
    search: tuple[Path, ...] = (builtin,)
    found: dict[str, TemplateInfo] = {}
    if user_dir is not None:
        folder = Path(user_dir)
        if not folder.is_dir():
            raise UsageError(tr("template folder {p} does not exist", "thư mục mẫu {p} không tồn tại", p=folder),
                             hint=tr("give --templates an existing folder of *.j2 files",
                                     "hãy chỉ --templates tới một thư mục có các tệp *.j2"))
        search = (folder, builtin)
    for path in _listed(builtin):
        name = path.name[: -len(SUFFIX)]
        if not name.startswith("_"):
            found[name] = TemplateInfo(name, path, True, needs=_needs(path), search=search)
    if user_dir is not None:
        mine = _listed(Path(user_dir))
        for path in mine:
            name = path.name[: -len(SUFFIX)]
            if not name.startswith("_"):
                found[name] = TemplateInfo(name, path, False, overrides=name in found, needs=_needs(path),
                                           search=search)
        pieces = {p.name for p in mine}
        for name, info in found.items():
            found[name] = records.replace(info, uses=tuple(sorted(pieces & _imported(info.path))))
    return found


def _listed(folder: Path) -> list[Path]:
    """The ``*.j2`` files in ``folder``, sorted; a folder that cannot be listed is an error naming
    it (exit 2), never an empty folder (its templates would silently give way to the built-ins)."""
    from isoctl.fsutil import os_reason

    try:
        names = os.listdir(folder)
    except OSError as exc:
        raise UsageError(tr("cannot list the template folder: {r}", "không liệt kê được thư mục mẫu: {r}",
                            r=os_reason(exc)), file=str(folder),
                         hint=tr("fix the folder's permissions, or give --templates another folder",
                                 "hãy sửa quyền của thư mục, hoặc chỉ --templates tới thư mục khác")) from None
    return [folder / n for n in sorted(names) if n.endswith(SUFFIX)]


def pieces(user_dir: str | Path | None) -> list[TemplateInfo]:
    """The user's shared pieces (``_chung.j2`` …); ``overrides`` when a built-in one has the name."""
    if user_dir is None:
        return []
    builtin = builtin_dir()
    return [TemplateInfo(p.name[: -len(SUFFIX)], p, False, overrides=(builtin / p.name).is_file(), piece=True)
            for p in _listed(Path(user_dir)) if p.name.startswith("_")]


def _imported(path: Path) -> set[str]:
    """The template files ``path`` imports, includes or extends, by name."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    return set(re.findall(r"""\{%-?\s*(?:import|from|include|extends)\s+["']([^"']+)["']""", text))


MAX_TEMPLATE_BYTES = 1024 * 1024


def read_template(path: Path, folder: Path) -> str:
    """A template's text, through the one reader: never through a symbolic link, at most 1 MB."""
    from isoctl.fsutil import read_text

    return read_text(path, limit=MAX_TEMPLATE_BYTES, boundary=folder, no_links=True, what="template")


def _needs(path: Path) -> tuple[str, ...]:
    from isoctl.fsutil import ReadRefused

    try:
        head = read_template(path, path.parent)[:2000]
    except ReadRefused:
        return ()  # rendering it says why
    m = _NEEDS.search(head)
    return tuple(n.strip() for n in m.group(1).replace(",", " ").split()) if m else ()


# --- filters -----------------------------------------------------------------------------


def ngay(value: dt.date | None, year: int | None = None) -> str:
    """Decree 30 date words: ``ngày 05 tháng 02 năm 2024``, ``ngày 18 tháng 5 năm 2023``.

    Leading zero for days below 10 and for months 1 and 2 only. ``None`` (a draft) leaves
    blanks to fill in by hand: ``ngày     tháng     năm 2024`` (``year`` fills the year).
    """
    if value is None:
        return f"ngày {_BLANK} tháng {_BLANK} năm {year if year is not None else _BLANK}"
    return f"ngày {value.day:02d} tháng {_month(value.month)} năm {value.year}"


def ngay_so(value: dt.date | None, year: int | None = None) -> str:
    """A date in figures by the same rule: ``05/3/2014``, ``18/5/2023``, ``05/02/2024``."""
    if value is None:
        return f"{_BLANK}/{_BLANK}/{year if year is not None else _BLANK}"
    return f"{value.day:02d}/{_month(value.month)}/{value.year}"


_BLANK = "\u00a0" * 5


def _month(month: int) -> str:
    return f"{month:02d}" if month <= 2 else str(month)


def so(value: Any) -> str:
    """A document number: ``5`` → ``05``, ``359`` → ``359``; none (a draft) → blank room."""
    if value is None or value == "":
        return _BLANK
    text = str(value).strip()
    return f"0{text}" if text.isdigit() and int(text) < 10 and len(text) == 1 else text


# A document symbol keeps its case in an UPPER heading: 19/2014/QĐ-TTg, 359/KH-SVHTT, 30/2020/NĐ-CP.
_SYMBOL = lazy(r"\b\d+(?:/\d{4})?/[^\s/,;:()]+-[^\s,;:()]+")


def upper(value: Any) -> str:
    """UPPER case that keeps Vietnamese letters whole (NFC before and after) and leaves document
    symbols as written ("QUYẾT ĐỊNH SỐ 19/2014/QĐ-TTg", not "QĐ-TTG")."""
    text = unicodedata.normalize("NFC", str(value))
    out, at = [], 0
    for m in _SYMBOL.finditer(text):
        out += [text[at:m.start()].upper(), m.group(0).rstrip(".")]
        at = m.start() + len(m.group(0).rstrip("."))
    out.append(text[at:].upper())
    return unicodedata.normalize("NFC", "".join(out))


def schedule(value: Any) -> str:
    """A task's schedule printed back in its Vietnamese form."""
    if value is None:
        return ""
    fmt = getattr(value, "format", None)
    return fmt() if callable(fmt) and not isinstance(value, str) else str(value)


def lower_first(value: Any) -> str:
    """``Rà soát, xây dựng …`` → ``rà soát, xây dựng …`` (to continue a sentence)."""
    text = str(value)
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def chu(index: int) -> str:
    """The Vietnamese list letter for a 1-based index: 1 → a, 5 → đ, 7 → g."""
    i = int(index) - 1
    if i < 0:
        return ""
    if i < len(LETTERS):
        return LETTERS[i]
    return LETTERS[i // len(LETTERS) - 1] + LETTERS[i % len(LETTERS)]


# Collective names that a list continues in lower case ("Văn phòng Sở, các đơn vị thuộc Sở").
_LOWER_IN_LIST = ("Các ", "Phòng ", "Đơn vị ", "Thành viên ", "Cán bộ ")


def unit_text(ids: list[str], units: dict[str, str], optional: list[str]) -> str:
    """Unit names joined as a list is written: later collective names in lower case, an optional
    unit followed by "(nếu có)"."""
    out = []
    for k, uid in enumerate(ids):
        name = units.get(uid, uid)
        if k and name.startswith(_LOWER_IN_LIST):
            name = name[:1].lower() + name[1:]
        if uid in optional:
            name += " (nếu có)"
        out.append(name)
    return ", ".join(out)


def roman(n: int) -> str:
    """1 → I, 4 → IV, 12 → XII."""
    n = int(n)
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += digits
            n -= value
    return out


class Citer:
    """``cite_full``: a citation written out in full at its first mention, short after that.

    Full: ``Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ về việc …``;
    later: ``Quyết định số 19/2014/QĐ-TTg``. One Citer per rendered document.
    """

    def __init__(self, dates: str = "as-written") -> None:
        self.seen: set[str] = set()
        self.dates = dates

    def __call__(self, c: Any, full: bool | None = None, dates: str | None = None) -> str:
        cite = str(_get(c, "cite") or "")
        first = cite not in self.seen
        self.seen.add(cite)
        if full is None:
            full = first
        kind = _get(c, "kind")
        head = f"{kind} số {cite}" if kind else cite
        if not full:
            return head
        from isoctl.plan.citations import write_out

        if (dates or self.dates) == "decree30" and isinstance(c, dict):
            c = {**c, "date_written": None}
        return write_out(c)


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def _finalize(value: Any) -> Any:
    """Every ``{{ … }}`` output: ``none`` prints as nothing."""
    return "" if value is None else value


MAX_PRODUCT = 1_000_000  # characters or items a template may build with ``*``
MAX_POWER_BITS = 4096
MAX_RANGE = 100_000


@functools.lru_cache(maxsize=1)
def _sandbox_class() -> type:
    """Jinja's immutable sandbox, bounded so that a template cannot exhaust memory or time
    (:mod:`isoctl.render.limits`): ``*``, ``**``, ``+`` and ``~`` are sized before they run, every
    call is checked and its result held to the output limit. Templates are read only through
    :func:`read_template`."""
    from jinja2 import BaseLoader, TemplateNotFound
    from jinja2.compiler import CodeGenerator
    from jinja2.exceptions import SecurityError
    from jinja2.loaders import split_template_path
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from isoctl.render.limits import check_call

    class BoundedCode(CodeGenerator):
        def visit_Concat(self, node: Any, frame: Any) -> None:
            self.write("environment.bounded_join((")
            for arg in node.nodes:
                self.visit(arg, frame)
                self.write(", ")
            self.write("))")

    class FolderLoader(BaseLoader):
        def __init__(self, folders: list[Path]) -> None:
            self.folders = folders

        def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
            pieces = split_template_path(template)
            for folder in self.folders:
                path = folder.joinpath(*pieces)
                if os.path.lexists(path):  # False, never an OSError, in a folder that cannot be searched
                    text = read_template(path, folder)
                    stamp = _stamp(path)
                    # the environment lives for the run: a template edited meanwhile is read again
                    return text, str(path), lambda path=path, stamp=stamp: _stamp(path) == stamp
            raise TemplateNotFound(template)

    class BoundedSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "+"})
        code_generator_class = BoundedCode
        budget: Any = None

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for seq, n in ((left, right), (right, left)):
                    if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_PRODUCT:
                        raise SecurityError(f"a repetition of {len(seq) * n} items is too large")
            elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
                if max(abs(left), 2).bit_length() * right > MAX_POWER_BITS:
                    raise SecurityError("the power is too large")
            elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                self.budget.size(len(left) + len(right), "+")
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            check_call(__self.budget, __obj, args, kwargs)
            return __self.budget.result(super().call(__context, __obj, *args, **kwargs))

    BoundedSandbox.folder_loader = FolderLoader
    return BoundedSandbox


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


class _Document:
    """What belongs to the document being rendered: its budget, its citations already written out
    in full, its plan's units. The environment, made once a run, reads them from here."""

    def __init__(self, budget: Any, units: dict[str, str], dates: str) -> None:
        self.budget = budget
        self.units = units
        self.citer = Citer(dates)


class _Current:
    """The budget of the document being rendered, for the bounded filters, ``range``, ``lipsum``
    and ``~``, which are built once with the environment."""

    def __init__(self, env: Any) -> None:
        self._env = env

    def __getattr__(self, name: str) -> Any:
        return getattr(self._env.document.budget, name)


def environment(info: TemplateInfo) -> Any:
    """The sandboxed environment for the templates ``info`` can reach: one a run (Jinja compiles
    each template once for every document), keyed by the folders searched; what is a document's own
    is set with :func:`begin_document` before it renders."""
    folders = (*info.search, *(() if info.path.parent in info.search else (info.path.parent,)))
    return _environment(folders)


@functools.lru_cache(maxsize=8)
def _environment(folders: tuple[Path, ...]) -> Any:
    from jinja2 import StrictUndefined
    from jinja2.runtime import str_join

    from isoctl.render import limits as bounds
    from isoctl.render.markup import escape_cell

    sandbox = _sandbox_class()
    env = sandbox(
        # every name is looked up in the user's folder first, then the built-in one: a user's
        # _chung.j2 or ke-hoach.j2 serves the built-in documents too (qd-ban-hanh attaches the plan)
        loader=sandbox.folder_loader(list(folders)),
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True, finalize=_finalize,
    )

    def unit_names(ids: Any) -> str:
        if ids is None:
            return ""
        if isinstance(ids, str):
            ids = [ids]
        return unit_text(list(ids), env.document.units, [])

    def cite_full(c: Any, full: bool | None = None, dates: str | None = None) -> str:
        return env.document.citer(c, full, dates)

    env.filters.update({
        "ngay": ngay, "ngay_so": ngay_so, "so": so, "upper": upper, "schedule": schedule,
        "chu": chu, "roman": roman, "lower_first": lower_first, "cite_full": cite_full, "cell": escape_cell,
        "units": unit_names,
    })
    budget = _Current(env)
    env.document = None
    env.bounded_join = bounds.join(budget, str_join)
    env.filters = bounds.bounded_filters(env.filters, budget)
    env.globals["range"] = bounds.bounded_range(budget, MAX_RANGE)
    env.globals["lipsum"] = bounds.bounded_lipsum(budget, env.globals["lipsum"])
    return env


def begin_document(env: Any, units: dict[str, str], dates: str = "as-written", limits: Any = None) -> None:
    """A new document in ``env``: a fresh budget (the limits are per document), no citation written
    out yet, the plan's units."""
    from isoctl.render import limits as bounds

    env.document = _Document(bounds.Budget(limits or bounds.Limits()), units, dates)
    env.budget = env.document.budget  # the sandbox's own checks (call, binop) read it here


def _generate(env: Any, template: Any, context: dict[str, Any]) -> str:
    """The template's output, held to the budget as it is produced, under the CPU timer."""
    from isoctl.render.limits import cpu_timer

    budget = env.budget
    parts: list[str] = []
    total = 0
    with cpu_timer(budget):
        for chunk in template.generate(**context):
            total += len(chunk)
            budget.size(total, tr("the output", "kết quả"))
            budget.tick()
            parts.append(chunk)
    return "".join(parts)


def render_text(info: TemplateInfo, context: dict[str, Any], units: dict[str, str], limits: Any = None) -> str:
    """Run one template; every failure becomes a :class:`TemplateError` naming template:line."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError
    from jinja2.exceptions import TemplateError as JinjaError

    from isoctl.render.limits import TemplateLimit

    env = environment(info)
    begin_document(env, units, (context.get("presentation") or {}).get("dates") or "as-written", limits)
    where = str(info.path)
    try:
        template = env.get_template(info.path.name)
        return unicodedata.normalize("NFC", _generate(env, template, context))
    except TemplateLimit as exc:
        raise TemplateError(tr("stopped: {m}", "đã dừng: {m}", m=exc), file=where, line=_template_line(exc, info.path),
                            hint=tr("a template may use at most the CPU time and output size set in "
                                    "[tool.isoctl.render] (max-seconds, max-output)",
                                    "mẫu chỉ được dùng thời gian CPU và độ dài kết quả đặt trong "
                                    "[tool.isoctl.render] (max-seconds, max-output)")) from None
    except MemoryError:
        raise TemplateError(tr("stopped: the template ran out of memory", "đã dừng: mẫu dùng hết bộ nhớ"),
                            file=where) from None
    except TemplateSyntaxError as exc:
        raise TemplateError(tr("template syntax: {m}", "lỗi cú pháp mẫu: {m}", m=exc.message),
                            file=exc.filename or where, line=exc.lineno) from None
    except UndefinedError as exc:
        raise TemplateError(tr("undefined variable: {m}", "biến chưa được định nghĩa: {m}", m=exc.message),
                            file=where, line=_template_line(exc, info.path),
                            hint=tr("the variables a template can use are listed in templates/README.md",
                                    "các biến dùng được trong mẫu được liệt kê ở templates/README.md")) from None
    except SecurityError as exc:
        raise TemplateError(tr("refused by the template sandbox: {m}", "bị hộp cát của mẫu từ chối: {m}", m=exc),
                            file=where, line=_template_line(exc, info.path),
                            hint=tr("templates may only read the plan's data and use the filters",
                                    "mẫu chỉ được đọc dữ liệu kế hoạch và dùng các bộ lọc")) from None
    except JinjaError as exc:
        raise TemplateError(tr("template error: {m}", "lỗi mẫu: {m}", m=exc.message or exc),
                            file=where, line=_template_line(exc, info.path)) from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError,
            OverflowError, RecursionError) as exc:
        raise TemplateError(tr("template failed: {e}: {m}", "mẫu bị lỗi: {e}: {m}", e=type(exc).__name__, m=exc),
                            file=where, line=_template_line(exc, info.path)) from None


def _template_line(exc: BaseException, path: Path) -> int | None:
    """The line of the template frame nearest the error (Jinja rewrites tracebacks so)."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename and Path(frame.filename).name == path.name:
            line = frame.lineno
    return line
