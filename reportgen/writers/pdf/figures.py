"""Figures in the pack are Chromium's own vector PDF of each figure, placed on the page.

Why not convert the SVG to ReportLab shapes: every converter we measured redraws the
figure with its own reading of SVG, and so drew marks plotly did not (lane symbols
inside the plot), lost group opacity (uncertain dates as solid bars), misplaced mixed
tspans (the key), and cannot draw patterns. Chromium's PDF of the same figure is the
same drawing as its PNG: the same marks, transparency and patterns, with its text still
text and its fonts embedded.

The layout needs only each figure's size: a `FigureSlot` keeps the room and records
where it was drawn; `stamp` then puts each figure's page there as a form XObject
(pypdf). A figure may still be drawing while the pack is laid out (`PendingFigure`).
"""

from __future__ import annotations

import io
import math
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

    Figures are drawn at whole px; Chromium rounds its PDF page up to the next 1/300 inch
    (657 px → 492.96 pt, not 492.75), so a figure from the cache is measured back to its
    whole px: cached or freshly drawn, a figure takes the same room and the pack is the same.
    """
    if isinstance(source, PendingFigure):
        return source.width * PT_PER_PX, source.height * PT_PER_PX
    box = _page(source).mediabox
    px = [math.floor(float(side) / PT_PER_PX + 1e-6) for side in (box.width, box.height)]
    return px[0] * PT_PER_PX, px[1] * PT_PER_PX


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
    """`pdf` with each placed figure's first page drawn in its slot, as a form XObject."""
    if not placements:
        return pdf
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    forms: dict[str, Any] = {}
    for n, place in enumerate(placements):
        if place.figure_id not in forms:
            source = figures[place.figure_id]
            data = source.result() if isinstance(source, PendingFigure) else source
            forms[place.figure_id] = _form(writer, _page(data))
        form, (fw, fh) = forms[place.figure_id]
        page = writer.pages[place.page - 1]
        resources = page.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
        xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject()).get_object()
        name = f"/RgFigure{n}"
        xobjects[NameObject(name)] = form
        scale = min(place.width / fw, place.height / fh)
        if abs(scale - 1) < 0.01:
            scale = 1.0  # Chromium rounds the page size: a figure drawn for its slot is placed 1:1
        x = place.x + (place.width - fw * scale) / 2
        y = place.y + place.height - fh * scale  # top-aligned in its slot
        draw = f"q {scale:.6f} 0 0 {scale:.6f} {x:.3f} {y:.3f} cm {name} Do Q".encode()
        existing = page.raw_get("/Contents") if "/Contents" in page else None  # a reference or an array
        old = list(existing) if isinstance(existing, ArrayObject) else [existing] if existing else []
        # the page's own drawing is wrapped in q … Q, so whatever state it leaves cannot move the figure
        parts = ArrayObject([_stream(writer, b"q\n"), *old, _stream(writer, b"\nQ\n" + draw)])
        page[NameObject("/Contents")] = parts
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stream(writer: Any, data: bytes) -> Any:
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)  # pypdf has no public name for adding an object


def _page(data: bytes) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return reader.pages[0]
    except (PdfReadError, IndexError, ValueError) as exc:
        raise RenderError(f"an exported figure is not a readable PDF ({exc})") from None


def _form(writer: Any, page: Any) -> tuple[Any, tuple[float, float]]:
    """The page as a form XObject in `writer`, with its size in points."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

    box = page.mediabox
    form = DecodedStreamObject()
    contents = page.get_contents()
    form.set_data(contents.get_data() if contents is not None else b"")
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject([FloatObject(float(v)) for v in box])
    if "/Resources" in page:
        form[NameObject("/Resources")] = page["/Resources"].get_object().clone(writer)
    if float(box.left) or float(box.bottom):
        shift = [1, 0, 0, 1, -float(box.left), -float(box.bottom)]
        form[NameObject("/Matrix")] = ArrayObject([FloatObject(v) for v in shift])
    return writer._add_object(form), (float(box.width), float(box.height))
