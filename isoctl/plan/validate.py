"""Schema and cross-reference checks: from a file to a :class:`Plan` and its findings.

Codes: E001 YAML syntax, E002 unreadable file, E003 duplicate key, E004 unsupported YAML,
E005 newer format, E100 missing field, E101 unknown field, E102 wrong type, E103 invalid
value, E104 invalid schedule, E200 unknown unit, E201 duplicate id, E202 unknown task in
``after``, E203 dependency cycle, E204 a field that does not fit the plan's kind.
"""

from __future__ import annotations

import typing
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from isoctl.diagnostics import Finding, YamlPath
from isoctl.i18n import get_lang, tr
from isoctl.lazyre import lazy
from isoctl.plan.codes import CODES
from isoctl.plan.loader import Loaded, load_file, load_text
from isoctl.plan.modelbase import HIDDEN_CHARS, NEVER_CHARS
from isoctl.records import dataclass, field
from isoctl.suggest import close_matches

if TYPE_CHECKING:
    from isoctl.plan.model import Plan

SCHEMA_CODES = {c.code: c.name for c in CODES.values()}  # documented in isoctl.plan.codes


@dataclass
class Checked:
    """The result of loading and schema-checking one file."""

    loaded: Loaded
    plan: Plan | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.loaded.file


def check_file(path: str, *, fast: bool = False, name: str | None = None) -> Checked:
    return check_loaded(load_file(path, name), fast=fast)


def check_text(text: str, file: str = "<string>", *, fast: bool = False) -> Checked:
    return check_loaded(load_text(text, file), fast=fast)


def check_loaded(loaded: Loaded, *, fast: bool = False) -> Checked:
    """Load, check the schema, then the cross-references. With ``fast``, a schema-valid plan may
    come back as :mod:`isoctl.plan.fastmodel` twins instead of pydantic models (same attributes and
    methods, no ``model_*``): what the lint rules need, without importing pydantic."""
    result = Checked(loaded, findings=list(loaded.errors))
    if loaded.errors:
        return result
    data = loaded.data
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({type(data).__name__})"
        result.findings.append(loaded.finding((), "E102", tr(
            "a plan file is a mapping of fields (format, year, agency, …), not {k}",
            "tệp kế hoạch là một ánh xạ các trường (format, year, agency, …), không phải {k}", k=kind)))
        return result
    from isoctl.plan.modelbase import SUPPORTED_FORMAT

    fmt = data.get("format", SUPPORTED_FORMAT)
    if isinstance(fmt, int) and not isinstance(fmt, bool) and fmt > SUPPORTED_FORMAT:
        result.findings.append(loaded.finding(("format",), "E005", tr(
            "format {f} is newer than this isoctl supports (up to {s})",
            "định dạng {f} mới hơn phiên bản isoctl này hỗ trợ (tối đa {s})", f=fmt, s=SUPPORTED_FORMAT),
            hint=tr("upgrade isoctl: pip install -U isoctl", "hãy nâng cấp isoctl: pip install -U isoctl")))
        return result
    if fast:
        from isoctl.plan.fastmodel import build

        result.plan = build(data)
        if result.plan is not None:
            result.findings.extend(check_references(result.plan, loaded))
            result.findings.extend(check_kind(result.plan, loaded))
            result.findings.extend(unsafe_characters(loaded))
            return result
    from pydantic import ValidationError

    from isoctl.plan.model import Plan

    try:
        result.plan = Plan.model_validate(data)
    except ValidationError as exc:
        result.findings.extend(_pydantic_findings(loaded, exc))
        return result
    result.findings.extend(check_references(result.plan, loaded))
    result.findings.extend(check_kind(result.plan, loaded))
    result.findings.extend(unsafe_characters(loaded))
    return result


_NEVER = lazy(NEVER_CHARS)
_HIDDEN = lazy(HIDDEN_CHARS)
_EITHER = lazy(NEVER_CHARS[:-1] + HIDDEN_CHARS[1:])  # both classes in one: one pass over the text
_ID_LISTS = ("lead", "partners", "after")


def _is_id(path: YamlPath) -> bool:
    return bool(path) and (path[-1] == "id" or (isinstance(path[-1], int) and len(path) > 1 and path[-2] in _ID_LISTS))


