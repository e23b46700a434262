"""The year rollover: next year's plan from this year's, edited through ruamel round-trip.

Comments, key order, quoting and layout survive. What changes: ``year``; dated schedules move by
the difference of years in their own written style ("Tháng 6/2024" → "Tháng 6/2025", "7,8/2024"
→ "7,8/2025"); the document number and date are cleared and the status is draft; task statuses
go back to planned and done dates are removed; "năm 2024" becomes "năm 2025" in the plan's own
texts (titles, purpose, outputs …) but not in citations nor in dates written out in words
("ngày 04 tháng 5 năm 2024" is a date of a cited document, kept). Citations are kept. The
presentation is kept, except the appendix's written "(Kèm theo … số … ngày …)" line, which names
last year's number and date; a task's ``written`` cells move like its own, and its year-end
``result``, ``evidence`` and ``reason`` are removed.
"""

from __future__ import annotations

import re
from typing import Any

from isoctl.diagnostics import IsoctlError, UsageError
from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.records import dataclass, field

# Texts where the plan speaks of its own year. `basis` (citations) and task `note`s are left alone.
_TEXT_KEYS = ("intro", "purpose", "requirements", "scope", "budget", "responsibilities", "closing")


@dataclass
class Rollover:
    text: str
    old_year: int
    new_year: int
    changes: list[str] = field(default_factory=list)
    schedules: int = 0
    statuses: int = 0
    done_dates: int = 0
    year_texts: int = 0
    citations: int = 0

    def summary(self) -> list[str]:
        """What changed, one line each; counts of nothing are left out."""
        out = list(self.changes)
        if self.schedules:
            out.append(tr("{n} dated schedules moved {y:+d} year(s)", "{n} thời gian thực hiện được dời {y:+d} năm",
                          n=self.schedules, y=self.new_year - self.old_year))
        if self.statuses or self.done_dates:
            out.append(tr("{n} task statuses reset to planned, {d} done dates removed",
                          "{n} trạng thái nhiệm vụ đặt lại thành planned, {d} ngày hoàn thành được xóa",
                          n=self.statuses, d=self.done_dates))
        if self.year_texts:
            out.append(tr("\"năm {o}\" → \"năm {n}\" in {k} texts", "\"năm {o}\" → \"năm {n}\" trong {k} đoạn văn",
                          o=self.old_year, n=self.new_year, k=self.year_texts))
        out.append(tr("{n} citations kept", "giữ nguyên {n} căn cứ", n=self.citations))
        return out


def _same_type(old: Any, new: str) -> Any:
    """Keep a scalar's quoting style (ruamel keeps it in the string subclass)."""
    cls = type(old)
    if cls is str or not isinstance(old, str):
        return new
    try:
        return cls(new)
    except TypeError:
        return new


def replace_year(text: str, old: int, new: int | str) -> str:
    """'năm 2024' → 'năm 2025', except in a date written in words ('tháng 5 năm 2024')."""
    pattern = re.compile(rf"(?<!\d)(năm|Năm|NĂM)(\s+){old}(?!\d)")

    def repl(m: re.Match[str]) -> str:
        before = text[max(0, m.start() - 12): m.start()]
        if re.search(r"tháng\s+\d{1,2}\s*$", before, re.IGNORECASE):
            return m.group(0)
        return f"{m.group(1)}{m.group(2)}{new}"

    return pattern.sub(repl, text)


def _pop_keeping_comments(cmap: Any, key: str) -> None:
    """Delete ``key`` from a ruamel map without losing the comment lines that follow it
    (ruamel stores them with the deleted key)."""
    keys = list(cmap.keys())
    idx = keys.index(key)
    token = cmap.ca.items.get(key)
    trailing = ""
    if token and len(token) > 2 and token[2] is not None:
        value = token[2].value
        trailing = value.split("\n", 1)[1] if "\n" in value else ""
    if not trailing.strip():
        cmap.ca.items.pop(key, None)
        del cmap[key]
        return
    prev = keys[idx - 1] if idx > 0 else None
    if prev is None or isinstance(cmap[prev], (dict, list)):
        cmap[key] = None  # nowhere safe to move the comment to: keep the key, emptied
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    entry = cmap.ca.items.setdefault(prev, [None, None, None, None])
    if entry[2] is not None:
        entry[2].value = entry[2].value.rstrip("\n") + "\n" + trailing
    else:
        entry[2] = CommentToken("\n" + trailing, CommentMark(0), None)
    cmap.ca.items.pop(key, None)
    del cmap[key]


