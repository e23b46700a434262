"""``isoctl import docx``: Word files made by people, the renderer's own documents, bad files."""

from __future__ import annotations

import collections
import io
import os
import re
import zipfile

import officedocs as od
import pytest

from conftest import SEED_PLANS
from isoctl.importer import docxread, import_docx
from isoctl.plan.citations import write_out
from isoctl.plan.files import load_plan
from isoctl.render import render_document
from isoctl.review.diff import diff_plans, format_text

SEED = {p.stem: p for p in SEED_PLANS}


def _names(plan, ids):
    names = plan.unit_names()
    return [names[i] for i in ids]


def _basis_paragraphs(plan):
    out = []
    for c in plan.basis:
        if c.intro or not out:
            out.append([c.intro or "Căn cứ", []])
        out[-1][1].append(write_out(c))
    return [f"{intro} " + "; ".join(cs) + "." for intro, cs in out]


def _body(doc, plan, *, tasks: str, extra: tuple[str, ...] = ()):
    od.header(doc, parent=plan.agency.parent, agency=plan.agency.name,
              number=f"Số:\t{plan.document.number or '     '}/{plan.document.type}-{plan.agency.abbr}",
              date=(f"{plan.agency.place}, ngày {plan.document.date.day} tháng {plan.document.date.month} năm "
                    f"{plan.document.date.year}") if plan.document.date else
                   f"{plan.agency.place or 'Hà Nội'}, ngày      tháng      năm {plan.year}")
    od.heading(doc, "KẾ HOẠCH")
    od.heading(doc, plan.document.title)
    doc.add_paragraph("")
    for text in _basis_paragraphs(plan):
        doc.add_paragraph(text)
    if plan.intro:
        doc.add_paragraph(plan.intro)
    od.heading(doc, "I. MỤC ĐÍCH, YÊU CẦU")
    if plan.requirements:
        od.heading(doc, "1. Mục đích")
    od.bullets(doc, plan.purpose)
    if plan.requirements:
        od.heading(doc, "2. Yêu cầu")
        od.bullets(doc, plan.requirements)
    od.heading(doc, "II. NỘI DUNG THỰC HIỆN")
    n = 1
    if plan.scope is not None:
        od.heading(doc, f"{n}. Phạm vi")
        n += 1
        s = plan.scope
        if s.subjects:
            doc.add_paragraph(f"- Đối tượng áp dụng: {s.subjects}")
        if s.intro:
            doc.add_paragraph(f"- {s.intro}")
        od.bullets(doc, s.items, "+")
        if s.place:
            doc.add_paragraph(f"- Địa điểm áp dụng: {s.place}")
    od.heading(doc, f"{n}. Nội dung thực hiện")
    if tasks in ("list", "list-phases"):
        for phase in plan.phases:
            if tasks == "list-phases":   # an unnumbered phase heading: bold, no heading style, no number
                od.heading(doc, phase.title)
            for t in phase.tasks:
                if not t.label:
                    continue
                lines = [f"{t.label}) {t.title}", "Đơn vị chủ trì: " + ", ".join(_names(plan, t.lead))]
                if t.when:
                    lines.append(f"Thời gian thực hiện: {t.when.format()}")
                od.lines_par(doc, lines)
    elif tasks == "phased":
        for pi, phase in enumerate(plan.phases, 1):
            od.heading(doc, f"{n}.{pi}. {phase.title}")
            rows = [[t.label or "", t.title, ", ".join(_names(plan, t.lead)), ", ".join(_names(plan, t.partners)),
                     "\n".join(t.outputs), t.when.format() if t.when else ""] for t in phase.tasks]
            od.table(doc, [["TT", "Nhiệm vụ", "Đơn vị thực hiện", "<", "Kết quả", "Thời gian"],
                           ["^", "^", "Chủ trì", "Phối hợp", "^", "^"]], rows)
    else:
        rows = [[t.label or "", t.title, ", ".join(_names(plan, t.lead)), t.when.format() if t.when else ""]
                for _, t in plan.tasks()]
        od.table(doc, [["TT", "Nội dung", "Đơn vị\nthực hiện", "Thời gian\nhoàn thành"]], rows)
    n += 1
    if plan.budget:
        od.heading(doc, f"{n}. Kinh phí thực hiện")
        doc.add_paragraph(plan.budget)
    od.heading(doc, "III. TỔ CHỨC THỰC HIỆN")
    for k, r in enumerate(plan.responsibilities, 1):
        od.heading(doc, f"{k}. {r.heading or plan.unit_names()[r.unit]}")
        od.bullets(doc, r.duties)
    for k, text in enumerate(extra):
        (od.heading if k == 0 else doc.add_paragraph)(doc, text) if k == 0 else doc.add_paragraph(text)
    if plan.closing:
        doc.add_paragraph(plan.closing)
    sign = [f"{plan.signer.authority} {plan.signer.title}"] if plan.signer.authority else [plan.signer.title]
    if plan.signer.authority == "KT.":
        sign.append(f"PHÓ {plan.signer.title}")
    od.signature(doc, list(plan.recipients), sign, plan.signer.name or "", as_table=tasks != "table")


