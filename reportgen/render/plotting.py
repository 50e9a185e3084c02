"""Shared plotly conventions: one template built from the Theme, stable trace ids.

Imported lazily (plotly costs ~0.1 s) by timeline.py and charts.py only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go

from reportgen.text import FURNITURE, plain
from reportgen.theme import Theme


def template(theme: Theme) -> go.layout.Template:
    """The one plotly template every reportgen figure uses."""
    axis = {
        "gridcolor": theme.grid,
        "linecolor": theme.muted,
        "zerolinecolor": theme.grid,
        "tickfont": {"color": theme.text},
        "title": {"font": {"color": theme.text}},
        "automargin": True,
    }
    return go.layout.Template(
        layout={
            "font": {"family": theme.font_family, "size": 13, "color": theme.text},
            "paper_bgcolor": theme.background,
            "plot_bgcolor": theme.background,
            "colorway": list(theme.lanes),
            "xaxis": axis,
            "yaxis": axis,
            "title": {"font": {"size": 18, "color": theme.primary}, "x": 0.01, "xanchor": "left"},
            "legend": {"bgcolor": "rgba(255,255,255,0.8)", "font": {"size": 11}},
            "hoverlabel": {"font": {"family": theme.font_family}},
        }
    )


def fix_uids(fig: go.Figure, prefix: str) -> go.Figure:
    """Give every trace a fixed uid: plotly otherwise picks random ones and SVGs differ per export."""
    for i, trace in enumerate(fig.data):
        trace.uid = f"{prefix}-{i}"
    return fig


def edge_marking_annotations(
    marking: str, theme: Theme, *, top: float, bottom: float, centre: float = 0.5
) -> list[dict[str, Any]]:
    """The protective marking at the very top and bottom edges of an image, centred on it.

    `top`/`bottom` are the figure's top and bottom margins in px and `centre` the image's
    centre in paper coordinates: plotly's paper coordinates cover only the plot area. The
    font names FURNITURE, so a pack whose pages carry the marking can leave these out.
    """
    if not marking or marking == "NONE":
        return []
    style = {"size": 12, "color": theme.text, "family": f"{theme.font_family}, {FURNITURE}"}
    return [
        {
            "text": f"<b>{plain(marking)}</b>",
            "x": centre,
            "y": y,
            "xref": "paper",
            "yref": "paper",
            "xanchor": "center",
            "yanchor": anchor,
            "yshift": shift,
            "showarrow": False,
            "font": style,
        }
        for y, anchor, shift in ((1.0, "top", top - 2), (0.0, "bottom", -bottom + 2))
    ]


# Tick steps in months, finest first: months, quarters, years, decades, centuries, millennia.
_TICK_STEPS = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400, 6000, 12000)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_ticks(
    start: dt.date, end: dt.date, width_px: float, measure: Callable[[str], float]
) -> tuple[list[str], list[str]]:
    """Tick positions (ISO dates) and texts for a date axis `width_px` wide.

    Picks the finest step (a month … a thousand years) whose labels, measured,
    leave at least 20 px between neighbours. Months read "Jan 2024"; coarser
    steps read as the year.
    """
    span_days = max(1, (end - start).days)
    for step in _TICK_STEPS:
        sample = "Sep 2024" if step < 12 else str(end.year)
        count = span_days / (step * 30.44)
        if count <= 1 or width_px / count >= measure(sample) + 20:
            break
    first = start.year * 12 + start.month - 1
    first = -(-first // step) * step  # round up to a multiple of the step
    values, texts = [], []
    month_index = first
    while True:
        year, month = divmod(month_index, 12)
        if year > end.year or (year == end.year and month + 1 > end.month):
            break
        if year >= 1:
            day = dt.date(year, month + 1, 1)
            if day >= start:
                values.append(day.isoformat())
                texts.append(f"{_MONTHS[month]} {year}" if step < 12 else str(year))
        month_index += step
    return values, texts
