"""What ``render docx`` costs grows with the plan, no faster (issue 15): the plan read once, each
task's activities found once for the "Sau …" schedules, each text measured once; and the answers
are those of the plain way of working them out."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from isoctl.i18n import nfc
from isoctl.plan.activities import activities_of, infer
from isoctl.plan.validate import check_file, check_text
from isoctl.timeline import layout as timeline
from samples import CASES, mini

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import plan_text  # noqa: E402


def _plan(text: str):
    checked = check_text(text, "t.yaml")
    assert checked.plan is not None, checked.findings
    return checked.plan


def _generated(tasks: int):
    return _plan(plan_text(11, tasks).replace("  abrv:", "  abbr:"))


def _scan(plan, task) -> tuple[str, ...]:
    """The tasks a "Sau …" schedule follows, found by reading the whole plan for this one task."""
    when = task.when
    if when is None:
        return ()
    if when.after:
        return tuple(when.after)
    phrase = nfc(when.after_text).lower().strip(" .")
    if not phrase:
        return ()
    others = [t for _, t in plan.tasks() if t.id != task.id]
    wanted = [act for key, act in timeline._AFTER_PHRASES if key in phrase]
    wanted += [a for a in infer(phrase) if a not in wanted]
    for activity in wanted:
        hits = tuple(t.id for t in others if activity in activities_of(t))
        if hits:
            return hits
    return tuple(t.id for t in others if phrase in nfc(t.title).lower())


# tasks of a small plan: a phrase whose activity only its own task has (it falls to the title), a
# phrase no activity names (the title), one naming two activities, ids and no schedule
_TRICKY = """\
- {id: a, title: Công bố hệ thống, when: Sau công bố, activity: [announcement]}
- {id: b, title: Tổ chức đào tạo nhận thức, when: Tháng 3}
- {id: c, title: Rà soát sau đào tạo, when: Sau đào tạo}
- {id: d, title: Họp tổng kết, when: Sau họp tổng kết}
- {id: e, title: Khắc phục sau kiểm tra, when: Sau khắc phục và kiểm tra}
- {id: f, title: Kiểm tra nội bộ, when: Tháng 5, activity: [inspection]}
- {id: g, title: Báo cáo, when: {after: [b, f]}}
- {id: h, title: Lưu hồ sơ}
"""


def test_the_followed_tasks_are_those_a_scan_of_the_plan_finds():
    plans = [check_file(path).plan for path, _ in CASES] + [_plan(mini(_TRICKY)), _generated(300)]
    relative = 0
    for plan in plans:
        index = timeline.Followed(plan)
        for _, task in plan.tasks():
            assert index.of(task) == _scan(plan, task), task.id
            assert timeline._followed(plan, task) == _scan(plan, task), task.id
            relative += bool(task.when is not None and "after" in task.when.kinds())
    assert relative > 30  # the generated plan has many


def _relative(tasks: int):
    """A plan of ``tasks`` tasks, every other one "Sau đào tạo" (after the training before it)."""
    rows = []
    for i in range(tasks):
        if i % 2 == 0:
            rows.append(f"- {{id: t{i}, title: Đào tạo nhận thức đợt {i}, lead: [VP], when: Tháng 3}}")
        else:
            rows.append(f"- {{id: t{i}, title: Rà soát tài liệu đợt {i}, lead: [VP], when: Sau đào tạo}}")
    return _plan(mini("\n".join(rows)))


@pytest.mark.parametrize("kind", ["ke-hoach", "bao-cao"])
def test_a_documents_context_reads_each_task_once_for_the_relative_schedules(kind, monkeypatch):
    """Each task's activities are worked out at most once for the whole plan, however many tasks
    follow another (it was once for every such task: a 2,000-task report took seconds)."""
    from isoctl.render import context

    calls = []
    real = timeline.activities_of
    monkeypatch.setattr(timeline, "activities_of", lambda t: calls.append(t.id) or real(t))
    for tasks in (100, 300):
        plan = _relative(tasks)
        calls.clear()
        built = context.build(plan, kind=kind, as_of=dt.date(plan.year, 8, 15))
        assert len(built["tasks"]) == tasks
        assert {t["progress"] for t in built["tasks"][1::2]} == {"not-due"}  # the training is not done
        assert len(calls) <= tasks and len(set(calls)) == len(calls)


def _width_by_characters(text: str, size: float, bold: bool) -> float:
    """Times New Roman advance widths, character by character, as the renderer estimates them."""
    import unicodedata

    from isoctl.render.layout import _NARROW, _WIDE

    em = 0.0
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            continue
        if ch == " ":
            em += 0.25
        elif ch in _WIDE:
            em += 0.9
        elif ch in _NARROW:
            em += 0.3
        elif ch.isupper():
            em += 0.7
        elif ch.isdigit():
            em += 0.5
        else:
            em += 0.47
    em *= 1.1 if bold else 1.0
    return em * size * 25.4 / 72


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẠẢÃẦẤẬẨẪÈÉẸẺẼMWijl.,;:()/- 0123456789\u0301\u0323",
               max_size=40), st.sampled_from([11.0, 12.0, 13.0, 14.0]), st.booleans())
def test_a_text_is_measured_as_character_by_character(text, size, bold):
    from isoctl.render.layout import _text_mm

    assert _text_mm(text, size, bold=bold) == _width_by_characters(text, size, bold)
    assert _text_mm(text, size, bold=bold) == _width_by_characters(text, size, bold)  # and again, remembered


def test_render_docx_reads_and_parses_the_plan_once(cli, tmp_path, monkeypatch):
    """The lint printed before the render and the render itself use the same reading of the plan
    (it was read and parsed twice, three times with --all)."""
    from isoctl.plan import loader

    parsed: list[int] = []  # every parse of plan text passes the nesting pre-scan
    real = loader._too_deep
    monkeypatch.setattr(loader, "_too_deep", lambda text: parsed.append(len(text)) or real(text))
    plan = str(ROOT / "plans" / "plan-2024.yaml")
    size = len((ROOT / "plans" / "plan-2024.yaml").read_text(encoding="utf-8"))
    result = cli("render", "docx", plan, "-o", str(tmp_path / "one.docx"))
    assert result.exit_code == 0, result
    assert parsed == [size]
    assert "D006" in result.stderr  # its lint errors are still printed
    parsed.clear()
    result = cli("render", "docx", plan, "--all", "-o", str(tmp_path / "all"))
    assert result.exit_code == 0, result
    assert parsed == [size] and "already issued" not in result.stderr
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == [
        "plan-2024-bao-cao.docx", "plan-2024-ke-hoach.docx", "plan-2024-qd-ban-hanh.docx"]


def test_render_docx_of_an_issued_plan_still_warns_once_read(cli, tmp_path, monkeypatch):
    from isoctl.plan import loader

    parsed: list[int] = []  # every parse of plan text passes the nesting pre-scan
    real = loader._too_deep
    monkeypatch.setattr(loader, "_too_deep", lambda text: parsed.append(len(text)) or real(text))
    plan = str(ROOT / "plans" / "plan-2023.yaml")
    result = cli("render", "docx", plan, "--all", "-o", str(tmp_path / "all"))
    assert result.exit_code == 0, result
    assert len(parsed) == 1 and "already issued (number 359)" in result.stderr
