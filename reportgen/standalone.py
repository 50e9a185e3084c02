"""`reportgen timeline`: the timeline alone as PNG, SVG, PDF or interactive HTML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportgen.config import BuildConfig
from reportgen.errors import UsageError
from reportgen.model import Dataset
from reportgen.theme import Theme

SUFFIXES = (".png", ".svg", ".pdf", ".html")


# Paper sizes, landscape, in CSS px (96 a inch): what Chromium's PDF page and a PNG at 96 dpi measure.
PAPER_MM = {"A4": (297.0, 210.0), "A3": (420.0, 297.0), "LETTER": (279.4, 215.9)}
CSS_DPI = 96


def paper_px(paper: str) -> tuple[int, int]:
    width, height = PAPER_MM[paper.upper()]
    return round(width / 25.4 * CSS_DPI), round(height / 25.4 * CSS_DPI)


def render_timeline_file(
    cfg: BuildConfig,
    path: Path,
    *,
    width: int | None,
    height: int | None,
    scale: float = 1.0,
    title: str | None = None,
    paper: str | None = None,
    dpi: float | None = None,
    embed: bool = False,
) -> Path:
    """Load the events, draw the timeline and write it to `path` (format from its suffix).

    Chromium starts once the data is known to be valid (never for HTML), in the
    background, so its start overlaps the label layout. `embed` (HTML only) writes a
    fragment to paste into another page, and plotly.js beside it (`plotly.min.js`).
    """
    from reportgen.output import writable_target

    writable_target(Path(path))  # a device or FIFO is refused before any work
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"cannot write {path}: unknown suffix {suffix!r}; use one of {', '.join(SUFFIXES)}")
    if embed and suffix != ".html":
        raise UsageError(f"--embed makes an HTML fragment: give an .html output, not {path}")
    if (width is not None and width < 200) or (height is not None and height < 150) or scale <= 0:
        raise UsageError("--width must be ≥ 200, --height ≥ 150 and --scale > 0")
    if paper is not None:
        if paper.upper() not in PAPER_MM:
            raise UsageError(f"--paper {paper!r} is not one of {', '.join(PAPER_MM)}")
        if width is not None or height is not None:
            raise UsageError("give --paper or --width/--height, not both")
        width, height = paper_px(paper)
    if dpi is not None:
        if dpi <= 0 or scale != 1.0:
            raise UsageError("--dpi must be > 0, and replaces --scale (give one of them)")
        scale = dpi / CSS_DPI
    from reportgen.output import write_atomic
    from reportgen.prepare import prepare
    from reportgen.render.export import check_image_size

    # The data is validated before Chromium starts: bad input answers at once.
    prep = prepare(cfg)
    w, h = width or prep.theme.timeline_width, height or prep.theme.timeline_height
    if suffix != ".html":
        check_image_size(suffix[1:], w, h, scale)
    data = render_timeline(
        prep.dataset,
        suffix[1:],
        theme=prep.theme,
        as_of=cfg.as_of,
        width=w,
        height=h,
        scale=scale,
        title=title if title is not None else (prep.title or None),
        marking=prep.marking,
        author=cfg.prepared_by,
        subject=prep.subject,
        embed=embed,
    )
    if embed:  # the fragment loads plotly.js from beside it: written first, so it never dangles
        from plotly.offline import get_plotlyjs

        from reportgen.writers.html.timeline_page import PLOTLY_JS

        write_atomic(Path(path).parent / PLOTLY_JS, get_plotlyjs().encode("utf-8"))
    write_atomic(Path(path), data)
    return Path(path)


def render_timeline(
    dataset: Dataset,
    fmt: str = "svg",
    *,
    theme: Theme | None = None,
    as_of: dt.date | None = None,
    width: int | None = None,
    height: int | None = None,
    scale: float = 1.0,
    title: str | None = None,
    marking: str | None = None,
    author: str = "",
    subject: str = "",
    embed: bool = False,
) -> bytes:
    """The timeline of `dataset` as PNG, SVG, PDF or HTML bytes (`fmt`: png, svg, pdf or html).

    `marking` is a floor: the data's own markings still raise it (`model.data_marking`).
    PNG, SVG and PDF start one Chromium for the call; HTML needs none.
    """
    from reportgen import clock
    from reportgen.model import data_marking
    from reportgen.render.export import Exporter
    from reportgen.render.html_figure import figure_div
    from reportgen.render.timeline import timeline_figure

    if fmt not in ("png", "svg", "pdf", "html"):
        raise UsageError(f"unknown timeline format {fmt!r}; use png, svg, pdf or html")
    theme = theme or Theme()
    marking = data_marking(dataset, marking if marking is not None else theme.marking)
    w, h = width or theme.timeline_width, height or theme.timeline_height

    def figure() -> object:
        return timeline_figure(
            dataset, theme, as_of=clock.today(as_of), title=title, width=w, height=h, marking=marking
        )

    if fmt == "html":
        from reportgen.writers.html.timeline_page import PLOTLY_JS, timeline_fragment, timeline_page

        plot = figure_div(figure(), plotlyjs=PLOTLY_JS if embed else True)
        write = timeline_fragment if embed else timeline_page
        return write(
            plot, dataset, as_of=clock.today(as_of), title=title or dataset.title, marking=marking
        ).encode("utf-8")
    from reportgen.render import service

    with service.connect() or Exporter() as exporter:  # Chromium boots while the labels are laid out
        data = exporter.render(figure(), fmt, width=w, height=h, scale=scale)  # type: ignore[arg-type]
    from reportgen.render.imagemeta import with_pdf_metadata, with_png_metadata

    shown = title or dataset.title
    if fmt == "png":  # its density says how large it prints: 96 dpi at scale 1
        data = with_png_metadata(data, text={"Title": shown, "Classification": marking}, dpi=CSS_DPI * scale)
    elif fmt == "pdf":
        day = clock.today(as_of)
        info = {"title": shown or "Timeline", "author": author, "subject": subject or dataset.subject}
        data = with_pdf_metadata(data, **info, marking=marking, day=day)
    return data
