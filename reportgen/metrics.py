"""Rules about metric data, written once for charts, the document and exports.

The latest point, the RAG status against a target and how a value prints are facts
about the data: layout code takes them from here and never imports plotly.
"""

from __future__ import annotations

from enum import StrEnum

from reportgen.model import ChartKind, DatePrecision, MetricPoint, MetricSeries

AMBER_BAND = 0.10  # amber: within 10 % of the target
CURRENCY = ("£", "$", "€")
RAG_RULE = (
    "RAG rule: green = latest value meets the target; amber = misses it by no more than 10 % "
    "of the target; red = misses it by more."
)


class Drawn(StrEnum):
    """How a series is drawn: the kind it asks for, unless another suits its data better."""

    BAR = "bar"
    HBAR = "hbar"
    LINE = "line"
    STACKED = "stacked"
    GRADES = "grades"
    BULLET = "bullet"  # one value against its target: a bar, the target, the status in words


_PERIODIC = (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.QUARTER)


def drawn_kind(series: MetricSeries) -> Drawn:
    """A single value with a target is a bullet (one bar on a long axis says nothing); a run of
    three or more monthly or quarterly values is a line (bars would hide the trend)."""
    kind = series.chart
    simple = kind in (ChartKind.BAR, ChartKind.LINE) and len({p.group for p in series.points}) <= 1
    if simple and len(series.points) == 1 and series.target is not None:
        return Drawn.BULLET
    periodic = all(p.date is not None and p.date.precision in _PERIODIC for p in series.points)
    if kind is ChartKind.BAR and len(series.points) >= 3 and periodic:
        return Drawn.LINE
    return Drawn(kind.value)


def format_value(value: float, unit: str) -> str:
    """78.5 and "%" → "78.5 %"; 590000 and "£" → "£590,000"; 45 and "people" → "45 people"."""
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    unit = unit.strip()
    if unit in CURRENCY:
        return f"{unit}{number}"
    return f"{number} {unit}" if unit else number


def latest_point(series: MetricSeries) -> MetricPoint | None:
    """The most recent point: by date when points have dates, else the last one given."""
    if not series.points:
        return None
    if all(p.date is not None for p in series.points):
        return max(series.points, key=lambda p: (p.date.latest, p.date.earliest))  # type: ignore[union-attr]
    return series.points[-1]


def rag_status(series: MetricSeries) -> str | None:
    """ "green", "amber" or "red" for the latest value against the target (None without one).

    Green: meets the target. Amber: misses it by no more than 10 % of the target.
    Red: misses it by more. `higher_is_better=False` turns the comparison round.
    """
    point = latest_point(series)
    if series.target is None or point is None:
        return None
    gap = (series.target - point.value) if series.higher_is_better else (point.value - series.target)
    if gap <= 0:
        return "green"
    return "amber" if gap <= abs(series.target) * AMBER_BAND else "red"
