"""Did-you-mean (isoctl.suggest): a near miss is suggested, a word that merely shares letters is not."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from isoctl.suggest import close_matches, closest, distance

NAMES = ["--format", "--output-format", "--quiet", "--strict", "--select", "--ignore", "--jobs", "--fix", "--diff",
         "--baseline", "--write-baseline", "--force", "--output-file", "--exit-zero", "--statistics",
         "--show-settings", "--show-activities", "--help", "--lang", "--config", "--color"]
TASKS = ["kien-toan-bcd", "lap-ke-hoach", "khao-sat-thuc-trang", "dao-tao-kien-thuc-iso", "danh-gia-noi-bo",
         "khac-phuc-phong-ngua", "xem-xet-lanh-dao", "cong-bo", "duy-tri-cai-tien"]
word = st.text(string.ascii_lowercase + "-", min_size=5, max_size=24).filter(lambda w: w.strip("-") == w)


def test_near_misses_and_noise() -> None:
    assert close_matches("--bogus", NAMES) == []  # difflib: --jobs (ratio 0.77)
    assert close_matches("--job", NAMES) == ["--jobs"]
    assert close_matches("--fromat", NAMES) == ["--format"]
    assert close_matches("--jbos", NAMES) == ["--jobs"]  # a swap is one edit
    assert close_matches("--bgous", NAMES) == []
    assert close_matches("--quite", NAMES) == ["--quiet"]
    assert close_matches("--stat", NAMES) == ["--statistics"]  # an abbreviation
    assert close_matches("--language", NAMES) == ["--lang"]
    assert close_matches("--show", NAMES, 3) == ["--show-settings", "--show-activities"]
    assert close_matches("nonexistent-task", TASKS, 5) == []  # difflib at 0.4: kien-toan-bcd
    assert close_matches("lap-ke-hoach-x", TASKS, 5) == ["lap-ke-hoach"]  # and not dao-tao-kien-thuc-iso
    assert closest("v003", ["V004", "V003"]) == "V003"  # case costs less than a letter
    assert closest("X999", ["X001", "V003"]) is None
    assert closest("xyz", ["validate", "schema", "rules"]) is None


@given(word, st.integers(0, 23), st.sampled_from(string.ascii_lowercase))
def test_one_typo_is_always_suggested(name: str, at: int, letter: str) -> None:
    at %= len(name)
    swapped = name[:at] + name[at + 1:at + 2] + name[at] + name[at + 2:]
    for typo in (name[:at] + name[at + 1:], name[:at] + letter + name[at:], name[:at] + letter + name[at + 1:],
                 swapped):
        if typo != name and len(typo) >= 4 and not typo.startswith("-"):  # a leading '-' is an option's dash
            assert name in close_matches(typo, ["zzzzzzzzzzzzzzzzzzzzzzzzzzzz", name], 2), typo


@given(word, word)
def test_distance_is_a_metric_and_suggestions_are_within_a_third(a: str, b: str) -> None:
    assert distance(a, b) == distance(b, a)
    assert (distance(a, b) == 0) == (a == b)
    assert distance(a, b) <= 2 * max(len(a), len(b))
    if close_matches(a, [b]) and not (b.startswith(a) or a.startswith(b)):
        assert distance(a, b) <= (len(a) + len(b) + 3) * 2 // 6
    for limit in (3, 6):
        assert distance(a, b, limit) == min(distance(a, b), limit + 1)
