"""Project configuration: ``[tool.isoctl]`` in ``pyproject.toml`` or an ``isoctl.toml``.

Searched from the current folder upwards; ``isoctl.toml`` wins over ``pyproject.toml`` in the
same folder. Unknown keys are configuration errors (exit 2), like ruff's.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from isoctl.diagnostics import SEVERITIES, ConfigError, UsageError
from isoctl.fsutil import read_bytes, read_text
from isoctl.i18n import LANGUAGES, tr
from isoctl.records import dataclass, field
from isoctl.suggest import close_matches

MAX_CONFIG_BYTES = 1024 * 1024
_TYPE_NAMES = {list: "list", dict: "table", str: "string"}
RENDER_KEYS: dict[str, Any] = {"max-seconds": (int, float), "max-output": int}

KNOWN_KEYS = {
    "select": list, "ignore": list, "extend-select": list, "per-file-ignores": dict, "severity": dict,
    "rules": dict, "lang": str, "plans": str, "plan": str, "templates": str, "baseline": str,
    "exclude": list, "diff": dict, "output-format": str, "render": dict,
}


@dataclass
class Config:
    source: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    lang: str | None = None
    plans: str = "plans"
    plan: str | None = None
    templates: str | None = None
    baseline: str | None = None
    diff: dict[str, Any] = field(default_factory=dict)
    output_format: str | None = None
    render: dict[str, Any] = field(default_factory=dict)
    text: str = field(default="", repr=False)

    def rule_options(self, code: str, name: str) -> dict[str, Any]:
        """Options for a rule, given by code or by name (``[tool.isoctl.rules.S003]``)."""
        merged: dict[str, Any] = {}
        merged.update(self.rules.get(name, {}))
        merged.update(self.rules.get(code, {}))
        return merged

    def resolve(self, path: str | None) -> Path | None:
        """A path from the configuration, relative to the configuration file's folder."""
        if path is None:
            return None
        p = Path(path)
        if p.is_absolute() or self.source is None:
            return p
        return Path(os.path.relpath(self.root / p)) if _inside(self.root, Path.cwd()) else self.root / p


