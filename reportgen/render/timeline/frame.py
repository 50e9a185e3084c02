"""Canvas geometry of the timeline: fixed px margins, so the pixel position of every date is known.

Plotly's automargin is off everywhere, which is what lets `labels.py` place every
label box in canvas px before plotly draws anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportgen.model import Dataset
from reportgen.render import labels as lb
from reportgen.theme import Theme

LABEL_SIZE = 11
ROW = 16.0  # px per label row
PAD = 3.0
CLEARANCE = 9.0  # lane centre → first label row (marker radius + air)
BREAK_PX = 26.0  # the width an axis break takes, whatever the time it leaves out
BREAK_SHARE = 0.2  # a stretch with no event longer than this share of the axis is broken out
BREAK_MIN_EVENTS = 6  # a handful of events reads best on a plain axis, gaps and all

OVERVIEW_NAME = "All events"  # the overview strip's name, left of its line

Break = tuple[dt.date, dt.date]  # first and last day left out


@dataclass(frozen=True, slots=True)
class Frame:
    """Canvas geometry: margins in px, the date range of the x axis and its breaks.

    Dates map to px piecewise: each stretch between breaks is linear at one common
    scale, and each break takes `BREAK_PX`. plotly's axis stays a plain date axis:
    every date handed to plotly goes through `axis`, which gives the (make-believe)
    date that a linear axis over [start, end] draws at the right px.
    """

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    start: dt.date
    end: dt.date
    lanes: int
    breaks: tuple[Break, ...] = ()

    @property
    def plot(self) -> lb.Box:
        return lb.Box(self.left, self.top, self.width - self.right, self.height - self.bottom)

    @property
    def _per_day(self) -> float:
        shown = (self.end - self.start).days - sum((b - a).days + 1 for a, b in self.breaks)
        room = self.plot.width - BREAK_PX * len(self.breaks)
        return room / max(1, shown)

    def x(self, day: dt.date) -> float:
        """The px of `day`; a day inside a break sits in the break's gap, in proportion."""
        per_day, x, at = self._per_day, self.left, self.start
        for first, last in self.breaks:
            if day < first:
                break
            x += (first - at).days * per_day
            if day <= last:
                return x + BREAK_PX * (day - first).days / max(1, (last - first).days + 1)
            x += BREAK_PX
            at = last + dt.timedelta(days=1)
        return x + (day - at).days * per_day

    def break_px(self) -> list[tuple[float, float]]:
        """Left and right px of each break's gap."""
        return [(self.x(first), self.x(first) + BREAK_PX) for first, _ in self.breaks]

    def axis(self, day: dt.date) -> str:
        """The date to give plotly for `day`, so its linear date axis draws it at `x(day)`."""
        return self.axis_at(self.x(day))

    def axis_at(self, px: float) -> str:
        span = (self.end - self.start).days or 1
        offset = (px - self.left) / self.plot.width * span
        moment = dt.datetime.combine(self.start, dt.time()) + dt.timedelta(days=offset)
        return moment.isoformat(timespec="minutes")

    def in_break(self, day: dt.date) -> bool:
        return any(first <= day <= last for first, last in self.breaks)

    def lane_band(self, index: int) -> tuple[float, float]:
        h = self.plot.height / max(1, self.lanes)
        return (self.top + index * h, self.top + (index + 1) * h)

    def lane_value(self, y: float) -> float:
        """The lane axis value at canvas px `y` (0 at the top of the lanes; negative above them)."""
        return (y - self.top) / self.plot.height * max(1, self.lanes)

    def lane_y(self, index: int) -> float:
        top, bottom = self.lane_band(index)
        return (top + bottom) / 2

    def paper(self, x: float, y: float) -> tuple[float, float]:
        plot = self.plot
        return ((x - plot.x0) / plot.width, 1 - (y - plot.y0) / plot.height)


def find_breaks(occupied: list[tuple[dt.date, dt.date]], start: dt.date, end: dt.date) -> tuple[Break, ...]:
    """The stretches of [start, end] that no (first, last) interval touches and that are
    longer than `BREAK_SHARE` of it, each less an edge of air, so no mark sits on a break."""
    if len(occupied) < BREAK_MIN_EVENTS:
        return ()
    span = max(1, (end - start).days)
    air = dt.timedelta(days=max(45, span // 50))
    out: list[Break] = []
    reach = start
    for first, last in sorted(occupied):
        if (first - reach).days > BREAK_SHARE * span:
            out.append((reach + air, first - air))
        reach = max(reach, last)
    return tuple((a, b) for a, b in out if a < b)


def marking_strip(marking: str) -> float:
    """Height in px of the protective-marking strip at the top and at the bottom."""
    return 20.0 if marking and marking != "NONE" else 4.0


def header_height(has_eras: bool) -> float:
    """The strip above the lanes: the "as of" label, and a second row for era names."""
    return (2 if has_eras else 1) * ROW + 6


def x_range(dataset: Dataset, as_of: dt.date) -> tuple[dt.date, dt.date]:
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


def title_strip(title: str | None, marking: str) -> float:
    """Canvas px from the top edge to below the marking and the title."""
    return marking_strip(marking) + (30.0 if title else 4.0)


def margins(
    lanes: tuple[str, ...],
    theme: Theme,
    title: str | None,
    marking: str,
    has_eras: bool,
    dense: bool,
    overview: float = 0.0,
) -> dict[str, float]:
    """Margins around the plot area, before the key strip (which `placement` adds to the bottom).

    `overview` is the height of an overview strip above the lanes' header (0: none)."""
    lane_measure = lb.text_measure(theme.font_regular, 13)
    names = [f"{lane}  ●" for lane in lanes]
    left = max(lane_measure(n) for n in names)
    if overview:
        left = max(left, lb.text_measure(theme.font_regular, 11)(OVERVIEW_NAME))
    mark = marking_strip(marking)
    return {
        "left": left + 20,
        "right": 90.0 if dense else 24.0,  # dense: room for the density colour bar
        "top": title_strip(title, marking) + overview + header_height(has_eras),
        "bottom": 26.0 + 26.0 + mark,  # ticks + legend + marking; the key adds to this
    }
