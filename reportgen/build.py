"""Build: run the pipeline's stages in a straight line, redoing only what changed.

    lock → check (input_key vs manifest: the no-op path stops here)
         → load → theme → marking → plan (a fingerprint per artefact)
         → figures (only those not in the cache), timeline HTML, and the pack's measuring
           pass with stand-ins of each figure's size — all while Chromium boots
         → Chromium draws timeline SVG → charts → timeline PNG, while the pack parses each
           SVG as it arrives and finishes its layout
         → write outputs → manifest → prune the cache

The no-op path reads and hashes the input files and compares the result with
`.cache/manifest.json`; it imports neither plotly nor ReportLab and never starts
Chromium. Everything else is computed in memory before any output is written,
so bad data (or a failed render) leaves the previous outputs untouched; writes
are atomic and skip unchanged bytes, all under the output folder's lock.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen import cache
from reportgen.cache import CHART, PACK, TIMELINE_HTML, TIMELINE_PNG, TIMELINE_SVG, Artefact
from reportgen.config import BuildConfig
from reportgen.errors import Diagnostic, EnvironmentProblem, RenderError
from reportgen.inputs import gather
from reportgen.output import build_lock, clean_temp_files, write_all
from reportgen.prepare import Prepared, prepare

if TYPE_CHECKING:
    from reportgen.export import Exporter, PendingRender
    from reportgen.writers.pdf.figures import PendingSvg, SvgSource

OUTPUTS = (PACK, TIMELINE_PNG, TIMELINE_SVG, TIMELINE_HTML)
WAITING = "waiting for another build of this output folder to finish…"


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did: outputs, those whose bytes changed, what was redone or reused, and timings."""

    outputs: tuple[Path, ...]
    written: tuple[Path, ...]
    seconds: float
    warnings: tuple[Diagnostic, ...]
    inputs: tuple[str, ...]
    pages: int
    marking: str
    redone: tuple[str, ...] = ()  # artefact names: "chart:<id>", "timeline.png", "briefing-pack.pdf"…
    reused: tuple[str, ...] = ()  # artefacts taken from the cache (all of them when up to date)
    up_to_date: bool = False  # nothing was redone and nothing written
    timings: Mapping[str, float] = field(default_factory=dict)  # seconds per stage


def build(
    cfg: BuildConfig,
    *,
    force: bool = False,
    exporter: Exporter | None = None,
    on_wait: Callable[[], None] | None = None,
) -> BuildResult:
    """Build the pack and timeline images into `cfg.out_dir`, redoing only what changed.

    Args:
        force: ignore the cache and redo every artefact.
        exporter: an Exporter to reuse across builds (watch keeps one warm); it is
            started only when a figure must be drawn, and restarted once if its
            Chromium has died.
        on_wait: called once when another build holds the output folder's lock.
    """
    stages = _Stages()
    inputs = gather(cfg)  # every input file is read once, here
    # A first build validates before it makes the output folder: bad data leaves no folder.
    prep = None if cfg.out_dir.exists() else prepare(cfg, inputs)
    with build_lock(cfg.out_dir, on_wait=on_wait):
        clean_temp_files(cfg.out_dir)  # left by a build that was killed
        key, _files = cache.input_key(cfg, inputs)
        manifest = cache.Manifest.read(cfg.out_dir)
        stages.lap("check")
        if not force and manifest is not None and manifest.fresh(key, cfg.out_dir):
            return _up_to_date(cfg, manifest, stages)
        return _Build(cfg, exporter, stages).run(key, manifest, force, prep or prepare(cfg, inputs))


