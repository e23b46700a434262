"""The quick start of ``isoctl validate``, ``import docx``, ``done`` and ``set`` (isoctl.cli.entry) reads plain
arguments the way typer does, leaves everything else to typer, and gives the same output, exit code
and files as the typer path."""

from __future__ import annotations

import shutil
import subprocess
import sys
from enum import Enum

import pytest

from conftest import PLANS, ROOT
from isoctl.cli.entry import parse_quick

DEFAULTS = {"lang": None, "config": None, "color": None, "version": False, "command": "validate", "paths": None}


@pytest.mark.parametrize(("argv", "expected"), [
    (["validate"], {}),
    (["validate", "a.yaml", "b"], {"paths": ["a.yaml", "b"]}),
    (["--lang", "vi", "--config=x.toml", "validate", "p"], {"lang": "vi", "config": "x.toml", "paths": ["p"]}),
    (["validate", "-q", "p", "--strict"], {"quiet": True, "strict": True, "paths": ["p"]}),
    (["validate", "--format", "json", "--output-format=concise"], {"output_format": "concise"}),
    (["validate", "-j2", "--jobs", "3", "-j", "4"], {"jobs": 4}),
    (["validate", "--select", "C,L001", "--ignore=V"], {"select": "C,L001", "ignore": "V"}),
    (["validate", "--fix", "--diff", "--force", "--show-activities"],
     {"fix": True, "diff": True, "force": True, "show_activities": True}),
    (["validate", "--baseline", "b.json", "--write-baseline=c.json"], {"baseline": "b.json", "write_baseline": "c.json"}),
    (["validate", "--", "-odd.yaml", "--strict"], {"paths": ["-odd.yaml", "--strict"]}),
    (["validate", "-", "validate"], {"paths": ["-", "validate"]}),
    (["--config", "validate", "validate"], {"config": "validate"}),
    (["validate", "p", "--lang", "vi", "--config=x.toml", "--color", "never"],
     {"lang": "vi", "config": "x.toml", "color": "never", "paths": ["p"]}),
    (["validate", "--", "--lang", "vi"], {"paths": ["--lang", "vi"]}),
    (["validate", "-q", "--exit-zero", "--statistics", "--show-settings", "-o", "r.sarif"],
     {"quiet": True, "exit_zero": True, "statistics": True, "show_settings": True, "output_file": "r.sarif"}),
    (["validate", "-o", "-", "p"], {"output_file": "-", "paths": ["p"]}),
])
def test_plain_validate_calls_are_read(argv: list[str], expected: dict) -> None:
    assert parse_quick(argv) == {**DEFAULTS, **expected}


IMPORT = {"lang": None, "config": None, "color": None, "version": False, "command": "import docx"}


@pytest.mark.parametrize(("argv", "expected"), [
    (["import", "docx", "a.docx"], {"file": "a.docx"}),
    (["import", "docx", "a.docx", "-o", "-"], {"file": "a.docx", "output": "-"}),
    (["import", "docx", "--output=p.yaml", "a.docx", "--force"], {"file": "a.docx", "output": "p.yaml", "force": True}),
    (["--lang", "vi", "import", "docx", "-o", "x.yaml", "a.docx"], {"lang": "vi", "file": "a.docx", "output": "x.yaml"}),
    (["import", "docx", "a.docx", "--lang", "vi", "--color", "never"], {"lang": "vi", "color": "never", "file": "a.docx"}),
    (["import", "docx", "--", "-odd.docx"], {"file": "-odd.docx"}),
    (["import", "docx", "-"], {"file": "-"}),
])
def test_plain_import_docx_calls_are_read(argv: list[str], expected: dict) -> None:
    assert parse_quick(argv) == {**IMPORT, **expected}


EDIT = {"lang": None, "config": None, "color": None, "version": False}


@pytest.mark.parametrize(("argv", "expected"), [
    (["done", "t1"], {"command": "done", "task_id": "t1", "plan": None}),
    (["done", "t1", "p.yaml", "--on", "2024-06-30"], {"command": "done", "task_id": "t1", "plan": "p.yaml",
                                                        "on": "2024-06-30"}),
    (["done", "--force", "--on=2024-06-30", "t1"], {"command": "done", "task_id": "t1", "plan": None, "force": True,
                                                     "on": "2024-06-30"}),
    (["done", "p.yaml", "t1"], {"command": "done", "task_id": "p.yaml", "plan": "t1"}),  # its own message says why
    (["--lang", "vi", "done", "t1", "--color", "never"], {"command": "done", "task_id": "t1", "plan": None,
                                                           "lang": "vi", "color": "never"}),
    (["done", "--", "-t1"], {"command": "done", "task_id": "-t1", "plan": None}),
    (["set", "t1", "note=x"], {"command": "set", "task_id": "t1", "items": ["note=x"]}),
    (["set", "t1", "note=x", "status=done", "p.yaml", "--force"],
     {"command": "set", "task_id": "t1", "items": ["note=x", "status=done", "p.yaml"], "force": True}),
    (["set", "--config", "c.toml", "t1", "when=Tháng 6"], {"command": "set", "task_id": "t1", "items": ["when=Tháng 6"],
                                                           "config": "c.toml"}),
    (["set", "note=x", "t1"], {"command": "set", "task_id": "note=x", "items": ["t1"]}),
    (["set", "t1", "--", "note=--x"], {"command": "set", "task_id": "t1", "items": ["note=--x"]}),
])
def test_plain_done_and_set_calls_are_read(argv: list[str], expected: dict) -> None:
    assert parse_quick(argv) == {**EDIT, **expected}


