"""The linter: find plan files, run the schema checks and the domain rules, filter by configuration."""

from __future__ import annotations

import fnmatch
import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from isoctl.diagnostics import Finding
from isoctl.lint.config import Config
from isoctl.plan.validate import Checked, check_file
from isoctl.records import dataclass, field


@dataclass
class FileReport:
    """One file's findings; ``text`` is the file as read when there are findings (for the source
    excerpt: a file is never read twice)."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    checked: Checked | None = None
    text: str | None = None


def lint_file(path: str, config: Config, select: list[str] | None = None,
              ignore: list[str] | None = None, name: str | None = None) -> FileReport:
    """Lint the file at ``path``; ``name`` (``--stdin-filename``) is the file it is reported as and
    configured as (per-file-ignores), default ``path``."""
    from isoctl.fsutil import STDIN

    kept_as = path if name is None and path != STDIN else None
    return lint_checked(check_file(path, fast=True, name=name), config, select, ignore, kept_as=kept_as)


def lint_text(text: str, config: Config | None = None, file: str = "<string>", select: list[str] | None = None,
              ignore: list[str] | None = None) -> FileReport:
    """Lint plan text that is not (yet) a file: the rule examples, previews."""
    from isoctl.plan.validate import check_text

    return lint_checked(check_text(text, file, fast=True), config or Config(), select, ignore)


def lint_checked(checked: Checked, config: Config, select: list[str] | None = None,
                 ignore: list[str] | None = None, only: Iterable[str] | None = None,
                 kept_as: str | None = None) -> FileReport:
    """Rules on a schema-checked file, then configuration, then inline suppressions (and X001).
    With ``only`` (codes), just the findings of those codes: only their rules run (all of them
    when X001 is asked for, which judges every suppression). ``kept_as``: the plan file it was
    read from, whose state a large plan keeps for done/set (:func:`~isoctl.lint.incremental.keep_linted`)."""
    from isoctl.lint.rules import run_rules

    path = checked.file
    codes = None if only is None or "X001" in only else frozenset(only)
    findings = list(checked.findings)
    if checked.plan is not None:
        raw = run_rules(checked, config, codes)
        if kept_as is not None and codes is None:
            from isoctl.lint.incremental import keep_linted

            keep_linted(kept_as, checked, raw, config)
        findings.extend(raw)
    kept = finish_findings(findings, path, checked.loaded.text, checked.loaded.data, config, select, ignore, only)
    return FileReport(path, kept, checked, checked.loaded.text if kept else None)


def finish_findings(findings: list[Finding], path: str, text: str, data: Any, config: Config,
                    select: list[str] | None = None, ignore: list[str] | None = None,
                    only: Iterable[str] | None = None) -> list[Finding]:
    """The raw findings of a file (schema checks and rules) as reported: configuration, then
    inline suppressions (and X001), then identities where they have none."""
    from isoctl.lint import suppress
    from isoctl.lint.rules import known_code, resolve

    kept = apply_config(findings, path, config, select, ignore)
    sups = suppress.parse(text) if "isoctl" in text else []
    if sups:
        kept, unused = suppress.apply(kept, sups, path, resolve, known_code,
                                      lambda code: enabled(code, path, config, select, ignore))
        kept = sorted(kept + apply_config(unused, path, config, select, ignore))
    if only is not None:
        wanted = frozenset(only)
        kept = [f for f in kept if f.code in wanted]
    if kept:
        from isoctl.lint.identity import with_identities

        kept = with_identities(kept, data, text.splitlines())
    return kept


def finish_raw(findings: list[Finding], file: str, text: str, data: Any, config: Config) -> list[Finding]:
    """What ``validate`` reports of ``file`` from the raw findings done/set compute
    (:mod:`isoctl.lint.incremental`): :func:`finish_findings` of them, named ``file``."""
    from isoctl.records import replace

    return finish_findings([replace(f, file=file) for f in findings], file, text, data, config)


def enabled(code: str, path: str, config: Config, select: list[str] | None = None,
            ignore: list[str] | None = None) -> bool:
    """Would a finding of ``code`` in ``path`` be reported under this configuration?"""
    probe = Finding(path, 1, 1, code, "", "warning")
    return bool(apply_config([probe], path, config, select, ignore))


def _matches(code: str, selectors: Iterable[str]) -> bool:
    return any(sel == "ALL" or code.startswith(sel) for sel in selectors)


def apply_config(findings: list[Finding], path: str, config: Config,
                 select: list[str] | None = None, ignore: list[str] | None = None) -> list[Finding]:
    """Drop what is not selected or is ignored; stamp severities from configuration."""
    from isoctl.records import replace

    selected = select if select is not None else config.select
    ignored = [*config.ignore, *(ignore or [])]
    rel = os.path.relpath(path, config.root) if config.source else path
    for pattern, codes in config.per_file_ignores.items():
        if fnmatch.fnmatch(rel.replace(os.sep, "/"), pattern) or fnmatch.fnmatch(path, pattern):
            ignored.extend(codes)
    out = []
    for f in findings:
        schema_error = f.code.startswith("E")
        if not schema_error:
            if selected is not None and not _matches(f.code, [*selected, *config.extend_select]):
                continue
            if _matches(f.code, ignored):
                continue
        level = _severity_for(f.code, config.severity)
        if level == "off" and not schema_error:
            continue
        if level and level != "off" and level != f.severity:
            f = replace(f, severity=level)
        out.append(f)
    return sorted(out)


def _severity_for(code: str, table: dict[str, str]) -> str | None:
    best: tuple[int, str] | None = None
    for sel, level in table.items():
        if code.startswith(sel) and (best is None or len(sel) > best[0]):
            best = (len(sel), level)
    return best[1] if best else None


def lint_paths(files: list[str], config: Config, select: list[str] | None = None,
               ignore: list[str] | None = None, jobs: int | None = None,
               stdin_name: str | None = None, texts: bool = True) -> Iterator[FileReport]:
    """Lint many files, in parallel processes when there are many; yields in input order.
    Standard input (``-``) is read here, never in a worker, and reported as ``stdin_name``.
    Without ``texts`` a report carries no file text (only the full report's excerpts need it: a
    worker then sends back findings alone)."""
    from isoctl.fsutil import STDIN
    from isoctl.lint.config import check_selectors

    check_selectors("--select", select)
    check_selectors("--ignore", ignore)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(files) < 16:
        with collect_by_hand(len(files) > 1):
            for path in files:
                report = lint_file(path, config, select, ignore, stdin_name if path == STDIN else None)
                if not texts:
                    report.text = None
                yield report
                del report
                _collect_now_and_then()
        return
    # standard input is read here: a pool's worker has it closed (multiprocessing gives it /dev/null)
    piped = lint_file(STDIN, config, select, ignore, stdin_name) if STDIN in files else None
    if piped is not None and not texts:
        piped.text = None
    _warm_up()
    with collect_by_hand(True):
        pooled = _lint_pool([p for p in files if p != STDIN], config, select, ignore, workers, texts=texts)
        try:
            for path in files:
                yield piped if path == STDIN and piped is not None else next(pooled)
                # the reader's cycles too (json.dumps with indent makes one per call): never
                # collected on their own while the batch lasts, they grew with the findings
                _collect_now_and_then()
        finally:
            pooled.close()  # abandoned: the pool's workers are stopped now, not when it is collected


_COLLECT_EVERY = 50
_linted = 0


@contextmanager
def collect_by_hand(batch: bool) -> Iterator[None]:
    """Over a batch, no automatic cyclic garbage collection: linting a plan makes some thousand
    objects that reference counting frees, and Python's collector would otherwise keep scanning
    them (and every imported module) for cycles, ~15% of the time. What is alive now is frozen
    out of later scans (forked workers inherit that); the few cycles linting and reporting make
    (exceptions with their frames, json's encoders) are collected every 50 files by
    :func:`_collect_now_and_then`, in the workers and in the process that reads their reports."""
    import gc

    if not batch or not gc.isenabled():
        yield
        return
    gc.disable()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.enable()


def _collect_now_and_then() -> None:
    global _linted
    _linted += 1
    if _linted % _COLLECT_EVERY == 0:
        import gc

        if not gc.isenabled():
            gc.collect(1)


_WARM_UP_PLAN = """format: 1
year: 2024
agency: {name: Sở, abbr: S}
document: {title: Kế hoạch}
units: [{id: VP, name: Văn phòng}]
phases: [{id: p, tasks: [{id: t, title: Đánh giá nội bộ, lead: [VP], when: Tháng 6}]}]
"""


def _warm_up() -> None:
    """Before forking: import everything linting touches (YAML, rules and what they import
    lazily) by linting a tiny plan, so that workers inherit it instead of each importing it again.
    pydantic is left out: only a plan with schema errors needs it (measured: no gain either way)."""
    from isoctl.lint.rules import run_rules
    from isoctl.plan.validate import check_text

    checked = check_text(_WARM_UP_PLAN, "<warm-up>", fast=True)
    if checked.plan is not None:
        run_rules(checked, Config())


def _lint_light(path: str, config: Config, select: list[str] | None, ignore: list[str] | None,
                texts: bool = True) -> FileReport:
    """Worker: the report without the parsed plan (cheaper to send back), and without the file's
    text unless ``texts``."""
    report = lint_file(path, config, select, ignore)
    report.checked = None
    if not texts:
        report.text = None
    _collect_now_and_then()
    return report


# What every worker of a run lints with, set by :func:`_start_worker`.
_WORKER: tuple[Config, list[str] | None, list[str] | None, bool] | None = None


def _start_worker(lang: str, config: Config, select: list[str] | None, ignore: list[str] | None,
                  texts: bool = True) -> None:
    """A worker's initializer: the run's language (messages are written in the worker) and options.
    A worker ignores Ctrl-C (the terminal sends it to the whole process group): the parent stops
    the pool and says "interrupted"; a worker interrupted while it waits for work would print
    multiprocessing's traceback."""
    global _WORKER
    import signal

    from isoctl.i18n import choose

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    choose(lang)
    _WORKER = (config, select, ignore, texts)


def _lint_chunk(paths: list[str]) -> list[FileReport]:
    if _WORKER is None:
        raise RuntimeError("a worker lints only after _start_worker")
    config, select, ignore, texts = _WORKER
    return [_lint_light(p, config, select, ignore, texts) for p in paths]


def _chunks(files: list[str], workers: int) -> list[list[str]]:
    """The pool's chunks, in order: at most 64 files (about eight a worker), and the first ones
    small (4 files a worker, then 8, 16 …) so that the first findings, and the progress bar, come
    after a few files, not after a whole chunk of 64."""
    size = max(4, min(64, -(-len(files) // (workers * 8))))
    chunks, k, step = [], 0, min(4, size)
    while k < len(files):
        for _ in range(workers):
            chunks.append(files[k:k + step])
            k += step
            if k >= len(files):
                break
        step = min(size, step * 2)
    return chunks


@contextmanager
def _interrupt_after() -> Iterator[None]:
    """A Ctrl-C during the block is held until it ends, then raised: a process forked meanwhile
    inherits a handler that only takes note (and its initializer then ignores Ctrl-C)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if held:
        raise KeyboardInterrupt


def _lint_pool(files: list[str], config: Config, select: list[str] | None, ignore: list[str] | None,
               workers: int, context: Any = None, texts: bool = True) -> Iterator[FileReport]:
    """Chunks of files in a process pool (forked where the platform can, else spawned), yielded in
    input order. Should a worker die, the parent lints what the pool did not; abandoning the
    iterator cancels what has not started and waits for the rest, so no worker outlives it."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from isoctl.i18n import get_lang

    if context is None:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    chunks = _chunks(files, workers)
    pool = ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=context,
                               initializer=_start_worker, initargs=(get_lang(), config, select, ignore, texts))
    # a few chunks ahead of the one being read, not all at once: a done future keeps its reports
    # (with the text of every file that has findings) for as long as it is referenced
    ahead = 2 * workers
    pending: deque[tuple[Any, list[str]]] = deque()
    todo = iter(chunks)

    def submit(n: int) -> None:
        for chunk in itertools.islice(todo, n):
            try:
                pending.append((pool.submit(_lint_chunk, chunk), chunk))
            except BrokenProcessPool:  # a worker died: the parent lints this chunk
                pending.append((None, chunk))

    try:
        with _interrupt_after():  # the workers are forked here: none may inherit Python's Ctrl-C handler
            submit(ahead)
        while pending:
            future, chunk = pending.popleft()
            try:
                if future is None:
                    raise BrokenProcessPool
                reports = future.result()
            except BrokenProcessPool:
                reports = [_lint_light(p, config, select, ignore, texts) for p in chunk]
            del future
            submit(1)
            reports.reverse()
            while reports:  # a report handed over is the reader's alone: the chunk lets go of it
                yield reports.pop()
            del reports
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
