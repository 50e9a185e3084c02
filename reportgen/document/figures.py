"""The Timeline and Performance sections: figures with captions and text alternatives from the data."""

from __future__ import annotations

import datetime as dt
import re

from reportgen.document.blocks import (
    Block,
    Figure,
    Group,
    Heading,
    Inline,
    Paragraph,
    Role,
    Span,
    Table,
    Tone,
)
from reportgen.document.context import Context
from reportgen.document.text import day_text, event_date_text
from reportgen.metrics import RAG_RULE, format_value, latest_point, rag_status
from reportgen.model import ChartKind, Dataset, MetricSeries, Status

TIMELINE = "timeline"
CHART = "chart:"
TIMELINE_NOTE = (
    "Each label gives the date as the sources state it, then the event. The key under the chart "
    "explains the symbols; the Chronology lists every event in full with its sources."
)
_TONES = {"red": Tone.RED, "amber": Tone.AMBER, "green": Tone.GREEN}


def timeline_alt(ctx: Context) -> str:
    """The pack's timeline in words, pointing to its full alternative, the chronology."""
    summary = timeline_summary(ctx.dataset, ctx.as_of)
    if not ctx.dataset.events:
        return summary
    return summary + " The chronology lists every event with its sources."


def timeline_summary(dataset: Dataset, as_of: dt.date) -> str:
    """The timeline in words: how many events, lanes, the span of dates, what is planned."""
    events = sorted(dataset.events, key=lambda e: e.sort_key)
    if not events:
        return "An empty timeline: the data has no events."
    lanes = dataset.all_lanes
    planned = sum(1 for e in events if e.status is Status.PLANNED)
    first, last = events[0], max(events, key=lambda e: e.finish)
    text = (
        f"Timeline of {len(events)} events in {len(lanes)} lane{'s' if len(lanes) != 1 else ''} "
        f"({', '.join(lanes)}), from {event_date_text(first)} to {event_date_text(last)}"
    )
    if planned:
        text += f"; {planned} planned"
    return text + f", as of {day_text(as_of)}."


def timeline_blocks(ctx: Context) -> tuple[Block, ...]:
    figure = Figure(
        TIMELINE,
        timeline_alt(ctx),
        height=1.0,
        longer="section-chronology",
        longer_text="The Chronology lists every event on this timeline in full, with its sources.",
    )
    return figure, Paragraph((Span(TIMELINE_NOTE),), Role.NOTE)


def chart_alt(series: MetricSeries) -> str:
    """The chart in words, e.g. "999 calls answered …: 78.5 % in Jun 2023, below the 90 % target (RED)"."""
    point = latest_point(series)
    if point is None:
        return f"{series.name}: no values recorded."
    if series.chart is ChartKind.GRADES and series.scale:
        grades = [f"{p.label}: {_grade(p.value, series.scale)}" for p in series.points]
        return f"{series.name}: " + "; ".join(grades) + "."
    text = f"{series.name}: {format_value(point.value, series.unit)} in {point.label}"
    status = rag_status(series)
    if series.target is not None and status is not None:
        target = f"{format_value(series.target, series.unit)} {series.target_label or 'target'}".strip()
        side = "meets" if status == "green" else "below" if series.higher_is_better else "above"
        text += f", {'meeting the' if side == 'meets' else side + ' the'} {target} ({status.upper()})"
    if len(series.points) > 1:
        text += f"; {len(series.points)} values shown"
    return text + "."


def _grade(value: float, scale: tuple[str, ...]) -> str:
    index = round(value) - 1
    return scale[index] if 0 <= index < len(scale) else format_value(value, "")


def chart_data(series: MetricSeries) -> Table:
    """The values behind a chart, as a table."""
    grouped = any(p.group for p in series.points)
    header = (
        "Period or category",
        *(("Group",) if grouped else ()),
        f"Value ({series.unit})" if series.unit else "Value",
    )
    rows = []
    for p in series.points:
        value = _grade(p.value, series.scale) if series.scale else format_value(p.value, series.unit)
        cells: tuple[Inline, ...] = (
            (Span(p.label),),
            *(((Span(p.group),),) if grouped else ()),
            (Span(value),),
        )
        rows.append(cells)
    widths = (0.45, 0.25, 0.3) if grouped else (0.6, 0.4)
    return Table(header, tuple(rows), widths, caption=f"{series.name}: the values")


def chart_caption(series: MetricSeries, ctx: Context) -> Inline:
    """Caption (source ids in it become reference numbers), RAG status with its rule, sources."""
    spans: list[Span] = [*_cite_ids(series.caption, ctx), Span(" ")] if series.caption else []
    status, point = rag_status(series), latest_point(series)
    if status is not None and series.target is not None and point is not None:
        latest = f"{format_value(point.value, series.unit)} ({point.label})"
        target = f"{series.target_label or 'target'} {format_value(series.target, series.unit)}"
        spans += [
            Span(f"Status: {status.upper()}", bold=True, tone=_TONES[status], newline=bool(spans)),
            Span(f" — latest {latest} against the {target if series.target_label else target.lower()}. "),
            Span(RAG_RULE, tone=Tone.MUTED),
            Span("", newline=True),
        ]
    cited = ctx.refs.cite(series.sources)
    if cited:
        spans += [Span("Source: "), *cited, Span(".")]
    else:
        spans += [Span("Source: "), Span("none recorded", italic=True), Span(".")]
    return tuple(spans)


def _cite_ids(caption: str, ctx: Context) -> Inline:
    """Source ids written in a caption ("… (ldrs-2025-04-24)") print as their numbers."""
    ids = sorted((i for i in ctx.refs.numbers if i), key=len, reverse=True)
    if not ids:
        return (Span(caption),)
    alternatives = "|".join(re.escape(i) for i in ids)
    # "(id)" becomes "[n]" rather than "([n])"; a bare id becomes "[n]" too.
    pattern = re.compile(rf"\(({alternatives})\)|(?<![\w&#;-])({alternatives})(?![\w-])")
    spans: list[Span] = []
    at = 0
    for match in pattern.finditer(caption):
        if match.start() > at:
            spans.append(Span(caption[at : match.start()]))
        spans += ctx.refs.cite([match.group(1) or match.group(2)])
        at = match.end()
    if at < len(caption):
        spans.append(Span(caption[at:]))
    return tuple(spans)


def performance_blocks(ctx: Context) -> tuple[Block, ...]:
    """A chart for each metric series (the section is left out when there is none)."""
    out: list[Block] = []
    for i, series in enumerate(ctx.dataset.metrics):
        figure = Figure(CHART + series.id, chart_alt(series), chart_caption(series, ctx), chart_data(series))
        out.append(Group((Heading(series.name, 2, f"metric-{i}", in_contents=False), figure)))
    return tuple(out)
