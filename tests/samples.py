"""The sample plans and helpers that tests of several packages share (snapshots, a small plan)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
P2024 = str(ROOT / "plans" / "plan-2024.yaml")
P2023 = str(ROOT / "plans" / "plan-2023.yaml")
SKHCN = str(ROOT / "plans" / "examples" / "skhcn-2021.yaml")
TINH = str(ROOT / "plans" / "examples" / "tinh-2023-phu-luc-1.yaml")
CASES = [(P2024, "2024-08-15"), (P2023, "2023-08-15"), (SKHCN, "2021-10-15"), (TINH, "2023-08-15")]

MINI = """\
format: 1
year: 2024
agency: {{name: Sở Thử, abbr: ST}}
document: {{title: "{title}"}}
units:
  - {{id: VP, name: Văn phòng Sở}}
  - {{id: TV, name: Đơn vị tư vấn, kind: consultant}}
phases:
  - id: p1
    title: Giai đoạn một
    tasks:
{tasks}
"""


def mini(tasks: str, title: str = "Kế hoạch thử") -> str:
    body = "\n".join("      " + line for line in tasks.strip("\n").splitlines())
    return MINI.format(tasks=body, title=title)


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing snapshot {path}; run with UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; UPDATE_SNAPSHOTS=1 to accept"

# the committee and the QMS the decisions need, for a plan that has none (plan-2024 as a draft)
COMMITTEE_QMS = """
committee:
  members:
    - {name: Đỗ Đình Hồng, position: Giám đốc Sở, role: Trưởng ban}
    - {name: Nguyễn Văn An, position: Chánh Văn phòng Sở, role: Phó Trưởng ban}
  working_group:
    - {name: Trần Thị Bình, position: Chuyên viên Văn phòng, role: Thư ký}
qms:
  scope: giải quyết thủ tục hành chính thuộc thẩm quyền của Sở
  procedures:
    - {code: QT-01, title: Quy trình kiểm soát tài liệu}
    - {code: QT-02, title: Quy trình đánh giá nội bộ}
"""
