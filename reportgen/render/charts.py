"""Metric charts: one function per chart kind, MetricSeries → plotly Figure (pure).

Every chart uses the shared template (plotting.template), fixed trace uids,
value labels with the unit that are never clipped, a dashed target line where
the series has a target, and the protective marking at its top and bottom.
Marker events (`series.marker_events`) are drawn as dated vertical lines when
the chart has a time axis (a line chart, or bars whose points all have dates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import plotly.graph_objects as go

from reportgen.metrics import CURRENCY, Drawn, drawn_kind, format_value
from reportgen.model import Dataset, Event, MetricPoint, MetricSeries
from reportgen.render.chart_parts import (
    axis_floor,
    bullet,
    grade_colour,
    marker_lines,
    ordinal_colour,
    target_line,
)
from reportgen.render.plotting import (
    edge_marking_annotations,
    fix_uids,
    grey_patterns,
    new_figure,
    pattern,
    patterns,
    template,
)
from reportgen.text import plain  # data text for plotly, which reads a little HTML
from reportgen.theme import Theme

CHART_WIDTH = 900
MARGIN_TOP = 56  # room for the marking and target/marker labels above the plot
MARGIN_BOTTOM = 64  # room for the tick labels and the marking below
ROW_PX = 28  # a horizontal bar and the air round it
VERTICAL_PX = 330
BULLET_PX = 190


def chart_size(
    series: MetricSeries, width: int = CHART_WIDTH, max_height: int | None = None
) -> tuple[int, int]:
    """Size in CSS px to draw a series at: horizontal kinds grow with their categories, up to
    `max_height` (the room the pack gives a chart)."""
    kind = drawn_kind(series)
    height = BULLET_PX if kind is Drawn.BULLET else VERTICAL_PX
    if kind in (Drawn.HBAR, Drawn.GRADES):
        rows = len({p.label for p in series.points})
        height = max(200, MARGIN_TOP + MARGIN_BOTTOM + ROW_PX * rows)
    return width, min(height, max_height) if max_height else height


def metric_figure(
    series: MetricSeries,
    dataset: Dataset,
    theme: Theme,
    *,
    marking: str = "NONE",
    width: int = CHART_WIDTH,
    max_height: int | None = None,
) -> go.Figure:
    """The chart for one metric series, `width` CSS px wide (its height from `chart_size`)."""
    markers = _marker_events(series, dataset)
    kind = drawn_kind(series)
    fig = _BUILDERS[kind](series, theme, markers)
    width, height = chart_size(series, width, max_height)
    margin = _margins(series, fig, kind)
    fig.update_layout(
        template=template(theme),
        width=width,
        height=height,
        margin={**margin, "pad": 4, "autoexpand": False},
        showlegend=_legend_names(fig) > 1,
        legend={"x": 1.02, "y": 1, "xanchor": "left", "yanchor": "top"},
        font={"family": theme.font_family, "size": 13},
        bargap=0.35,
    )
    # Fixed margins (no automargin) keep label positions known and the marking centred.
    fig.update_xaxes(automargin=False)
    fig.update_yaxes(automargin=False)
    if series.target is not None and kind is not Drawn.BULLET:
        target_line(fig, series, theme, kind)
    _percent_ticks(fig, series, kind)
    centre = (width / 2 - margin["l"]) / (width - margin["l"] - margin["r"])
    for note in edge_marking_annotations(marking, theme, top=margin["t"], bottom=margin["b"], centre=centre):
        fig.add_annotation(**note)
    return fix_uids(fig, f"metric-{series.id}")


def _percent_ticks(fig: go.Figure, series: MetricSeries, kind: Drawn) -> None:
    """Headroom above 100 % is for labels only: no tick should read "120 %"."""
    vertical = kind in (Drawn.BAR, Drawn.LINE, Drawn.STACKED)
    top = fig.layout.yaxis.range[1] if fig.layout.yaxis.range else None
    if vertical and series.unit.strip() == "%" and top is not None and top > 100:
        fig.update_yaxes(tickvals=[0, 20, 40, 60, 80, 100])


def _legend_names(fig: go.Figure) -> int:
    return sum(1 for t in fig.data if t.showlegend is not False)


def _margins(series: MetricSeries, fig: go.Figure, kind: Drawn) -> dict[str, int]:
    """Margins from the label lengths (DejaVu Sans 13 px averages about 7.4 px a character)."""
    left = 76
    if kind in (Drawn.HBAR, Drawn.GRADES):
        longest = max((len(p.label) for p in series.points), default=4)
        left = int(min(300, 24 + 7.4 * longest))
    elif kind is Drawn.BULLET:
        left = 24
    right = 40
    if _legend_names(fig) > 1:
        longest = max((len(str(t.name)) for t in fig.data), default=4)
        right = int(min(240, 60 + 6.8 * longest))
    top = 40 if kind is Drawn.BULLET else MARGIN_TOP
    return {"l": left, "r": right, "t": top, "b": MARGIN_BOTTOM}


def _marker_events(series: MetricSeries, dataset: Dataset) -> list[Event]:
    wanted = set(series.marker_events)
    return sorted((e for e in dataset.events if e.id in wanted), key=lambda e: e.sort_key)


def _value_axis_max(series: MetricSeries, headroom: float = 1.18) -> float:
    """Top of the value axis: room above the tallest bar for its label (and marker labels)."""
    values = [p.value for p in series.points] + ([series.target] if series.target is not None else [])
    top = max(values, default=1.0)
    return top * headroom if top > 0 else 1.0


def _groups(series: MetricSeries) -> dict[str, list[MetricPoint]]:
    groups: dict[str, list[MetricPoint]] = {}
    for p in series.points:
        groups.setdefault(p.group, []).append(p)
    return groups


def _bar(series: MetricSeries, theme: Theme, markers: list[Event]) -> go.Figure:
    if markers and series.points and all(p.date is not None for p in series.points):
        return _dated_bar(series, theme, markers)
    fig = new_figure()
    groups = _groups(series)
    colours = [theme.lane_colour(i) if len(groups) > 1 else theme.primary for i in range(len(groups))]
    for (group, points), colour, shape in zip(groups.items(), colours, grey_patterns(colours), strict=True):
        fig.add_bar(
            x=[plain(p.label) for p in points],
            y=[p.value for p in points],
            name=plain(group or series.name),
            text=[format_value(p.value, series.unit) for p in points],
            textposition="outside",
            cliponaxis=False,
            marker={"color": colour, "pattern": pattern(shape, colour)},
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, _value_axis_max(series)], title_text=plain(series.unit))
    fig.update_xaxes(type="category")
    return fig


def _dated_bar(series: MetricSeries, theme: Theme, markers: list[Event]) -> go.Figure:
    """Bars on a real time axis, so the marker events sit at their true dates."""
    points = series.points
    dates = [p.date for p in points if p.date is not None]
    first = min([d.earliest for d in dates] + [m.start for m in markers])
    last = max([d.latest for d in dates] + [m.finish for m in markers])
    span = max((last - first).days, 60)
    widths = [max((p.date.latest - p.date.earliest).days * 0.85, span * 0.06) for p in points]  # type: ignore[union-attr]
    fig = new_figure(
        go.Bar(
            x=[p.date.midpoint for p in points],  # type: ignore[union-attr]
            y=[p.value for p in points],
            width=[w * 86_400_000 for w in widths],  # ms on a date axis
            text=[format_value(p.value, series.unit) for p in points],
            textposition="outside",
            cliponaxis=False,
            marker_color=theme.primary,
            name=plain(series.name),
        )
    )
    pad = dt.timedelta(days=span * 0.12)
    fig.update_xaxes(
        type="date",
        range=[first - pad, last + pad],
        tickvals=[p.date.midpoint for p in points],  # type: ignore[union-attr]
        ticktext=[plain(p.label) for p in points],
        showgrid=False,
    )
    # Extra headroom: marker labels sit along the top of the plot, above the value labels.
    fig.update_yaxes(range=[0, _value_axis_max(series, 1.5)], title_text=plain(series.unit))
    marker_lines(fig, markers, theme, first - pad, last + pad)
    return fig


def _hbar(series: MetricSeries, theme: Theme, markers: list[Event]) -> go.Figure:
    labels = [plain(p.label) for p in series.points]
    fig = new_figure(
        go.Bar(
            y=labels,
            x=[p.value for p in series.points],
            orientation="h",
            text=[format_value(p.value, series.unit) for p in series.points],
            textposition="outside",
            cliponaxis=False,
            marker_color=theme.primary,
            name=plain(series.name),
        )
    )
    fig.update_yaxes(type="category", autorange="reversed")
    fig.update_xaxes(range=[0, _value_axis_max(series) * 1.08], tickformat=",")
    if series.unit.strip() in CURRENCY:
        fig.update_xaxes(tickprefix=series.unit.strip())
    return fig


def _line(series: MetricSeries, theme: Theme, markers: list[Event]) -> go.Figure:
    dated = all(p.date is not None for p in series.points)
    fig = new_figure()
    groups = _groups(series)
    for i, (group, points) in enumerate(groups.items()):
        xs = [p.date.midpoint for p in points] if dated else [plain(p.label) for p in points]  # type: ignore[union-attr]
        colour = theme.lane_colour(i) if len(groups) > 1 else theme.primary
        fig.add_scatter(
            x=xs,
            y=[p.value for p in points],
            mode="lines+markers+text" if len(points) <= 12 else "lines+markers",
            text=[format_value(p.value, series.unit) for p in points],
            textposition="top center",
            cliponaxis=False,
            # each line differs by dash and marker shape as well as colour: it survives grey print
            line={"color": colour, "width": 2.5, "dash": _DASHES[i % len(_DASHES)]},
            marker={"size": 8, "symbol": _SYMBOLS[i % len(_SYMBOLS)]},
            name=plain(group or series.name),
        )
    headroom = 1.5 if markers and dated else 1.18
    low = axis_floor(series)
    top = _value_axis_max(series, headroom)
    fig.update_yaxes(range=[low, low + (top - low)], title_text=plain(series.unit))
    if low > 0:
        fig.add_annotation(
            x=0, xref="paper", y=0, yref="paper", xanchor="left", yanchor="bottom", yshift=2, xshift=4,
            text=f"Axis starts at {format_value(low, series.unit)}, not zero",
            showarrow=False, font={"color": theme.muted, "size": 11}, bgcolor="rgba(255,255,255,0.85)",
        )  # fmt: skip
    if dated and series.points:
        days = [d for p in series.points if p.date for d in (p.date.earliest, p.date.latest)]
        days += [d for m in markers for d in (m.start, m.finish)]
        pad = dt.timedelta(days=max((max(days) - min(days)).days, 60) * 0.08)
        first, last = min(days) - pad, max(days) + pad
        fig.update_xaxes(type="date", range=[first, last])
        marker_lines(fig, markers, theme, first, last)
    return fig


def _stacked(series: MetricSeries, theme: Theme, markers: list[Event]) -> go.Figure:
    fig = new_figure()
    labels = list(dict.fromkeys(plain(p.label) for p in series.points))
    groups = _groups(series)
    colours = [ordinal_colour(group, theme, i) for i, group in enumerate(groups)]
    for (group, points), colour, shape in zip(groups.items(), colours, grey_patterns(colours), strict=True):
        fig.add_bar(
            x=[plain(p.label) for p in points],
            y=[p.value for p in points],
            name=plain(group or series.name),
            text=[format_value(p.value, "") for p in points],
            textposition="inside",
            insidetextanchor="middle",
            marker={"color": colour, "pattern": pattern(shape, colour)},
        )
    totals: dict[str, float] = {}
    for p in series.points:
        totals[plain(p.label)] = totals.get(plain(p.label), 0.0) + p.value
    fig.add_scatter(
        x=labels,
        y=[totals[label] for label in labels],
        mode="text",
        text=[f"total {format_value(totals[label], series.unit)}" for label in labels],
        textposition="top center",
        cliponaxis=False,
        showlegend=False,
    )
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_xaxes(type="category", automargin=False)
    fig.update_yaxes(range=[0, max(totals.values(), default=1) * 1.2], title_text=plain(series.unit))
    return fig


def _grades(series: MetricSeries, theme: Theme, markers: list[Event]) -> go.Figure:
    scale = series.scale or tuple(str(n) for n in range(1, int(max(p.value for p in series.points)) + 1))
    names = [
        scale[int(p.value) - 1] if 1 <= int(p.value) <= len(scale) else f"{p.value:g}" for p in series.points
    ]
    colours = [grade_colour(p.value, scale, theme) for p in series.points]
    shapes = grey_patterns(colours)
    fig = new_figure(
        go.Bar(
            y=[plain(p.label) for p in series.points],
            x=[p.value for p in series.points],
            orientation="h",
            text=[plain(n) for n in names],
            textposition="outside",
            cliponaxis=False,
            marker={
                "color": colours,
                "pattern": patterns(shapes, colours),
            },
            name=plain(series.name),
        )
    )
    fig.update_yaxes(type="category", autorange="reversed")
    # Each bar is labelled with its grade, so the axis needs no names of its own (at print
    # width five grade names under the axis collide); the grid marks the steps.
    fig.update_xaxes(
        range=[0, len(scale) + 1.6],  # room for the longest grade name after the bar
        tickvals=list(range(1, len(scale) + 1)),
        showticklabels=False,
        title={
            "text": f"grade: {plain(scale[0])} (1) to {plain(scale[-1])} ({len(scale)})",
            "font": {"size": 11},
        },
    )
    return fig


_DASHES = ("solid", "dash", "dot", "dashdot", "longdash")
_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x")


_BUILDERS: dict[Drawn, Callable[[MetricSeries, Theme, list[Event]], go.Figure]] = {
    Drawn.BAR: _bar,
    Drawn.HBAR: _hbar,
    Drawn.LINE: _line,
    Drawn.STACKED: _stacked,
    Drawn.GRADES: _grades,
    Drawn.BULLET: bullet,
}
