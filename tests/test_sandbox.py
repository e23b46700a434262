"""Input from a pull request cannot make isoctl do more than read plans.

- A git revision that starts with '-' would be read by git as an option (``--output=FILE``
  writes a file, ``--exec``/``-c`` run things in some commands): ``diff`` and ``review`` refuse
  it with exit 2, and nothing is written.
- Templates (once ``render`` exists) run in Jinja's sandbox: attempts to reach Python
  internals, files or imports end with a clear error and never print what they were after.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PLANS

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository with one plan committed, as the current folder."""
    monkeypatch.chdir(tmp_path)
    env = ["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([GIT, "init", "-q"], check=True)
    (tmp_path / "plans").mkdir()
    shutil.copy(PLANS / "plan-2024.yaml", tmp_path / "plans" / "plan-2024.yaml")
    subprocess.run([GIT, "add", "."], check=True)
    subprocess.run([GIT, *env, "commit", "-q", "-m", "plan"], check=True)
    return tmp_path


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if ".git" not in p.parts}


HOSTILE_REVS = ["--output=pwned.txt", "-h", "-p", "--exec=touch pwned.txt", "-c", "--", "-", ""]


@pytest.mark.parametrize("rev", HOSTILE_REVS)
def test_diff_refuses_option_like_rev(repo, cli, rev):
    before = _files(repo)
    result = cli("diff", f"--rev={rev}", "plans/plan-2024.yaml")
    assert result.exit_code == 2, result
    assert "Traceback" not in result.output
    assert _files(repo) == before


@pytest.mark.parametrize("rev", [r for r in HOSTILE_REVS if r])
def test_diff_refuses_option_like_rev_in_rev_path(repo, cli, rev):
    before = _files(repo)
    result = cli("diff", "--", f"{rev}:plans/plan-2024.yaml", "plans/plan-2024.yaml")
    assert result.exit_code == 2, result
    assert "start with '-'" in result.output or "revision" in result.output, result
    assert _files(repo) == before


@pytest.mark.parametrize("spec", ["--output=pwned.txt..HEAD", "HEAD..--output=pwned.txt", "-p..HEAD",
                                  "HEAD...-h", "--all"])
def test_review_refuses_option_like_range(repo, cli, spec):
    before = _files(repo)
    result = cli("review", "--", spec)
    assert result.exit_code == 2, result
    assert "Traceback" not in result.output
    assert _files(repo) == before


def test_a_normal_revision_still_works(repo, cli):
    result = cli("diff", "--rev=HEAD", "plans/plan-2024.yaml")
    assert result.exit_code == 0, result


# --- templates -------------------------------------------------------------------------------------

BASE_PLAN = Path(__file__).parent / "bad" / "valid-base.yaml"
SECRET = "isoctl-sandbox-secret-7f3a"

ESCAPES = {
    "class-mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "plan-class": "{{ plan.__class__ }}",
    "subclasses": "{{ ().__class__.__base__.__subclasses__() }}",
    "cycler-globals": "{{ cycler.__init__.__globals__.os.popen('echo " + SECRET + "').read() }}",
    "lipsum-globals": "{{ lipsum.__globals__['os'].environ }}",
    "joiner-globals": "{{ joiner.__init__.__globals__ }}",
    "namespace-init": "{{ namespace.__init__.__globals__ }}",
    "template-context": "{{ self._TemplateReference__context }}",
    "format-attr": "{{ '{0.__class__}'.format(plan) }}",
    "str-format-map": "{{ '{x.__class__.__init__.__globals__}'.format_map({'x': cycler}) }}",
    "attr-filter": "{{ plan|attr('__class__') }}",
    "include-abs": "{% include '/etc/passwd' %}",
    "include-secret": "{% include '__SECRET__' %}",
    "include-dotdot": "{% include '../secret.txt' %}",
    "import-os": "{% import 'os' as os %}{{ os.system('echo " + SECRET + "') }}",
    "extends-abs": "{% extends '/etc/passwd' %}",
    "range-bomb": "{% for i in range(10**9) %}x{% endfor %}",
    "recursion": "{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}",
    "missing-variable": "{{ no_such_variable }}",
    "syntax-error": "{% if %}",
}


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    """A folder as a pull request could bring it: a plan, a secret next to it, templates."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(BASE_PLAN, tmp_path / "plan.yaml")
    (tmp_path / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    (tmp_path / "t").mkdir()
    return tmp_path


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_template_cannot_escape(hostile, cli, name):
    source = ESCAPES[name].replace("__SECRET__", str(hostile / "secret.txt"))
    (hostile / "t" / f"{name}.j2").write_text(source + "\n", encoding="utf-8")
    out = hostile / "out.docx"
    result = cli("render", "docx", "plan.yaml", "--templates", "t", "--doc", name, "-o", str(out))
    assert result.exit_code == 1, result
    assert f"{name}.j2" in result.output, result  # the message names the template
    assert "Traceback" not in result.output and "internal error" not in result.output, result
    assert SECRET not in result.output
    assert "root:" not in result.output  # /etc/passwd
    assert "<class" not in result.output and "subclasses" not in result.output.replace(name, "")
    assert not out.exists()


def test_template_escape_in_vietnamese(hostile, cli):
    (hostile / "t" / "x.j2").write_text("{{ ''.__class__ }}\n", encoding="utf-8")
    result = cli("--lang", "vi", "render", "docx", "plan.yaml", "--templates", "t", "--doc", "x", "-o", "o.docx")
    assert result.exit_code == 1, result
    assert "x.j2:1:" in result.output


def test_a_harmless_user_template_renders(hostile, cli):
    (hostile / "t" / "thu.j2").write_text("{{ agency.name|upper }}\n", encoding="utf-8")
    result = cli("render", "docx", "plan.yaml", "--templates", "t", "--doc", "thu", "-o", "thu.docx")
    assert result.exit_code == 0, result
    assert (hostile / "thu.docx").exists()


@pytest.mark.parametrize("source", ["{{ 'a' * 10**9 }}", "{{ 'ab' * 900000000 }}", "{{ 10 ** 100000000 }}",
                                    "{{ [1, 2] * 10**8 }}"])
def test_template_cannot_exhaust_memory(hostile, source):
    import os
    import sys

    (hostile / "t" / "bomb.j2").write_text(source + "\n", encoding="utf-8")

    def limit():  # pragma: no cover - runs in the child
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    proc = subprocess.run([sys.executable, "-m", "isoctl", "render", "docx", "plan.yaml", "--templates", "t",
                           "--doc", "bomb", "-o", "bomb.docx"], cwd=hostile, capture_output=True, text=True,
                          timeout=60, preexec_fn=limit if os.name == "posix" else None,
                          env={**os.environ, "NO_COLOR": "1", "LANG": "C.UTF-8"})
    assert proc.returncode == 1, proc.stderr
    assert "bomb.j2" in proc.stderr and "internal error" not in proc.stderr