def doc_2023(plan):
    """Body list a) … with manual line breaks; the appendix table in a landscape section."""
    doc = od.new()
    _body(doc, plan, tasks="list")
    od.landscape(doc)
    od.heading(doc, "PHỤ LỤC")
    doc.add_paragraph(f"(Ban hành kèm theo Kế hoạch số : {plan.document.number} /KH-{plan.agency.abbr} ngày "
                      f"{plan.document.date.day} tháng {plan.document.date.month} năm {plan.year} của {plan.agency.name})")
    rows = []
    k = 0
    for _, t in plan.tasks():
        if t.note and "Chỉ có trong danh sách" in t.note:
            continue
        k += 1
        rows.append([str(k), t.title, t.when.format() if t.when else "", ", ".join(_names(plan, t.lead)),
                     ", ".join(_names(plan, t.partners)), ""])
    od.table(doc, [["STT", "Nội Dung", "Thời gian", "Đơn vị chủ trì", "Đơn vị phối hợp", "Ghi chú"]], rows)
    return od.save(doc)


def doc_2024(plan):
    """A draft (blank number and date); phases as 2.1., 2.2. headings, each with a table whose
    header row 'Đơn vị thực hiện' is merged over 'Chủ trì' / 'Phối hợp'."""
    doc = od.new()
    _body(doc, plan, tasks="phased")
    return od.save(doc)


def doc_skhcn(plan):
    """One table TT / Nội dung / Đơn vị thực hiện / Thời gian hoàn thành (headers on two lines),
    Nơi nhận and the signature as paragraphs."""
    doc = od.new()
    _body(doc, plan, tasks="table")
    return od.save(doc)


def doc_tinh(plan):
    """Only 'Phụ lục I', landscape: phase rows merged across, topic cells merged down, bullets
    inside cells, 'Chủ trì: … Tham gia: …' in one cell."""
    doc = od.new()
    od.landscape(doc)
    od.heading(doc, "Phụ lục I")
    od.heading(doc, "NỘI DUNG THỰC HIỆN")
    doc.add_paragraph("(Kèm theo Kế hoạch số:     /KH-UBND ngày     /01/2023 của UBND tỉnh)")
    rows: list = []
    for pi, phase in enumerate(plan.phases):
        rows.append(["IVX"[0] * (pi + 1) if pi < 3 else "IV", phase.title, "<", "<", "<", "<", "<"])
        group = None
        for t in phase.tasks:
            same = t.group is not None and t.group == group
            group = t.group
            rows.append(["^" if same else t.label.split(".")[-1], "^" if same else (t.group or ""), t.title,
                         "\n".join(f"- {o}" for o in t.outputs), ", ".join(_names(plan, t.lead)),
                         ", ".join(_names(plan, t.partners)), t.when.format() if t.when else ""])
    od.table(doc, [["TT", "Nội dung duy trì áp dụng và cải tiến", "Nội dung thực hiện", "Kết quả đạt được",
                    "Cơ quan thực hiện", "Cơ quan phối hợp", "Thời gian"]], rows)
    return od.save(doc)


BUILDERS = {"plan-2023": doc_2023, "plan-2024": doc_2024, "skhcn-2021": doc_skhcn, "tinh-2023-phu-luc-1": doc_tinh}


def _import(tmp_path, data: bytes, name: str = "plan.docx"):
    path = tmp_path / name
    path.write_bytes(data)
    return import_docx(str(path)), path


def _as_plan(tmp_path, result, path):
    from isoctl.importer.emit import dump

    out = tmp_path / "plans" / "imported.yaml"
    out.parent.mkdir(exist_ok=True)
    out.write_text(dump(result.plan, result.comments, source=str(path), output=str(out)), encoding="utf-8")
    return load_plan(out), out


@pytest.mark.parametrize("stem", sorted(BUILDERS))
def test_office_documents_import_field_by_field(tmp_path, stem):
    original = load_plan(SEED[stem])
    result, path = _import(tmp_path, BUILDERS[stem](original))
    plan, _ = _as_plan(tmp_path, result, path)
    assert plan.year == original.year and plan.status == original.status
    assert plan.agency.name == original.agency.name
    assert plan.agency.abbr == original.agency.abbr
    assert plan.agency.parent == original.agency.parent
    assert plan.document.number == original.document.number
    assert plan.document.date == original.document.date
    assert plan.document.type == original.document.type
    assert plan.document.title == original.document.title
    assert plan.document.appendix == original.document.appendix
    assert [c.cite for c in plan.basis] == [c.cite for c in original.basis]
    for got, want in zip(plan.basis, original.basis, strict=True):
        assert (got.kind, got.date, got.issuer, got.about, got.intro) == \
               (want.kind, want.date, want.issuer, want.about, want.intro), want.cite
    assert plan.intro == original.intro
    assert plan.purpose == original.purpose
    assert plan.requirements == original.requirements
    assert plan.scope == original.scope
    assert plan.budget == original.budget
    got_tasks = [t for _, t in plan.tasks()]
    want_tasks = [t for _, t in original.tasks()]
    assert [t.title for t in got_tasks] == [t.title for t in want_tasks]
    for got, want in zip(got_tasks, want_tasks, strict=True):
        assert _names(plan, got.lead) == _names(original, want.lead), want.id
        if stem != "plan-2023":  # the body list names no partners; the appendix does
            assert _names(plan, got.partners) == _names(original, want.partners), want.id
        assert got.when == want.when, want.id
        assert got.outputs == want.outputs, want.id
        assert got.group == want.group, want.id
        assert got.label == want.label, want.id
    assert [p.title for p in plan.phases] == [p.title for p in original.phases] or len(original.phases) == 1
    assert [(r.heading or plan.unit_names()[r.unit], r.duties) for r in plan.responsibilities] == \
           [(r.heading or original.unit_names()[r.unit], r.duties) for r in original.responsibilities]
    assert plan.closing == original.closing
    assert plan.recipients == original.recipients
    assert plan.signer == original.signer


