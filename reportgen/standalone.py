"""`reportgen timeline`: the timeline alone as PNG, SVG, PDF or interactive HTML."""

from __future__ import annotations

from pathlib import Path

from reportgen.config import BuildConfig
from reportgen.errors import UsageError

SUFFIXES = (".png", ".svg", ".pdf", ".html")


def render_timeline_file(
    cfg: BuildConfig,
    path: Path,
    *,
    width: int | None,
    height: int | None,
    scale: float = 1.0,
    title: str | None = None,
) -> Path:
    """Load the events, draw the timeline and write it to `path` (format from its suffix).

    Chromium starts in the background first (except for HTML, which needs none),
    so its ~2 s start overlaps loading and label layout.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"cannot write {path}: unknown suffix {suffix!r}; use one of {', '.join(SUFFIXES)}")
    if (width is not None and width < 200) or (height is not None and height < 150) or scale <= 0:
        raise UsageError("--width must be ≥ 200, --height ≥ 150 and --scale > 0")
    from reportgen.export import Exporter, figure_html
    from reportgen.load import load_dataset
    from reportgen.model import highest_marking
    from reportgen.output import write_atomic
    from reportgen.theme import load_theme
    from reportgen.timeline import timeline_figure

    exporter = Exporter()
    try:
        if suffix != ".html":
            exporter.start()  # boots while we load and lay out
        dataset, warnings = load_dataset(cfg.events)
        theme = load_theme(cfg.style, cfg.styles_dir)
        w, h = width or theme.timeline_width, height or theme.timeline_height
        marking = cfg.marking or highest_marking(theme.marking, dataset.marking)
        fig = timeline_figure(
            dataset,
            theme,
            as_of=cfg.as_of,
            title=title if title is not None else (cfg.title or dataset.title or None),
            width=w,
            height=h,
            marking=marking,
        )
        if suffix == ".html":
            data = figure_html(fig)
        else:
            data = exporter.render(fig, suffix[1:], width=w, height=h, scale=scale)  # type: ignore[arg-type]
    finally:
        exporter.close()
    write_atomic(Path(path), data)
    return Path(path)
