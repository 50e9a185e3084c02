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

from reportgen.metrics import CURRENCY, format_value
from reportgen.model import ChartKind, Dataset, Event, MetricPoint, MetricSeries
from reportgen.render.plotting import edge_marking_annotations, fix_uids, template
from reportgen.text import plain  # data text for plotly, which reads a little HTML
from reportgen.theme import Theme

CHART_WIDTH = 900
MARGIN_TOP = 56  # room for the marking and target/marker labels above the plot
MARGIN_BOTTOM = 64  # room for the tick labels and the marking below


def chart_size(series: MetricSeries) -> tuple[int, int]:
    """Pixel size to export a series at: horizontal kinds grow with their categories."""
    if series.chart in (ChartKind.HBAR, ChartKind.GRADES):
        rows = len({p.label for p in series.points})
        extra = 22 if series.chart is ChartKind.GRADES else 0
        return CHART_WIDTH, max(240, MARGIN_TOP + MARGIN_BOTTOM + extra + 34 * rows)
    return CHART_WIDTH, 400


def metric_figure(
    series: MetricSeries, dataset: Dataset, theme: Theme, *, marking: str = "NONE"
) -> go.Figure:
    """The chart for one metric series, sized by `chart_size`."""
    markers = _marker_events(series, dataset)
    fig = _BUILDERS[series.chart](series, theme, markers)
    width, height = chart_size(series)
    margin = _margins(series, fig)
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
    if series.target is not None:
        _target_line(fig, series, theme)
    _percent_ticks(fig, series)
    centre = (width / 2 - margin["l"]) / (width - margin["l"] - margin["r"])
    for note in edge_marking_annotations(marking, theme, top=margin["t"], bottom=margin["b"], centre=centre):
        fig.add_annotation(**note)
    return fix_uids(fig, f"metric-{series.id}")


def _percent_ticks(fig: go.Figure, series: MetricSeries) -> None:
    """Headroom above 100 % is for labels only: no tick should read "120 %"."""
    vertical = series.chart in (ChartKind.BAR, ChartKind.LINE, ChartKind.STACKED)
    top = fig.layout.yaxis.range[1] if fig.layout.yaxis.range else None
    if vertical and series.unit.strip() == "%" and top is not None and top > 100:
        fig.update_yaxes(tickvals=[0, 20, 40, 60, 80, 100])


def _legend_names(fig: go.Figure) -> int:
    return sum(1 for t in fig.data if t.showlegend is not False)


