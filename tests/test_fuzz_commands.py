"""Fuzzing every command (issue 17): the real plans and templates, mutated, through every command.

``tests/plan/test_property.py`` mutates plans for ``validate`` alone; here each case takes a real
plan from plans/ and a real template from templates/, breaks them the way bytes and hands do (byte
flips, lines deleted, lines shuffled: seeded, so every run tries the same cases) and runs every
command on them: validate in each format, timeline (text and SVG), status, diff, textconv, render
docx with --templates, templates check, review in a git repository, and done, set and new on
copies. Each call must end with an exit code in {0, 1, 2}, no traceback and no internal error,
within a time limit (a hang fails the case), and change no file except one the command says it
wrote or updated (the folder is hashed before and after each call).

ISOCTL_FUZZ_CASES sets the number of cases (default 24); ISOCTL_FUZZ_SEED the seed.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import signal
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, SEED_PLANS

CASES = int(os.environ.get("ISOCTL_FUZZ_CASES", "24"))
SEED = int(os.environ.get("ISOCTL_FUZZ_SEED", "17"))
CALL_TIMEOUT = 120  # seconds of wall time a call may take before it counts as a hang
TEMPLATES = sorted((ROOT / "templates").glob("*.j2"))
WROTE = re.compile(r"^(?:wrote|updated) (\S+?):?(?:\s|$)", re.M)


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three of: bytes flipped, lines deleted, lines shuffled (a window, or two swapped)."""
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(["flip", "flip", "delete", "shuffle", "swap"])
        if kind == "flip" and data:
            buf = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(len(buf))
                buf[i] ^= 1 << rng.randrange(8) if rng.random() < 0.7 else rng.randrange(1, 256)
            data = bytes(buf)
            continue
        lines = data.split(b"\n")
        if len(lines) < 2:
            continue
        i = rng.randrange(len(lines))
        if kind == "delete":
            del lines[i:i + rng.randint(1, 4)]
        elif kind == "shuffle":
            window = lines[i:i + rng.randint(2, 12)]
            rng.shuffle(window)
            lines[i:i + len(window)] = window
        else:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        data = b"\n".join(lines)
    return data


class Hang(BaseException):
    """A call that ran past CALL_TIMEOUT (BaseException: no ``except Exception`` in isoctl hides it)."""


def _snapshot(folder: Path) -> dict[str, str]:
    out = {}
    for path in folder.rglob("*"):
        # .isoctl_cache: done/set's cache (isoctl.lint.cache), not a file the commands change
        parts = path.relative_to(folder).parts
        if ".git" in parts or ".isoctl_cache" in parts or not path.is_file():
            continue
        out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _task_id(text: str) -> str:
    m = re.search(r"^\s*-?\s*id:\s*['\"]?([\w.-]+)", text, re.M)
    return m.group(1) if m else "kien-toan-bcd"


@pytest.fixture
def call(cli, monkeypatch):
    """``call(folder, *args)``: the command in-process, timed out, its file changes checked."""

    def expired(signum, frame):
        raise Hang

    def run(folder: Path, *args: str):
        before = _snapshot(folder)
        previous = signal.signal(signal.SIGALRM, expired)
        signal.alarm(CALL_TIMEOUT)
        try:
            result = cli(*args)
        except Hang:
            pytest.fail(f"isoctl {' '.join(args)} did not end within {CALL_TIMEOUT} s")
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        where = f"isoctl {' '.join(args)}"
        assert result.exit_code in (0, 1, 2), (where, result)
        for word in ("Traceback", "internal error", "lỗi nội bộ"):
            assert word not in result.output, (where, result)
        after = _snapshot(folder)
        changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
        said = {os.path.relpath(os.path.abspath(p), folder) if os.path.isabs(p) or os.sep in p else p
                for p in WROTE.findall(result.output)}
        said |= {os.path.relpath(p, folder) for p in WROTE.findall(result.output) if os.path.isabs(p)}
        if "--fix" in args and re.search(r"\bfixed [1-9]", result.output):  # 'fixed 7': the files it was given
            said |= {a for a in args if a.endswith(".yaml")}
        unsaid = {p for p in changed if p not in said and os.path.basename(p) not in said}
        assert not unsaid, (where, f"changed without a word: {sorted(unsaid)}", result)
        return result

    return run


@pytest.mark.skipif(not SEED_PLANS or not TEMPLATES, reason="no real plans or templates")
@pytest.mark.parametrize("case", range(CASES))
def test_every_command_survives_mutated_plans_and_templates(tmp_path, call, monkeypatch, git_identity, case):
    rng = random.Random(SEED * 100_003 + case)
    source = rng.choice(SEED_PLANS)
    original = source.read_bytes()
    broken = mutate(original, rng)
    template = rng.choice(TEMPLATES)
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    (repo / "tpl").mkdir()
    plan = repo / "plans" / source.name
    plan.write_bytes(broken)
    # the template folder: one real template mutated (so a kind, or a shared piece, is broken)
    (repo / "tpl" / template.name).write_bytes(mutate(template.read_bytes(), rng))
    monkeypatch.chdir(repo)
    rel = f"plans/{source.name}"

    for fmt in ("full", "concise", "json", "github", "sarif"):
        call(repo, "validate", rel, "--format", fmt)
    call(repo, "validate", "plans", "--statistics")
    call(repo, "textconv", rel)
    call(repo, "status", rel, "--as-of", "2024-07-01")
    call(repo, "status", rel, "--format", "json")
    call(repo, "timeline", rel, "--as-of", "2024-07-01")
    call(repo, "timeline", rel, "--svg", "chart.svg", "--force")
    (repo / "orig.yaml").write_bytes(original)
    call(repo, "diff", "orig.yaml", rel)
    call(repo, "diff", rel, "orig.yaml", "--format", "json")
    kind = template.name[: -len(".j2")]
    doc = ["--doc", kind] if not kind.startswith("_") else []
    call(repo, "render", "docx", rel, "--templates", "tpl", *doc, "-o", "out.docx", "--force")
    call(repo, "templates", "list", "--templates", "tpl")

    # review: the real plan committed, then the mutated one
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q")
    plan.write_bytes(original)
    git("add", "-A")
    git("commit", "-qm", "the plan as issued")
    plan.write_bytes(broken)
    git("commit", "-qam", "a change")
    call(repo, "review", "HEAD~1..HEAD")
    call(repo, "review", "HEAD~1..HEAD", "--format", "json")

    # edits, on copies: a change must be said ('updated …'), else the file is the same
    task = _task_id(broken.decode("utf-8", "replace"))
    for args in (["done", task, "copy.yaml"], ["set", task, "note=fuzzed", "copy.yaml"],
                 ["set", task, "status=in-progress", "when=Tháng 3", "copy.yaml"],
                 ["validate", "--fix", "copy.yaml"]):
        (repo / "copy.yaml").write_bytes(broken)
        call(repo, *args)
    (repo / "copy.yaml").write_bytes(broken)
    call(repo, "new", "--from", "copy.yaml", "--year", "2031", "-o", "next.yaml", "--force")
