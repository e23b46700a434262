"""A declared unit that no task and no responsibility uses, or one unit given two duty sections.

Why:
    The units list is the plan's cast: every body named as lead (Chủ trì), partner (Phối hợp) or in
    section III (Tổ chức thực hiện; Circular 26/2014/TT-BKHCN Điều 7.2 asks the plan to assign
    the work). A unit declared but used nowhere is a leftover of last year's file or a name typed
    in two spellings; a unit with two duty sections means section III was pasted twice. Both are
    defects a careful secretary corrects before signing.

    What this rule deliberately does not check: whether a responsibility's free-text heading names
    a body that is not declared (headings are free prose; a unit id that is not declared is
    already an error, E200), and whether every lead has its own duty section or every
    responsibility its own task — real plans assign duties to collective bodies ("Các phòng
    khối QLNN") while tasks name them differently ("Các đơn vị thuộc Sở"), which is normal.

Fails:
    ```yaml
    units:
      - id: KHTC
        name: Phòng Kế hoạch - Tài chính
    ```

    ```yaml
    responsibilities:
      - unit: VP
        duties: [Theo dõi việc thực hiện Kế hoạch.]
      - unit: VP
        duties: [Tổng hợp báo cáo.]
    ```

Passes:
    ```yaml
    units:
      - id: KHTC
        name: Phòng Kế hoạch - Tài chính
    responsibilities:
      - unit: KHTC
        duties: [Bố trí kinh phí thực hiện Kế hoạch.]
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules import _inputs
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "D007"
NAME = "unit-without-role"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.units
MESSAGE_LINES = True  # its messages name lines

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Đơn vị đã khai báo nhưng không nhiệm vụ hay phần trách nhiệm nào dùng đến, hoặc một đơn vị có hai mục nhiệm vụ.

Vì sao:
    Danh sách đơn vị là danh sách những bên tham gia kế hoạch: mọi cơ quan, đơn vị được ghi là chủ
    trì (Chủ trì), phối hợp (Phối hợp) hoặc có tên trong mục III (Tổ chức thực hiện; Thông tư
    26/2014/TT-BKHCN Điều 7.2 yêu cầu kế hoạch phân công công việc). Đơn vị đã khai báo mà không
    dùng ở đâu là phần còn sót lại từ tệp năm trước hoặc một tên gõ theo hai cách; đơn vị có hai mục
    nhiệm vụ cho thấy mục III bị dán hai lần. Cả hai đều là lỗi mà thư ký cẩn thận sẽ sửa trước khi
    trình ký.

    Những gì quy tắc này cố ý không kiểm tra: tiêu đề tự do của một phần trách nhiệm có nêu cơ quan
    chưa khai báo hay không (tiêu đề là lời văn tự do; id đơn vị chưa khai báo đã là lỗi E200), và
    mỗi đơn vị chủ trì có mục nhiệm vụ riêng, mỗi phần trách nhiệm có nhiệm vụ riêng hay không — kế
    hoạch thực tế giao nhiệm vụ cho tập thể ("Các phòng khối QLNN") trong khi bảng nhiệm vụ lại gọi
    khác ("Các đơn vị thuộc Sở"), điều đó là bình thường.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    plan = ctx.plan
    used: set[str] = set()
    for _, task in plan.tasks():
        used.update(task.lead)
        used.update(task.partners)
    first_duty: dict[str, int] = {}
    for i, resp in enumerate(plan.responsibilities):
        used.add(resp.unit)
        if resp.unit in first_duty:
            line = ctx.loaded.locate(("responsibilities", first_duty[resp.unit], "unit")).line
            yield Violation(("responsibilities", i, "unit"), tr(
                "unit '{u}' has a second duty section (first at line {l})",
                "đơn vị '{u}' có hai mục nhiệm vụ (mục đầu ở dòng {l})", u=resp.unit, l=line),
                hint=tr("merge the duties into one section", "gộp các nhiệm vụ vào một mục"))
        else:
            first_duty[resp.unit] = i
    for i, unit in enumerate(plan.units):
        if unit.id not in used:
            yield Violation(("units", i, "id"), tr(
                "unit '{u}' ({n}) is declared but no task or responsibility names it",
                "đơn vị '{u}' ({n}) được khai báo nhưng không nhiệm vụ hay mục trách nhiệm nào nhắc đến",
                u=unit.id, n=unit.name),
                hint=tr("remove it, or use it as lead/partner or in responsibilities",
                        "hãy xóa, hoặc dùng làm đơn vị chủ trì/phối hợp hoặc trong mục trách nhiệm"))
