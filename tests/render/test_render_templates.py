"""Templates: filters, the sandbox, strict undefined, user overrides, the markup, and the commands."""

from __future__ import annotations

import datetime as dt
import io
import re
import tomllib
from pathlib import Path

import pytest

from isoctl.plan.validate import check_file
from isoctl.render import MissingData, markup, render_document
from isoctl.render.context import progress
from isoctl.render.templating import Citer, TemplateError, builtin_dir, chu, discover, ngay, ngay_so, so, upper

ROOT = Path(__file__).resolve().parents[2]
PLAN_2023 = ROOT / "plans" / "plan-2023.yaml"
PLAN_2024 = ROOT / "plans" / "plan-2024.yaml"


@pytest.fixture(scope="module")
def plan():
    return check_file(str(PLAN_2024)).plan


def _user(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.j2").write_text(text, encoding="utf-8")
    return folder


# --- filters --------------------------------------------------------------------------------

def test_ngay_follows_the_decree_30_rule():
    assert ngay(dt.date(2024, 2, 5)) == "ngày 05 tháng 02 năm 2024"
    assert ngay(dt.date(2023, 5, 18)) == "ngày 18 tháng 5 năm 2023"
    assert ngay(dt.date(2023, 1, 9)) == "ngày 09 tháng 01 năm 2023"
    assert ngay(dt.date(2023, 12, 10)) == "ngày 10 tháng 12 năm 2023"
    assert re.fullmatch(r"ngày\s{5,}tháng\s{5,}năm 2024", ngay(None, 2024))
    assert ngay_so(dt.date(2014, 3, 5)) == "05/3/2014" and ngay_so(dt.date(2024, 2, 5)) == "05/02/2024"


def test_so_chu_upper():
    assert so(5) == "05" and so(359) == "359" and so("12") == "12" and so(None).strip() == ""
    assert [chu(i) for i in (1, 4, 5, 6, 7, 10)] == ["a", "d", "đ", "e", "g", "k"]
    assert upper("Sở Văn hóa và Thể thao đồng") == "SỞ VĂN HÓA VÀ THỂ THAO ĐỒNG"


def test_cite_full_then_short():
    cite = Citer()
    c = {"cite": "19/2014/QĐ-TTg", "kind": "Quyết định", "date": dt.date(2014, 3, 5),
         "issuer": "Thủ tướng Chính phủ", "about": "việc áp dụng Hệ thống quản lý chất lượng"}
    assert cite(c) == ("Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ "
                       "về việc áp dụng Hệ thống quản lý chất lượng")
    assert cite(c) == "Quyết định số 19/2014/QĐ-TTg"
    assert cite(c, True).startswith("Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014")


def test_schedule_filter_prints_as_written(plan, tmp_path):
    folder = _user(tmp_path, "lich", "{% for t in tasks %}{{ t.when|schedule }}\n{% endfor %}")
    text = render_document(plan, "lich", user_dir=folder).text
    assert "7,8/2024" in text and "Sau công bố" in text


# --- sandbox and strict undefined --------------------------------------------------------------

@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ plan.__class__.__init__ }}",
    "{{ tasks.append(1) }}",
    "{{ agency.update({'name': 'x'}) }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}{{ os.system('true') }}",
    "{{ range(10**9)|list }}",
])
def test_sandbox_refuses_escapes(plan, tmp_path, source):
    folder = _user(tmp_path, "ac", "[type Kế hoạch]\n" + source + "\n")
    with pytest.raises(TemplateError) as err:
        render_document(plan, "ac", user_dir=folder)
    assert err.value.file.endswith("ac.j2")
    assert "Traceback" not in str(err.value)


def test_undefined_variable_names_template_line_and_variable(plan, tmp_path):
    folder = _user(tmp_path, "thieu", "[type Kế hoạch]\n{{ year }}\n{{ so_ke_hoach }}\n")
    with pytest.raises(TemplateError) as err:
        render_document(plan, "thieu", user_dir=folder)
    assert err.value.line == 3 and err.value.file.endswith("thieu.j2")
    assert "so_ke_hoach" in err.value.message


