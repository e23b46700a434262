"""Convert rendered documents with LibreOffice and check the PDF: A4 pages and the text."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from isoctl.plan.validate import check_file
from isoctl.render import render_document

ROOT = Path(__file__).resolve().parents[2]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def _pdf(tmp_path: Path, plan_file: str, kind: str) -> bytes:
    plan = check_file(str(ROOT / plan_file)).plan
    src = tmp_path / f"{kind}.docx"
    src.write_bytes(render_document(plan, kind).docx)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=180)
    return (tmp_path / f"{kind}.pdf").read_bytes()


def _page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """The MediaBox of every page object (not of the page tree)."""
    sizes = []
    for obj in pdf.split(b"endobj"):
        if re.search(rb"/Type\s*/Page(?!s)", obj):
            m = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", obj)
            if m:
                sizes.append((float(m.group(1)), float(m.group(2))))
    return sizes


def _text(pdf: bytes, path: Path) -> str:
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=60)
        return out.stdout.decode("utf-8")
    # naive fallback: the literal strings of every inflated content stream
    chunks = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(m.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    return "".join(chunks)


def test_plan_pdf_is_a4_with_a_landscape_appendix(tmp_path):
    """KH 359 (plan-2023) has a landscape appendix after its portrait body."""
    pdf = _pdf(tmp_path, "plans/plan-2023.yaml", "ke-hoach")
    sizes = _page_sizes(pdf)
    assert sizes, "no pages found"
    a4 = (595.3, 841.9)
    portrait = [s for s in sizes if abs(s[0] - a4[0]) < 2 and abs(s[1] - a4[1]) < 2]
    landscape = [s for s in sizes if abs(s[0] - a4[1]) < 2 and abs(s[1] - a4[0]) < 2]
    assert portrait and landscape and len(portrait) + len(landscape) == len(sizes)  # every page is A4
    if shutil.which("pdftotext"):
        text = _text(pdf, tmp_path / "ke-hoach.pdf")
        flat = " ".join(text.split())
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
        assert "Độc lập - Tự do - Hạnh phúc" in flat
        assert "KẾ HOẠCH" in flat and "/KH-SVHTT" in flat
        assert "I. MỤC ĐÍCH, YÊU CẦU" in flat and "Nơi nhận:" in flat and "PHỤ LỤC" in flat
        first_page = text.split("\f")[0]
        assert not re.match(r"\s*1\s*\n", first_page)      # no number on page 1
        assert re.match(r"\s*2\s*\n", text.split("\f")[1])  # "2" on top of page 2


@pytest.mark.parametrize("plan_file", ["plans/plan-2024.yaml", "plans/examples/skhcn-2021.yaml",
                                       "plans/examples/tinh-2023-phu-luc-1.yaml"])
def test_every_sample_plan_prints_on_a4(tmp_path, plan_file):
    sizes = _page_sizes(_pdf(tmp_path, plan_file, "ke-hoach"))
    assert sizes, "no pages found"
    assert all(sorted((round(w), round(h))) == [595, 842] for w, h in sizes), sizes


def test_issued_decision_pdf(tmp_path):
    pdf = _pdf(tmp_path, "plans/plan-2023.yaml", "qd-ban-hanh")
    assert all(abs(w - 595.3) < 2 or abs(w - 841.9) < 2 for w, _ in _page_sizes(pdf))
    if shutil.which("pdftotext"):
        flat = " ".join(_text(pdf, tmp_path / "qd-ban-hanh.pdf").split())
        assert "QUYẾT ĐỊNH" in flat and "Điều 1." in flat
        assert "Số: 359/KH-SVHTT" in flat and "Hà Nội, ngày 18 tháng 5 năm 2023" in flat
