"""The loader's and the schema check's codes (E0xx reading, E1xx fields, E2xx references), documented.

Each code has a name, a one-line summary, what it means, an example that fails, the fix and an
example that passes, in English and Vietnamese. ``isoctl rules`` and ``isoctl explain`` print them
beside the lint rules; SARIF's rule descriptions come from here. An example is a fragment merged
into the clean base plan of the rule examples (or appended to it when it cannot be merged: a
syntax error, a duplicate key); tests check that every ``fails`` example gives its code and every
``passes`` example does not.
"""

from __future__ import annotations

from isoctl.i18n import tr
from isoctl.records import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    summary: tuple[str, str]
    meaning: tuple[str, str]
    fix: tuple[str, str]
    fails: str | None = None
    passes: str | None = None
    raw: bool = False  # the examples are appended to the base plan as text, not merged into it

    def text(self, field: str) -> str:
        en, vi = getattr(self, field)
        return tr(en, vi)


_CODES = (
    Code("E001", "yaml-syntax",
         ("The file is not valid YAML.", "Tệp không phải YAML hợp lệ."),
         ("The YAML parser cannot read the file: an unclosed bracket or quote, a tab used for "
          "indentation, a line indented where no value can start. Nothing else is checked until "
          "the file reads.",
          "Bộ đọc YAML không đọc được tệp: ngoặc hoặc dấu nháy chưa đóng, dùng phím tab để thụt "
          "lề, một dòng thụt lề ở chỗ không thể bắt đầu giá trị. Chưa kiểm tra gì khác cho đến "
          "khi tệp đọc được."),
         ("Fix the text at the line and column given: close the bracket or quote, indent with "
          "spaces, quote a value that holds ': ' or starts with a special character.",
          "Sửa văn bản ở dòng và cột được chỉ ra: đóng ngoặc hoặc dấu nháy, thụt lề bằng dấu "
          "cách, đặt trong dấu nháy giá trị có ': ' hoặc bắt đầu bằng ký tự đặc biệt."),
         "budget: [Kinh phí từ ngân sách của Sở\n",
         "budget: Kinh phí từ ngân sách của Sở.\n", raw=True),
    Code("E002", "unreadable-file",
         ("The file cannot be read as a plan.", "Không đọc được tệp như một kế hoạch."),
         ("The path does not exist, cannot be opened, or is not UTF-8 text (UTF-16, another "
          "code page, a binary file with NUL bytes).",
          "Đường dẫn không tồn tại, không mở được, hoặc không phải văn bản UTF-8 (UTF-16, bảng "
          "mã khác, tệp nhị phân có byte NUL)."),
         ("Check the path; save the file as UTF-8 (in most editors: Save with encoding → UTF-8).",
          "Kiểm tra đường dẫn; lưu tệp dưới dạng UTF-8 (trong hầu hết trình soạn thảo: Lưu với "
          "bảng mã → UTF-8).")),
    Code("E003", "duplicate-key",
         ("A key appears twice in the same mapping.", "Một khóa xuất hiện hai lần trong cùng ánh xạ."),
         ("YAML would silently keep only the last value; isoctl refuses the file so that no "
          "value is lost unseen.",
          "YAML sẽ âm thầm chỉ giữ giá trị cuối; isoctl từ chối tệp để không mất giá trị nào "
          "mà không ai thấy."),
         ("Keep one of the two keys (the finding names the line of the first).",
          "Giữ lại một trong hai khóa (thông báo chỉ ra dòng của khóa đầu tiên)."),
         "year: 2025\n",
         "budget: Kinh phí từ ngân sách của Sở.\n", raw=True),
    Code("E004", "unsupported-yaml",
         ("YAML that plan files do not use.", "Cú pháp YAML mà tệp kế hoạch không dùng."),
         ("Plan files use plain YAML: no tags (!!python/…), no anchors and aliases (&a, *a), no "
          "keys other than plain words, and limits on nesting depth and size that keep a hostile "
          "file from exhausting memory.",
          "Tệp kế hoạch dùng YAML đơn giản: không thẻ (!!python/…), không anchor và alias "
          "(&a, *a), khóa chỉ là từ thường, và có giới hạn độ sâu lồng nhau và kích thước để tệp "
          "độc hại không làm cạn bộ nhớ."),
         ("Write the value out in full where it is reused; remove the tag; use a plain key.",
          "Viết đầy đủ giá trị ở nơi dùng lại; bỏ thẻ; dùng khóa là từ thường."),
         "budget: !!python/object/apply:os.system [echo]\n",
         "budget: Kinh phí từ ngân sách của Sở.\n", raw=True),
    Code("E005", "newer-format",
         ("The plan's format is newer than this isoctl.", "Định dạng kế hoạch mới hơn isoctl này."),
         ("The file says 'format: N' with N above the version this isoctl reads; its fields may "
          "mean things this version does not know.",
          "Tệp ghi 'format: N' với N lớn hơn phiên bản isoctl này đọc được; các trường có thể "
          "mang nghĩa mà phiên bản này không biết."),
         ("Upgrade isoctl (pip install -U isoctl).", "Nâng cấp isoctl (pip install -U isoctl)."),
         "format: 99\n",
         "format: 1\n"),
    Code("E100", "missing-field",
         ("A required field is missing.", "Thiếu một trường bắt buộc."),
         ("The format contract requires the field (docs/plan-format.md lists which); the plan "
          "cannot be laid out or checked without it.",
          "Quy ước định dạng bắt buộc có trường này (docs/plan-format.md liệt kê); không thể "
          "trình bày hay kiểm tra kế hoạch khi thiếu nó."),
         ("Add the field named in the message, where the message points.",
          "Thêm trường được nêu trong thông báo, ở chỗ thông báo chỉ ra."),
         "year: __delete__\n",
         "year: 2024\n"),
    Code("E101", "unknown-field",
         ("A field the format does not have.", "Trường không có trong định dạng."),
         ("A misspelt field would otherwise be ignored silently; the message suggests the "
          "nearest known field.",
          "Một trường viết sai chính tả sẽ bị bỏ qua mà không ai biết; thông báo gợi ý trường "
          "gần nhất có trong định dạng."),
         ("Correct the spelling, or remove the field.", "Sửa chính tả, hoặc bỏ trường đó."),
         "purpse:\n  - Duy trì HTQLCL.\n",
         "purpose:\n  - Duy trì HTQLCL.\n"),
    Code("E102", "wrong-type",
         ("A value of the wrong kind.", "Giá trị sai kiểu."),
         ("The field wants a number, a text, a list or a mapping and got another kind (a list "
          "where one text is wanted, a text where a number is).",
          "Trường cần một số, một chuỗi, một danh sách hoặc một ánh xạ nhưng nhận kiểu khác "
          "(danh sách ở chỗ cần một chuỗi, chuỗi ở chỗ cần số)."),
         ("Write the value in the kind the message names.", "Viết giá trị theo kiểu thông báo nêu."),
         "year: [2024]\n",
         "year: 2024\n"),
    Code("E103", "invalid-value",
         ("A value the field does not allow.", "Giá trị mà trường không cho phép."),
         ("The kind is right but the value is not: a status or activity not in the list, a date "
          "that does not exist (2024-02-30), a number out of range, control characters in text.",
          "Kiểu đúng nhưng giá trị không đúng: trạng thái hoặc hoạt động không có trong danh "
          "sách, ngày không có thật (2024-02-30), số ngoài khoảng, ký tự điều khiển trong văn bản."),
         ("Use one of the values the message lists, or a real date.",
          "Dùng một trong các giá trị thông báo liệt kê, hoặc một ngày có thật."),
         "status: finished\n",
         "status: issued\n"),
    Code("E104", "invalid-schedule",
         ("A 'when' that cannot be read as a time.", "'when' không đọc được thành thời gian."),
         ("A task's 'when' is read as a month, quarter, range or 'Thường xuyên'; a month 13 or "
          "words isoctl does not recognise leave the task off the timeline.",
          "'when' của nhiệm vụ được đọc thành tháng, quý, khoảng thời gian hoặc 'Thường xuyên'; "
          "tháng 13 hoặc cách viết isoctl không nhận ra làm nhiệm vụ không có trên biểu đồ."),
         ("Write it as 'Tháng 3/2024', 'Quý II/2024', 'Tháng 3 - 5/2024' or 'Thường xuyên'.",
          "Viết như 'Tháng 3/2024', 'Quý II/2024', 'Tháng 3 - 5/2024' hoặc 'Thường xuyên'."),
         "phases:\n  - id: noi-dung\n    tasks:\n      - id: lap-ke-hoach\n        when: Tháng 13/2024\n",
         "phases:\n  - id: noi-dung\n    tasks:\n      - id: lap-ke-hoach\n        when: Tháng 12/2024\n"),
    Code("E200", "unknown-unit",
         ("A task names a unit that 'units' does not declare.",
          "Nhiệm vụ nêu một đơn vị không khai báo trong 'units'."),
         ("'lead' and 'partners' refer to units by their id; an id not in 'units' is a typo or a "
          "unit that was never declared.",
          "'lead' và 'partners' tham chiếu đơn vị theo id; một id không có trong 'units' là lỗi "
          "gõ hoặc đơn vị chưa được khai báo."),
         ("Declare the unit under 'units', or correct the id.",
          "Khai báo đơn vị trong 'units', hoặc sửa id."),
         "phases:\n  - id: noi-dung\n    tasks:\n      - id: lap-ke-hoach\n        lead: [VPS]\n",
         "phases:\n  - id: noi-dung\n    tasks:\n      - id: lap-ke-hoach\n        lead: [VP]\n"),
    Code("E201", "duplicate-id",
         ("Two units, phases or tasks share an id.", "Hai đơn vị, giai đoạn hoặc nhiệm vụ trùng id."),
         ("Ids name things for 'after', 'lead', review and diff; two with one id make every "
          "reference to it ambiguous.",
          "Id dùng để tham chiếu trong 'after', 'lead', review và diff; hai thứ cùng id làm mọi "
          "tham chiếu tới nó mơ hồ."),
         ("Give one of them another id.", "Đặt id khác cho một trong hai."),
         "phases:\n  - id: to-chuc\n    title: Tổ chức thực hiện\n    tasks:\n      - id: lap-ke-hoach\n"
         "        title: Báo cáo kết quả\n        lead: [VP]\n        when: Tháng 12/2024\n",
         "phases:\n  - id: to-chuc\n    title: Tổ chức thực hiện\n    tasks:\n      - id: bao-cao-ket-qua\n"
         "        title: Báo cáo kết quả\n        lead: [VP]\n        when: Tháng 12/2024\n"),
    Code("E202", "unknown-task",
         ("'after' names a task that does not exist.", "'after' nêu một nhiệm vụ không tồn tại."),
         ("A dependency on a task id that is not in the plan cannot be drawn or checked.",
          "Không thể vẽ hay kiểm tra phụ thuộc vào một id nhiệm vụ không có trong kế hoạch."),
         ("Correct the id (the message suggests the nearest), or remove it from 'after'.",
          "Sửa id (thông báo gợi ý id gần nhất), hoặc bỏ nó khỏi 'after'."),
         "phases:\n  - id: noi-dung\n    tasks:\n      - id: muc-tieu-chat-luong\n        after: [lap-ke-hoch]\n",
         "phases:\n  - id: noi-dung\n    tasks:\n      - id: muc-tieu-chat-luong\n        after: [lap-ke-hoach]\n"),
    Code("E203", "dependency-cycle",
         ("Tasks wait for each other in a circle.", "Các nhiệm vụ chờ nhau thành vòng."),
         ("Through 'after', a task ends up waiting for itself; no order of work satisfies it.",
          "Qua 'after', một nhiệm vụ rốt cuộc phải chờ chính nó; không có thứ tự công việc nào "
          "thỏa mãn."),
         ("Remove one 'after' of the circle the message lists.",
          "Bỏ một 'after' trong vòng mà thông báo liệt kê."),
         "phases:\n  - id: noi-dung\n    tasks:\n      - id: lap-ke-hoach\n        after: [muc-tieu-chat-luong]\n"
         "      - id: muc-tieu-chat-luong\n        after: [lap-ke-hoach]\n",
         "phases:\n  - id: noi-dung\n    tasks:\n      - id: muc-tieu-chat-luong\n        after: [lap-ke-hoach]\n"),
    Code("E204", "kind-mismatch",
         ("A field that does not fit the plan's kind.", "Trường không phù hợp với loại kế hoạch."),
         ("A plan is the agency's own yearly plan (kind: maintenance, the default), an inspection plan "
          "(kind: inspection) that lists the agencies it inspects, or a multi-year programme (kind: "
          "programme) that gives its years as 'period' with 'year' one of them. A period on a one-year "
          "plan, a programme without one, or 'inspects' on a plan that inspects no one cannot be laid "
          "out or checked by the rules of its kind.",
          "Kế hoạch là kế hoạch năm của chính cơ quan (kind: maintenance, mặc định), kế hoạch kiểm tra "
          "(kind: inspection) liệt kê các cơ quan được kiểm tra, hoặc chương trình nhiều năm (kind: "
          "programme) ghi các năm trong 'period' và 'year' là một trong các năm đó. Giai đoạn trên kế "
          "hoạch một năm, chương trình không có giai đoạn, hay 'inspects' trên kế hoạch không kiểm tra "
          "ai thì không trình bày hay kiểm tra được theo quy tắc của loại đó."),
         ("Set 'kind' to what the plan is, or remove the field that belongs to another kind.",
          "Đặt 'kind' đúng loại kế hoạch, hoặc bỏ trường thuộc loại khác."),
         "kind: programme\n",
         "kind: programme\nperiod: 2021-2025\n"),
)

