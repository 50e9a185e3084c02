"""Drawing: the figures one build lacks, with Chromium kept busy and everything else out of its way.

    Drawing(figures, exporter, stages, keep, done).draw(missing) -> the pack's page count

kaleido draws each pack figure once, as SVG (the timeline first, then the charts), then
the standalone timeline SVG, each queued as soon as its plotly figure exists and Chromium
is up. What is made from an SVG is made in a tab of its own as the SVG arrives: each pack
figure's PDF (Chromium's print of it, what the print pack places) and the standalone
timeline's PNG (the SVG drawn on a canvas, as plotly would, without plotting again). Once
every SVG is at hand the accessible edition's page is made and printed to a tagged PDF,
while the rest is drawn. The pack's layout runs in its own thread: it needs only each
figure's size, and places the figures' PDFs once they have arrived. The interactive
timeline page needs no Chromium: it is made while Chromium boots, or draws.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from reportgen import heap
from reportgen.cache import (
    ACCESSIBLE_PDF,
    CHART,
    HTML_PACK,
    PACK,
    TIMELINE_FIGURE,
    TIMELINE_HTML,
    TIMELINE_PNG,
    TIMELINE_SVG,
    WEB,
    Artefact,
)
from reportgen.errors import RenderError

if TYPE_CHECKING:
    from reportgen.figureset import Figures
    from reportgen.render.export import PendingRender, Renderer
    from reportgen.stages import Stages
    from reportgen.writers.pdf.figures import FigureSource, PendingFigure


class Drawing:
    """Draws the missing artefacts of one build; `keep(artefact, bytes)` receives each result."""

    def __init__(
        self,
        figures: Figures,
        exporter: Renderer | None,
        stages: Stages,
        keep: Callable[[Artefact, bytes], None],
        done: Mapping[str, bytes],
    ) -> None:
        self.figures, self.exporter, self.stages, self.keep, self.done = figures, exporter, stages, keep, done
        self.edition = _Edition(self, [])
        self.derived: dict[str, Artefact] = {}  # made from another artefact's SVG: figure PDFs, PNG
        self.jobs: dict[str, PendingRender] = {}
        self.pending: dict[str, PendingFigure] = {}
        self.handed: dict[str, bytes] = {}  # figure PDFs finished for the pack (in Chromium's thread)

    def draw(self, missing: list[Artefact]) -> int | None:
        """Make every missing artefact; return the pack's page count when it was laid out."""
        if not missing:
            return None
        # kaleido draws the SVGs; the rest is made from them
        self.derived = {a.name: a for a in missing if a.is_figure or a.name in _RASTER_OF}
        self.jobs = {}
        drawn = sorted(
            (a for a in missing if a.chromium and _kaleido_draws(a) and a.name not in self.derived),
            key=_draw_order,
        )
        queued: dict[str, PendingRender] = {}
        for a in drawn:
            self.figures.get(a.name)  # plotly work overlaps Chromium's start
            if self.exporter is not None and self.exporter.ready():  # warm: start drawing at once
                queued[a.name] = self._submit(a)
        pages = [a for a in missing if a.name == TIMELINE_HTML]
        pack_artefact = next((a for a in missing if a.name == PACK), None)
        self.edition = _Edition(self, missing)
        if pack_artefact or self.edition.wanted:
            self.figures.document()  # built once, here, before the layout thread reads it
            heap.hold()  # the document model, held to the end of the build
        pending = {
            n: self.figures.pending(n) for n in self.derived if pack_artefact and self.derived[n].is_figure
        }
        self.pending = pending
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
                self.edition.advance()  # every web figure cached: the page is made (and printed) now
                self._start_derived()  # those whose SVG is cached
                self._collect(drawn, queued)
                self._finish_derived(wait=True)
                self.edition.finish()
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
        for a in pages:
            if a.name not in self.done:
                self.keep(a, self.figures.timeline_page())

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

    def _collect(self, drawn: list[Artefact], queued: dict[str, PendingRender]) -> None:
        """Chromium's images, in order; what is made from each SVG is queued as it arrives (a pack
        figure's PDF is handed to the waiting pack while the next figure is drawn)."""
        if not drawn:
            return
        assert self.exporter is not None
        restarted = False
        for a in drawn:
            try:
                data = queued[a.name].result()
            except RenderError:
                # Chromium died, or a tab hung (kaleido would not give it back): one fresh start,
                # and the render tried once more, before the build fails
                if restarted:
                    raise
                self.exporter.restart()
                restarted = True
                self._resubmit(drawn, queued, after=a)
                data = queued[a.name].result()
            self.keep(a, self.figures.finish(a, data))
            self._start_derived()
            if a.is_web:
                self.edition.advance()
            self._finish_derived(wait=False)
        self.stages.lap("render")

    def _resubmit(self, drawn: list[Artefact], queued: dict[str, PendingRender], after: Artefact) -> None:
        """Queue again, on a fresh Chromium, every render from `after` on (the old queue died with it)."""
        later = drawn[drawn.index(after) :]
        for a in later:
            queued[a.name] = self._submit(a)
        for name in list(self.jobs):
            if name not in self.done:
                del self.jobs[name]
        self._start_derived()

    def _start_derived(self) -> None:
        """Queue each artefact made from an SVG whose SVG is now at hand."""
        for name, artefact in self.derived.items():
            if name not in self.jobs and name not in self.done and _source(artefact) in self.done:
                self.jobs[name] = self._submit_derived(artefact)

    def _finish_derived(self, *, wait: bool) -> None:
        """Keep each one made so far (all of them, when `wait`); a figure PDF goes to the pack."""
        for name, job in list(self.jobs.items()):
            if name in self.done or not (wait or job.done()):
                continue
            artefact = self.derived[name]
            data = self.handed.get(name)  # finished once, when it was handed to the pack
            if data is None:
                try:
                    data = job.result()
                except RenderError:  # tried once more (a fresh Chromium's tab, if this one died)
                    if self.exporter is not None and not self.exporter.alive():
                        self.exporter.restart()
                    data = self._submit_derived(artefact).result()
                data = self.figures.finish(artefact, data)
                if name in self.pending:
                    self.pending[name].set(data)
            self.keep(artefact, data)

    def _submit_derived(self, artefact: Artefact) -> PendingRender:
        """A pack figure's PDF: Chromium's print of its SVG on a page of the figure's size.
        A PNG: its SVG drawn on a canvas."""
        from reportgen.render.printing import figure_page

        assert self.exporter is not None
        size = self.figures.size(artefact.name)
        svg = self.done[_source(artefact)]
        if not artefact.is_figure:
            return self.exporter.rasterise(svg, **size)
        job = self.exporter.print_html(figure_page(svg, size["width"], size["height"]))
        pending = self.pending.get(artefact.name)
        if pending is not None:  # to the waiting pack the moment it is printed, not when next looked at
            job.on_done(lambda _: self._hand_over(artefact, job, pending))
        return job

    def _hand_over(self, artefact: Artefact, job: PendingRender, pending: PendingFigure) -> None:
        with contextlib.suppress(RenderError):  # a failed print is tried again by `_finish_derived`
            data = self.figures.finish(artefact, job.result(timeout=0))
            pending.set(data)
            self.handed[artefact.name] = data

    def _layout(self, figures: dict[str, FigureSource]) -> tuple[bytes, int]:
        """The pack (in its own thread): cached figures as bytes, the others as they arrive."""
        started = time.perf_counter()
        pdf, pages = self.figures.pack(figures)
        self.stages.timings["layout"] = time.perf_counter() - started  # runs alongside the others
        if self.edition.printing is not None and not self.edition.printing.done():
            self.stages.note("layout")  # the edition's print goes on (minutes for a very long pack)
        return pdf, pages


