"""Figures in the pack are Chromium's own vector PDF of each figure, placed on the page.

Why not convert the SVG to ReportLab shapes: every converter we measured redraws the
figure with its own reading of SVG, and so drew marks plotly did not (lane symbols
inside the plot), lost group opacity (uncertain dates as solid bars), misplaced mixed
tspans (the key), and cannot draw patterns. Chromium's PDF of the same figure is the
same drawing as its PNG: the same marks, transparency and patterns, with its text still
text and its fonts embedded.

The layout needs only each figure's size: a `FigureSlot` keeps the room and records
where it was drawn; `stamp` then puts each figure's page there as a form XObject
(pikepdf). A figure may still be drawing while the pack is laid out (`PendingFigure`).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable

from reportgen.errors import RenderError

_SKETCH = "_reportgen_sketch"  # = doc.SKETCH: the canvas of a measuring-only pass
PT_PER_PX = 0.75  # Chromium prints a CSS px (1/96 in) as 0.75 pt


class PendingFigure:
    """A figure still being drawn: its size (CSS px) is known now, its PDF bytes later."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = float(width), float(height)
        self._bytes: Future[bytes] = Future()

    def set(self, data: bytes) -> None:
        """Hand the bytes to the waiting pack (no-op once set)."""
        if not self._bytes.done():
            self._bytes.set_result(data)

    def fail(self, error: BaseException) -> None:
        """Wake a pack waiting for these bytes with `error` (no-op once set)."""
        if not self._bytes.done():
            self._bytes.set_exception(error)

    def result(self) -> bytes:
        return self._bytes.result()


FigureSource = bytes | PendingFigure


def printed_size(source: FigureSource) -> tuple[float, float]:
    """The size in points the figure was drawn for: its CSS px at 0.75 pt each.

    A figure's PDF page is cut to exactly that size when it is made (`exact_page`), so a
    figure from a cache measures what a figure still drawing is planned at: cached or
    freshly drawn, a figure takes the same room and the pack is the same.
    """
    if isinstance(source, PendingFigure):
        return source.width * PT_PER_PX, source.height * PT_PER_PX
    with _open(source) as figure:
        box = [float(v) for v in figure.pages[0].mediabox]
    px = [round(side / PT_PER_PX) for side in (box[2] - box[0], box[3] - box[1])]
    return px[0] * PT_PER_PX, px[1] * PT_PER_PX


def exact_page(pdf: bytes, width: int, height: int) -> bytes:
    """Chromium's PDF of a `width`×`height` px figure, its page exactly that size, and no
    clock in it: the same figure, the same bytes.

    Chromium takes a page size to whole points and then to 1/300 inch, so its page is up
    to ~0.7 px larger or ~0.2 px smaller than the figure, and the px it was drawn at cannot
    be read back from it (a 986 × 556 px figure prints on a 986.56 × 555.84 px page).
    """
    import pikepdf

    with _open(pdf) as figure:
        figure.pages[0].mediabox = pikepdf.Array([0, 0, width * PT_PER_PX, height * PT_PER_PX])
        if "/Info" in figure.trailer:  # Chromium's print time and version (the pack never shows them)
            del figure.trailer["/Info"]
        out = io.BytesIO()
        figure.save(out, deterministic_id=True, stream_decode_level=pikepdf.StreamDecodeLevel.none)
        return out.getvalue()


@dataclass(frozen=True, slots=True)
class Placement:
    figure_id: str
    page: int  # 1-based
    x: float  # lower-left corner on the page, points
    y: float
    width: float
    height: float


class FigureSlot(Flowable):  # type: ignore[misc]
    """Room for one figure, scaled to fit `max_width` × `max_height` but never enlarged beyond
    its printed size; records where the last layout pass put it."""

    def __init__(
        self,
        figure_id: str,
        source: FigureSource,
        max_width: float,
        max_height: float,
        placements: list[Placement],
    ) -> None:
        super().__init__()
        width, height = printed_size(source)
        if width <= 0 or height <= 0:
            raise RenderError(f"the figure {figure_id!r} has no size")
        scale = min(max_width / width, max_height / height, 1.0)
        self.figure_id, self.placements = figure_id, placements
        self.width, self.height = width * scale, height * scale
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if getattr(self.canv, _SKETCH, False):
            return  # a measuring pass: only the size mattered
        x, y = self.canv.absolutePosition(0, 0)
        page = self.canv.getPageNumber()
        self.placements.append(Placement(self.figure_id, page, x, y, self.width, self.height))


def stamp(pdf: bytes, placements: list[Placement], figures: Mapping[str, FigureSource]) -> bytes:
    """`pdf` with each placed figure's first page drawn in its slot, as a form XObject.

    qpdf (pikepdf) reads only the pages it is given and copies other objects as they are:
    a 450-page pack is stamped in ~0.7 s, where pypdf's clone of every object took ~3.5 s.
    """
    if not placements:
        return pdf
    import pikepdf

    opened: list[pikepdf.Pdf] = []  # a copied form reads its source until the pack is saved
    try:
        with pikepdf.open(io.BytesIO(pdf)) as pack:
            forms: dict[str, tuple[pikepdf.Object, float, float]] = {}
            for n, place in enumerate(placements):
                if place.figure_id not in forms:
                    source = figures[place.figure_id]
                    figure = _open(source.result() if isinstance(source, PendingFigure) else source)
                    opened.append(figure)
                    forms[place.figure_id] = _form(pack, figure.pages[0])
                _place(pack.pages[place.page - 1], n, place, *forms[place.figure_id])
            out = io.BytesIO()
            # streams pass through as they are; the file identifier comes from the content
            pack.save(out, deterministic_id=True, stream_decode_level=pikepdf.StreamDecodeLevel.none)
            return out.getvalue()
    except pikepdf.PdfError as exc:
        raise RenderError(f"the pack's figures could not be placed ({exc})") from None
    finally:
        for figure in opened:
            figure.close()


def _place(page: Any, n: int, place: Placement, form: Any, fw: float, fh: float) -> None:
    """Draw `form` (`fw` × `fh` pt) top-aligned in its slot, above the page's own drawing."""
    import pikepdf

    scale = min(place.width / fw, place.height / fh)
    if abs(scale - 1) < 0.01:
        scale = 1.0  # a figure drawn for its slot is placed 1:1
    x = place.x + (place.width - fw * scale) / 2
    y = place.y + place.height - fh * scale
    name = page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(f"/RgFigure{n}"))
    rect = pikepdf.Rectangle(x, y, x + fw * scale, y + fh * scale)
    # the page's own drawing is wrapped in q … Q, so whatever state it leaves cannot move the figure
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"\nQ\n" + page.calc_form_xobject_placement(form, name, rect), prepend=False)


def _open(data: bytes) -> Any:
    import pikepdf

    try:
        figure = pikepdf.open(io.BytesIO(data))
    except (pikepdf.PdfError, ValueError) as exc:
        raise RenderError(f"an exported figure is not a readable PDF ({exc})") from None
    if len(figure.pages) == 0:
        figure.close()
        raise RenderError("an exported figure is not a readable PDF (it has no page)")
    return figure


def _form(pack: Any, page: Any) -> tuple[Any, float, float]:
    """The figure's page as a form XObject copied into `pack`, with its size in points."""
    box = [float(v) for v in page.mediabox]
    return pack.copy_foreign(page.as_form_xobject()), box[2] - box[0], box[3] - box[1]
