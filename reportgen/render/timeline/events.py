"""What the timeline says about one event: its label, its hover text, and whether it is still to come."""

from __future__ import annotations

import datetime as dt

from reportgen.model import Event, Status
from reportgen.text import plain


def is_planned(event: Event, as_of: dt.date) -> bool:
    return event.status is Status.PLANNED or event.date.earliest > as_of


def event_label(event: Event, *, short: bool = False) -> str:
    """ "16 Feb 2024 · PEEL report published"; `short` uses the data's `short_title` if it has one."""
    when = event.date.display + (f" – {event.end.display}" if event.end else "")
    return f"{when} · {(event.short_title if short else '') or event.title}"


def hover_text(event: Event) -> str:
    # plotly reads hover text as HTML: user text is escaped, our own markup is not
    lines = [
        plain(event_label(event).split(" · ")[0]),
        f"<b>{plain(event.title)}</b>",
    ]
    return "<br>".join(lines + [f"Source: {plain(s)}" for s in event.sources])
