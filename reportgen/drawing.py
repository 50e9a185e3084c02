"""Drawing: the figures one build lacks, with Chromium kept busy and everything else out of its way.

    Drawing(prep, exporter, stages, keep).draw(missing) -> the pack's page count (when laid out)

Chromium draws the pack's figures first (the timeline, then the charts, each as PDF),
then the standalone timeline SVG and PNG, each queued as soon as its plotly figure
exists and Chromium is up. The pack's layout runs in its own thread: it needs only each
figure's size, and places the figures' PDFs once they have arrived. The HTML page needs
no Chromium: it is made while Chromium boots, or draws.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from reportgen.cache import CHART, PACK, TIMELINE_FIGURE, TIMELINE_PNG, TIMELINE_SVG, Artefact
from reportgen.errors import RenderError
from reportgen.prepare import Prepared

if TYPE_CHECKING:
    from reportgen.render.export import Exporter, PendingRender
    from reportgen.writers.pdf.figures import FigureSource, PendingFigure


class Stages:
    """Seconds per stage (`lap` charges the time since the previous lap)."""

    def __init__(self, listener: Callable[[str], None] | None = None) -> None:
        self.started = self.last = time.perf_counter()
        self.timings: dict[str, float] = {}
        self.listener = listener  # told each stage's name as it ends (a progress display)

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = self.timings.get(name, 0.0) + now - self.last
        self.last = now
        if self.listener is not None:
            self.listener(name)

    def total(self) -> float:
        return time.perf_counter() - self.started


class Figures:
    """The plotly figures of one build, made on first use (only those that must be drawn)."""

    def __init__(self, prep: Prepared):
        self.prep = prep
        self._made: dict[str, Any] = {}

    def get(self, name: str) -> Any:
        """The figure behind an artefact: a chart, the pack's timeline, or the standalone one."""
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
        """The timeline PNG gets its title and marking written into it."""
        if artefact.ext != "png":
            return data
        from reportgen.render.imagemeta import with_png_metadata

        text = {"Title": self.prep.pack_title, "Classification": self.prep.marking}
        return with_png_metadata(data, text=text)

    def _timeline(self, *, for_pack: bool) -> Any:
        """The pack's timeline is drawn for its page (so its type prints at its own sizes) and
        carries no title or marking: the page prints them once. The standalone one has both."""
        from reportgen.render.timeline import timeline_figure
        from reportgen.writers.pdf.room import timeline_px

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
        from reportgen.writers.pdf.room import figure_px

        series = next(m for m in self.prep.dataset.metrics if m.id == series_id)
        width, height = figure_px(self.prep.theme, full_page=False)
        # The pack's pages already carry the marking top and bottom; repeating it round
        # every chart only adds noise (the standalone timeline images do carry it).
        return metric_figure(
            series, self.prep.dataset, self.prep.theme, marking="NONE", width=width, max_height=height
        )

    def pack(self, figures: Mapping[str, FigureSource]) -> tuple[bytes, int]:
        """The pack's PDF and page count, from the figures' PDFs (bytes or still pending)."""
        from reportgen.document import build_document
        from reportgen.writers.pdf import write_pdf

        prep, cfg = self.prep, self.prep.cfg
        document = build_document(
            prep.dataset,
            as_of=cfg.as_of,
            title=prep.pack_title,
            subject=prep.subject,
            prepared_by=cfg.prepared_by,
            version=cfg.version,
            marking=prep.marking,
            warnings=prep.warnings,
        )
        pdf = write_pdf(document, prep.theme, figures)
        return pdf.data, pdf.pages


