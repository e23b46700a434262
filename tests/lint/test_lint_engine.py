"""The lint engine: suppressions, X001, configuration, --fix, --diff, baselines, rules/explain, languages."""

from __future__ import annotations

import json
import os
import re

import pytest

from conftest import PLANS, SEED_PLANS
from isoctl.lint.config import Config
from isoctl.lint.engine import lint_text
from isoctl.lint.rules.examples import BASE, build


def codes(text: str, config: Config | None = None) -> list[str]:
    return [f.code for f in lint_text(text, config).findings]


def at(text: str, code: str, config: Config | None = None) -> list[tuple[int, int]]:
    return [(f.line, f.col) for f in lint_text(text, config).findings if f.code == code]


NO_SIGNER = build("signer: __delete__")
DOUBLE_SPACE = BASE.replace("Chỉ đạo việc đánh giá nội bộ.", "Chỉ đạo  việc đánh giá nội bộ.")


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# --- suppressions -----------------------------------------------------------------------------

def test_suppression_on_the_offending_line() -> None:
    assert "V003" in codes(DOUBLE_SPACE)
    text = DOUBLE_SPACE.replace("nội bộ.\n", "nội bộ.  # isoctl: ignore[V003]\n", 1)
    assert codes(text) == []


def test_suppression_on_the_line_above_covers_the_block() -> None:
    text = DOUBLE_SPACE.replace("  - unit: BCD\n", "  # isoctl: ignore[spacing-punctuation]\n  - unit: BCD\n")
    assert codes(text) == []
    # a block suppression stops at the next sibling
    text = DOUBLE_SPACE.replace("  - unit: PHONG\n", "  # isoctl: ignore[V003]\n  - unit: PHONG\n")
    assert sorted(codes(text)) == ["V003", "X001"]


def test_suppression_above_a_top_level_key_covers_its_flush_list() -> None:
    text = NO_SIGNER.replace("recipients:\n", "recipients:\n").replace("- \"Lưu: VT, VP\"", "- Các phòng")
    flush = text.replace("recipients:\n    - ", "recipients:\n- ").replace("\n    - Các", "\n- Các")
    assert "D005" in codes(flush)
    assert "D005" not in codes(flush.replace("recipients:\n", "# isoctl: ignore[D005]\nrecipients:\n"))


def test_file_level_suppressions() -> None:
    assert "D004" in codes(NO_SIGNER)
    assert codes(NO_SIGNER + "# isoctl: ignore-file[D004]\n") == []
    assert codes(DOUBLE_SPACE.replace("format: 1", "# isoctl: ignore-file\nformat: 1")) == []


def test_unused_suppression_is_reported_where_the_comment_is() -> None:
    text = BASE.replace("  name: Nguyễn Văn An", "  name: Nguyễn Văn An  # isoctl: ignore[D004]")
    found = lint_text(text).findings
    assert [(f.code, f.line, f.severity) for f in found] == [("X001", line_of(text, "isoctl: ignore"), "warning")]
    assert found[0].col == text.splitlines()[found[0].line - 1].index("#") + 1


def test_unknown_code_and_schema_code_in_suppressions() -> None:
    text = BASE + "# isoctl: ignore-file[Q123]\n"
    msgs = [f.message for f in lint_text(text).findings]
    assert msgs == ["unknown rule 'Q123' in suppression"]
    text = BASE + "# isoctl: ignore-file[E200]\n"
    assert [f.message for f in lint_text(text).findings] == ["schema error E200 cannot be suppressed"]


def test_schema_errors_are_never_suppressed_or_filtered() -> None:
    text = BASE.replace("lead: [VP]", "lead: [XYZ]", 1) + "# isoctl: ignore-file\n"
    assert "E200" in codes(text)
    assert "E200" in codes(text, Config(ignore=["E"], select=["D"]))


def test_hash_inside_a_quoted_string_is_not_a_suppression() -> None:
    text = BASE.replace("Các phòng thuộc Sở", "\"Các phòng # isoctl: ignore[D004]\"")
    assert codes(text) == []


def test_suppression_of_a_disabled_rule_is_not_unused() -> None:
    text = BASE + "# isoctl: ignore-file[D004]\n"
    assert codes(text, Config(ignore=["D004"])) == []


# --- configuration ----------------------------------------------------------------------------

