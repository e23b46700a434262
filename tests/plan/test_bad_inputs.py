"""Every broken input in tests/bad/cases.toml gives its exact exit code, message and position.

Text cases are files in tests/bad/; binary, huge or un-committable ones are made here at test
time. Heavy cases run ``python -m isoctl`` in a subprocess with a memory limit and a timeout, so
a crash (segfault), a hang or a memory blow-up fails the test instead of the test run.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import tomllib
import unicodedata
from pathlib import Path

import pytest

from conftest import Result

BAD = Path(__file__).parent.parent / "bad"
CASES = tomllib.loads((BAD / "cases.toml").read_text(encoding="utf-8"))
BASE = (BAD / "valid-base.yaml").read_text(encoding="utf-8")
MEMORY_LIMIT = 1 << 30  # 1 GiB of address space
TIMEOUT = 60  # seconds; a guard against hangs, not a speed assertion


def _write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _latin_base() -> str:
    """A plan written with French-accented names only, so that Latin-1 can encode all of it."""
    text = BASE.replace("Sở Khoa học và Công nghệ", "Société Générale")
    return "".join(ch if ord(ch) < 256 else "?" for ch in text)


# --- generators: each takes a temporary folder and returns the path to validate ----------------

def big_50mb(tmp: Path) -> Path:
    path = tmp / "big.yaml"
    with open(path, "wb") as fh:
        fh.write(b"format: 1\n")
        chunk = b"# " + b"x" * (1 << 20) + b"\n"
        for _ in range(50):
            fh.write(chunk)
    return path


def random_bytes(tmp: Path) -> Path:
    data = bytearray(random.Random(20240601).randbytes(4096))
    data[0] = 0xF5  # never valid in UTF-8: the position is the first byte
    data[1::2] = bytes(b | 0x80 for b in data[1::2])  # and never NUL-interleaved like UTF-16
    return _write(tmp / "random.yaml", bytes(data))


def utf16_bom(tmp: Path) -> Path:
    return _write(tmp / "utf16.yaml", BASE.encode("utf-16"))


def utf16_no_bom(tmp: Path) -> Path:
    return _write(tmp / "utf16le.yaml", BASE.encode("utf-16-le"))


def latin1(tmp: Path) -> Path:
    return _write(tmp / "latin1.yaml", _latin_base().encode("latin-1"))


def cp1258(tmp: Path) -> Path:
    return _write(tmp / "cp1258.yaml", unicodedata.normalize("NFC", BASE).encode("cp1258", errors="replace"))


def bom(tmp: Path) -> Path:
    return _write(tmp / "bom.yaml", b"\xef\xbb\xbf" + BASE.encode())


def crlf(tmp: Path) -> Path:
    return _write(tmp / "crlf.yaml", BASE.replace("\n", "\r\n"))


def bom_crlf_error(tmp: Path) -> Path:
    text = BASE.replace("status: draft\n", "status: draft\nyear: 2025\n").replace("\n", "\r\n")
    return _write(tmp / "bom-crlf.yaml", b"\xef\xbb\xbf" + text.encode())


def folder_named_yaml(tmp: Path) -> Path:
    path = tmp / "x.yaml"
    path.mkdir()
    return path


def folder_inside(tmp: Path) -> Path:
    (tmp / "plans" / "x.yaml").mkdir(parents=True)
    _write(tmp / "plans" / "plan.yaml", BASE)
    return tmp / "plans"


def unreadable(tmp: Path) -> Path:
    if os.geteuid() == 0:
        pytest.skip("running as root: permissions do not stop root from reading")
    path = _write(tmp / "secret.yaml", BASE)
    path.chmod(0)
    return path


def device_zero(tmp: Path) -> Path:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    return Path("/dev/zero")  # named as a plan: refused at once, never read


def link_to_secret(tmp: Path) -> Path:
    (tmp / "repo" / ".git").mkdir(parents=True)
    secret = _write(tmp / "secret.env", "SECRET=hunter2\n")
    path = tmp / "repo" / "e.yaml"
    path.symlink_to(secret)
    return path


def _world(tmp: Path) -> Path:
    """A folder an unprivileged user may enter (tmp_path is root's alone)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="isoctl-bad-", dir="/tmp" if os.path.isdir("/tmp") else None))
    os.chmod(folder, 0o777)
    _CLEANUP.append(folder)
    return folder


def unreadable_any_user(tmp: Path) -> Path:
    path = _write(_world(tmp) / "secret.yaml", BASE)
    path.chmod(0)
    return path


def unlistable_folder(tmp: Path) -> Path:
    folder = _world(tmp) / "plans"
    (folder / "locked").mkdir(parents=True)
    os.chmod(folder, 0o777)
    _write(folder / "plan.yaml", BASE)
    os.chmod(folder / "plan.yaml", 0o644)
    os.chmod(folder / "locked", 0)
    return folder / "locked"


_CLEANUP: list[Path] = []


def symlink_loop(tmp: Path) -> Path:
    path = tmp / "loop.yaml"
    path.symlink_to("loop.yaml")
    return path


def symlink_loop_in_folder(tmp: Path) -> Path:
    folder = tmp / "plans"
    folder.mkdir()
    (folder / "a.yaml").symlink_to("b.yaml")
    (folder / "b.yaml").symlink_to("a.yaml")
    return folder


def dangling_symlink(tmp: Path) -> Path:
    path = tmp / "gone.yaml"
    path.symlink_to("nowhere.yaml")
    return path


def fifo(tmp: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    path = tmp / "pipe.yaml"
    os.mkfifo(path)
    return path


def missing_path(tmp: Path) -> Path:
    return tmp / "no-such-plan.yaml"


def alias_bomb(tmp: Path) -> Path:
    lines = ["format: 1", 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return _write(tmp / "bomb.yaml", "\n".join(lines) + "\n")


def deep_flow(tmp: Path) -> Path:
    return _write(tmp / "deep.yaml", "a: " + "[" * 100_000 + "]" * 100_000 + "\n")


def deep_flow_mappings(tmp: Path) -> Path:
    return _write(tmp / "deep-map.yaml", "a: " + "{b: [1, " * 20_000 + "2" + "]}" * 20_000 + "\n")


def deep_block(tmp: Path) -> Path:
    body = "".join(" " * (i + 1) + "b:\n" for i in range(3_000))  # 4.5 MB: just under the size limit
    return _write(tmp / "deep-block.yaml", "a:\n" + body + " " * 3_001 + "1\n")


def dash_chain(tmp: Path) -> Path:
    return _write(tmp / "dashes.yaml", "a:\n" + "- " * 40_000 + "x\n")


def moderately_deep(tmp: Path) -> Path:
    return _write(tmp / "deep900.yaml", "a:\n" + " [\n" * 900 + " ]\n" * 900)


# --- running -------------------------------------------------------------------------------------

def _limits() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _run_subprocess(args: list[str], cwd: Path, nobody: bool = False) -> Result:
    env = {**os.environ, "LANG": "C.UTF-8", "NO_COLOR": "1", "COLUMNS": "120"}
    for var in ("LC_ALL", "ISOCTL_LANG", "GITHUB_ACTIONS", "ISOCTL_DEBUG"):
        env.pop(var, None)
    command = [sys.executable, "-m", "isoctl", *args]
    if nobody and os.geteuid() == 0:  # root reads anything: the case runs as nobody
        import shutil

        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions would not bind")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        cwd = Path("/")
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT, preexec_fn=_limits if os.name == "posix" else None)
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(name, cli, tmp_path, monkeypatch):
    case = CASES[name]
    monkeypatch.chdir(tmp_path)
    if "file" in case:
        target = BAD / case["file"]
    else:
        target = globals()[case["make"]](tmp_path)
    args = ["validate", str(target), "--format", "concise"]
    try:
        result = _run_subprocess(args, tmp_path, case.get("nobody", False)) \
            if case.get("heavy") or case.get("nobody") else cli(*args)
    finally:
        while _CLEANUP:
            folder = _CLEANUP.pop()
            for sub, dirs, _files in os.walk(folder):
                for d in dirs:
                    os.chmod(os.path.join(sub, d), 0o755)
            shutil.rmtree(folder, ignore_errors=True)
    assert "hunter2" not in result.output, result

    assert result.exit_code == case["exit"], result
    assert "Traceback" not in result.output, result
    assert "internal error" not in result.output, result
    assert case["message"] in result.output, result
    if "code" in case:
        # the finding this case is about; lint rules may add others (e.g. warnings) around it
        where = re.escape(case["where"]) if "where" in case else r"\d+:\d+"
        pattern = rf"^{re.escape(str(target))}\S*:{where}: {case['code']} "
        assert re.search(pattern, result.stdout, re.M), result
    assert not (tmp_path / "pwned.txt").exists(), "a YAML tag ran code"


def test_every_case_file_is_listed():
    listed = {c["file"] for c in CASES.values() if "file" in c}
    on_disk = {p.name for p in BAD.glob("*.yaml")}
    assert on_disk == listed
    assert len(CASES) >= 40


def test_generators_exist():
    for name, case in CASES.items():
        assert "file" in case or callable(globals().get(case.get("make", ""))), name


def test_bad_messages_in_vietnamese(cli):
    result = cli("--lang", "vi", "validate", str(BAD / "feb-30.yaml"), "--format", "concise")
    assert result.exit_code == 1
    assert "'2014-02-30' không phải là ngày có thật" in result.stdout
    result = cli("--lang", "vi", "validate", str(BAD / "unclosed-single-quote.yaml"), "--format", "concise")
    assert "chuỗi trong dấu nháy này không được đóng" in result.stdout


def test_python_tag_does_not_run_code(cli, tmp_path, monkeypatch):
    """The tag would write pwned.txt in the current folder if PyYAML's unsafe loader were used."""
    monkeypatch.chdir(tmp_path)
    result = cli("validate", str(BAD / "python-object-tag.yaml"))
    assert result.exit_code == 1
    assert not (tmp_path / "pwned.txt").exists()


def test_full_format_on_every_static_case(cli):
    """The default reporter (source line and caret) copes with every broken file too."""
    for case in CASES.values():
        if "file" in case:
            result = cli("validate", str(BAD / case["file"]))
            assert result.exit_code == case["exit"], result
            assert "Traceback" not in result.output


# --- isoctl's depth limit is its own, whatever the parser's --------------------------------------

@pytest.mark.parametrize(("text", "deep"), [
    ("a: " + "[" * 65 + "]" * 65, True),
    ("a: " + "{b: " * 65 + "1" + "}" * 65, True),
    ("a: " + "[" * 64 + "]" * 64, False),
    ("title: x " + "[" * 100, False),  # brackets inside a plain scalar open nothing
    ("# " + "[" * 100, False),
    ('a: "' + "[" * 100 + '"', False),
    ("a: '" + "[" * 100 + "'", False),
    ('a: ["' + "[" * 100 + '", [[]]]', False),
    ("a: ['it''s " + "[" * 100 + "']", False),
])
def test_flow_depth_is_scanned_by_isoctl(text, deep):
    from isoctl.plan.loader import _flow_too_deep

    assert (_flow_too_deep(text) is not None) is deep


def test_parser_depth_error_becomes_isoctl_message(monkeypatch):
    """A parser that stops on nesting before isoctl does still yields isoctl's E004."""
    import yaml

    from isoctl.plan import loader

    class Refusing:
        def __init__(self, text):
            pass

        def get_single_node(self):
            raise yaml.MarkedYAMLError(problem="exceeded maximum nesting depth",
                                       problem_mark=loader._Mark(2, 7))

        def dispose(self):
            pass

    monkeypatch.setattr(loader, "_loader_class", lambda: Refusing)
    errors = loader.load_text("a:\n  b:\n    c: 1\n", "p.yaml").errors
    assert [(e.code, e.line, e.col) for e in errors] == [("E004", 3, 8)]
    assert "nesting deeper than 64 levels" in errors[0].message