@pytest.mark.parametrize("stem", sorted(BUILDERS))
def test_office_documents_lint_like_the_transcription(tmp_path, stem):
    from isoctl.lint.config import Config
    from isoctl.lint.engine import lint_file

    original = load_plan(SEED[stem])
    result, path = _import(tmp_path, BUILDERS[stem](original))
    _, out = _as_plan(tmp_path, result, path)
    got = collections.Counter(f.code for f in lint_file(str(out), Config()).findings)
    want = collections.Counter(f.code for f in lint_file(str(SEED[stem]), Config()).findings)
    assert got == want


@pytest.mark.parametrize("source", SEED_PLANS, ids=lambda p: p.stem)
def test_render_then_import_gives_the_plan_back(tmp_path, cli, source):
    docx = tmp_path / f"{source.stem}.docx"
    r = cli("render", "docx", str(source), "-o", str(docx))
    assert r.exit_code == 0, r
    out = tmp_path / "plans" / f"{source.stem}.yaml"
    r = cli("import", "docx", str(docx), "-o", str(out))
    assert r.exit_code == 0, r
    assert "everything in the document was placed" in r.output
    r = cli("diff", str(source), str(out))
    d = diff_plans(load_plan(source), load_plan(out))
    # The YAML comments of a plan file are not in its document: they cannot come back from it.
    d.comments = 0
    assert d.is_empty(), format_text(d)
    assert r.exit_code == 0 and ("no differences in content" in r.output or "comments changed" in r.output), r
    imported = load_plan(out)
    assert _view(imported) == _view(load_plan(source)), "the presentation is read back as recorded"
    assert _text(render_document(imported, "ke-hoach").docx) == _text(docx.read_bytes()), \
        "rendering the import gives the same document back"


def _view(plan):
    """What a plan's presentation prints: every heading (defaults filled in), the body and appendix
    views with their columns, the scope's mark."""
    from isoctl.render.context import headings

    pres = plan.presentation.model_dump(mode="json") if plan.presentation else {}
    data = plan.model_dump(mode="json")
    for view in (pres.get("body"), pres.get("appendix")):
        if view and view.get("columns") and all(c.get("width") for c in view["columns"]):
            total = sum(c["width"] for c in view["columns"])
            for c in view["columns"]:
                c["width"] = round(c["width"] / total, 3)   # widths are relative
    app = pres.get("appendix") or {}
    return {"headings": headings(data, pres), "body": pres.get("body"), "scope_mark": pres.get("scope_mark"),
            "appendix": {**app, "phase_rows": app.get("phase_rows", True) if len(plan.phases) > 1 else None}
            if app else None}


def _text(data: bytes) -> list[str]:
    """Every paragraph and table row of a DOCX, whitespace normalised."""
    body = docxread.read(data)
    out = []
    for block in body.blocks:
        if isinstance(block, docxread.Para):
            if block.text.strip():
                out.append(" ".join(block.text.split()))
        else:
            out.extend(" | ".join(" ".join(c.text.split()) for c in row) for row in block.rows)
    return out


def test_summary_lists_guesses_and_unplaced_text_and_exits_1(tmp_path, cli):
    original = load_plan(SEED["skhcn-2021"])
    doc = od.new()
    _body(doc, original, tasks="table", extra=("IV. CHẾ ĐỘ THÔNG TIN, BÁO CÁO", "Một đoạn văn không thuộc mục nào."))
    path = tmp_path / "x.docx"
    path.write_bytes(od.save(doc))
    out = tmp_path / "plans" / "x.yaml"
    r = cli("import", "docx", str(path), "-o", str(out))
    assert r.exit_code == 1, r
    assert "not placed" in r.output and "Một đoạn văn không thuộc mục nào." in r.output
    text = out.read_text(encoding="utf-8")
    assert "Một đoạn văn không thuộc mục nào." in text.split("\n# ")[-1] or "Một đoạn văn" in text
    assert text.startswith("# yaml-language-server: $schema=../../")  or text.startswith("# yaml-language-server")


def test_refuses_to_overwrite_without_force(tmp_path, cli):
    docx = tmp_path / "p.docx"
    assert cli("render", "docx", str(SEED["skhcn-2021"]), "-o", str(docx)).exit_code == 0
    out = tmp_path / "plan.yaml"
    out.write_text("keep me", encoding="utf-8")
    r = cli("import", "docx", str(docx), "-o", str(out))
    assert r.exit_code == 2 and out.read_text(encoding="utf-8") == "keep me", r
    assert cli("import", "docx", str(docx), "-o", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server")


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _letter() -> bytes:
    doc = od.new()
    doc.add_paragraph("Kính gửi: Ông Nguyễn Văn A")
    doc.add_paragraph("Chúng tôi xin thông báo lịch họp tuần sau.")
    return od.save(doc)


BAD = {
    "text": (b"KE HOACH\nnot a word file\n", "text file"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    "corrupt": (b"PK\x03\x04" + b"\x00" * 200, "damaged"),
    "encrypted": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "password"),
    "letter": (None, "not a plan"),
    "spreadsheet": (_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), "spreadsheet"),
    "bomb": (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>",
                   "word/media/big.bin": b"\0" * (210 * 1024 * 1024)}), "zip bomb"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_files_get_a_message_exit_1_and_nothing_written(tmp_path, cli, kind):
    data, words = BAD[kind]
    path = tmp_path / "in.docx"
    path.write_bytes(_letter() if data is None else data)
    out = tmp_path / "plans" / "out.yaml"
    r = cli("import", "docx", str(path), "-o", str(out))
    assert r.exit_code == 1, r
    assert words.lower() in r.output.lower() and "Traceback" not in r.output, r
    assert not out.exists() and not any((tmp_path / "plans").glob("*")) if (tmp_path / "plans").exists() else True


