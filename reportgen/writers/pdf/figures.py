"""SVG bytes → ReportLab vector Drawing (svglib), scaled to fit a box.

Vectors keep chart text selectable and sharp in print. The SVG is read from
memory, so svglib refuses any external file reference inside it.

A figure may also be a `PendingSvg`: one Chromium is still drawing, whose size is
already known. The pack then lays out around a placeholder of that size, and
waits for the bytes only when it draws for real — so the measuring pass of the
layout runs while Chromium starts, and each SVG is parsed as soon as it
arrives, while Chromium draws the next one.
"""

from __future__ import annotations

import copy
import hashlib
import io
import logging
from concurrent.futures import Future
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable

from reportgen.errors import RenderError
from reportgen.text import FURNITURE

logging.getLogger("svglib").setLevel(logging.INFO)


_PARSED: dict[bytes, Drawing] = {}  # sha256 of the SVG → parsed, unscaled drawing
_PARSED_MAX = 64
_SKETCH = "_reportgen_sketch"  # = pack.document.SKETCH: the canvas of a measuring-only pass


class PendingSvg:
    """An SVG still being rendered: its size (px) is known now, its bytes later (`set`/`fail`)."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = float(width), float(height)
        self._bytes: Future[bytes] = Future()

    def set(self, data: bytes) -> None:
        self._bytes.set_result(data)

    def fail(self, error: BaseException) -> None:
        """Wake a layout waiting for these bytes with `error` (no-op once set)."""
        if not self._bytes.done():
            self._bytes.set_exception(error)

    def result(self) -> bytes:
        return self._bytes.result()


SvgSource = bytes | PendingSvg


def _parse(svg: bytes) -> Drawing | None:
    """svg2rlg, remembered: watch rebuilds reuse unchanged charts (parse ~50 ms, copy ~3 ms)."""
    key = hashlib.sha256(svg).digest()
    parsed = _PARSED.get(key)
    if parsed is None:
        from svglib.svglib import svg2rlg

        parsed = svg2rlg(io.BytesIO(for_svglib(svg)))
        if parsed is None:
            return None
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.pop(next(iter(_PARSED)), None)
        _PARSED[key] = parsed
    return copy.deepcopy(parsed)  # the caller scales it; the remembered one stays as parsed


def forget_parsed() -> None:
    """Empty the parse memo (benchmarks time a cold parse)."""
    _PARSED.clear()


def svg_drawing(svg: SvgSource, max_width: float, max_height: float) -> Flowable:
    """The SVG as a vector flowable scaled to fit `max_width` × `max_height` (points), centred."""
    if isinstance(svg, PendingSvg):
        return _LaterDrawing(svg, max_width, max_height)
    drawing = _parse(svg)
    if drawing is None or not drawing.width or not drawing.height:
        raise RenderError("an exported chart is not a readable SVG image")
    scale = min(max_width / drawing.width, max_height / drawing.height)
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    drawing.hAlign = "CENTER"
    return drawing


class _LaterDrawing(Flowable):  # type: ignore[misc]
    """Takes a PendingSvg's size at once; parses and draws its bytes on the first real draw."""

    def __init__(self, pending: PendingSvg, max_width: float, max_height: float) -> None:
        super().__init__()
        if pending.width <= 0 or pending.height <= 0:
            raise RenderError("an exported chart has no size")
        scale = min(max_width / pending.width, max_height / pending.height)
        self.pending = pending
        self.width, self.height = pending.width * scale, pending.height * scale
        self.hAlign = "CENTER"
        self._drawing: Drawing | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if getattr(self.canv, _SKETCH, False):
            return  # a measuring pass: its canvas is thrown away, only the size mattered
        if self._drawing is None:
            # fits the same box the placeholder was sized for, so the layout does not move
            self._drawing = svg_drawing(self.pending.result(), self.width, self.height)
        self._drawing.drawOn(self.canv, 0, 0)


# -- a leaner SVG for svglib -------------------------------------------------------------------
_SVG = "{http://www.w3.org/2000/svg}"
_SKIP = {_SVG + "defs", _SVG + "clipPath", _SVG + "style"}  # referenced content: left as it is
_INERT = ("class",)  # a group with only these (and data-*) attributes changes nothing it holds


def lean_svg(svg: bytes) -> bytes:
    """plotly's SVG without what draws nothing: empty groups, and groups that only name their
    children are replaced by those children (svglib looks every style up through every
    ancestor, so fewer, shallower groups parse ~25 % faster). Unchanged if it has a <style>."""
    from lxml import etree

    try:
        root = etree.fromstring(svg, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return svg  # svglib reports it
    if root.find(f".//{_SVG}style") is not None:
        return svg  # CSS may select a group by its class: keep every group
    _prune(root)
    return bytes(etree.tostring(root))


def for_svglib(svg: bytes) -> bytes:
    """The SVG as svglib can draw it faithfully for the pack: lean (see `lean_svg`), without the
    image's own marking and title (`_drop_furniture`), and with each group's `opacity` moved onto
    what it holds as fill- and stroke-opacity: svglib ignores group opacity, so plotly's pale
    windows of uncertain dates would print as solid bars."""
    from lxml import etree

    lean = lean_svg(svg)
    try:
        root = etree.fromstring(lean, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return lean
    _drop_furniture(root)
    _push_opacity(root, 1.0)
    return bytes(etree.tostring(root))


def _drop_furniture(root: Any) -> None:
    """Leave out the image's own marking and title: the pack's pages print them once, at each edge."""
    notes = [
        next((g for g in text.iterancestors(_SVG + "g") if g.get("class") == "annotation"), None)
        for text in root.iter(_SVG + "text")
        if FURNITURE in (text.get("style") or "")
    ]
    for note in notes:
        if note is not None and note.getparent() is not None:
            note.getparent().remove(note)


_DRAWN = {_SVG + n for n in ("path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text")}


def _push_opacity(node: Any, inherited: float) -> None:
    for child in node:
        if not isinstance(child.tag, str) or child.tag in _SKIP:
            continue
        style = _style(child.get("style", ""))
        own = _number(style.pop("opacity", child.attrib.pop("opacity", "1")))
        factor = inherited * own
        if child.tag in _DRAWN and factor < 1:
            for key in ("fill-opacity", "stroke-opacity"):
                style[key] = f"{_number(style.get(key, child.get(key, '1'))) * factor:.4g}"
        elif child.tag == _SVG + "g" and own < 1:
            _push_opacity(child, factor)
            child.set("style", _unstyle(style))
            continue
        if own < 1 or (child.tag in _DRAWN and factor < 1):
            child.set("style", _unstyle(style))
        _push_opacity(child, factor)


def _style(text: str) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in text.split(";") if ":" in part)
    return {k.strip(): v.strip() for k, v in pairs}


def _unstyle(style: dict[str, str]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in style.items())


def _number(text: str) -> float:
    try:
        return max(0.0, min(1.0, float(text)))
    except ValueError:
        return 1.0


def _prune(parent: object) -> None:
    for child in list(parent):  # type: ignore[call-overload]
        if not isinstance(child.tag, str) or child.tag in _SKIP:
            continue
        _prune(child)
        if child.tag != _SVG + "g":
            continue
        if len(child) == 0:
            parent.remove(child)  # type: ignore[attr-defined]
        elif all(name in _INERT or name.startswith("data-") for name in child.attrib):
            at = parent.index(child)  # type: ignore[attr-defined]
            for offset, grandchild in enumerate(list(child)):
                parent.insert(at + offset, grandchild)  # type: ignore[attr-defined]
            parent.remove(child)  # type: ignore[attr-defined]
