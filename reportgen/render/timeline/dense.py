"""Dense mode: above `DENSE_AT` events the lanes show a density strip (events per time bin)
and only the `DENSE_LABELS` most important events get markers and labels."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from reportgen.model import Event
from reportgen.render.timeline.frame import Frame
from reportgen.theme import Theme

DENSE_AT = 250  # more events than this: density strip + top labels only
DENSE_LABELS = 60


def most_important(events: list[Event], limit: int) -> list[Event]:
    """The `limit` most important events, spread over time: within an importance level,
    the first of each of `limit` time bins comes before the second of any bin."""
    lo = min(e.start for e in events)
    span = max(1, (max(e.start for e in events) - lo).days)
    seen: dict[tuple[int, int], int] = {}
    ranked = []
    for e in sorted(events, key=lambda e: (-e.importance, e.sort_key)):
        slot = (e.importance, (e.start - lo).days * limit // (span + 1))
        seen[slot] = seen.get(slot, 0) + 1
        ranked.append((-e.importance, seen[slot], e.sort_key, e))
    ranked.sort(key=lambda r: r[:3])
    return sorted((r[3] for r in ranked[:limit]), key=lambda e: e.sort_key)


def density_trace(events: list[Event], lanes: tuple[str, ...], frame: Frame, theme: Theme) -> Any:
    """A heatmap of events per time bin and lane (bins about 6 px wide)."""
    plot = frame.plot
    bins = max(20, min(240, int(plot.width // 6)))
    counts = [[0] * bins for _ in lanes]
    index = {lane: i for i, lane in enumerate(lanes)}
    for e in events:
        b = min(bins - 1, max(0, int((frame.x(e.date.midpoint) - plot.x0) * bins // plot.width)))
        counts[index.get(e.lane, 0)][b] += 1
    centres = [frame.axis_at(plot.x0 + (i + 0.5) * plot.width / bins) for i in range(bins)]
    top = max((max(row) for row in counts), default=0)
    step = max(1, -(-top // 5))  # whole events on the scale: never "2.5 events"
    return go.Heatmap(
        x=centres,
        y=[i + 0.5 for i in range(len(lanes))],
        z=counts,
        colorscale=[[0, theme.background], [1, theme.primary]],
        zmin=0,
        opacity=0.75,
        colorbar={
            "title": {"text": "events"},
            "thickness": 12,
            "len": 0.6,
            "x": 1.0,
            "xpad": 8,
            "tick0": 0,
            "dtick": step,
        },
        hovertemplate="%{z} events<extra></extra>",
        name="density",
    )
