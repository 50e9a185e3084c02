"""Dataset → plotly Figure of the timeline (pure: no I/O, no Chromium).

The canvas is split into fixed strips, top to bottom: marking, title, header
(era names and the "as of" label), the lanes (plot area), tick labels, legend,
key, marking.  All margins are fixed in px (no plotly automargin), so the
pixel position of every date is known here, which lets `labels.py` place every
label box in canvas px before plotly draws anything.  The boxes are kept on the
figure (`label_boxes(fig)`) so tests can check that none intersect.

Above `DENSE_AT` events the lanes show a density strip (events per time bin)
and only the most important events get markers and labels.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go

from reportgen import labels as lb
from reportgen import plotting
from reportgen.model import Dataset, Event, Status
from reportgen.theme import Theme

DENSE_AT = 250  # more events than this: density strip + top labels only
DENSE_LABELS = 60
LABEL_SIZE = 11
ROW = 16.0  # px per label row
PAD = 3.0
CLEARANCE = 9.0  # lane centre → first label row (marker radius + air)
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "pentagon", "hexagon", "star", "triangle-down")
GLYPHS = ("●", "■", "◆", "▲", "⬟", "⬢", "★", "▼")


@dataclass(frozen=True, slots=True)
class Frame:
    """Canvas geometry: margins in px and the date range of the x axis."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    start: dt.date
    end: dt.date
    lanes: int

    @property
    def plot(self) -> lb.Box:
        return lb.Box(self.left, self.top, self.width - self.right, self.height - self.bottom)

    def x(self, day: dt.date) -> float:
        span = (self.end - self.start).days or 1
        return self.left + (day - self.start).days / span * self.plot.width

    def lane_band(self, index: int) -> tuple[float, float]:
        h = self.plot.height / max(1, self.lanes)
        return (self.top + index * h, self.top + (index + 1) * h)

    def lane_y(self, index: int) -> float:
        top, bottom = self.lane_band(index)
        return (top + bottom) / 2

    def paper(self, x: float, y: float) -> tuple[float, float]:
        plot = self.plot
        return ((x - plot.x0) / plot.width, 1 - (y - plot.y0) / plot.height)


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


def label_boxes(fig: go.Figure) -> tuple[lb.LabelBox, ...]:
    """Every label, number and key box drawn on a timeline figure, in canvas px."""
    return layout_of(fig).labels


def layout_of(fig: go.Figure) -> TimelineLayout:
    layout: TimelineLayout = fig._reportgen_layout
    return layout


def is_planned(event: Event, as_of: dt.date) -> bool:
    return event.status is Status.PLANNED or event.date.earliest > as_of


def event_label(event: Event) -> str:
    when = event.date.display + (f" – {event.end.display}" if event.end else "")
    return f"{when} · {event.title}"


def timeline_figure(
    dataset: Dataset,
    theme: Theme,
    *,
    as_of: dt.date,
    title: str | None = None,
    width: int,
    height: int,
    marking: str = "NONE",
) -> go.Figure:
    """The timeline of `dataset` as a plotly Figure of `width`×`height` px."""
    events = sorted(dataset.events, key=lambda e: e.sort_key)
    lanes = dataset.all_lanes or ("General",)
    dense = len(events) > DENSE_AT
    shown = _most_important(events, DENSE_LABELS) if dense else events
    measure = lb.text_measure(theme.font_regular, LABEL_SIZE)
    start, end = _x_range(dataset, as_of)
    show_as_of = start <= as_of <= end
    frame, placement, key_boxes = _layout(
        dataset,
        shown,
        lanes,
        theme,
        (start, end),
        as_of if show_as_of else None,
        title,
        marking,
        (width, height),
        dense,
    )
    key = tuple((b.number or 0, b.text) for b in key_boxes)
    fig = go.Figure()
    fig.update_layout(_base_layout(theme, frame, lanes, measure, title, marking, dense))
    if dense:
        fig.add_trace(_density(events, lanes, frame, theme))
    for trace in _event_traces(shown, lanes, theme, as_of):
        fig.add_trace(trace)
    for trace in _legend_traces(theme):
        fig.add_trace(trace)
    shapes = _background_shapes(dataset, lanes, frame, theme, as_of if show_as_of else None)
    boxes = placement.boxes + key_boxes
    shapes += _leader_shapes(boxes, frame, theme)
    fig.update_layout(shapes=shapes)
    notes = _label_annotations(boxes, shown, frame, theme, as_of)
    notes += plotting.edge_marking_annotations(marking, theme, top=frame.top, bottom=frame.bottom)
    if title:
        notes.append(_title_annotation(title, frame, theme, marking))
    fig.update_layout(annotations=notes)
    plotting.fix_uids(fig, "timeline")
    fig._reportgen_layout = TimelineLayout(
        canvas=lb.Box(0, 0, width, height),
        plot=frame.plot,
        labels=tuple(b for b in boxes if b.kind != "key-number"),
        key=key,
        hidden=tuple(placement.hidden),
        dense=dense,
        events_shown=tuple(e.id for e in shown),
    )
    return fig