def test_undefined_attribute_is_named(plan, tmp_path):
    folder = _user(tmp_path, "thieu", "[type Kế hoạch]\n{{ agency.dia_chi }}\n")
    with pytest.raises(TemplateError) as err:
        render_document(plan, "thieu", user_dir=folder)
    assert err.value.line == 2 and "dia_chi" in err.value.message


def test_syntax_error_has_its_line(plan, tmp_path):
    folder = _user(tmp_path, "hong", "[type Kế hoạch]\n\n{% for t in tasks %}\n")
    with pytest.raises(TemplateError) as err:
        render_document(plan, "hong", user_dir=folder)
    assert err.value.line is not None and err.value.file.endswith("hong.j2")


def test_bad_markup_names_the_template(plan, tmp_path):
    folder = _user(tmp_path, "sai", "[type Kế hoạch]\n[bang 1,2]\n")
    with pytest.raises(TemplateError) as err:
        render_document(plan, "sai", user_dir=folder)
    assert "[bang]" in err.value.message and err.value.file.endswith("sai.j2")


def test_plan_text_cannot_inject_markup(plan, tmp_path):
    phases = [p.model_copy(deep=True) for p in plan.phases]
    phases[0].tasks[0] = phases[0].tasks[0].model_copy(update={"title": "Kiện toàn\n[attach]\n# x"})
    text = render_document(plan.model_copy(update={"phases": phases}), "ke-hoach").text
    assert "\n[attach]" not in text and "Kiện toàn [attach] # x" in text


# --- overrides, needs -------------------------------------------------------------------------

def test_user_template_overrides_the_builtin_and_reuses_shared_pieces(plan, tmp_path):
    folder = _user(tmp_path, "ke-hoach", '{% import "_chung.j2" as chung with context %}\n'
                   '{{ chung.dau("KH", "Kế hoạch", document.title) }}\nĐây là mẫu riêng của đơn vị.\n')
    table = discover(folder)
    assert table["ke-hoach"].overrides and not table["ke-hoach"].builtin
    assert table["bao-cao"].builtin
    doc = render_document(plan, "ke-hoach", user_dir=folder)
    assert "Đây là mẫu riêng của đơn vị." in doc.text and "[agency Sở Văn hóa và Thể thao Hà Nội]" in doc.text


def _own_chung(tmp_path: Path, extra: str = "") -> Path:
    """A user's copy of the shared pieces whose header names the issuing body its own way."""
    text = (builtin_dir() / "_chung.j2").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("[agency "))
    return _user(tmp_path, "_chung", text.replace(line, "[agency {{ agency.name }} - MẪU RIÊNG]") + extra)


@pytest.mark.parametrize("kind", ["ke-hoach", "qd-ban-hanh", "bao-cao"])
def test_a_users_shared_pieces_serve_the_builtin_documents(plan, tmp_path, kind):
    folder = _own_chung(tmp_path)
    assert discover(folder)[kind].builtin  # the document is the built-in one …
    own = render_document(plan, kind, user_dir=folder, as_of=dt.date(2024, 12, 15)).text
    assert "[agency Sở Văn hóa và Thể thao Hà Nội - MẪU RIÊNG]" in own  # … its header the user's
    assert "MẪU RIÊNG" not in render_document(plan, kind, as_of=dt.date(2024, 12, 15)).text