CODES: dict[str, Code] = {c.code: c for c in _CODES}


def by_name_or_code(key: str) -> Code | None:
    """A code from 'E101', 'e101' or 'unknown-field'."""
    found = CODES.get(key.upper())
    if found is not None:
        return found
    return next((c for c in _CODES if c.name == key.lower()), None)


def explain_text(code: Code) -> str:
    """The code's documentation, in the layout of a rule's ``isoctl explain``."""
    parts = [f"# {code.code} {code.name}", "", code.text("summary"), "",
             tr("Reported by the loader and the schema check; always an error, not configurable.",
                "Do bộ đọc và bước kiểm tra lược đồ báo; luôn là lỗi, không cấu hình được."), "",
             f"## {tr('What it means', 'Ý nghĩa')}", "", code.text("meaning"), ""]
    if code.fails:
        parts += [f"## {tr('Fails', 'Ví dụ sai')}", "", "```yaml", code.fails.rstrip("\n"), "```", ""]
    parts += [f"## {tr('Fix', 'Cách sửa')}", "", code.text("fix"), ""]
    if code.passes:
        parts += [f"## {tr('Passes', 'Ví dụ đúng')}", "", "```yaml", code.passes.rstrip("\n"), "```", ""]
    return "\n".join(parts).rstrip() + "\n"
