"""``isoctl import docx`` without the CLI: read, check against the schema, make the summary."""

from __future__ import annotations

from pathlib import Path

from isoctl.diagnostics import IsoctlError
from isoctl.i18n import tr
from isoctl.importer.emit import dump
from isoctl.importer.reader import ImportResult, import_docx
from isoctl.records import dataclass


@dataclass
class Imported:
    result: ImportResult
    text: str
    target: str

    @property
    def complete(self) -> bool:
        return self.result.complete

    def summary(self) -> list[str]:
        r = self.result
        n = r.read
        lines = [tr("read: {c} citations, {t} tasks in {p} phase(s), {u} units, {r} responsibilities, {n} recipients",
                    "đã đọc: {c} căn cứ, {t} nhiệm vụ trong {p} giai đoạn, {u} đơn vị, {r} mục tổ chức thực hiện, "
                    "{n} nơi nhận", c=n["citations"], t=n["tasks"], p=n["phases"], u=n["units"],
                    r=n["responsibilities"], n=n["recipients"])]
        if r.identity_used:
            lines.append(tr("ids: from the id record isoctl left in the document", "mã: theo bản ghi mã isoctl để lại trong văn bản"))
        if r.notes:
            lines.append(tr("guessed ({n}):", "đoán ({n}):", n=len(r.notes)))
            lines += [f"  {x.where}: {x.text}" for x in r.notes]
        if r.unplaced:
            lines.append(tr("not placed, kept as comments ({n}):", "chưa xếp được, giữ thành chú thích ({n}):",
                            n=len(r.unplaced)))
            lines += [f"  {x.where}: {x.text}" for x in r.unplaced]
        else:
            lines.append(tr("everything in the document was placed", "mọi nội dung của văn bản đã được xếp vào kế hoạch"))
        return lines


def import_file(file: str, output: str | None) -> Imported:
    """The plan file text for ``file`` and where it goes; it passes the schema, or an error says why."""
    from isoctl.plan.validate import check_text

    result = import_docx(file)
    target = output or str(Path("plans") / f"plan-{result.plan['year']}.yaml")
    text = dump(result.plan, result.comments, source=file, output=target)
    checked = check_text(text, target, fast=True)
    errors = sorted(f for f in checked.findings if f.severity == "error" and f.code.startswith("E0"))
    if checked.plan is None:
        first = sorted(checked.findings)[0] if checked.findings else None
        raise IsoctlError(tr("the imported plan does not pass the schema: {m}", "kế hoạch nhập không đạt lược đồ: {m}",
                             m=first.message if first else "?"), file=file,
                          hint=tr("please report this document to isoctl's maintainers",
                                  "hãy gửi văn bản này cho nhóm phát triển isoctl"))
    del errors
    return Imported(result, text, target)
