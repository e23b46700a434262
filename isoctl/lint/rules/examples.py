"""The examples in rule docstrings: a base plan clean for every rule, and fragments merged into it.

See :mod:`isoctl.lint.rules.base` for how a rule's ``Fails:`` / ``Passes:`` examples are written.
"""

from __future__ import annotations

import io
import re
import textwrap
from typing import Any

from isoctl.lazyre import lazy

DELETE = "__delete__"

BASE = """\
format: 1
year: 2024
status: issued
agency:
  name: Sở Khoa học và Công nghệ
  abbr: SKHCN
  parent: UBND tỉnh Ninh Bình
  place: Ninh Bình
document:
  type: KH
  number: 15
  date: 2024-01-15
  title: Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 năm 2024
basis:
  - intro: Căn cứ
    cite: 19/2014/QĐ-TTg
    kind: Quyết định
    date: 2014-03-05
    issuer: Thủ tướng Chính phủ
    about: việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước
  - cite: 26/2014/TT-BKHCN
    kind: Thông tư
    date: 2014-10-10
    issuer: Bộ Khoa học và Công nghệ
    about: quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg
purpose:
  - Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 trong hoạt động của Sở.
requirements:
  - Các phòng thực hiện đúng các quy trình đã ban hành.
units:
  - id: VP
    name: Văn phòng Sở
  - id: PHONG
    name: Các phòng chuyên môn
  - id: BCD
    name: Ban chỉ đạo ISO
  - id: GD
    name: Giám đốc Sở
phases:
  - id: noi-dung
    title: Nội dung
    tasks:
      - id: lap-ke-hoach
        label: a
        title: Xây dựng kế hoạch duy trì và cải tiến HTQLCL năm 2024
        lead: [VP]
        when: Tháng 1/2024
        activity: planning
      - id: muc-tieu-chat-luong
        label: b
        title: Xây dựng mục tiêu chất lượng năm 2024
        lead: [PHONG]
        when: Tháng 2/2024
        activity: quality-objectives
      - id: cap-nhat-van-ban
        label: c
        title: Cập nhật quy trình khi có văn bản quy phạm pháp luật mới
        lead: [PHONG]
        partners: [VP]
        when: Thường xuyên
        activity: legal-update
      - id: dao-tao-danh-gia-vien
        label: d
        title: Đào tạo chuyên gia đánh giá nội bộ
        lead: [VP]
        when: Tháng 4/2024
        activity: auditor-training
      - id: danh-gia-noi-bo
        label: đ
        title: Tổ chức đánh giá nội bộ
        lead: [BCD]
        partners: [PHONG]
        when: Tháng 6/2024
        activity: internal-audit
      - id: khac-phuc
        label: e
        title: Khắc phục các điểm không phù hợp sau đánh giá nội bộ
        lead: [PHONG]
        when: Tháng 7/2024
        activity: corrective-action
      - id: xem-xet-lanh-dao
        label: g
        title: Họp xem xét của lãnh đạo
        lead: [GD]
        partners: [BCD]
        when: Tháng 8/2024
        activity: management-review
      - id: cong-bo
        label: h
        title: Công bố Hệ thống quản lý chất lượng phù hợp TCVN ISO 9001:2015
        lead: [GD]
        partners: [VP]
        when: Tháng 9/2024
        activity: announcement
      - id: bao-cao
        label: i
        title: Báo cáo kết quả duy trì, cải tiến HTQLCL
        lead: [VP]
        when: Tháng 11/2024
        activity: report
responsibilities:
  - unit: VP
    duties:
      - Theo dõi, đôn đốc việc thực hiện Kế hoạch này.
  - unit: PHONG
    duties:
      - Thực hiện đúng các quy trình đã ban hành.
  - unit: BCD
    duties:
      - Chỉ đạo việc đánh giá nội bộ.
recipients:
  - Sở Khoa học và Công nghệ
  - Các phòng thuộc Sở
  - "Lưu: VT, VP"
signer:
  title: GIÁM ĐỐC
  name: Nguyễn Văn An
"""

_SECTION = lazy(r"^(Why|Fails|Passes|Options|Vì sao|Ví dụ sai|Ví dụ đúng|Tùy chọn):\s*$", re.M)
# A rule's ``DOC_VI`` (its docstring in Vietnamese) heads its sections in Vietnamese.
_HEADING = {"Vì sao": "Why", "Ví dụ sai": "Fails", "Ví dụ đúng": "Passes", "Tùy chọn": "Options"}
_BLOCK = lazy(r"```ya?ml\n(.*?)```", re.S)


def sections(doc: str | None) -> dict[str, str]:
    """A rule docstring cut into its sections (``summary`` plus Why/Fails/Passes/Options; a Vietnamese
    ``DOC_VI``'s Vì sao/Ví dụ sai/Ví dụ đúng/Tùy chọn are given the same keys)."""
    text = textwrap.dedent(doc or "").strip("\n")
    first, _, rest = text.partition("\n")
    rest = textwrap.dedent(rest)
    out = {"summary": first.strip()}
    heads = list(_SECTION.finditer(rest))
    out["intro"] = rest[: heads[0].start()].strip() if heads else rest.strip()
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(rest)
        out[_HEADING.get(h.group(1), h.group(1))] = textwrap.dedent(rest[h.end():end]).strip("\n")
    return out


def examples(doc: str | None, section: str) -> list[str]:
    """The ```yaml blocks of a docstring section, dedented."""
    body = sections(doc).get(section, "")
    return [textwrap.dedent(b) for b in _BLOCK.findall(body)]


def _yaml() -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    y.preserve_quotes = True
    return y


def is_whole_plan(data: Any) -> bool:
    return isinstance(data, dict) and {"agency", "document", "phases"} <= set(data)


def build(fragment: str) -> str:
    """The plan text an example stands for: the fragment merged into :data:`BASE`."""
    y = _yaml()
    frag = y.load(fragment)
    if frag is None:
        return BASE
    if is_whole_plan(frag):
        return fragment
    base = y.load(BASE)
    _merge(base, frag)
    buf = io.StringIO()
    y.dump(base, buf)
    return buf.getvalue()


def _copy_comment(dst: Any, src: Any, key: Any) -> None:
    ca = getattr(src, "ca", None)
    if ca is not None and key in ca.items:
        dst.ca.items[key] = ca.items[key]


def _merge(base: Any, frag: Any) -> None:
    for key, value in frag.items():
        if value == DELETE:
            base.pop(key, None)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        elif _by_id(value) and _by_id(base.get(key)):
            _merge_list(base[key], value)
        else:
            base[key] = value
        _copy_comment(base, frag, key)


def _by_id(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and "id" in v for v in value)


def _merge_list(base: list[Any], frag: list[Any]) -> None:
    index = {item["id"]: i for i, item in enumerate(base)}
    for item in frag:
        if item["id"] in index:
            if item.get(DELETE):
                base[index[item["id"]]] = None
            else:
                _merge(base[index[item["id"]]], item)
        elif not item.get(DELETE):
            base.append(item)
    base[:] = [b for b in base if b is not None]