def _damaged(data: bytes, part: str) -> bytes:
    """``data`` with one byte of ``part``'s stored bytes changed: its CRC no longer matches, as on a
    disk or a download that went wrong; the zip's directory is intact."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    out = bytearray(data)
    out[start + info.compress_size // 2] ^= 0x55
    return bytes(out)


def _with_picture(data: bytes) -> bytes:
    """The document with a picture stored uncompressed, as Word stores JPEGs."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, src.read(info.filename))
        out.writestr("word/media/image1.jpeg", bytes(range(256)) * 64, compress_type=zipfile.ZIP_STORED)
    return buf.getvalue()


@pytest.mark.parametrize("part", ["word/document.xml", "word/media/image1.jpeg", "word/styles.xml"])
def test_a_part_that_fails_its_crc_is_a_damaged_file(tmp_path, cli, part):
    """Whichever part is damaged, the text or a picture isoctl never reads: 'damaged', exit 1, nothing written."""
    data = _damaged(_with_picture(render_document(load_plan(SEED["skhcn-2021"]), "ke-hoach").docx), part)
    path = tmp_path / "hong.docx"
    path.write_bytes(data)
    out = tmp_path / "plans" / "o.yaml"
    for lang, words in (("en", "damaged"), ("vi", "hỏng")):
        r = cli("--lang", lang, "import", "docx", str(path), "-o", str(out))
        assert r.exit_code == 1 and words in r.output and "Traceback" not in r.output, r
        assert not out.exists() and not out.parent.exists()


