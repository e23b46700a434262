"""Project configuration: ``[tool.isoctl]`` in ``pyproject.toml`` or an ``isoctl.toml``.

Searched from the current folder upwards; ``isoctl.toml`` wins over ``pyproject.toml`` in the
same folder. Unknown keys are configuration errors (exit 2), like ruff's.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isoctl.diagnostics import SEVERITIES, ConfigError
from isoctl.i18n import tr

KNOWN_KEYS = {
    "select": list, "ignore": list, "extend-select": list, "per-file-ignores": dict, "severity": dict,
    "rules": dict, "lang": str, "plans": str, "plan": str, "templates": str, "baseline": str,
    "exclude": list, "diff": dict, "output-format": str,
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
        own = folder / "isoctl.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
        if (folder / ".git").exists():
            break
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        return "[tool.isoctl" in path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


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
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except OSError as exc:
        raise ConfigError(tr("cannot read configuration: {e}", "không đọc được cấu hình: {e}",
                             e=exc.strerror or exc), file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(tr("invalid TOML: {e}", "TOML không hợp lệ: {e}", e=exc), file=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        raise ConfigError(tr("invalid TOML: {e}", "TOML không hợp lệ: {e}", e=re.sub(r"\s*\(at line [^)]*\)", "", str(exc))),
                          file=str(path), line=int(where.group(1)) if where else None,
                          col=int(where.group(2)) if where else None) from None
    table = raw.get("tool", {}).get("isoctl", {}) if path.name == "pyproject.toml" else raw
    if not isinstance(table, dict):
        raise ConfigError(tr("[tool.isoctl] must be a table", "[tool.isoctl] phải là một bảng"), file=str(path))
    cfg = Config(source=path, root=path.parent.resolve())
    for key, value in table.items():
        if key not in KNOWN_KEYS:
            close = difflib.get_close_matches(key, list(KNOWN_KEYS), n=1)
            raise ConfigError(tr("unknown configuration key '{k}'", "khóa cấu hình '{k}' không được hỗ trợ", k=key),
                              file=str(path), line=key_line(text, key, path.name == "pyproject.toml"),
                              hint=tr("did you mean '{c}'?", "có phải ý bạn là '{c}'?", c=close[0]) if close else
                              tr("known keys: {k}", "các khóa hợp lệ: {k}", k=", ".join(sorted(KNOWN_KEYS))))
        if not isinstance(value, KNOWN_KEYS[key]):
            raise ConfigError(tr("'{k}' must be a {t}", "'{k}' phải là kiểu {t}", k=key, t=KNOWN_KEYS[key].__name__),
                              file=str(path), line=key_line(text, key, path.name == "pyproject.toml"))
        setattr(cfg, key.replace("-", "_"), value)
    for level in cfg.severity.values():
        if level not in (*SEVERITIES, "off"):
            raise ConfigError(tr("severity '{s}' must be error, warning, info or off",
                                 "mức '{s}' phải là error, warning, info hoặc off", s=level), file=str(path))
    if cfg.lang not in (None, "en", "vi"):
        raise ConfigError(tr("lang must be 'en' or 'vi'", "lang phải là 'en' hoặc 'vi'"), file=str(path))
    return cfg
