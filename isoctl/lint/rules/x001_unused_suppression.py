"""An ``# isoctl: ignore[…]`` comment that suppresses nothing.

Why:
    Suppressions outlive the problems they hid: once the text is corrected (or the rule changes),
    a stale ``ignore`` would silently hide the *next* real problem on that line. Reporting unused
    suppressions keeps them honest, as ruff's RUF100 does. Also reported: a suppression naming an
    unknown rule, and one naming a schema error (E…), which cannot be suppressed. A suppression of
    a rule that the configuration turns off is not reported.

    This rule is applied by the engine after every other rule and the configuration (it needs
    their findings); its ``check`` yields nothing on its own.

Fails:
    ```yaml
    signer:  # isoctl: ignore[D004]
      title: GIÁM ĐỐC
      name: Nguyễn Văn An
    ```

Passes:
    ```yaml
    # isoctl: ignore[D004]
    signer: __delete__
    ```
"""

from __future__ import annotations

from collections.abc import Iterator

from isoctl.lint.rules import _inputs
from isoctl.lint.rules.base import RuleContext, Violation

CODE = "X001"
NAME = "unused-suppression"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.nothing  # reads no task

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Chú thích ``# isoctl: ignore[…]`` không bỏ qua phát hiện nào.

Vì sao:
    Chú thích bỏ qua tồn tại lâu hơn lỗi mà nó che: khi văn bản đã được sửa (hoặc quy tắc thay đổi),
    một ``ignore`` cũ sẽ lặng lẽ che mất lỗi thật *tiếp theo* trên dòng đó. Báo các chú thích bỏ qua
    không còn tác dụng giúp chúng luôn đúng, như quy tắc RUF100 của ruff. Cũng bị báo: chú thích nêu
    một quy tắc không có, và chú thích nêu một lỗi lược đồ (E…), loại lỗi không thể bỏ qua. Chú
    thích bỏ qua một quy tắc đã được tắt trong cấu hình thì không bị báo.

    Quy tắc này do bộ máy kiểm tra áp dụng sau mọi quy tắc khác và sau cấu hình (nó cần các phát
    hiện của chúng); tự hàm ``check`` của nó không trả về gì.
"""


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Nothing per file: :func:`isoctl.lint.suppress.apply` reports X001 once the findings are known."""
    return iter(())