class _Stages:
    """Seconds per stage (`lap` charges the time since the previous lap)."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.timings: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = self.timings.get(name, 0.0) + now - self.last
        self.last = now

    def total(self) -> float:
        return time.perf_counter() - self.started


def _up_to_date(cfg: BuildConfig, manifest: cache.Manifest, stages: _Stages) -> BuildResult:
    return BuildResult(
        outputs=tuple(cfg.out_dir / name for name in OUTPUTS),
        written=(),
        seconds=stages.total(),
        warnings=manifest.warnings,
        inputs=manifest.inputs,
        pages=manifest.pages,
        marking=manifest.marking,
        reused=tuple(manifest.artefacts),
        up_to_date=True,
        timings=dict(stages.timings),
    )


class _Build:
    """One build that is not a no-op: loads, plans, renders what is missing, writes."""

    def __init__(self, cfg: BuildConfig, exporter: Exporter | None, stages: _Stages) -> None:
        self.cfg, self.exporter, self.stages = cfg, exporter, stages
        self.own: Exporter | None = None  # the Exporter this build started (and closes)
        self.store = cache.ArtefactCache(cfg.out_dir)
        self.done: dict[str, bytes] = {}  # artefact name → bytes (from the cache or rendered now)
        self.redone: list[str] = []
        self.pages: int | None = None

    def run(self, key: str, manifest: cache.Manifest | None, force: bool, prep: Prepared) -> BuildResult:
        """Build from `prep` (validated already: bad data never starts Chromium)."""
        cfg = self.cfg
        with contextlib.ExitStack() as stack:
            # Almost every change redraws the timeline, so Chromium boots now, alongside planning
            # and drawing; if the plan finds nothing to draw it is closed again unused.
            self._start_chromium(stack, early=True)
            dataset, theme, marking = prep.dataset, prep.theme, prep.marking
            warnings = list(prep.warnings)
            self.stages.lap("load")
            title = prep.title or None
            plan = cache.plan(dataset, theme, cfg, marking=marking, timeline_title=title, warnings=warnings)
            if not force:
                self.done = {n: data for n, a in plan.items() if (data := self.store.get(a)) is not None}
            missing = [a for a in plan.values() if a.name not in self.done]
            self.stages.lap("plan")
            if any(a.chromium for a in missing):
                self._start_chromium(stack)
            elif self.own is not None:
                self.own.close()
            figures = _Figures(prep)
            self._make(missing, figures, warnings)
            if manifest is not None and manifest.artefacts.get(PACK) == plan[PACK].fingerprint:
                self.pages = self.pages or manifest.pages
            # written before Chromium is closed (~0.15 s): the outputs are there sooner
            written = self._write(key, plan, prep)
        self.stages.lap("close")
        return BuildResult(
            outputs=tuple(cfg.out_dir / name for name in OUTPUTS),
            written=written,
            seconds=self.stages.total(),
            warnings=tuple(warnings),
            inputs=prep.inputs,
            pages=self.pages or _page_count(self.done[PACK]),
            marking=marking,
            redone=tuple(name for name in plan if name in self.redone),  # in plan order
            reused=tuple(name for name in plan if name not in self.redone),
            up_to_date=not self.redone and not written,
            timings=dict(self.stages.timings),
        )

    def _start_chromium(self, stack: contextlib.ExitStack, *, early: bool = False) -> None:
        """Boot Chromium in the background, so it starts while the data is loaded and laid out.

        `early` (before the plan is known) ignores a missing Chromium: that is reported only
        when a figure must actually be drawn.
        """
        try:
            if self.exporter is None:
                from reportgen.export import Exporter

                self.exporter = self.own = stack.enter_context(Exporter())
            elif not self.exporter.alive():  # never started, or its Chromium crashed since the last build
                self.exporter.restart()
            else:
                return
        except EnvironmentProblem:
            if not early:
                raise
            return
        # Chromium's boot is the longest step of a cold build: let its Python part (importing
        # kaleido) run alone, so the browser process starts before our own work competes for the GIL.
        self.exporter.wait_launched()

    def _make(self, missing: list[Artefact], figures: _Figures, warnings: list[Diagnostic]) -> None:
        """Draw what is missing, keeping Chromium busy and everything else out of its way.

        Chromium draws the timeline SVG first, the charts, and the PNG last, each queued
        as soon as its plotly figure exists and Chromium is up. The pack's layout runs in
        its own thread: its measuring pass needs only each figure's size, and it parses
        each SVG as it arrives. The HTML page needs no Chromium: it is made while Chromium
        boots, or while it draws.
        """
        if not missing:
            return
        drawn = sorted((a for a in missing if a.chromium), key=_draw_order)
        queued: dict[str, PendingRender] = {}
        for a in drawn:
            fig = figures.get(a.name)  # plotly work overlaps Chromium's start
            if self.exporter is not None and self.exporter.ready():  # warm: start drawing at once
                queued[a.name] = self.exporter.submit(fig, a.ext, **_size(fig))  # type: ignore[arg-type]
        pages = [a for a in missing if a.ext == "html"]
        needs_pack = any(a.name == PACK for a in missing)
        pending = {a.name: figures.pending(a.name) for a in drawn if needs_pack and a.ext == "svg"}
        svgs: dict[str, SvgSource] = {
            n: d for n, d in self.done.items() if n == TIMELINE_SVG or n.startswith(CHART)
        }
        svgs.update(pending)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reportgen-pack") as pool:
            pack = pool.submit(self._layout, figures, warnings, svgs) if needs_pack else None
            try:
                if not drawn or not queued:
                    self._pages(pages, figures)  # Chromium is still booting (or not needed): this is free
                self.stages.lap("figures")
                self._queue(drawn, figures, queued)
                self._pages(pages, figures)  # while Chromium draws (unless made already)
                self._collect(drawn, figures, pending, queued)
            except BaseException:
                # Any failure here (a render, a full disk) must release a layout waiting for a
                # figure, or the pool would wait for it for ever.
                for p in pending.values():
                    p.fail(RenderError("a figure was not drawn"))
                raise
            if pack is not None:
                pdf, self.pages = pack.result()
                self._keep(next(a for a in missing if a.name == PACK), pdf)
                self.stages.lap("pack")

    def _pages(self, pages: list[Artefact], figures: _Figures) -> None:
        """The interactive HTML pages (plotly.js inline; no Chromium)."""
        from reportgen.export import figure_html

        for a in pages:
            if a.name not in self.done:
                self._keep(a, figure_html(figures.get(a.name)))

    def _queue(self, drawn: list[Artefact], figures: _Figures, queued: dict[str, PendingRender]) -> None:
        """Every figure not yet queued goes to Chromium (once it is up), in drawing order."""
        if not drawn:
            return
        assert self.exporter is not None
        if not queued:
            self.exporter.wait_ready()
            self.stages.lap("chromium")
        for a in drawn:
            if a.name not in queued:
                fig = figures.get(a.name)
                queued[a.name] = self.exporter.submit(fig, a.ext, **_size(fig))  # type: ignore[arg-type]

    def _collect(
        self,
        drawn: list[Artefact],
        figures: _Figures,
        pending: dict[str, PendingSvg],
        queued: dict[str, PendingRender],
    ) -> None:
        """Chromium's images, in order; each SVG the pack waits for is handed over at once."""
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
                fig = figures.get(a.name)  # a failed render is tried once more before the build fails
                data = self.exporter.submit(fig, a.ext, **_size(fig)).result()  # type: ignore[arg-type]
            if a.ext == "png":
                data = figures.png_metadata(data)
            self._keep(a, data)
            if a.name in pending:
                pending[a.name].set(data)
        self.stages.lap("render")

    def _layout(
        self, figures: _Figures, warnings: list[Diagnostic], svgs: dict[str, SvgSource]
    ) -> tuple[bytes, int]:
        """The pack (in its own thread): cached figures as bytes, the others as they arrive."""
        started = time.perf_counter()
        charts = {n.removeprefix(CHART): d for n, d in svgs.items() if n.startswith(CHART)}
        pdf = figures.pack(svgs[TIMELINE_SVG], charts, warnings)
        pages = _page_count(pdf)
        self.stages.timings["layout"] = time.perf_counter() - started  # runs alongside the others
        return pdf, pages

    def _keep(self, artefact: Artefact, data: bytes) -> None:
        self.store.put(artefact, data)  # cached at once: a killed build keeps what it finished
        self.done[artefact.name] = data
        self.redone.append(artefact.name)

    def _write(self, key: str, plan: dict[str, Artefact], prep: Prepared) -> tuple[Path, ...]:
        out = self.cfg.out_dir
        written = tuple(write_all({out / name: self.done[name] for name in OUTPUTS}))
        self.pages = self.pages or _page_count(self.done[PACK])
        manifest = cache.Manifest(
            input_key=key,
            inputs=prep.inputs,
            artefacts={name: a.fingerprint for name, a in plan.items()},
            outputs=cache.output_stats(out, OUTPUTS),
            pages=self.pages,
            marking=prep.marking,
            warnings=prep.warnings,
        )
        manifest.write(out)  # last: a build killed before this point is redone next time
        self.store.prune(plan.values())
        self.stages.lap("write")
        return written


