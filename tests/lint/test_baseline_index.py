"""--baseline (issue 15): the baseline's entries are indexed by file, so filtering one file's
findings builds that file's recorded findings only — O(findings + entries of the file), not
files × entries. Counted (``Baseline.built``), never timed."""

from __future__ import annotations

import json
from pathlib import Path

from isoctl.diagnostics import Finding
from isoctl.lint.baseline import load


def _baseline(tmp_path: Path, files: int, per_file: int, version: int = 2) -> Path:
    entries = []
    for k in range(files):
        for j in range(per_file):
            e = {"file": f"plans/p{k:04d}.yaml", "code": "L008", "message": f"m{j}", "line": j + 1}
            if version == 1:
                e["path"] = f"tasks[{j}].when"
            else:
                e.update(id=f"t{j}", loose_id=f"l{j}")
            entries.append(e)
    p = tmp_path / "bl.json"
    p.write_text(json.dumps({"isoctl-baseline": version, "lang": "en", "findings": entries}), encoding="utf-8")
    return p


def _findings(tmp_path: Path, k: int, n: int, version: int = 2) -> list[Finding]:
    file = str(tmp_path / "plans" / f"p{k:04d}.yaml")
    if version == 1:
        from isoctl.i18n import set_lang

        set_lang("en")
        return [Finding(file, j + 1, 1, "L008", f"m{j}", path=("tasks", j, "when")) for j in range(n)]
    return [Finding(file, j + 1, 1, "L008", f"m{j}", ident=(f"t{j}", f"l{j}")) for j in range(n)]


def test_filtering_one_file_builds_only_that_files_entries(tmp_path) -> None:
    for files in (10, 400):
        known = load(_baseline(tmp_path, files, 3))
        total = 0
        for k in range(files):
            kept, matched = known.filter(_findings(tmp_path, k, 4))
            assert matched == 3 and [f.message for f in kept] == ["m3"]
            total += 3
        # each file's 3 entries once per file filtered: the entries count, not files × entries
        assert known.built == total == files * 3
        assert known.entries == []  # only the index stays


def test_a_file_absent_from_the_baseline_builds_nothing(tmp_path) -> None:
    known = load(_baseline(tmp_path, 200, 5))
    kept, matched = known.filter(_findings(tmp_path, 9999, 2))
    assert (len(kept), matched, known.built) == (2, 0, 0)


def test_version_1_baselines_are_indexed_too(tmp_path) -> None:
    known = load(_baseline(tmp_path, 50, 2, version=1))
    kept, matched = known.filter(_findings(tmp_path, 7, 3, version=1))
    assert matched == 2 and [f.message for f in kept] == ["m2"] and known.built == 2


def test_one_call_over_many_files_still_matches_per_file(tmp_path) -> None:
    # --fix / --diff filter every finding at once: grouped by file, each group its own entries
    known = load(_baseline(tmp_path, 30, 2))
    findings = [f for k in range(30) for f in _findings(tmp_path, k, 3)]
    kept, matched = known.filter(findings)
    assert matched == 60 and len(kept) == 30 and known.built == 60


def _old_bytes(path: Path) -> str:
    """What --write-baseline wrote when it held every finding: one json.dumps of them sorted."""
    import os

    from conftest import ROOT
    from isoctl.lint.config import Config
    from isoctl.lint.engine import lint_file

    root = path.resolve().parent
    findings = sorted(f for p in sorted((ROOT / "plans").rglob("*.yaml")) for f in lint_file(str(p), Config()).findings)
    entries = [{"file": Path(os.path.relpath(os.path.abspath(f.file), root)).as_posix(), "code": f.code,
                "id": f.ident[0], "loose_id": f.ident[1], "message": f.message, "line": f.line} for f in findings]
    return json.dumps({"isoctl-baseline": 2, "lang": "en", "findings": entries}, ensure_ascii=False, indent=2) + "\n"


def test_a_streamed_baseline_has_the_bytes_of_the_held_one(cli, tmp_path) -> None:
    from conftest import ROOT

    plans = sorted(str(p) for p in (ROOT / "plans").rglob("*.yaml"))
    for name, args in (("folder.json", [str(ROOT / "plans")]), ("named.json", plans[::-1])):  # streamed; held
        out = tmp_path / name
        result = cli("validate", "-q", "--write-baseline", str(out), *args)
        assert result.exit_code == 1, result
        assert out.read_text(encoding="utf-8") == _old_bytes(out)
    from isoctl.i18n import set_lang
    from isoctl.lint.baseline import write

    set_lang("vi")
    empty = tmp_path / "empty.json"
    assert write(empty, []) == 0
    assert empty.read_text(encoding="utf-8") == json.dumps({"isoctl-baseline": 2, "lang": "vi", "findings": []},
                                                           indent=2) + "\n"
    set_lang(None)