def _edit_texts(parent: Any, key: Any, fn: Any) -> int:
    """Apply ``fn`` to the string at ``parent[key]``, or to every string below it (maps and lists,
    in place, quoting kept); count the strings it changed."""
    value = parent[key]
    if isinstance(value, str):
        new = fn(value)
        if new == value:
            return 0
        parent[key] = _same_type(value, new)
        return 1
    if isinstance(value, dict):
        return sum(_edit_texts(value, k, fn) for k in list(value.keys()))
    if isinstance(value, list):
        return sum(_edit_texts(value, i, fn) for i in range(len(value)))
    return 0


def _shift_when(value: Any, years: int) -> Any:
    """A schedule moved by ``years``, written as it was; None when nothing dated is in it."""
    import datetime as dt

    from isoctl.plan.schedule import ScheduleError, parse_schedule

    if isinstance(value, str):
        try:
            sched = parse_schedule(value)
        except ScheduleError:
            return None
        moved = sched.shifted(years)
        text = moved.format()
        return None if text == value else _same_type(value, text)
    if isinstance(value, dt.date):
        try:
            return value.replace(year=value.year + years)
        except ValueError:
            return value.replace(year=value.year + years, day=28)
    if isinstance(value, dict):
        changed = False
        if isinstance(value.get("year"), int):
            value["year"] = value["year"] + years
            changed = True
        if isinstance(value.get("date"), (dt.date, str)):
            d = value["date"]
            if isinstance(d, str):
                try:
                    d = dt.date.fromisoformat(d)
                except ValueError:
                    d = None
            if d is not None:
                try:
                    value["date"] = d.replace(year=d.year + years)
                except ValueError:
                    value["date"] = d.replace(year=d.year + years, day=28)
                changed = True
        return value if changed else None
    return None