def test_a_users_plan_template_is_the_one_qd_ban_hanh_attaches(plan, tmp_path):
    folder = _user(tmp_path, "ke-hoach", '{% import "_chung.j2" as chung with context %}\n'
                   '{{ chung.dau("KH", "Kế hoạch", document.title) }}\nĐây là kế hoạch theo mẫu riêng.\n')
    table = discover(folder)
    assert table["qd-ban-hanh"].builtin and not table["ke-hoach"].builtin
    text = render_document(plan, "qd-ban-hanh", user_dir=folder).text
    decision, attached = text.split("[attach]", 1)
    assert "Đây là kế hoạch theo mẫu riêng." in attached and "Đây là kế hoạch" not in decision
    assert "Đây là kế hoạch theo mẫu riêng." not in render_document(plan, "qd-ban-hanh").text


def test_a_users_shared_pieces_run_in_the_sandbox(plan, tmp_path):
    folder = _own_chung(tmp_path, "\n{% macro ky(recipients) %}{{ ''.__class__.__mro__[1].__subclasses__() }}"
                                  "{% endmacro %}\n")
    with pytest.raises(TemplateError) as err:
        render_document(plan, "ke-hoach", user_dir=folder)
    assert "sandbox" in err.value.message


def test_a_users_shared_pieces_are_not_read_through_a_link(plan, tmp_path):
    folder = tmp_path / "tpl"
    folder.mkdir()
    (tmp_path / "elsewhere.j2").write_text("{% macro dau() %}x{% endmacro %}", encoding="utf-8")
    (folder / "_chung.j2").symlink_to(tmp_path / "elsewhere.j2")
    from isoctl.diagnostics import IsoctlError

    with pytest.raises(IsoctlError) as err:
        render_document(plan, "ke-hoach", user_dir=folder)
    assert err.value.exit_code == 1 and Path(err.value.file).name == "_chung.j2"


def test_missing_data_names_the_field(plan):
    with pytest.raises(MissingData) as err:
        render_document(plan, "qd-kien-toan-bcd", file="plans/plan-2024.yaml")
    assert err.value.fields == ["committee"] and "committee" in err.value.message
    assert err.value.exit_code == 1


def test_progress_codes():
    from isoctl.plan.model import Task

    t = Task(id="x", title="x", when="Tháng 6/2024", status="planned")
    assert progress(t, 2024, dt.date(2024, 6, 30)) == "not-due"
    assert progress(t, 2024, dt.date(2024, 7, 1)) == "late"
    # nothing recorded: not late, but not known either
    unknown = Task(id="x", title="x", when="Tháng 6/2024")
    assert progress(unknown, 2024, dt.date(2024, 6, 30)) == "not-due"
    assert progress(unknown, 2024, dt.date(2024, 7, 1)) == "no-status"
    assert progress(Task(id="y", title="y", when="Thường xuyên"), 2024, dt.date(2024, 12, 1)) == "no-status"
    done = t.model_copy(update={"status": "done", "done_on": dt.date(2024, 7, 3)})
    assert progress(done, 2024, dt.date(2024, 12, 1)) == "done-late"
    assert progress(Task(id="y", title="y", when="Thường xuyên", status="planned"), 2024,
                    dt.date(2024, 12, 1)) == "ongoing"


# --- markup ------------------------------------------------------------------------------------

def test_markup_table_cells():
    parts = markup.parse("[table 1,2]\n| a | b \\| c\\nd |\n| x | ^ |\n| nhóm |\n[/table]\n")
    table = parts[0].sections[0].blocks[0]
    assert table.rows == [["a", "b | c\nd"], ["x", "^"], ["nhóm"]]
    assert markup.escape_cell("a|b\nc\\") == "a\\|b\\nc\\\\"
    with pytest.raises(markup.MarkupError):
        markup.parse("[table 1,2]\n| a | b | c |\n[/table]\n")


# --- commands ----------------------------------------------------------------------------------

