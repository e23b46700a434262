"""``rules`` and ``explain`` in Vietnamese, whole: for every code (the schema's E codes and every lint
rule), ``isoctl --lang vi explain CODE`` (and ``LANG=vi_VN.UTF-8``) prints Vietnamese prose in every
paragraph, none of it the English page's, and ``isoctl --lang vi rules`` a Vietnamese summary on
every row. Examples (```yaml blocks), code names and field names are the same in both languages and
are left out of the comparison."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT
from isoctl.lint.rules import all_rules
from isoctl.plan.codes import CODES

ALL_CODES = [*CODES, *(m.CODE for m in all_rules())]

VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
# Words of English prose that are no Vietnamese word ("to", "in", "an" are; they are not listed).
ENGLISH = frozenset("the and is are of which with when that must not has have from this by for or its be if "
                    "only it on at as does was were".split())
# What stays as written in both languages: code blocks, ``literals``, `literals`, quoted text.
LITERAL = re.compile(r"```.*?```|``.*?``|`[^`]*`|\"[^\"]*\"|“[^”]*”|'[^'\s][^']*'", re.S)


def prose(page: str) -> list[str]:
    """The page's paragraphs of prose: code blocks and the title line left out, whitespace joined."""
    page = re.sub(r"```.*?```", "", page, flags=re.S)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", page)]
    return [p for p in paragraphs if p and not re.fullmatch(r"# [A-Z]\d{3} [a-z0-9-]+", p)]


def english_words(text: str) -> list[str]:
    """The English function words of ``text`` outside literals and quotations."""
    bare = LITERAL.sub(" ", text)
    return [w for w in re.findall(r"[A-Za-z]+", bare) if w.lower() in ENGLISH]


def not_vietnamese(text: str) -> str | None:
    """Why ``text`` is not Vietnamese prose, or None when it is."""
    bare = LITERAL.sub(" ", text)
    if re.search(r"[A-Za-z]{2}", bare) and not VIETNAMESE.search(bare):
        return "no Vietnamese letter"
    words = english_words(text)
    return f"English words {words}" if words else None


def test_the_detector_tells_english_from_vietnamese():
    """The check below can fail: English prose, and Vietnamese with an English clause, are caught."""
    assert not_vietnamese("The document date is outside the plan's year.")
    assert not_vietnamese("Default severity: warning.")
    assert not_vietnamese("Ngày của văn bản nằm ngoài năm, which is wrong.")
    assert not_vietnamese("Ngày của văn bản nằm ngoài năm của kế hoạch.") is None
    assert not_vietnamese('Ghi ``after: [id]`` hoặc "Sau công bố" (the task).')
    assert not_vietnamese('Ghi ``after: [id]`` hoặc "Sau công bố", không dùng "the task".') is None


def _check_page(vi: str, en: str, where: str) -> None:
    assert vi != en, where
    en_paragraphs = set(prose(en))
    paragraphs = prose(vi)
    assert paragraphs, where
    for p in paragraphs:
        problem = not_vietnamese(p)
        assert problem is None, f"{where}: {problem}: {p!r}"
        if re.search(r"[A-Za-z]{3}", LITERAL.sub(" ", p)):
            assert p not in en_paragraphs, f"{where}: the same as in English: {p!r}"


@pytest.mark.parametrize("code", ALL_CODES)
def test_explain_is_vietnamese_whole(cli, monkeypatch, code):
    en = cli("explain", code)
    assert en.exit_code == 0, en
    vi = cli("--lang", "vi", "explain", code)
    assert vi.exit_code == 0, vi
    _check_page(vi.stdout, en.stdout, f"--lang vi explain {code}")
    # the examples are the same in both
    assert re.findall(r"```.*?```", vi.stdout, re.S) == re.findall(r"```.*?```", en.stdout, re.S)
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    by_locale = cli("explain", code)
    assert by_locale.exit_code == 0, by_locale
    assert by_locale.stdout == vi.stdout


def _rows(page: str) -> dict[str, str]:
    """code -> the row's text after the code and name columns."""
    out = {}
    for line in page.splitlines()[1:]:
        code, name, rest = line.split(None, 2)
        out[code] = rest
    return out


def test_rules_is_vietnamese_whole(cli, monkeypatch):
    en = cli("rules")
    vi = cli("--lang", "vi", "rules")
    assert en.exit_code == vi.exit_code == 0, (en, vi)
    assert vi.stdout.splitlines()[0].split() == ["mã", "tên", "mức", "sửa", "mô", "tả"]
    en_rows, vi_rows = _rows(en.stdout), _rows(vi.stdout)
    assert list(vi_rows) == list(en_rows) == ALL_CODES
    for code in ALL_CODES:
        row = vi_rows[code]
        assert row.split()[0] in ("lỗi", "cảnh", "thông"), row
        problem = not_vietnamese(row)
        assert problem is None, f"{code}: {problem}: {row!r}"
        assert row != en_rows[code]
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert cli("rules").stdout == vi.stdout


def test_rules_json_summaries_in_the_run_language(cli):
    import json

    en = {r["code"]: r for r in json.loads(cli("rules", "--format", "json").stdout)}
    vi = {r["code"]: r for r in json.loads(cli("--lang", "vi", "rules", "--format", "json").stdout)}
    assert list(vi) == ALL_CODES
    for code in ALL_CODES:
        assert not_vietnamese(vi[code]["summary"]) is None, vi[code]
        assert {k: v for k, v in vi[code].items() if k != "summary"} == {k: v for k, v in en[code].items() if k != "summary"}


@pytest.mark.parametrize("args", [("rules",), ("explain", "S003"), ("explain", "E101")], ids=" ".join)
def test_vietnamese_locale_in_a_real_process(args):
    """The program as run from a Vietnamese shell: LANG alone picks Vietnamese."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "ISOCTL_LANG")}
    env.update(LANG="vi_VN.UTF-8", NO_COLOR="1", COLUMNS="120")
    vi = subprocess.run([sys.executable, "-m", "isoctl", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                        encoding="utf-8")
    env["LANG"] = "C.UTF-8"
    en = subprocess.run([sys.executable, "-m", "isoctl", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                        encoding="utf-8")
    assert vi.returncode == en.returncode == 0, (vi.stderr, en.stderr)
    if args[0] == "rules":
        for code, row in _rows(vi.stdout).items():
            assert not_vietnamese(row) is None, (code, row)
    else:
        _check_page(vi.stdout, en.stdout, " ".join(args))
