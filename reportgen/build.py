"""Build: run the pipeline's stages in a straight line and write the outputs.

    config → load → theme → marking → figures → export → render_pack → write

Everything is computed in memory before anything is written, so bad data (or a
failed render) leaves the previous outputs untouched; writes are atomic and
skip unchanged bytes (output.write_atomic), under the output folder's lock.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.config import BuildConfig
from reportgen.errors import Diagnostic
from reportgen.model import Dataset, highest_marking
from reportgen.output import build_lock, write_atomic
from reportgen.theme import Theme, load_theme

if TYPE_CHECKING:
    from reportgen.export import Exporter

PACK = "briefing-pack.pdf"
TIMELINE_PNG, TIMELINE_SVG, TIMELINE_HTML = "timeline.png", "timeline.svg", "timeline.html"
OUTPUTS = (PACK, TIMELINE_PNG, TIMELINE_SVG, TIMELINE_HTML)
DEFAULT_TITLE = "Briefing pack"


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build produced: every output, those whose bytes changed, timing and warnings."""

    outputs: tuple[Path, ...]
    written: tuple[Path, ...]
    seconds: float
    warnings: tuple[Diagnostic, ...]
    inputs: tuple[str, ...]
    pages: int
    marking: str


def pack_marking(theme: Theme, cfg: BuildConfig, dataset: Dataset) -> str:
    """The highest marking of the style, the config, the data and everything in it."""
    return highest_marking(
        theme.marking,
        cfg.marking,
        dataset.marking,
        *(e.marking for e in dataset.events),
        *(s.marking for s in dataset.sources),
        *(m.marking for m in dataset.metrics),
    )


def build(cfg: BuildConfig, *, force: bool = False, exporter: Exporter | None = None) -> BuildResult:
    """Build the pack and timeline images into `cfg.out_dir`.

    `force` is accepted for the command line's sake: this build always redoes
    every stage. Pass a started `exporter` to reuse one Chromium across builds.
    """
    from reportgen.load import load_dataset

    started = time.perf_counter()
    dataset, warnings = load_dataset(list(cfg.events))
    theme = load_theme(cfg.style, cfg.styles_dir)
    marking = pack_marking(theme, cfg, dataset)
    with contextlib.ExitStack() as stack:
        if exporter is None:
            from reportgen.export import Exporter

            exporter = stack.enter_context(Exporter())
        exporter.start()  # Chromium boots while the figures are laid out
        timeline, charts = _figures(dataset, theme, cfg, marking)
        files = _export(exporter, timeline, charts, theme)
    pdf = _render(dataset, theme, cfg, marking, files.pop("timeline-for-pack"), files, warnings)
    outputs = {PACK: pdf, TIMELINE_PNG: files.pop(TIMELINE_PNG), TIMELINE_SVG: files.pop(TIMELINE_SVG)}
    outputs[TIMELINE_HTML] = files.pop(TIMELINE_HTML)
    written = _write(cfg.out_dir, outputs)
    return BuildResult(
        outputs=tuple(cfg.out_dir / name for name in OUTPUTS),
        written=written,
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
        inputs=tuple(dataset.inputs) + _config_inputs(cfg),
        pages=_page_count(pdf),
        marking=marking,
    )


def _figures(dataset: Dataset, theme: Theme, cfg: BuildConfig, marking: str) -> tuple[Any, dict[str, Any]]:
    from reportgen.charts import metric_figure
    from reportgen.timeline import timeline_figure

    timeline = timeline_figure(
        dataset,
        theme,
        as_of=cfg.as_of,
        title=cfg.title or dataset.title or None,
        width=theme.timeline_width,
        height=theme.timeline_height,
        marking=marking,
    )
    charts = {m.id: metric_figure(m, dataset, theme, marking=marking) for m in dataset.metrics}
    return timeline, charts


def _export(exporter: Exporter, timeline: Any, charts: dict[str, Any], theme: Theme) -> dict[str, bytes]:
    """Every image through the one Chromium: SVGs for the pack, PNG/SVG/HTML for readers."""
    size = {"width": theme.timeline_width, "height": theme.timeline_height}
    svg = exporter.render(timeline, "svg", **size)
    files = {
        "timeline-for-pack": svg,
        TIMELINE_SVG: svg,
        TIMELINE_PNG: exporter.render(timeline, "png", **size),
        TIMELINE_HTML: exporter.html(timeline),
    }
    for series_id, fig in charts.items():  # each chart carries its own size (charts.chart_size)
        width, height = int(fig.layout.width), int(fig.layout.height)
        files[f"chart:{series_id}"] = exporter.render(fig, "svg", width=width, height=height)
    return files


def _render(
    dataset: Dataset,
    theme: Theme,
    cfg: BuildConfig,
    marking: str,
    timeline_svg: bytes,
    files: dict[str, bytes],
    warnings: list[Diagnostic],
) -> bytes:
    from reportgen.pack import render_pack

    charts = {key.removeprefix("chart:"): data for key, data in files.items() if key.startswith("chart:")}
    return render_pack(
        dataset,
        theme=theme,
        as_of=cfg.as_of,
        title=cfg.title or dataset.title or DEFAULT_TITLE,
        subject=cfg.subject or dataset.subject,
        prepared_by=cfg.prepared_by,
        version=cfg.version,
        marking=marking,
        timeline_svg=timeline_svg,
        chart_svgs=charts,
        warnings=warnings,
    )


def _write(out_dir: Path, outputs: dict[str, bytes]) -> tuple[Path, ...]:
    with build_lock(out_dir):
        return tuple(out_dir / name for name, data in outputs.items() if write_atomic(out_dir / name, data))


def _config_inputs(cfg: BuildConfig) -> tuple[str, ...]:
    return (str(cfg.config_path),) if cfg.config_path else ()


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def summary_line(result: BuildResult, cfg: BuildConfig) -> str:
    """`built output/briefing-pack.pdf (11 pages, OFFICIAL) and timeline.png/.svg/.html in 6.2 s`."""
    pack = result.outputs[0]
    changed = "" if result.written else " (unchanged)"
    marking = "" if result.marking == "NONE" else f", {result.marking}"
    text = (
        f"built {pack} ({result.pages} pages{marking}) and timeline.png/.svg/.html "
        f"in {result.seconds:.1f} s{changed}"
    )
    if result.warnings:
        text += f"; {len(result.warnings)} warning(s)"
    return text


def build_many(cfg: BuildConfig, *, force: bool = False, jobs: int = 1, quiet: bool = False) -> int:
    """Build once for `cfg` and print a one-line summary (warnings to stderr) unless quiet.

    Errors propagate as typed exceptions; the CLI maps them to exit codes. `jobs`
    is accepted for the command line; a single configuration builds one pack.
    """
    result = build(cfg, force=force)
    if not quiet:
        for warning in result.warnings:
            print(warning, file=sys.stderr)  # noqa: T201
        print(summary_line(result, cfg))  # noqa: T201
    return 0
