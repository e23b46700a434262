"""Plans out of git for review: load a side of a diff, review a commit range, the textconv view.

:func:`review_range` gives, for every plan file changed in ``BASE..HEAD``, the semantic diff
and the lint findings the change introduced: findings on head that base did not have, matched
by rule and identity (:mod:`isoctl.lint.identity`): the ids on their path and the rule's key,
not lines, list indices or messages, which move and change with every edit.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from isoctl.diagnostics import Finding, IsoctlError, UsageError
from isoctl.i18n import tr


def read_side(arg: str, cwd: str | None = None) -> tuple[str, str]:
    """(text, display name) of a diff argument: a file, ``-`` for stdin, or ``REV:path``."""
    import sys

    from isoctl.review.gitio import read_blob, split_object

    if arg == "-":
        return sys.stdin.read(), "<stdin>"
    obj = split_object(arg)
    if obj is not None:
        rev, path = obj
        return read_blob(rev, path, cwd), arg
    try:
        with open(arg, encoding="utf-8") as fh:
            return fh.read(), arg
    except FileNotFoundError:  # a wrong argument, as in `isoctl validate`: exit 2
        raise UsageError(tr("no such file", "không có tệp này"), file=arg,
                          hint=tr("give a plan file, or REV:path for a file in git (e.g. HEAD~1:plans/plan-2024.yaml)",
                                  "hãy ghi một tệp kế hoạch, hoặc REV:đường-dẫn cho tệp trong git "
                                  "(ví dụ HEAD~1:plans/plan-2024.yaml)")) from None
    except IsADirectoryError:
        raise UsageError(tr("is a folder; give a plan file", "là thư mục; hãy ghi một tệp kế hoạch"), file=arg) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise IsoctlError(tr("cannot read: {e}", "không đọc được: {e}", e=getattr(exc, "strerror", None) or exc),
                          file=arg) from None


# --- review -----------------------------------------------------------------------------------

@dataclass
class FileReview:
    path: str
    status: str  # A, M, D, R
    old_path: str | None
    diff: Any = None  # PlanDiff, when both sides are plans that pass the schema
    introduced: list[Finding] = field(default_factory=list)
    resolved: int = 0  # findings base had that head no longer has
    note: str | None = None  # why there is no diff

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "status": self.status, "old_path": self.old_path,
                "diff": self.diff.to_dict() if self.diff is not None else None,
                "introduced": [f.to_dict() for f in self.introduced], "resolved": self.resolved, "note": self.note}


def introduced_findings(base: list[Finding], head: list[Finding]) -> tuple[list[Finding], int]:
    """Findings of head not in base, and how many of base's are gone: matched one to one on rule
    and identity (:mod:`isoctl.lint.identity`), never on lines, list indices or messages."""
    from isoctl.lint.identity import match

    new, gone = match(sorted(head), sorted(base))
    return sorted(new), len(gone)


def _lint(text: str, name: str, config: Any) -> tuple[Any, list[Finding]]:
    from isoctl.lint.engine import lint_checked
    from isoctl.plan.validate import check_text

    report = lint_checked(check_text(text, name), config)
    return report.checked.plan, report.findings


def review_range(spec: str, config: Any, *, threshold: float, cwd: str | None = None) -> list[FileReview]:
    """Review every plan file changed in ``spec`` (``BASE..HEAD``)."""
    from isoctl.review.diff import diff_plans
    from isoctl.review.gitio import blob_at, changed_files, looks_like_plan, parse_range, repo_root

    root = repo_root(cwd)
    base, head = parse_range(spec, cwd)
    here = os.path.realpath(cwd or os.getcwd())
    out: list[FileReview] = []
    for ch in changed_files(base, head, cwd):
        new_text = blob_at(head, ch.path, cwd) if ch.status != "D" else None
        old_text = blob_at(base, ch.old_path, cwd) if ch.old_path else None
        if not any(t is not None and looks_like_plan(t) for t in (new_text, old_text)):
            continue
        shown = os.path.relpath(os.path.join(root, ch.path), here)
        shown = ch.path if shown.startswith("..") else shown
        old_shown = None
        if ch.old_path:
            o = os.path.relpath(os.path.join(root, ch.old_path), here)
            old_shown = ch.old_path if o.startswith("..") else o
        rev = FileReview(shown, ch.status, old_shown)
        old_plan, old_findings = _lint(old_text, old_shown or shown, config) if old_text is not None else (None, [])
        if new_text is None:
            rev.note = tr("plan deleted", "kế hoạch đã bị xóa")
            out.append(rev)
            continue
        new_plan, new_findings = _lint(new_text, shown, config)
        rev.introduced, rev.resolved = introduced_findings(old_findings, new_findings)
        if old_text is None:
            rev.note = tr("new plan", "kế hoạch mới")
        elif old_plan is None or new_plan is None:
            rev.note = tr("no semantic diff: the {s} side does not pass the schema",
                          "không so sánh được nội dung: phía {s} không đạt lược đồ",
                          s=tr("old", "cũ") if old_plan is None else tr("new", "mới"))
        else:
            rev.diff = diff_plans(old_plan, new_plan, old_name=f"{old_shown}@{base[:8]}",
                                  new_name=f"{shown}@{head[:8]}", threshold=threshold)
        out.append(rev)
    return out


def _finding_line(f: Finding) -> str:
    from isoctl.lint.report import severity_word

    return f"{f.file}:{f.line}:{f.col}: {f.code} [{severity_word(f.severity)}] {f.message}"


def format_review(reviews: list[FileReview], fmt: str, spec: str) -> str:
    from isoctl.review.diff import format_markdown, format_text

    if fmt == "json":
        import json

        return json.dumps({"range": spec, "files": [r.to_dict() for r in reviews]}, ensure_ascii=False, indent=2) + "\n"
    from isoctl.lint.report import severity_word

    md = fmt == "markdown"
    out: list[str] = []
    if md:
        out += [f"## isoctl review `{spec}`", ""]
    if not reviews:
        out.append(tr("no plan changed in {r}", "không có kế hoạch nào thay đổi trong {r}", r=spec))
        return "\n".join(out) + "\n"
    status_names = {"A": tr("added", "thêm mới"), "M": tr("modified", "sửa đổi"),
                    "D": tr("deleted", "xóa"), "R": tr("renamed", "đổi tên")}
    for r in reviews:
        title = f"{r.path} ({status_names.get(r.status, r.status)}" + (
            f" {tr('from', 'từ')} {r.old_path}" if r.status == "R" and r.old_path else "") + ")"
        out += [f"## {title}" if md else f"=== {title}", ""]
        if r.note:
            out += [f"_{r.note}_" if md else r.note, ""]
        if r.diff is not None:
            out.append(format_markdown(r.diff) if md else format_text(r.diff))
        heading = tr("Findings introduced by this change: {n}", "Vấn đề mới do thay đổi này: {n}", n=len(r.introduced))
        if r.resolved:
            heading += tr(" ({k} resolved)", " ({k} đã được khắc phục)", k=r.resolved)
        out += [f"**{heading}**" if md else heading, ""]
        for f in r.introduced:
            if md:
                out.append(f"- `{f.file}:{f.line}:{f.col}` **{f.code}** {severity_word(f.severity)}: "
                           + f.message.replace("<", "&lt;").replace("|", "\\|"))
            else:
                out.append("  " + _finding_line(f))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# --- textconv ---------------------------------------------------------------------------------

def _one_line(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, (list, tuple)):
        return "; ".join(_one_line(v) for v in value) if value else "-"
    # only line breaks are joined: a doubled space is a change a reviewer must be able to see
    return re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", " ", str(value).strip())


def textconv(text: str, name: str = "<plan>") -> str:
    """A stable line-per-item view of a plan for ``git diff``/``log -p``/``blame``.

    One line per field, citation, unit, phase and task, each starting with what it is and its id,
    so a line diff shows which task changed. A file that is not a valid plan is returned as is.
    """
    from isoctl.plan.validate import check_text

    checked = check_text(text, name)
    plan = checked.plan
    if plan is None:
        return text
    lines = [
        f"plan: year {plan.year}, {plan.status}, format {plan.format}",
        f"agency: {_one_line(plan.agency.name)} ({plan.agency.abbr})"
        + (f", under {_one_line(plan.agency.parent)}" if plan.agency.parent else ""),
        f"document: {plan.document.type} number {_one_line(plan.document.number)}, "
        f"date {_one_line(plan.document.date)}",
        f"title: {_one_line(plan.document.title)}",
    ]
    for c in plan.basis:
        lines.append(f"basis {c.cite}: {_one_line(c.kind)} | {_one_line(c.date)} | {_one_line(c.issuer)} | "
                     f"{_one_line(c.about)}")
    for key in ("intro", "purpose", "requirements"):
        for item in ([getattr(plan, key)] if isinstance(getattr(plan, key), str) else getattr(plan, key) or []):
            lines.append(f"{key}: {_one_line(item)}")
    if plan.scope is not None:
        scope = plan.scope.model_dump(exclude_none=True) if hasattr(plan.scope, "model_dump") else plan.scope
        lines.append(f"scope: {_one_line(scope if not isinstance(scope, dict) else [f'{k}={_one_line(v)}' for k, v in scope.items()])}")
    for u in plan.units:
        lines.append(f"unit {u.id}: {_one_line(u.name)}" + (f" ({u.kind})" if u.kind != "internal" else ""))
    for ph in plan.phases:
        lines.append(f"phase {ph.id}: {_one_line(ph.title)}")
        for t in ph.tasks:
            parts = [_one_line(t.title), f"lead {_one_line(t.lead)}", f"partners {_one_line(t.partners)}",
                     f"when {_one_line(t.when.format() if t.when else None)}", f"status {t.status}"]
            if t.done_on:
                parts.append(f"done {t.done_on.isoformat()}")
            if t.after:
                parts.append(f"after {_one_line(t.after)}")
            if t.outputs:
                parts.append(f"outputs {_one_line(t.outputs)}")
            lines.append(f"task {ph.id}/{t.id}: " + " | ".join(parts))
    if plan.budget:
        lines.append(f"budget: {_one_line(plan.budget)}")
    for r in plan.responsibilities:
        for duty in r.duties:
            lines.append(f"duty {r.unit}: {_one_line(duty)}")
    if plan.closing:
        lines.append(f"closing: {_one_line(plan.closing)}")
    for rec in plan.recipients:
        lines.append(f"recipient: {_one_line(rec)}")
    if plan.signer:
        s = plan.signer
        lines.append(f"signer: {(s.authority + ' ') if s.authority else ''}{s.title}, {_one_line(s.name)}")
    return "\n".join(lines) + "\n"
