"""Generate realistic yearly ISO 9001 plans (Vietnamese text, 40–80 tasks, comments) for benchmarks.

    python benchmarks/generate.py OUT_DIR [--count 1000] [--seed 7]

Deterministic: the same seed and count give byte-identical files. The vocabulary is taken from
the real plans in ``plans/`` (agencies, units, task titles, outputs, citations, schedules of
every kind the grammar accepts). Most plans are schema-valid and lint-realistic (they carry the
same kinds of small defects real plans do); about one in fifty has a schema error, as a folder
of real plans would.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

AGENCIES = [
    ("Sở Khoa học và Công nghệ", "SKHCN"), ("Sở Văn hóa và Thể thao", "SVHTT"),
    ("Sở Tài chính", "STC"), ("Sở Nội vụ", "SNV"), ("Sở Tư pháp", "STP"),
    ("Sở Y tế", "SYT"), ("Sở Giáo dục và Đào tạo", "SGDĐT"), ("Sở Xây dựng", "SXD"),
    ("Sở Nông nghiệp và Môi trường", "SNNMT"), ("Sở Công Thương", "SCT"),
    ("Ủy ban nhân dân phường Ba Đình", "UBND"), ("Sở Dân tộc và Tôn giáo", "SDTTG"),
]
PROVINCES = ["Hà Nội", "Hải Phòng", "Đà Nẵng", "Huế", "Cần Thơ", "Thái Nguyên", "Nghệ An",
             "Lâm Đồng", "Khánh Hòa", "Quảng Ninh", "Gia Lai", "Đắk Lắk", "An Giang", "Vĩnh Long"]
SIGNERS = ["Nguyễn Toàn Thắng", "Đỗ Đình Hồng", "Trần Thị Thu Hà", "Lê Văn Hùng", "Phạm Minh Tuấn",
           "Hoàng Thị Lan", "Vũ Đức Anh", "Bùi Quang Huy", "Đặng Thị Ngọc Ánh", "Ngô Văn Phúc"]
UNITS = [
    ("BCD", "Ban chỉ đạo ISO", "internal"), ("TGV", "Tổ giúp việc Ban chỉ đạo ISO", "internal"),
    ("VP", "Văn phòng Sở", "internal"), ("TCPC", "Phòng Tổ chức - Pháp chế", "internal"),
    ("KHTC", "Phòng Kế hoạch - Tài chính", "internal"), ("PHONG", "Các phòng chuyên môn", "internal"),
    ("LDS", "Lãnh đạo Sở", "internal"), ("DVSN", "Các đơn vị sự nghiệp thuộc Sở", "internal"),
    ("TTRA", "Thanh tra Sở", "internal"), ("CBCC", "Cán bộ, công chức", "internal"),
    ("TV", "Đơn vị tư vấn", "consultant"), ("SKHCN-T", "Sở Khoa học và Công nghệ tỉnh", "external"),
]
# (title, activity, outputs) as in the real plans; some without an activity (inferred from the title)
TASKS = [
    ("Kiện toàn Ban chỉ đạo ISO, Tổ giúp việc", "steering-committee", ["Quyết định"]),
    ("Xây dựng kế hoạch duy trì và cải tiến HTQLCL", "planning", ["Kế hoạch"]),
    ("Lập kế hoạch triển khai chi tiết", "planning", ["Kế hoạch"]),
    ("Khảo sát, phân tích đánh giá tình hình quản lý chất lượng hiện nay so với yêu cầu của Hệ thống quản lý chất lượng TCVN ISO 9001:2015",
     "gap-assessment", ["Báo cáo thực trạng"]),
    ("Đào tạo kiến thức về tiêu chuẩn TCVN ISO 9001:2015 cho cán bộ, công chức", "training",
     ["Kiến thức cơ bản về Hệ thống quản lý chất lượng"]),
    ("Đào tạo chuyên gia đánh giá chất lượng nội bộ theo tiêu chuẩn ISO 9001:2015", "auditor-training",
     ["Chứng chỉ chuyên gia đánh giá nội bộ"]),
    ("Rà soát, chỉnh sửa, bổ sung các quy trình khi có văn bản thay thế hoặc sửa đổi, bổ sung", "documentation",
     ["Quy trình được cập nhật"]),
    ("Soạn thảo, soát xét hệ thống tài liệu, quy trình của HTQLCL theo tiêu chuẩn TCVN ISO 9001:2015", "documentation",
     ["Dự thảo hệ thống tài liệu"]),
    ("Ban hành Quyết định áp dụng Hệ thống văn bản quản lý chất lượng", "issue-documents", ["Quyết định"]),
    ("Rà soát, bổ sung Mục tiêu chất lượng và Kế hoạch thực hiện Mục tiêu chất lượng", "quality-objectives",
     ["Mục tiêu chất lượng năm"]),
    ("Xây dựng Kế hoạch và tổ chức đánh giá nội bộ", "internal-audit", ["Báo cáo đánh giá nội bộ"]),
    ("Khắc phục các điểm không phù hợp được phát hiện sau đánh giá nội bộ", "corrective-action",
     ["Phiếu yêu cầu hành động khắc phục"]),
    ("Họp xem xét của lãnh đạo", "management-review", ["Biên bản họp xem xét của lãnh đạo"]),
    ("Công bố hệ thống quản lý chất lượng phù hợp tiêu chuẩn TCVN ISO 9001:2015", "announcement",
     ["Quyết định công bố"]),
    ("Thông báo việc công bố đến Sở Khoa học và Công nghệ, niêm yết tại trụ sở và đăng trên Cổng thông tin điện tử",
     "communication", ["Thông báo"]),
    ("Duy trì, cải tiến hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015", "improvement", []),
    ("Tiếp nhận và giải quyết phản ánh, kiến nghị của tổ chức, cá nhân", "complaints", []),
    ("Cập nhật các văn bản quy phạm pháp luật mới vào Hệ thống quản lý chất lượng", "legal-update", []),
    ("Tiếp đoàn kiểm tra việc áp dụng, duy trì HTQLCL của tỉnh", "inspection", ["Biên bản kiểm tra"]),
    ("Báo cáo kết quả thực hiện duy trì, cải tiến HTQLCL", "report", ["Báo cáo"]),
    ("Hướng dẫn thực hiện các quy định của HTQLCL khi có công chức, viên chức được bố trí công việc mới", None, []),
    ("Tổ chức hội nghị đánh giá tổng thể Hệ thống quản lý chất lượng của cơ quan", None, []),
    ("Triển khai hướng dẫn ban hành văn bản, áp dụng", None,
     ["Cách thức áp dụng hệ thống tài liệu quản lý chất lượng vào hoạt động thực tế"]),
]
CONSULTANT_MAY_LEAD = ("training", "auditor-training", "gap-assessment", "documentation")
TOPICS = ["thủ tục hành chính", "TTHC nội bộ", "quy trình liên thông", "hồ sơ một cửa", "lĩnh vực văn hóa",
          "lĩnh vực đất đai", "lĩnh vực đầu tư", "lĩnh vực y tế", "công tác văn thư, lưu trữ",
          "giải quyết khiếu nại, tố cáo", "dịch vụ công trực tuyến", "phòng Một cửa"]
EVENTS = ["Khi có sự thay đổi về tổ chức của cơ quan", "Khi có sự thay đổi về lãnh đạo cao nhất của cơ quan",
          "Khi có sự điều chỉnh, mở rộng, thu hẹp phạm vi áp dụng Hệ thống quản lý chất lượng",
          "Khi có văn bản quy phạm pháp luật mới"]
PURPOSE = [
    "Nâng cao chất lượng thực hiện kế hoạch cải cách hành chính (CCHC), hiệu quả làm việc của công chức, viên chức, lao động.",
    "Tiếp tục duy trì, áp dụng HTQLCL trong hoạt động của Sở.",
    "Thường xuyên rà soát, chỉnh sửa, bổ sung kịp thời các quy trình giải quyết công việc theo các quy định, văn bản hướng dẫn và phù hợp với thực tế.",
    "Kết hợp ứng dụng CNTT với việc rà soát, áp dụng, duy trì và cải tiến Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015.",
]
REQUIREMENTS = [
    "Lãnh đạo các phòng, ban, đơn vị thuộc Sở nghiêm túc thực hiện và chịu trách nhiệm trước Ban giám đốc.",
    "Cán bộ, công chức, viên chức thực hiện nghiêm túc theo đúng quy trình đã đề ra.",
]
DUTIES = [
    "Theo dõi, đôn đốc, hướng dẫn, kiểm tra, giám sát việc thực hiện Kế hoạch này.",
    "Tổng hợp báo cáo Lãnh đạo Sở về kết quả thực hiện duy trì và cải tiến HTQLCL.",
    "Nghiêm túc duy trì thực hiện các quy trình đã xây dựng và ban hành.",
    "Tham mưu bố trí kinh phí thực hiện Kế hoạch theo quy định.",
    "Phối hợp với Văn phòng Sở rà soát, kiện toàn Ban chỉ đạo ISO theo thành phần quy định.",
]
BASIS = [
    ("19/2014/QĐ-TTg", "Quyết định", "2014-03-05", "Thủ tướng Chính phủ",
     "việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước"),
    ("26/2014/TT-BKHCN", "Thông tư", "2014-10-10", "Bộ Khoa học và Công nghệ",
     "quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg"),
    ("116/2015/TT-BTC", "Thông tư", "2015-08-11", "Bộ Tài chính",
     "quy định công tác lập dự toán, quản lý, sử dụng và quyết toán kinh phí"),
]


def _months(rng: random.Random, year: int) -> str:
    m = rng.randint(1, 11)
    style = rng.randrange(8)
    if style == 0:
        return f"Tháng {m}/{year}"
    if style == 1:
        return f"Tháng {m}, {m + 1}/{year}"
    if style == 2:
        return f"{m},{m + 1}/{year}"
    if style == 3:
        return f"{m}/{year}"
    if style == 4:
        return f"Tháng {m:02d}"
    if style == 5:
        return f"{m}-{min(12, m + 2)}/{year}"
    if style == 6:
        return f"{year}-{m:02d}-{rng.randint(1, 28):02d}"
    return f"Tháng {m}"


def _schedule(rng: random.Random, year: int, earlier: list[str]) -> str:
    """A ``when:`` value: one line of YAML (already indented/quoted as needed)."""
    r = rng.random()
    if r < 0.55:
        return _months(rng, year)
    if r < 0.63:
        return rng.choice(["Hàng tháng", "Hàng quý", "Hàng năm", "Định kỳ hàng năm", "6 tháng một lần"])
    if r < 0.73:
        return "Thường xuyên"
    if r < 0.78:
        return rng.choice(EVENTS)
    if r < 0.84:
        return "Thường xuyên, " + rng.choice(["khi có sự thay đổi về nhân sự",
                                                "khi có sự thu hẹp, mở rộng phạm vi HTQLCL"])
    if r < 0.88:
        return "Sau công bố"
    if earlier and r < 0.95:
        return "{after: " + rng.choice(earlier) + "}"
    return "{months: [" + ", ".join(str(m) for m in sorted(rng.sample(range(1, 13), 2))) + "]}"


def _q(text: str) -> str:
    """Quote a scalar when plain YAML would misread it."""
    if any(c in text for c in ":#{}[]&*!|>'\"%@`") or text[:1] in "-?, " or text.strip() != text:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def plan_text(seed: int, tasks: int | None = None) -> str:
    """One plan file's text, a function of ``seed`` (and ``tasks``, its number of tasks, 40–80 when
    not given) only."""
    rng = random.Random(seed)
    year = rng.randint(2019, 2026)
    name, abbr = rng.choice(AGENCIES)
    province = rng.choice(PROVINCES)
    issued = rng.random() < 0.5
    units = [UNITS[0], UNITS[2]] + rng.sample(UNITS[1:2] + UNITS[3:], rng.randint(3, 7))
    unit_ids = [u[0] for u in units]
    out: list[str] = [
        "# yaml-language-server: $schema=../schema/plan.schema.json",
        f"# Kế hoạch duy trì, cải tiến HTQLCL năm {year} — {name} {province} (generated, seed {seed}).",
        "format: 1",
        f"year: {year}",
        f"status: {'issued' if issued else 'draft'}",
        "agency:",
        f"  name: {name} {province}" if not name.startswith("Ủy ban") else f"  name: {name}",
        f"  abbr: {abbr}",
        f"  parent: UBND {'thành phố' if province in ('Hà Nội', 'Hải Phòng', 'Đà Nẵng', 'Huế', 'Cần Thơ') else 'tỉnh'} {province}",
        f"  place: {province}",
        "document:",
        "  type: KH",
    ]
    if issued:
        month = rng.randint(1, 5)
        out += [f"  number: {rng.randint(10, 999)}", f"  date: {year}-{month:02d}-{rng.randint(1, 28):02d}"]
    else:
        out += ["  number: null", "  date: null"]
    out += [f"  title: Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 tại {name} năm {year}",
            "# Căn cứ / Thực hiện, in document order.",
            "basis:"]
    for k, (cite, kind, date, issuer, about) in enumerate(BASIS[: rng.randint(2, 3)]):
        out += [f"  - {'intro: Thực hiện' if k == 0 else 'cite: ' + cite}"]
        if k == 0:
            out += [f"    cite: {cite}"]
        out += [f"    kind: {kind}", f"    date: {date}", f"    issuer: {issuer}", f"    about: {_q(about)}"]
    out += ["purpose:"] + [f"  - {_q(p)}" for p in rng.sample(PURPOSE, rng.randint(2, 4))]
    out += ["requirements:"] + [f"  - {_q(p)}" for p in REQUIREMENTS]
    out += ["# Đơn vị chủ trì, phối hợp.", "units:"]
    for uid, uname, kind in units:
        out += [f"  - id: {uid}", f"    name: {uname}"] + ([f"    kind: {kind}"] if kind != "internal" else [])
    out += ["phases:"]
    n_phases = rng.randint(3, 6)
    n_tasks = rng.randint(40, 80)
    n_tasks = tasks or n_tasks
    sizes = [n_tasks // n_phases + (1 if i < n_tasks % n_phases else 0) for i in range(n_phases)]
    ids: list[str] = []
    have_cong_bo = False
    for pi, size in enumerate(sizes):
        out += [f"  - id: giai-doan-{pi + 1}", f"    title: {_q(f'Giai đoạn {pi + 1}: {rng.choice(TOPICS)}')}", "    tasks:"]
        for ti in range(size):
            title, activity, outputs = rng.choice(TASKS)
            topic = rng.choice(TOPICS)
            tid = f"nv-{pi + 1}-{ti + 1}"
            if activity == "announcement" and not have_cong_bo:
                tid, have_cong_bo = "cong-bo", True
            if rng.random() < 0.15:
                out.append(f"      # {rng.choice(['Như bản giấy.', 'Ô Kết quả ghi như bản gốc.', 'Thời gian như văn bản.'])}")
            out += [f"      - id: {tid}", f'        label: "{ti + 1}"',
                    f"        title: {_q(title + ' (' + topic + ')')}"]
            # a consultant may lead training and drafting, never what only the agency can do
            leaders = [u[0] for u in units if u[2] == "internal"
                       or (u[2] == "consultant" and activity in CONSULTANT_MAY_LEAD)]
            lead = rng.sample(leaders, 1 + (rng.random() < 0.2))
            partners = rng.sample([u for u in unit_ids if u not in lead], rng.randint(0, 2))
            out.append(f"        lead: [{', '.join(lead)}]")
            if partners:
                out.append(f"        partners: [{', '.join(partners)}]")
            if outputs:
                out += ["        outputs:"] + [f"          - {_q(o)}" for o in outputs]
            when = _schedule(rng, year, ids)
            if when == "Sau công bố" and not have_cong_bo:
                when = "Thường xuyên"
            out.append(f"        when: {when if when.startswith('{') else _q(when)}")
            if activity and rng.random() < 0.7:
                out.append(f"        activity: {activity}")
            if rng.random() < 0.1:
                out += ["        status: done", f"        done_on: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]
            ids.append(tid)
    out += [f"budget: {_q('Nguồn ngân sách chi thường xuyên cấp hàng năm theo Thông tư 26/2014/TT-BKHCN ngày 10/10/2014 của Bộ Khoa học và Công nghệ.')}",
            "responsibilities:"]
    for uid in unit_ids[: rng.randint(2, len(unit_ids))]:
        out += [f"  - unit: {uid}", "    duties:"] + [f"      - {_q(d)}" for d in rng.sample(DUTIES, 2)]
    out += ["recipients:", "  - Sở Khoa học và Công nghệ", "  - Ban Giám đốc Sở", '  - "Lưu: VT, VP"',
            "signer:", f"  authority: {rng.choice(['null', 'KT.'])}", "  title: GIÁM ĐỐC",
            f"  name: {rng.choice(SIGNERS)}", ""]
    text = "\n".join(out)
    if rng.random() < 0.02:  # a schema error, as in any real folder of plans
        text = text.replace("  abbr:", "  abrv:", 1)
    return text


def rename_ids(text: str) -> str:
    """The same plan with every phase and task id renamed (and every reference to a task with it),
    as when a plan is transcribed again the next year: only titles and content can pair the tasks."""
    text = re.sub(r"\bnv-(\d+)-(\d+)\b", r"nhiem-vu-\1-\2", text)
    text = re.sub(r"\bcong-bo\b", "cong-bo-htqlcl", text)
    return re.sub(r"\bgiai-doan-(\d+)\b", r"gd-\1", text)


def generate(folder: str | Path, count: int, seed: int = 7) -> list[Path]:
    """Write ``count`` plans into ``folder`` (created); returns their paths."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = out / f"plan-{i:05d}.yaml"
        path.write_text(plan_text(seed * 1_000_003 + i), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    paths = generate(args.folder, args.count, args.seed)
    print(f"wrote {len(paths)} plans to {args.folder}")


if __name__ == "__main__":
    main()
