"""Everything a section needs to lay itself out, gathered once per pack."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportgen.errors import Diagnostic
from reportgen.model import Dataset, Event
from reportgen.pack.references import References
from reportgen.pack.styles import Styles
from reportgen.theme import Theme

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_text(day: dt.date) -> str:
    """British day form, independent of the process locale: 15 Oct 2025."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def event_date_text(event: Event) -> str:
    """An event's date as written, with its end for spans: "Oct 2023 – Feb 2025"."""
    if event.end is not None:
        return f"{event.date.display} – {event.end.display}"
    return event.date.display


def window_text_of(event: Event) -> str:
    """The days an approximate date could fall on, compactly: "1 Nov – 31 Dec 2025"."""
    first, last = event.date.earliest, event.date.latest
    if first.year == last.year:
        return f"{first.day} {_MONTHS[first.month - 1]} – {day_text(last)}"
    return f"{day_text(first)} – {day_text(last)}"


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary with an ellipsis when longer than `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


@dataclass(frozen=True, slots=True)
class PackContext:
    dataset: Dataset
    theme: Theme
    styles: Styles
    refs: References
    as_of: dt.date
    title: str
    subject: str
    prepared_by: str
    version: str
    marking: str
    warnings: Sequence[Diagnostic]
    frame: tuple[float, float]  # portrait frame width, height in points
    wide_frame: tuple[float, float]  # landscape frame

    @property
    def as_of_text(self) -> str:
        return day_text(self.as_of)

    def events_by_date(self) -> list[Event]:
        return sorted(self.dataset.events, key=lambda e: e.sort_key)
