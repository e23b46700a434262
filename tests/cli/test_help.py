"""Help as a user reads it: no Python types for values (<bool>, <list[str]>), and text in square
brackets ([tool.isoctl.diff]) printed as written, on every command's page."""

from __future__ import annotations

import re

import pytest

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
