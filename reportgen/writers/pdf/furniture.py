"""Page furniture drawn on every page: marking top and bottom, title, as-of, "Page X of Y"."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from reportgen.theme import Theme
from reportgen.writers.pdf.styles import Fonts

MARKING_SIZE = 10.0
LINE_SIZE = 7.5


@dataclass(frozen=True, slots=True)
class Furniture:
    """What the header and footer say; `total_pages()` comes from the previous layout pass."""

    title: str
    as_of: str
    marking: str
    theme: Theme
    fonts: Fonts
    edition: str = ""  # "Edition 3 · 15 Oct 2025", bottom left

    def draw(self, canv: Canvas, page: int, total: int) -> None:
        width, height = canv._pagesize
        margin = self.theme.margin_mm * mm
        canv.saveState()
        self._marking(canv, width / 2, height - 7 * mm)
        self._marking(canv, width / 2, 5 * mm)
        canv.setFont(self.fonts.regular, LINE_SIZE)
        canv.setFillColor(colors.HexColor(self.theme.muted))
        top = height - margin + 2.2 * mm
        canv.drawString(margin, top, _fit(canv, self.title, self.fonts.regular, width / 2 - margin))
        canv.drawRightString(width - margin, top, f"As of {self.as_of}")
        bottom = margin - 6 * mm
        canv.drawRightString(width - margin, bottom, f"Page {page} of {total or '?'}")
        if self.edition:
            canv.drawString(margin, bottom, self.edition)
        canv.setStrokeColor(colors.HexColor(self.theme.grid))
        canv.setLineWidth(0.6)
        canv.line(margin, top - 1.6 * mm, width - margin, top - 1.6 * mm)
        canv.line(margin, bottom + 3.2 * mm, width - margin, bottom + 3.2 * mm)
        canv.restoreState()

    def _marking(self, canv: Canvas, x: float, y: float) -> None:
        if not self.marking or self.marking == "NONE":
            return
        canv.setFont(self.fonts.bold, MARKING_SIZE)
        canv.setFillColor(colors.HexColor(self.theme.text))
        canv.drawCentredString(x, y, self.marking)


def _fit(canv: Canvas, text: str, font: str, width: float) -> str:
    """Shorten `text` with an ellipsis so it fits `width` points (long titles)."""
    if canv.stringWidth(text, font, LINE_SIZE) <= width:
        return text
    while text and canv.stringWidth(text + "…", font, LINE_SIZE) > width:
        text = text[:-1]
    return text.rstrip() + "…"
