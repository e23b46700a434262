"""Text views of the rule catalogue and of task activities (plain strings; the CLI prints them)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from isoctl.i18n import tr

if TYPE_CHECKING:
    from isoctl.plan.model import Plan


def activities_table(plan: Plan, file: str) -> str:
    """Per task: its activities, given in the file or inferred from the title (marked '~')."""
    from isoctl.plan.activities import activities_of, is_inferred

    lines = [f"{file}:"]
    width = max((len(t.id) for _, t in plan.tasks()), default=0)
    for _, task in plan.tasks():
        acts = activities_of(task)
        inferred = is_inferred(task)
        shown = ", ".join(acts) if acts else tr("(none recognised)", "(không nhận ra)")
        mark = "~" if inferred and acts else " "
        lines.append(f"  {task.id:<{width}}  {mark} {shown}")
    lines.append(tr("  ~ inferred from the title; set 'activity:' on a task to state it",
                    "  ~ suy ra từ tiêu đề; ghi 'activity:' trong nhiệm vụ để khai báo rõ"))
    return "\n".join(lines) + "\n"


def rules_rows() -> list[dict[str, Any]]:
    """One row per code (the loader's and schema check's E codes, then the lint rules): code, name, default severity, fixable, summary, options."""
    from isoctl.lint.rules import all_rules, summary
    from isoctl.plan.codes import CODES

    schema = [{"code": c.code, "name": c.name, "severity": "error", "fixable": False,
               "summary": c.text("summary"), "options": {}} for c in CODES.values()]
    return schema + [{"code": m.CODE, "name": m.NAME, "severity": m.SEVERITY, "fixable": bool(m.FIXABLE),
                      "summary": summary(m), "options": dict(getattr(m, "OPTIONS", {}))} for m in all_rules()]


def rules_head() -> tuple[str, ...]:
    return (tr("code", "mã"), tr("name", "tên"), tr("severity", "mức"), tr("fix", "sửa"), tr("summary", "mô tả"))


def rules_text(rows: list[dict[str, Any]]) -> str:
    """A plain aligned table of the rules."""
    from isoctl.lint.report import severity_word

    head = rules_head()
    body = [(r["code"], r["name"], severity_word(r["severity"]), "✓" if r["fixable"] else "", r["summary"]) for r in rows]
    widths = [max(len(str(x[i])) for x in [head, *body]) for i in range(4)]
    out = []
    for row in [head, *body]:
        out.append("  ".join(str(row[i]).ljust(widths[i]) for i in range(4)) + "  " + str(row[4]))
    return "\n".join(out) + "\n"


def explain_text(mod: Any) -> str:
    """A rule's documentation as Markdown-ish text: title, what, why, examples, options."""
    from isoctl.lint.rules import documentation

    doc = documentation(mod)
    parts = [f"# {mod.CODE} {mod.NAME}", "", doc["summary"], ""]
    from isoctl.lint.report import severity_word

    meta = tr("Default severity: {s}. Fixable: {f}.", "Mức mặc định: {w} ({s}). Sửa tự động: {f}.",
              s=mod.SEVERITY, w=severity_word(mod.SEVERITY), f=tr("yes", "có") if mod.FIXABLE else tr("no", "không"))
    parts += [meta, ""]
    if doc.get("intro"):
        parts += [doc["intro"], ""]
    titles = {"Why": tr("Why", "Vì sao"), "Fails": tr("Fails", "Ví dụ sai"), "Passes": tr("Passes", "Ví dụ đúng"),
              "Options": tr("Options", "Tùy chọn")}
    for key in ("Why", "Fails", "Passes"):
        if doc.get(key):
            parts += [f"## {titles[key]}", "", doc[key], ""]
    options = dict(getattr(mod, "OPTIONS", {}))
    if options:
        parts += [f"## {titles['Options']}", ""]
        if doc.get("Options"):
            parts += [doc["Options"], ""]
        parts += [tr("Set in pyproject.toml:", "Đặt trong pyproject.toml:"), "", "```toml",
                  f"[tool.isoctl.rules.{mod.CODE}]"]
        from isoctl.lint.settings import toml_value

        parts += [f"{k} = {toml_value(v)}" for k, v in options.items()]
        parts += ["```", ""]
    return "\n".join(parts).rstrip() + "\n"
