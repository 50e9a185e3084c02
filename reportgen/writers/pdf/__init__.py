"""The print pack: document blocks + figures in, PDF bytes out (pure; no disk, no clock).

Every page carries the protective marking (top and bottom, centred), the pack title,
the as-of date and "Page X of Y". Text reaches ReportLab's Paragraph markup only
through `markup.spans`, which escapes it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportlab import rl_config

from reportgen import __version__
from reportgen.document import SECTIONS, TIMELINE, Document, build_document
from reportgen.document.figures import CHART
from reportgen.errors import Diagnostic
from reportgen.model import Dataset
from reportgen.theme import Theme
from reportgen.writers.pdf.doc import PackDoc
from reportgen.writers.pdf.figures import FigureSource, stamp
from reportgen.writers.pdf.furniture import Furniture
from reportgen.writers.pdf.render import StoryWriter
from reportgen.writers.pdf.styles import make_styles

__all__ = ["SECTIONS", "PdfFile", "render_pack", "write_pdf"]

# Same inputs → byte-identical PDF: fixed dates and /ID. The global switch (not the
# per-document flag) also covers what the flowables draw.
rl_config.invariant = 1


@dataclass(frozen=True, slots=True)
class PdfFile:
    data: bytes
    pages: int  # counted by the layout


def write_pdf(document: Document, theme: Theme, figures: Mapping[str, FigureSource]) -> PdfFile:
    """Lay out `document` with ReportLab and return the PDF.

    `figures` maps each Figure's id to Chromium's PDF of it; a `PendingFigure` still being
    drawn is waited for only once the layout is done, when the figures are stamped in.
    """
    rl_config.invariant = 1
    styles = make_styles(theme)
    furniture = Furniture(
        document.title, document.as_of_text, document.marking, theme, styles.fonts, document.edition_text
    )
    buffer = io.BytesIO()
    doc = PackDoc(
        buffer,
        theme,
        furniture,
        title=document.title,
        author=document.author,
        subject=document.subject,
        keywords=document.keywords,
        creator=f"reportgen {__version__}",
        producer=f"reportgen {__version__} (ReportLab)",
        lang=document.lang,
    )
    doc.multiBuild(StoryWriter(doc, styles, theme, figures).story(document))
    return PdfFile(stamp(buffer.getvalue(), doc.placements, figures), doc.page_count.total)


def render_pack(
    dataset: Dataset,
    *,
    theme: Theme,
    as_of: dt.date,
    title: str,
    subject: str,
    prepared_by: str,
    version: str,
    marking: str,
    timeline: FigureSource,
    charts: Mapping[str, FigureSource],
    warnings: Sequence[Diagnostic] = (),
) -> bytes:
    """The pack of `dataset`: its document built and written as PDF."""
    document = build_document(
        dataset,
        as_of=as_of,
        title=title,
        subject=subject,
        prepared_by=prepared_by,
        version=version,
        marking=marking,
        warnings=warnings,
    )
    figures = {TIMELINE: timeline, **{CHART + k: v for k, v in charts.items()}}
    return write_pdf(document, theme, figures).data
