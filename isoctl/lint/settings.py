"""``validate --show-settings``: every setting of a run, its value and where that value came from."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from isoctl.i18n import get_lang, tr
from isoctl.lint.config import DEFAULT_THRESHOLD, Config, key_line
from isoctl.records import dataclass


@dataclass(frozen=True)
class Setting:
    key: str
    value: Any
    source: str


def _in_file(config: Config, key: str) -> str:
    """``isoctl.toml:3`` for a key set in the configuration file."""
    try:
        text = config.source.read_text(encoding="utf-8") if config.source else ""
    except (OSError, UnicodeDecodeError):
        text = ""
    line = key_line(text, key, config.source is not None and config.source.name == "pyproject.toml")
    where = os.path.relpath(config.source) if config.source else "?"
    return f"{where}:{line}" if line else where


def _set_in_file(config: Config, key: str) -> bool:
    if config.source is None:
        return False
    default = Config()
    attr = key.replace("-", "_")
    return getattr(config, attr) != getattr(default, attr) or _in_file(config, key) != os.path.relpath(config.source)


def resolve(config: Config, given: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> list[Setting]:
    """The run's settings. ``given`` holds what the command line set (``lang``, ``lang_from``
    ("--lang" or "ISOCTL_LANG"), ``output_format``, ``select``, ``ignore``, ``jobs``, ``paths``,
    ``baseline``, ``color``, ``strict``); missing or None means not given."""
    from isoctl.lint.rules import all_rules

    env = os.environ if environ is None else environ
    default = tr("default", "mặc định")
    cli = tr("command line", "dòng lệnh")
    rows: list[Setting] = []

    def from_file_or(key: str, value: Any, fallback: str = default) -> None:
        rows.append(Setting(key, value, _in_file(config, key) if _set_in_file(config, key) else fallback))

    if config.source is not None:
        rows.append(Setting("configuration", os.path.relpath(config.source),
                            cli + " (--config)" if given.get("config") else
                            tr("found upwards from {d}", "tìm ngược lên từ {d}", d=os.getcwd())))
    else:
        rows.append(Setting("configuration", None, tr("none found (isoctl.toml, or pyproject.toml with [tool.isoctl])",
                                                      "không có (isoctl.toml, hoặc pyproject.toml có [tool.isoctl])")))
    lang = get_lang()
    if given.get("lang"):
        source = f"{given.get('lang_from') or '--lang'}"
    elif config.lang:
        source = _in_file(config, "lang")
    else:
        var = next((v for v in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE") if env.get(v)), None)
        source = f"{var}={env[var]}" if var else default
    rows.append(Setting("lang", lang, source))
    if given.get("output_format"):
        rows.append(Setting("output-format", given["output_format"], cli + " (--format)"))
    elif config.output_format:
        rows.append(Setting("output-format", config.output_format, _in_file(config, "output-format")))
    else:
        rows.append(Setting("output-format", "full", default))
    color = given.get("color")
    if color and color != "auto":
        rows.append(Setting("color", color, cli + " (--color)"))
    elif env.get("NO_COLOR"):
        rows.append(Setting("color", "never", "NO_COLOR"))
    elif env.get("FORCE_COLOR"):
        rows.append(Setting("color", "always", "FORCE_COLOR"))
    else:
        rows.append(Setting("color", "auto", tr("default (colour on a terminal)", "mặc định (có màu trên terminal)")))
    if given.get("paths"):
        rows.append(Setting("paths", list(given["paths"]), cli))
    else:
        plans = str(config.resolve(config.plans) or "plans")
        rows.append(Setting("paths", [plans], _in_file(config, "plans") if _set_in_file(config, "plans") else default))
    if given.get("select"):
        rows.append(Setting("select", list(given["select"]), cli + " (--select)"))
    else:
        from_file_or("select", config.select, tr("default (every rule)", "mặc định (mọi quy tắc)"))
    from_file_or("extend-select", config.extend_select)
    ignore = list(config.ignore)
    if given.get("ignore"):
        source = cli + " (--ignore)" + (" + " + _in_file(config, "ignore") if config.ignore else "")
        rows.append(Setting("ignore", ignore + list(given["ignore"]), source))
    else:
        from_file_or("ignore", ignore)
    from_file_or("per-file-ignores", config.per_file_ignores)
    from_file_or("severity", config.severity)
    from_file_or("exclude", config.exclude)
    if given.get("baseline"):
        rows.append(Setting("baseline", given["baseline"], cli + " (--baseline)"))
    else:
        from_file_or("baseline", str(config.resolve(config.baseline)) if config.baseline else None)
    if given.get("jobs"):
        rows.append(Setting("jobs", given["jobs"], cli + " (--jobs)"))
    else:
        rows.append(Setting("jobs", os.cpu_count() or 1, tr("default (all cores)", "mặc định (mọi nhân)")))
    rows.append(Setting("strict", bool(given.get("strict")), cli + " (--strict)" if given.get("strict") else default))
    from_file_or("plan", config.plan, tr("default (the newest in the plans folder)",
                                         "mặc định (kế hoạch mới nhất trong thư mục plans)"))
    from_file_or("templates", config.templates, tr("default (built-in)", "mặc định (có sẵn)"))
    if "threshold" in config.diff:
        rows.append(Setting("diff.threshold", config.diff["threshold"], _in_file(config, "diff")))
    else:
        rows.append(Setting("diff.threshold", DEFAULT_THRESHOLD, default))
    for mod in all_rules():
        own = config.rule_options(mod.CODE, mod.NAME)
        for name, value in dict(getattr(mod, "OPTIONS", {})).items():
            if name in own:
                key = mod.CODE if mod.CODE in config.rules else mod.NAME
                rows.append(Setting(f"rules.{mod.CODE}.{name}", own[name], _in_file(config, f"rules.{key}")))
            else:
                rows.append(Setting(f"rules.{mod.CODE}.{name}", value, default))
    return rows


def toml_value(value: Any) -> str:
    """``value`` as TOML writes it (None, which TOML has not, as '(not set)'): for the settings and for
    ``isoctl explain``'s options."""
    if value is None:
        return tr("(not set)", "(chưa đặt)")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)} = {toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def settings_text(rows: list[Setting]) -> str:
    """``key = value  # source``, aligned."""
    shown = [(r.key, toml_value(r.value), r.source) for r in rows]
    left = max(len(f"{k} = {v}") for k, v, _ in shown)
    return "".join(f"{f'{k} = {v}':<{left}}  # {s}\n" for k, v, s in shown)


def settings_json(rows: list[Setting]) -> str:
    return json.dumps([{"key": r.key, "value": r.value, "source": r.source} for r in rows],
                      ensure_ascii=False, indent=2) + "\n"
