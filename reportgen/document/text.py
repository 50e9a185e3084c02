"""Dates and short texts as the pack prints them, the same in every writer."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from reportgen.model import Event

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# C0 and C1 control characters: writers draw them as black boxes; tab and newline become spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"[\t\n\r]+")
SAFE_SCHEMES = ("https", "mailto")


def clean(value: object) -> str:
    """Plain text with control characters removed and line breaks folded to spaces."""
    return _CONTROL.sub("", _SPACE.sub(" ", str(value))).strip()


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


def is_safe_url(url: str | None) -> bool:
    """True for https and mailto URLs without spaces or control characters (the only links made)."""
    if not url or clean(url) != url or " " in url:
        return False
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES
