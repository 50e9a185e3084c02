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


def margins(
    lanes: tuple[str, ...], theme: Theme, title: str | None, marking: str, has_eras: bool, dense: bool
) -> dict[str, float]:
    """Margins around the plot area, before the key strip (which `placement` adds to the bottom)."""
    lane_measure = lb.text_measure(theme.font_regular, 13)
    mark = marking_strip(marking)
    return {
        "left": max(lane_measure(f"{lane}  ●") for lane in lanes) + 20,
        "right": 90.0 if dense else 24.0,  # dense: room for the density colour bar
        "top": mark + (30.0 if title else 4.0) + header_height(has_eras),
        "bottom": 26.0 + 26.0 + mark,  # ticks + legend + marking; the key adds to this
    }
