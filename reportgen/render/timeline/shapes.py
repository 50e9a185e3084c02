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
    dataset: Dataset, lanes: tuple[str, ...], theme: Theme, as_of: dt.date | None
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
            _rect("x", era.start.earliest.isoformat(), era.end.latest.isoformat(), "paper", 0, 1, fill)
        )
    if as_of is not None:
        day = as_of.isoformat()
        shapes.append(
            _line("x", day, day, "paper", 0, 1, {"color": theme.accent, "width": 1.5, "dash": "dash"})
        )
    return shapes


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
