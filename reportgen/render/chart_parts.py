"""The parts charts share: the target line, dated marker lines, grade colours, a value axis
that need not start at zero, and the bullet for a single value against its target."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from reportgen.metrics import Drawn, format_value, latest_point, rag_status
from reportgen.model import Event, MetricSeries
from reportgen.render.plotting import new_figure
from reportgen.text import plain
from reportgen.theme import Theme

STATUS = {"green": ("✔", "GREEN"), "amber": ("▲", "AMBER"), "red": ("✖", "RED")}  # shape and word


GRADE_COLOURS = {
    "inadequate": "red",
    "requires improvement": "amber",
    "adequate": "primary",
    "good": "green",
    "outstanding": "#6fbf73",  # lighter than good, so greyscale print tells them apart
}


def named_grade_colour(name: str, theme: Theme) -> str | None:
    colour = GRADE_COLOURS.get(name.strip().casefold())
    if colour is None:
        return None
    return colour if colour.startswith("#") else str(getattr(theme, colour))


def grade_colour(value: float, scale: tuple[str, ...], theme: Theme) -> str:
    """PEEL-style grade names get their usual colours; other scales run red → amber → blue → green."""
    index = int(value) - 1
    if 0 <= index < len(scale):
        named = named_grade_colour(scale[index], theme)
        if named:
            return named
    position = index / max(len(scale) - 1, 1)
    for limit, colour in ((0.2, theme.red), (0.45, theme.amber), (0.8, theme.primary)):
        if position < limit:
            return colour
    return theme.green


def ordinal_colour(group: str, theme: Theme, index: int) -> str:
    """Groups named like grades get the grade colours; anything else a lane colour."""
    return named_grade_colour(group, theme) or theme.lane_colour(index + 5)


def target_line(fig: go.Figure, series: MetricSeries, theme: Theme, kind: Drawn) -> None:
    """A dashed target line, labelled like a legend entry above the plot's top-left corner."""
    label = f"– – {plain(series.target_label or 'Target')}: {format_value(series.target or 0, series.unit)}"
    line = {"color": theme.accent, "width": 2, "dash": "dash"}
    if kind is Drawn.HBAR:
        fig.add_vline(x=series.target, line=line, layer="above")
    else:
        fig.add_hline(y=series.target, line=line, layer="above")
    fig.add_annotation(
        x=0,
        xref="paper",
        y=1,
        yref="paper",
        yanchor="bottom",
        xanchor="left",
        yshift=4,
        text=label,
        showarrow=False,
        font={"color": theme.accent, "size": 12},
    )


def marker_lines(fig: go.Figure, markers: list[Event], theme: Theme, first: dt.date, last: dt.date) -> None:
    """Dated vertical lines for key events; labels point inwards so they stay on the chart."""
    span = max((last - first).days, 1)
    for i, event in enumerate(markers):
        when = event.date.midpoint
        right_half = (when - first).days / span > 0.5
        fig.add_vline(x=when, line={"color": theme.muted, "width": 1.5, "dash": "dot"})
        fig.add_annotation(
            x=when,
            xref="x",
            y=1 - 0.12 * (i % 3),
            yref="paper",
            yanchor="top",
            xanchor="right" if right_half else "left",
            xshift=-4 if right_half else 4,
            text=f"{plain(event.title)}<br>{plain(event.date.display)}",
            showarrow=False,
            align="right" if right_half else "left",
            font={"color": theme.muted, "size": 11},
            bgcolor="rgba(255,255,255,0.85)",
        )


def axis_floor(series: MetricSeries) -> float:
    """Zero, unless the values sit in a narrow band far above it (a headcount of 1,250–1,310):
    then a round number below the lowest value, so the change shows (and the chart says so)."""
    values = [p.value for p in series.points] + ([series.target] if series.target is not None else [])
    low, high = min(values, default=0.0), max(values, default=0.0)
    if low <= 0 or high - low > 0.5 * low:
        return 0.0
    step = 10 ** max(0, len(str(int(high - low or 1))) - 1)
    return float(max(0.0, (low - (high - low) * 0.3) // step * step))


def bullet(series: MetricSeries, theme: Theme, markers: list[Event]) -> go.Figure:
    """One value against its target: a bar, the target as a heavy tick, and the RAG status
    drawn as a shape and a word (colour alone tells nothing in grey print or to some readers)."""
    point = latest_point(series)
    assert point is not None and series.target is not None  # drawn_kind's condition
    status = rag_status(series) or "green"
    symbol, word = STATUS[status]
    colour = {"green": theme.green, "amber": theme.amber, "red": theme.red}[status]
    top = max(point.value, series.target) * 1.15
    if series.unit.strip() == "%":
        top = 100.0 if top > 60 else top  # a share: the whole scale, so the gap to target reads true
    fig = new_figure(
        go.Bar(
            y=[""], x=[point.value], orientation="h", width=[0.5],
            marker={"color": theme.primary}, name=plain(series.name),
            text=[f"{format_value(point.value, series.unit)} ({plain(point.label)})"],
            textposition="inside", insidetextanchor="end", insidetextfont={"color": "#ffffff"},
        )
    )  # fmt: skip
    fig.add_shape(
        type="line", x0=series.target, x1=series.target, y0=-0.45, y1=0.45, xref="x", yref="y",
        line={"color": theme.accent, "width": 4},
    )  # fmt: skip
    target = f"{plain(series.target_label or 'target')} {format_value(series.target, series.unit)}"
    fig.add_annotation(
        x=series.target, y=0.45, xref="x", yref="y", yanchor="bottom", showarrow=False,
        text=f"▏{target}", font={"color": theme.accent, "size": 12},
    )  # fmt: skip
    fig.add_annotation(
        x=0, y=1, xref="paper", yref="paper", xanchor="left", yanchor="bottom", yshift=6, showarrow=False,
        text=f"<b>{symbol} {word}</b>", font={"color": colour, "size": 14},
    )  # fmt: skip
    fig.update_yaxes(showticklabels=False, showgrid=False, range=[-0.7, 0.9])
    fig.update_xaxes(range=[0, top], title_text=plain(series.unit), tickformat=",")
    return fig
