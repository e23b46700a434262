"""Activity inference on titles as the real plans write them."""

from __future__ import annotations

import pytest

from isoctl.plan.activities import infer


@pytest.mark.parametrize("title,expected", [
    ("Tổ chức đào tạo, tập huấn về HTQLCL cho 45 cơ quan hành chính các nội dung: Chuyên gia đánh giá nội bộ HTQLCL; "
     "Nghiệp vụ thư ký ISO.", ("auditor-training",)),
    ("Đào tạo chuyên gia đánh giá chất lượng nội bộ theo tiêu chuẩn ISO 9001:2015.", ("auditor-training",)),
    ("Đào tạo chuyên gia đánh giá nội bộ và tổ chức đánh giá nội bộ", ("auditor-training", "internal-audit")),
    ("Căn cứ đánh giá thực trạng, tổ chức tập huấn, đào tạo kiến thức về Tiêu chuẩn quốc gia TCVN ISO 9001:2015",
     ("training",)),
    ("Đào tạo cách thức viết hệ thống tài liệu, quy trình của HTQLCL", ("training",)),
    ("Triển khai hướng dẫn ban hành văn bản, áp dụng", ("training",)),
    ("Ban hành Quyết định công bố, áp dụng Hệ thống văn bản quản lý chất lượng", ("issue-documents",)),
    ("Xây dựng mục tiêu chất lượng, kế hoạch thực hiện và đánh giá kết quả thực hiện mục tiêu chất lượng",
     ("quality-objectives",)),
    ("Đánh giá nội bộ Hệ thống quản lý chất lượng ISO và khắc phục sau đánh giá nội bộ.",
     ("internal-audit", "corrective-action")),
    ("Khắc phục, phòng ngừa sau đánh giá", ("corrective-action",)),
    ("Tổ chức hội nghị đánh giá tổng thể Hệ thống quản lý chất lượng của cơ quan", ("management-review",)),
    ("Thường xuyên rà soát, kịp thời xây dựng quy trình khi có sự thay đổi TTHC", ("legal-update", "documentation")),
    ("Lập kế hoạch triển khai chi tiết.", ("planning",)),
    ("Kiên toàn Ban chỉ đạo, Tổ giúp việc.", ("steering-committee",)),
])
def test_infer(title: str, expected: tuple[str, ...]) -> None:
    assert infer(title) == expected