class _Figures:
    """The plotly figures of one build, made on first use (only those that must be drawn)."""

    def __init__(self, prep: Prepared):
        self.prep = prep
        self.dataset, self.theme, self.cfg, self.marking = prep.dataset, prep.theme, prep.cfg, prep.marking
        self._made: dict[str, Any] = {}

    def get(self, name: str) -> Any:
        key = name if name.startswith(CHART) else "timeline"
        if key not in self._made:
            self._made[key] = self._chart(name.removeprefix(CHART)) if key != "timeline" else self._timeline()
        return self._made[key]

    def png_metadata(self, png: bytes) -> bytes:
        """The timeline PNG with its title and marking written into it."""
        from reportgen.imagemeta import with_png_metadata

        return with_png_metadata(png, text={"Title": self.prep.pack_title, "Classification": self.marking})

    def pending(self, name: str) -> PendingSvg:
        """A stand-in for this figure's SVG, of the size Chromium will draw it."""
        from reportgen.writers.pdf.figures import PendingSvg

        fig = self.get(name)
        return PendingSvg(int(fig.layout.width), int(fig.layout.height))

    def _timeline(self) -> Any:
        from reportgen.timeline import timeline_figure

        return timeline_figure(
            self.dataset,
            self.theme,
            as_of=self.cfg.as_of,
            title=self.prep.title or None,
            width=self.theme.timeline_width,
            height=self.theme.timeline_height,
            marking=self.marking,
        )

    def _chart(self, series_id: str) -> Any:
        from reportgen.charts import metric_figure

        series = next(m for m in self.dataset.metrics if m.id == series_id)
        # The pack's pages already carry the marking top and bottom; repeating it round
        # every chart only adds noise (the standalone timeline images do carry it).
        return metric_figure(series, self.dataset, self.theme, marking="NONE")

    def pack(
        self, timeline_svg: SvgSource, charts: dict[str, SvgSource], warnings: list[Diagnostic]
    ) -> bytes:
        from reportgen.writers.pdf import render_pack

        cfg = self.cfg
        return render_pack(
            self.dataset,
            theme=self.theme,
            as_of=cfg.as_of,
            title=self.prep.pack_title,
            subject=self.prep.subject,
            prepared_by=cfg.prepared_by,
            version=cfg.version,
            marking=self.marking,
            timeline_svg=timeline_svg,
            chart_svgs=charts,
            warnings=warnings,
        )