class _Edition:
    """The accessible edition of one build: its page once every web figure is there, then
    Chromium's tagged print of that page, which runs while the remaining figures are drawn."""

    def __init__(self, drawing: Drawing, missing: list[Artefact]) -> None:
        self.drawing = drawing
        self.page = next((a for a in missing if a.name == HTML_PACK), None)
        self.tagged = next((a for a in missing if a.name == ACCESSIBLE_PDF), None)
        self.wanted = self.page is not None or self.tagged is not None
        self.printing: PendingRender | None = None

    def advance(self) -> None:
        """Make the page and queue its print as soon as every figure's SVG is at hand."""
        d = self.drawing
        if not self.wanted or self.printing is not None:
            return
        names = [WEB + f for f in d.figures.document().figures]
        if any(n not in d.done for n in names):
            return
        svgs = {n.removeprefix(WEB): d.done[n] for n in names}
        if self.tagged is not None:  # first: the print is the longest job left to Chromium
            assert d.exporter is not None
            self.printing = d.exporter.print_html(d.figures.html(svgs, for_print=True))
        else:
            self.wanted = False
        if self.page is not None and self.page.name not in d.done:
            d.keep(self.page, d.figures.html(svgs))

    def finish(self) -> None:
        self.advance()
        if self.tagged is None or self.printing is None:
            return
        self.drawing.keep(self.tagged, self.drawing.figures.tagged(self.printing.result()))
        self.drawing.stages.lap("accessible")


_RASTER_OF = {TIMELINE_PNG: TIMELINE_SVG}  # a PNG drawn from the same figure's SVG


def _source(artefact: Artefact) -> str:
    """The artefact whose SVG a derived one is made from."""
    return _RASTER_OF.get(artefact.name) or WEB + artefact.name


def _kaleido_draws(artefact: Artefact) -> bool:
    """Drawn by kaleido (from a plotly figure), not printed from a page we make."""
    return not artefact.is_figure and artefact.name != ACCESSIBLE_PDF


def _draw_order(artefact: Artefact) -> int:
    """The pack's timeline first (its first and largest figure), the charts, then the standalone
    timeline SVG (its PNG is made from it)."""
    if artefact.name == WEB + TIMELINE_FIGURE:
        return 0
    return 2 if artefact.name == TIMELINE_SVG else 1
