"""The legend (what the mark styles mean) and the heading of the key of numbered events."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from reportgen.render import labels as lb
from reportgen.render.timeline.annotations import paper_note
from reportgen.render.timeline.frame import LABEL_SIZE, PAD, ROW, Frame
from reportgen.theme import Theme


def legend_traces(theme: Theme) -> list[Any]:
    """Empty traces that exist only for their legend entries (the real traces hide theirs)."""
    entries: list[tuple[str, dict[str, Any]]] = [
        (
            "Event (shape = lane)",
            {"mode": "markers", "marker": {"symbol": "circle", "size": 10, "color": theme.muted}},
        ),
        (
            "Planned / after as-of",
            {
                "mode": "markers",
                "marker": {"symbol": "circle-open", "size": 10, "color": theme.planned, "line": {"width": 2}},
            },
        ),
        ("Span", {"mode": "lines", "line": {"color": theme.muted, "width": 8}}),
        (
            "Uncertain date (whole window)",
            {"mode": "lines", "opacity": 0.3, "line": {"color": theme.muted, "width": 14}},
        ),
    ]
    return [go.Scatter(x=[None], y=[None], name=name, hoverinfo="skip", **style) for name, style in entries]


def key_heading(boxes: list[lb.LabelBox], frame: Frame, theme: Theme) -> list[dict[str, Any]]:
    """ "Key (numbered events)" one row above the first key entry; nothing when there is no key."""
    keys = [b for b in boxes if b.kind == "key"]
    if not keys:
        return []
    first = min(keys, key=lambda b: (b.box.y0, b.box.x0))
    x, y = frame.paper(first.box.x0 + PAD - 1, first.box.y0 - ROW / 2)
    font = {"size": LABEL_SIZE, "color": theme.muted}
    return [paper_note("<b>Key</b> (numbered events)", x, y, font)]
