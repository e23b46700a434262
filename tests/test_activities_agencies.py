"""Activity inference on task titles as other agencies write them (a provincial department, a
province's inspection plan, a ministry's 2010 decision, a 10-year programme, a district pilot of
ISO 18091), with the activities a reader would give each; precision and recall are measured."""

from __future__ import annotations

import pytest

from isoctl.plan.activities import infer

# (title as written, the activities it is) — written from what such plans say, not from the rules.
TITLES: list[tuple[str, set[str]]] = [
    ("Khảo sát, chọn đơn vị tham gia thí điểm", {"planning"}),
    ("Tổ chức Hội nghị đánh giá tình hình triển khai", {"report"}),
    ("Tổng hợp kết quả thực hiện và báo cáo UBND tỉnh", {"report"}),
    ("Khảo sát thực trạng áp dụng HTQLCL tại các cơ quan hành chính trên địa bàn tỉnh", {"gap-assessment"}),
    ("Kiểm tra việc áp dụng, duy trì và cải tiến HTQLCL tại các cơ quan, đơn vị", {"inspection"}),
    ("Kiểm tra định kỳ việc áp dụng HTQLCL theo TCVN ISO 9001:2015 tại 10 cơ quan", {"inspection"}),
    ("Báo cáo tình hình áp dụng HTQLCL năm 2023 gửi Bộ Khoa học và Công nghệ", {"report"}),
    ("Tập huấn nghiệp vụ chuyên gia đánh giá nội bộ cho công chức", {"auditor-training"}),
    ("Đào tạo nhận thức chung về TCVN ISO 9001:2015", {"training"}),
    ("Tổ chức đánh giá nội bộ HTQLCL", {"internal-audit"}),
    ("Họp xem xét của lãnh đạo về HTQLCL", {"management-review"}),
    ("Khắc phục các điểm không phù hợp sau đánh giá nội bộ", {"corrective-action"}),
    ("Xây dựng mục tiêu chất lượng năm 2024", {"quality-objectives"}),
    ("Kiện toàn Ban chỉ đạo ISO của Sở", {"steering-committee"}),
    ("Thành lập Ban chỉ đạo xây dựng và áp dụng HTQLCL", {"steering-committee"}),
    ("Xây dựng kế hoạch triển khai thí điểm TCVN ISO 18091:2020 tại UBND cấp xã", {"planning"}),
    ("Phê duyệt kế hoạch duy trì HTQLCL năm 2010", {"planning"}),
    ("Soạn thảo hệ thống tài liệu, quy trình giải quyết thủ tục hành chính", {"documentation"}),
    ("Cập nhật quy trình khi có văn bản quy phạm pháp luật mới", {"documentation", "legal-update"}),
    ("Ban hành Quyết định áp dụng hệ thống tài liệu", {"issue-documents"}),
    ("Công bố HTQLCL phù hợp TCVN ISO 9001:2015", {"announcement"}),
    ("Tuyên truyền, phổ biến về việc áp dụng TCVN ISO 18091:2020 đến người dân", {"communication", "training"}),
    ("Niêm yết công khai quy trình tại bộ phận một cửa", {"communication"}),
    ("Tiếp nhận và giải quyết khiếu nại của tổ chức, công dân", {"complaints"}),
    ("Sơ kết 5 năm thực hiện Chương trình giai đoạn 2021-2025", {"report"}),
    ("Tổng kết Chương trình và xây dựng phương hướng giai đoạn tiếp theo", {"report"}),
    ("Đánh giá tình hình áp dụng HTQLCL của các cơ quan năm 2022", {"gap-assessment"}),
    ("Hướng dẫn các cơ quan xây dựng, áp dụng HTQLCL", {"training"}),
    ("Thực hiện các hoạt động cải tiến HTQLCL", {"improvement"}),
    ("Xác nhận hiệu lực của hành động khắc phục", {"effectiveness", "corrective-action"}),
]


def scores() -> tuple[float, float]:
    right = predicted = wanted = 0
    for title, expected in TITLES:
        got = set(infer(title))
        right += len(got & expected)
        predicted += len(got)
        wanted += len(expected)
    return right / predicted, right / wanted


def test_precision_and_recall_on_other_agencies_titles() -> None:
    precision, recall = scores()
    assert precision >= 0.9, f"precision {precision:.2f}"
    assert recall >= 0.85, f"recall {recall:.2f}"


@pytest.mark.parametrize(("title", "expected"), list(TITLES[:3]))
def test_the_issues_titles(title: str, expected: set[str]) -> None:
    assert set(infer(title)) == expected