def test_a_file_over_50_mb_is_refused_unread(tmp_path, cli):
    path = tmp_path / "huge.docx"
    with open(path, "wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(50 * 1024 * 1024 + 1)
    r = cli("import", "docx", str(path), "-o", str(tmp_path / "o.yaml"))
    assert r.exit_code == 1 and "50 MB" in r.output, r
    assert not (tmp_path / "o.yaml").exists()


SOFFICE = __import__("shutil").which("soffice") or __import__("shutil").which("libreoffice")
# CI installs LibreOffice (.ci/office) and then sets ISOCTL_REQUIRE_PDF=1: the .doc tests must run too
REQUIRE_OFFICE = os.environ.get("ISOCTL_REQUIRE_PDF") == "1"


def _need_soffice():
    if SOFFICE is None:
        if REQUIRE_OFFICE:
            pytest.fail("ISOCTL_REQUIRE_PDF=1 but LibreOffice (soffice) is not on the PATH")
        pytest.skip("LibreOffice (soffice) is not installed")


def _save_as_doc(folder, docs: dict[str, bytes]):
    """Each DOCX saved by LibreOffice as Word 97-2003 (.doc), in one LibreOffice run."""
    import subprocess

    for name, data in docs.items():
        (folder / f"{name}.docx").write_bytes(data)
    subprocess.run([SOFFICE, f"-env:UserInstallation={(folder / 'lo').as_uri()}", "--headless", "--convert-to", "doc",
                    "--outdir", str(folder), *[str(folder / f"{n}.docx") for n in docs]],
                   check=True, capture_output=True, timeout=600, stdin=subprocess.DEVNULL)
    for name in docs:
        assert (folder / f"{name}.doc").read_bytes().startswith(b"\xd0\xcf\x11\xe0"), name
    return {name: folder / f"{name}.doc" for name in docs}
# the directory of an OLE compound file naming a Word 97-2003 body, as a .doc's does
FAKE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 500


@pytest.fixture(scope="module")
def real_doc(tmp_path_factory):
    """KH 359 rendered by isoctl, saved by LibreOffice as Word 97-2003 (.doc), and its .docx."""
    _need_soffice()
    folder = tmp_path_factory.mktemp("doc")
    doc = _save_as_doc(folder, {"kh-359": render_document(load_plan(SEED["plan-2023"]), "ke-hoach").docx})["kh-359"]
    return doc, folder / "kh-359.docx"


def test_a_doc_file_is_converted_with_libreoffice(tmp_path, cli, real_doc):
    """A .doc reads as the .docx it was saved from: same plan, the same summary of what was read."""
    doc, docx = real_doc
    from_doc, from_docx = tmp_path / "plans" / "doc.yaml", tmp_path / "plans" / "docx.yaml"
    r = cli("import", "docx", str(doc), "-o", str(from_doc))
    assert r.exit_code == 0, r
    r2 = cli("import", "docx", str(docx), "-o", str(from_docx))
    assert r.output.splitlines()[0] == r2.output.splitlines()[0]   # read: … citations, … tasks …
    d = diff_plans(load_plan(from_docx), load_plan(from_doc))
    d.comments = 0
    assert d.is_empty(), format_text(d)


def _as_word_ends_it(data: bytes) -> bytes:
    """The document with an empty paragraph after a closing table, as Word always writes one
    (LibreOffice's .doc export drops a table with nothing after it)."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    body = doc.element.body
    last = body[-2] if body[-1].tag.endswith("}sectPr") else body[-1]
    if last.tag.endswith("}tbl"):
        doc.add_paragraph("")
    return od.save(doc)


def test_office_documents_saved_as_doc_import_as_their_docx(tmp_path, cli):
    """Each seed's document as an office makes it, saved as .doc (Word 97-2003) by LibreOffice, is
    converted back by isoctl through soffice and gives the plan its .docx gives."""
    _need_soffice()
    docs = {stem: _as_word_ends_it(build(load_plan(SEED[stem]))) for stem, build in sorted(BUILDERS.items())}
    for stem, doc in _save_as_doc(tmp_path, docs).items():
        from_doc, from_docx = tmp_path / "plans" / f"{stem}-doc.yaml", tmp_path / "plans" / f"{stem}-docx.yaml"
        r = cli("import", "docx", str(doc), "-o", str(from_doc))
        r2 = cli("import", "docx", str(tmp_path / f"{stem}.docx"), "-o", str(from_docx))
        assert r.exit_code == r2.exit_code == 0, (stem, r, r2)
        assert r.output.splitlines()[0] == r2.output.splitlines()[0], stem   # read: … citations, … tasks …
        d = diff_plans(load_plan(from_docx), load_plan(from_doc))
        d.comments = 0
        assert d.is_empty(), (stem, format_text(d))


@pytest.mark.parametrize("kind", ["real", "minimal"])
def test_a_doc_file_without_libreoffice_says_so(tmp_path, cli, monkeypatch, kind, request):
    """No soffice on the PATH: the message names LibreOffice and what to do, exit 1, nothing written."""
    if kind == "real":
        data = request.getfixturevalue("real_doc")[0].read_bytes()
    else:
        data = FAKE_DOC
    path = tmp_path / "old.doc"
    path.write_bytes(data)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "plans" / "o.yaml"
    r = cli("import", "docx", str(path), "-o", str(out))
    assert r.exit_code == 1 and "LibreOffice" in r.output and "not installed" in r.output, r
    assert "save it as .docx" in r.output and "Traceback" not in r.output
    assert not out.exists() and not out.parent.exists()
    r = cli("--lang", "vi", "import", "docx", str(path), "-o", str(out))
    assert r.exit_code == 1 and "cần LibreOffice" in r.output and not out.exists(), r


def test_an_office_file_that_is_not_word_is_refused(tmp_path, cli):
    """An OLE file with no Word body (an old .xls saved as .doc) is not sent to LibreOffice."""
    path = tmp_path / "sheet.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le"))
    r = cli("import", "docx", str(path), "-o", str(tmp_path / "o.yaml"))
    assert r.exit_code == 1 and "not a Word document" in r.output and not (tmp_path / "o.yaml").exists(), r


def test_vietnamese_messages(tmp_path, cli):
    path = tmp_path / "in.docx"
    path.write_bytes(b"%PDF-1.4\n")
    r = cli("--lang", "vi", "import", "docx", str(path))
    assert r.exit_code == 1 and "tệp PDF" in r.output, r


def test_automatic_numbering_and_split_runs_are_read(tmp_path):
    """A lettered list made with Word's own numbering (not typed) still gives labels a, b."""
    original = load_plan(SEED["plan-2023"])
    data = doc_2023(original)
    result, _ = _import(tmp_path, data)
    assert result.plan["document"]["type"] == "KH"
    labels = [t.get("label") for p in result.plan["phases"] for t in p["tasks"]]
    assert labels[:2] == ["a", "b"]


def _phased_2023(tmp_path, cuts):
    """plan-2023 with its tasks in unnumbered phases cut before the tasks at ``cuts``."""
    from ruamel.yaml import YAML

    yaml = YAML()
    data = yaml.load(SEED["plan-2023"].read_text(encoding="utf-8"))
    tasks = list(data["phases"][0]["tasks"])
    bounds = [0, *cuts, len(tasks)]
    data["phases"] = [{"id": f"giai-doan-{k + 1}", "title": f"Giai đoạn {k + 1}: {tasks[a]['title'][:30].strip()}",
                       "tasks": tasks[a:b]} for k, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False))]
    out = tmp_path / "phased.yaml"
    with out.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    return load_plan(out)


def doc_2023_phased(plan, appendix=True):
    """doc_2023 with its list in unnumbered phases (bold headings) and the appendix with a phase row
    ('I. GIAI ĐOẠN …', merged across) before each phase's rows."""
    doc = od.new()
    _body(doc, plan, tasks="list-phases")
    if not appendix:
        return od.save(doc)
    od.landscape(doc)
    od.heading(doc, "PHỤ LỤC")
    rows: list = []
    for pi, phase in enumerate(plan.phases):
        rows.append(f"{'I II III IV V'.split()[pi]}. {phase.title.upper()}")
        k = 0
        for t in phase.tasks:
            if t.shown_in == "body":
                continue
            k += 1
            rows.append([str(k), t.title, t.when.format() if t.when else "", ", ".join(_names(plan, t.lead)),
                         ", ".join(_names(plan, t.partners)), ""])
    od.table(doc, [["STT", "Nội Dung", "Thời gian", "Đơn vị chủ trì", "Đơn vị phối hợp", "Ghi chú"]], rows)
    return od.save(doc)


@pytest.mark.parametrize("appendix", [True, False], ids=["with-appendix", "list-only"])
@pytest.mark.parametrize("cuts", [[6], [5], [3, 6, 10], [5, 6]], ids=["body-only-last", "body-only-first",
                                                                       "three-phases", "body-only-alone"])
