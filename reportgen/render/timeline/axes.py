"""The figure layout: fixed margins, the date axis and its ticks, lane names on the y axis, the legend row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportgen.render import labels as lb
from reportgen.render import plotting
from reportgen.render.timeline.frame import Frame
from reportgen.text import plain
from reportgen.theme import Theme

# the marker shape of each lane (traces.SYMBOLS) as text, so the lane names double as a key
GLYPHS = ("●", "■", "◆", "▲", "⬟", "⬢", "★", "▼")


def base_layout(theme: Theme, frame: Frame, lanes: tuple[str, ...]) -> dict[str, Any]:
    return {
        "template": plotting.template(theme),
        "font": {"family": "DejaVu Sans"},
        "width": frame.width,
        "height": frame.height,
        # fixed px margins (no autoexpand): every px position computed in `frame` stays true
        "margin": {
            "l": frame.left,
            "r": frame.right,
            "t": frame.top,
            "b": frame.bottom,
            "pad": 0,
            "autoexpand": False,
        },
        "xaxis": _date_axis(theme, frame),
        "yaxis": _lane_axis(theme, lanes),
        "showlegend": True,
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": -(26.0 / frame.plot.height),  # just below the tick labels
            "yanchor": "top",
            "font": {"size": 11},
            "bgcolor": "rgba(0,0,0,0)",
            "itemclick": False,
        },
        "hovermode": "closest",
    }


def _date_axis(theme: Theme, frame: Frame) -> dict[str, Any]:
    values, texts = axis_ticks(theme, frame)
    return {
        "type": "date",
        "range": [frame.start.isoformat(), frame.end.isoformat()],
        "tickvals": [frame.axis(v) for v in values],
        "ticktext": texts,
        "tickfont": {"size": 12},
        "ticks": "outside",
        "ticklen": 4,
        "showgrid": True,
        "automargin": False,
        "fixedrange": False,
        "showline": True,
    }


def axis_ticks(theme: Theme, frame: Frame, size: int = 12) -> tuple[list[dt.date], list[str]]:
    """Tick dates and texts (of `size` px) at one step across the axis; none inside a break,
    nor so near one that its text would run into the break's gap."""
    measure = lb.text_measure(theme.font_regular, size)
    # the step is chosen for the px a day gets, as if the axis had no breaks
    shown = frame.plot.width * (frame.end - frame.start).days / max(1, _shown_days(frame))
    values, texts = plotting.date_ticks(frame.start, frame.end, shown, measure)
    gaps = frame.break_px()
    out: tuple[list[dt.date], list[str]] = ([], [])
    for value, text in zip(values, texts, strict=True):
        day = dt.date.fromisoformat(value)
        x, half = frame.x(day), measure(text) / 2 + 3
        if frame.in_break(day) or any(x + half > a and x - half < b for a, b in gaps):
            continue
        out[0].append(day)
        out[1].append(text)
    return out


def _shown_days(frame: Frame) -> int:
    return (frame.end - frame.start).days - sum((b - a).days + 1 for a, b in frame.breaks)


def _lane_axis(theme: Theme, lanes: tuple[str, ...]) -> dict[str, Any]:
    # The lane names are annotations (`lane_names`), not tick labels: a tick label with a
    # coloured glyph is one <text> with a <tspan>, which SVG converters place inside the plot.
    return {
        "range": [len(lanes), 0],  # first lane at the top
        "tickvals": [i + 0.5 for i in range(len(lanes))],
        "showticklabels": False,
        "showgrid": False,
        "zeroline": False,
        "automargin": False,
        "fixedrange": True,
    }


def lane_names(theme: Theme, lanes: tuple[str, ...]) -> list[dict[str, Any]]:
    """Each lane's name left of the plot, then its marker shape in its colour: a key to the marks."""
    glyph_gap, name_gap = 6, 22  # px left of the plot: the glyph, then the name before it
    notes = []
    for i, lane in enumerate(lanes):
        at = {"x": 0, "y": i + 0.5, "xref": "paper", "yref": "y", "xanchor": "right", "yanchor": "middle"}
        glyph = {"size": 13, "color": theme.lane_colour(i), "family": theme.font_family}
        name = {"size": 13, "color": theme.text, "family": theme.font_family}
        notes.append(
            {**at, "text": GLYPHS[i % len(GLYPHS)], "xshift": -glyph_gap, "font": glyph, "showarrow": False}
        )
        notes.append({**at, "text": plain(lane), "xshift": -name_gap, "font": name, "showarrow": False})
    return notes
