"""Dataset → plotly Figure of the timeline (pure: no I/O, no Chromium).

The canvas is split into fixed strips, top to bottom: marking, title, header
(era names and the "as of" label), the lanes (plot area), tick labels, legend,
key, marking.  All margins are fixed in px (no plotly automargin), so the
pixel position of every date is known here, which lets `labels.py` place every
label box in canvas px before plotly draws anything.  The boxes are kept on the
figure (`label_boxes(fig)`) so tests can check that none intersect.

Above `DENSE_AT` events the lanes show a density strip (events per time bin)
and only the most important events get markers and labels.

Modules, in drawing order: `frame` (canvas geometry, date range), `placement`
(label boxes and the key), `axes` (figure layout and ticks), `dense` (density
strip), `traces` (event marks), `legend`, `shapes` (stripes, eras, leaders),
`annotations` (label text, title); `events` says how one event reads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import plotly.graph_objects as go

from reportgen.model import Dataset, Event
from reportgen.render import labels as lb
from reportgen.render import plotting
from reportgen.render.timeline import overview as ov
from reportgen.render.timeline.annotations import label_annotations, title_annotation
from reportgen.render.timeline.axes import base_layout, lane_names
from reportgen.render.timeline.dense import DENSE_AT, DENSE_LABELS, density_trace, most_important
from reportgen.render.timeline.events import event_label, is_planned
from reportgen.render.timeline.frame import Break, Frame, find_breaks, margins, title_strip, x_range
from reportgen.render.timeline.legend import key_heading, legend_traces
from reportgen.render.timeline.placement import layout_labels
from reportgen.render.timeline.shapes import background_shapes, leader_shapes
from reportgen.render.timeline.traces import event_traces
from reportgen.theme import Theme

__all__ = [
    "DENSE_AT",
    "DENSE_LABELS",
    "TimelineLayout",
    "event_label",
    "is_planned",
    "label_boxes",
    "layout_of",
    "timeline_figure",
]


@dataclass(frozen=True, slots=True)
class TimelineLayout:
    """Where everything went: kept on the figure for tests and for the PDF pack's key table."""

    canvas: lb.Box
    plot: lb.Box
    labels: tuple[lb.LabelBox, ...]
    key: tuple[tuple[int, str], ...] = ()  # number → "date · title"
    hidden: tuple[str, ...] = ()  # event ids left to hover text only
    dense: bool = False
    events_shown: tuple[str, ...] = field(default=())
    frame: Frame | None = None  # the date ↔ px mapping, breaks included
    overview: ov.Overview | None = None  # the whole span's strip, when the lanes show a detail


def _in_window(
    events: list[Event], window: tuple[dt.date | None, dt.date | None]
) -> tuple[list[Event], tuple[int, int]]:
    """The events that touch the window, and how many fall wholly before and after it."""
    first, last = window
    before = [e for e in events if first is not None and e.finish < first]
    after = [e for e in events if last is not None and e.start > last]
    out = {id(e) for e in before + after}
    return [e for e in events if id(e) not in out], (len(before), len(after))


def label_boxes(fig: go.Figure) -> tuple[lb.LabelBox, ...]:
    """Every label, number and key box drawn on a timeline figure, in canvas px."""
    return layout_of(fig).labels


def layout_of(fig: go.Figure) -> TimelineLayout:
    layout: TimelineLayout = fig._reportgen_layout
    return layout


