"""One look for every table in the pack: a coloured header row that repeats, light rules."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from reportgen.pack.styles import Styles
from reportgen.theme import Theme


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Flowable | str]],
    widths: Sequence[float],
    styles: Styles,
    theme: Theme,
) -> Table:
    """A table with a repeating header row; cells should be Paragraphs so they wrap."""
    head = [Paragraph(h, styles.cell_head) for h in header]
    table = Table(
        [head, *rows],
        colWidths=list(widths),
        repeatRows=1,
        splitInRow=1,  # a very long description may continue on the next page
        hAlign="LEFT",
    )
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(theme.primary)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor(theme.grid)),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    # Zebra stripes help a reader follow a row across a wide page.
    commands += [
        ("BACKGROUND", (0, i), (-1, i), colors.HexColor("#f3f5f8")) for i in range(2, len(rows) + 1, 2)
    ]
    table.setStyle(TableStyle(commands))
    return table


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
