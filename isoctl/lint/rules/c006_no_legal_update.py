"""Nothing in the plan keeps the system up to date with changed legal documents.

Why:
    When a legal document the system relies on changes, the agency updates the system within
    three months of the change taking effect (QĐ 19/2014/QĐ-TTg Điều 4.4.a; TT 26/2014/TT-BKHCN
    Điều 33 checks it). Someone must be charged with it: a task whose activity is legal-update
    ("khi có văn bản quy phạm pháp luật mới", "khi có quyết định công bố TTHC", "văn bản thay
    thế, sửa đổi"), or a duty in ``responsibilities`` that says so ("cập nhật các thay đổi của
    văn bản quy phạm pháp luật … vào Hệ thống") — it is a standing duty as often as a task.

    Applies to the agency's own plan (``kind: maintenance``, the default), not to an inspection
    plan or a multi-year programme.

Fails:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: cap-nhat-van-ban
            __delete__: true
    ```

Passes:
    ```yaml
    phases:
      - id: noi-dung
        tasks:
          - id: cap-nhat-van-ban
            __delete__: true
    responsibilities:
      - unit: PHONG
        duties:
          - Cập nhật các thay đổi của văn bản quy phạm pháp luật liên quan vào Hệ thống quản lý chất lượng.
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules._coverage import coverage_path, duties_doing, own_system, tasks_doing
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "C006"
NAME = "no-legal-update"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.schedule

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Kế hoạch không có việc cập nhật hệ thống khi văn bản pháp luật thay đổi.

Vì sao:
    Khi văn bản pháp luật mà hệ thống dựa vào thay đổi, cơ quan cập nhật hệ thống trong vòng ba
    tháng kể từ ngày văn bản thay đổi có hiệu lực (QĐ 19/2014/QĐ-TTg Điều 4.4.a; TT 26/2014/TT-BKHCN
    Điều 33 kiểm tra việc này). Phải có người được giao việc đó: một nhiệm vụ có hoạt động
    ``legal-update`` ("khi có văn bản quy phạm pháp luật mới", "khi có quyết định công bố TTHC",
    "văn bản thay thế, sửa đổi"), hoặc một nhiệm vụ trong phần trách nhiệm (``responsibilities``)
    nêu việc đó ("cập nhật các thay đổi của văn bản quy phạm pháp luật … vào Hệ thống") — việc này
    thường được giao như nhiệm vụ thường xuyên của đơn vị không kém gì một nhiệm vụ trong bảng.

    Chỉ áp dụng cho kế hoạch của chính cơ quan (``kind: maintenance``, mặc định), không áp dụng cho
    kế hoạch kiểm tra hay chương trình nhiều năm.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    if not own_system(ctx):  # an inspection plan or a programme: not the agency's own cycle
        return
    if tasks_doing(ctx, "legal-update") or duties_doing(ctx, "legal-update"):
        return
    yield Violation(coverage_path(ctx), tr(
        "nothing in the plan updates the system when legal documents change",
        "kế hoạch không có nội dung cập nhật hệ thống khi văn bản pháp luật thay đổi"),
        hint=tr("add a task 'Cập nhật quy trình khi có văn bản quy phạm pháp luật mới' (activity: legal-update)",
                "thêm nhiệm vụ 'Cập nhật quy trình khi có văn bản quy phạm pháp luật mới' (activity: legal-update)"),
        key=True)
