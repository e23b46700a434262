"""The decision that issues or approves a plan, written in the plan's `decision`, rendered as
agencies issue it: its own number, date, trích yếu, basis and proposal, "QUYẾT ĐỊNH:", its
articles, its signer and recipients, and the plan attached ("Kèm theo Quyết định số …")."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from isoctl.plan.files import plan_from_text
from isoctl.render import render_document

docx = pytest.importorskip("docx")

KINDS = Path(__file__).resolve().parents[1] / "kinds"


def _render(name: str, edit=None, kind: str = "qd-ban-hanh"):
    text = (KINDS / name).read_text(encoding="utf-8")
    if edit is not None:
        data = yaml.safe_load(text)
        edit(data)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    d = docx.Document(io.BytesIO(render_document(plan_from_text(text, name), kind).docx))
    return d, [p.text.replace("\u00a0", " ") for p in d.paragraphs if p.text.strip()]


def _header(d) -> list[list[str]]:
    return [[c.text.strip() for c in r.cells] for r in d.tables[0].rows]


def test_a_programme_approved_by_the_provinces_decision() -> None:
    d, texts = _render("programme-2021-2030.yaml")
    assert ["Số: 512/QĐ-UBND", "Quảng Trị, ngày 10 tháng 3 năm 2021"] in _header(d)
    assert texts[0] == "QUYẾT ĐỊNH"
    assert texts[1].startswith("Về việc phê duyệt Chương trình áp dụng Hệ thống quản lý chất lượng")
    assert texts[2] == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ"
    decision = texts[:texts.index("CHƯƠNG TRÌNH")]
    assert "Xét đề nghị của Giám đốc Sở Khoa học và Công nghệ." in decision
    assert decision.index("QUYẾT ĐỊNH:") > decision.index("Xét đề nghị của Giám đốc Sở Khoa học và Công nghệ.")
    assert any(t.startswith("Điều 1. Phê duyệt Chương trình áp dụng") and t.endswith("(kèm theo Quyết định này).")
               for t in decision)
    attached = texts[texts.index("CHƯƠNG TRÌNH"):]
    assert attached[2] == ("(Kèm theo Quyết định số 512/QĐ-UBND ngày 10/3/2021 của Chủ tịch Ủy ban nhân dân tỉnh "
                           "Quảng Trị)")
    signature = next(t for t in d.tables if "Nơi nhận:" in t.cell(0, 0).text)
    assert signature.cell(0, 0).text.splitlines()[1:4] == ["- Như Điều 3;", "- Bộ Khoa học và Công nghệ;",
                                                            "- Lưu: VT, KGVX."]
    assert "TM. ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ" in signature.cell(0, 1).text.upper()


def test_a_2010_decision_rests_on_the_law_of_2010() -> None:
    _d, texts = _render("decision-2010.yaml")
    lines = [t for t in texts[:texts.index("KẾ HOẠCH")] if t.startswith("Căn cứ ")]
    assert lines == ["Căn cứ Quyết định số 144/2006/QĐ-TTg ngày 20/6/2006 của Thủ tướng Chính phủ;",
                     "Căn cứ Quyết định số 118/2009/QĐ-TTg ngày 30/9/2009 của Thủ tướng Chính phủ;"]
    assert "Xét đề nghị của Chánh Văn phòng Bộ." in texts
    assert any(t.startswith("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch xây dựng, áp dụng") for t in texts)
    assert any(t.startswith("(Ban hành kèm theo Quyết định số 215/QĐ-BKHCN ngày 25/01/2010 của") for t in texts)


def test_without_its_own_basis_the_decision_rests_on_the_core_basis_of_its_date() -> None:
    def drop(data):
        del data["decision"]["basis"]

    _d, texts = _render("decision-2010.yaml", drop)
    lines = [t for t in texts[:texts.index("KẾ HOẠCH")] if t.startswith("Căn cứ ")]
    assert [t.split(" ngày")[0] for t in lines] == ["Căn cứ Quyết định số 144/2006/QĐ-TTg",
                                                     "Căn cứ Quyết định số 118/2009/QĐ-TTg"]


def test_articles_title_and_signer_as_written() -> None:
    def edit(data):
        data["decision"].update({
            "title": "Phê duyệt Chương trình ISO giai đoạn 2021-2030",
            "articles": ["Phê duyệt Chương trình kèm theo Quyết định này.", "Giao Sở Khoa học và Công nghệ chủ trì.",
                         "Quyết định có hiệu lực kể từ ngày ký./."],
            "signer": {"authority": "KT.", "title": "CHỦ TỊCH", "name": "Hoàng Nam"}})

    d, texts = _render("programme-2021-2030.yaml", edit)
    assert texts[1] == "Phê duyệt Chương trình ISO giai đoạn 2021-2030"
    assert texts[texts.index("QUYẾT ĐỊNH:") + 1:texts.index("QUYẾT ĐỊNH:") + 4] == [
        "Điều 1. Phê duyệt Chương trình kèm theo Quyết định này.", "Điều 2. Giao Sở Khoa học và Công nghệ chủ trì.",
        "Điều 3. Quyết định có hiệu lực kể từ ngày ký./."]
    assert not any(t.startswith("Điều 4.") for t in texts)
    signature = next(t for t in d.tables if "Nơi nhận:" in t.cell(0, 0).text).cell(0, 1).text
    assert "KT. CHỦ TỊCH" in signature and "PHÓ CHỦ TỊCH" in signature and "Hoàng Nam" in signature


def test_the_plan_alone_is_still_attached_to_its_decision() -> None:
    _d, texts = _render("decision-2010.yaml", kind="ke-hoach")
    assert texts[0] == "KẾ HOẠCH" and not any(t.startswith("Số:") for t in texts)
    assert texts[2].startswith("(Ban hành kèm theo Quyết định số 215/QĐ-BKHCN ngày 25/01/2010")


def test_render_does_not_warn_of_a_blank_number_when_the_decision_has_one(cli, tmp_path) -> None:
    r = cli("render", "docx", str(KINDS / "programme-2021-2030.yaml"), "--doc", "qd-ban-hanh",
            "-o", str(tmp_path / "qd.docx"))
    assert r.exit_code == 0 and "left blank" not in r.stderr and (tmp_path / "qd.docx").exists()
