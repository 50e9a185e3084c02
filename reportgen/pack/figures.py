"""SVG bytes → ReportLab vector Drawing (svglib), scaled to fit a box.

Vectors keep chart text selectable and sharp in print. The SVG is read from
memory, so svglib refuses any external file reference inside it.
"""

from __future__ import annotations

import io
import logging

from reportlab.graphics.shapes import Drawing

from reportgen.errors import RenderError

logging.getLogger("svglib").setLevel(logging.INFO)


def svg_drawing(svg: bytes, max_width: float, max_height: float) -> Drawing:
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(svg))
    if drawing is None or not drawing.width or not drawing.height:
        raise RenderError("an exported chart is not a readable SVG image")
    scale = min(max_width / drawing.width, max_height / drawing.height)
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    drawing.hAlign = "CENTER"
    return drawing
