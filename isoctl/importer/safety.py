"""Which files ``import docx`` opens: a DOCX of sane size that unzips to sane size.

Everything refused raises :class:`~isoctl.diagnostics.IsoctlError` (exit 1) with what to do;
nothing is written. A legacy ``.doc`` is converted with LibreOffice when ``soffice`` is on the
PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from isoctl.diagnostics import IsoctlError
from isoctl.i18n import tr

MAX_FILE_BYTES = 50 * 1024 * 1024          # the file as stored
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024     # all its parts, unpacked
MAX_RATIO = 200                            # unpacked / packed for any one part
MAX_PARTS = 5000
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # OLE compound file: .doc, or an encrypted .docx
ZIP_MAGIC = b"PK\x03\x04"
SOFFICE_TIMEOUT_S = 120


def _refuse(file: str, en: str, vi: str, hint_en: str, hint_vi: str, **kw: object) -> IsoctlError:
    return IsoctlError(tr(en, vi, **kw), file=file, hint=tr(hint_en, hint_vi))


def check(path: str) -> bytes:
    """The bytes of a DOCX that may be opened, or an error saying why not. The file is read once,
    through the one reader (:func:`isoctl.fsutil.read_bytes`: a regular file, no link out of the
    repository, at most 50 MB)."""
    from isoctl.fsutil import read_bytes

    file = str(path)
    if not os.path.lexists(file):
        raise IsoctlError(tr("no such file", "không có tệp này"), file=file)
    if os.path.isdir(file):
        raise IsoctlError(tr("is a folder; give a .docx file", "là thư mục; hãy ghi một tệp .docx"), file=file)
    try:
        size = os.path.getsize(file)
    except OSError:
        size = 0  # reading it says why
    if size > MAX_FILE_BYTES:
        raise _too_big(file, size)
    whole = read_bytes(file, limit=MAX_FILE_BYTES, what=tr("Word file", "tệp Word"))
    head = whole[:8]
    if head.startswith(CFB_MAGIC):
        # an OLE compound file holds an encrypted OOXML package ("EncryptedPackage" stream) or a
        # Word 97-2003 document ("WordDocument" stream): names in its directory, in UTF-16
        if "EncryptedPackage".encode("utf-16-le") in whole or (
                "WordDocument".encode("utf-16-le") not in whole and file.lower().endswith(".docx")):
            raise _refuse(file, "the document is protected by a password (encrypted)",
                          "văn bản được bảo vệ bằng mật khẩu (đã mã hóa)",
                          "open it in Word, remove the password (File > Info > Protect Document) and save again",
                          "hãy mở bằng Word, gỡ mật khẩu (Tệp > Thông tin > Bảo vệ tài liệu) rồi lưu lại")
        if "WordDocument".encode("utf-16-le") not in whole:
            raise _refuse(file, "this is an Office file but not a Word document (no Word text in it)",
                          "đây là tệp Office nhưng không phải văn bản Word (không có nội dung Word)",
                          "open the plan in Word and save it as Word Document (.docx)",
                          "hãy mở kế hoạch bằng Word và lưu dưới dạng Word Document (.docx)")
        return convert_doc(file, whole)
    if head.startswith(b"%PDF"):
        raise _refuse(file, "this is a PDF file, not a Word document", "đây là tệp PDF, không phải văn bản Word",
                      "import the .docx the PDF was made from (ask the office that issued it for it)",
                      "hãy nhập tệp .docx gốc của bản PDF (xin cơ quan ban hành)")
    if not head.startswith(ZIP_MAGIC):
        text = _looks_text(whole)
        kind = ("a text file" if text else "not a Word document", "tệp văn bản thuần" if text else "không phải văn bản Word")
        raise _refuse(file, "this is {k}, not a .docx", "đây là {kv}, không phải tệp .docx",
                      "open the plan in Word and save it as Word Document (.docx)",
                      "hãy mở kế hoạch bằng Word và lưu dưới dạng Word Document (.docx)", k=kind[0], kv=kind[1])
    check_zip(file, whole)
    return whole


def _too_big(file: str, size: int) -> IsoctlError:
    return _refuse(file, "the file is {mb:.0f} MB; isoctl reads plan documents up to 50 MB",
                   "tệp nặng {mb:.0f} MB; isoctl chỉ đọc văn bản kế hoạch đến 50 MB",
                   "save the plan without embedded pictures or media (File > Save As, Compress pictures)",
                   "hãy lưu kế hoạch không kèm ảnh, phương tiện nhúng (Lưu thành, Nén ảnh)", mb=size / 1048576)


def _looks_text(data: bytes) -> bool:
    sample = data[:4096]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in sample


def check_zip(file: str, data: bytes) -> None:
    """A zip that unpacks to a bounded size and holds a Word body."""
    import io

    broken = ("the file is damaged: it is not a complete Word document", "tệp bị hỏng: không phải văn bản Word hoàn chỉnh",
              "open it in Word (it offers to repair it) and save it again", "hãy mở bằng Word (Word đề nghị sửa) rồi lưu lại")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(file, *broken) from None
    if len(infos) > MAX_PARTS:
        raise _refuse(file, "the file has {n} parts; a Word document has a few dozen", "tệp có {n} phần; văn bản Word chỉ có vài chục",
                      "this is not a plan document", "đây không phải văn bản kế hoạch", n=len(infos))
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _refuse(file, "the document is protected by a password (encrypted)",
                          "văn bản được bảo vệ bằng mật khẩu (đã mã hóa)",
                          "remove the password in Word and save again", "hãy gỡ mật khẩu bằng Word rồi lưu lại")
        total += info.file_size
        if total > MAX_UNZIPPED_BYTES or (info.compress_size and info.file_size / info.compress_size > MAX_RATIO
                                         and info.file_size > 10 * 1024 * 1024):
            raise _refuse(file, "the file unpacks to far more than a document (a zip bomb?)",
                          "tệp giải nén ra lớn bất thường (bom zip?)",
                          "this is not a plan document; do not open it", "đây không phải văn bản kế hoạch; đừng mở nó")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        what = ("a spreadsheet", "bảng tính") if "xl/workbook.xml" in names else \
               ("a presentation", "bản trình chiếu") if "ppt/presentation.xml" in names else None
        if what:
            raise _refuse(file, "this is {w}, not a Word document", "đây là {wv}, không phải văn bản Word",
                          "import the plan's .docx", "hãy nhập tệp .docx của kế hoạch", w=what[0], wv=what[1])
        raise _refuse(file, *broken)
    try:
        damaged = zf.testzip()   # the name of the first part whose bytes fail their CRC, or None
    except Exception:  # BadZipFile, zlib.error, EOFError and friends from a damaged part
        raise _refuse(file, *broken) from None
    if damaged is not None:
        raise _refuse(file, *broken)


def convert_doc(file: str, data: bytes) -> bytes:
    """A legacy .doc (``data``, read from ``file``) converted to .docx by LibreOffice
    (``soffice --headless --convert-to docx``) in a temporary folder."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise _refuse(file, "this is a Word 97-2003 file (.doc); converting it needs LibreOffice, which is not installed",
                      "đây là tệp Word 97-2003 (.doc); cần LibreOffice để chuyển đổi nhưng máy chưa cài",
                      "install LibreOffice (soffice on the PATH), or open the file in Word and save it as .docx",
                      "hãy cài LibreOffice (lệnh soffice), hoặc mở bằng Word và lưu thành .docx")
    try:
        return _convert(file, data, soffice)
    except OSError as exc:  # the temporary folder: a full or read-only disk, no permission
        from isoctl.fsutil import os_reason

        raise IsoctlError(tr("cannot convert it in the temporary folder {t}: {r}",
                             "không chuyển đổi được trong thư mục tạm {t}: {r}",
                             t=exc.filename or tempfile.gettempdir(), r=os_reason(exc)), file=file,
                          hint=tr("free space there, or set TMPDIR to a folder with room",
                                  "hãy giải phóng chỗ ở đó, hoặc đặt TMPDIR tới một thư mục còn chỗ")) from None


def _convert(file: str, data: bytes, soffice: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="isoctl-doc-") as out:
        src = Path(out) / "in.doc"
        src.write_bytes(data)
        # soffice takes no "--": the source is our own absolute path, never an option. A profile of
        # its own, so a LibreOffice the user has open neither takes the job nor is disturbed.
        profile = (Path(out) / "profile").as_uri()
        try:
            subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                            "--convert-to", "docx", "--outdir", out, str(src)],
                           check=True, capture_output=True, timeout=SOFFICE_TIMEOUT_S, stdin=subprocess.DEVNULL)
        except (subprocess.SubprocessError, OSError):
            raise _refuse(file, "LibreOffice could not convert this .doc file", "LibreOffice không chuyển được tệp .doc này",
                          "open it in Word and save it as .docx", "hãy mở bằng Word và lưu thành .docx") from None
        result = Path(out) / "in.docx"
        if not result.exists():
            raise _refuse(file, "LibreOffice could not convert this .doc file", "LibreOffice không chuyển được tệp .doc này",
                          "open it in Word and save it as .docx", "hãy mở bằng Word và lưu thành .docx")
        data = result.read_bytes()
    check_zip(file, data)
    return data
