"""SVG bytes → ReportLab vector Drawing (svglib), scaled to fit a box.

Vectors keep chart text selectable and sharp in print. The SVG is read from
memory, so svglib refuses any external file reference inside it.
"""

from __future__ import annotations

import copy
import hashlib
import io
import logging

from reportlab.graphics.shapes import Drawing

from reportgen.errors import RenderError

logging.getLogger("svglib").setLevel(logging.INFO)


_PARSED: dict[bytes, Drawing] = {}  # sha256 of the SVG → parsed, unscaled drawing
_PARSED_MAX = 64


def _parse(svg: bytes) -> Drawing | None:
    """svg2rlg, remembered: watch rebuilds reuse unchanged charts (parse ~50 ms, copy ~3 ms)."""
    key = hashlib.sha256(svg).digest()
    parsed = _PARSED.get(key)
    if parsed is None:
        from svglib.svglib import svg2rlg

        parsed = svg2rlg(io.BytesIO(svg))
        if parsed is None:
            return None
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.pop(next(iter(_PARSED)), None)
        _PARSED[key] = parsed
    return copy.deepcopy(parsed)  # the caller scales it; the remembered one stays as parsed


def svg_drawing(svg: bytes, max_width: float, max_height: float) -> Drawing:
    drawing = _parse(svg)
    if drawing is None or not drawing.width or not drawing.height:
        raise RenderError("an exported chart is not a readable SVG image")
    scale = min(max_width / drawing.width, max_height / drawing.height)
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    drawing.hAlign = "CENTER"
    return drawing