def unsafe_characters(loaded: Loaded) -> list[Finding]:
    """E103 for what no document can hold (control characters, U+FFFE/U+FFFF) anywhere, and for
    bidi overrides and zero-width characters in ids; a warning for those two in text."""
    strings = loaded.strings if loaded.strings is not None else list(_walk_strings(loaded.data, ()))
    joined = "\n".join(map(itemgetter(1), strings))  # no pattern matches a line break: one search
    if not _EITHER.search(joined):
        return []
    out: list[Finding] = []
    for path, value in strings:
        bad = _NEVER.search(value)
        hidden = _HIDDEN.search(value)
        if bad is None and hidden is None:
            continue
        ch = (bad or hidden).group(0)
        code = f"U+{ord(ch):04X}"
        if bad is not None:
            out.append(loaded.finding(path, "E103", tr(
                "contains the control character {c}; no document can hold it",
                "chứa ký tự điều khiển {c}; không văn bản nào chứa được ký tự này", c=code),
                hint=tr("delete it (it was probably pasted in)", "hãy xóa ký tự này (có thể do dán vào)")))
        else:
            out.append(loaded.finding(path, "E103", tr(
                "contains {c}, an invisible or direction-changing character; the text does not read as it is stored",
                "chứa {c}, ký tự ẩn hoặc đổi chiều chữ; văn bản hiển thị khác với nội dung lưu", c=code),
                severity="error" if _is_id(path) else "warning",
                hint=tr("delete it", "hãy xóa ký tự này")))
    return out


