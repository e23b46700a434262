"""``isoctl validate plans`` gives, in every output format, to stdout and to a file, the bytes it gave
before the reporter streamed per file (issue 15): the snapshots were written by the program as it
was then (commit b5ff00d), not by the code under test. Regenerate only for a deliberate change of
output: ``UPDATE_SNAPSHOTS=1 python -m pytest tests/cli/test_validate_outputs.py``."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import ROOT
from samples import check_snapshot

CASES = {
    **{f"validate-plans-{f}.txt": ("en", ["--format", f]) for f in ("full", "concise", "json", "sarif", "github")},
    "validate-plans-full-q.txt": ("en", ["--format", "full", "-q"]),
    "validate-plans-vi-full.txt": ("vi", ["--format", "full"]),
    "validate-plans-vi-sarif.txt": ("vi", ["--format", "sarif"]),
    "validate-plans-statistics.txt": ("en", ["--format", "concise", "--statistics"]),
    **{f"validate-plans-{f}-o.txt": ("en", ["--format", f, "-o", "OUT"]) for f in ("full", "concise", "json", "sarif",
                                                                                 "github")},
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate_plans_prints_what_it_printed_before(cli, monkeypatch, tmp_path, name) -> None:
    lang, args = CASES[name]
    monkeypatch.chdir(ROOT)  # sarif's locations are relative to the current folder
    monkeypatch.delenv("COLUMNS", raising=False)  # the excerpts as piped: 160 characters at most
    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=(80, 24): os.terminal_size(fallback))
    out = tmp_path / "report.out"
    result = cli("--lang", lang, "validate", "plans", *[str(out) if a == "OUT" else a for a in args])
    text = f"exit {result.exit_code}\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
    if "OUT" in args:
        text += "--- file\n" + out.read_text(encoding="utf-8")
    # sarif names the run's root folder (originalUriBaseIds): wherever the checkout is, the same
    check_snapshot(name, text.replace(ROOT.as_uri() + "/", "file:///CHECKOUT/"))