def test_list_in_unnumbered_phases_keeps_every_task_in_its_phase(tmp_path, cuts, appendix):
    """Every task, body-only ones too, comes back in its phase, in order, under its phase's title."""
    original = _phased_2023(tmp_path, cuts)
    result, path = _import(tmp_path, doc_2023_phased(original, appendix))
    plan, _ = _as_plan(tmp_path, result, path)

    def phases(p, listed):
        return [(ph.title, [t.title for t in ph.tasks if t.label or not listed]) for ph in p.phases
                if any(t.label or not listed for t in ph.tasks)]

    assert phases(plan, not appendix) == phases(original, not appendix)
    if appendix:
        assert {t.title: t.shown_in for _, t in plan.tasks()} == {t.title: t.shown_in for _, t in original.tasks()}
    assert result.complete, result.unplaced


def test_the_agency_name_comes_back_in_its_lines(tmp_path, cli):
    """A header name broken where the plan says (agency.name_lines) comes back with those lines;
    one broken where the renderer breaks it unasked comes back as the name alone."""
    source = next(p for p in SEED_PLANS if p.name == "plan-2024.yaml")
    for lines, want in ((["Sở Văn hóa và Thể thao", "Hà Nội"], ["Sở Văn hóa và Thể thao", "Hà Nội"]), (None, [])):
        text = source.read_text(encoding="utf-8")
        if lines:
            text = text.replace("  abbr: SVHTT\n", f"  abbr: SVHTT\n  name_lines: [{', '.join(lines)}]\n", 1)
        plan_file = tmp_path / "plan-2024.yaml"
        plan_file.write_text(text, encoding="utf-8")
        docx = tmp_path / "out.docx"
        assert cli("render", "docx", str(plan_file), "-o", str(docx), "--force").exit_code == 0
        out = tmp_path / "plans" / "back.yaml"
        assert cli("import", "docx", str(docx), "-o", str(out), "--force").exit_code == 0
        back = load_plan(out)
        assert back.agency.name == "Sở Văn hóa và Thể thao Hà Nội" and back.agency.parent == "UBND thành phố Hà Nội"
        assert back.agency.name_lines == want


def _messy(plan):
    """A plan document with something to guess or to leave out at every step: a number whose type
    is not the heading's, a day that does not exist, a row broken over a page, a time that is not a
    schedule, a row without a title, a section isoctl has no field for, a signature without a title."""
    doc = od.new()
    od.header(doc, parent=plan.agency.parent, agency=plan.agency.name, number=f"Số: 12/QĐ-{plan.agency.abbr}",
              date="Hà Nội, ngày 30 tháng 02 năm 2021")
    od.heading(doc, "KẾ HOẠCH")
    od.heading(doc, plan.document.title)
    for text in _basis_paragraphs(plan):
        doc.add_paragraph(text)
    od.heading(doc, "I. MỤC ĐÍCH, YÊU CẦU")
    od.bullets(doc, plan.purpose)
    od.heading(doc, "II. NỘI DUNG THỰC HIỆN")
    rows = [[t.label or "", t.title, ", ".join(_names(plan, t.lead)), t.when.format() if t.when else ""]
            for _, t in plan.tasks()]
    rows[1][1] = rows[1][1].rstrip(".") + " và"                         # the title goes on in the next row
    rows.insert(2, ["", "tổng hợp báo cáo kết quả", "", ""])
    rows[3][3] = "Khoảng giữa năm"                                      # not a schedule
    rows.append(["", "", "Văn phòng Sở", "Tháng 12"])                    # no title
    od.table(doc, [["TT", "Nội dung", "Đơn vị thực hiện", "Thời gian"]], rows)
    od.heading(doc, "III. TỔ CHỨC THỰC HIỆN")
    for k, r in enumerate(plan.responsibilities, 1):
        od.heading(doc, f"{k}. {r.heading or plan.unit_names()[r.unit]} thuộc Sở")
        od.bullets(doc, r.duties)
    od.heading(doc, "IV. CHẾ ĐỘ THÔNG TIN, BÁO CÁO")
    doc.add_paragraph("Các phòng báo cáo kết quả trước ngày 15/12.")
    od.signature(doc, list(plan.recipients), [], plan.signer.name or "Nguyễn Văn A", as_table=False)
    return od.save(doc)


_ENGLISH = {"the", "read", "as", "of", "from", "a", "an", "is", "not", "no", "paragraph", "table", "row", "column",
            "unit", "guessed", "placed", "kept", "body", "appendix", "lead", "heading", "header", "title", "found",
            "says", "left", "blank", "time", "written", "also", "with", "line", "its", "own", "everything", "ids",
            "schedule", "unrecognised", "set", "signer", "date", "day"}


def _english_words(line):
    """The English words of a summary line, the document's own text (quoted) and ids left out."""
    text = re.sub(r"'[^']*'|`[^`]*`|\S*/\S*", " ", line)   # quoted text, commands, paths
    text = re.sub(r"\([a-z0-9\-]+\)", " ", text)
    return {w for w in re.findall(r"\w+", text) if w.lower() in _ENGLISH}


