"""`--format json` and `--format sarif` are written a finding at a time (10,000 plans never make one
list of dicts nor one string), and give the bytes the whole document dumped at once gives."""

from __future__ import annotations

import json
import os
import shutil
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, SEED_PLANS
from isoctl.lint import report
from isoctl.lint.config import Config
from isoctl.lint.engine import lint_file

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),  # text: newlines, quotes, NUL, Vietnamese
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(items=st.lists(_json_values, max_size=5), level=st.integers(0, 4))
def test_json_list_is_what_json_dumps_writes_at_its_level(items, level) -> None:
    mark = "\x00here\x00"
    doc = mark
    for k in range(level):  # the list sits deep in the document, in lists and mappings
        doc = {"k": [doc]} if k % 2 else [doc]
    head, tail = json.dumps(doc, ensure_ascii=False, indent=2).split(json.dumps(mark))
    pieces: list[str] = []
    written = report.JsonList(pieces.append, level=head.count("[") + head.count("{"))
    for item in items:
        written.add(item)
    written.close()
    assert head + "".join(pieces) + tail == json.dumps(_replace(doc, mark, items), ensure_ascii=False, indent=2)


def _replace(doc, mark, items):
    if doc == mark:
        return items
    if isinstance(doc, list):
        return [_replace(d, mark, items) for d in doc]
    return {k: _replace(v, mark, items) for k, v in doc.items()}


def _plans(tmp_path):
    """The sample plans, 24 generated ones (some with schema errors) and two placed so that the folder
    walk (a folder's files before its subfolders) and the order findings sort in disagree."""
    folder = tmp_path / "plans"
    generate(folder / "gen", 24, seed=3)
    for path in SEED_PLANS:
        shutil.copy(path, folder / path.name)
    (folder / "a").mkdir()
    shutil.copy(SEED_PLANS[0], folder / "a" / "z.yaml")
    return folder


def _expected(paths: list[str]) -> list:
    """Every finding of every file, linted one by one, in the order findings sort in."""
    return sorted(f for p in paths for f in lint_file(p, Config()).findings)


def test_json_streamed_is_the_whole_list_dumped(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = _plans(tmp_path)
    # paths out of order, a folder, standard input: the report is sorted as a whole all the same
    args = [str(folder / "gen"), str(SEED_PLANS[1]), "-", str(folder)]
    stdin = SEED_PLANS[2].read_text(encoding="utf-8")
    result = cli("validate", *args, "--format", "json", "-j", "2", input=stdin)
    assert result.exit_code == 1, result
    files = sorted(set(_files(args)))
    findings = _expected([p for p in files if p != "-"])
    monkeypatch.setattr(sys, "stdin", _StdIn(stdin))
    findings = sorted(findings + lint_file("-", Config()).findings)
    assert result.stdout == json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"
    assert len(findings) > 100 and {f.file for f in findings} >= {"-", str(folder / "a" / "z.yaml")}
    out = tmp_path / "report.json"
    to_file = cli("validate", *args, "--format", "json", "-o", str(out), input=stdin)
    assert to_file.exit_code == 1 and out.read_text(encoding="utf-8") == result.stdout


def test_sarif_written_in_pieces_is_the_whole_document_dumped(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = _plans(tmp_path)
    result = cli("validate", str(folder), "--format", "sarif", "-j", "2")
    assert result.exit_code == 1, result
    findings = _expected(_files([str(folder)]))
    codes = sorted({f.code for f in findings})
    index = {c: k for k, c in enumerate(codes)}
    root = os.getcwd()
    doc = report.sarif_document(codes, report.rule_descriptions(codes), root,
                                [report.sarif_result(f, index, root) for f in findings])
    assert result.stdout == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    assert len(doc["runs"][0]["results"]) > 100
    out = tmp_path / "report.sarif"
    to_file = cli("validate", str(folder), "--format", "sarif", "-o", str(out))
    assert to_file.exit_code == 1 and out.read_text(encoding="utf-8") == result.stdout


def test_no_findings_is_an_empty_list_and_an_empty_run(cli, tree) -> None:
    root = tree({"p.yaml": (ROOT / "tests/examples/valid/minimal.yaml").read_text(encoding="utf-8")})
    assert cli("validate", "--select", "E", "--format", "json", str(root)).stdout == "[]\n"
    sarif = cli("validate", "--select", "E", "--format", "sarif", str(root)).stdout
    assert '"results": []' in sarif and json.loads(sarif)["runs"][0]["results"] == []


def test_an_output_file_that_exists_is_refused_before_any_plan_is_read(cli, tmp_path, monkeypatch) -> None:
    out = tmp_path / "report.json"
    out.write_text("kept\n", encoding="utf-8")
    read = []
    monkeypatch.setattr("isoctl.lint.engine.lint_file", lambda *a, **k: read.append(a))
    for fmt in ("json", "sarif"):
        result = cli("validate", str(SEED_PLANS[0]), "--format", fmt, "-o", str(out))
        assert result.exit_code == 2 and "--force" in result.stderr, result
    assert read == [] and out.read_text(encoding="utf-8") == "kept\n"


def test_a_failed_run_leaves_the_output_file_as_it_was(cli, tmp_path, monkeypatch) -> None:
    out = tmp_path / "report.json"
    out.write_text("kept\n", encoding="utf-8")

    def broken(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("isoctl.lint.engine.lint_file", broken)
    result = cli("validate", str(SEED_PLANS[0]), "--format", "json", "-o", str(out), "--force")
    assert result.exit_code == 130
    assert out.read_text(encoding="utf-8") == "kept\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temp file left


def _files(args: list[str]) -> list[str]:
    from isoctl.plan.files import find_plans

    return find_plans(args).files


class _StdIn:
    def __init__(self, text: str) -> None:
        import io

        self.buffer = io.BytesIO(text.encode("utf-8"))
