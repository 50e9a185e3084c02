"""The single source of truth: frozen, typed records every later stage reads.

Every record carries the `SourceLoc` it came from so that any later stage can
point a user at the offending line of their input.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from reportgen.markings import highest_marking
from reportgen.sourceloc import NOWHERE, SourceLoc


class DatePrecision(StrEnum):
    """How finely a date is known, from finest to coarsest."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    PART_OF_YEAR = "part-of-year"  # early / mid / late / end of a year
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date as a briefing writer knows it: a window of days plus how it was said.

    `earliest` and `latest` are inclusive. `precision` is the precision of the
    endpoints (a range "Jan–Feb 2025" has MONTH precision and `is_range` true).
    `display` is the British display form ("Oct 2023", "c. 2017", "late 2025").
    """

    earliest: dt.date
    latest: dt.date
    precision: DatePrecision
    display: str
    approximate: bool = False
    is_range: bool = False

    def __str__(self) -> str:
        return self.display

    @property
    def sort_key(self) -> tuple[dt.date, dt.date]:
        return (self.earliest, self.latest)

    @property
    def is_exact_day(self) -> bool:
        return self.precision is DatePrecision.DAY and not self.is_range and not self.approximate

    @property
    def midpoint(self) -> dt.date:
        return self.earliest + (self.latest - self.earliest) / 2

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        """True when any day of this date's window falls in [start, end]."""
        return self.earliest <= end and self.latest >= start


class Status(StrEnum):
    PAST = "past"
    PLANNED = "planned"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from. `seed` names the article file it was taken from."""

    id: str
    publisher: str
    title: str
    loc: SourceLoc = NOWHERE
    date: FuzzyDate | None = None
    url: str | None = None
    seed: str | None = None
    marking: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class AltDate:
    """A different date for the same event given by another source (a conflict)."""

    date: FuzzyDate
    sources: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class Media:
    """A picture or video a TimelineJS slide shows with the event (kept, not drawn in the pack)."""

    url: str = ""
    caption: str = ""
    credit: str = ""
    thumbnail: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """One dated happening. `end` makes it a span; `alt_dates` records disagreement."""

    id: str
    date: FuzzyDate
    title: str
    loc: SourceLoc = NOWHERE
    end: FuzzyDate | None = None
    description: str = ""
    lane: str = "General"
    status: Status = Status.PAST
    importance: int = 3  # 1 (minor) … 5 (key); drives label priority
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    alt_dates: tuple[AltDate, ...] = ()
    marking: str | None = None
    media: Media | None = None
    short_title: str = ""  # what the timeline's label says, when the title is too long for it

    @property
    def start(self) -> dt.date:
        return self.date.earliest

    @property
    def finish(self) -> dt.date:
        return (self.end or self.date).latest

    @property
    def is_span(self) -> bool:
        return self.end is not None or self.date.is_range

    @property
    def sort_key(self) -> tuple[dt.date, dt.date, str]:
        return (self.date.earliest, self.date.latest, self.id)


@dataclass(frozen=True, slots=True)
class Era:
    """A named background period (TimelineJS eras)."""

    title: str
    start: FuzzyDate
    end: FuzzyDate
    loc: SourceLoc = NOWHERE


@dataclass(frozen=True, slots=True)
class MetricPoint:
    """One value. `label` is the x position: a date's display form or a category."""

    label: str
    value: float
    date: FuzzyDate | None = None
    group: str = ""  # sub-series for grouped or stacked charts
    note: str = ""


class ChartKind(StrEnum):
    BAR = "bar"  # one bar per point
    HBAR = "hbar"  # horizontal bars, long category labels
    LINE = "line"  # values over time (points need dates)
    STACKED = "stacked"  # points grouped by `group`, stacked per label
    GRADES = "grades"  # ordinal values named by `scale` (e.g. PEEL grades)


@dataclass(frozen=True, slots=True)
class MetricSeries:
    """A named set of values with a unit, an optional target and its sources."""

    id: str
    name: str
    unit: str
    points: tuple[MetricPoint, ...]
    loc: SourceLoc = NOWHERE
    chart: ChartKind = ChartKind.BAR
    target: float | None = None
    target_label: str = ""
    higher_is_better: bool = True
    scale: tuple[str, ...] = ()  # names of ordinal values 1..n, lowest first
    sources: tuple[str, ...] = ()
    caption: str = ""
    marker_events: tuple[str, ...] = ()  # event ids overlaid as dated markers
    marking: str | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """A key fact the data or config declares for the summary.

    Exactly one of: `value` (text, cited by `sources`), `event` (that event's date as written,
    with its sources and any other source's date) or `since` (whole years since that event).
    """

    label: str
    value: str = ""
    event: str = ""
    since: str = ""
    sources: tuple[str, ...] = ()
    loc: SourceLoc = NOWHERE


@dataclass(frozen=True, slots=True)
class Dataset:
    """Everything loaded from the event files, validated and cross-referenced."""

    events: tuple[Event, ...] = ()
    sources: tuple[Source, ...] = ()
    metrics: tuple[MetricSeries, ...] = ()
    eras: tuple[Era, ...] = ()
    facts: tuple[Fact, ...] = ()
    lanes: tuple[str, ...] = ()  # display order; lanes used by events but not listed follow
    title: str = ""
    subject: str = ""
    marking: str | None = None
    inputs: tuple[str, ...] = field(default=())  # files read, for watch and fingerprints
    title_at: SourceLoc = NOWHERE  # where the title and subject were written
    subject_at: SourceLoc = NOWHERE

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    @property
    def all_lanes(self) -> tuple[str, ...]:
        used = [e.lane for e in self.events]
        extra = sorted(set(used) - set(self.lanes))
        return tuple(lane for lane in self.lanes if lane in used) + tuple(extra)


def data_marking(dataset: Dataset, floor: str | None = None) -> str:
    """The most restrictive marking of the data and everything in it, never below `floor`.

    The one marking rule: every output that shows data (pack, timeline images, exports)
    takes its marking from here, so no output can be marked lower than what it shows.
    """
    return highest_marking(
        floor,
        dataset.marking,
        *(e.marking for e in dataset.events),
        *(s.marking for s in dataset.sources),
        *(m.marking for m in dataset.metrics),
    )
