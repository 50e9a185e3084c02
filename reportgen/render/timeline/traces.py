"""The event marks: one marker trace per lane and state (past or planned), plus bars for spans
and for the whole window of an uncertain date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import plotly.graph_objects as go

from reportgen.model import Event
from reportgen.render.timeline.events import hover_text, is_planned
from reportgen.render.timeline.frame import Frame
from reportgen.text import plain
from reportgen.theme import Theme

SYMBOLS = ("circle", "square", "diamond", "triangle-up", "pentagon", "hexagon", "star", "triangle-down")


def event_traces(
    events: list[Event], lanes: tuple[str, ...], theme: Theme, as_of: dt.date, frame: Frame
) -> list[Any]:
    traces: list[Any] = []
    for index, lane in enumerate(lanes):
        colour = theme.lane_colour(index)
        mine = [e for e in events if e.lane == lane or (e.lane not in lanes and index == 0)]
        for planned in (False, True):
            group = [e for e in mine if is_planned(e, as_of) == planned]
            if group:
                traces += _lane_traces(group, index, lane, colour, theme, planned, frame)
    return traces


def _lane_traces(
    events: list[Event], index: int, lane: str, colour: str, theme: Theme, planned: bool, frame: Frame
) -> list[Any]:
    y = index + 0.5
    tone = theme.planned if planned else colour
    state = "planned" if planned else "past"
    windows_x: list[str | None] = []
    spans_x: list[str | None] = []
    for e in events:
        # a bar runs to the end of its last day, hence the day added
        if e.is_span:
            spans_x += [frame.axis(e.start), frame.axis(e.finish + dt.timedelta(days=1)), None]
        elif not e.date.is_exact_day and e.date.latest > e.date.earliest:
            windows_x += [frame.axis(e.date.earliest), frame.axis(e.date.latest + dt.timedelta(days=1)), None]
    traces: list[Any] = []
    if windows_x:
        traces.append(_bar(windows_x, y, tone, 14, 0.28, plain(f"{lane} {state} date windows"), "solid"))
    if spans_x:
        traces.append(
            _bar(spans_x, y, tone, 8, 0.9, plain(f"{lane} {state} spans"), "dot" if planned else "solid")
        )
    traces.append(_markers(events, index, lane, colour, tone, planned, frame))
    return traces


def _markers(
    events: list[Event], index: int, lane: str, colour: str, tone: str, planned: bool, frame: Frame
) -> Any:
    # shape tells the lane apart in greyscale print; an open shape marks a planned event
    symbol = SYMBOLS[index % len(SYMBOLS)] + ("-open" if planned else "")
    return go.Scatter(
        x=[frame.axis(e.start if e.is_span else e.date.midpoint) for e in events],
        y=[index + 0.5] * len(events),
        mode="markers",
        name=plain(f"{lane} ({'planned' if planned else 'past'})"),  # plotly reads names as HTML
        showlegend=False,
        marker={
            "symbol": symbol,
            "size": 11,
            "color": tone if planned else colour,
            "line": {"width": 2 if planned else 1, "color": tone if planned else "#ffffff"},
        },
        text=[hover_text(e) for e in events],
        hovertemplate="%{text}<extra></extra>",
        cliponaxis=False,
        meta={"lane": lane, "planned": planned, "ids": [e.id for e in events]},
    )


def _bar(
    xs: list[str | None], y: float, colour: str, width: int, opacity: float, name: str, dash: str
) -> Any:
    # None between pairs breaks the line, so one trace draws every bar of a lane
    return go.Scatter(
        x=xs,
        y=[y if x is not None else None for x in xs],
        mode="lines",
        name=name,
        showlegend=False,
        hoverinfo="skip",
        opacity=opacity,
        line={"color": colour, "width": width, "dash": dash},
    )
