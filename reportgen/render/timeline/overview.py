"""Overview and detail: when most events crowd a short stretch of the axis, the lanes show that
stretch (the detail) and a strip above them shows the whole span (the overview), its events
marked and those outside the detail labelled; a shaded band joins the detail's stretch on the
overview to the lanes below.

The overview strip lives in the figure's top margin. Its marks are scatter markers with
`cliponaxis` off, placed at y values above the lane axis, so they are real plotly markers
(hover text included); its bars, ticks, band and link are paper shapes and annotations.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from reportgen.model import Event
from reportgen.render import labels as lb
from reportgen.render.timeline.axes import axis_ticks
from reportgen.render.timeline.events import event_label, is_planned
from reportgen.render.timeline.frame import OVERVIEW_NAME, PAD, ROW, Frame
from reportgen.render.timeline.traces import SYMBOLS
from reportgen.text import plain
from reportgen.theme import Theme

DETAIL_SHARE = 0.6  # this share of the events or more ...
DETAIL_WIDTH = 0.15  # ... within this share of the drawn axis gets a detail panel
DETAIL_MIN_EVENTS = 12  # fewer events read best on one axis, however they bunch
LABEL_ROWS = 3  # label rows above the overview's line
TICK_SIZE = 10  # px: 7.5 pt when the figure is placed at 0.75 pt a px

_LINE = LABEL_ROWS * ROW + 10.0  # strip top → its line
_TICKS = 20.0  # line → bottom of its tick labels
_LINK = 12.0  # the band's run down to the lanes' header
HEIGHT = _LINE + _TICKS + _LINK


@dataclass(frozen=True, slots=True)
class Overview:
    """The whole span's date ↔ px mapping (`span.x`) and where the strip sits on the canvas."""

    span: Frame  # the whole span, breaks included; only its x mapping is used
    top: float  # canvas px of the strip's top edge
    detail: tuple[dt.date, dt.date]
    events: tuple[Event, ...]  # every event of the whole span

    @property
    def line_y(self) -> float:
        return self.top + _LINE

    @property
    def band(self) -> tuple[float, float]:
        """The vertical room of the overview's labels: above its line."""
        return (self.top, self.line_y)

    @property
    def outside(self) -> list[Event]:
        """The events the detail does not show: labelled on the overview."""
        lo, hi = self.detail
        return [e for e in self.events if e.finish < lo or e.start > hi]


def anchor_day(event: Event) -> dt.date:
    """The day an event's mark sits on."""
    return event.start if event.is_span else event.date.midpoint


