"""Shared plotly conventions: one template built from the Theme, stable trace ids.

Imported lazily (plotly costs ~0.1 s) by timeline.py and charts.py only.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

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


def marking_annotations(marking: str, theme: Theme) -> list[dict[str, Any]]:
    """The protective marking centred at the top and bottom of an image."""
    if not marking or marking == "NONE":
        return []
    style = {"size": 12, "color": theme.text, "family": theme.font_family}
    return [
        {
            "text": f"<b>{marking}</b>",
            "x": 0.5,
            "y": y,
            "xref": "paper",
            "yref": "paper",
            "xanchor": "center",
            "yanchor": anchor,
            "showarrow": False,
            "font": style,
            "yshift": shift,
        }
        for y, anchor, shift in ((1.0, "bottom", 0), (0.0, "top", 0))
    ]
