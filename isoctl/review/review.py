"""Plans out of git for review: load a side of a diff, review a commit range, the textconv view.

:func:`review_range` gives, for every plan file changed in ``BASE..HEAD``, the semantic diff
and the lint findings the change introduced: findings on head that base did not have, matched
by rule and identity (:mod:`isoctl.lint.identity`): the ids on their path and the rule's key,
not lines, list indices or messages, which move and change with every edit.
"""

from __future__ import annotations

import os
from typing import Any

from isoctl.diagnostics import Finding
from isoctl.i18n import tr
from isoctl.records import dataclass, field

# --- review -----------------------------------------------------------------------------------

@dataclass
class FileReview:
    path: str
    status: str  # A added, M modified, D deleted, R renamed, C started from another plan (old_path)
    old_path: str | None
    diff: Any = None  # PlanDiff, when both sides are plans that pass the schema
    introduced: list[Finding] = field(default_factory=list)
    resolved: int = 0  # findings base had that head no longer has
    note: str | None = None  # why there is no diff
    repo_path: str | None = None  # ``path`` from the repository root (``path`` is from the current folder)
    old_repo_path: str | None = None  # ``old_path`` from the repository root

    def to_dict(self) -> dict[str, Any]:
        """The review as data, every path from the repository root (as git names a file in a
        revision), whichever folder the review was run from."""
        from isoctl.records import replace

        path = self.repo_path or self.path
        return {"path": path, "status": self.status, "old_path": self.old_repo_path or self.old_path,
                "diff": self.diff.to_dict() if self.diff is not None else None,
                "introduced": [replace(f, file=path).to_dict() for f in self.introduced], "resolved": self.resolved,
                "note": self.note}


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


def previous_path(plan: Any, path: str) -> str | None:
    """The plan ``plan`` (at ``path``, a path with "/") records it was started from, as a path
    of the same kind, or None."""
    import posixpath

    prev = getattr(plan, "previous", None)
    if not prev:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(path), prev))


def review_range(spec: str, config: Any, *, threshold: float, cwd: str | None = None) -> list[FileReview]:
    """Review every plan file changed in ``spec`` (``BASE..HEAD``).

    A plan added in the range is compared with the plan it records it was started from
    (``previous``, written by ``isoctl new --from``), else with the file git sees it copied from,
    so the yearly rollover shows last year → this year and only what is new against last year."""
    from isoctl.plan.files import looks_like_plan
    from isoctl.review.diff import diff_plans
    from isoctl.review.gitio import blob_at, changed_files, parse_range, repo_root

    root = repo_root(cwd)
    base, head = parse_range(spec, cwd)
    here = os.path.realpath(cwd or os.getcwd())

    def shown_path(path: str) -> str:  # from the current folder, as git status shows it
        return os.path.relpath(os.path.join(root, path), here).replace(os.sep, "/")

    out: list[FileReview] = []
    for ch in changed_files(base, head, cwd):
        new_text = blob_at(head, ch.path, cwd) if ch.status != "D" else None
        old_text = blob_at(base, ch.old_path, cwd) if ch.old_path else None
        if not any(t is not None and looks_like_plan(t) for t in (new_text, old_text)):
            continue
        shown = shown_path(ch.path)
        new_plan, new_findings = _lint(new_text, shown, config) if new_text is not None else (None, [])
        status, old_path = ch.status, ch.old_path
        source = previous_path(new_plan, ch.path) if status in ("A", "C") and new_plan is not None else None
        if source is not None and source != ch.path:
            text = blob_at(base, source, cwd) or blob_at(head, source, cwd)
            if text is not None:
                status, old_path, old_text = "C", source, text
        rev = FileReview(shown, status, shown_path(old_path) if old_path else None, repo_path=ch.path,
                         old_repo_path=old_path)
        old_plan, old_findings = _lint(old_text, rev.old_path or shown, config) if old_text is not None else (None, [])
        if new_text is None:
            rev.note = tr("plan deleted", "kế hoạch đã bị xóa")
            out.append(rev)
            continue
        rev.introduced, rev.resolved = introduced_findings(old_findings, new_findings)
        if old_text is None:
            rev.note = tr("new plan", "kế hoạch mới")
        elif old_plan is None or new_plan is None:
            rev.note = tr("no semantic diff: the {s} side does not pass the schema",
                          "không so sánh được nội dung: phía {s} không đạt lược đồ",
                          s=tr("old", "cũ") if old_plan is None else tr("new", "mới"))
        else:
            rev.diff = diff_plans(old_plan, new_plan, old_name=f"{old_path}@{base[:8]}",  # a file in a revision:
                                  new_name=f"{ch.path}@{head[:8]}", threshold=threshold, old_text=old_text,  # from the root
                                  new_text=new_text)
        out.append(rev)
    return out


def _finding_line(f: Finding) -> str:
    from isoctl.lint.report import severity_word

    return f"{f.file}:{f.line}:{f.col}: {f.code} [{severity_word(f.severity)}] {f.message}"


REVIEW_FORMATS = ("text", "markdown", "json", "github", "sarif")