def _inside(root: Path, here: Path) -> bool:
    try:
        here.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def find_config(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        # a name that is there but no regular file (a folder, a pipe, a dangling link) is taken,
        # so that reading it says why; passing over it would silently run without the configuration
        own = folder / "isoctl.toml"
        if os.path.lexists(own):
            return own
        pyproject = folder / "pyproject.toml"
        if os.path.lexists(pyproject) and (not pyproject.is_file() or _has_tool_section(pyproject)):
            return pyproject
        if (folder / ".git").exists():
            break
    return None


def _has_tool_section(path: Path) -> bool:
    """Does this pyproject.toml configure isoctl? One that mentions isoctl but cannot be read or
    parsed is taken (and :func:`load_config` says why), never silently passed over."""
    raw = read_bytes(path, limit=MAX_CONFIG_BYTES, exit_code=2, what="configuration")
    if b"isoctl" not in raw:
        return False
    try:
        tool = tomllib.loads(raw.decode("utf-8")).get("tool", {})
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True
    return isinstance(tool, dict) and "isoctl" in tool


def key_line(text: str, key: str, in_tool: bool = False) -> int | None:
    """The line where ``key`` is set (``key =`` or a ``[key]``/``[key.…]`` table), inside
    ``[tool.isoctl…]`` when ``in_tool``; None when it cannot be found."""
    name = re.escape(key)
    prefix = r"tool\.isoctl\." if in_tool else ""
    table = re.compile(rf"^\s*\[\s*{prefix}{name}\s*[.\]]")
    assign = re.compile(rf"^\s*[\"']?{name}[\"']?\s*=")
    inside = not in_tool
    for number, line in enumerate(text.splitlines(), 1):
        if table.match(line):
            return number
        if line.lstrip().startswith("["):
            inside = bool(re.match(r"^\s*\[\s*tool\.isoctl\s*\]", line)) if in_tool else \
                not line.lstrip().startswith("[")
        if inside and assign.match(line):
            return number
    return None


def load_run_config(explicit: str | Path | None, lang: str | None) -> Config:
    """The run's configuration, and the run's language (``lang`` is ``--lang``'s value) chosen
    with it by :func:`isoctl.i18n.choose`; errors in the file are said in ``lang`` already."""
    from isoctl import i18n

    i18n.choose(lang)
    config = load_config(explicit)
    i18n.choose(lang, config.lang)
    return config


def load_config(explicit: str | Path | None = None, start: Path | None = None) -> Config:
    path = Path(explicit) if explicit else find_config(start)
    if path is None:
        return Config()
    if not os.path.lexists(path):
        raise ConfigError(tr("no such configuration file", "không có tệp cấu hình này"), file=str(path))
    text = read_text(path, limit=MAX_CONFIG_BYTES, exit_code=2, what="configuration")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        raise ConfigError(tr("invalid TOML: {e}", "TOML không hợp lệ: {e}", e=re.sub(r"\s*\(at line [^)]*\)", "", str(exc))),
                          file=str(path), line=int(where.group(1)) if where else None,
                          col=int(where.group(2)) if where else None) from None
    table = raw.get("tool", {}).get("isoctl", {}) if path.name == "pyproject.toml" else raw
    if not isinstance(table, dict):
        raise ConfigError(tr("[tool.isoctl] must be a table", "[tool.isoctl] phải là một bảng"), file=str(path))
    cfg = Config(source=path, root=path.parent.resolve(), text=text)
    pyproject = path.name == "pyproject.toml"

    def refuse(key: str, en: str, vi: str, **kw: object) -> ConfigError:
        return ConfigError(tr(en, vi, **kw), file=str(path), line=key_line(text, key, pyproject))

    for key, value in table.items():
        if key not in KNOWN_KEYS:
            close = close_matches(key, list(KNOWN_KEYS))
            raise ConfigError(tr("unknown configuration key '{k}'", "khóa cấu hình '{k}' không được hỗ trợ", k=key),
                              file=str(path), line=key_line(text, key, path.name == "pyproject.toml"),
                              hint=tr("did you mean '{c}'?", "có phải ý bạn là '{c}'?", c=close[0]) if close else
                              tr("known keys: {k}", "các khóa hợp lệ: {k}", k=", ".join(sorted(KNOWN_KEYS))))
        if key == "per-file-ignores" and isinstance(value, dict):
            value = {k: [v] if isinstance(v, str) else v for k, v in value.items()}
        if not isinstance(value, KNOWN_KEYS[key]):
            raise refuse(key, "'{k}' must be a {t}, not {v!r}", "'{k}' phải là kiểu {t}, không phải {v!r}",
                         k=key, t=_TYPE_NAMES[KNOWN_KEYS[key]], v=value)
        if KNOWN_KEYS[key] is list and not all(isinstance(v, str) for v in value):
            raise refuse(key, "'{k}' must be a list of strings", "'{k}' phải là danh sách chuỗi", k=key)
        if key == "per-file-ignores" and not all(isinstance(v, list) and all(isinstance(c, str) for c in v)
                                                 for v in value.values()):
            raise refuse(key, "per-file-ignores: each pattern takes a code or a list of codes",
                         "per-file-ignores: mỗi mẫu nhận một mã hoặc danh sách mã")
        if key == "rules" and not all(isinstance(v, dict) for v in value.values()):
            raise refuse(key, "each [rules.X] must be a table of options", "mỗi [rules.X] phải là một bảng tùy chọn")
        setattr(cfg, key.replace("-", "_"), value)
    check(cfg)
    return cfg


# --- checking: every value of the file is checked here, once, when it is loaded ---------------

def check(config: Config) -> None:
    """Refuse (exit 2) a configuration that names no rule, an option no rule has, a value of the
    wrong kind: a typo in ``ignore = [...]`` would otherwise silently check nothing, or everything."""
    where = str(config.source) if config.source else None
    for level in config.severity.values():
        if level not in (*SEVERITIES, "off"):
            raise ConfigError(tr("severity '{s}' must be error, warning, info or off",
                                 "mức '{s}' phải là error, warning, info hoặc off", s=level), file=where,
                              line=_config_line(config, "severity"))
    if config.lang not in (None, *LANGUAGES):
        raise ConfigError(tr("lang must be 'en' or 'vi'", "lang phải là 'en' hoặc 'vi'"), file=where,
                          line=_config_line(config, "lang"))
    for key, values in (("select", config.select or []), ("extend-select", config.extend_select),
                        ("ignore", config.ignore), ("severity", list(config.severity)),
                        *((f"per-file-ignores '{k}'", v) for k, v in config.per_file_ignores.items())):
        bad = _unknown_selector(values)
        if bad is not None:
            raise ConfigError(tr("{k}: '{s}' is not a rule code or prefix", "{k}: '{s}' không phải mã hay tiền tố quy tắc",
                                 k=key, s=bad), file=where, line=_config_line(config, key.split()[0]),
                              hint=_selector_hint(bad))
    _check_rule_options(config)
    _check_diff(config)
    _check_render(config)
    from isoctl.lint.report import REPORTERS

    if config.output_format is not None and config.output_format not in REPORTERS:
        raise ConfigError(tr("output-format '{v}' must be one of {f}", "output-format '{v}' phải là một trong {f}",
                             v=config.output_format, f=", ".join(REPORTERS)), file=where,
                          line=_config_line(config, "output-format"))


def _check_render(config: Config) -> None:
    where = str(config.source) if config.source else None
    for key, value in config.render.items():
        if key not in RENDER_KEYS:
            raise ConfigError(tr("unknown key '{k}' in [tool.isoctl.render]", "khóa '{k}' không hợp lệ trong [tool.isoctl.render]",
                                 k=key), file=where, line=_config_line(config, "render"),
                              hint=tr("known: {k}", "hợp lệ: {k}", k=", ".join(RENDER_KEYS)))
        if isinstance(value, bool) or not isinstance(value, RENDER_KEYS[key]) or value <= 0:
            raise ConfigError(tr("[tool.isoctl.render] {k} must be a positive number",
                                 "[tool.isoctl.render] {k} phải là số dương", k=key), file=where,
                              line=_config_line(config, "render"))


def check_selectors(option: str, values: list[str] | None) -> None:
    """``--select``/``--ignore`` name rules (else a usage error, exit 2)."""
    bad = _unknown_selector(values or [])
    if bad is not None:
        raise UsageError(tr("{o}: '{s}' is not a rule code or prefix", "{o}: '{s}' không phải mã hay tiền tố quy tắc",
                            o=option, s=bad), hint=_selector_hint(bad))


DEFAULT_THRESHOLD = 0.6


def _check_diff(config: Config) -> None:
    where = str(config.source) if config.source else None
    unknown = sorted(set(config.diff) - {"threshold"})
    if unknown:
        raise ConfigError(tr("unknown key '{k}' in [tool.isoctl.diff]", "khóa '{k}' không hợp lệ trong [tool.isoctl.diff]",
                             k=unknown[0]), file=where, line=_config_line(config, "diff"),
                          hint=tr("known: threshold", "hợp lệ: threshold"))
    value = config.diff.get("threshold", DEFAULT_THRESHOLD)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ConfigError(tr("[tool.isoctl.diff] threshold must be a number between 0 and 1",
                             "[tool.isoctl.diff] threshold phải là số từ 0 đến 1"), file=where,
                          line=_config_line(config, "diff"))


def _config_line(config: Config, key: str) -> int | None:
    return key_line(config.text, key, config.source is not None and config.source.name == "pyproject.toml")


def _known_codes() -> list[str]:
    from isoctl.lint.rules import all_rules
    from isoctl.plan.validate import SCHEMA_CODES

    return sorted({m.CODE for m in all_rules()} | set(SCHEMA_CODES))


def _unknown_selector(values: Iterable[str]) -> str | None:
    codes = _known_codes()
    for sel in values:
        if not isinstance(sel, str) or not (sel == "ALL" or any(c.startswith(sel) for c in codes)):
            return str(sel)
    return None


def _selector_hint(bad: str) -> str:
    from isoctl.lint.rules import by_code

    mod = by_code().get(bad) or by_code().get(bad.lower())
    if mod is not None:
        return tr("'{b}' is the name of {c}; select by code: {c}", "'{b}' là tên của {c}; hãy chọn theo mã: {c}",
                  b=bad, c=mod.CODE)
    close = close_matches(bad.upper(), _known_codes())
    if close:
        return tr("did you mean '{c}'?", "có phải ý bạn là '{c}'?", c=close[0])
    families = sorted({c[0] for c in _known_codes()})
    return tr("codes start with {f} (ALL selects every rule); `isoctl rules` lists them",
              "mã bắt đầu bằng {f} (ALL chọn mọi quy tắc); `isoctl rules` liệt kê các quy tắc", f=", ".join(families))


def _check_rule_options(config: Config) -> None:
    """Every ``[tool.isoctl.rules.X]`` names a rule, and every option there is one it has (else exit 2)."""
    from isoctl.lint.rules import by_code

    table = by_code()
    where = str(config.source) if config.source else None
    for key, opts in config.rules.items():
        mod = table.get(key)
        line = _rule_line(config, key)
        if mod is None:
            close = close_matches(key, list(table))
            raise ConfigError(tr("[rules.{k}]: no such rule", "[rules.{k}]: không có quy tắc này", k=key), file=where,
                              line=line,
                              hint=tr("did you mean '{c}'?", "có phải ý bạn là '{c}'?", c=close[0]) if close else
                              tr("`isoctl rules` lists the rules", "`isoctl rules` liệt kê các quy tắc"))
        if not isinstance(opts, dict):
            raise ConfigError(tr("[rules.{k}] must be a table of options", "[rules.{k}] phải là bảng các tùy chọn",
                                 k=key), file=where, line=line)
        allowed = dict(getattr(mod, "OPTIONS", {}))
        for name, value in opts.items():
            if name not in allowed:
                close = close_matches(name, list(allowed))
                raise ConfigError(
                    tr("[rules.{k}]: unknown option '{o}'", "[rules.{k}]: tùy chọn '{o}' không tồn tại", k=key, o=name),
                    file=where, line=_table_key_line(config.text, line, name),
                    hint=tr("did you mean '{c}'?", "có phải ý bạn là '{c}'?", c=close[0]) if close else
                    (tr("{r} has the options: {a}", "{r} có các tùy chọn: {a}", r=mod.CODE, a=", ".join(allowed))
                     if allowed else tr("{r} has no options", "{r} không có tùy chọn nào", r=mod.CODE)))
            default = allowed[name]
            if default is not None and not _same_type(default, value):
                raise ConfigError(tr("[rules.{k}]: '{o}' must be {t} like its default {d!r}",
                                     "[rules.{k}]: '{o}' phải cùng kiểu {t} với giá trị mặc định {d!r}",
                                     k=key, o=name, t=type(default).__name__, d=default), file=where,
                                  line=_table_key_line(config.text, line, name))
            problem = getattr(mod, "option_problem", lambda _n, _v: None)(name, value)
            if problem is not None:
                raise ConfigError(f"[rules.{key}]: {problem}", file=where, line=_table_key_line(config.text, line, name))


def _rule_line(config: Config, code: str) -> int | None:
    """The line that sets ``[rules.CODE]``: its own table (``[rules.CODE]``, ``rules.CODE = {…}``), else
    ``CODE = …`` inside ``[rules]``, else the ``rules`` key itself."""
    line = _config_line(config, f"rules.{code}")
    if line is not None:
        return line
    rules = _config_line(config, "rules")
    return _table_key_line(config.text, rules, code) if rules is not None else None


def _table_key_line(text: str, table: int | None, key: str) -> int | None:
    """The line of ``key = …`` in the table whose header is on line ``table`` (before the next
    header); the header's line when the key is not found there (an inline table)."""
    if table is None:
        return None
    assign = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    lines = text.splitlines()
    for number in range(table, len(lines)):
        if lines[number].lstrip().startswith("["):
            break
        if assign.match(lines[number]):
            return number + 1
    return table


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))