def test_render_default_is_newest_plan_under_build(cli, tree, monkeypatch):
    root = tree({"plans/plan-2023.yaml": PLAN_2023.read_text(encoding="utf-8"),
                 "plans/plan-2024.yaml": PLAN_2024.read_text(encoding="utf-8")})
    monkeypatch.chdir(root)
    result = cli("render", "docx")
    assert result.exit_code == 0, result
    out = root / "build" / "plan-2024-ke-hoach.docx"
    assert out.is_file() and out.read_bytes()[:2] == b"PK"
    before = out.read_bytes()
    again = cli("render", "docx")
    assert again.exit_code == 2 and "--force" in again.stderr
    assert out.read_bytes() == before
    assert cli("render", "docx", "--force").exit_code == 0


def test_render_all_skips_what_the_plan_lacks(cli, tmp_path):
    result = cli("render", "docx", str(PLAN_2023), "--all", "-o", str(tmp_path / "out"), "--as-of", "2023-12-20")
    assert result.exit_code == 0, result
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "plan-2023-bao-cao.docx", "plan-2023-ke-hoach.docx", "plan-2023-qd-ban-hanh.docx"]
    assert "needs committee" in result.stderr and "needs qms" in result.stderr


def test_render_kind_without_its_data_exits_1(cli, tmp_path):
    result = cli("render", "docx", str(PLAN_2024), "--doc", "qd-cong-bo", "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 1 and "`qms`" in result.stderr and "plan-2024.yaml" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_render_usage_errors(cli, tmp_path):
    assert cli("render", "docx", str(PLAN_2024), "--doc", "khong-co").exit_code == 2
    assert cli("render", "docx", str(PLAN_2024), "--doc", "bao-cao", "--as-of", "31/11/2024").exit_code == 2
    assert cli("render", "docx", str(tmp_path / "none.yaml")).exit_code == 2


def test_render_broken_plan_points_at_the_problem(cli, tree):
    root = tree({"bad.yaml": PLAN_2024.read_text(encoding="utf-8").replace("year: 2024", "year: hai")})
    result = cli("render", "docx", str(root / "bad.yaml"), "-o", str(root / "x.docx"))
    assert result.exit_code == 1 and re.search(r"bad\.yaml:\d+:\d+", result.stderr)
    assert "Traceback" not in result.output


def test_templates_list_shows_sources(cli, tmp_path):
    folder = _user(tmp_path, "bao-cao", "[type Báo cáo]\n")
    (folder / "tb.j2").write_text("[type Thông báo]\n", encoding="utf-8")
    result = cli("templates", "list", "--templates", str(folder))
    assert result.exit_code == 0, result
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "built-in" in lines["ke-hoach"] and "needs: committee, signer" in lines["qd-kien-toan-bcd"]
    assert "overrides" in lines["bao-cao"] and "user" in lines["tb"]


def test_templates_list_shows_the_users_pieces_and_who_uses_them(cli, tmp_path):
    """A user's _chung.j2 is listed as overriding the built-in piece, and each built-in document
    that imports it (or includes the user's ke-hoach.j2) says it uses the user's file."""
    folder = _own_chung(tmp_path)
    (folder / "_rieng.j2").write_text("{% macro x() %}{% endmacro %}\n", encoding="utf-8")
    (folder / "ke-hoach.j2").write_text((builtin_dir() / "ke-hoach.j2").read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("templates", "list", "--templates", str(folder))
    assert result.exit_code == 0, result
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "overrides built-in" in lines["_chung"] and "piece" in lines["_chung"]
    assert "piece" in lines["_rieng"] and "overrides" not in lines["_rieng"]
    for kind in ("qd-ban-hanh", "qd-kien-toan-bcd", "qd-cong-bo", "bao-cao"):
        assert "built-in" in lines[kind] and "uses yours: _chung.j2" in lines[kind], lines[kind]
    assert "uses yours: _chung.j2, ke-hoach.j2" in lines["qd-ban-hanh"]
    assert "overrides" in lines["ke-hoach"] and "uses yours: _chung.j2" in lines["ke-hoach"]
    plain = cli("templates", "list")
    assert "uses yours" not in plain.stdout and "_chung" not in plain.stdout


def test_templates_check_on_the_real_plans(cli):
    result = cli("templates", "check", str(ROOT / "plans"))
    assert result.exit_code == 0, result
    assert re.search(r"qd-kien-toan-bcd\s+.*plan-2024\.yaml: needs committee", result.stdout)
    assert re.search(r"ke-hoach\s+.*plan-2023\.yaml: ok", result.stdout)


def test_templates_check_fails_on_a_broken_template(cli, tmp_path):
    folder = _user(tmp_path, "ke-hoach", "[type Kế hoạch]\n{{ khong_co }}\n")
    result = cli("templates", "check", str(ROOT / "plans"), "--templates", str(folder))
    assert result.exit_code == 1
    assert "FAILED" in result.stdout and "khong_co" in result.stdout and "ke-hoach.j2:2" in result.stdout


def test_config_templates_folder(cli, tree, monkeypatch):
    root = tree({"isoctl.toml": 'templates = "mau"\n', "mau/ke-hoach.j2": "[type Kế hoạch]\nMẫu cấu hình.\n",
                 "plans/plan-2024.yaml": PLAN_2024.read_text(encoding="utf-8")})
    monkeypatch.chdir(root)
    assert cli("render", "docx", "-o", "kh.docx").exit_code == 0
    import docx

    assert "Mẫu cấu hình." in [p.text for p in docx.Document(io.BytesIO((root / "kh.docx").read_bytes())).paragraphs]


# --- packaging ---------------------------------------------------------------------------------

def test_pyproject_packages_every_subpackage_and_the_templates():
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "isoctl").rglob("__init__.py")}
    assert found | {"isoctl.templates", "isoctl.lawdata"} == set(setup["packages"])
    assert setup["package-dir"]["isoctl.templates"] == "templates"
    assert setup["package-dir"]["isoctl.lawdata"] == "docs/law"
    assert builtin_dir().resolve() == (ROOT / "templates").resolve()


