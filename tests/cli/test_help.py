"""Help as a user reads it: no Python types for values (<bool>, <list[str]>), a choice's values
shown ([en|vi]), text in square brackets ([tool.isoctl.diff]) printed as written, on every
command's page; and in Vietnamese, whole: with ``--lang vi`` (and ``LANG=vi_VN.UTF-8``) every page
has the Vietnamese of every help text on it and none of the English, click's own words too."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT
from isoctl.cli.helptext import vietnamese

TYPES = re.compile(r"<(bool|str|int|float|path|int range|float range|list\[[^\]]*\]|[a-z]+(\|[a-z-]+)+)>")


def _commands():
    import typer

    from isoctl.cli.app import app

    out = []

    def walk(command, path):
        out.append((path, command))
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return out


COMMANDS = _commands()


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) or "isoctl" for p, _ in COMMANDS])
def test_help_has_no_python_types_and_keeps_brackets(cli, monkeypatch, path, command):
    monkeypatch.setenv("COLUMNS", "80")
    result = cli(*path, "--help")
    assert result.exit_code == 0, result
    page = result.stdout
    assert not TYPES.search(page), TYPES.search(page).group(0)
    flat = " ".join(page.split())
    texts = [command.help or "", *(getattr(p, "help", None) or "" for p in command.params)]
    for text in texts:
        for bracketed in re.findall(r"\[[^\]\n]+\]", text):
            assert bracketed.replace("\\[", "[") in flat.replace("- ", "-"), (bracketed, page)
    assert "\\[" not in page
    assert max(map(len, page.splitlines())) <= 80

def _flat(text: str) -> str:
    return " ".join(text.split()).replace("- ", "-")  # textwrap breaks after a hyphen


def _texts(command) -> list[str]:
    return [inspect.cleandoc(t) for t in (command.help, *(getattr(p, "help", None) for p in command.params)) if t]


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) or "isoctl" for p, _ in COMMANDS])
def test_every_help_text_has_its_vietnamese_on_the_page(cli, monkeypatch, path, command) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("--lang", "vi", *path, "--help")
    assert result.exit_code == 0, result
    page = result.stdout
    flat = _flat(page)
    for text in _texts(command):
        vi = vietnamese(text)
        assert vi, f"no Vietnamese for {text!r}"
        first = _flat(vi.split("\n\n")[0])
        assert first in flat, (first, page)
        if _flat(text) not in _flat(vi):  # a text that is only syntax (diff-driver's arguments) stays
            assert _flat(text.split("\n\n")[0]) not in flat, text
    for english in ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message", "env var:", "default:",
                    "required]"):
        assert english not in page, english
    assert page.startswith("Cách dùng: ") and "Tùy chọn:" in page
    assert max(map(len, page.splitlines())) <= 80
    english = cli(*path, "--help").stdout
    assert english.startswith("Usage: ") and "Cách dùng" not in english


def test_lang_from_the_environment_and_choices_shown() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("ISOCTL_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    for lang, heading in (("vi_VN.UTF-8", "Tùy chọn:"), ("C.UTF-8", "Options:")):
        r = subprocess.run([sys.executable, "-m", "isoctl", "--help"], env={**env, "LANG": lang, "COLUMNS": "80",
                                                                          "PYTHONPATH": str(ROOT)},
                           capture_output=True, text=True, encoding="utf-8")
        assert r.returncode == 0 and heading in r.stdout
        assert "--lang [en|vi]" in r.stdout and "--color [auto|always|never]" in r.stdout
    r = subprocess.run([sys.executable, "-m", "isoctl", "validate", "--help"],
                       env={**env, "LANG": "C.UTF-8", "ISOCTL_LANG": "vi", "COLUMNS": "80", "PYTHONPATH": str(ROOT)},
                       capture_output=True, text=True, encoding="utf-8")
    assert "Kiểm tra kế hoạch" in r.stdout and "[full|concise|json|github|sarif]" in r.stdout
