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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen import cache
from reportgen.cache import (
    ACCESSIBLE_PDF,
    HTML_PACK,
    PACK,
    TIMELINE_HTML,
    TIMELINE_PNG,
    TIMELINE_SVG,
    Artefact,
)
from reportgen.config import BuildConfig
from reportgen.errors import Diagnostic, EnvironmentProblem
from reportgen.inputs import gather
from reportgen.output import build_lock, clean_temp_files, has_temp_files, write_all
from reportgen.stages import Stages

if TYPE_CHECKING:
    from reportgen.editions import EditionInfo
    from reportgen.prepare import Prepared
    from reportgen.render.export import Renderer

OUTPUTS = (PACK, TIMELINE_PNG, TIMELINE_SVG, TIMELINE_HTML, HTML_PACK, ACCESSIBLE_PDF)


def outputs(cfg: BuildConfig) -> tuple[str, ...]:
    """The files a build of `cfg` writes (the accessible edition unless it is turned off)."""
    return OUTPUTS if cfg.accessible else tuple(n for n in OUTPUTS if n not in (HTML_PACK, ACCESSIBLE_PDF))


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
    edition: Path | None = None  # the edition this build recorded (its data changed), if any
    problems: tuple[str, ...] = ()  # what went wrong after the outputs were safe (--on-change)