# --- one environment a run -----------------------------------------------------------------

def test_one_environment_compiles_each_template_once_for_every_document(plan, tmp_path, monkeypatch):
    """A run renders with one environment (a template is read and compiled once, not per document);
    what is a document's own starts afresh for each: its budget, its first full citations, its units."""
    from isoctl.render import templating

    folder = _own_chung(tmp_path)
    other = check_file(str(PLAN_2023)).plan
    table = discover(folder)
    reads: list[str] = []
    real = templating.read_template
    monkeypatch.setattr(templating, "read_template", lambda path, root: reads.append(path.name) or real(path, root))
    templating._environment.cache_clear()
    first = [render_document(p, kind, templates=table).text for p in (plan, other, plan) for kind in ("ke-hoach", "bao-cao")]
    assert reads.count("_chung.j2") == 1 and reads.count("ke-hoach.j2") == 1 and reads.count("bao-cao.j2") == 1
    assert first[0:2] == first[4:6]  # the same plan again: the same documents (citations full at first again)
    assert first[0] != first[2] and "Sở Văn hóa và Thể thao Hà Nội" in first[0]
    # a document whose output passes the limit fails alone: the next one has its own budget
    from isoctl.render.limits import Limits

    limit = Limits(max_output=len(first[0]) + 10)
    render_document(plan, "ke-hoach", templates=table, limits=limit)
    render_document(plan, "ke-hoach", templates=table, limits=limit)
    with pytest.raises(TemplateError):
        render_document(plan, "ke-hoach", templates=table, limits=Limits(max_output=len(first[0]) // 2))
    assert render_document(plan, "ke-hoach", templates=table, limits=limit).text == first[0]
    # a template edited during the run is read again
    (folder / "_chung.j2").write_text((folder / "_chung.j2").read_text(encoding="utf-8").replace(
        "MẪU RIÊNG", "MẪU MỚI"), encoding="utf-8")
    assert "MẪU MỚI" in render_document(plan, "ke-hoach", templates=table).text