def _github(reviews: list[FileReview], spec: str) -> str:
    """GitHub Actions workflow commands: an annotation for each introduced finding at its line
    in the new plan (shown on the pull request's changed files), and a line a file for the log.
    Annotation paths are from the repository root, as GitHub places them."""
    from isoctl.lint.report import github
    from isoctl.records import replace


    out: list[str] = []
    for r in reviews:
        d = r.diff
        if d is None:
            what = r.note or tr("changed", "đã thay đổi")
        elif d.is_empty():
            what = tr("no differences in content", "nội dung không khác")
        else:
            what = tr("tasks: {a} added, {r} removed, {c} changed", "nhiệm vụ: thêm {a}, bỏ {r}, sửa {c}",
                      a=len(d.tasks_added), r=len(d.tasks_removed), c=len(d.tasks_changed))
        out.append(f"isoctl review {spec}: {r.path}: {what}; "
                   + tr("{n} finding(s) introduced", "{n} vấn đề mới", n=len(r.introduced))
                   + (tr(", {k} resolved", ", {k} đã khắc phục", k=r.resolved) if r.resolved else ""))
        text = github([replace(f, file=r.repo_path or f.file) for f in r.introduced])
        if text:
            out.append(text.rstrip("\n"))
    if not reviews:
        out.append(tr("no plan changed in {r}", "không có kế hoạch nào thay đổi trong {r}", r=spec))
    return "\n".join(out) + "\n"


def _sarif(reviews: list[FileReview], root: str | None) -> str:
    """SARIF 2.1.0 of the introduced findings, each ``baselineState: new``; locations relative
    to the repository root, as code scanning wants them."""
    import json

    from isoctl.lint.report import sarif
    from isoctl.records import replace

    root = root or os.getcwd()
    findings = sorted(replace(f, file=os.path.join(root, r.repo_path)) if r.repo_path else f
                      for r in reviews for f in r.introduced)
    doc = json.loads(sarif(findings, root=root))
    for result in doc["runs"][0]["results"]:
        result["baselineState"] = "new"
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def format_review(reviews: list[FileReview], fmt: str, spec: str, root: str | None = None) -> str:
    """``reviews`` as ``fmt`` (:data:`REVIEW_FORMATS`); ``root`` is the repository's top folder
    (SARIF locations are relative to it; default: the current folder)."""
    from isoctl.review.diff import format_markdown, format_text

    if fmt == "github":
        return _github(reviews, spec)
    if fmt == "sarif":
        return _sarif(reviews, root)
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
                    "D": tr("deleted", "xóa"), "R": tr("renamed", "đổi tên"),
                    "C": tr("new", "mới")}
    for r in reviews:
        title = f"{r.path} ({status_names.get(r.status, r.status)}" + (
            f" {tr('from', 'từ')} {r.old_path}" if r.status in ("R", "C") and r.old_path else "") + ")"
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

def textconv(text: str, name: str = "<plan>") -> str:
    """A stable line-per-item view of a plan for ``git diff``/``log -p``/``blame``.

    Every field of the plan as the model declares it (:mod:`isoctl.plan.describe`): one line per
    field, per text of a list, per citation, unit, phase, task, duty …, each starting with what it
    is and its id, so a line diff shows which task changed; the comments last, one a line, so a
    comment-only commit shows too. A file that is not a valid plan is returned as is.
    """
    from isoctl.plan.validate import check_text
    from isoctl.review.diff import comment_lines

    checked = check_text(text, name)
    plan = checked.plan
    if plan is None:
        return text
    lines: list[str] = []
    _view(plan, "", lines)
    lines += comment_lines(text)
    return "\n".join(lines) + "\n"


def _short_list(value: Any) -> bool:
    from isoctl.plan.describe import is_model

    return isinstance(value, list) and not any(is_model(x) for x in value) and all(len(str(x)) <= 60 for x in value)


def _view(value: Any, prefix: str, lines: list[str]) -> None:
    """Lines for each field of a model value, ``prefix`` before each field's name."""
    from isoctl.plan.describe import field_names, is_model
    from isoctl.review.diff import one_line

    for f in field_names(value):
        v = getattr(value, f)
        if v is None or v == []:
            continue
        if is_model(v):
            _view(v, f"{prefix}{f}.", lines)
        elif isinstance(v, list) and any(is_model(x) for x in v):
            for k, item in enumerate(v):
                _item(item, k, lines)
        elif isinstance(v, list):
            lines += [f"{prefix}{f}: {one_line(x)}" for x in v]
        else:
            lines.append(f"{prefix}{f}: {one_line(v)}")


def _item(item: Any, index: int, lines: list[str]) -> None:
    """One line for an item of a list (a task, a citation …): its kind, its name, its short fields;
    then lines for its long lists and its own lists of items."""
    from isoctl.plan.describe import NAMING_FIELDS, field_names, is_model, model_label
    from isoctl.review.diff import one_line

    kind = model_label(type(item).__name__)[0]
    names = field_names(item)
    key = next((f for f in NAMING_FIELDS if f in names and isinstance(getattr(item, f), (str, int))), None)
    ident = one_line(getattr(item, key)) if key else str(index + 1)
    head = f"{kind} {ident}"
    text = next((f for f in ("title", "name") if f in names and f != key and getattr(item, f)), None)
    parts = [one_line(getattr(item, text))] if text else []
    later: list[tuple[str, Any]] = []
    for f in names:
        v = getattr(item, f)
        if f in (key, text) or v is None or v == []:
            continue
        if is_model(v) or (isinstance(v, list) and not _short_list(v)):
            later.append((f, v))
        else:
            parts.append(f"{f.replace('_', ' ')} {one_line(v)}")
    lines.append(f"{head}: " + " | ".join(parts))
    for f, v in later:
        if is_model(v):
            _view(v, f"{head} {f}.", lines)
        elif any(is_model(x) for x in v):
            for k, sub in enumerate(v):
                _item(sub, k, lines)
        else:
            lines += [f"{head} {f}: {one_line(x)}" for x in v]
