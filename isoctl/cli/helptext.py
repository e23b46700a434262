"""Help in Vietnamese: ``isoctl --lang vi … --help`` (or ``LANG=vi_VN.UTF-8``) prints every
command's and option's help, the headings and click's own words in Vietnamese.

The English help is written where the command is declared (typer reads it there); its
Vietnamese is :data:`VI`, keyed by the English text. :func:`translate` walks the click command
tree before it runs and swaps the texts; a test fails when a help text has no Vietnamese, so a
new option cannot arrive half-translated. Placeholders (``[OPTIONS]``, ``PLAN``, ``FILE``) and
option names stay as they are typed.
"""

from __future__ import annotations

import inspect
from typing import Any

from isoctl.lazyre import lazy

VI = {
'Yearly ISO 9001 quality-management plans (TCVN ISO 9001:2015) of Vietnamese public agencies, as validated YAML in git.':
    'Kế hoạch duy trì, cải tiến hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 hằng năm của cơ quan hành chính nhà nước, dưới dạng tệp YAML được kiểm tra, lưu trong git.',
'Print the version and exit.': 'In phiên bản rồi thoát.',
'Show this message and exit.': 'Hiện trợ giúp này rồi thoát.',
'Message language (default: from LANG).': 'Ngôn ngữ thông báo (mặc định: theo LANG).',
'Configuration file (default: isoctl.toml or pyproject.toml [tool.isoctl], searched upwards).':
    'Tệp cấu hình (mặc định: isoctl.toml hoặc pyproject.toml [tool.isoctl], tìm từ thư mục hiện tại lên trên).',
'Colour: auto (on a terminal, unless NO_COLOR; FORCE_COLOR forces it), always or never.':
    'Màu: auto (khi in ra terminal, trừ khi có NO_COLOR; FORCE_COLOR buộc có màu), always (luôn) hoặc never (không bao giờ).',
'Install completion for the current shell.': 'Cài tự động hoàn thành lệnh cho shell đang dùng.',
'Show completion for the current shell, to copy it or customize the installation.':
    'In đoạn mã tự động hoàn thành lệnh cho shell đang dùng, để sao chép hoặc tự cài theo ý mình.',
"Compare two plans in the plan's own terms: document, citations, units, phases, tasks, schedules.\n\nWith one plan, compare it with the plan it records it was started from (`isoctl new --from`).":
    'So sánh hai kế hoạch theo nội dung của kế hoạch: văn bản, căn cứ, đơn vị, giai đoạn, nhiệm vụ, thời gian.\n\nVới một kế hoạch: so sánh với kế hoạch gốc mà nó ghi là được lập từ đó (`isoctl new --from`).',
'Old plan: a file or a git object REV:path (HEAD~1:plans/plan-2024.yaml).':
    'Kế hoạch cũ: một tệp hoặc một đối tượng git REV:đường-dẫn (HEAD~1:plans/plan-2024.yaml).',
'New plan: a file or REV:path.': 'Kế hoạch mới: một tệp hoặc REV:đường-dẫn.',
'Compare the one PATH given at this revision with the working tree.':
    'So sánh PATH duy nhất được ghi, ở phiên bản (revision) này, với bản đang làm việc.',
'text, json or markdown (for a pull-request comment).': 'text, json hoặc markdown (cho bình luận pull request).',
'Exit 1 when the plans differ (as git diff --exit-code).': 'Thoát với mã 1 khi hai kế hoạch khác nhau (như git diff --exit-code).',
'Title similarity (0–1) needed to pair tasks whose ids differ. Default 0.6 or [tool.isoctl.diff] threshold.':
    'Độ giống nhau của tên (0–1) cần có để ghép hai nhiệm vụ khác mã. Mặc định 0.6 hoặc threshold trong [tool.isoctl.diff].',
'External diff for git (GIT_EXTERNAL_DIFF / diff.isoctl.command): the semantic diff of one file.\n\nExits 0 when the files differ, as git requires. Falls back to a line diff when a side is not a\nvalid plan.':
    'Trình so sánh ngoài cho git (GIT_EXTERNAL_DIFF / diff.isoctl.command): so sánh theo nội dung một tệp.\n\nThoát với mã 0 khi hai tệp khác nhau, như git yêu cầu. Khi một bên không phải kế hoạch hợp lệ thì so sánh theo dòng.',
'path old-file old-hex old-mode new-file new-hex new-mode [new-path info]':
    'Các tham số git truyền vào: path old-file old-hex old-mode new-file new-hex new-mode [new-path info]',
'Mark a task done (status: done, done_on: the day); comments and layout of the file kept.\n\nThe edited plan is linted first: a change that introduces an error is refused (exit 1, the\nfile untouched) unless --force.':
    'Đánh dấu một nhiệm vụ đã hoàn thành (status: done, done_on: ngày hoàn thành); giữ nguyên chú thích và bố cục của tệp.\n\nKế hoạch sau khi sửa được kiểm tra trước: thay đổi gây ra lỗi bị từ chối (mã thoát 1, tệp không bị đổi), trừ khi có --force.',
"The task's id.": 'Mã của nhiệm vụ.',
'Plan file (default: the newest in ./plans).': 'Tệp kế hoạch (mặc định: kế hoạch mới nhất trong ./plans).',
"The day it was done (YYYY-MM-DD; default today); refused outside the plan's year or after today unless --force.":
    'Ngày hoàn thành (YYYY-MM-DD; mặc định hôm nay); bị từ chối nếu ngoài năm kế hoạch hoặc sau hôm nay, trừ khi có --force.',
"Write the change even if it introduces lint errors or records a date outside the plan's year or after today.":
    'Vẫn ghi thay đổi dù nó gây lỗi kiểm tra hoặc ghi một ngày ngoài năm kế hoạch hay sau hôm nay.',
"Print a code's documentation: what it checks, why, examples, the fix, options and their defaults.":
    'In tài liệu của một mã: kiểm tra gì, vì sao, ví dụ, cách sửa, các tùy chọn và giá trị mặc định.',
'A rule code (D004, E101) or name (no-signer, unknown-field).': 'Mã quy tắc (D004, E101) hoặc tên (no-signer, unknown-field).',
'Set this repository up so git diff / log -p / blame read plans well (idempotent).':
    'Thiết lập kho git này để git diff / log -p / blame hiển thị kế hoạch dễ đọc (chạy lại nhiều lần không sao).',
'Say what would be done, change nothing.': 'Nói sẽ làm gì, không thay đổi gì.',
'Files to mark in .gitattributes (default: <plans>/**/*.yaml and <plans>/**/*.yml, the files validate searches).':
    'Các tệp cần đánh dấu trong .gitattributes (mặc định: <plans>/**/*.yaml và <plans>/**/*.yml, các tệp mà validate tìm).',
'How git should run isoctl (default: this Python, by its absolute path, with -m isoctl, so git finds it from any terminal, GUI or IDE).':
    'Cách git chạy isoctl (mặc định: chính Python này, theo đường dẫn tuyệt đối, với -m isoctl, để git tìm thấy từ mọi terminal, giao diện đồ họa hay IDE).',
"Also install the external diff driver: `git diff` prints isoctl's semantic diff (then make patches with --no-ext-diff).":
    'Cài thêm trình so sánh ngoài: `git diff` in bản so sánh theo nội dung của isoctl (khi đó tạo bản vá với --no-ext-diff).',
'Remove what git-setup wrote.': 'Gỡ những gì git-setup đã ghi.',
'Plan files from the Word documents agencies already have.': 'Tạo tệp kế hoạch từ văn bản Word mà cơ quan đã có.',
'Read a plan document (Word) into a plan file; print what was read, guessed and not placed.':
    'Đọc văn bản kế hoạch (Word) thành tệp kế hoạch; in ra những gì đã đọc, đã đoán và chưa xếp được.',
'The plan document (.docx; .doc with LibreOffice installed).': 'Văn bản kế hoạch (.docx; .doc nếu đã cài LibreOffice).',
"Plan file to write (default: plans/plan-YYYY.yaml; '-' for stdout).": "Tệp kế hoạch cần ghi (mặc định: plans/plan-YYYY.yaml; '-' để in ra stdout).",
'Overwrite an existing file.': 'Ghi đè tệp đã có.',
"Start next year's plan from last year's: dates moved on, number/date cleared, statuses reset, comments kept.":
    'Lập kế hoạch năm sau từ kế hoạch năm trước: dời thời gian sang năm mới, xóa số/ngày văn bản, đặt lại trạng thái, giữ chú thích.',
"Last year's plan.": 'Kế hoạch năm trước.',
"The new plan's year.": 'Năm của kế hoạch mới.',
"Where to write: a file, or a folder for the source name with the year replaced (the default, beside the source); '-' for stdout. The schema pointer (yaml-language-server line) is rewritten for the new place.":
    "Nơi ghi: một tệp, hoặc một thư mục (tên tệp nguồn với năm được thay; mặc định: cạnh tệp nguồn); '-' để in ra stdout. Dòng trỏ tới lược đồ (yaml-language-server) được viết lại cho vị trí mới.",
'Official documents (DOCX) from a plan, laid out as Decree 30/2020/NĐ-CP requires.':
    'Tạo văn bản hành chính (DOCX) từ kế hoạch, trình bày theo Nghị định 30/2020/NĐ-CP.',
"Render an official Word document from a plan (Decree 30 layout); the plan's lint errors are printed\non stderr as it renders.":
    'Tạo văn bản Word từ kế hoạch (thể thức theo Nghị định 30); lỗi kiểm tra của kế hoạch được in ra stderr trong khi tạo.',
'Plan file (default: the newest plan in ./plans by year).': 'Tệp kế hoạch (mặc định: kế hoạch có năm mới nhất trong ./plans).',
'Document kind: ke-hoach (default), qd-ban-hanh, qd-kien-toan-bcd, qd-cong-bo, bao-cao, or a template of yours.':
    'Loại văn bản: ke-hoach (mặc định), qd-ban-hanh, qd-kien-toan-bcd, qd-cong-bo, bao-cao, hoặc một mẫu của bạn.',
'Render every kind the plan has the data for.': 'Tạo mọi loại văn bản mà kế hoạch có đủ dữ liệu.',
'Output file (with --all: a folder). Default: build/<plan>-<kind>.docx.': 'Tệp kết quả (với --all: một thư mục). Mặc định: build/<plan>-<kind>.docx.',
'Folder of your own *.j2 templates; they override the built-in ones by name.': 'Thư mục chứa các mẫu *.j2 của bạn; chúng thay mẫu có sẵn cùng tên.',
'Report date for bao-cao (YYYY-MM-DD; default today).': 'Ngày báo cáo cho bao-cao (YYYY-MM-DD; mặc định hôm nay).',
'Overwrite existing files.': 'Ghi đè các tệp đã có.',
'Refuse to render a plan with lint errors (exit 1).': 'Không tạo văn bản cho kế hoạch có lỗi kiểm tra (mã thoát 1).',
'For every plan changed in a range: the semantic diff and the lint findings the change introduced.':
    'Với mỗi kế hoạch thay đổi trong một khoảng commit: bản so sánh theo nội dung và các vấn đề mà thay đổi đó gây ra.',
'Commit range, e.g. origin/main..HEAD (BASE...HEAD: from the merge base); one revision REV means REV~1..REV, the change it made, as git show shows it.':
    'Khoảng commit, ví dụ origin/main..HEAD (BASE...HEAD: tính từ gốc chung); một phiên bản REV nghĩa là REV~1..REV, tức thay đổi mà commit đó tạo ra, như git show hiển thị.',
'text, markdown (for a pull-request comment or a job summary), json, github (workflow-command annotations) or sarif (code scanning).':
    'text, markdown (cho bình luận pull request hoặc tóm tắt job), json, github (chú thích dạng workflow command) hoặc sarif (code scanning).',
'Introduced warnings fail too (exit 1).': 'Cảnh báo mới phát sinh cũng tính là lỗi (mã thoát 1).',
'Title similarity for pairing tasks (0–1).': 'Độ giống nhau của tên để ghép nhiệm vụ (0–1).',
"List every code: the loader's and schema check's (E001…), then the lint rules: code, name, default severity, fixable, summary.":
    'Liệt kê mọi mã: của bộ đọc và kiểm tra lược đồ (E001…), rồi các quy tắc kiểm tra: mã, tên, mức mặc định, sửa tự động được không, mô tả.',
'text (a table) or json.': 'text (bảng) hoặc json.',
'Print the JSON Schema of plan files (generated from the models).': 'In lược đồ JSON Schema của tệp kế hoạch (sinh từ mô hình dữ liệu).',
'Write to this file instead of stdout.': 'Ghi vào tệp này thay vì stdout.',
'Set fields of a task (status, done_on, when, note, result, evidence, reason).\n\nThe edited plan is validated and linted first: a change that introduces an error (as\n`validate` reports it) is refused (exit 1, the file untouched) unless --force.':
    'Đặt các trường của một nhiệm vụ (status, done_on, when, note, result, evidence, reason).\n\nKế hoạch sau khi sửa được kiểm tra trước: thay đổi gây ra lỗi (như `validate` báo) bị từ chối (mã thoát 1, tệp không bị đổi), trừ khi có --force.',
'status=planned|in-progress|done|cancelled, done_on=DATE, when=SCHEDULE, note=TEXT, result=TEXT, evidence=TEXT, reason=TEXT; and optionally the plan file.':
    'status=planned|in-progress|done|cancelled, done_on=NGÀY, when=THỜI_GIAN, note=GHI_CHÚ, result=KẾT_QUẢ, evidence=MINH_CHỨNG, reason=LÝ_DO; có thể kèm tệp kế hoạch.',
'Progress per phase, late tasks, what is due this month and next, recurring duties.':
    'Tiến độ theo giai đoạn, nhiệm vụ trễ hạn, việc đến hạn tháng này và tháng sau, nhiệm vụ định kỳ.',
'The date to report at (YYYY-MM-DD; default today).': 'Ngày tính tiến độ (YYYY-MM-DD; mặc định hôm nay).',
'text, json or markdown.': 'text, json hoặc markdown.',
"Wrap the text at this many columns (default: the terminal's; not wrapped when piped).":
    'Xuống dòng ở cột này (mặc định: theo chiều rộng terminal; không xuống dòng khi chuyển qua ống dẫn).',
'Exit 1 when any task is late (a CI reminder).': 'Thoát với mã 1 khi có nhiệm vụ trễ hạn (nhắc việc trong CI).',
'The Jinja templates the documents are made from.': 'Các mẫu Jinja dùng để tạo văn bản.',
'Render every template against every plan; report each pair. Exit 1 if a template fails.':
    'Thử từng mẫu với từng kế hoạch; báo kết quả từng cặp. Mã thoát 1 nếu có mẫu lỗi.',
'Folder of plans (default: ./plans).': 'Thư mục kế hoạch (mặc định: ./plans).',
'Folder of your own *.j2 templates.': 'Thư mục chứa các mẫu *.j2 của bạn.',
'List the document templates: built-in and yours, with where each comes from.': 'Liệt kê các mẫu văn bản: có sẵn và của bạn, kèm nơi lấy từng mẫu.',
"Print a stable line-per-item view of a plan, for git's textconv (git diff, log -p, blame).":
    'In kế hoạch dạng mỗi mục một dòng, ổn định, cho textconv của git (git diff, log -p, blame).',
'A plan file (git passes a temporary copy).': 'Một tệp kế hoạch (git truyền vào bản sao tạm).',
'A Gantt chart of the plan: months, marks per schedule kind, colours by status, a today line.':
    'Biểu đồ Gantt của kế hoạch: theo tháng, ký hiệu theo loại thời gian, màu theo trạng thái, vạch ngày hôm nay.',
'Plan file (default: the newest in ./plans, or `plan` in the configuration).': 'Tệp kế hoạch (mặc định: kế hoạch mới nhất trong ./plans, hoặc `plan` trong cấu hình).',
'The date of the today line and of lateness (YYYY-MM-DD; default today).': 'Ngày của vạch hôm nay và để tính trễ hạn (YYYY-MM-DD; mặc định hôm nay).',
'Only this phase (its id).': 'Chỉ giai đoạn này (mã giai đoạn).',
'Only tasks this unit leads or partners (id or name).': 'Chỉ nhiệm vụ mà đơn vị này chủ trì hoặc phối hợp (mã hoặc tên).',
'Only tasks of this activity (e.g. internal-audit; given or inferred).': 'Chỉ nhiệm vụ thuộc hoạt động này (ví dụ internal-audit; được ghi hoặc suy ra).',
'Only late tasks.': 'Chỉ nhiệm vụ trễ hạn.',
"Width in columns (default: the terminal's, else 120).": 'Chiều rộng tính bằng cột (mặc định: của terminal, nếu không thì 120).',
"Write the chart as an SVG image to this file ('-': stdout).": "Ghi biểu đồ thành ảnh SVG vào tệp này ('-': stdout).",
"Write the chart as an HTML page to this file ('-': stdout).": "Ghi biểu đồ thành trang HTML vào tệp này ('-': stdout).",
'Let --svg/--html overwrite existing files.': 'Cho --svg/--html ghi đè tệp đã có.',
'Check plans against the format and the domain rules; report every problem with file:line:col.':
    'Kiểm tra kế hoạch theo định dạng và các quy tắc nghiệp vụ; báo mọi vấn đề kèm tệp:dòng:cột.',
'Plan files or folders (default: ./plans).': 'Các tệp hoặc thư mục kế hoạch (mặc định: ./plans).',
'full (source and caret, the default), concise, json, github (GitHub Actions annotations), sarif.':
    'full (dòng nguồn và dấu ^, mặc định), concise, json, github (chú thích của GitHub Actions), sarif.',
'Print the findings only: no summary, no notes.': 'Chỉ in các vấn đề: không tóm tắt, không ghi chú.',
'Warnings fail too (exit 1).': 'Cảnh báo cũng tính là lỗi (mã thoát 1).',
'Comma-separated codes or prefixes to check (e.g. C,L001).': 'Các mã hoặc tiền tố cần kiểm tra, cách nhau bằng dấu phẩy (ví dụ C,L001).',
'Comma-separated codes or prefixes to skip.': 'Các mã hoặc tiền tố bỏ qua, cách nhau bằng dấu phẩy.',
'Parallel processes (default: all cores).': 'Số tiến trình chạy song song (mặc định: tất cả các lõi).',
'Apply the safe fixes in place (comments and layout kept), then report what remains.':
    'Sửa tự động các lỗi sửa an toàn được ngay trong tệp (giữ chú thích và bố cục), rồi báo những gì còn lại.',
'Show the fixes as a unified diff; write nothing (exit 1 if there would be changes).':
    'Cho xem các chỗ sửa dạng unified diff; không ghi gì (mã thoát 1 nếu có thay đổi).',
'Do not report the findings recorded in this file (see --write-baseline).': 'Không báo các vấn đề đã ghi trong tệp này (xem --write-baseline).',
"Record today's findings in this JSON file (with --force to replace it).": 'Ghi các vấn đề hiện có vào tệp JSON này (dùng --force để thay tệp cũ).',
'Let --write-baseline and --output-file overwrite an existing file.': 'Cho --write-baseline và --output-file ghi đè tệp đã có.',
'Write the report (in --format) to this file instead of stdout; the summary goes to stderr.':
    'Ghi báo cáo (theo --format) vào tệp này thay vì stdout; phần tóm tắt in ra stderr.',
'Exit 0 even when there are findings (usage errors still exit 2).': 'Thoát với mã 0 dù có vấn đề (lỗi cách dùng vẫn thoát với mã 2).',
'Print how many findings each code has instead of the findings (JSON with --format json).':
    'In số vấn đề theo từng mã thay cho danh sách vấn đề (JSON với --format json).',
'Print the settings this run would use and where each comes from (command line, configuration file, environment, default); check nothing.':
    'In các thiết lập lần chạy này sẽ dùng và nguồn của từng thiết lập (dòng lệnh, tệp cấu hình, biến môi trường, mặc định); không kiểm tra gì.',
"The name of the plan read from standard input (-): findings name it, and per-file-ignores and severities apply to it as to that file. Alone, it means '-'.":
    "Tên của kế hoạch đọc từ đầu vào chuẩn (-): các vấn đề ghi tên này, và per-file-ignores, severity áp dụng như cho tệp đó. Ghi riêng thì hiểu là có '-'.",
'Skip a file named on the command line that a folder search would skip: not a plan, in a hidden, node_modules or build folder, or matched by exclude in the configuration (for pre-commit, which names every staged file).':
    'Bỏ qua tệp được ghi tên trên dòng lệnh mà khi tìm trong thư mục cũng bị bỏ qua: không phải kế hoạch, nằm trong thư mục ẩn, node_modules hoặc build, hoặc khớp exclude trong cấu hình (dùng cho pre-commit, vốn ghi tên mọi tệp đã stage).',
"List each task's activities (given, or inferred from its title).": 'Liệt kê hoạt động của từng nhiệm vụ (được ghi, hoặc suy ra từ tên nhiệm vụ).',
}

