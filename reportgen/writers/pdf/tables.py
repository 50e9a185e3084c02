"""One look for every table in the pack: a coloured header row that repeats, light rules."""

from __future__ import annotations

import bisect
import itertools
import weakref
from collections.abc import Sequence
from typing import Any, TypeAlias
from xml.sax.saxutils import unescape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText

from reportgen.theme import Theme
from reportgen.writers.pdf.doc import SKETCH
from reportgen.writers.pdf.styles import Styles


class CellParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that remembers its line breaks for the width it was last wrapped to.

    A table cell is wrapped to its column width once to size its row, then again by
    every layout pass that draws it; the lines are the same each time, and breaking
    lines is the largest single cost of a long chronology.

    Text without markup (no tag: `markup` escapes every other "<") is not run through
    ReportLab's parser, which is html.parser and costs ~0.1 ms a cell: its one fragment is
    the style's own, parsed once, holding the text as the parser would (spaces folded,
    entities read).
    """

    _wrapped_at: float | None = None

    def __init__(self, text: str | None, style: ParagraphStyle, **kw: Any) -> None:
        if text and "<" not in text and "frags" not in kw and (plain := cleanBlockQuotedText(text)):
            kw["frags"] = [_fragment(style, unescape(plain))]
        super().__init__(text, style, **kw)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # a failed split() deletes blPara, the remembered lines: then break them again
        if availWidth == self._wrapped_at and hasattr(self, "blPara"):
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return width, height

    def draw(self) -> None:
        if not getattr(self.canv, SKETCH, False):  # a measuring pass draws no cell text
            super().draw()


_STYLE_FRAGMENT: weakref.WeakKeyDictionary[ParagraphStyle, Any] = weakref.WeakKeyDictionary()


def _fragment(style: ParagraphStyle, text: str) -> Any:
    """A fragment of `text` in `style`, as ReportLab's parser makes one for text without tags."""
    if style not in _STYLE_FRAGMENT:
        _STYLE_FRAGMENT[style] = Paragraph("x", style).frags[0]
    fragment = _STYLE_FRAGMENT[style].clone(text=text)
    for name, value in vars(fragment).items():
        if isinstance(value, list):  # link, us_lines: each fragment its own, as parsed
            setattr(fragment, name, list(value))
    return fragment


class CellLines(Flowable):  # type: ignore[misc]
    """A table cell's lines (an event's bold title, then its description) stacked as one
    Paragraph with <br/> would set them, but each its own one-font Paragraph: ReportLab parses,
    breaks and draws those by its single-fragment paths, 3-5x faster than one Paragraph of
    <b> and <br/> (the bulk of a 10,000-event chronology). At a page foot the cell splits as
    that one Paragraph would (`allowOrphans` and `allowWidows` 0): never leaving one line
    behind or carrying one line over, so a title never stands apart from its first line."""

    def __init__(self, lines: Sequence[Paragraph]) -> None:
        super().__init__()
        self.lines = list(lines)
        self.leading = float(self.lines[0].style.leading)  # every cell_line style has the same
        self._wrapped_at: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth != self._wrapped_at:
            self._sizes = [p.wrap(availWidth, 72000) for p in self.lines]
            self._wrapped_at = availWidth
        self.width = max(w for w, _ in self._sizes)
        self.height = sum(h for _, h in self._sizes)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # the lines as last wrapped (a Table splits a cell by its column's full width)
        width = self._wrapped_at if self._wrapped_at is not None else self.wrap(availWidth, availHeight)[0]
        counts = [round(h / self.leading) for _, h in self._sizes]
        total, fit = sum(counts), int(availHeight / self.leading)
        if total <= fit:
            return [self]
        if fit == total - 1:  # one line would be carried over alone: give it company
            fit = fit - 1 if total > 3 else 0
        if fit <= 1:  # one line (or none) would be left at the foot: the whole cell moves on
            return []
        head: list[Paragraph] = []
        tail: list[Paragraph] = []
        used = 0
        for p, n in zip(self.lines, counts, strict=True):
            if used + n <= fit:
                head.append(p)
            elif used >= fit:
                tail.append(p)
            else:
                first, rest = p.split(width, (fit - used) * self.leading)
                head.append(first)
                tail.append(rest)
            used += n
        return [CellLines(head), CellLines(tail)]

    def draw(self) -> None:
        if getattr(self.canv, SKETCH, False):  # a measuring pass draws no cell text
            return
        y = self.height
        for p, (_, h) in zip(self.lines, self._sizes, strict=True):
            y -= h
            p.drawOn(self.canv, 0, y)


class SketchTable(Table):  # type: ignore[misc]
    """A Table that draws nothing in a measuring pass: only its size and splits matter there.
    Skipping a long chronology's drawing (rules, backgrounds, each cell placed) brings that
    pass from 1.05 to 0.26 s at 10,000 rows. A split's parts are made with `self.__class__`."""

    def draw(self) -> None:
        if not getattr(self.canv, SKETCH, False):
            super().draw()


# a Flowable, a str or a list of Flowables (ReportLab has no type hints, so Any)
Cell: TypeAlias = Any
LONG = 100  # rows from which a table is laid out a page at a time (_Rows)


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Flowable | str]],
    widths: Sequence[float],
    styles: Styles,
    theme: Theme,
) -> Flowable:
    """A table with a repeating header row; cells should be Paragraphs so they wrap.

    Long tables of Paragraphs come back as `_Rows`, which lays out the same table a
    window of rows at a time (see there); everything else is one Table.
    """
    head = [Paragraph(h, styles.cell_head) for h in header]
    # A cell as the list of flowables ReportLab turns it into when it sizes rows itself
    # (Table._cellListProcess); sized here, it must be given that way (in-row splits need it).
    data: list[Sequence[Cell]] = [[_cell(c) for c in row] for row in [head, *rows]]
    heights = _row_heights(data, widths)
    style = _style(len(rows), theme)
    if len(rows) > LONG and None not in heights:
        return _Rows(data, [h or 0.0 for h in heights], list(widths), style)
    return _make_table(data, heights, widths, style)