def _walk_strings(node: Any, path: YamlPath) -> Any:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _walk_strings(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk_strings(v, (*path, i))


_BRANCHES = frozenset({"str", "int", "list", "dict"})


def _model_names() -> frozenset[str]:
    """The names of the model classes (pydantic's ``loc`` names a union's model branch by them)."""
    import inspect

    from pydantic import BaseModel

    from isoctl.plan import model

    global _MODEL_NAMES
    if _MODEL_NAMES is None:
        _MODEL_NAMES = frozenset(name for name, cls in inspect.getmembers(model, inspect.isclass)
                                 if issubclass(cls, BaseModel) and cls.__module__ == model.__name__)
    return _MODEL_NAMES


_MODEL_NAMES: frozenset[str] | None = None


def _resolve_loc(data: Any, loc: tuple[Any, ...]) -> YamlPath:
    """Keep the parts of a pydantic ``loc`` that exist in the data (drops union branch names)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part.isidentifier() and part not in _BRANCHES \
                and part not in _model_names():
            path.append(part)  # a missing key: where it belongs
            node = None
    return tuple(path)


def _model_at(path: YamlPath) -> type | None:
    """The pydantic model class that describes the mapping at ``path``."""
    from pydantic import BaseModel

    from isoctl.plan.model import Plan

    def find(ann: Any) -> type | None:
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            return ann
        for arg in typing.get_args(ann):
            found = find(arg)
            if found is not None:
                return found
        return None

    cls: Any = Plan
    for part in path:
        if isinstance(part, int):
            continue
        if cls is None or part not in cls.model_fields:
            return None
        cls = find(cls.model_fields[part].annotation)
    return cls


# "finite_number": pydantic's error for .inf/.nan (YAML 1.2 floats) where the model, which has no
# float field, wants an integer
_TYPE_NAMES = {"string": "text", "int": "a whole number", "finite_number": "a whole number",
               "date": "a date (YYYY-MM-DD)",
               "list": "a list", "dict": "a mapping", "model": "a mapping", "bool": "true or false",
               "literal": "one of the allowed values",
               "schedule_type": "a schedule (text such as 'Tháng 6/2024', a date or a mapping)"}


def _pydantic_findings(loaded: Loaded, exc: Any) -> list[Finding]:
    out: list[Finding] = []
    seen: set[YamlPath] = set()
    vi = get_lang() == "vi"
    errors = exc.errors(include_url=False)
    # a mapping where a union takes text or a model (``inspects``): the model's errors are the
    # ones to report, not "should be text" for the whole mapping
    models = {tuple(e["loc"][:i]) for e in errors for i, part in enumerate(e["loc"]) if part in _model_names()}
    for err in errors:
        loc = tuple(err["loc"])
        if loc and loc[:-1] in models and isinstance(loc[-1], str) and loc[-1].split("-")[-1] in _BRANCHES:
            continue
        kind = err["type"]
        path = _resolve_loc(loaded.data, loc)
        if path in seen:
            continue
        seen.add(path)
        name = path[-1] if path else ""
        if kind == "extra_forbidden":
            cls = _model_at(path[:-1])
            allowed = sorted(cls.model_fields) if cls is not None else []
            close = close_matches(str(name), allowed)
            hint = (tr("did you mean '{c}'?", "có phải ý bạn là '{c}'?", c=close[0]) if close else
                    tr("allowed here: {a}", "các trường được phép: {a}", a=", ".join(allowed)))
            out.append(loaded.finding(path, "E101", tr("unknown field '{n}'", "trường '{n}' không được hỗ trợ", n=name),
                                      hint=hint, key=True))
        elif kind == "missing":
            out.append(loaded.finding(path[:-1] if path and path[-1] == name else path, "E100",
                                      tr("missing required field '{n}'", "thiếu trường bắt buộc '{n}'", n=name),
                                      key=True,
                                      hint=tr("add '{n}:' here", "hãy thêm '{n}:' vào đây", n=name)))
        elif kind == "schedule":
            ctx = err.get("ctx") or {}
            msg = ctx.get("message_vi") if vi and ctx.get("message_vi") else ctx.get("message", err["msg"])
            hint = ctx.get("hint_vi") if vi and ctx.get("hint_vi") else ctx.get("hint")
            key = ctx.get("key")
            at = _value_at(loaded.data, path)
            if key is not None and isinstance(at, dict) and key in at:  # a schedule mapping: at its key's value
                out.append(loaded.finding((*path, key), "E104", str(msg), hint=hint))
            else:
                out.append(loaded.finding(path, "E104", str(msg), hint=hint, offset=int(ctx.get("offset") or 0)))
        elif kind == "period":
            ctx = err.get("ctx") or {}
            msg = ctx.get("message_vi") if vi and ctx.get("message_vi") else ctx.get("message", err["msg"])
            out.append(loaded.finding(path, "E103", str(msg),
                                      hint=tr("write the first and last year: period: 2021-2030",
                                              "ghi năm đầu và năm cuối: period: 2021-2030")))
        elif kind == "int_underscore":
            value = _value_at(loaded.data, path)
            out.append(loaded.finding(path, "E103", tr("'{n}': '{v}' is not a whole number as written (digits split by '_')",
                                                       "'{n}': '{v}' không phải số nguyên như đã viết (chữ số tách bằng '_')",
                                                       n=name, v=value),
                                      hint=tr("write the digits together: {d}", "hãy viết liền các chữ số: {d}",
                                              d=str(value).strip().replace("_", ""))))
        elif kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
            value = _value_at(loaded.data, path)
            out.append(loaded.finding(path, "E103", tr("'{v}' is not a real date", "'{v}' không phải là ngày có thật", v=value),
                                      hint=tr("write dates as YYYY-MM-DD", "viết ngày dạng YYYY-MM-DD")))
        elif kind in ("literal_error", "enum"):
            expected = (err.get("ctx") or {}).get("expected", "")
            value = _value_at(loaded.data, path)
            allowed = [s.strip().strip("'") for s in str(expected).replace(" or ", ", ").split(",")]
            close = close_matches(str(value), allowed)
            hint = tr("did you mean '{c}'?", "có phải ý bạn là '{c}'?", c=close[0]) if close else None
            out.append(loaded.finding(path, "E103", tr("'{v}' is not allowed for '{n}'; expected {e}",
                                                       "'{v}' không hợp lệ cho '{n}'; giá trị hợp lệ: {e}",
                                                       v=value, n=name, e=expected), hint=hint))
        elif kind in ("greater_than_equal", "less_than_equal", "too_short", "value_error", "task_id"):
            out.append(loaded.finding(path, "E103", f"'{name}': {err['msg']}" if vi is False else
                                      f"'{name}': {_vi_msg(err)}"))
        else:
            expected = _expected(kind)
            value = _value_at(loaded.data, path)
            shown = type(value).__name__ if isinstance(value, (dict, list)) else repr(value)
            out.append(loaded.finding(path, "E102", tr("'{n}' should be {e}, got {v}", "'{n}' phải là {e}, nhận được {v}",
                                                       n=name, e=expected, v=shown[:60]), hint=_type_hint(kind, value, loaded, path)))
    return out


# yes/no/on/off are booleans in YAML 1.1 only; what a yes/no field would have meant by them
_TRUTH_WORDS = {"yes": "true", "on": "true", "y": "true", "no": "false", "off": "false", "n": "false"}


def _type_hint(kind: str, value: Any, loaded: Loaded, path: YamlPath) -> str | None:
    """A hint for a value of the wrong type that is a near miss: yes/no for a yes/no field (YAML
    1.1's booleans), a number for a schedule."""
    if kind == "schedule_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, int) and 1 <= value <= 12:
            return tr("write the month as the document does: 'Tháng {v}'", "ghi tháng như văn bản ghi: 'Tháng {v}'",
                      v=value)
        at = loaded.locate(path)
        line = loaded.text.splitlines()[at.line - 1] if at.line == at.end_line else ""
        written = line[at.col - 1:at.end_col - 1] or str(value)
        return tr("a schedule is text: write it as the document does, in quotes if it is a number: '{v}'",
                  "thời gian thực hiện là chữ: ghi như văn bản ghi, trong dấu nháy nếu là một số: '{v}'", v=written)
    word = _TRUTH_WORDS.get(value.strip().lower()) if kind == "bool_type" and isinstance(value, str) else None
    if word is None:
        return None
    return tr("'{v}' is text in YAML 1.2, which editors read: write {w}",
              "'{v}' là chữ trong YAML 1.2 (trình soạn thảo đọc theo chuẩn này): hãy ghi {w}", v=value, w=word)


def _vi_msg(err: dict[str, Any]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "greater_than_equal":
        return f"phải lớn hơn hoặc bằng {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"phải nhỏ hơn hoặc bằng {ctx.get('le')}"
    if kind == "too_short":
        return f"cần ít nhất {ctx.get('min_length')} phần tử"
    return str(err["msg"])


def _expected(kind: str) -> str:
    for key, text in _TYPE_NAMES.items():
        if kind.startswith(key) or key in kind:
            if get_lang() == "vi":
                return {"text": "chữ", "a whole number": "số nguyên", "a date (YYYY-MM-DD)": "ngày (YYYY-MM-DD)",
                        "a list": "danh sách", "a mapping": "ánh xạ", "true or false": "true hoặc false",
                        "one of the allowed values": "một giá trị cho phép",
                        "a schedule (text such as 'Tháng 6/2024', a date or a mapping)":
                            "thời gian thực hiện (chữ như 'Tháng 6/2024', một ngày hoặc một ánh xạ)"}[text]
            return text
    return kind.replace("_", " ")


def _value_at(data: Any, path: YamlPath) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def check_references(plan: Plan, loaded: Loaded) -> list[Finding]:
    """Unit ids exist, task and unit ids are unique, ``after`` targets exist without cycles."""
    out: list[Finding] = []
    unit_ids: dict[str, int] = {}
    for i, unit in enumerate(plan.units):
        if unit.id in unit_ids:
            out.append(loaded.finding(("units", i, "id"), "E201", tr(
                "unit id '{u}' is declared twice", "mã đơn vị '{u}' được khai báo hai lần", u=unit.id)))
        unit_ids.setdefault(unit.id, i)

    def unit_ref(path: YamlPath, uid: str) -> None:
        if uid in unit_ids:
            return
        close = close_matches(uid, list(unit_ids))
        hint = (tr("did you mean '{c}'?", "có phải ý bạn là '{c}'?", c=close[0]) if close else
                tr("declare it under 'units:' with an id and a name",
                   "hãy khai báo trong 'units:' với id và name"))
        out.append(loaded.finding(path, "E200", tr("unit '{u}' is not declared in units",
                                                   "đơn vị '{u}' chưa được khai báo trong units", u=uid), hint=hint))

    task_ids: dict[str, YamlPath] = {}
    for (pi, ti), task in plan.tasks():
        base = plan.task_path(pi, ti)
        if task.id in task_ids:
            first = loaded.locate((*task_ids[task.id], "id"))
            out.append(loaded.finding((*base, "id"), "E201", tr(
                "task id '{t}' is used twice (first at line {l})", "mã nhiệm vụ '{t}' bị dùng hai lần (lần đầu ở dòng {l})",
                t=task.id, l=first.line), hint=tr("give each task its own id", "mỗi nhiệm vụ cần một mã riêng")))
        else:
            task_ids[task.id] = base
        for role in ("lead", "partners"):
            for k, uid in enumerate(getattr(task, role)):
                unit_ref((*base, role, k), uid)
    for i, resp in enumerate(plan.responsibilities):
        unit_ref(("responsibilities", i, "unit"), resp.unit)

    phase_ids: set[str] = set()
    for pi, phase in enumerate(plan.phases):
        if phase.id in phase_ids:
            out.append(loaded.finding(("phases", pi, "id"), "E201", tr(
                "phase id '{p}' is used twice", "mã giai đoạn '{p}' bị dùng hai lần", p=phase.id)))
        phase_ids.add(phase.id)

    edges: dict[str, list[str]] = {}
    seen_ids: set[str] = set()
    for (pi, ti), task in plan.tasks():
        base = plan.task_path(pi, ti)
        duplicate = task.id in seen_ids  # already reported (E201); its edges would make false cycles
        seen_ids.add(task.id)
        targets = [(("after", k), t) for k, t in enumerate(task.after)]
        if task.when is not None:
            targets += [(("when", "after"), t) for t in task.when.after]
        for sub, target in targets:
            if target not in task_ids:
                close = close_matches(target, list(task_ids))
                out.append(loaded.finding((*base, *sub), "E202", tr(
                    "'{t}' is not a task id in this plan", "'{t}' không phải mã nhiệm vụ trong kế hoạch này", t=target),
                    hint=tr("did you mean '{c}'?", "có phải ý bạn là '{c}'?", c=close[0]) if close else None))
            elif not duplicate:
                edges.setdefault(task.id, []).append(target)
    for cycle_start, cycle in _cycles(edges):
        base = task_ids[cycle_start]
        out.append(loaded.finding((*base, "after"), "E203", tr(
            "dependency cycle: {c}", "vòng lặp phụ thuộc: {c}", c=" → ".join(cycle)),
            hint=tr("a task cannot (indirectly) follow itself; remove one 'after'",
                    "một nhiệm vụ không thể (gián tiếp) đi sau chính nó; hãy bỏ một 'after'")))
    return out


def check_kind(plan: Plan, loaded: Loaded) -> list[Finding]:
    """E204: the fields of one kind of plan on a plan of another kind. A programme gives its years
    (``period``) and its ``year`` is one of them; only a programme has a period and only an
    inspection plan lists the agencies it ``inspects``."""
    out: list[Finding] = []
    kind, period = plan.kind, plan.period
    if kind == "programme" and period is None:
        out.append(loaded.finding(("kind",), "E204", tr(
            "a programme covers several years but gives no 'period'",
            "chương trình kéo dài nhiều năm nhưng chưa ghi 'period'"),
            hint=tr("add its years: period: 2021-2030", "thêm các năm của chương trình: period: 2021-2030")))
    if period is not None and kind != "programme":
        out.append(loaded.finding(("period",), "E204", tr(
            "a plan of kind '{k}' covers one year; only a programme has a period ({p})",
            "kế hoạch loại '{k}' chỉ cho một năm; chỉ chương trình mới có giai đoạn ({p})", k=kind, p=period),
            hint=tr("a multi-year plan is a programme: write kind: programme, or remove 'period'",
                    "kế hoạch nhiều năm là chương trình: ghi kind: programme, hoặc bỏ 'period'"), key=True))
    if period is not None and not period.start <= plan.year <= period.end:
        out.append(loaded.finding(("year",), "E204", tr(
            "the year {y} is not one of the programme's years ({p})",
            "năm {y} không thuộc giai đoạn của chương trình ({p})", y=plan.year, p=period),
            hint=tr("write the year the programme is issued in or starts ({s})",
                    "ghi năm ban hành hoặc năm bắt đầu chương trình ({s})", s=period.start)))
    if plan.inspects and kind != "inspection":
        out.append(loaded.finding(("inspects",), "E204", tr(
            "only an inspection plan lists the agencies it inspects (this plan's kind is '{k}')",
            "chỉ kế hoạch kiểm tra mới liệt kê các cơ quan được kiểm tra (kế hoạch này thuộc loại '{k}')", k=kind),
            hint=tr("write kind: inspection, or remove 'inspects'", "ghi kind: inspection, hoặc bỏ 'inspects'"),
            key=True))
    return out


def _cycles(edges: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    """Each elementary cycle once, reported at its first task in plan order."""
    found: list[tuple[str, list[str]]] = []
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in edges.get(node, []):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    found.append((nxt, cycle))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in list(edges):
        if node not in state:
            visit(node, [])
    return found
