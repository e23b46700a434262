"""Linting many files in a process pool: forked where the platform can, spawned elsewhere; both
give the serial run's reports, in order, in the run's language and with its configuration."""

from __future__ import annotations

import multiprocessing

import pytest

from conftest import SEED_PLANS
from isoctl.i18n import set_lang
from isoctl.lint import engine as lint
from isoctl.lint.config import Config


def _files(tmp_path, copies: int = 3) -> list[str]:
    out = []
    for k in range(copies):
        for path in SEED_PLANS:
            target = tmp_path / f"{k:02d}-{path.name}"
            target.write_bytes(path.read_bytes())
            out.append(str(target))
    return sorted(out)


def _serial(files: list[str], config: Config) -> list:
    return [(r.file, r.findings) for r in (lint.lint_file(f, config) for f in files)]


@pytest.mark.parametrize("method", [m for m in ("fork", "spawn") if m in multiprocessing.get_all_start_methods()])
def test_pool_gives_the_serial_reports_in_the_runs_language_and_configuration(tmp_path, method):
    files = _files(tmp_path)
    serial_en = _serial(files, Config())
    codes = sorted({f.code for _, findings in serial_en for f in findings})
    assert codes, "the real plans have findings to compare"
    # one code made an error and one ignored by configuration: the workers must know it
    config = Config(severity={codes[0]: "error"}, ignore=[codes[-1]])
    set_lang("vi")
    try:
        serial_vi = _serial(files, config)
        pooled = [(r.file, r.findings) for r in
                  lint._lint_pool(files, config, None, None, 2, multiprocessing.get_context(method))]
    finally:
        set_lang(None)
    assert pooled == serial_vi
    messages = {(f.code, f.message) for _, fs in pooled for f in fs}
    assert messages - {(f.code, f.message) for _, fs in serial_en for f in fs}, "messages are in Vietnamese"
    assert all(f.severity == "error" for _, fs in pooled for f in fs if f.code == codes[0])
    assert not any(f.code == codes[-1] for _, fs in pooled for f in fs)


def test_a_dead_worker_leaves_its_share_to_the_parent(tmp_path, monkeypatch):
    import os

    files = _files(tmp_path)
    parent = os.getpid()
    real = lint.lint_file

    def die_in_a_worker(path, *args, **kwargs):
        if os.getpid() != parent:
            os._exit(3)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(lint, "lint_file", die_in_a_worker)
    pooled = [(r.file, r.findings) for r in lint._lint_pool(files, Config(), None, None, 2,
                                                             multiprocessing.get_context("fork"))]
    assert pooled == _serial(files, Config())


def test_standard_input_among_many_files_is_read_by_the_parent(tmp_path, monkeypatch):
    """A pool's worker has standard input closed (multiprocessing gives it /dev/null): a plan piped
    in among enough files for a pool was checked as an empty file (E100 at 1:1)."""
    import io
    import sys

    (tmp_path / "more").mkdir()
    files = [*_files(tmp_path), *_files(tmp_path / "more", 2)]
    assert len(files) >= 16  # enough for a pool
    many = [*files[:6], "-", *files[6:]]
    text = SEED_PLANS[0].read_bytes()
    monkeypatch.setattr(sys, "stdin", type("In", (), {"buffer": io.BytesIO(text)})())
    reports = list(lint.lint_paths(many, Config(), jobs=2))
    assert [r.file for r in reports] == many
    piped = reports[6].findings
    assert piped and all(f.file == "-" and f.code != "E100" for f in piped)
    expected = lint.lint_file(str(SEED_PLANS[0]), Config()).findings
    assert [(f.line, f.col, f.code, f.message) for f in piped] == [(f.line, f.col, f.code, f.message) for f in expected]


@pytest.mark.parametrize("count", [16, 17, 100, 1000, 10000])
@pytest.mark.parametrize("workers", [1, 2, 8])
def test_chunks_start_small_then_grow(count, workers):
    """Every file once, in order; at most 64 a chunk; the first chunks of 4 files whatever the
    run's size, so the first findings (and the progress bar) come after a few files."""
    files = [f"p{i}" for i in range(count)]
    chunks = lint._chunks(files, workers)
    assert [f for c in chunks for f in c] == files
    assert all(0 < len(c) <= 64 for c in chunks)
    assert len(chunks[0]) <= 4
    sizes = [len(c) for c in chunks[:-1]]
    assert sizes == sorted(sizes), "chunks only grow"
    if count >= 1000:  # a large run still travels in large chunks
        assert max(sizes) >= min(64, count // (workers * 8))