def test_select_ignore_extend_select_and_severity() -> None:
    both = DOUBLE_SPACE.replace("signer:\n  title: GIÁM ĐỐC\n  name: Nguyễn Văn An\n", "")
    assert sorted(codes(both)) == ["D004", "V003"]
    assert codes(both, Config(select=["V"])) == ["V003"]
    assert codes(both, Config(select=["V"], extend_select=["D004"])) == ["D004", "V003"] or \
        sorted(codes(both, Config(select=["V"], extend_select=["D004"]))) == ["D004", "V003"]
    assert codes(both, Config(ignore=["D"])) == ["V003"]
    assert codes(both, Config(severity={"V003": "off"})) == ["D004"]
    sev = {f.code: f.severity for f in lint_text(both, Config(severity={"V": "error", "D004": "info"})).findings}
    assert sev == {"V003": "error", "D004": "info"}


def test_per_file_ignores(cli, in_tmp) -> None:
    (in_tmp / "plans").mkdir()
    (in_tmp / "plans" / "a.yaml").write_text(NO_SIGNER, encoding="utf-8")
    (in_tmp / "plans" / "b.yaml").write_text(NO_SIGNER, encoding="utf-8")
    (in_tmp / "isoctl.toml").write_text('[per-file-ignores]\n"plans/a.yaml" = ["D004"]\n', encoding="utf-8")
    result = cli("validate", "--format", "concise", "plans")
    assert result.exit_code == 1, result
    assert "b.yaml" in result.stdout and "a.yaml" not in result.stdout


def test_rule_options_by_code_and_by_name(cli, in_tmp) -> None:
    text = build("document:\n  date: 2023-12-20\n")
    (in_tmp / "p.yaml").write_text(text, encoding="utf-8")
    assert cli("validate", "p.yaml").exit_code == 0
    for key in ("D003", "date-outside-year"):
        (in_tmp / "isoctl.toml").write_text(f'[rules.{key}]\nallow-previous-december = false\n', encoding="utf-8")
        result = cli("validate", "--format", "concise", "p.yaml")
        assert "D003" in result.stdout, result


@pytest.mark.parametrize("toml,message", [
    ('[rules.D003]\nallow-previous-decmber = false\n', "did you mean 'allow-previous-december'"),
    ('[rules.D999]\nx = 1\n', "no such rule"),
    ('[rules.D004]\nx = 1\n', "D004 has no options"),
    ('[rules.D003]\nallow-previous-december = "yes"\n', "must be bool"),
])
def test_bad_rule_options_are_config_errors(cli, in_tmp, toml: str, message: str) -> None:
    (in_tmp / "p.yaml").write_text(BASE, encoding="utf-8")
    (in_tmp / "isoctl.toml").write_text(toml, encoding="utf-8")
    result = cli("validate", "p.yaml")
    assert result.exit_code == 2, result
    assert message in result.stderr and "isoctl.toml" in result.stderr


# --- --fix and --diff -------------------------------------------------------------------------

FIXABLE = (BASE.replace("format: 1", "# a comment the fix must keep\nformat: 1")
           .replace("Chỉ đạo việc đánh giá nội bộ.", "Chỉ đạo  việc đánh giá nội bộ , hòa nhập.  # keep me")
           .replace("Theo dõi, đôn đốc", "Theo dõi, đôn đốc hoà giải, hoà hợp, hoà nhập, hoàn thành")
           .replace("Thực hiện đúng", "Thực hie\u0302\u0323n đúng")
           .replace("  number: 15\n", "  number: 15\n  # a comment inside a mapping\n"))


def test_fix_applies_safe_fixes_and_keeps_comments(cli, in_tmp) -> None:
    path = in_tmp / "p.yaml"
    path.write_text(FIXABLE, encoding="utf-8")
    os.chmod(path, 0o640)
    before = sorted(codes(FIXABLE))
    assert before.count("V003") == 2 and "V001" in before and "V002" in before
    result = cli("validate", "--fix", "p.yaml")
    assert result.exit_code == 0, result
    assert "fixed 4" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert "# a comment the fix must keep" in text and "# keep me" in text and "# a comment inside a mapping" in text
    assert "Chỉ đạo việc đánh giá nội bộ, hoà nhập." in text  # majority style "hoà"
    assert "hoàn thành" in text and "Thực hiện đúng" in text
    assert "  date: 2024-01-15\n" in text
    assert codes(text) == []
    assert sorted(p.name for p in in_tmp.iterdir()) == ["p.yaml"]  # no temp file left behind
    assert (path.stat().st_mode & 0o777) == 0o640
    # untouched lines are byte for byte the same
    assert [s for s in text.splitlines() if "Chỉ đạo" not in s and "Theo dõi" not in s and "Thực hiện" not in s] == \
        [s for s in FIXABLE.splitlines() if "Chỉ đạo" not in s and "Theo dõi" not in s and "Thực hi" not in s]


