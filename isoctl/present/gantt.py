"""The timeline as a Rich renderable Gantt chart (the one place rich draws a timeline).

One line per task: status sign, label, title (shortened to fit), lead unit, then one 3-cell
column per month (a programme: one 5-cell column per year) with a mark per schedule kind; phase header lines; a today column (▼ in the
header, ┆ down the grid); a legend of the marks and signs in use. Without colour every mark
and status is still a distinct character, so the plain text reads the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from isoctl.diagnostics import escape_controls
from isoctl.i18n import tr
from isoctl.lazyre import lazy
from isoctl.timeline.layout import Row, Timeline

CELL = 3
YEAR_CELL = 5  # a programme's year column: room for "2021"
MIN_TITLE = 12  # what the title keeps before the lead gives up room
MIN_NARROW_TITLE = 4  # at 60 columns the frame and December come before the title
MIN_LEAD = 4

GLYPHS: dict[str, str] = {
    "month": "███", "day": " ◆ ", "monthly": " ● ", "quarterly": " ▲ ", "half-yearly": " ■ ",
    "yearly": "───", "continuous": "═══", "event": "┄┄┄", "after": "▒▒▒",
}
SIGNS: dict[str, str] = {"done": "✓", "in-progress": "▶", "planned": " ", "late": "!", "cancelled": "×"}
STYLES: dict[str, str] = {"done": "green", "in-progress": "yellow", "planned": "blue", "late": "bold red",
                          "cancelled": "bright_black"}
TITLE_STYLES: dict[str, str] = {"done": "green", "late": "red", "cancelled": "bright_black strike",
                                "in-progress": "", "planned": ""}
TODAY_BG = "on grey23"
PAPER_TODAY_BG = "on grey93"  # the SVG and HTML are light, to print: a pale today column
# fonts every office machine has: the SVG is drawn offline (no web font), each character at its
# own cell (see SVG_CELL_W), so a browser and rsvg-convert lay it out alike; first the ones with every
# Vietnamese letter precomposed (DejaVu Sans Mono has no 'ổ', 'ế', 'ẫ': a browser then draws the
# mark beside its letter)
LOCAL_MONOSPACE = ("'Noto Sans Mono', 'Liberation Mono', Consolas, Menlo, 'Courier New', 'DejaVu Sans Mono', "
                   "monospace")
EVENT_FLAG = "◇"
# marks drawn as a bar across the months; without colour the today line is drawn over them
SPANS = frozenset({"yearly", "continuous", "event", "after"})


def mark_names() -> dict[str, str]:
    return {
        "month": tr("scheduled month", "tháng thực hiện"),
        "day": tr("a day", "một ngày"),
        "monthly": tr("monthly (Hàng tháng)", "hàng tháng"),
        "quarterly": tr("quarterly (Hàng quý)", "hàng quý"),
        "half-yearly": tr("half-yearly (6 tháng một lần)", "6 tháng một lần"),
        "yearly": tr("once a year (Hàng năm)", "hàng năm"),
        "continuous": tr("continuous (Thường xuyên)", "thường xuyên"),
        "event": tr("on an event (Khi có …)", "khi có sự việc"),
        "after": tr("after the task it follows (Sau …)", "sau nhiệm vụ trước"),
    }


def status_names() -> dict[str, str]:
    return {"done": tr("done", "hoàn thành"), "in-progress": tr("in progress", "đang làm"),
            "planned": tr("planned", "kế hoạch"), "late": tr("late", "trễ hạn"),
            "cancelled": tr("cancelled", "hủy")}


def shorten(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: whole when it fits, else its first clause (up to
    ';' or '(') when that keeps at least half the room, else cut at a word, with '…'."""
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    room = width - 1
    for sep in ("; ", " (", ": "):
        head = text.split(sep, 1)[0].rstrip(" ,;:.")
        if head != text and room // 2 <= cell_len(head) <= room:
            return head + "…"
    cut = ""
    for ch in text:
        if cell_len(cut + ch) > room:
            break
        cut += ch
    if " " in cut[room // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


def _lead_text(row: Row, width: int) -> str:
    names = [n for n in row.lead if n] or ["—"]
    joined = ", ".join(names)
    if cell_len(joined) <= width or len(names) == 1:
        return shorten(joined, width)
    more = f" +{len(names) - 1}"
    return shorten(names[0], max(1, width - len(more))) + more


def _year_row(columns: tuple[tuple[int, int], ...]) -> str:
    """Each year's span over its months: ``2024 ────…``, or ``23`` when only a month wide."""
    out = ""
    i = 0
    while i < len(columns):
        year = columns[i][0]
        n = 0
        while i + n < len(columns) and columns[i + n][0] == year:
            n += 1
        width = CELL * n
        label = str(year) if width >= 6 else f"{year % 100:02d}"
        out += (label + " " + "─" * max(0, width - len(label) - 2) + " ")[:width]
        i += n
    return out


def shown(timeline: Timeline) -> Timeline:
    """The timeline with its plan text safe to draw: control, bidi and invisible characters as
    ``\\x1b``-style escapes (:func:`~isoctl.diagnostics.escape_controls`), before the columns are
    measured, so the frame still fits; the same object when there is nothing to escape."""
    from isoctl.records import replace

    def s(text: str | None) -> str | None:
        return escape_controls(text) if text else text

    texts = [timeline.title, timeline.agency, *(t for p in timeline.phases for t in (p.id, p.title or "")),
             *(t for r in timeline.rows for t in (r.title, r.label or "", r.unresolved_after or "", *r.lead))]
    if all(escape_controls(t) == t for t in texts):
        return timeline
    phases = tuple(replace(p, id=s(p.id), title=s(p.title), rows=tuple(
        replace(r, title=s(r.title), label=s(r.label), unresolved_after=s(r.unresolved_after),
                lead=tuple(s(n) or n for n in r.lead)) for r in p.rows)) for p in timeline.phases)
    return replace(timeline, title=s(timeline.title), agency=s(timeline.agency), phases=phases)


class Gantt:
    """A Rich renderable of a :class:`~isoctl.timeline.layout.Timeline`; draws to the width it is
    given, its plan text escaped (:func:`shown`)."""

    def __init__(self, timeline: Timeline, *, legend: bool = True, today_bg: str = TODAY_BG) -> None:
        timeline = shown(timeline)
        self.tl = timeline
        self.legend = legend
        self.today_bg = today_bg
        self.plain = False  # no colour: the today column has no background to show it
        self.cell = YEAR_CELL if timeline.scale == "year" else CELL

    def _glyph(self, kind: str) -> str:
        """The mark of ``kind`` in one column: a bar fills it, a sign sits in its middle."""
        glyph = GLYPHS[kind]
        if self.cell == CELL:
            return glyph
        if glyph[0] == glyph[1] == glyph[2]:
            return glyph[0] * self.cell
        return glyph.strip().center(self.cell)

    def _third(self) -> int:
        """Where in its column the today line is drawn."""
        return self.tl.today_third * self.cell // 3

    # sizes ---------------------------------------------------------------------------------
    def _widths(self, total: int) -> tuple[int, int, int]:
        """Label, title and lead widths so that a line is at most ``total`` cells: the frame and
        every month fit (at 60 columns too); the title and the lead share what is left."""
        rows = self.tl.rows
        label = max((cell_len(r.label or "") for r in rows), default=0)
        flag = 2 if any(r.event and "event" not in r.marks.values() for r in rows) else 0
        grid = self.cell * len(self.tl.columns) + 2 + flag  # borders + event flag
        lead = min(max((cell_len(", ".join(r.lead)) for r in rows), default=6), 26)
        lead = max(lead, 6)
        fixed = 2 + (label + 1 if label else 0) + 1 + 1 + grid  # sign, label, spaces
        floor = max(MIN_LEAD, cell_len(tr("Lead", "Chủ trì")))  # the column's heading fits over it
        lead = max(lead, floor)
        room = max(total - fixed, floor + MIN_NARROW_TITLE)
        lead = min(lead, max(floor, room * 2 // 5))  # on a narrow screen the title keeps the most
        title = room - lead
        if title < MIN_TITLE:
            lead = max(floor, lead - (MIN_TITLE - title))
            title = max(MIN_NARROW_TITLE, room - lead)
        return label, title, lead

    # rendering -----------------------------------------------------------------------------
    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.plain = console.no_color or console.color_system is None
        yield from self.lines(options.max_width)

    def lines(self, width: int) -> Iterable[Text]:
        tl = self.tl
        label_w, title_w, lead_w = self._widths(width)
        left = 2 + (label_w + 1 if label_w else 0) + title_w + 1 + lead_w + 1
        today = tl.today
        heading = f"{tl.title} ({tl.label})"
        yield Text(shorten(heading, width), style="bold", no_wrap=True, overflow="crop")
        yield Text(shorten(tr("{a} — as of {d}", "{a} — tính đến {d}", a=tl.agency,
                              d=tl.as_of.strftime("%d/%m/%Y")), width), style="dim", no_wrap=True)
        yield Text("")
        # years (when the columns span more than one), today marker, month numbers
        if tl.scale == "month" and len({y for y, _m in tl.columns}) > 1:
            yield Text(" " * (left + 1) + _year_row(tl.columns), style="bold", no_wrap=True, overflow="crop")
        if today is not None:
            at = left + 1 + today * self.cell + self._third()
            word = tr("today", "hôm nay")
            if at + 2 + cell_len(word) <= width:
                marker = Text(" " * at, no_wrap=True, overflow="crop")
                marker.append("▼ " + word, style="bold magenta")
            else:  # near the right edge the word goes before the arrow
                marker = Text(" " * max(0, at - cell_len(word) - 1), no_wrap=True, overflow="crop")
                marker.append(word + " ▼", style="bold magenta")
            yield marker
        header = Text(" " * (left - lead_w - 1), no_wrap=True, overflow="crop")
        header.append(_pad(shorten(tr("Lead", "Chủ trì"), lead_w), lead_w), style="bold")
        header.append(" │")
        for i, (y, m) in enumerate(tl.columns):
            header.append(f"{m if tl.scale == 'month' else y:^{self.cell}}",
                          style=("bold reverse magenta" if i == today else "bold"))
        header.append("│")
        yield header
        for phase in tl.phases:
            title = phase.title or phase.id
            counts = f" {phase.done}/{phase.total}"
            line = Text(no_wrap=True, overflow="crop")
            line.append(_pad(shorten(title, left - cell_len(counts) - 1) + counts, left), style="bold cyan")
            line.append("│")
            line.append_text(self._grid_blank())
            line.append("│")
            yield line
            for row in phase.rows:
                yield self._row(row, label_w, title_w, lead_w)
        if not tl.phases:
            yield Text(tr("(no task matches the filters)", "(không có nhiệm vụ nào khớp bộ lọc)"), style="dim")
        if self.legend:
            yield Text("")
            yield from self._legend(width)

    def _today_cell(self) -> str:
        """The empty cell of the today column: ┆ at the third of the month the day falls in."""
        third = self._third()
        return " " * third + "┆" + " " * (self.cell - third - 1)

    def _grid_blank(self) -> Text:
        grid = Text()
        for i in range(len(self.tl.columns)):
            if i == self.tl.today:
                grid.append(self._today_cell(), style="magenta " + self.today_bg)
            else:
                grid.append(" " * self.cell)
        return grid

    def _row(self, row: Row, label_w: int, title_w: int, lead_w: int) -> Text:
        style = STYLES[row.status]
        line = Text(no_wrap=True, overflow="crop")
        line.append(SIGNS[row.status] + " ", style=style)
        if label_w:
            line.append(_pad(row.label or "", label_w) + " ", style="dim")
        line.append(_pad(shorten(row.title, title_w), title_w), style=TITLE_STYLES[row.status] or None)
        line.append(" ")
        line.append(_pad(_lead_text(row, lead_w), lead_w), style="dim")
        line.append(" │")
        if not row.marks:
            note = (tr("after '{x}': not found", "sau '{x}': không tìm thấy", x=row.unresolved_after)
                    if row.unresolved_after else tr("no schedule given", "không ghi thời gian"))
            text = shorten(note, self.cell * len(self.tl.columns) - 2)
            grid = Text(" " + _pad(text, self.cell * len(self.tl.columns) - 1), style="italic bright_black")
            line.append_text(grid)
        else:
            for i, ym in enumerate(self.tl.columns):
                kind = row.marks.get(ym)
                bg = " " + self.today_bg if i == self.tl.today else ""
                if kind is None:
                    line.append(self._today_cell() if i == self.tl.today else " " * self.cell,
                                style=("magenta" + bg) if i == self.tl.today else None)
                elif i == self.tl.today and self.plain and kind in SPANS:
                    third, glyph = self._third(), self._glyph(kind)
                    line.append(glyph[:third] + "┆" + glyph[third + 1:], style=style)
                else:
                    line.append(self._glyph(kind), style=style + bg)
        line.append("│")
        if row.event and "event" not in row.marks.values():
            line.append(" " + EVENT_FLAG, style="magenta")
        return line

    def _legend(self, width: int) -> Iterable[Text]:
        names = mark_names()
        if self.tl.scale == "year":
            names["month"] = tr("scheduled in the year", "thực hiện trong năm")
        items: list[tuple[str, str, str]] = [(GLYPHS[k].strip()[:1] * (3 if GLYPHS[k][0] != " " else 1), names[k], "")
                                             for k in self.tl.kinds_used()]
        if any(r.event and "event" not in r.marks.values() for r in self.tl.rows):
            items.append((EVENT_FLAG, tr("also on an event", "kèm khi có sự việc"), "magenta"))
        if self.tl.today is not None:
            items.append(("┆", tr("today", "hôm nay"), "magenta"))
        statuses = status_names()
        signs = [((SIGNS[s] + " " if SIGNS[s] != " " else "") + "███", statuses[s], STYLES[s])
                 for s in self.tl.statuses_used()]
        for group in (items, signs):
            line = Text(no_wrap=True)
            for glyph, name, style in group:
                piece = f"{glyph} {name}"
                if line.plain and cell_len(line.plain) + 3 + cell_len(piece) > width:
                    yield line
                    line = Text(no_wrap=True)
                if line.plain:
                    line.append("   ")
                line.append(glyph, style=style or "blue")
                line.append(" " + name, style="dim")
            if line.plain:
                yield line
        if self.tl.clipped and self.tl.scale == "year":
            yield Text(tr("some work lies outside the programme's years and is not shown",
                          "một số công việc nằm ngoài giai đoạn của chương trình nên không hiển thị"), style="yellow")
        elif self.tl.clipped:
            yield Text(tr("some months lie more than a year outside the plan year and are not shown",
                          "một số tháng nằm ngoài năm kế hoạch quá một năm nên không hiển thị"), style="yellow")


def render_text(timeline: Timeline, width: int, *, colour: bool = False) -> str:
    """The chart as text (ANSI colours only when ``colour``)."""
    import io

    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=colour, no_color=not colour,
                      color_system="truecolor" if colour else None, highlight=False, emoji=False,
                      legacy_windows=False)
    console.print(Gantt(timeline), crop=True)
    return buf.getvalue()


# the SVG's cell grid, in px: every character is placed at its own cell (the middle of it), bars,
# backgrounds and strike-outs are rectangles over whole cells, so no position depends on a font's
# metrics: a browser and rsvg-convert (which honours one x per text chunk, not a list) draw the
# same chart whichever local monospace font they find
SVG_FONT = 20
SVG_CELL_W = 12
SVG_LINE_H = 24
SVG_PAD = 12
SVG_BASELINE = 19  # from the top of a line: DejaVu Sans Mono's ascent at 20 px, so │ joins row to row
# characters no XML document may hold (the plan's are refused by validate; this is a last guard)
_NOT_XML = lazy("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(_NOT_XML.sub("\ufffd", text))


def _svg(lines: list[list[Any]], width: int, title: str) -> str:
    """The rendered lines (Rich segments) as an SVG on a fixed cell grid (see :data:`SVG_CELL_W`)."""
    from rich.color import blend_rgb
    from rich.terminal_theme import DEFAULT_TERMINAL_THEME as theme

    def colours(style: Any) -> tuple[str, str | None]:
        fg = (theme.foreground_color if style is None or style.color is None or style.color.is_default
              else style.color.get_truecolor(theme))
        bg = (None if style is None or style.bgcolor is None or style.bgcolor.is_default
              else style.bgcolor.get_truecolor(theme))
        if style is not None and style.reverse:
            fg, bg = bg or theme.background_color, fg
        if style is not None and style.dim:
            fg = blend_rgb(fg, bg or theme.background_color, 0.4)
        return fg.hex, (bg.hex if bg is not None else None)

    classes: dict[str, str] = {}
    rects: list[str] = []  # backgrounds first, then bars and strike-outs over them
    marks: list[str] = []
    texts: list[str] = []

    def rect(into: list[str], col: int, n: int, row: int, fill: str, top: float = 0, height: float = SVG_LINE_H) -> None:
        into.append(f'<rect x="{SVG_PAD + col * SVG_CELL_W}" y="{SVG_PAD + row * SVG_LINE_H + top:g}" '
                    f'width="{n * SVG_CELL_W}" height="{height:g}" fill="{fill}"/>')

    for row, segments in enumerate(lines):
        col = 0
        runs: dict[str, list[tuple[int, int, str]]] = {"bg": [], "bar": [], "strike": [], "underline": []}
        chunks: list[tuple[str, list[tuple[int, str]]]] = []  # (class, [(col, cluster)])
        for seg in segments:
            if seg.control or not seg.text:
                continue
            style = seg.style
            fg, bg = colours(style)
            css = f"fill: {fg}" + ("; font-weight: bold" if style is not None and style.bold else "") + (
                "; font-style: italic" if style is not None and style.italic else "")
            name = classes.setdefault(css, f"c{len(classes)}")
            clusters: list[str] = []
            for ch in seg.text:
                if clusters and cell_len(ch) == 0:
                    clusters[-1] += ch  # a combining mark stays with its letter
                else:
                    clusters.append(ch)
            for cluster in clusters:
                n = max(1, cell_len(cluster))
                if bg is not None:
                    runs["bg"].append((col, n, bg))
                if style is not None and style.strike:
                    runs["strike"].append((col, n, fg))
                if style is not None and style.underline:
                    runs["underline"].append((col, n, fg))
                if cluster == "█":
                    runs["bar"].append((col, n, fg))
                elif cluster.strip() and cluster != "\u00a0":
                    if not chunks or chunks[-1][0] != name:
                        chunks.append((name, []))
                    chunks[-1][1].append((col, cluster))
                col += n
        for kind, into, top, height in (("bg", rects, 0, SVG_LINE_H), ("bar", marks, 0, SVG_LINE_H),
                                        ("strike", marks, 12.5, 1.5), ("underline", marks, 21.5, 1.5)):
            merged: list[tuple[int, int, str]] = []
            for c, n, fill in runs[kind]:
                if merged and merged[-1][2] == fill and merged[-1][0] + merged[-1][1] == c:
                    merged[-1] = (merged[-1][0], merged[-1][1] + n, fill)
                else:
                    merged.append((c, n, fill))
            for c, n, fill in merged:
                rect(into, c, n, row, fill, top, height)
        y = SVG_PAD + row * SVG_LINE_H + SVG_BASELINE
        for name, cells in chunks:
            spans = "".join(f'<tspan x="{SVG_PAD + c * SVG_CELL_W + SVG_CELL_W * cell_len(t) / 2:g}">{_xml(t)}</tspan>'
                            for c, t in cells)
            texts.append(f'<text class="{name}" y="{y}">{spans}</text>')
    w = 2 * SVG_PAD + width * SVG_CELL_W
    h = 2 * SVG_PAD + len(lines) * SVG_LINE_H
    css = "\n".join(f"    .{n} {{ {c} }}" for c, n in classes.items())
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">\n'
            f"  <title>{_xml(title)}</title>\n"
            f"  <style>\n    text {{ font-family: {LOCAL_MONOSPACE}; font-size: {SVG_FONT}px; "
            f"text-anchor: middle; white-space: pre; }}\n{css}\n  </style>\n"
            f'  <rect width="{w}" height="{h}" fill="#ffffff"/>\n'
            + "".join(f"  {r}\n" for r in rects + marks) + "".join(f"  {t}\n" for t in texts) + "</svg>\n")


def export(timeline: Timeline, width: int, *, svg: bool) -> str:
    """The same chart as an SVG image (drawn on a fixed cell grid, :func:`_svg`) or an HTML page
    (Rich's exporter); both light, to print, and needing no font from the internet."""
    import io

    from rich.terminal_theme import DEFAULT_TERMINAL_THEME

    console = Console(file=io.StringIO(), record=not svg, width=width, force_terminal=True,
                      color_system="truecolor", highlight=False, emoji=False, legacy_windows=False)
    gantt = Gantt(timeline, today_bg=PAPER_TODAY_BG)
    if svg:
        lines = console.render_lines(gantt, console.options.update(width=width), pad=False, new_lines=False)
        return _svg(lines, width, shorten(f"{timeline.title} ({timeline.label})", 80))
    console.print(gantt, crop=True)
    html = console.export_html(inline_styles=True, theme=DEFAULT_TERMINAL_THEME)
    return html.replace("</style>", "@media print { body { color: #000; background-color: #fff; } }\n</style>", 1)
