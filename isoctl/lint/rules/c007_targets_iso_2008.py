"""The plan names TCVN ISO 9001:2008 as the standard it applies.

Why:
    Decision 19/2014/QĐ-TTg names TCVN ISO 9001:2008, but agencies apply TCVN ISO 9001:2015
    under its Điều 4 (the 2008 edition was withdrawn; TT 26/2014/TT-BKHCN and the Ministry's
    guidance moved every agency to 2015). A plan whose own title, purpose, requirements, scope,
    introduction or QMS standard names 9001:2008 as its target is a stale copy. Quoting the
    title of Decision 19 — in the basis, or in a sentence after a citation ("Quyết định số
    19/2014/QĐ-TTg … về việc áp dụng … TCVN ISO 9001:2008 …") — is not a target and is not
    reported, nor is a sentence that also names 9001:2015 (a transition from 2008).

Fails:
    ```yaml
    document:
      title: Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2008 năm 2024
    ```

Passes:
    ```yaml
    purpose:
      - Thực hiện Quyết định số 19/2014/QĐ-TTg về việc áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001:2008 vào hoạt động của các cơ quan.
    ```
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lint.rules._cites import at
from isoctl.lint.rules.base import RuleContext, Violation
from isoctl.plan.citations import find

CODE = "C007"
NAME = "targets-iso-2008"
SEVERITY = "error"
OPTIONS: dict[str, object] = {}
FIXABLE = False

_OLD = re.compile(r"(?:TCVN\s+)?(?:ISO\s+)?9001\s*:\s*2008", re.I)
_NEW = re.compile(r"9001\s*:\s*2015")
_FIELDS = ("document", "purpose", "requirements", "scope", "intro", "closing", "qms")
_CLAUSE_END = re.compile(r";|\.(\s|$)")


def _texts(data, path=()):
    if isinstance(data, dict):
        for k, v in data.items():
            if path == ("document",) and k != "title":
                continue
            if path[:1] == ("qms",) and k == "procedures":
                continue
            yield from _texts(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _texts(v, (*path, i))
    elif isinstance(data, str):
        yield path, unicodedata.normalize("NFC", data)


def check(ctx: RuleContext) -> Iterator[Violation]:
    data = ctx.loaded.data or {}
    for key in _FIELDS:
        if key not in data:
            continue
        for path, text in _texts(data[key], (key,)):
            cites = [c.end for c in find(text)]
            for m in _OLD.finditer(text):
                start = max([0, *(e.end() for e in _CLAUSE_END.finditer(text, 0, m.start()))])
                end_m = _CLAUSE_END.search(text, m.end())
                clause = text[start:end_m.start() if end_m else len(text)]
                if any(start <= e <= m.start() for e in cites) or _NEW.search(clause):
                    continue
                yield Violation(path, tr("the plan targets {w}, a withdrawn edition",
                                         "kế hoạch lấy {w} (phiên bản đã hết hiệu lực) làm tiêu chuẩn áp dụng",
                                         w=m.group(0)),
                                hint=tr("write TCVN ISO 9001:2015", "ghi TCVN ISO 9001:2015"),
                                about=(m.group(0),), **at(ctx, path, m.start()))