def build(
    cfg: BuildConfig,
    *,
    force: bool = False,
    exporter: Renderer | None = None,
    on_wait: Callable[[], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build the pack and timeline images into `cfg.out_dir`, redoing only what changed.

    Args:
        force: ignore the cache and redo every artefact.
        exporter: an Exporter to reuse across builds (watch keeps one warm); it is
            started only when a figure must be drawn, and restarted once if its
            Chromium has died.
        on_wait: called once when another build holds the output folder's lock.
        on_stage: called with each stage's name as it ends (load, plan, render, pack, write…).
    """
    stages = Stages(on_stage)
    inputs = gather(cfg)  # every input file is read once, here
    key, _files = cache.input_key(cfg, inputs)
    if not force and (manifest := _settled(cfg.out_dir, key)) is not None:
        stages.lap("check")
        return _up_to_date(cfg, manifest, stages)
    # Only a build that is not a no-op imports what loads and draws (~10 ms of a no-op's ~0.1 s).
    from reportgen.prepare import prepare

    # A first build validates before it makes the output folder: bad data leaves no folder.
    prep = None if cfg.out_dir.exists() else prepare(cfg, inputs)
    with build_lock(cfg.out_dir, on_wait=on_wait):
        clean_temp_files(cfg.out_dir)  # left by a build that was killed
        manifest = cache.Manifest.read(cfg.out_dir)
        stages.lap("check")
        if not force and manifest is not None and manifest.fresh(key, cfg.out_dir):
            return _up_to_date(cfg, manifest, stages)
        result = _Build(cfg, exporter, stages).run(key, manifest, force, prep or prepare(cfg, inputs))
    if result.edition is not None and cfg.on_change:  # outside the lock: a slow command holds up no build
        from reportgen.hooks import run_on_change

        problem = run_on_change(cfg, result.edition, result.outputs)
        if problem:
            result = replace(result, problems=(*result.problems, problem))
    return result


def _settled(out_dir: Path, key: str) -> cache.Manifest | None:
    """The manifest of a folder already built from `key` and left as that build wrote it, read
    without the build lock (whose import alone is ~15 ms of a ~0.1 s no-op); None: take the lock.

    Sound without it: the manifest is written last and names each output's size and mtime, so
    a folder another build is rewriting fails `fresh`, and a build in progress or killed leaves
    temp files, which only a build holding the lock may remove.
    """
    if has_temp_files(out_dir):
        return None
    manifest = cache.Manifest.read(out_dir)
    return manifest if manifest is not None and manifest.fresh(key, out_dir) else None


def _up_to_date(cfg: BuildConfig, manifest: cache.Manifest, stages: Stages) -> BuildResult:
    return BuildResult(
        outputs=tuple(cfg.out_dir / name for name in outputs(cfg)),
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

    def __init__(self, cfg: BuildConfig, exporter: Renderer | None, stages: Stages) -> None:
        self.cfg, self.exporter, self.stages = cfg, exporter, stages
        self.own: Renderer | None = None  # the Exporter this build started (and closes)
        self.store = cache.ArtefactCache(cfg.out_dir)
        self.done: dict[str, bytes] = {}  # artefact name → bytes (from the cache or rendered now)
        self.redone: list[str] = []
        self.pages: int | None = None
        self.info: EditionInfo | None = None
        self.snapshot: dict[str, Any] = {}  # the data as an edition records it
        self.recorded: Path | None = None

    def run(self, key: str, manifest: cache.Manifest | None, force: bool, prep: Prepared) -> BuildResult:
        """Build from `prep` (validated already: bad data never starts Chromium)."""
        from reportgen import heap

        cfg = self.cfg
        with contextlib.ExitStack() as stack:
            stack.enter_context(heap.build_heap())
            heap.hold()  # the validated dataset
            # Almost every change redraws the timeline, so Chromium boots now, alongside planning
            # and drawing; if the plan finds nothing to draw it is closed again unused.
            self._start_chromium(stack, early=True)
            dataset, theme, marking = prep.dataset, prep.theme, prep.marking
            warnings = list(prep.warnings)
            self._edition(prep)
            self.stages.lap("load")
            title = prep.title or None
            plan = cache.plan(
                dataset, theme, cfg, marking=marking, timeline_title=title, warnings=warnings,
                edition=self.info.key() if self.info else None,
            )  # fmt: skip
            if not force:
                self.done = {n: data for n, a in plan.items() if (data := self.store.get(a)) is not None}
            missing = [a for a in plan.values() if a.name not in self.done]
            self.stages.lap("plan")
            if any(a.chromium for a in missing):
                self._start_chromium(stack)
            elif self.own is not None:
                self.own.close()
            from reportgen.drawing import Drawing
            from reportgen.figureset import Figures

            figures = Figures(prep, edition=self.info)
            self.pages = Drawing(figures, self.exporter, self.stages, self._keep, self.done).draw(missing)
            if manifest is not None and manifest.artefacts.get(PACK) == plan[PACK].fingerprint:
                self.pages = self.pages or manifest.pages
            # written before Chromium is closed (~0.15 s): the outputs are there sooner
            written = self._write(key, plan, prep)
            if prep.memo is not None:
                prep.memo.save()
        self.stages.lap("close")
        return BuildResult(
            outputs=tuple(cfg.out_dir / name for name in outputs(cfg)),
            written=written,
            seconds=self.stages.total(),
            warnings=tuple(warnings),
            inputs=prep.inputs,
            pages=self.pages or 0,
            marking=marking,
            redone=tuple(name for name in plan if name in self.redone),  # in plan order
            reused=tuple(name for name in plan if name not in self.redone),
            up_to_date=not self.redone and not written,
            timings=dict(self.stages.timings),
            edition=self.recorded,
        )

    def _edition(self, prep: Prepared) -> None:
        """Which edition this build makes (the last one again when the data is the same)."""
        from reportgen import editions, snapshot

        self.info, self.snapshot = None, {}
        if self.cfg.editions:
            self.snapshot = snapshot.snapshot(prep.dataset)
            self.info = editions.current(self.cfg.out_dir, self.snapshot, self.cfg.as_of)

    def _record(self) -> Path | None:
        """A new edition (the pack and its data) when the data changed; the oldest pruned."""
        from reportgen import editions, snapshot

        info = self.info
        if info is None or not info.new:
            return None
        summary = info.versions[-1][2]
        previous = info.previous.number if info.previous else None
        # encoded only for a new edition: its indented JSON is ~0.1 ms an event (pure-Python json)
        data = snapshot.to_bytes(self.snapshot)
        edition = editions.record(
            self.cfg.out_dir, info.number, info.as_of, self.done[PACK], data, summary, previous
        )
        editions.prune(self.cfg.out_dir, self.cfg.keep_editions)
        self.stages.lap("edition")
        return edition.path

    def _start_chromium(self, stack: contextlib.ExitStack, *, early: bool = False) -> None:
        """Boot Chromium in the background, so it starts while the data is loaded and laid out.

        `early` (before the plan is known) ignores a missing Chromium: that is reported only
        when a figure must actually be drawn.
        """
        try:
            if self.exporter is None:
                from reportgen.render import service
                from reportgen.render.export import Exporter

                # the warm render service when there is one (or one can be started), else our own
                renderer: Renderer = service.connect() or Exporter().start()
                self.exporter = self.own = renderer
                stack.callback(renderer.close)
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

    def _keep(self, artefact: Artefact, data: bytes) -> None:
        self.store.put(artefact, data)  # cached at once: a killed build keeps what it finished
        self.done[artefact.name] = data
        self.redone.append(artefact.name)

    def _write(self, key: str, plan: dict[str, Artefact], prep: Prepared) -> tuple[Path, ...]:
        out = self.cfg.out_dir
        written = tuple(write_all({out / name: self.done[name] for name in outputs(self.cfg)}))
        if not self.cfg.accessible:  # an edition left from before would no longer match the pack
            for name in (HTML_PACK, ACCESSIBLE_PDF):
                if (out / name).is_file() and not (out / name).is_symlink():
                    (out / name).unlink()
        self.pages = self.pages or _page_count(self.done[PACK])  # a pack from the cache, not laid out now
        manifest = cache.Manifest(
            input_key=key,
            inputs=prep.inputs,
            artefacts={name: a.fingerprint for name, a in plan.items()},
            outputs=cache.output_stats(out, outputs(self.cfg)),
            pages=self.pages,
            marking=prep.marking,
            warnings=prep.warnings,
        )
        # the edition before the manifest: a build killed in between is redone next time, and finds
        # its data already recorded (the same edition, not a new one); never the other way round
        self.recorded = self._record()
        manifest.write(out)  # last: a build killed before this point is redone next time
        self.store.prune(plan.values())
        self.stages.lap("write")
        return written


def _page_count(pdf: bytes) -> int:
    """Pages of a pack taken from the cache (a pack laid out now has its count from the layout)."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)
