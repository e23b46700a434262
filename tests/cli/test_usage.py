"""typer's usage errors come in the user's language, in click's layout, with exit code 2."""

from __future__ import annotations

import re

import pytest

from isoctl.cli.usage import _MESSAGES, _vietnamese


@pytest.mark.parametrize(("args", "en", "vi"), [
    (["validate", "--bogus"], "Error: No such option: --bogus", "Lỗi: không có tùy chọn --bogus"),
    (["validate", "--job", "2"], "Error: No such option: --job. Did you mean --jobs?",
     "Lỗi: không có tùy chọn --job. Có phải ý bạn là --jobs?"),
    (["valdate"], "Error: No such command 'valdate'. Did you mean 'validate'?",
     "Lỗi: không có lệnh 'valdate'. Có phải ý bạn là 'validate'?"),
    (["validate", "-j"], "Error: Option '-j' requires an argument.", "Lỗi: tùy chọn '-j' cần một giá trị."),
    (["validate", "-j", "0"], "Error: Invalid value for '--jobs' / '-j': Input should be greater than or equal to 1",
     "Lỗi: giá trị không hợp lệ cho '--jobs' / '-j': phải lớn hơn hoặc bằng 1"),
    (["validate", "-j", "x"], "Error: Invalid value for '--jobs' / '-j': Input should be a valid integer, unable to "
     "parse string as an integer", "Lỗi: giá trị không hợp lệ cho '--jobs' / '-j': phải là một số nguyên"),
    (["validate", "--format", "xml"], "Error: Invalid value for '--format' / '--output-format': 'xml' is not one of "
     "'full', 'concise', 'json', 'github', 'sarif'.", "Lỗi: giá trị không hợp lệ cho '--format' / '--output-format': "
     "'xml' không phải một trong 'full', 'concise', 'json', 'github', 'sarif'."),
    (["validate", "--quiet=1"], "Error: Option '--quiet' does not take a value.",
     "Lỗi: tùy chọn '--quiet' không nhận giá trị."),
    (["nosuch"], "Error: No such command 'nosuch'.", "Lỗi: không có lệnh 'nosuch'."),
    (["done"], "Error: Missing argument 'TASK_ID'.", "Lỗi: thiếu tham số 'TASK_ID'."),
    (["schema", "extra"], "Error: Got unexpected extra argument(s) (extra)", "Lỗi: thừa tham số (extra)."),
])
def test_usage_errors_in_both_languages(cli, args: list[str], en: str, vi: str) -> None:
    english = cli(*args)
    assert english.exit_code == 2, english
    assert english.stderr.rstrip("\n").splitlines()[-1] == en
    vietnamese = cli("--lang", "vi", *args)
    assert vietnamese.exit_code == 2, vietnamese
    assert vietnamese.stderr.rstrip("\n").splitlines()[-1] == vi


def test_the_layout_is_clicks(cli) -> None:
    # the program's name is click's guess: "isoctl", or "python -m …" under pytest
    english = cli("validate", "--bogus").stderr.splitlines()
    assert re.fullmatch(r"Usage: (.*)isoctl validate \[OPTIONS\] \[paths\]\.\.\.", english[0])
    assert re.fullmatch(r"Try '(.*)isoctl validate -h' for help\.", english[1])
    assert english[2:] == ["", "Error: No such option: --bogus"]
    vietnamese = cli("--lang", "vi", "validate", "--bogus").stderr.splitlines()
    assert re.fullmatch(r"Cách dùng: (.*)isoctl validate \[OPTIONS\] \[paths\]\.\.\.", vietnamese[0])
    assert re.fullmatch(r"Xem '(.*)isoctl validate -h' để biết cách dùng\.", vietnamese[1])
    assert vietnamese[2:] == ["", "Lỗi: không có tùy chọn --bogus"]


@pytest.mark.parametrize("args", [["--lang", "vi", "nosuch"], ["--config", "x", "--lang=vi", "nosuch"]])
def test_errors_before_the_lang_option_is_read_are_vietnamese_too(cli, args: list[str]) -> None:
    assert cli(*args).stderr.rstrip("\n").splitlines()[-1] == "Lỗi: không có lệnh 'nosuch'."


def test_isoctl_lang_and_a_bad_lang(cli, monkeypatch) -> None:
    monkeypatch.setenv("ISOCTL_LANG", "vi")
    assert cli("nosuch").stderr.rstrip("\n").splitlines()[-1] == "Lỗi: không có lệnh 'nosuch'."
    monkeypatch.delenv("ISOCTL_LANG")
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    result = cli("--lang", "fr", "validate")
    assert result.exit_code == 2
    assert result.stderr.rstrip("\n").splitlines()[-1] == (
        "Lỗi: giá trị không hợp lệ cho '--lang' (biến môi trường: 'ISOCTL_LANG'): 'fr' không phải một trong 'en', 'vi'.")


def test_an_unknown_message_stays_english() -> None:
    assert _vietnamese("Something new from typer.", _MESSAGES) == "Something new from typer."