def test_fix_keeps_nulls_quotes_and_flow_lists(cli, in_tmp) -> None:
    text = (BASE.replace("status: issued", "status: draft").replace("number: 15", "number: null")
            .replace("date: 2024-01-15", "date: null").replace("Nguyễn Văn An", "\"Nguyễn  Văn An\""))
    assert "number: null" in text
    (in_tmp / "p.yaml").write_text(text, encoding="utf-8")
    assert cli("validate", "--fix", "p.yaml").exit_code == 0
    out = (in_tmp / "p.yaml").read_text(encoding="utf-8")
    assert "number: null" in out and 'name: "Nguyễn Văn An"' in out and "lead: [VP]" in out


def test_diff_shows_fixes_and_writes_nothing(cli, in_tmp) -> None:
    path = in_tmp / "p.yaml"
    path.write_text(FIXABLE, encoding="utf-8")
    result = cli("validate", "--diff", "p.yaml")
    assert result.exit_code == 1, result
    assert "-      - Chỉ đạo  việc đánh giá nội bộ , hòa nhập.  # keep me" in result.stdout
    assert re.search(r"(?m)^\+      - Chỉ đạo việc đánh giá nội bộ, hoà nhập\. +# keep me$", result.stdout)
    assert "would fix 4" in result.stderr
    assert path.read_text(encoding="utf-8") == FIXABLE
    path.write_text(BASE, encoding="utf-8")
    result = cli("validate", "--diff", "p.yaml")
    assert result.exit_code == 0 and result.stdout == "", result


def test_fix_and_diff_together_is_a_usage_error(cli, in_tmp) -> None:
    (in_tmp / "p.yaml").write_text(BASE, encoding="utf-8")
    assert cli("validate", "--fix", "--diff", "p.yaml").exit_code == 2