class Drawing:
    """Draws the missing artefacts of one build; `keep(artefact, bytes)` receives each result."""

    def __init__(
        self,
        figures: Figures,
        exporter: Exporter | None,
        stages: Stages,
        keep: Callable[[Artefact, bytes], None],
        done: Mapping[str, bytes],
    ) -> None:
        self.figures, self.exporter, self.stages, self.keep, self.done = figures, exporter, stages, keep, done

    def draw(self, missing: list[Artefact]) -> int | None:
        """Make every missing artefact; return the pack's page count when it was laid out."""
        if not missing:
            return None
        drawn = sorted((a for a in missing if a.chromium), key=_draw_order)
        queued: dict[str, PendingRender] = {}
        for a in drawn:
            self.figures.get(a.name)  # plotly work overlaps Chromium's start
            if self.exporter is not None and self.exporter.ready():  # warm: start drawing at once
                queued[a.name] = self._submit(a)
        pages = [a for a in missing if a.ext == "html"]
        pack_artefact = next((a for a in missing if a.name == PACK), None)
        pending = {a.name: self.figures.pending(a.name) for a in drawn if pack_artefact and a.is_figure}
        figures: dict[str, FigureSource] = {
            n: d for n, d in self.done.items() if n == TIMELINE_FIGURE or n.startswith(CHART)
        }
        figures.update(pending)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reportgen-pack") as pool:
            pack = pool.submit(self._layout, figures) if pack_artefact else None
            try:
                if not drawn or not queued:
                    self._html(pages)  # Chromium is still booting (or not needed): this is free
                self.stages.lap("figures")
                self._queue(drawn, queued)
                self._html(pages)  # while Chromium draws (unless made already)
                self._collect(drawn, pending, queued)
            except BaseException:
                # Any failure here (a render, a full disk) must release a layout waiting for a
                # figure, or the pool would wait for it for ever.
                for p in pending.values():
                    p.fail(RenderError("a figure was not drawn"))
                raise
            if pack is None or pack_artefact is None:
                return None
            pdf, page_count = pack.result()
            self.keep(pack_artefact, pdf)
            self.stages.lap("pack")
            return page_count

    def _submit(self, artefact: Artefact) -> PendingRender:
        assert self.exporter is not None
        fig = self.figures.get(artefact.name)
        return self.exporter.submit(fig, artefact.ext, **self.figures.size(artefact.name))  # type: ignore[arg-type]

    def _html(self, pages: list[Artefact]) -> None:
        """The interactive HTML pages (plotly.js inline; no Chromium)."""
        from reportgen.render.export import figure_html

        for a in pages:
            if a.name not in self.done:
                self.keep(a, figure_html(self.figures.get(a.name)))

    def _queue(self, drawn: list[Artefact], queued: dict[str, PendingRender]) -> None:
        """Every figure not yet queued goes to Chromium (once it is up), in drawing order."""
        if not drawn:
            return
        assert self.exporter is not None
        if not queued:
            self.exporter.wait_ready()
            self.stages.lap("chromium")
        for a in drawn:
            if a.name not in queued:
                queued[a.name] = self._submit(a)

    def _collect(
        self, drawn: list[Artefact], pending: dict[str, PendingFigure], queued: dict[str, PendingRender]
    ) -> None:
        """Chromium's images, in order; each figure the pack waits for is handed over at once."""
        if not drawn:
            return
        assert self.exporter is not None
        restarted = False
        for a in drawn:
            try:
                data = queued[a.name].result()
            except RenderError:
                if not self.exporter.alive():
                    if restarted:
                        raise
                    self.exporter.restart()  # Chromium died mid-build: one fresh start, then give up
                    restarted = True
                data = self._submit(a).result()  # a failed render is tried once more before the build fails
            self.keep(a, self.figures.finish(a, data))
            if a.name in pending:
                pending[a.name].set(data)
        self.stages.lap("render")

    def _layout(self, figures: dict[str, FigureSource]) -> tuple[bytes, int]:
        """The pack (in its own thread): cached figures as bytes, the others as they arrive."""
        started = time.perf_counter()
        pdf, pages = self.figures.pack(figures)
        self.stages.timings["layout"] = time.perf_counter() - started  # runs alongside the others
        return pdf, pages


def _draw_order(artefact: Artefact) -> int:
    """The pack's timeline first (its first and largest figure), the charts, then the standalone
    timeline SVG and, last, its PNG."""
    return {TIMELINE_FIGURE: 0, TIMELINE_SVG: 2, TIMELINE_PNG: 3}.get(artefact.name, 1)
