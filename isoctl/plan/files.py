"""Finding and loading "the plan" a command works on.

:func:`default_plan` answers "which plan, when the user named none?": the configured ``plan``,
else the newest plan (highest ``year:``) under the configured ``plans`` folder (``./plans``).
:func:`load_plan` checks a file and returns its :class:`~isoctl.plan.model.Plan`, or raises
:class:`InvalidPlan` carrying the findings so the command can print them like ``validate``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from isoctl.diagnostics import ConfigError, Finding, IsoctlError, UsageError
from isoctl.i18n import tr

_YEAR_LINE = re.compile(r"^year:[ \t]*['\"]?(\d{4})['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)
_HEAD_BYTES = 64 * 1024


class InvalidPlan(IsoctlError):
    """The plan does not pass the schema and reference checks; ``findings`` say where."""

    exit_code = 1

    def __init__(self, file: str, findings: list[Finding]) -> None:
        super().__init__(tr("{f} does not validate ({n} problem(s)); fix it first",
                            "{f} chưa hợp lệ ({n} vấn đề); hãy sửa trước", f=file, n=len(findings)),
                         hint=tr("run `isoctl validate {f}`", "hãy chạy `isoctl validate {f}`", f=file))
        self.findings = findings
        self.plan_file = file


def _year_of(path: Path) -> int | None:
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError:
        return None
    m = _YEAR_LINE.search(head)
    return int(m.group(1)) if m else None


def plan_candidates(folder: str | os.PathLike[str]) -> list[tuple[int, Path]]:
    """``(year, path)`` of every YAML file under ``folder`` with a top-level ``year:`` line."""
    out: list[tuple[int, Path]] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                path = Path(root) / name
                year = _year_of(path)
                if year is not None:
                    out.append((year, path))
    return out


def default_plan(config: Any) -> Path:
    """The plan to use when none is given: ``plan`` from the configuration, else the file with
    the highest ``year`` under ``plans`` (ties: the shallower path, then the name).

    Raises :class:`ConfigError` when the configured plan is missing, :class:`UsageError` when
    there is no plan to find.
    """
    if getattr(config, "plan", None):
        path = config.resolve(config.plan)
        if not Path(path).is_file():
            raise ConfigError(tr("the configured plan {p} does not exist", "kế hoạch {p} trong cấu hình không tồn tại",
                                 p=path), file=str(config.source) if config.source else None,
                              hint=tr("fix 'plan' in the configuration, or give a PLAN argument",
                                      "hãy sửa 'plan' trong cấu hình, hoặc ghi tham số PLAN"))
        return Path(path)
    folder = (config.resolve(config.plans) if config is not None else None) or Path("plans")
    found = plan_candidates(folder) if Path(folder).is_dir() else []
    if not found:
        raise UsageError(tr("no plan given and none found in {d}", "chưa ghi kế hoạch và không tìm thấy kế hoạch nào trong {d}",
                            d=folder),
                         hint=tr("give a plan file, e.g. plans/plan-2024.yaml, or set 'plan' in [tool.isoctl]",
                                 "hãy ghi tệp kế hoạch, ví dụ plans/plan-2024.yaml, hoặc đặt 'plan' trong [tool.isoctl]"))
    found.sort(key=lambda yp: (-yp[0], len(yp[1].parts), str(yp[1])))
    return found[0][1]


def load_plan(path: str | os.PathLike[str]) -> Any:
    """The :class:`~isoctl.plan.model.Plan` in ``path``; :class:`InvalidPlan` when it has errors."""
    from isoctl.plan.validate import check_file

    file = str(path)
    if not os.path.exists(file):
        raise UsageError(tr("no such file", "không có tệp này"), file=file)
    if os.path.isdir(file):
        raise UsageError(tr("is a folder; give a plan file", "là thư mục; hãy ghi một tệp kế hoạch"), file=file)
    checked = check_file(file)
    errors = sorted(f for f in checked.findings if f.severity == "error")
    if checked.plan is None or errors:
        raise InvalidPlan(file, errors or sorted(checked.findings))
    return checked.plan


def plan_from_text(text: str, name: str) -> Any:
    """The :class:`~isoctl.plan.model.Plan` in ``text``; a file that does not pass the schema is exit 1
    with the first problem's position."""
    from isoctl.plan.validate import check_text

    checked = check_text(text, name)
    if checked.plan is None:
        first = sorted(checked.findings)[0] if checked.findings else None
        if first is None:
            raise IsoctlError(tr("not a plan", "không phải kế hoạch"), file=name)
        more = len(checked.findings) - 1
        extra = tr(" (and {n} more; run isoctl validate)", " (và {n} lỗi khác; hãy chạy isoctl validate)", n=more) \
            if more else ""
        raise IsoctlError(tr("cannot compare: {m}{x}", "không so sánh được: {m}{x}", m=first.message, x=extra),
                          file=name, line=first.line, col=first.col, hint=first.hint)
    return checked.plan
