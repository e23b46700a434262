"""The timeline as a Rich renderable Gantt chart (the one place rich draws a timeline).

One line per task: status sign, label, title (shortened to fit), lead unit, then one 3-cell
column per month (a programme: one 5-cell column per year) with a mark per schedule kind; phase header lines; a today column (▼ in the
header, ┆ down the grid); a legend of the marks and signs in use. Without colour every mark
and status is still a distinct character, so the plain text reads the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from isoctl.i18n import tr
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
# fonts every office machine has: the SVG is drawn offline (no web font), each run of text is
# stretched to its cells (textLength), so a browser and rsvg-convert lay it out alike
LOCAL_MONOSPACE = "'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, 'Courier New', monospace"
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


class Gantt:
    """A Rich renderable of a :class:`~isoctl.timeline.layout.Timeline`; draws to the width it is given."""

    def __init__(self, timeline: Timeline, *, legend: bool = True, today_bg: str = TODAY_BG) -> None:
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


def export(timeline: Timeline, width: int, *, svg: bool) -> str:
    """The same chart as an SVG image or an HTML page (Rich's exporters escape the text)."""
    import io

    import re

    from rich.terminal_theme import DEFAULT_TERMINAL_THEME

    console = Console(file=io.StringIO(), record=True, width=width, force_terminal=True,
                      color_system="truecolor", highlight=False, emoji=False, legacy_windows=False)
    console.print(Gantt(timeline, today_bg=PAPER_TODAY_BG), crop=True)
    title = f"{timeline.title} ({timeline.label})"
    if svg:
        # light, as the page prints; Rich's template fetches Fira Code from a CDN: local fonts instead
        text = console.export_svg(title=shorten(title, 80), theme=DEFAULT_TERMINAL_THEME)
        text = re.sub(r"\s*@font-face\s*\{[^}]*\}", "", text)
        text = re.sub(r"<!--[^>]*https?://[^>]*-->\n?", "", text)
        return text.replace("font-family: Fira Code, monospace", f"font-family: {LOCAL_MONOSPACE}")
    html = console.export_html(inline_styles=True, theme=DEFAULT_TERMINAL_THEME)
    return html.replace("</style>", "@media print { body { color: #000; background-color: #fff; } }\n</style>", 1)
