"""QA of review, textconv, SARIF and summaries as a reviewer reads them (both languages)."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import PLANS, plan_repo
from isoctl.review.review import textconv

P2024 = (PLANS / "plan-2024.yaml").read_text(encoding="utf-8")


def git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, encoding="utf-8", check=True)


@pytest.fixture
def repo(tmp_path, monkeypatch, git_identity):
    """plans/plan.yaml = the 2024 plan, then a commit that doubles a space in a task title."""
    root = plan_repo(tmp_path / "repo", {"plans/plan.yaml": P2024})
    edited = P2024.replace("title: Họp xem xét của lãnh đạo\n", "title: Họp xem xét của lãnh đạo  Sở\n")
    assert edited != P2024
    (root / "plans" / "plan.yaml").write_text(edited, encoding="utf-8")
    git(root, "commit", "-q", "-am", "head")
    monkeypatch.chdir(root)
    return root


def test_review_severity_and_heading_in_vietnamese(cli, repo):
    r = cli("--lang", "vi", "review", "HEAD~1..HEAD")
    assert r.exit_code == 0, r
    assert "Vấn đề mới do thay đổi này: 1" in r.stdout
    assert "V003 [cảnh báo]" in r.stdout and "[warning]" not in r.stdout
    # D006 quotes the task title; editing the title does not make the old finding a new one
    assert "D006" not in r.stdout
    md = cli("--lang", "vi", "review", "HEAD~1..HEAD", "--format", "markdown")
    assert "**V003** cảnh báo:" in md.stdout, md
    en = cli("review", "HEAD~1..HEAD")
    assert "V003 [warning] 2 spaces in a row" in en.stdout, en


def test_textconv_keeps_doubled_spaces_so_git_diff_shows_them(repo):
    old = textconv(P2024)
    new = textconv((repo / "plans" / "plan.yaml").read_text(encoding="utf-8"))
    assert old != new
    assert "task xem-xet-lanh-dao: Họp xem xét của lãnh đạo  Sở | " in new


def test_textconv_joins_line_breaks_only():
    text = P2024.replace("title: Họp xem xét của lãnh đạo\n", "title: |-\n          Họp xem xét\n          của lãnh đạo\n")
    assert "task xem-xet-lanh-dao: Họp xem xét của lãnh đạo | " in textconv(text)


def test_sarif_names_and_describes_its_rules(cli):
    r = cli("validate", "--format", "sarif", str(PLANS))
    rules = {x["id"]: x for x in json.loads(r.stdout)["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["D006"]["name"] == "consultant-leads-agency-task"
    assert rules["D006"]["shortDescription"]["text"].startswith("An external consultant leads")
    assert "`isoctl explain D006`" in rules["D006"]["help"]["text"]


def test_summary_plurals(cli):
    r = cli("validate", "--select", "D006", "--format", "json", str(PLANS))
    assert r.stderr.strip() == "4 file(s) checked: 2 finding(s) (2 errors)", r
    r = cli("--lang", "vi", "validate", "--select", "D006", "--format", "json", str(PLANS))
    assert r.stderr.strip() == "đã kiểm tra 4 tệp: 2 vấn đề (2 lỗi)", r


def test_d006_does_not_say_consultant_twice_in_vietnamese(cli):
    r = cli("--lang", "vi", "validate", "--select", "D006", "--format", "concise", str(PLANS))
    assert ": D006 [lỗi] 'Đơn vị tư vấn' chủ trì 'Họp xem xét của lãnh đạo'" in r.stdout, r
    assert "đơn vị tư vấn 'Đơn vị tư vấn'" not in r.stdout
