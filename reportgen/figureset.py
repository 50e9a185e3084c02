"""The plotly figures of one build and the documents made from them (pack, HTML, tagged PDF).

    Figures(prep, edition).get(name) -> a plotly figure, made on first use
    Figures.document() -> the pack's content, built once for every writer

Only what a build must draw is made: a chart, the pack's own timeline (drawn for its page,
no title or marking) or the standalone one (with both).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from reportgen.cache import CHART, TIMELINE_FIGURE, TIMELINE_HTML, WEB, Artefact
from reportgen.prepare import Prepared

if TYPE_CHECKING:
    from reportgen.document import Document
    from reportgen.editions import EditionInfo
    from reportgen.writers.pdf.figures import FigureSource, PendingFigure


class Figures:
    """The plotly figures of one build, made on first use (only those that must be drawn)."""

    def __init__(self, prep: Prepared, edition: EditionInfo | None = None):
        self.prep, self.edition = prep, edition
        self._made: dict[str, Any] = {}
        self._document: Document | None = None

    def get(self, name: str) -> Any:
        """The figure behind an artefact: a chart, the pack's timeline, or the standalone one.
        A web figure ("svg:…") is its pack figure, drawn as SVG."""
        name = name.removeprefix(WEB)
        key = name if name.startswith(CHART) or name == TIMELINE_FIGURE else "standalone"
        if key not in self._made:
            if key.startswith(CHART):
                self._made[key] = self._chart(name.removeprefix(CHART))
            else:
                self._made[key] = self._timeline(for_pack=key == TIMELINE_FIGURE)
        return self._made[key]

    def size(self, name: str) -> dict[str, int]:
        fig = self.get(name)
        return {"width": int(fig.layout.width), "height": int(fig.layout.height)}

    def pending(self, name: str) -> PendingFigure:
        """A stand-in for this figure's PDF, of the size Chromium will draw it."""
        from reportgen.writers.pdf.figures import PendingFigure

        size = self.size(name)
        return PendingFigure(size["width"], size["height"])

    def finish(self, artefact: Artefact, data: bytes) -> bytes:
        """A pack figure's PDF gets a page of exactly its size; the timeline PNG its title and marking."""
        if artefact.is_figure:
            from reportgen.writers.pdf.figures import exact_page

            return exact_page(data, **self.size(artefact.name))
        if artefact.ext != "png":
            return data
        from reportgen.render.imagemeta import with_png_metadata

        text = {"Title": self.prep.pack_title, "Classification": self.prep.marking}
        return with_png_metadata(data, text=text)

    def _timeline(self, *, for_pack: bool) -> Any:
        """The pack's timeline is drawn for its page (so its type prints at its own sizes) and
        carries no title or marking: the page prints them once. The standalone one has both."""
        from reportgen.render.timeline import timeline_figure
        from reportgen.room import timeline_px

        prep, theme = self.prep, self.prep.theme
        if for_pack:
            width, height = timeline_px(theme)
            title, marking = None, "NONE"
        else:
            width, height = theme.timeline_width, theme.timeline_height
            title, marking = prep.title or None, prep.marking
        return timeline_figure(
            prep.dataset,
            theme,
            as_of=prep.cfg.as_of,
            title=title,
            width=width,
            height=height,
            marking=marking,
            window=prep.cfg.window,
        )

    def _chart(self, series_id: str) -> Any:
        from reportgen.render.charts import metric_figure
        from reportgen.room import figure_px

        series = next(m for m in self.prep.dataset.metrics if m.id == series_id)
        width, height = figure_px(self.prep.theme, full_page=False)
        # The pack's pages already carry the marking top and bottom; repeating it round
        # every chart only adds noise (the standalone timeline images do carry it).
        return metric_figure(
            series, self.prep.dataset, self.prep.theme, marking="NONE", width=width, max_height=height
        )

    def document(self) -> Document:
        """What the pack says, built once for every writer (called before the layout thread starts)."""
        if self._document is None:
            from reportgen.document import build_document
            from reportgen.document.context import Control

            prep, cfg = self.prep, self.prep.cfg
            self._document = build_document(
                prep.dataset,
                as_of=cfg.as_of,
                title=prep.pack_title,
                subject=prep.subject,
                prepared_by=cfg.prepared_by,
                version=cfg.version,
                marking=prep.marking,
                warnings=prep.warnings,
                edition=self.edition,
                control=Control(**dict(cfg.control)),
            )
        return self._document

    def pack(self, figures: Mapping[str, FigureSource]) -> tuple[bytes, int]:
        """The pack's PDF and page count, from the figures' PDFs (bytes or still pending)."""
        from reportgen.writers.pdf import write_pdf

        pdf = write_pdf(self.document(), self.prep.theme, figures)
        return pdf.data, pdf.pages

    def html(self, svgs: Mapping[str, bytes], *, for_print: bool = False) -> bytes:
        """The accessible edition's page, from each pack figure's SVG."""
        from reportgen.writers.html import write_html

        return write_html(self.document(), self.prep.theme, svgs, for_print=for_print)

    def timeline_page(self) -> bytes:
        """The interactive timeline as a page fit to publish (language, title, text alternative)."""
        from reportgen.render.html_figure import figure_div
        from reportgen.writers.html.timeline_page import timeline_page

        prep = self.prep
        page = timeline_page(
            figure_div(self.get(TIMELINE_HTML)),
            prep.dataset,
            as_of=prep.cfg.as_of,
            title=prep.title or prep.pack_title,
            marking=prep.marking,
        )
        return page.encode("utf-8")

    def tagged(self, printed: bytes) -> bytes:
        """Chromium's tagged PDF of the page, with the pack's metadata and no clock in it."""
        from reportgen.writers.html.tagged import finish_pdf

        return finish_pdf(printed, self.document(), as_of=self.prep.cfg.as_of)