def find_detail(events: list[Event], frame: Frame, as_of: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The stretch that most events crowd into, measured in drawn px (breaks already out), or None.

    The densest run of `DETAIL_SHARE` of the events is grown by its neighbours while it stays
    within `DETAIL_WIDTH` of the axis, so the detail holds every event that fits.
    """
    n = len(events)
    if n < DETAIL_MIN_EVENTS:
        return None
    days = sorted(anchor_day(e) for e in events)
    xs = [frame.x(d) for d in days]
    k, limit = math.ceil(DETAIL_SHARE * n), DETAIL_WIDTH * frame.plot.width
    i = min(range(n - k + 1), key=lambda i: (xs[i + k - 1] - xs[i], i))
    j = i + k - 1
    if xs[j] - xs[i] > limit:
        return None
    while True:
        grow = [(xs[j] - xs[i - 1], i - 1, j)] if i > 0 else []
        grow += [(xs[j + 1] - xs[i], i, j + 1)] if j + 1 < n else []
        fits = [g for g in grow if g[0] <= limit]
        if not fits:
            break
        _, i, j = min(fits)
    first, last = days[i], days[j]
    if as_of is not None and last <= as_of <= last + (last - first) / 4:
        last = as_of  # "as of" just after the crowd: keep its line in the detail
    pad = dt.timedelta(days=max(20, (last - first).days // 20))
    if first - pad <= frame.start and last + pad >= frame.end:
        return None
    return (max(frame.start, first - pad), min(frame.end, last + pad))


def label_requests(ov: Overview, lanes: tuple[str, ...], measure: lb.Measure) -> list[lb.LabelRequest]:
    """A label above the overview's line for each event outside the detail, and the band's name."""
    max_w = min(300.0, ov.span.plot.width / 3)
    out = []
    for event in ov.outside:
        lane = lanes.index(event.lane) if event.lane in lanes else 0
        text = lb.wrap(event_label(event, short=True), max_w, measure)
        prio = event.importance * 10 - lane * 0.01
        x = ov.span.x(anchor_day(event))
        out.append(lb.LabelRequest(event.id, text, x, ov.line_y, ov.band, prio, 7.0))
    return out


def header_request(
    ov: Overview, frame: Frame, header: tuple[float, float], measure: lb.Measure
) -> lb.LabelRequest:
    """The detail's name at the left of the lanes' header, saying where it sits on the overview."""
    text = f"Detail: {_period(*ov.detail)} (shaded above)"
    return lb.LabelRequest("detail", text, frame.plot.x0 + measure(text) / 2, frame.top, header, 950, 1.0)


def _period(lo: dt.date, hi: dt.date) -> str:
    if lo.year == hi.year:
        return f"{lo:%b}–{hi:%b %Y}"
    return f"{lo:%b %Y} – {hi:%b %Y}"


def marks(
    events: list[Event], lanes: tuple[str, ...], theme: Theme, as_of: dt.date, ov: Overview, frame: Frame
) -> list[dict[str, Any]]:
    """Every event's mark on the overview line: the lane's shape and colour, open when planned.

    They are shapes, not markers: plotly hides any marker outside its axes' range, and the strip
    lies above the lanes' axis."""
    out = []
    for e in events:
        index = lanes.index(e.lane) if e.lane in lanes else 0
        colour = theme.planned if is_planned(e, as_of) else theme.lane_colour(index)
        outline = {
            "color": colour if is_planned(e, as_of) else "#ffffff",
            "width": 1.5 if is_planned(e, as_of) else 0.8,
        }
        fill = "rgba(0,0,0,0)" if is_planned(e, as_of) else colour
        points = _glyph(index, ov.span.x(anchor_day(e)), ov.line_y, 4.5)
        out.append(_path(frame, points, fill=fill, line=outline, name="overview-mark"))
    return out


def _glyph(index: int, x: float, y: float, r: float) -> list[tuple[float, float]]:
    """The outline of lane `index`'s marker shape (as `traces.SYMBOLS`) around canvas px (x, y)."""
    kind = SYMBOLS[index % len(SYMBOLS)]
    corners, turn, inner = {
        "circle": (16, 0.0, 1.0),
        "square": (4, 45.0, 1.0),
        "diamond": (4, 0.0, 1.0),
        "triangle-up": (3, 0.0, 1.0),
        "pentagon": (5, 0.0, 1.0),
        "hexagon": (6, 30.0, 1.0),
        "star": (10, 0.0, 0.45),
        "triangle-down": (3, 180.0, 1.0),
    }[kind]
    size = r * (1.25 if kind == "square" else 1.0)
    out = []
    for k in range(corners):
        angle = math.radians(turn + 360.0 * k / corners)
        reach = size * (inner if k % 2 else 1.0)
        out.append((x + reach * math.sin(angle), y - reach * math.cos(angle)))
    return out


def shapes(events: list[Event], theme: Theme, ov: Overview, frame: Frame) -> list[dict[str, Any]]:
    """The overview's line (broken where the axis is), its bars, the shaded detail band and its link."""
    y = ov.line_y
    x0, x1 = ov.span.plot.x0, ov.span.plot.x1
    gaps = ov.span.break_px()
    runs, at = [], x0
    for a, b in gaps:
        runs.append((at, a))
        at = b
    runs.append((at, x1))
    out: list[dict[str, Any]] = []
    lo, hi = ov.span.x(ov.detail[0]), ov.span.x(ov.detail[1])
    link = [(lo, y + 4), (hi, y + 4), (frame.plot.x1, frame.top), (frame.plot.x0, frame.top)]
    out.append(
        _path(
            frame, link, fill="rgba(31,78,121,0.10)", line={"width": 0}, layer="below", name="overview-link"
        )
    )
    band = [(lo, y - 9), (hi, y - 9), (hi, y + 4), (lo, y + 4)]
    out.append(
        _path(
            frame, band, fill="rgba(31,78,121,0.22)", line={"color": theme.muted, "width": 0.8}, layer="below"
        )
    )
    for a, b in runs:
        out.append(_path(frame, [(a, y), (b, y)], line={"color": theme.grid, "width": 1.2}, layer="below"))
    slashes = [((x + 3, y - 6), (x - 3, y + 6)) for a, b in gaps for x in (a + 7, b - 7)]
    for (ax, ay), (bx, by) in slashes:
        out.append(_path(frame, [(ax, ay), (bx, by)], line={"color": theme.muted, "width": 1.2}))
    for e in events:
        if e.is_span:
            bar, height, opacity = (e.start, e.finish), 4.0, 0.9
        elif not e.date.is_exact_day and e.date.latest > e.date.earliest:
            bar, height, opacity = (e.date.earliest, e.date.latest), 9.0, 0.28
        else:
            continue
        a, b = ov.span.x(bar[0]), max(ov.span.x(bar[1]), ov.span.x(bar[0]) + 1.5)
        box = [(a, y - height / 2), (b, y - height / 2), (b, y + height / 2), (a, y + height / 2)]
        out.append(_path(frame, box, fill=theme.muted, line={"width": 0}, opacity=opacity, layer="below"))
    return out


def notes(theme: Theme, ov: Overview, frame: Frame) -> list[dict[str, Any]]:
    """The overview's name left of its line, and its tick labels under it (none in a break)."""
    name_x, name_y = frame.paper(frame.plot.x0 - 6, ov.line_y)
    out = [
        {
            "text": OVERVIEW_NAME,
            "x": name_x,
            "y": name_y,
            "xref": "paper",
            "yref": "paper",
            "xanchor": "right",
            "yanchor": "middle",
            "showarrow": False,
            "font": {"size": 11, "color": theme.muted, "family": theme.font_family},
        }
    ]
    days, texts = axis_ticks(theme, ov.span, size=TICK_SIZE)
    for day, text in zip(days, texts, strict=True):
        x, y = frame.paper(ov.span.x(day), ov.line_y + 5 + PAD)
        out.append(
            {
                "text": plain(text),
                "x": x,
                "y": y,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "top",
                "showarrow": False,
                "font": {"size": TICK_SIZE, "color": theme.muted, "family": theme.font_family},
            }
        )
    return out


def _path(frame: Frame, points: list[tuple[float, float]], **style: Any) -> dict[str, Any]:
    """A paper-coordinate path shape through canvas px `points` (closed when it is filled)."""
    coords = [frame.paper(x, y) for x, y in points]
    path = "M " + " L ".join(f"{x:.4f},{y:.4f}" for x, y in coords)
    if "fill" in style:
        path += " Z"
        style["fillcolor"] = style.pop("fill")
    return {"type": "path", "xref": "paper", "yref": "paper", "path": path, **style}