def timeline_figure(
    dataset: Dataset,
    theme: Theme,
    *,
    as_of: dt.date,
    title: str | None = None,
    width: int,
    height: int,
    marking: str = "NONE",
    window: tuple[dt.date | None, dt.date | None] = (None, None),
) -> go.Figure:
    """The timeline of `dataset` as a plotly Figure of `width`×`height` px.

    `window` (from, to; either may be None) limits the axis: events wholly outside it are
    left out and counted in a note on the figure.
    """
    every = sorted(dataset.events, key=lambda e: e.sort_key)
    events, outside = _in_window(every, window)
    lanes = dataset.all_lanes or ("General",)
    dense = len(events) > DENSE_AT
    shown = most_important(events, DENSE_LABELS) if dense else events
    start, end = x_range(dataclasses.replace(dataset, events=tuple(events)), as_of)
    start, end = window[0] or start, window[1] or end
    as_of_line = as_of if start <= as_of <= end else None  # far from the data: no line, no label
    size = (width, height)
    breaks = find_breaks(_occupied(events, as_of_line), start, end)
    overview = (
        None if dense else _overview(events, lanes, theme, title, marking, size, (start, end), breaks, as_of)
    )
    if overview is not None:  # the lanes show the crowded stretch; the strip above, the whole span
        start, end = overview.detail
        events = shown = _in_window(events, overview.detail)[0]
        as_of_line = as_of if start <= as_of <= end else None
        breaks = find_breaks(_occupied(events, as_of_line), start, end)
    frame, placement, key_boxes = layout_labels(
        dataset,
        shown,
        lanes,
        theme,
        (start, end),
        as_of_line,
        title,
        marking,
        size,
        dense,
        breaks,
        outside,
        overview,
    )
    boxes = placement.boxes + key_boxes
    fig = plotting.new_figure()
    fig.update_layout(base_layout(theme, frame, lanes))
    if dense:
        fig.add_trace(density_trace(events, lanes, frame, theme))
    traces = event_traces(shown, lanes, theme, as_of, frame) + legend_traces(theme)
    shapes = background_shapes(dataset, lanes, theme, as_of_line, frame)
    notes = lane_names(theme, lanes)
    labelled = shown
    if overview is not None:
        shapes += ov.shapes(list(overview.events), theme, overview, frame)
        shapes += ov.marks(list(overview.events), lanes, theme, as_of, overview, frame)
        notes += ov.notes(theme, overview, frame)
        labelled = shown + overview.outside
    for trace in traces:
        fig.add_trace(trace)
    fig.update_layout(shapes=shapes + leader_shapes(boxes, frame, theme))
    notes += label_annotations(boxes, labelled, frame, theme, as_of)
    notes += key_heading(boxes, frame, theme)
    centre = frame.paper(width / 2, 0)[0]
    notes += plotting.edge_marking_annotations(
        marking, theme, top=frame.top, bottom=frame.bottom, centre=centre
    )
    if title:
        notes.append(title_annotation(title, frame, theme, marking))
    fig.update_layout(annotations=notes)
    plotting.fix_uids(fig, "timeline")
    fig._reportgen_layout = TimelineLayout(
        canvas=lb.Box(0, 0, width, height),
        plot=frame.plot,
        labels=tuple(b for b in boxes if b.kind != "key-number"),
        key=tuple((b.number or 0, b.text) for b in key_boxes),
        hidden=tuple(placement.hidden),
        dense=dense,
        events_shown=tuple(e.id for e in labelled),
        frame=frame,
        overview=overview,
    )
    return fig


def _occupied(events: list[Event], as_of: dt.date | None) -> list[tuple[dt.date, dt.date]]:
    """The stretches of the axis that hold something: events, and the "as of" line."""
    return [(e.start, e.finish) for e in events] + ([(as_of, as_of)] if as_of else [])


def _overview(
    events: list[Event],
    lanes: tuple[str, ...],
    theme: Theme,
    title: str | None,
    marking: str,
    size: tuple[int, int],
    span: tuple[dt.date, dt.date],
    breaks: tuple[Break, ...],
    as_of: dt.date,
) -> ov.Overview | None:
    """An overview of the whole span when most events crowd a short stretch of it, else None."""
    m = margins(lanes, theme, title, marking, False, False, ov.HEIGHT)
    whole = Frame(*size, m["left"], m["right"], 0.0, 0.0, *span, len(lanes), breaks)
    detail = ov.find_detail(events, whole, as_of if span[0] <= as_of <= span[1] else None)
    if detail is None:
        return None
    return ov.Overview(whole, title_strip(title, marking), detail, tuple(events))
