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

from isoctl.lint.rules.base import RuleContext, Violation

CODE = "X001"
NAME = "unused-suppression"
SEVERITY = "warning"
OPTIONS: dict[str, object] = {}
FIXABLE = False


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Nothing per file: :func:`isoctl.lint.suppress.apply` reports X001 once the findings are known."""
    return iter(())
