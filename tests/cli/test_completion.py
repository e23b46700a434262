"""Shell completion as a user installs it: ``isoctl --install-completion bash`` writes the script and
sources it from ~/.bashrc; a bash that reads ~/.bashrc then completes isoctl's commands and options."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

BIN = Path(sys.executable).parent


@pytest.mark.skipif(shutil.which("bash") is None or not (BIN / "isoctl").exists(),
                    reason="needs bash and the installed isoctl script")
def test_install_completion_then_bash_completes(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("_ISOCTL")}
    env.update(HOME=str(tmp_path), SHELL="/bin/bash", PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
               LANG="C.UTF-8")
    installed = subprocess.run([str(BIN / "isoctl"), "--install-completion", "bash"], cwd=ROOT, env=env,
                               capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    bashrc = (tmp_path / ".bashrc").read_text()
    assert "isoctl" in bashrc
    again = subprocess.run([str(BIN / "isoctl"), "--install-completion", "bash"], cwd=ROOT, env=env,
                           capture_output=True, text=True)
    assert again.returncode == 0 and (tmp_path / ".bashrc").read_text().count("isoctl") == bashrc.count("isoctl")

    def complete(*words: str) -> list[str]:
        line = " ".join(["isoctl", *words])
        script = (f'source "$HOME/.bashrc"; COMP_WORDS=({line}); COMP_CWORD={len(words)}; '
                  '_isoctl_completion isoctl; printf "%s\\n" "${COMPREPLY[@]}"')
        done = subprocess.run(["bash", "--norc", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert {"validate", "timeline", "explain", "rules"} <= set(complete("''"))
    assert "validate" in complete("val")
    assert "--format" in complete("validate", "--for")
    assert "--statistics" in complete("validate", "--stat")