def test_a_lone_version_is_read() -> None:
    assert parse_quick(["--version"]) == parse_quick(["-V"]) == {"version": True}


@pytest.mark.parametrize("argv", [
    [], ["--help"], ["validate", "--help"], ["validate", "-h"], ["timeline"], ["--lang", "fr", "validate"],
    ["--lang"], ["--version", "validate"], ["validate", "--format", "xml"], ["validate", "--format"],
    ["validate", "-j", "0"], ["validate", "-j", "+2"], ["validate", "--jobs=two"], ["validate", "-qj2"],
    ["validate", "--quiet=yes"], ["validate", "--select", "-x"], ["validate", "--lang", "fr"],
    ["validate", "--unknown"], ["--config", "-x", "validate"], ["-q", "validate"],
    ["import"], ["import", "docx"], ["import", "docx", "a.docx", "b.docx"], ["import", "docx", "--help"],
    ["import", "docx", "a.docx", "-o"], ["import", "docx", "a.docx", "-o", "--force"], ["import", "docx", "-x"],
    ["import", "docx", "a.docx", "--force=yes"], ["import", "docx", "a.docx", "-q"], ["import", "pdf", "a.pdf"],
    ["docx", "import", "a.docx"], ["import", "--lang", "vi"],
    ["done"], ["done", "t1", "p.yaml", "q.yaml"], ["done", "t1", "--on"], ["done", "t1", "--on", "--force"],
    ["done", "t1", "--help"], ["done", "t1", "--force=yes"], ["done", "t1", "-q"], ["set"], ["set", "t1"],
    ["set", "t1", "note=x", "--on", "2024-06-30"], ["set", "t1", "note=x", "-h"],
])
def test_anything_else_is_left_to_typer(argv: list[str]) -> None:
    assert parse_quick(argv) is None


def test_an_unknown_isoctl_lang_is_left_to_typer(monkeypatch) -> None:
    monkeypatch.setenv("ISOCTL_LANG", "fr")
    assert parse_quick(["validate"]) is None
    monkeypatch.setenv("ISOCTL_LANG", "vi")
    assert parse_quick(["validate"])["lang"] == "vi"


CASES = [
    ["validate", "plans"],
    ["validate", "plans/plan-2023.yaml", "--format", "concise"],
    ["--lang", "vi", "validate", "plans", "--format=json"],
    ["validate", "-q", "plans"],
    ["validate", "--strict", "plans/examples"],
    ["validate", "--select", "C,L001", "plans"],
    ["validate", "--ignore=V", "-j1", "plans"],
    ["validate", "-j", "2", "--format", "sarif", "plans/plan-2024.yaml"],
    ["validate", "--format", "github", "plans/plan-2024.yaml"],
    ["validate", "--select", "ZZZ", "plans"],
    ["validate", "nowhere.yaml"],
    ["--config", "missing.toml", "validate", "plans"],
    ["validate", "--fix", "--diff", "plans"],
    ["validate", "--diff", "plans"],
    ["validate", "--fix", "plans/plan-2023.yaml"],
    ["validate", "--write-baseline", "bl.json", "plans"],
    ["validate", "--show-activities", "plans/plan-2024.yaml"],
    ["validate", "--", "plans/plan-2023.yaml"],
    ["validate", "plans/plan-2023.yaml", "--format", "xml"],
    ["--version"],
    ["validate", "plans", "--lang", "vi", "--color", "never", "--format", "concise"],
    ["validate", "-q", "--format", "sarif", "plans"],
    ["validate", "--statistics", "plans"],
    ["validate", "--show-settings", "--select", "C"],
    ["validate", "-o", "report.json", "--format", "json", "plans"],
    ["validate", "--exit-zero", "plans", "nowhere.yaml"],
    ["done", "lap-ke-hoach", "plans/plan-2023.yaml", "--on", "2023-02-10"],
    ["done", "lap-ke-hoach", "plans/plan-2023.yaml", "--on", "2024-02-10"],
    ["done", "lap-ke-hoach", "plans/plan-2023.yaml", "--on", "2024-02-10", "--force"],
    ["done", "plans/plan-2023.yaml", "lap-ke-hoach"],
    ["done", "lap-ke-hoach", "plans/plan-2023.yaml", "--on", "mai"],
    ["done", "lap-ke-hoch", "plans/plan-2023.yaml"],
    ["done", "lap-ke-hoach", "nowhere.yaml"],
    ["set", "kien-toan-bcd", "note=Đã rà soát", "status=in-progress", "plans/plan-2023.yaml"],
    ["set", "kien-toan-bcd", "when=Tháng 13", "plans/plan-2023.yaml"],
    ["set", "kien-toan-bcd", "when=Tháng 13", "plans/plan-2023.yaml", "--force"],
    ["set", "kien-toan-bcd", "colour=red", "plans/plan-2023.yaml"],
    ["set", "note=x", "kien-toan-bcd", "plans/plan-2023.yaml"],
    ["set", "kien-toan-bcd", "note=x", "plans/plan-2023.yaml", "plans/plan-2024.yaml"],
    ["--lang", "vi", "set", "phe-duyet-ke-hoach", "status=done", "plans/plan-2023.yaml"],
]


