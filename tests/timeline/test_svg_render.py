"""timeline --svg draws the same chart in rsvg-convert and in a browser: checked by pixels.

The SVG is read back as pictures, not as text: rendered by ``rsvg-convert`` (librsvg) and, when one
is installed, by a headless Chromium, and in each picture every box-drawing character of the
chart's frame and today line (``│``, ``┆``) must be a stroke in the middle of its own cell on every
row, every bar cell (``█``) filled, and the two renderers must put them at the same pixels. The
cells come from the chart printed as text at the same width (the SVG draws those lines on a grid
of :data:`~isoctl.present.gantt.SVG_CELL_W` × :data:`~isoctl.present.gantt.SVG_LINE_H` px).
Before this test Rich's exporter stretched each run of text to its textLength and the right border
drifted a few px per row in librsvg.

Needs ``rsvg-convert`` (apt-get install librsvg2-bin) and, for the comparison, ``chromium`` or
``chromium-headless-shell``; each part skips, saying so, without its program.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import unicodedata
import zlib
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import ROOT, SEED_PLANS
from isoctl.present.gantt import SVG_CELL_W, SVG_LINE_H, SVG_PAD

RSVG = shutil.which("rsvg-convert")
CHROMIUM = shutil.which("chromium-headless-shell") or shutil.which("chromium")
AS_OF = "2024-08-15"
BOX = frozenset("│┆")


def read_png(path: Path) -> tuple[int, int, list[list[int]]]:
    """The picture as rows of grey levels (0 black … 255 white), alpha over white."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat = 8, []
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, ctype, _c, _f, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (0, 2, 4, 6) and not interlace, (depth, ctype, interlace)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    prev = bytearray(stride)
    grey: list[list[int]] = []
    i = 0
    for _y in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if f == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev, strict=True))
        elif f == 3:
            for x in range(stride):
                line[x] = (line[x] + (((line[x - bpp] if x >= bpp else 0) + prev[x]) >> 1)) & 255
        elif f == 4:
            for x in range(stride):
                a, b, c = (line[x - bpp] if x >= bpp else 0), prev[x], (prev[x - bpp] if x >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        if bpp in (1, 2):
            px = [(line[k], line[k + 1] if bpp == 2 else 255) for k in range(0, stride, bpp)]
            grey.append([(v * al + 255 * (255 - al)) // 255 for v, al in px])
        else:
            row = []
            for k in range(0, stride, bpp):
                v = (299 * line[k] + 587 * line[k + 1] + 114 * line[k + 2]) // 1000
                al = line[k + 3] if bpp == 4 else 255
                row.append((v * al + 255 * (255 - al)) // 255)
            grey.append(row)
    return w, h, grey


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("ISOCTL_LANG", "LC_ALL", "NO_COLOR", "FORCE_COLOR")}
    env.update({"LANG": "C.UTF-8", "PYTHONPATH": str(ROOT)})
    return subprocess.run([sys.executable, "-m", "isoctl", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8")


def chart(plan: Path, width: int, tmp_path: Path) -> tuple[Path, list[list[str]], tuple[int, int]]:
    """The SVG written by the program, the chart's lines as cells, and the SVG's size."""
    svg = tmp_path / f"{plan.stem}-{width}.svg"
    r = run("timeline", str(plan), "--as-of", AS_OF, "--width", str(width), "--svg", str(svg), "--force")
    assert r.returncode == 0, r.stderr
    text = run("timeline", str(plan), "--as-of", AS_OF, "--width", str(width))
    assert text.returncode == 0, text.stderr
    grid = []
    for line in text.stdout.rstrip("\n").split("\n"):
        cells: list[str] = []
        for ch in line:
            if cells and cell_len(ch) == 0:
                cells[-1] += ch
            else:
                cells.extend([ch] + [""] * (cell_len(ch) - 1))
        grid.append(cells)
    size = re.search(r'<svg [^>]*width="(\d+)" height="(\d+)"', svg.read_text(encoding="utf-8"))
    assert size, "the SVG has no size"
    return svg, grid, (int(size[1]), int(size[2]))


def strokes(png: Path, grid: list[list[str]]) -> dict[tuple[int, int], float]:
    """For every box-drawing cell (row, column): the x of its stroke (centre of the dark pixels),
    asserting that the stroke is there and in the middle of its cell; and every bar cell filled."""
    w, h, grey = read_png(png)
    found: dict[tuple[int, int], float] = {}
    for row, cells in enumerate(grid):
        top = SVG_PAD + row * SVG_LINE_H
        for col, cell in enumerate(cells):
            left = SVG_PAD + col * SVG_CELL_W
            box = [(x, y) for y in range(top, top + SVG_LINE_H) for x in range(left, left + SVG_CELL_W)]
            if cell in BOX:
                weights = [(x, 255 - grey[y][x]) for x, y in box if grey[y][x] < 160]
                assert len(weights) >= SVG_LINE_H // 3, f"{png.name}: no stroke for {cell!r} at row {row}, cell {col}"
                x = sum(x * wt for x, wt in weights) / sum(wt for _x, wt in weights)
                centre = left + SVG_CELL_W / 2
                assert abs(x - centre) <= 1.5, f"{png.name}: {cell!r} at row {row}, cell {col} drawn at x={x:.1f}, " \
                                               f"its cell's middle is {centre}"
                found[row, col] = x
            elif cell == "█":
                dark = sum(1 for x, y in box if grey[y][x] < 200)
                assert dark >= 0.95 * len(box), f"{png.name}: bar cell at row {row}, cell {col} only {dark}/{len(box)} filled"
    return found


def lines_up(found: dict[tuple[int, int], float], png: Path) -> None:
    columns: dict[int, list[float]] = {}
    for (_row, col), x in found.items():
        columns.setdefault(col, []).append(x)
    for col, xs in columns.items():
        assert max(xs) - min(xs) <= 1.0, f"{png.name}: the strokes of cell {col} wander over {max(xs) - min(xs):.1f} px"
    assert len(columns) >= 2  # the left and right borders at least


def rsvg(svg: Path) -> Path:
    png = svg.with_suffix(".rsvg.png")
    subprocess.run([RSVG, "-o", str(png), str(svg)], check=True, timeout=120)
    return png


def browser(svg: Path, size: tuple[int, int]) -> Path:
    png = svg.with_suffix(".chromium.png")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--force-device-scale-factor=1", f"--window-size={size[0]},{size[1]}",
                    f"--screenshot={png}", svg.as_uri()], check=True, timeout=180, capture_output=True,
                   cwd=svg.parent)
    return png


def hostile_titles(tmp_path: Path) -> Path:
    """plan-2024 with titles that are hard to place: decomposed (NFD) Vietnamese and wide CJK."""
    text = (ROOT / "plans" / "plan-2024.yaml").read_text(encoding="utf-8")
    titles = re.findall(r"^ +title: (.+)$", text, re.M)
    text = text.replace(titles[1], unicodedata.normalize("NFD", "Đổi mới, kiểm tra việc ghi chép hồ sơ"), 1)
    text = text.replace(titles[2], "Báo cáo 報告書 gửi Sở", 1)
    plan = tmp_path / "hostile.yaml"
    plan.write_text(text, encoding="utf-8")
    return plan


needs_rsvg = pytest.mark.skipif(RSVG is None, reason="rsvg-convert is needed: apt-get install librsvg2-bin")
needs_browser = pytest.mark.skipif(CHROMIUM is None or RSVG is None, reason="a headless browser (apt-get install "
                                   "chromium-headless-shell) and rsvg-convert are needed to compare them")


@needs_rsvg
@pytest.mark.parametrize("width", [60, 120])
@pytest.mark.parametrize("plan", SEED_PLANS, ids=[p.stem for p in SEED_PLANS])
def test_rsvg_draws_every_frame_stroke_in_its_cell(plan: Path, width: int, tmp_path: Path) -> None:
    svg, grid, size = chart(plan, width, tmp_path)
    assert size == (2 * SVG_PAD + width * SVG_CELL_W, 2 * SVG_PAD + len(grid) * SVG_LINE_H)
    png = rsvg(svg)
    found = strokes(png, grid)
    lines_up(found, png)
    right = max(col for _row, col in found)
    frame_rows = [row for row, cells in enumerate(grid) if "│" in cells]
    assert all((row, right) in found or grid[row][right] not in BOX for row in frame_rows)


@needs_rsvg
def test_rsvg_places_decomposed_and_wide_titles_on_the_grid(tmp_path: Path) -> None:
    svg, grid, _size = chart(hostile_titles(tmp_path), 120, tmp_path)
    assert any("報" in cells for cells in grid)
    lines_up(strokes(rsvg(svg), grid), svg)


@needs_browser
@pytest.mark.parametrize("plan", [*SEED_PLANS, None], ids=[*(p.stem for p in SEED_PLANS), "hostile-titles"])
def test_a_browser_draws_the_same_chart_as_rsvg(plan: Path | None, tmp_path: Path) -> None:
    svg, grid, size = chart(plan or hostile_titles(tmp_path), 120, tmp_path)
    ours, theirs = strokes(rsvg(svg), grid), strokes(browser(svg, size), grid)
    assert read_png(svg.with_suffix(".chromium.png"))[:2] == size
    assert ours.keys() == theirs.keys()
    apart = {cell: (ours[cell], theirs[cell]) for cell in ours if abs(ours[cell] - theirs[cell]) > 1.0}
    assert not apart, f"rsvg-convert and the browser draw these strokes apart (row, cell: x, x): {apart}"
