"""Shapes behind and between the marks: lane stripes and centre lines, era bands, the "as of"
line, and the leader lines that join labels to their markers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportgen.model import Dataset
from reportgen.render import labels as lb
from reportgen.render.timeline.frame import Frame
from reportgen.theme import Theme


def background_shapes(
    dataset: Dataset, lanes: tuple[str, ...], theme: Theme, as_of: dt.date | None, frame: Frame
) -> list[dict[str, Any]]:
    shapes: list[dict[str, Any]] = []
    for i in range(len(lanes)):
        if i % 2:
            shapes.append(_rect("paper", 0, 1, "y", i, i + 1, "#f4f6f9"))
        line = {"color": theme.grid, "width": 1}
        shapes.append(_line("paper", 0, 1, "y", i + 0.5, i + 0.5, line, layer="below"))
    for i, era in enumerate(dataset.eras):
        fill = "#e6ebf2" if i % 2 == 0 else "#eef1f5"
        shapes.append(
            _rect("x", frame.axis(era.start.earliest), frame.axis(era.end.latest), "paper", 0, 1, fill)
        )
    if as_of is not None:
        day = frame.axis(as_of)
        shapes.append(
            _line("x", day, day, "paper", 0, 1, {"color": theme.accent, "width": 1.5, "dash": "dash"})
        )
    return shapes + break_shapes(frame, theme)


def break_shapes(frame: Frame, theme: Theme) -> list[dict[str, Any]]:
    """Each axis break: a blank gap down the lanes, and a pair of slashes wherever a line
    crosses it (each lane's centre line and the axis), as on a hand-drawn broken axis.
    Labels may cross the gap: their own white ground keeps them readable."""
    shapes: list[dict[str, Any]] = []
    plot = frame.plot
    rows = [frame.lane_y(i) for i in range(frame.lanes)] + [plot.y1]
    for x0, x1 in frame.break_px():
        p0, _ = frame.paper(x0, 0)
        p1, _ = frame.paper(x1, 0)
        shapes.append(_rect("paper", p0, p1, "paper", 0, 1, theme.background))
        slashes = " ".join(_slash(frame, x, y) for y in rows for x in (x0 + 7, x1 - 7))
        line = {"color": theme.muted, "width": 1.3}
        shapes.append({"type": "path", "xref": "paper", "yref": "paper", "path": slashes, "line": line})
    return shapes


def _slash(frame: Frame, x: float, y: float) -> str:
    """A short slanted stroke centred on canvas px (x, y), as an SVG path in paper coordinates."""
    (ax, ay), (bx, by) = frame.paper(x - 3, y + 6), frame.paper(x + 3, y - 6)
    return f"M {ax:.4f},{ay:.4f} L {bx:.4f},{by:.4f}"


def leader_shapes(boxes: list[lb.LabelBox], frame: Frame, theme: Theme) -> list[dict[str, Any]]:
    shapes = []
    for b in boxes:
        if b.leader is None:
            continue
        x0, y0 = frame.paper(b.leader[0], b.leader[1])
        x1, y1 = frame.paper(b.leader[2], b.leader[3])
        shapes.append(_line("paper", x0, x1, "paper", y0, y1, {"color": theme.muted, "width": 0.8}))
    return shapes


def _line(
    xref: str, x0: Any, x1: Any, yref: str, y0: Any, y1: Any, line: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    return _shape("line", xref, x0, x1, yref, y0, y1, line=line, **extra)


def _rect(xref: str, x0: Any, x1: Any, yref: str, y0: Any, y1: Any, fill: str) -> dict[str, Any]:
    return _shape("rect", xref, x0, x1, yref, y0, y1, fillcolor=fill, line={"width": 0}, layer="below")


def _shape(
    kind: str, xref: str, x0: Any, x1: Any, yref: str, y0: Any, y1: Any, **style: Any
) -> dict[str, Any]:
    """A plotly layout shape; `xref`/`yref` say whether x/y are data values or fractions of the plot."""
    return {"type": kind, "xref": xref, "x0": x0, "x1": x1, "yref": yref, "y0": y0, "y1": y1, **style}
