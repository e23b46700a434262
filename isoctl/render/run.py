"""What the ``render`` and ``templates`` commands do, apart from printing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from isoctl.diagnostics import IsoctlError, UsageError
from isoctl.i18n import tr
from isoctl.plan.files import InvalidPlan, load_plan, plan_of
from isoctl.records import dataclass
from isoctl.render import KINDS, MissingData, default_name, render_document
from isoctl.render.templating import TemplateError, TemplateInfo, discover


def plan_files(folder: str | Path) -> list[str]:
    from isoctl.plan.files import discover as discover_plans

    if not Path(folder).is_dir():
        return []
    return discover_plans([str(folder)])


@dataclass
class Written:
    kind: str
    path: Path


def render_files(plan_path: str, kinds: list[str], *, output: Path | None, all_kinds: bool,
                 user_dir: str | Path | None, force: bool, as_of: dt.date | None,
                 build_dir: Path = Path("build"), limits: Any = None,
                 source: Any = None) -> tuple[list[Written], list[MissingData]]:
    """Render ``kinds`` of ``plan_path`` to DOCX files; with ``all_kinds`` a kind whose data the
    plan lacks is skipped (returned), otherwise it is an error. Nothing is written unless every
    document rendered and no target exists (or ``force``). ``source``: the plan already read
    (:func:`isoctl.plan.files.load_source`), not read again."""
    from isoctl.fsutil import write_atomic

    plan = plan_of(source) if source is not None else load_plan(plan_path)
    table = discover(user_dir)
    for kind in kinds:
        if kind not in table:
            raise UsageError(tr("unknown document kind '{k}'", "không có loại văn bản '{k}'", k=kind),
                             hint=tr("kinds: {ks}", "các loại: {ks}", ks=", ".join(table)))
    if all_kinds and output is not None and output.suffix.lower() == ".docx":
        raise UsageError(tr("with --all, -o names a folder", "với --all, -o là một thư mục"))
    folder = output if all_kinds and output is not None else build_dir
    done: list[tuple[str, Path, bytes]] = []
    skipped: list[MissingData] = []
    for kind in kinds:
        try:
            doc = render_document(plan, kind, templates=table, as_of=as_of, file=plan_path, limits=limits)
        except MissingData as exc:
            if not all_kinds:
                raise
            skipped.append(exc)
            continue
        target = output if (output is not None and not all_kinds) else folder / default_name(plan_path, kind)
        done.append((kind, target, doc.docx))
    if not force:
        for _, target, _ in done:
            if target.exists():
                raise UsageError(tr("{p} exists; use --force to overwrite it", "{p} đã tồn tại; dùng --force để ghi đè",
                                    p=target))
    for _, target, data in done:
        write_atomic(target, data, force=force)
    return [Written(k, t) for k, t, _ in done], skipped


def template_rows(user_dir: str | Path | None) -> list[TemplateInfo]:
    """The document templates in the order --all renders them, then the user's shared pieces."""
    from isoctl.render.templating import pieces

    table = discover(user_dir)
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(table.values(), key=lambda t: (order.get(t.name, len(order)), t.name)) + pieces(user_dir)


@dataclass
class CheckRow:
    template: str
    plan: str
    outcome: str      # ok | needs | plan-error | error
    detail: str = ""


def check_templates(plan_folder: str | Path, user_dir: str | Path | None,
                    as_of: dt.date | None = None, limits: Any = None) -> list[CheckRow]:
    """Render every template against every plan in ``plan_folder``."""
    rows: list[CheckRow] = []
    infos = template_rows(user_dir)
    table = {t.name: t for t in infos}
    plans: list[tuple[str, Any, str]] = []
    for path in plan_files(plan_folder):
        try:
            plans.append((path, load_plan(path), ""))
        except InvalidPlan as exc:
            first = exc.findings[0]
            plans.append((path, None, f"{first.line}:{first.col}: {first.message}"))
        except IsoctlError as exc:
            plans.append((path, None, str(exc).splitlines()[0]))
    for info in infos:
        for path, plan, problem in plans:
            if plan is None:
                rows.append(CheckRow(info.name, path, "plan-error", problem))
                continue
            try:
                render_document(plan, info.name, templates=table, as_of=as_of or dt.date(plan.year, 12, 31),
                                file=path, limits=limits)
            except MissingData as exc:
                rows.append(CheckRow(info.name, path, "needs", ", ".join(exc.fields)))
            except (TemplateError, IsoctlError) as exc:
                rows.append(CheckRow(info.name, path, "error", str(exc)))
            else:
                rows.append(CheckRow(info.name, path, "ok"))
    return rows