@pytest.mark.parametrize("how", ["--lang", "LANG"])
@pytest.mark.parametrize("doc", ["messy", *sorted(BUILDERS)])
def test_summary_and_every_guess_are_in_vietnamese(tmp_path, cli, monkeypatch, doc, how):
    """Every line of the summary, and every comment the import writes into the plan file, in
    Vietnamese under --lang vi or LANG=vi_VN; the English run says the same number of things."""
    original = load_plan(SEED["skhcn-2021" if doc == "messy" else doc])
    data = _messy(original) if doc == "messy" else BUILDERS[doc](original)
    path = tmp_path / "in.docx"
    path.write_bytes(data)
    en = cli("import", "docx", str(path), "-o", str(tmp_path / "plans" / "en.yaml"))
    args = ["--lang", "vi"] if how == "--lang" else []
    if how == "LANG":
        monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    with monkeypatch.context() as m:
        if how == "LANG":
            m.setattr("conftest.os.environ", os.environ)  # the fixture's C.UTF-8 is replaced above
        vi = cli(*args, "import", "docx", str(path), "-o", str(tmp_path / "plans" / "vi.yaml"))
    assert vi.exit_code == en.exit_code, vi
    assert len(vi.output.splitlines()) == len(en.output.splitlines())
    for line in vi.output.splitlines():
        assert not _english_words(line), line
    comments = [x.strip()[2:] for x in (tmp_path / "plans" / "vi.yaml").read_text(encoding="utf-8").splitlines()
                if x.strip().startswith("# ") and "yaml-language-server" not in x]
    assert comments
    for line in comments:
        assert not _english_words(line), line
    if doc == "messy":
        assert vi.exit_code == 1 and "chưa xếp được" in vi.output
        assert len([x for x in en.output.splitlines() if x.startswith("  ")]) >= 8


