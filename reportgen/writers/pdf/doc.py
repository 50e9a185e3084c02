"""The ReportLab document: portrait and landscape page templates, headings that feed the
contents page and the PDF outline, and a page counter for "Page X of Y".

`multiBuild` lays the story out until the contents page and the page total are
stable, so the final pass draws correct numbers everywhere.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import IndexingFlowable

from reportgen.room import frame_size, page_size
from reportgen.theme import Theme
from reportgen.writers.pdf.figures import Placement
from reportgen.writers.pdf.furniture import Furniture

SKETCH = "_reportgen_sketch"  # canvas attribute: True while a layout pass only measures


class Heading(Paragraph):  # type: ignore[misc]
    """A section heading: bookmarked, in the outline, and (level 0) in the contents."""

    def __init__(self, title: str, style: Any, key: str, level: int = 0, toc: bool = True):
        super().__init__(escape(title), style)
        self.title, self.key, self.level, self.toc = title, key, level, toc


class PageCount(IndexingFlowable):  # type: ignore[misc]
    """Zero-size indexing flowable: the page total counted in the previous layout pass.

    `multiBuild` repeats passes until every indexing flowable is satisfied, so the
    final pass prints the true total in every "Page X of Y".
    """

    def __init__(self) -> None:
        super().__init__()
        self.total = 0  # what this pass prints
        self.seen = 0  # the last page this pass drew
        self._stable = False

    def beforeBuild(self) -> None:
        self.seen = 0

    def afterBuild(self) -> None:
        self._stable = self.seen == self.total
        self.total = self.seen

    def isSatisfied(self) -> bool:
        return self._stable

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        return None


class PackDoc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, theme: Theme, furniture: Furniture, **meta: Any):
        pagesize = page_size(theme)
        super().__init__(buffer, pagesize=pagesize, **meta)
        self.furniture = furniture
        self.page_count = PageCount()
        self.placements: list[Placement] = []  # where the figures went, in the last pass
        self.addPageTemplates(
            [self._template("portrait", pagesize), self._template("landscape", landscape(pagesize))]
        )

    def _template(self, name: str, size: tuple[float, float]) -> PageTemplate:
        margin = self.furniture.theme.margin_mm * mm
        width, height = frame_size(self.furniture.theme, name == "landscape")
        frame = Frame(
            margin,
            margin,
            width,
            height,
            id=name,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        return PageTemplate(id=name, frames=[frame], onPage=self._furniture, pagesize=size)

    def beforeDocument(self) -> None:
        # The first pass only counts pages and collects contents entries: it is never the
        # last (the page total it starts from is 0), and its canvas is thrown away, so cells
        # need not draw their text (SKETCH, read by tables.CellParagraph).
        setattr(self.canv, SKETCH, self.page_count.total == 0)
        self.placements.clear()

    def frame_size(self, name: str) -> tuple[float, float]:
        frame = next(t for t in self.pageTemplates if t.id == name).frames[0]
        return frame._aW, frame._aH

    def _furniture(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        page = canv.getPageNumber()
        self.page_count.seen = max(self.page_count.seen, page)
        self.furniture.draw(canv, page, self.page_count.total)

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, Heading):
            return
        self.canv.bookmarkPage(flowable.key)
        self.canv.addOutlineEntry(flowable.title, flowable.key, flowable.level, closed=False)
        if flowable.toc:
            # TOC entries are drawn as Paragraphs: the text must be escaped again.
            self.notify("TOCEntry", (flowable.level, escape(flowable.title), self.page, flowable.key))