def _margins(series: MetricSeries, fig: go.Figure) -> dict[str, int]:
    """Margins from the label lengths (DejaVu Sans 13 px averages about 7.4 px a character)."""
    left = 76
    if series.chart in (ChartKind.HBAR, ChartKind.GRADES):
        longest = max((len(p.label) for p in series.points), default=4)
        left = int(min(380, 24 + 7.4 * longest))
    right = 40
    if _legend_names(fig) > 1:
        longest = max((len(str(t.name)) for t in fig.data), default=4)
        right = int(min(300, 60 + 6.8 * longest))
    bottom = MARGIN_BOTTOM + (22 if series.chart is ChartKind.GRADES else 0)
    return {"l": left, "r": right, "t": MARGIN_TOP, "b": bottom}


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
    fig = go.Figure()
    groups = _groups(series)
    for i, (group, points) in enumerate(groups.items()):
        fig.add_bar(
            x=[plain(p.label) for p in points],
            y=[p.value for p in points],
            name=plain(group or series.name),
            text=[format_value(p.value, series.unit) for p in points],
            textposition="outside",
            cliponaxis=False,
            marker_color=theme.lane_colour(i) if len(groups) > 1 else theme.primary,
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
    fig = go.Figure(
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
    _marker_lines(fig, markers, theme, first - pad, last + pad)
    return fig


def _hbar(series: MetricSeries, theme: Theme, markers: list[Event]) -> go.Figure:
    labels = [plain(p.label) for p in series.points]
    fig = go.Figure(
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
    fig = go.Figure()
    for i, (group, points) in enumerate(_groups(series).items()):
        xs = [p.date.midpoint for p in points] if dated else [plain(p.label) for p in points]  # type: ignore[union-attr]
        fig.add_scatter(
            x=xs,
            y=[p.value for p in points],
            mode="lines+markers+text",
            text=[format_value(p.value, series.unit) for p in points],
            textposition="top center",
            cliponaxis=False,
            line={"color": theme.lane_colour(i), "width": 2.5},
            marker={"size": 8},
            name=plain(group or series.name),
        )
    headroom = 1.5 if markers and dated else 1.18
    fig.update_yaxes(range=[0, _value_axis_max(series, headroom)], title_text=plain(series.unit))
    if dated and series.points:
        days = [d for p in series.points if p.date for d in (p.date.earliest, p.date.latest)]
        days += [d for m in markers for d in (m.start, m.finish)]
        pad = dt.timedelta(days=max((max(days) - min(days)).days, 60) * 0.08)
        first, last = min(days) - pad, max(days) + pad
        fig.update_xaxes(type="date", range=[first, last])
        _marker_lines(fig, markers, theme, first, last)
    return fig


def _stacked(series: MetricSeries, theme: Theme, markers: list[Event]) -> go.Figure:
    fig = go.Figure()
    labels = list(dict.fromkeys(plain(p.label) for p in series.points))
    for i, (group, points) in enumerate(_groups(series).items()):
        fig.add_bar(
            x=[plain(p.label) for p in points],
            y=[p.value for p in points],
            name=plain(group or series.name),
            text=[format_value(p.value, "") for p in points],
            textposition="inside",
            insidetextanchor="middle",
            marker_color=_ordinal_colour(group, theme, i),
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
    fig = go.Figure(
        go.Bar(
            y=[plain(p.label) for p in series.points],
            x=[p.value for p in series.points],
            orientation="h",
            text=[plain(n) for n in names],
            textposition="outside",
            cliponaxis=False,
            marker_color=[_grade_colour(p.value, scale, theme) for p in series.points],
            name=plain(series.name),
        )
    )
    fig.update_yaxes(type="category", autorange="reversed")
    fig.update_xaxes(
        range=[0, len(scale) + 1.6],  # room for the longest grade name after the bar
        tickvals=list(range(1, len(scale) + 1)),
        ticktext=[plain(s).replace(" ", "<br>", 1) if len(s) > 12 else plain(s) for s in scale],
        tickangle=0,
    )
    return fig


_GRADE_COLOURS = {
    "inadequate": "red",
    "requires improvement": "amber",
    "adequate": "primary",
    "good": "green",
    "outstanding": "#6fbf73",  # lighter than good, so greyscale print tells them apart
}


def _named_grade_colour(name: str, theme: Theme) -> str | None:
    colour = _GRADE_COLOURS.get(name.strip().casefold())
    if colour is None:
        return None
    return colour if colour.startswith("#") else str(getattr(theme, colour))


def _grade_colour(value: float, scale: tuple[str, ...], theme: Theme) -> str:
    """PEEL-style grade names get their usual colours; other scales run red → amber → blue → green."""
    index = int(value) - 1
    if 0 <= index < len(scale):
        named = _named_grade_colour(scale[index], theme)
        if named:
            return named
    position = index / max(len(scale) - 1, 1)
    for limit, colour in ((0.2, theme.red), (0.45, theme.amber), (0.8, theme.primary)):
        if position < limit:
            return colour
    return theme.green


def _ordinal_colour(group: str, theme: Theme, index: int) -> str:
    """Groups named like grades get the grade colours; anything else a lane colour."""
    return _named_grade_colour(group, theme) or theme.lane_colour(index + 5)


def _target_line(fig: go.Figure, series: MetricSeries, theme: Theme) -> None:
    """A dashed target line, labelled like a legend entry above the plot's top-left corner."""
    label = f"– – {plain(series.target_label or 'Target')}: {format_value(series.target or 0, series.unit)}"
    line = {"color": theme.accent, "width": 2, "dash": "dash"}
    if series.chart is ChartKind.HBAR:
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


def _marker_lines(fig: go.Figure, markers: list[Event], theme: Theme, first: dt.date, last: dt.date) -> None:
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


_BUILDERS: dict[ChartKind, Callable[[MetricSeries, Theme, list[Event]], go.Figure]] = {
    ChartKind.BAR: _bar,
    ChartKind.HBAR: _hbar,
    ChartKind.LINE: _line,
    ChartKind.STACKED: _stacked,
    ChartKind.GRADES: _grades,
}