def _size(fig: Any) -> dict[str, int]:
    return {"width": int(fig.layout.width), "height": int(fig.layout.height)}


def _draw_order(artefact: Artefact) -> int:
    """The timeline SVG first (the pack's first and largest figure), then the charts, the PNG last."""
    return {TIMELINE_SVG: 0, TIMELINE_PNG: 2}.get(artefact.name, 1)


_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def _page_count(pdf: bytes) -> int:
    """Pages of a ReportLab PDF (one `/Type /Page` object each; no object streams), else via pypdf."""
    pages = len(_PAGE.findall(pdf))
    if pages:
        return pages
    from pypdf import PdfReader  # ~0.1 s to import, so only when the quick count finds nothing

    return len(PdfReader(io.BytesIO(pdf)).pages)


def describe(names: tuple[str, ...] | list[str]) -> str:
    """`6 charts, timeline.svg/.png/.html, briefing-pack.pdf` (charts counted, timeline formats joined)."""
    charts = [n for n in names if n.startswith(CHART)]
    timeline = [n.removeprefix("timeline") for n in names if n.startswith("timeline.")]
    parts = [charts[0] if len(charts) == 1 else f"{len(charts)} charts"] if charts else []
    if timeline:
        parts.append("timeline" + "/".join(timeline))
    parts += [n for n in names if not n.startswith((CHART, "timeline."))]
    return ", ".join(parts)


def summary_line(result: BuildResult, cfg: BuildConfig) -> str:
    """`built output/briefing-pack.pdf (11 pages, OFFICIAL) in 4.2 s; redone: …` or `up to date: …`."""
    pack = result.outputs[0]
    marking = "" if result.marking == "NONE" else f", {result.marking}"
    if result.up_to_date:
        text = f"up to date: {pack} ({result.pages} pages{marking}), checked in {result.seconds:.2f} s"
    else:
        text = f"built {pack} ({result.pages} pages{marking}) in {result.seconds:.1f} s"
        if result.redone:
            text += f"; redone: {describe(result.redone)}"
        else:
            text += "; restored from the cache"
        if result.redone and result.reused:
            text += f"; reused: {describe(result.reused)}"
    if result.warnings:
        text += f"; {len(result.warnings)} warning(s)"
    return text


def _say_waiting() -> None:
    print(WAITING, file=sys.stderr, flush=True)  # noqa: T201


def build_many(
    cfg: BuildConfig, *, force: bool = False, jobs: int | None = None, quiet: bool = False, each: bool = False
) -> int:
    """`reportgen build`: one pack, or one pack per --events folder (see `reportgen.batch`).

    Several --events with `jobs` or `each` build one pack per folder into
    `<out>/<folder name>/`; otherwise all events go into one pack. Prints a
    one-line summary (warnings to stderr) unless quiet. Returns the exit code;
    errors of a single build propagate as typed exceptions for the CLI to map.
    """
    if len(cfg.events) > 1 and (jobs is not None or each):
        from reportgen.batch import build_each

        return build_each(cfg, force=force, jobs=jobs or 1, quiet=quiet)
    result = build(cfg, force=force, on_wait=None if quiet else _say_waiting)
    if not quiet:
        for warning in result.warnings:
            print(warning, file=sys.stderr)  # noqa: T201
        print(summary_line(result, cfg))  # noqa: T201
    return 0
