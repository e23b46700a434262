"""The plan names TCVN ISO 9001:2008 as the standard it applies after it stopped being accepted.

Why:
    Decision 19/2014/QĐ-TTg names TCVN ISO 9001:2008, but agencies apply TCVN ISO 9001:2015
    under its Điều 4: the Ministry of Science and Technology's letter 419/BKHCN-TĐC of
    21/02/2018 let agencies already on 9001:2008 move to 9001:2015 until 30/6/2021. A plan dated
    after that (``docs/law/legal-timeline.toml``; an undated plan: after all of its year) whose
    own title, purpose, requirements, scope, introduction or QMS standard names 9001:2008 as its
    target is a stale copy; a 2010 plan on 9001:2008 is right for its time. Quoting the title of
    Decision 19 — in the basis, or in a sentence after a citation ("Quyết định số
    19/2014/QĐ-TTg … về việc áp dụng … TCVN ISO 9001:2008 …") — is not a target and is not
    reported, nor is a sentence that also names 9001:2015 (a transition from 2008).

Fails:
    ```yaml
    document:
      title: Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2008 năm 2024
    ```

Passes:
    ```yaml
    year: 2010
    document:
      date: 2010-01-15
      title: Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2008 năm 2010
    ```

    ```yaml
    purpose:
      - Thực hiện Quyết định số 19/2014/QĐ-TTg về việc áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001:2008 vào hoạt động của các cơ quan.
    ```
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.lint.rules import _inputs
from isoctl.lint.rules._cites import at
from isoctl.lint.rules.base import RuleContext, Violation
from isoctl.plan.citations import find
from isoctl.plan.law import law, window

CODE = "C007"
NAME = "targets-iso-2008"
SEVERITY = "error"
OPTIONS: dict[str, object] = {}
FIXABLE = False
SCOPE = "plan"
inputs = _inputs.nothing  # reads no task

# The Vietnamese of the docstring above (its examples are shared): `isoctl --lang vi explain`.
DOC_VI = """Kế hoạch lấy TCVN ISO 9001:2008 làm tiêu chuẩn áp dụng sau khi tiêu chuẩn này không còn được chấp nhận.

Vì sao:
    Quyết định 19/2014/QĐ-TTg nêu TCVN ISO 9001:2008, nhưng các cơ quan áp dụng TCVN ISO 9001:2015
    theo Điều 4 của Quyết định: Công văn 419/BKHCN-TĐC ngày 21/02/2018 của Bộ Khoa học và Công nghệ
    cho phép các cơ quan đang áp dụng 9001:2008 chuyển đổi sang 9001:2015 đến hết ngày 30/6/2021. Kế
    hoạch ghi ngày sau thời điểm đó (``docs/law/legal-timeline.toml``; kế hoạch không ghi ngày: khi
    cả năm của nó đều sau thời điểm đó) mà tiêu đề, mục đích, yêu cầu, phạm vi, phần mở đầu hoặc
    tiêu chuẩn HTQLCL của chính nó lấy 9001:2008 làm tiêu chuẩn áp dụng là bản sao chép cũ; kế hoạch
    năm 2010 theo 9001:2008 là đúng với thời điểm đó. Trích tên của Quyết định 19 — trong phần căn
    cứ, hoặc trong câu đứng sau một trích dẫn ("Quyết định số 19/2014/QĐ-TTg … về việc áp dụng …
    TCVN ISO 9001:2008 …") — không phải là tiêu chuẩn áp dụng nên không bị báo; câu đồng thời nêu
    9001:2015 (chuyển đổi từ bản 2008) cũng không bị báo.
"""

_FIELDS = ("document", "purpose", "requirements", "scope", "intro", "closing", "qms")
_CLAUSE_END = lazy(r";|\.(\s|$)")


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
    first = window(ctx.plan)[0]
    editions = {e.name: e for e in law().editions}
    stale = [(e, editions.get(e.successor or "")) for e in editions.values()
             if e.accepted_until is not None and e.accepted_until < first]
    if stale:
        yield from _check(ctx, stale)


def _check(ctx: RuleContext, stale: list) -> Iterator[Violation]:
    data = ctx.loaded.data or {}
    for key in _FIELDS:
        if key not in data:
            continue
        for path, text in _texts(data[key], (key,)):
            cites = [c.end for c in find(text)]
            for old, new in stale:
                for m in old.pattern.finditer(text):
                    start = max([0, *(e.end() for e in _CLAUSE_END.finditer(text, 0, m.start()))])
                    end_m = _CLAUSE_END.search(text, m.end())
                    clause = text[start:end_m.start() if end_m else len(text)]
                    if any(start <= e <= m.start() for e in cites) or (new and new.pattern.search(clause)):
                        continue
                    yield Violation(path, tr("the plan targets {w}, no longer accepted after {d:%d/%m/%Y}",
                                             "kế hoạch lấy {w} làm tiêu chuẩn áp dụng, không còn được chấp nhận "
                                             "sau ngày {d:%d/%m/%Y}", w=m.group(0), d=old.accepted_until),
                                    hint=tr("write {n}", "ghi {n}", n=old.successor),
                                    about=(m.group(0),), **at(ctx, path, m.start(), len(m.group(0))))