def roll_over(text: str, new_year: int, file: str = "<plan>", previous: str | None = None) -> Rollover:
    """Next year's plan text from ``text``. The source must be a valid plan; so is the result.
    ``previous`` (the source's path from the new file's folder) is recorded in the plan."""
    from isoctl.plan.files import plan_from_text
    from isoctl.plan.roundtrip import RoundTrip
    from isoctl.plan.validate import check_text

    old_plan = plan_from_text(text, file)
    old_year = old_plan.year
    if not 1990 <= new_year <= 2100:
        raise UsageError(tr("year {y} is out of range (1990–2100)", "năm {y} nằm ngoài khoảng 1990–2100", y=new_year))
    years = new_year - old_year
    rt = RoundTrip(text, file)
    _represent_null_as_null(rt.yaml)
    data = rt.data
    result = Rollover("", old_year, new_year, citations=len(old_plan.basis))
    if years != 0:
        data["year"] = new_year
        result.changes.append(tr("year {o} → {n}", "năm {o} → {n}", o=old_year, n=new_year))
    if previous is not None:
        if "previous" in data:
            data["previous"] = previous
        else:
            data.insert(list(data.keys()).index("year") + 1 if "year" in data else 0, "previous", previous)
        result.changes.append(tr("started from {p}", "lập từ {p}", p=previous))
    if data.get("status", "draft") != "draft":
        result.changes.append(tr("status {o} → draft", "trạng thái {o} → draft", o=data.get("status")))
        data["status"] = "draft"
    doc = data.get("document")
    if isinstance(doc, dict):
        for key, en, vi in (("number", "document number {v} cleared", "xóa số văn bản {v}"),
                            ("date", "document date {v} cleared", "xóa ngày văn bản {v}")):
            if doc.get(key) is not None:
                result.changes.append(tr(en, vi, v=doc[key]))
                doc[key] = None

    def year_fn(s: str) -> str:
        return replace_year(s, old_year, new_year)

    if years != 0 and isinstance(doc, dict) and isinstance(doc.get("title"), str):
        result.year_texts += _edit_texts(doc, "title", year_fn)
    if years != 0:
        result.year_texts += sum(_edit_texts(data, key, year_fn) for key in _TEXT_KEYS if key in data)
    for phase in data.get("phases") or []:
        if not isinstance(phase, dict):
            continue
        if years != 0 and isinstance(phase.get("title"), str):
            result.year_texts += _edit_texts(phase, "title", year_fn)
        for task in phase.get("tasks") or []:
            if not isinstance(task, dict):
                continue
            if years != 0:
                result.year_texts += sum(_edit_texts(task, key, year_fn) for key in ("title", "group", "outputs")
                                         if isinstance(task.get(key), (str, list)))
                if task.get("when") is not None:
                    moved = _shift_when(task["when"], years)
                    if moved is not None:
                        if moved is not task["when"]:
                            task["when"] = moved
                        result.schedules += 1
            written = task.get("written")
            if years != 0 and isinstance(written, dict):
                for cells in (written, written.get("body"), written.get("appendix")):
                    if not isinstance(cells, dict):
                        continue
                    result.year_texts += sum(_edit_texts(cells, key, year_fn) for key in ("title", "group", "outputs")
                                             if isinstance(cells.get(key), str))
                    if isinstance(cells.get("when"), str):
                        moved = _shift_when(cells["when"], years)
                        if moved is not None:
                            cells["when"] = moved
            for key in ("result", "evidence", "reason"):
                if key in task:
                    _pop_keeping_comments(task, key)
            if task.get("status") not in (None, "planned"):
                task["status"] = "planned"
                result.statuses += 1
            if "done_on" in task:
                _pop_keeping_comments(task, "done_on")
                result.done_dates += 1
    appendix = (data.get("presentation") or {}).get("appendix") if isinstance(data.get("presentation"), dict) else None
    if isinstance(appendix, dict) and "note" in appendix:
        _pop_keeping_comments(appendix, "note")  # it writes out last year's number and date
    out = rt.dump()
    checked = check_text(out, file)
    if checked.plan is None:
        first = sorted(checked.findings)[0]
        raise IsoctlError(tr("the rolled-over plan does not validate: {m} (line {l}); nothing written",
                             "kế hoạch năm mới không hợp lệ: {m} (dòng {l}); chưa ghi gì",
                             m=first.message, l=first.line), file=file)
    result.text = out
    return result


def _represent_null_as_null(yaml: Any) -> None:
    """ruamel writes None as an empty value; a cleared field reads better as an explicit null."""
    from ruamel.yaml.representer import RoundTripRepresenter

    class Representer(RoundTripRepresenter):
        pass

    Representer.add_representer(type(None), lambda self, _: self.represent_scalar("tag:yaml.org,2002:null", "null"))
    yaml.Representer = Representer


def default_output(source: str, old_year: int, new_year: int) -> str | None:
    """``plans/plan-2024.yaml`` → ``plans/plan-2025.yaml``; None when the name has no year."""
    import os

    folder, name = os.path.split(source)
    if str(old_year) not in name:
        return None
    return os.path.join(folder, name.replace(str(old_year), str(new_year)))


_MODELINE = lazy(r"^(#\s*yaml-language-server:\s*\$schema=)(\S+)(.*)$")


def repoint_schema(text: str, source_dir: str, target_dir: str) -> tuple[str, str | None]:
    """The plan text with its ``# yaml-language-server: $schema=PATH`` line (among the comments
    before the first field) pointing from ``target_dir`` at the schema it pointed at from
    ``source_dir``; and a line for the summary when it changed. URLs and absolute paths are kept."""
    import os
    import posixpath

    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.strip() and not line.lstrip().startswith("#"):
            break
        m = _MODELINE.match(line)
        if m is None:
            continue
        ref = m.group(2)
        if "://" in ref or ref.startswith(("/", "~")) or re.match(r"^[A-Za-z]:[\\/]", ref):
            return text, None
        schema = os.path.normpath(os.path.join(os.path.abspath(source_dir), *ref.split("/")))
        new = posixpath.join(*os.path.relpath(schema, os.path.abspath(target_dir)).split(os.sep))
        if new == ref:
            return text, None
        lines[i] = m.group(1) + new + m.group(3)
        return "\n".join(lines), tr("schema pointer {o} → {n}", "đường dẫn lược đồ {o} → {n}", o=ref, n=new)
    return text, None