def test_every_guess_the_importer_can_make_is_written_in_both_languages():
    """No guess, note or 'not placed' line in isoctl/importer is English text only: every literal
    message handed to guess(), keep(), Note() or a list of notes goes through tr(en, vi)."""
    import ast
    from pathlib import Path

    import isoctl.importer as pkg

    calls = {"guess": 1, "keep": 1, "Note": 1}
    lists = {"notes", "_notes", "diffs"}
    bare = []
    for path in Path(pkg.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            args = []
            if name in calls and len(node.args) > calls[name]:
                args = [node.args[calls[name]]]
            elif name == "append" and isinstance(f, ast.Attribute):
                target = f.value
                owner = target.args[0] if isinstance(target, ast.Call) and target.args else target
                label = owner.attr if isinstance(owner, ast.Attribute) else owner.value \
                    if isinstance(owner, ast.Constant) else owner.id if isinstance(owner, ast.Name) else ""
                if label in lists:
                    args = list(node.args)
            for a in args:
                if isinstance(a, ast.Call) and getattr(a.func, "id", "") == "Note":
                    continue   # checked as a call of its own
                keys = {id(x) for sub in ast.walk(a) if isinstance(sub, ast.Subscript) for x in ast.walk(sub.slice)}
                words = "".join(x.value for x in ast.walk(a) if isinstance(x, ast.Constant) and isinstance(x.value, str)
                                and id(x) not in keys)
                if not (isinstance(a, ast.Call) and getattr(a.func, "id", "") == "tr") and re.search(r"[A-Za-z]", words):
                    bare.append(f"{path.name}:{a.lineno}")   # words of a message, not the document's text
    assert not bare, bare


def _report():
    """A DOCX that is an agency's report, not a plan: header table, 'BÁO CÁO', sections."""
    doc = od.new()
    od.header(doc, parent="UBND TỈNH HÀ NAM", agency="Sở Khoa học và Công nghệ", number="Số: 15/BC-SKHCN",
              date="Hà Nam, ngày 10 tháng 12 năm 2021")
    od.heading(doc, "BÁO CÁO")
    od.heading(doc, "Kết quả duy trì, cải tiến Hệ thống quản lý chất lượng năm 2021")
    od.heading(doc, "I. KẾT QUẢ THỰC HIỆN")
    doc.add_paragraph("Sở đã duy trì, áp dụng Hệ thống quản lý chất lượng theo kế hoạch.")
    return od.save(doc)


def _encrypted_ole() -> bytes:
    """The OLE container Word writes for a password-protected .docx: EncryptionInfo and EncryptedPackage."""
    return (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50
            + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 400)


@pytest.mark.parametrize("kind,name,words", [
    ("report", "bao-cao.docx", "not a plan"),
    ("encrypted-named-doc", "khoa.doc", "password"),
    ("truncated-docx", "cut.docx", "damaged"),
    ("empty", "empty.docx", "not a .docx"),
])
def test_more_hostile_files_get_a_message_exit_1_and_nothing_written(tmp_path, cli, kind, name, words):
    """A report, an encrypted file whatever its name, a real plan cut in half, an empty file."""
    if kind == "report":
        data = _report()
    elif kind == "encrypted-named-doc":
        data = _encrypted_ole()
    elif kind == "truncated-docx":
        full = render_document(load_plan(SEED["skhcn-2021"]), "ke-hoach").docx
        data = full[: len(full) // 2]
    else:
        data = b""
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "plans" / "out.yaml"
    for lang in ("en", "vi"):
        r = cli("--lang", lang, "import", "docx", str(path), "-o", str(out))
        assert r.exit_code == 1, r
        assert "Traceback" not in r.output and str(path) in r.output, r
        if lang == "en":
            assert words.lower() in r.output.lower(), r
        assert not out.exists() and not out.parent.exists()


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """A rendered plan, a plan made as an office makes it, a messy one (content left unplaced), a PDF."""
    folder = tmp_path_factory.mktemp("docs")
    (folder / "rendered.docx").write_bytes(render_document(load_plan(SEED["plan-2024"]), "ke-hoach").docx)
    (folder / "office.docx").write_bytes(doc_tinh(load_plan(SEED["tinh-2023-phu-luc-1"])))
    (folder / "messy.docx").write_bytes(_messy(load_plan(SEED["skhcn-2021"])))
    (folder / "scan.docx").write_bytes(b"%PDF-1.7\n")
    return folder


QUICK_CASES = [
    ["import", "docx", "{d}/rendered.docx"],
    ["import", "docx", "{d}/rendered.docx", "-o", "-"],
    ["import", "docx", "{d}/office.docx", "-o", "plans/p.yaml"],
    ["import", "docx", "{d}/office.docx", "-o", "plans/exists.yaml"],
    ["import", "docx", "{d}/office.docx", "-o", "plans/exists.yaml", "--force"],
    ["import", "docx", "--output=plans/m.yaml", "{d}/messy.docx"],
    ["--lang", "vi", "import", "docx", "{d}/messy.docx", "-o", "-"],
    ["import", "docx", "{d}/scan.docx", "--lang", "vi"],
    ["import", "docx", "{d}/missing.docx"],
    ["import", "docx", "--help"],
    ["import", "docx"],
]


@pytest.mark.parametrize("argv", QUICK_CASES, ids=" ".join)
def test_import_docx_says_the_same_on_the_quick_and_the_typer_path(cli, monkeypatch, tmp_path, documents, argv):
    """The quick start (no typer) and typer give the same exit code, output and files."""
    results = []
    for quick in (True, False):
        work = tmp_path / ("quick" if quick else "typer")
        (work / "plans").mkdir(parents=True)
        (work / "plans" / "exists.yaml").write_text("keep me\n", encoding="utf-8")
        monkeypatch.chdir(work)
        if quick:
            monkeypatch.delenv("ISOCTL_NO_QUICK", raising=False)
        else:
            monkeypatch.setenv("ISOCTL_NO_QUICK", "1")
        r = cli(*[a.format(d=documents) for a in argv])
        files = {str(p.relative_to(work)): p.read_text(encoding="utf-8") for p in sorted(work.rglob("*")) if p.is_file()}
        results.append((r.exit_code, r.stdout, r.stderr, files))
    assert results[0] == results[1]
    assert results[0][0] in (0, 1, 2)


def test_a_cold_import_loads_neither_typer_pydantic_nor_python_docx(tmp_path, documents):
    """The package is read with zipfile and lxml; the command line with isoctl's own quick start."""
    import subprocess
    import sys

    out = tmp_path / "plans" / "p.yaml"
    code = ("import sys\nsys.argv = sys.argv[1:]\nfrom isoctl.cli.entry import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('LOADED:' + ','.join(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, "isoctl", "import", "docx", str(documents / "rendered.docx"),
                           "-o", str(out)], capture_output=True, text=True, check=True)
    loaded = set(proc.stderr.strip().splitlines()[-1].removeprefix("LOADED:").split(","))
    assert out.exists() and "everything in the document was placed" in proc.stdout, proc
    assert not {"typer", "click", "pydantic", "pydantic_core", "rich", "ruamel", "jinja2", "docx"} & loaded, loaded


def _repackaged(data: bytes, main: str, target: str) -> bytes:
    """The same package with its main part stored as ``main`` and the package relationship's target
    written as ``target`` (relative or absolute), as other word processors name it."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    base, name = main.rsplit("/", 1)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info.filename)
            new = info.filename
            if info.filename == "word/document.xml":
                new = main
            elif info.filename == "word/_rels/document.xml.rels":
                new = f"{base}/_rels/{name}.rels"
                if base != "word":   # its targets are relative to the part: point them back into word/
                    body = re.sub(rb'Target="(?!/|http)([^"]+)"', rb'Target="/word/\1"', body)
            elif info.filename == "[Content_Types].xml":
                body = body.replace(b'PartName="/word/document.xml"', f'PartName="/{main}"'.encode())
            elif info.filename == "_rels/.rels":
                body = re.sub(rb'Target="/?word/document.xml"', f'Target="{target}"'.encode(), body)
            out.writestr(new, body)
    return buf.getvalue()


@pytest.mark.parametrize(("main", "target"), [("word/document.xml", "/word/document.xml"),
                                              ("word/main.xml", "word/main.xml"),
                                              ("doc/body.xml", "/doc/body.xml")])
def test_the_main_part_is_found_by_its_relationship(tmp_path, main, target):
    """Wherever the package keeps its body, and however the relationship spells its target, the
    same body is read: text, numbering and the id record."""
    data = render_document(load_plan(SEED["plan-2023"]), "ke-hoach").docx
    moved = _repackaged(data, main, target)
    assert main in zipfile.ZipFile(io.BytesIO(moved)).namelist()
    want, got = docxread.read(data), docxread.read(moved)
    assert got == want and got.identity
    if main == "word/document.xml":   # safety.check wants the body where Word and LibreOffice keep it
        assert _import(tmp_path, moved)[0].plan == _import(tmp_path, data, "same.docx")[0].plan


def test_a_package_whose_main_part_is_not_a_word_body_is_refused(tmp_path, cli):
    """A macro-enabled document or a template's content type is not read as a plan: exit 1, nothing written."""
    data = render_document(load_plan(SEED["skhcn-2021"]), "ke-hoach").docx
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")
            out.writestr(info.filename, body)
    path = tmp_path / "mau.docx"
    path.write_bytes(buf.getvalue())
    out = tmp_path / "plans" / "o.yaml"
    r = cli("import", "docx", str(path), "-o", str(out))
    assert r.exit_code == 1 and "cannot be read" in r.output and "Traceback" not in r.output, r
    assert not out.exists()