CONFIGS = {
    "no config": None,
    "config": 'lang = "vi"\noutput-format = "concise"\nignore = ["V"]\n[severity]\nS003 = "error"\n',
    "bad config": 'lang = "vi"\nselects = ["C"]\n',
}


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("argv", CASES, ids=" ".join)
def test_quick_and_typer_paths_say_the_same(cli, monkeypatch, tmp_path, argv: list[str], config: str) -> None:
    results = []
    for quick in (True, False):
        work = tmp_path / ("quick" if quick else "typer")
        shutil.copytree(PLANS, work / "plans")
        if CONFIGS[config] is not None:
            (work / "isoctl.toml").write_text(CONFIGS[config], encoding="utf-8")
        monkeypatch.chdir(work)
        if quick:
            monkeypatch.delenv("ISOCTL_NO_QUICK", raising=False)
        else:
            monkeypatch.setenv("ISOCTL_NO_QUICK", "1")
        result = cli(*argv)
        written = sorted(str(p.relative_to(work)) for p in work.rglob("*") if p.is_file())
        results.append((result.exit_code, result.stdout.replace(str(work), "<work>"),
                        result.stderr.replace(str(work), "<work>"), written,
                        (work / "plans" / "plan-2023.yaml").read_text(encoding="utf-8")))
    assert results[0] == results[1]


def _modules_after(argv: list[str]) -> list[str]:
    code = (f"import sys; sys.argv={['isoctl', *argv]!r}\n"
            "from isoctl.cli.entry import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('LOADED:' + ','.join(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return out.stdout.strip().splitlines()[-1].removeprefix("LOADED:").split(",")


@pytest.mark.parametrize("argv", [["validate", "plans/plan-2023.yaml"], ["validate", "--format", "json", "plans"],
                                  ["done", "lap-ke-hoach", "plans/plan-2023.yaml", "--on", "2099-01-01"],
                                  ["set", "lap-ke-hoach", "note=x", "plans/plan-2099.yaml"]])
def test_quick_commands_import_neither_typer_nor_pydantic(argv: list[str]) -> None:
    loaded = _modules_after(argv)
    assert not {"typer", "click", "pydantic", "pydantic_core", "rich", "ruamel", "jinja2", "docx"} & set(loaded)


def test_typer_and_the_quick_path_are_built_from_the_same_declarations() -> None:
    import typer.main

    from isoctl.cli import app as cli
    from isoctl.cli.options import GLOBAL, VALIDATE

    group = typer.main.get_command(cli.app)
    from isoctl.cli.options import DONE, IMPORT_DOCX, SET

    docx = group.commands["import"].commands["docx"]
    for params, declared in ((group.commands["validate"].params, VALIDATE), (group.params, GLOBAL),
                             (docx.params, IMPORT_DOCX), (group.commands["done"].params, DONE),
                             (group.commands["set"].params, SET)):
        options = {p.name: p for p in params if p.param_type_name == "option"}
        for option in declared:
            param = options.pop(option.dest)
            assert tuple(param.opts) == option.flags
            assert param.is_flag == (option.kind == "flag")
            kind = param.type_descriptor.annotation
            choices = [c.value for c in kind] if isinstance(kind, type) and issubclass(kind, Enum) else []
            assert choices == list(option.choices)
            assert param.help.replace("\\[", "[") == option.help
        assert set(options) <= {"help", "version", "install_completion", "show_completion"}, options


@pytest.mark.parametrize("option", __import__("isoctl.cli.options", fromlist=["VALIDATE"]).VALIDATE,
                         ids=lambda o: o.dest)
def test_every_declared_validate_option_is_read_by_the_quick_path(option) -> None:
    flag = option.flags[0]
    if option.kind == "flag":
        argv, value = ["validate", flag], True
    else:
        value = option.choices[-1] if option.kind == "choice" else ("3" if option.kind == "int" else "x.json")
        argv = ["validate", flag, value]
        value = option.convert(value)
    assert parse_quick(argv)[option.dest] == value
