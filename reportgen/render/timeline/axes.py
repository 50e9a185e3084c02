"""The figure layout: fixed margins, the date axis and its ticks, lane names on the y axis, the legend row."""

from __future__ import annotations

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
    tick_measure = lb.text_measure(theme.font_regular, 12)
    values, texts = plotting.date_ticks(frame.start, frame.end, frame.plot.width, tick_measure)
    return {
        "type": "date",
        "range": [frame.start.isoformat(), frame.end.isoformat()],
        "tickvals": values,
        "ticktext": texts,
        "tickfont": {"size": 12},
        "ticks": "outside",
        "ticklen": 4,
        "showgrid": True,
        "automargin": False,
        "fixedrange": False,
        "showline": True,
    }


def _lane_axis(theme: Theme, lanes: tuple[str, ...]) -> dict[str, Any]:
    lane_text = [
        f"{plain(lane)}  <span style='color:{theme.lane_colour(i)}'>{GLYPHS[i % len(GLYPHS)]}</span>"
        for i, lane in enumerate(lanes)
    ]
    return {
        "range": [len(lanes), 0],  # first lane at the top
        "tickvals": [i + 0.5 for i in range(len(lanes))],
        "ticktext": lane_text,
        "tickfont": {"size": 13},
        "showgrid": False,
        "zeroline": False,
        "automargin": False,
        "fixedrange": True,
    }
