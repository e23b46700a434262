"""The second round of validate speed-ups keeps its answers: the loader's inlined string values
and its tag memo, and the run in a process pool (tests/test_lint_pool.py has the pool's own)."""

from __future__ import annotations

import gc

import pytest
import yaml

from conftest import SEED_PLANS
from isoctl.lint import engine as lint
from isoctl.lint.config import Config
from isoctl.lint.engine import lint_paths
from isoctl.plan import files, loader
from isoctl.plan.loader import load_text


class _PlainBuilder(loader._Builder):
    """As if the text had an alias: the inlined paths are off, build() does every node."""

    def __init__(self, loaded) -> None:
        super().__init__(loaded)
        self.aliases_possible = True


def _plain_load(text: str) -> loader.Loaded:
    real = loader._Builder
    loader._Builder = _PlainBuilder
    try:
        return load_text(text, "f.yaml")
    finally:
        loader._Builder = real


def _same_load(text: str) -> None:
    fast, plain = load_text(text, "f.yaml"), _plain_load(text)
    assert fast.data == plain.data
    assert fast.values == plain.values
    assert fast.keys == plain.keys
    assert fast.strings == plain.strings
    assert fast.errors == plain.errors
    assert fast.values


@pytest.mark.parametrize("path", SEED_PLANS, ids=lambda p: p.name)
def test_inlined_string_values_give_what_build_gives(path) -> None:
    _same_load(path.read_text(encoding="utf-8"))


def test_inlined_values_with_quotes_lists_and_non_nfc_text() -> None:
    _same_load("a: 'x'\nb: \"ho\u0300a\"\nc: [VP, 'TC', {d: e}, [f, 1, null]]\nd:\n  - ho\u0300a\n  - >-\n    g\n    h\n"
               "e: {\"ho\u0300a\": ho\u0300a}\n")


@pytest.mark.parametrize("text", ["items: [" + ", ".join(f"s{i}" for i in range(12)) + "]\n",
                                  "".join(f"k{i}: v{i}\n" for i in range(12)),
                                  "a: [{b: [c, d, e, f]}, g, h, i, j, k, l, m]\n"])
def test_the_node_limit_holds_on_inlined_values(monkeypatch, text) -> None:
    monkeypatch.setattr(loader, "MAX_NODES", 10)
    fast = load_text(text, "f.yaml")
    assert [(f.code, f.line, f.col) for f in fast.errors] == [(f.code, f.line, f.col) for f in
                                                             _plain_load(text).errors]
    assert [f.code for f in fast.errors] == ["E004"]


def test_tag_memo_gives_safe_loader_types_every_time() -> None:
    text = ("a: [yes, no, true, True, 'true', '2024', 2024, 1.5, .5, 1e3, null, ~, Null, 2024-01-02, "
            "0x1F, 0o17, 017, +1, -2, .inf, -.NaN, on, off, y, n, VP, TC, 1_000, 12:30, '']\n")
    expected = yaml.load(text, Loader=yaml.SafeLoader)
    # where YAML 1.1 and 1.2's core schema read a plain number differently, the loader reads it as
    # 1.2 does (an editor checking the JSON Schema): 017 is 17, not octal 15; 0o17 is 15 and 1e3
    # is 1000.0, not text; 1_000 and 12:30 are text
    items = expected["a"]
    items[items.index("0o17")] = 15
    items[items.index(15, items.index(0x1F) + 2)] = 17
    items[items.index(1000)] = "1_000"
    items[items.index(750)] = "12:30"
    items[items.index("1e3")] = 1000.0
    # and booleans as 1.2 does: yes, no, on and off are text (items 0, 1, 21 and 22)
    for at, word in ((0, "yes"), (1, "no"), (21, "on"), (22, "off")):
        assert items[at] is (word in ("yes", "on"))
        items[at] = word
    for _ in range(3):
        got = load_text(text, "f.yaml").data
        assert got == expected
        assert [type(v) for v in got["a"]] == [type(v) for v in expected["a"]]


def _files(tmp_path, copies: int = 5) -> list[str]:
    out = []
    for k in range(copies):
        for path in SEED_PLANS:
            target = tmp_path / f"{k:02d}-{path.name}"
            target.write_bytes(path.read_bytes())
            out.append(str(target))
    return sorted(out)


def test_pooled_run_matches_serial_with_three_processes(tmp_path) -> None:
    files = _files(tmp_path)
    serial = [(r.file, r.findings) for r in lint_paths(files, Config(), jobs=1)]
    pooled = [(r.file, r.findings) for r in lint_paths(files, Config(), jobs=3)]
    assert serial == pooled
    assert [f for f, _ in pooled] == files
    assert gc.isenabled()


def test_an_error_in_a_worker_reaches_the_caller(tmp_path, monkeypatch) -> None:
    files = _files(tmp_path)
    real = lint.lint_file

    def broken(path, *args, **kwargs):
        if path == files[-1]:
            raise ValueError("broken " + path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(lint, "lint_file", broken)
    with pytest.raises(ValueError, match="broken"):
        list(lint_paths(files, Config(), jobs=2))
    assert gc.isenabled()


def test_an_abandoned_run_reaps_its_workers(tmp_path) -> None:
    import multiprocessing

    files = _files(tmp_path)
    reports = lint_paths(files, Config(), jobs=2)
    next(reports)
    assert multiprocessing.active_children()
    reports.close()
    assert gc.isenabled()
    assert multiprocessing.active_children() == []


def _looks_like_plan_plainly(path: str) -> bool:
    with open(path, encoding="utf-8", errors="replace") as fh:
        return bool(files._PLAN_KEYS.search(fh.read(65536)))


@pytest.mark.parametrize("content", [
    b"format: 1\n", b"# x\r\nyear: 2024\r\n", b"# x\ryear: 2024\r", b"a: 1\n" * 2000 + b"phases: []\n",
    b"a: 1\n" * 20000 + b"phases: []\n", b"\xff\xfe" * 3000 + b"\nagency: x\n", b"jobs: {}\n", b"",
    b"# " + "ạ".encode() * 2047 + b"\nyear: 1\n", b"x" * 4095 + b"\r\nyear: 1\n", b"\xef\xbb\xbfformat: 1\n",
    b"  format: 1\n", b"formats: 1\n",
])
def test_plan_sniffing_reads_less_and_answers_the_same(tmp_path, content) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(content)
    assert files.is_plan_file(str(path)) == _looks_like_plan_plainly(str(path))
