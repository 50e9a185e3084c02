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


def new_figure(data: Any = None, **kwargs: Any) -> go.Figure:
    """A plotly Figure that keeps what it is given as it is, without validating it.

    plotly checks every property as it is set: for a timeline's few hundred shapes and
    annotations that was ~0.1 s of a 0.6 s rebuild after adding an event. The figures
    are checked against plotly's own validation in the tests instead (test_figure_json).
    """
    return go.Figure(data, _validate=False, **kwargs)


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


# -- greyscale ------------------------------------------------------------------------------------
GREY_STEP = 0.15  # two colours at least this far apart in luma stay apart when printed in grey
# plotly's bar fill patterns, most distinct first: lines that run four ways, then dots and crosses
PATTERNS = ("", "/", "\\", "-", "|", ".", "x", "+")


def luma(colour: str) -> float:
    """Rec. 601 luma (0 black … 1 white) of a #rrggbb colour: how grey it prints."""
    text = colour.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    try:
        r, g, b = (int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return 0.5
    return 0.299 * r + 0.587 * g + 0.114 * b


def grey_patterns(colours: list[str]) -> list[str]:
    """A fill pattern for each colour, so that any two that would print at nearly the same grey
    differ in pattern: the first of each look-alike set stays plain, the next get hatched.

    A hatch is never shared by two colours: hatching greys a fill towards its pattern's ink,
    so two hatched colours that differ enough as flat fills can print alike (measured on the
    grade chart: 0.45 against 0.52)."""
    chosen: list[str] = []
    for i, colour in enumerate(colours):
        clashes = {
            chosen[j]
            for j in range(i)
            if colours[j] != colour and abs(luma(colours[j]) - luma(colour)) < GREY_STEP
        }
        same = next((chosen[j] for j in range(i) if colours[j] == colour), None)
        if same is not None and same not in clashes:
            chosen.append(same)  # one category, one look
            continue
        taken = clashes | {chosen[j] for j in range(i) if colours[j] != colour and chosen[j]}
        chosen.append(next((p for p in PATTERNS if p not in taken), PATTERNS[-1]))
    return chosen


_HATCH = {"fillmode": "overlay", "fgopacity": 0.6, "size": 7, "solidity": 0.3}


def _ink(colour: str) -> str:
    """Hatching that shows on the bar's own colour: light on dark, dark on light."""
    return "#ffffff" if luma(colour) < 0.5 else "#1a1a1a"


def pattern(shape: str, colour: str) -> dict[str, Any]:
    """plotly marker.pattern for one hatched bar trace."""
    return {"shape": shape, "fgcolor": _ink(colour), **_HATCH} if shape else {"shape": ""}


def patterns(shapes: list[str], colours: list[str]) -> dict[str, Any]:
    """plotly marker.pattern for a trace whose bars each have their own colour and shape."""
    return {"shape": shapes, "fgcolor": [_ink(c) for c in colours], **_HATCH}
