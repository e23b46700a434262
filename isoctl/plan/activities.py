"""What a task does, in the controlled vocabulary of the format: given, or inferred from its title.

Inference is a short list of Vietnamese keyword rules, checked in order on the NFC,
lower-cased title (and group). A rule may *claim* words so later, broader rules do not
fire on them ("đào tạo chuyên gia đánh giá nội bộ" is auditor training, not an audit).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from isoctl.lazyre import lazy
from isoctl.records import dataclass

if TYPE_CHECKING:
    from isoctl.plan.model import Task


@dataclass(frozen=True)
class KeywordRule:
    activity: str
    pattern: re.Pattern[str]
    claims: bool = False  # remove the matched text before later rules look


def _r(activity: str, pattern: str, claims: bool = False) -> KeywordRule:
    return KeywordRule(activity, lazy(pattern), claims)


RULES: tuple[KeywordRule, ...] = (
    # training the auditors: the verb may stand well before the subject ("Tổ chức đào tạo, tập
    # huấn về HTQLCL cho 45 cơ quan các nội dung: Chuyên gia đánh giá nội bộ; …")
    _r("auditor-training", r"(đào tạo|tập huấn|bồi dưỡng)[^.]{0,100}?(chuyên gia|đánh giá viên|kỹ năng) đánh giá"
                           r"( chất lượng)?( nội bộ)?|(đào tạo|tập huấn|bồi dưỡng) đánh giá viên", claims=True),
    # a reference to other work is not doing it: "Căn cứ đánh giá thực trạng, …",
    # "Khắc phục … sau đánh giá nội bộ"
    _r("", r"(căn cứ|dựa trên|trên cơ sở|theo) (kết quả )?(đánh giá|khảo sát)[^,;.]{0,40}"
           r"|sau (khi )?(đánh giá|khảo sát|công bố)[^,;.]{0,40}", claims=True),
    # choosing the pilot units is planning the pilot, not surveying the system: "Khảo sát, chọn
    # đơn vị tham gia thí điểm"; a conference on progress reports it: "Tổ chức Hội nghị đánh giá
    # tình hình triển khai"
    _r("planning", r"khảo sát,? (lựa )?chọn (đơn vị|cơ quan|địa phương)[^;.]{0,60}", claims=True),
    _r("report", r"hội nghị[^;.]{0,20}(đánh giá (tình hình|kết quả)|sơ kết|tổng kết)[^;.]{0,80}", claims=True),
    # training *about* doing something is training, not the thing: "Đào tạo cách thức viết hệ
    # thống tài liệu", "Triển khai hướng dẫn ban hành văn bản"
    _r("training", r"(đào tạo|tập huấn|bồi dưỡng|hướng dẫn|phổ biến)( về| việc)? (cách thức|kỹ năng|phương pháp"
                   r"|ban hành|áp dụng)( \w+)?", claims=True),
    _r("internal-audit", r"đánh giá (chất lượng )?nội bộ|kiểm tra,? đánh giá nội bộ"),
    _r("management-review", r"xem xét (của )?lãnh đạo|họp xem xét|đánh giá tổng thể"),
    _r("corrective-action", r"khắc phục|không phù hợp|phòng ngừa"),
    # the plan to reach the objectives belongs to them (ISO 9001 §6.2.2), it is not the QMS plan
    _r("quality-objectives", r"mục tiêu chất lượng(,| và)? kế hoạch thực hiện( mục tiêu chất lượng)?"
                             r"|kế hoạch thực hiện mục tiêu chất lượng|mục tiêu chất lượng", claims=True),
    _r("quality-policy", r"chính sách chất lượng"),
    _r("announcement", r"công bố (lại )?(hệ thống quản lý chất lượng|htqlcl|hệ thống qlcl)[^;.]{0,40}phù hợp"
                       r"|công bố (lại )?htqlcl|công bố lại khi|công bố (hệ thống quản lý chất lượng|htqlcl)"),
    _r("steering-committee", r"(kiện toàn|kiên toàn|thành lập|rà soát thành phần)[^;.]{0,30}ban chỉ đạo"
                             r"|ban chỉ đạo iso của (đơn vị|cơ quan)"),
    _r("planning", r"^(lập|xây dựng|phê duyệt)[^;.]{0,25}kế hoạch (duy trì|triển khai|tổ chức|rà soát|thực hiện)"
                   r"|^lập kế hoạch|^(lập, )?phê duyệt kế hoạch"),
    _r("gap-assessment", r"khảo sát|đánh giá (thực trạng|tình hình)"),
    _r("legal-update", r"văn bản quy phạm pháp luật|khi có văn bản|văn bản (thay thế|sửa đổi)"
                       r"|quyết định công bố tthc|khi có (sự )?thay đổi (về )?(tthc|thủ tục hành chính|quy định"
                       r"|pháp luật|văn bản)"),
    _r("issue-documents", r"ban hành[^;.]{0,30}(áp dụng|hệ thống (văn bản|tài liệu))|phê duyệt ban hành"),
    _r("documentation", r"(soạn thảo|soát xét|viết|xây dựng|rà soát|sửa đổi|chỉnh sửa|cập nhật|kiểm soát)"
                        r"[^;.]{0,40}(tài liệu|quy trình|hồ sơ)"),
    _r("training", r"đào tạo|tập huấn|bồi dưỡng|hướng dẫn|phổ biến"),
    _r("communication", r"tuyên truyền|niêm yết|thông báo|truyền đạt|đăng tải"),
    _r("inspection", r"kiểm tra (định kỳ|đột xuất|chéo|việc)|^kiểm tra"),
    _r("complaints", r"khiếu nại"),
    _r("report", r"^báo cáo|báo cáo kết quả|(,|và) báo cáo (ubnd|ủy ban|sở|bộ|ban chỉ đạo|lãnh đạo|về|tình hình)"
                 r"|^(sơ kết|tổng kết)"),
    _r("effectiveness", r"xác nhận hiệu lực"),
    _r("leadership", r"sự tham gia của lãnh đạo"),
    _r("process-compliance", r"tuân thủ quy trình"),
    _r("improvement", r"^(duy trì, )?cải tiến|^cải tiến|hoạt động cải tiến"),
)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower().strip()


@lru_cache(maxsize=8192)
def infer(title: str, group: str | None = None) -> tuple[str, ...]:
    """Activities a title reads as, in vocabulary order of the rules above (memoised: plans
    repeat the same titles and duties year after year, agency after agency)."""
    text = _norm(title)
    found: list[str] = []
    for rule in RULES:
        for match in list(rule.pattern.finditer(text))[::-1] if rule.claims else [rule.pattern.search(text)]:
            if not match:
                continue
            if rule.activity and rule.activity not in found:
                found.append(rule.activity)
            if rule.claims:
                text = text[: match.start()] + " ; " + text[match.end():]
    if not found and group:
        return infer(group)
    return tuple(found)


def activities_of(task: Task) -> tuple[str, ...]:
    """A task's activities: its own ``activity`` list when given, else inferred from its title."""
    given = getattr(task, "activity", None)
    if given:
        return tuple(given)
    return infer(task.title, getattr(task, "group", None))


def is_inferred(task: Task) -> bool:
    return not getattr(task, "activity", None)