def _cell(value: Flowable | str) -> Cell:
    return [value] if isinstance(value, Flowable) else value


def _make_table(
    data: Sequence[Sequence[Cell]],
    heights: Sequence[float | None],
    widths: Sequence[float],
    style: TableStyle,
) -> Table:
    table = SketchTable(
        list(data),
        colWidths=list(widths),
        rowHeights=list(heights),
        repeatRows=1,
        splitInRow=1,  # a very long description may continue on the next page
        hAlign="LEFT",
    )
    table.setStyle(style)
    return table


def _style(rows: int, theme: Theme) -> TableStyle:
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(theme.primary)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor(theme.grid)),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    # Zebra stripes help a reader follow a row across a wide page. One ROWBACKGROUNDS command,
    # not one BACKGROUND per row: ReportLab rewrites every command at each page split, so
    # per-row commands made a long table quadratic (10,000 rows: 5,000 commands x 400 splits).
    if rows > 1:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f5f8")]))
    return TableStyle(commands)


class _Rows(Flowable):  # type: ignore[misc]
    """A long data table laid out a window of rows at a time; prints exactly as one Table.

    A ReportLab Table re-reads all its remaining rows (and every style command) each time
    it splits at a page foot, so one 10,000-row Table costs O(rows x pages). Here a split
    makes a real Table of the header plus the rows that fit the space (found by bisecting
    prefix sums of the row heights) and two more, lets ReportLab split that, and keeps the
    rest as another `_Rows` (a view: same lists, later start).
    """

    def __init__(self, data: list[Sequence[Cell]], heights: list[float], widths: list[float],
                 style: TableStyle, start: int = 1, ends: list[float] | None = None):  # fmt: skip
        super().__init__()
        self._data, self._heights, self._widths, self._style = data, heights, widths, style
        self._start = start  # first data row not yet laid out (row 0 is the header)
        self._ends = ends if ends is not None else list(itertools.accumulate(heights))
        self.hAlign = "LEFT"

    def _table(self, stop: int) -> Table:
        rows = [self._data[0], *self._data[self._start : stop]]
        heights = [self._heights[0], *self._heights[self._start : stop]]
        table = _make_table(rows, heights, self._widths, self._style)
        table._frame, table.canv = getattr(self, "_frame", None), getattr(self, "canv", None)
        return table

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        rest = self._ends[-1] - self._ends[self._start - 1]  # rows start.. end, from prefix sums
        self.width, self.height = sum(self._widths), self._heights[0] + rest
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # rows that fit (prefix sums), plus two: the one that may be split inside, and slack
        limit = self._ends[self._start - 1] + availHeight - self._heights[0]
        fits = bisect.bisect_right(self._ends, limit, lo=self._start)
        stop = min(len(self._data), fits + 2)
        parts = self._table(stop).split(availWidth, availHeight)
        if stop == len(self._data) or len(parts) != 2:
            return list(parts)
        first, rest = parts
        done = len(first._cellvalues) - 1  # data rows laid out, the last maybe in part
        after = self._start + done  # first row of `data` not yet started
        if len(rest._cellvalues) - 1 == stop - after:  # split between rows
            return [first, self._view(after)]
        # a row taller than a page was split inside it: carry its remainder along
        tail = _Rows(
            [self._data[0], rest._cellvalues[1], *self._data[after:]],
            [self._heights[0], rest._rowHeights[1], *self._heights[after:]],
            self._widths,
            self._style,
        )
        return [first, tail]

    def _view(self, start: int) -> _Rows:
        return _Rows(self._data, self._heights, self._widths, self._style, start, self._ends)

    def draw(self) -> None:
        table = self._table(len(self._data))
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)


_SIZED = (Paragraph, CellLines)  # cells whose height is theirs alone (no ReportLab auto-size)
_PAD_X, _PAD_Y = 4 + 4, 3 + 3  # LEFT+RIGHT and TOP+BOTTOM padding of data_table cells


def _row_heights(data: Sequence[Sequence[Cell]], widths: Sequence[float]) -> list[float | None]:
    """Each row's height, measured once here (None: left to ReportLab, for non-Paragraph cells).

    ReportLab 5.1 measures an unsized long table whole on every wrap and split, and finds
    each next unsized row with `H.index(None)` and sums `H[:i]` per row: quadratic in rows
    (10,000 rows: about 40 s per layout pass). Measured here, the sizes are kept across
    multiBuild's passes too. Same sum as Table._listCellGeom: tallest cell plus padding.
    """
    heights: list[float | None] = []
    for row in data:
        tallest: float | None = 0.0
        for cell, width in zip(row, widths, strict=False):
            if not (isinstance(cell, list) and len(cell) == 1 and isinstance(cell[0], _SIZED)):
                tallest = None
                break
            tallest = max(tallest or 0.0, cell[0].wrap(width - _PAD_X, 72000)[1])
        heights.append(None if tallest is None else tallest + _PAD_Y)
    return heights


def facts_table(rows: Sequence[tuple[str, Flowable]], width: float, styles: Styles, theme: Theme) -> Table:
    """A two-column label/value table (key facts)."""
    label_width = min(45 * 2.8346, width * 0.3)
    data = [[Paragraph(label, styles.cell_head), value] for label, value in rows]
    table = Table(data, colWidths=[label_width, width - label_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor(theme.primary)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.6, colors.white),
                ("LINEBELOW", (1, 0), (1, -1), 0.4, colors.HexColor(theme.grid)),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table