# -- geometry -----------------------------------------------------------------


def _most_important(events: list[Event], limit: int) -> list[Event]:
    """The `limit` most important events, spread over time: within an importance level,
    the first of each of `limit` time bins comes before the second of any bin."""
    lo = min(e.start for e in events)
    span = max(1, (max(e.start for e in events) - lo).days)
    seen: dict[tuple[int, int], int] = {}
    ranked = []
    for e in sorted(events, key=lambda e: (-e.importance, e.sort_key)):
        slot = (e.importance, (e.start - lo).days * limit // (span + 1))
        seen[slot] = seen.get(slot, 0) + 1
        ranked.append((-e.importance, seen[slot], e.sort_key, e))
    ranked.sort(key=lambda r: r[:3])
    return sorted((r[3] for r in ranked[:limit]), key=lambda e: e.sort_key)


def _x_range(dataset: Dataset, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """Data range padded by 3 %; `as_of` is included when it is near the data."""
    days = [e.start for e in dataset.events] + [e.finish for e in dataset.events]
    days += [era.start.earliest for era in dataset.eras] + [era.end.latest for era in dataset.eras]
    if not days:
        days = [as_of - dt.timedelta(days=365), as_of]
    lo, hi = min(days), max(days)
    span = max((hi - lo).days, 60)
    if lo - dt.timedelta(days=span // 5) <= as_of <= hi + dt.timedelta(days=span // 5):
        lo, hi = min(lo, as_of), max(hi, as_of)
        span = max((hi - lo).days, 60)
    pad = dt.timedelta(days=max(15, span * 3 // 100))
    return max(dt.date(1, 1, 1), lo - pad), min(dt.date(9999, 1, 1), hi + pad)


def _margins(
    lanes: tuple[str, ...], theme: Theme, title: str | None, marking: str, has_eras: bool, dense: bool
) -> dict[str, float]:
    lane_measure = lb.text_measure(theme.font_regular, 13)
    mark = 20.0 if marking and marking != "NONE" else 4.0
    header = (2 if has_eras else 1) * ROW + 6
    return {
        "left": max(lane_measure(f"{lane}  ●") for lane in lanes) + 20,
        "right": 90.0 if dense else 24.0,
        "top": mark + (30.0 if title else 4.0) + header,
        "bottom": 26.0 + 26.0 + mark,  # ticks + legend + marking; the key adds to this
    }


def _layout(
    dataset: Dataset,
    shown: list[Event],
    lanes: tuple[str, ...],
    theme: Theme,
    span: tuple[dt.date, dt.date],
    as_of: dt.date | None,
    title: str | None,
    marking: str,
    size: tuple[int, int],
    dense: bool,
) -> tuple[Frame, lb.Placement, list[lb.LabelBox]]:
    """Place labels; when some become numbers, grow the key strip and place again."""
    width, height = size
    measure = lb.text_measure(theme.font_regular, LABEL_SIZE)
    m = _margins(lanes, theme, title, marking, bool(dataset.eras), dense)
    key_h = 0.0
    for _ in range(4):
        frame = Frame(width, height, m["left"], m["right"], m["top"], m["bottom"] + key_h, *span, len(lanes))
        placement = lb.place(
            _requests(dataset, shown, lanes, frame, measure, as_of),
            canvas=lb.Box(2, 2, width - 2, height - 2),
            measure=measure,
            row_height=ROW,
            pad=PAD,
            numbers=not dense,
        )
        entries = _key_entries(placement, {e.id: event_label(e) for e in shown})
        widest = max((measure(t) for _, t in entries), default=0) + 2 * PAD + 12
        rows = lb.key_rows_needed(len(entries), min(widest, frame.plot.width / 2), width - 16)
        needed = min((rows + 1) * ROW if rows else 0.0, height * 0.3)
        if needed <= key_h:
            break
        key_h = needed
    key_top = frame.plot.y1 + 52.0  # below tick labels and legend
    key_area = lb.Box(8, key_top + ROW, width - 8, key_top + key_h)
    key_boxes = lb.layout_key(entries, key_area, measure=measure, row_height=ROW, pad=PAD)
    kept = {b.key for b in key_boxes}
    dropped = [b.key for b in placement.boxes if b.kind == "number" and b.key not in kept]
    placement.boxes = [b for b in placement.boxes if b.key not in dropped]
    placement.hidden += dropped
    return frame, placement, [_renumber(k, placement) for k in key_boxes]


def _key_entries(placement: lb.Placement, full: dict[str, str]) -> list[tuple[str, str]]:
    return [(b.key, f"{b.number}  {full.get(b.key, b.text)}") for b in placement.boxes if b.kind == "number"]


def _renumber(key_box: lb.LabelBox, placement: lb.Placement) -> lb.LabelBox:
    number = next(b.number for b in placement.boxes if b.key == key_box.key)
    return lb.LabelBox(
        key_box.key, key_box.text, key_box.box, key_box.anchor_x, key_box.anchor_y, number=number, kind="key"
    )


def _requests(
    dataset: Dataset,
    shown: list[Event],
    lanes: tuple[str, ...],
    frame: Frame,
    measure: lb.Measure,
    as_of: dt.date | None,
) -> list[lb.LabelRequest]:
    max_w = min(340.0, frame.plot.width / 2.5)
    out = []
    for event in shown:
        lane = lanes.index(event.lane) if event.lane in lanes else 0
        x = frame.x(event.start if event.is_span else event.date.midpoint)
        text = lb.truncate(event_label(event), max_w, measure)
        prio = event.importance * 10 - lane * 0.01
        out.append(
            lb.LabelRequest(event.id, text, x, frame.lane_y(lane), frame.lane_band(lane), prio, CLEARANCE)
        )
    header = (frame.top - (2 if dataset.eras else 1) * ROW - 6, frame.top)
    if as_of is not None:
        text = f"as of {as_of.day} {as_of:%b %Y}"
        out.append(lb.LabelRequest("as-of", text, frame.x(as_of), frame.top, header, 1000, 1.0))
    for i, era in enumerate(dataset.eras):
        x0, x1 = frame.x(era.start.earliest), frame.x(era.end.latest)
        text = lb.truncate(era.title, max(40.0, x1 - x0), measure)
        out.append(lb.LabelRequest(f"era-{i}", text, (x0 + x1) / 2, frame.top, header, 500, 1.0))
    return out


# -- traces -------------------------------------------------------------------


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _event_traces(events: list[Event], lanes: tuple[str, ...], theme: Theme, as_of: dt.date) -> list[Any]:
    traces: list[Any] = []
    for index, lane in enumerate(lanes):
        colour = theme.lane_colour(index)
        mine = [e for e in events if e.lane == lane or (e.lane not in lanes and index == 0)]
        for planned in (False, True):
            group = [e for e in mine if is_planned(e, as_of) == planned]
            if group:
                traces += _lane_traces(group, index, lane, colour, theme, planned)
    return traces


def _lane_traces(
    events: list[Event], index: int, lane: str, colour: str, theme: Theme, planned: bool
) -> list[Any]:
    y = index + 0.5
    tone = theme.planned if planned else colour
    state = "planned" if planned else "past"
    windows_x: list[str | None] = []
    spans_x: list[str | None] = []
    for e in events:
        if e.is_span:
            spans_x += [_iso(e.start), _iso(e.finish + dt.timedelta(days=1)), None]
        elif not e.date.is_exact_day and e.date.latest > e.date.earliest:
            windows_x += [_iso(e.date.earliest), _iso(e.date.latest + dt.timedelta(days=1)), None]
    traces: list[Any] = []
    if windows_x:
        traces.append(_bar(windows_x, y, tone, 14, 0.28, f"{lane} {state} date windows", "solid"))
    if spans_x:
        traces.append(_bar(spans_x, y, tone, 8, 0.9, f"{lane} {state} spans", "dot" if planned else "solid"))
    symbol = SYMBOLS[index % len(SYMBOLS)] + ("-open" if planned else "")
    traces.append(
        go.Scatter(
            x=[_iso(e.start if e.is_span else e.date.midpoint) for e in events],
            y=[y] * len(events),
            mode="markers",
            name=f"{lane} ({state})",
            showlegend=False,
            marker={
                "symbol": symbol,
                "size": 11,
                "color": tone if planned else colour,
                "line": {"width": 2 if planned else 1, "color": tone if planned else "#ffffff"},
            },
            text=[_hover_text(e) for e in events],
            hovertemplate="%{text}<extra></extra>",
            cliponaxis=False,
            meta={"lane": lane, "planned": planned, "ids": [e.id for e in events]},
        )
    )
    return traces


def _hover_text(event: Event) -> str:
    lines = [html.escape(event_label(event).split(" · ")[0]), f"<b>{html.escape(event.title)}</b>"]
    return "<br>".join(lines + [f"Source: {html.escape(s)}" for s in event.sources])


def _bar(
    xs: list[str | None], y: float, colour: str, width: int, opacity: float, name: str, dash: str
) -> Any:
    return go.Scatter(
        x=xs,
        y=[y if x is not None else None for x in xs],
        mode="lines",
        name=name,
        showlegend=False,
        hoverinfo="skip",
        opacity=opacity,
        line={"color": colour, "width": width, "dash": dash},
    )


def _legend_traces(theme: Theme) -> list[Any]:
    entries = [
        (
            "Event (shape = lane)",
            {"mode": "markers", "marker": {"symbol": "circle", "size": 10, "color": theme.muted}},
        ),
        (
            "Planned / after as-of",
            {
                "mode": "markers",
                "marker": {"symbol": "circle-open", "size": 10, "color": theme.planned, "line": {"width": 2}},
            },
        ),
        ("Span", {"mode": "lines", "line": {"color": theme.muted, "width": 8}}),
        (
            "Uncertain date (whole window)",
            {"mode": "lines", "opacity": 0.3, "line": {"color": theme.muted, "width": 14}},
        ),
    ]
    return [go.Scatter(x=[None], y=[None], name=name, hoverinfo="skip", **style) for name, style in entries]


def _density(events: list[Event], lanes: tuple[str, ...], frame: Frame, theme: Theme) -> Any:
    bins = max(20, min(240, int(frame.plot.width // 6)))
    span = (frame.end - frame.start).days or 1
    counts = [[0] * bins for _ in lanes]
    index = {lane: i for i, lane in enumerate(lanes)}
    for e in events:
        b = min(bins - 1, max(0, (e.date.midpoint - frame.start).days * bins // span))
        counts[index.get(e.lane, 0)][b] += 1
    centres = [_iso(frame.start + dt.timedelta(days=(i + 0.5) * span / bins)) for i in range(bins)]
    return go.Heatmap(
        x=centres,
        y=[i + 0.5 for i in range(len(lanes))],
        z=counts,
        colorscale=[[0, theme.background], [1, theme.primary]],
        zmin=0,
        opacity=0.75,
        colorbar={"title": {"text": "events"}, "thickness": 12, "len": 0.6, "x": 1.0, "xpad": 8},
        hovertemplate="%{z} events<extra></extra>",
        name="density",
    )


# -- layout, shapes, annotations ----------------------------------------------


def _base_layout(
    theme: Theme,
    frame: Frame,
    lanes: tuple[str, ...],
    measure: lb.Measure,
    title: str | None,
    marking: str,
    dense: bool,
) -> dict[str, Any]:
    tick_measure = lb.text_measure(theme.font_regular, 12)
    values, texts = plotting.date_ticks(frame.start, frame.end, frame.plot.width, tick_measure)
    lane_text = [
        f"{html.escape(lane)}  <span style='color:{theme.lane_colour(i)}'>{GLYPHS[i % len(GLYPHS)]}</span>"
        for i, lane in enumerate(lanes)
    ]
    legend_y = -(26.0 / frame.plot.height)
    return {
        "template": plotting.template(theme),
        "font": {"family": "DejaVu Sans"},
        "width": frame.width,
        "height": frame.height,
        "margin": {
            "l": frame.left,
            "r": frame.right,
            "t": frame.top,
            "b": frame.bottom,
            "pad": 0,
            "autoexpand": False,
        },
        "xaxis": {
            "type": "date",
            "range": [_iso(frame.start), _iso(frame.end)],
            "tickvals": values,
            "ticktext": texts,
            "tickfont": {"size": 12},
            "ticks": "outside",
            "ticklen": 4,
            "showgrid": True,
            "automargin": False,
            "fixedrange": False,
            "showline": True,
        },
        "yaxis": {
            "range": [len(lanes), 0],
            "tickvals": [i + 0.5 for i in range(len(lanes))],
            "ticktext": lane_text,
            "tickfont": {"size": 13},
            "showgrid": False,
            "zeroline": False,
            "automargin": False,
            "fixedrange": True,
        },
        "showlegend": True,
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": legend_y,
            "yanchor": "top",
            "font": {"size": 11},
            "bgcolor": "rgba(0,0,0,0)",
            "itemclick": False,
        },
        "hovermode": "closest",
    }


def _background_shapes(
    dataset: Dataset, lanes: tuple[str, ...], frame: Frame, theme: Theme, as_of: dt.date | None
) -> list[dict[str, Any]]:
    shapes: list[dict[str, Any]] = []
    for i in range(len(lanes)):
        if i % 2:
            shapes.append(_rect("paper", 0, 1, "y", i, i + 1, "#f4f6f9"))
        line = {"color": theme.grid, "width": 1}
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": i + 0.5,
                "y1": i + 0.5,
                "line": line,
                "layer": "below",
            }
        )
    for i, era in enumerate(dataset.eras):
        fill = "#e6ebf2" if i % 2 == 0 else "#eef1f5"
        shapes.append(_rect("x", _iso(era.start.earliest), _iso(era.end.latest), "paper", 0, 1, fill))
    if as_of is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "x0": _iso(as_of),
                "x1": _iso(as_of),
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": theme.accent, "width": 1.5, "dash": "dash"},
            }
        )
    return shapes


def _rect(xref: str, x0: Any, x1: Any, yref: str, y0: Any, y1: Any, fill: str) -> dict[str, Any]:
    return {
        "type": "rect",
        "xref": xref,
        "x0": x0,
        "x1": x1,
        "yref": yref,
        "y0": y0,
        "y1": y1,
        "fillcolor": fill,
        "line": {"width": 0},
        "layer": "below",
    }


def _leader_shapes(boxes: list[lb.LabelBox], frame: Frame, theme: Theme) -> list[dict[str, Any]]:
    shapes = []
    for b in boxes:
        if b.leader is None:
            continue
        x0, y0 = frame.paper(b.leader[0], b.leader[1])
        x1, y1 = frame.paper(b.leader[2], b.leader[3])
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "yref": "paper",
                "x0": x0,
                "y0": y0,
                "x1": x1,
                "y1": y1,
                "line": {"color": theme.muted, "width": 0.8},
            }
        )
    return shapes


def _label_annotations(
    boxes: list[lb.LabelBox], shown: list[Event], frame: Frame, theme: Theme, as_of: dt.date
) -> list[dict[str, Any]]:
    by_id = {e.id: e for e in shown}
    notes = []
    for b in boxes:
        event = by_id.get(b.key)
        colour = theme.text
        if event is not None and is_planned(event, as_of):
            colour = theme.planned
        elif b.key == "as-of":
            colour = theme.accent
        text = str(b.number) if b.kind == "number" else html.escape(b.text)
        if b.kind == "key":
            text = f"<b>{b.number}</b>" + html.escape(b.text[len(str(b.number)) :])
        x, y = frame.paper(b.box.x0 + PAD - 1, (b.box.y0 + b.box.y1) / 2)
        note = {
            "text": text,
            "x": x,
            "y": y,
            "xref": "paper",
            "yref": "paper",
            "xanchor": "left",
            "yanchor": "middle",
            "showarrow": False,
            "borderpad": 1,
            "borderwidth": 0,
            "font": {"size": LABEL_SIZE, "color": colour, "family": theme.font_family},
        }
        if b.kind in ("label", "number"):
            note["bgcolor"] = "rgba(255,255,255,0.85)"
        if b.kind == "number":
            note["font"]["family"] = theme.font_family
            note["text"] = f"<b>{b.number}</b>"
        notes.append(note)
    if any(b.kind == "key" for b in boxes):
        first = min((b for b in boxes if b.kind == "key"), key=lambda b: (b.box.y0, b.box.x0))
        x, y = frame.paper(first.box.x0 + PAD - 1, first.box.y0 - ROW / 2)
        notes.append(
            {
                "text": "<b>Key</b> (numbered events)",
                "x": x,
                "y": y,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "left",
                "yanchor": "middle",
                "showarrow": False,
                "font": {"size": LABEL_SIZE, "color": theme.muted},
            }
        )
    return notes


def _title_annotation(title: str, frame: Frame, theme: Theme, marking: str) -> dict[str, Any]:
    top = 20.0 if marking and marking != "NONE" else 4.0
    x, y = frame.paper(8, top + 15)
    return {
        "text": f"<b>{html.escape(title)}</b>",
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "left",
        "yanchor": "middle",
        "showarrow": False,
        "font": {"size": 17, "color": theme.primary, "family": theme.font_family},
    }
