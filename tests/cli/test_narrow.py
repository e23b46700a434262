"""timeline and status on a 60-column terminal, and the chart as SVG/HTML on stdout that needs
nothing from the internet and prints light; through the real program in a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.dom.minidom
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import ROOT, SEED_PLANS

LANGS = ("C.UTF-8", "vi_VN.UTF-8")


def run(*args: str, lang: str = "C.UTF-8", cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("ISOCTL_LANG", "LC_ALL", "NO_COLOR", "FORCE_COLOR")}
    env.update({"LANG": lang, "PYTHONPATH": str(ROOT)})
    return subprocess.run([sys.executable, "-m", "isoctl", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("plan", SEED_PLANS, ids=[p.stem for p in SEED_PLANS])
def test_timeline_at_60_columns_keeps_the_frame_and_december(plan: Path, lang: str) -> None:
    r = run("timeline", str(plan), "--width", "60", "--as-of", "2024-08-15", lang=lang)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert max(map(cell_len, lines)) <= 60
    header = next(line for line in lines if re.search(r"│ 1 +2 +3", line))
    assert header.rstrip().endswith("12 │"), header
    grid = [line for line in lines if "│" in line]
    assert len(grid) > 3
    assert all(re.search(r"│( ◇)?$", line.rstrip()) for line in grid), [g for g in grid if not g.rstrip().endswith("│")]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("plan", SEED_PLANS, ids=[p.stem for p in SEED_PLANS])
def test_status_fits_60_columns_and_loses_nothing(plan: Path, lang: str) -> None:
    narrow = run("status", str(plan), "--width", "60", "--as-of", "2024-08-15", lang=lang)
    wide = run("status", str(plan), "--as-of", "2024-08-15", lang=lang)
    assert narrow.returncode == wide.returncode == 0, narrow.stderr
    assert max(map(len, narrow.stdout.splitlines())) <= 60
    tasks = re.findall(r"^  - ([a-z0-9-]+):", wide.stdout, re.M)
    body = wide.stdout.split("\n\n", 2)[2]
    narrow_body = narrow.stdout.split("\n\n", 2)[2] if narrow.stdout.count("\n\n") >= 2 else narrow.stdout
    flat = " ".join(narrow.stdout.split())
    assert all(f"- {t}:" in flat for t in tasks)
    lists = body.split("\n\n", 1)[1] if "\n\n" in body else ""
    assert " ".join(lists.split()) in " ".join(narrow_body.split())  # the lists, word for word
    assert run("status", str(plan), "--width", "40").returncode == 2


def test_svg_and_html_on_stdout_need_no_internet_and_print_light(tmp_path: Path) -> None:
    plan = str(SEED_PLANS[0])
    svg = run("timeline", plan, "--svg", "-", "--as-of", "2024-08-15", cwd=tmp_path)
    html = run("timeline", plan, "--html", "-", "--as-of", "2024-08-15", cwd=tmp_path)
    assert svg.returncode == html.returncode == 0 and svg.stderr == html.stderr == ""
    assert not list(tmp_path.iterdir())  # no file named '-'
    doc = xml.dom.minidom.parseString(svg.stdout.encode("utf-8"))
    assert doc.documentElement.tagName == "svg"
    for text in (svg.stdout, html.stdout):
        assert re.findall(r"https?://[^\s\"')]+", text) in ([], ["http://www.w3.org/2000/svg"])
        assert "@font-face" not in text and "Fira Code" not in text
    assert "DejaVu Sans Mono" in svg.stdout and 'fill="#ffffff"' in svg.stdout
    assert "background-color: #ffffff" in html.stdout and "@media print" in html.stdout
    assert len(html.stdout) < 200_000
    both = run("timeline", plan, "--svg", "-", "--html", "-", cwd=tmp_path)
    assert both.returncode == 2 and both.stdout == ""


@pytest.mark.parametrize("columns", ["60", "80"])
def test_validate_source_excerpts_fit_the_terminal(columns: str) -> None:
    env = {**os.environ, "COLUMNS": columns, "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT)}
    env.pop("NO_COLOR", None)
    env["NO_COLOR"] = "1"
    r = subprocess.run([sys.executable, "-m", "isoctl", "validate", *map(str, SEED_PLANS)], cwd=ROOT, env=env,
                       capture_output=True, text=True, encoding="utf-8")
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    excerpt = [i for i, line in enumerate(lines) if re.match(r"^\d+ \| ", line)]
    assert excerpt
    for i in excerpt:
        header = next(lines[k] for k in range(i, -1, -1) if re.match(r"^\S+:\d+:\d+: ", lines[k]))
        file, line, col = re.match(r"^(\S+):(\d+):(\d+): ", header).groups()
        source = Path(ROOT / file).read_text(encoding="utf-8").splitlines()[int(line) - 1]
        assert cell_len(lines[i]) <= int(columns) and cell_len(lines[i + 1]) <= int(columns)
        text = lines[i].split(" | ", 1)[1]
        at = lines[i + 1].index("^") - lines[i + 1].index("|") - 2
        assert text[at] == source[int(col) - 1], (header, text, lines[i + 1])
