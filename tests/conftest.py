"""Shared fixtures: a CLI runner that shows the output when an assertion fails, and file trees."""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

_CACHE_HOME: list[str] = []


def pytest_configure(config):
    """The tests' own cache home (done/set's signing key, ``XDG_CACHE_HOME/isoctl/key``), so a test
    run never writes into the user's ~/.cache; subprocesses inherit it. Removed when the run ends."""
    import tempfile

    _CACHE_HOME.append(tempfile.mkdtemp(prefix="isoctl-tests-cache-"))
    os.environ["XDG_CACHE_HOME"] = _CACHE_HOME[-1]


def pytest_unconfigure(config):
    import shutil

    while _CACHE_HOME:
        shutil.rmtree(_CACHE_HOME.pop(), ignore_errors=True)


ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
SEED_PLANS = sorted([*PLANS.glob("*.yaml"), *PLANS.glob("examples/*.yaml")])


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __repr__(self) -> str:
        return f"<exit {self.exit_code}>\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


@pytest.fixture
def cli(monkeypatch):
    """Run ``isoctl ARGS`` in-process through the real entry point (same error mapping, same exit codes).

    The returned Result's repr shows the output, so a failing ``assert result.exit_code == 0, result``
    prints what the command said.
    """
    from isoctl.cli import app as cli_module
    from isoctl.cli import entry
    from isoctl.i18n import set_lang

    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("ISOCTL_LANG", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")

    def run(*args: str, input: str | None = None) -> Result:
        import signal

        handler = signal.getsignal(signal.SIGINT)  # the program ignores Ctrl-C once it has ended
        cli_module.state.config = None
        cli_module.state.config_path = None
        cli_module.state.lang = None
        set_lang(None)
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with monkeypatch.context() as m:
            m.setattr(sys, "argv", ["isoctl", *args])
            m.setattr(sys, "stdout", out)
            m.setattr(sys, "stderr", err)
            m.setattr(sys, "stdin", io.StringIO(input or ""))
            try:
                entry.main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            finally:
                signal.signal(signal.SIGINT, handler)
        set_lang(None)
        return Result(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def tree(tmp_path):
    """``tree({"a/b.yaml": "text"})`` writes files under a temporary folder and returns it."""

    def build(files: dict[str, str | bytes]) -> Path:
        for rel, content in files.items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return tmp_path

    return build


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def git_identity(monkeypatch):
    """A committer for scratch repositories, and no system or user git configuration."""
    for key, value in {"GIT_AUTHOR_NAME": "QA", "GIT_AUTHOR_EMAIL": "qa@example.vn", "GIT_COMMITTER_NAME": "QA",
                       "GIT_COMMITTER_EMAIL": "qa@example.vn", "GIT_CONFIG_NOSYSTEM": "1",
                       "GIT_CONFIG_GLOBAL": os.devnull}.items():
        monkeypatch.setenv(key, value)


def plan_repo(root, files, message="base"):
    """A scratch git repository at ``root`` (branch main) with ``files`` ({path: text}) in one commit."""
    import subprocess

    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, check=True)
    return root


def pytest_report_header(config):
    return f"isoctl tests, root {ROOT}, {len(SEED_PLANS)} seed plans, cwd {os.getcwd()}"
