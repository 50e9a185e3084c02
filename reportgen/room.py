"""The pack's page geometry, and how much of it each figure gets, so figures are drawn at the
size they print.

Figures are laid out in CSS px (1/96 inch), the unit Chromium draws and prints in, and
placed in the pack at exactly 0.75 pt a px: an 11 px label prints at 8.25 pt. Asking
for the room before drawing (instead of drawing large and shrinking to fit) is what
makes the figure's own type sizes the printed sizes.

Outside the PDF writer's package, and needing only ReportLab's paper sizes, so a figure can
be sized (and sent to Chromium) before the layout engine is imported.
"""

from __future__ import annotations

import math

from reportlab.lib.pagesizes import A3, A4, LETTER, landscape, portrait
from reportlab.lib.units import mm

from reportgen.theme import Theme

PT_PER_PX = 0.75
NOTE_ROOM = 70.0  # points under a full-page figure for its heading and note
CHART_SHARE = 0.52  # of the frame height: two charts and their captions to a page
_SIZES = {"A4": A4, "A3": A3, "LETTER": LETTER}


def page_size(theme: Theme, landscape_page: bool = False) -> tuple[float, float]:
    """The pack's page in points: the style's paper and orientation, or its landscape form."""
    size = _SIZES.get(theme.page_size.upper(), A4)
    size = landscape(size) if theme.orientation == "landscape" else portrait(size)
    width, height = landscape(size) if landscape_page else size
    return float(width), float(height)


def frame_size(theme: Theme, landscape_page: bool = False) -> tuple[float, float]:
    """Width and height in points of the text frame inside the margins (the furniture sits outside)."""
    width, height = page_size(theme, landscape_page)
    margin = theme.margin_mm * mm
    return width - 2 * margin, height - 2 * margin - 2 * mm


def figure_room(theme: Theme, *, full_page: bool, wide: bool = False) -> tuple[float, float]:
    """Width and height in points a figure may take: a full page (less its heading and note) or a share."""
    width, height = frame_size(theme, wide)
    return (width, height - NOTE_ROOM) if full_page else (width, height * CHART_SHARE)


def figure_px(theme: Theme, *, full_page: bool, wide: bool = False) -> tuple[int, int]:
    """`figure_room` in whole CSS px, rounded down so that the figure never has to shrink."""
    width, height = figure_room(theme, full_page=full_page, wide=wide)
    return math.floor(width / PT_PER_PX), math.floor(height / PT_PER_PX)


def timeline_px(theme: Theme) -> tuple[int, int]:
    """The pack's timeline: a page of its own, landscape when the style says so."""
    return figure_px(theme, full_page=True, wide=theme.timeline_landscape)