_HEADINGS = {"Options": "Tùy chọn", "Arguments": "Tham số", "Commands": "Lệnh"}
_EXTRAS = ((lazy(r"\benv var: "), "biến môi trường: "), (lazy(r"\bdefault: "), "mặc định: "),
           (lazy(r"\brequired\b"), "bắt buộc"))
_TAIL = lazy(r"\s*\[[^\[\]]*\]$")


def vietnamese(text: str | None) -> str | None:
    """The Vietnamese of an English help text, or None when it has none."""
    return VI.get(inspect.cleandoc(text)) if text else None


def _say(text: str | None) -> str | None:
    return vietnamese(text) or text


def translate(command: Any) -> None:
    """Swap every help text of ``command`` and its subcommands for its Vietnamese, and give them a
    formatter that writes click's words (Usage, Options, required…) in Vietnamese."""
    command.help = _say(command.help)
    if getattr(command, "short_help", None):
        command.short_help = _say(command.short_help)
    for param in command.params:
        if getattr(param, "help", None):
            param.help = _say(param.help)
    command.context_class = _context_class(command.context_class)
    for sub in getattr(command, "commands", {}).values():
        translate(sub)


def _context_class(base: type) -> type:
    if getattr(base, "vietnamese", False):
        return base
    formatter = _formatter_class(base.formatter_class)
    return type("VietnameseContext", (base,), {"formatter_class": formatter, "vietnamese": True})


def _formatter_class(base: type) -> type:
    class VietnameseFormatter(base):  # type: ignore[misc, valid-type]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, "Cách dùng: " if prefix is None else prefix)

        def section(self, name: str):  # noqa: ANN201 - click's context manager
            return super().section(_HEADINGS.get(name, name))

        def write_heading(self, heading: str) -> None:
            super().write_heading(_HEADINGS.get(heading, heading))

        def write_dl(self, rows, *args, **kwargs) -> None:  # noqa: ANN001
            # the help option is made as the page is written, so its text is said here
            super().write_dl([(first, _extras(VI.get(second, second))) for first, second in rows], *args, **kwargs)

    return VietnameseFormatter


def _extras(text: str) -> str:
    """click's bracket at the end of an option's help: ``[env var: X; required]`` in Vietnamese."""
    m = _TAIL.search(text)
    if not m:
        return text
    tail = m.group(0)
    for pattern, vi in _EXTRAS:
        tail = pattern.sub(vi, tail)
    return text[: m.start()] + tail
