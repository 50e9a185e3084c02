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

    Chromium starts once the data is known to be valid (never for HTML), in the
    background, so its start overlaps the label layout.
    """
    from reportgen.output import writable_target

    writable_target(Path(path))  # a device or FIFO is refused before any work
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"cannot write {path}: unknown suffix {suffix!r}; use one of {', '.join(SUFFIXES)}")
    if (width is not None and width < 200) or (height is not None and height < 150) or scale <= 0:
        raise UsageError("--width must be ≥ 200, --height ≥ 150 and --scale > 0")
    from reportgen.export import Exporter, check_image_size, figure_html
    from reportgen.output import write_atomic
    from reportgen.prepare import prepare
    from reportgen.timeline import timeline_figure

    # The data is validated before Chromium starts: bad input answers at once.
    prep = prepare(cfg)
    w, h = width or prep.theme.timeline_width, height or prep.theme.timeline_height
    if suffix != ".html":
        check_image_size(suffix[1:], w, h, scale)
    exporter = Exporter()
    try:
        if suffix != ".html":
            exporter.start()  # boots while the labels are laid out
        fig = timeline_figure(
            prep.dataset,
            prep.theme,
            as_of=cfg.as_of,
            title=title if title is not None else (prep.title or None),
            width=w,
            height=h,
            marking=prep.marking,
        )
        if suffix == ".html":
            data = figure_html(fig)
        else:
            data = exporter.render(fig, suffix[1:], width=w, height=h, scale=scale)  # type: ignore[arg-type]
        if suffix == ".png":
            from reportgen.imagemeta import with_png_metadata

            text = {"Title": prep.pack_title, "Classification": prep.marking}
            data = with_png_metadata(data, text=text)
    finally:
        exporter.close()
    write_atomic(Path(path), data)
    return Path(path)