def test_fix_on_a_real_plan_changes_only_the_fixed_line(cli, in_tmp) -> None:
    original = (PLANS / "plan-2024.yaml").read_text(encoding="utf-8")
    (in_tmp / "p.yaml").write_text(original, encoding="utf-8")
    cli("validate", "--fix", "--select", "V003", "p.yaml")
    fixed = (in_tmp / "p.yaml").read_text(encoding="utf-8")
    assert len(original.splitlines()) == len(fixed.splitlines())
    changed = [(a, b) for a, b in zip(original.splitlines(), fixed.splitlines(), strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1].endswith("Báo cáo kết quả thực hiện.")


# --- baseline ---------------------------------------------------------------------------------

def test_baseline_hides_recorded_findings_even_when_lines_move(cli, in_tmp) -> None:
    path = in_tmp / "p.yaml"
    path.write_text(NO_SIGNER, encoding="utf-8")
    result = cli("validate", "--write-baseline", "bl.json", "p.yaml")
    assert result.exit_code == 1 and "recorded 1 finding" in result.stderr, result
    doc = json.loads((in_tmp / "bl.json").read_text(encoding="utf-8"))
    assert doc["findings"][0]["code"] == "D004" and doc["findings"][0]["file"] == "p.yaml"
    path.write_text("# moved down\n# by two lines\n" + NO_SIGNER, encoding="utf-8")
    result = cli("validate", "--baseline", "bl.json", "p.yaml")
    assert result.exit_code == 0, result
    path.write_text(NO_SIGNER.replace("Chỉ đạo việc", "Chỉ đạo  việc"), encoding="utf-8")
    result = cli("validate", "--format", "concise", "--baseline", "bl.json", "p.yaml")
    assert "V003" in result.stdout and "D004" not in result.stdout, result
    # in the other language, the message is not compared
    result = cli("--lang", "vi", "validate", "--format", "concise", "--baseline", "bl.json", "p.yaml")
    assert "V003" in result.stdout and "D004" not in result.stdout, result


def test_write_baseline_refuses_to_overwrite_without_force(cli, in_tmp) -> None:
    (in_tmp / "p.yaml").write_text(NO_SIGNER, encoding="utf-8")
    (in_tmp / "bl.json").write_text("{}", encoding="utf-8")
    result = cli("validate", "--write-baseline", "bl.json", "p.yaml")
    assert result.exit_code == 2 and "--force" in result.stderr, result
    assert cli("validate", "--write-baseline", "bl.json", "--force", "p.yaml").exit_code == 1
    assert json.loads((in_tmp / "bl.json").read_text(encoding="utf-8"))["findings"]


def test_bad_baseline_file_is_a_usage_error(cli, in_tmp) -> None:
    (in_tmp / "p.yaml").write_text(BASE, encoding="utf-8")
    (in_tmp / "bl.json").write_text("{not json", encoding="utf-8")
    result = cli("validate", "--baseline", "bl.json", "p.yaml")
    assert result.exit_code == 2 and "bl.json:1:2" in result.stderr, result
    assert cli("validate", "--baseline", "missing.json", "p.yaml").exit_code == 2


# --- rules, explain, activities, languages ----------------------------------------------------

def test_rules_table_and_json(cli) -> None:
    result = cli("rules")
    assert result.exit_code == 0
    assert "D004  no-signer" in result.stdout and "V001  not-nfc" in result.stdout
    rows = json.loads(cli("rules", "--format", "json").stdout)
    v001 = next(r for r in rows if r["code"] == "V001")
    assert v001["fixable"] is True and v001["severity"] == "warning" and v001["name"] == "not-nfc"
    assert next(r for r in rows if r["code"] == "D003")["options"] == {"allow-previous-december": True,
                                                                     "previous-year-from": 11}


def test_explain_by_code_and_name(cli) -> None:
    for arg in ("D003", "date-outside-year", "d003"):
        result = cli("explain", arg)
        assert result.exit_code == 0, result
        assert result.stdout.startswith("# D003 date-outside-year")
        assert "## Why" in result.stdout and "## Fails" in result.stdout and "## Passes" in result.stdout
        assert "allow-previous-december = true" in result.stdout


def test_explain_unknown_rule_suggests(cli) -> None:
    result = cli("explain", "D03")
    assert result.exit_code == 2
    assert "unknown rule 'D03'" in result.stderr and "did you mean 'D003'" in result.stderr
    result = cli("--lang", "vi", "explain", "no-signr")
    assert result.exit_code == 2 and "không có quy tắc" in result.stderr and "no-signer" in result.stderr


def test_messages_in_vietnamese(cli, in_tmp) -> None:
    (in_tmp / "p.yaml").write_text(NO_SIGNER, encoding="utf-8")
    result = cli("--lang", "vi", "validate", "--format", "concise", "p.yaml")
    assert "D004 [lỗi] kế hoạch chưa có người ký" in result.stdout, result
    result = cli("--lang", "vi", "rules")
    assert result.stdout.startswith("mã")


def test_show_activities_marks_inferred(cli) -> None:
    result = cli("validate", "--show-activities", "--select", "D", str(PLANS / "examples/skhcn-2021.yaml"))
    assert result.exit_code == 0, result
    assert "danh-gia-noi-bo" in result.stdout and "~ internal-audit, corrective-action" in result.stdout
    result = cli("validate", "--show-activities", "--select", "D", str(PLANS / "plan-2023.yaml"))
    assert "inferred from the title" in result.stdout


def test_given_activities_are_not_marked(cli, in_tmp) -> None:
    (in_tmp / "p.yaml").write_text(BASE, encoding="utf-8")
    result = cli("validate", "--show-activities", "p.yaml")
    assert "  danh-gia-noi-bo          internal-audit" in result.stdout, result


# --- only some codes (what done/set ask of the plan as read) --------------------------------

SUPPRESSED = DOUBLE_SPACE.replace("nội bộ.\n", "nội bộ.  # isoctl: ignore[V003]\n", 1).replace(
    "format: 1\n", "format: 1\n# isoctl: ignore[D004]\n", 1)


@pytest.mark.parametrize("text", [*(p.read_text(encoding="utf-8") for p in SEED_PLANS), NO_SIGNER, DOUBLE_SPACE, SUPPRESSED],
                         ids=[*(p.stem for p in SEED_PLANS), "no-signer", "double-space", "suppressed"])
def test_only_some_codes_gives_exactly_their_findings(text) -> None:
    """lint_checked(only=codes) runs only those rules (every rule for X001) and gives the same
    findings of those codes as the whole lint, for each code found, for pairs and for none."""
    from isoctl.lint.engine import lint_checked
    from isoctl.plan.validate import check_text

    checked = check_text(text, "plan.yaml", fast=True)
    whole = lint_checked(checked, Config()).findings
    found = sorted({f.code for f in whole})
    assert found, "a text with findings"
    for only in [*({c} for c in found), set(found[:2]), set(found[-2:]), {"C001", "X001"}, set()]:
        again = lint_checked(check_text(text, "plan.yaml", fast=True), Config(), only=only).findings
        assert again == [f for f in whole if f.code in only], only
