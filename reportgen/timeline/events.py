"""What the timeline says about one event: its label, its hover text, and whether it is still to come."""

from __future__ import annotations

import datetime as dt
import html

from reportgen.model import Event, Status


def is_planned(event: Event, as_of: dt.date) -> bool:
    return event.status is Status.PLANNED or event.date.earliest > as_of


def event_label(event: Event) -> str:
    when = event.date.display + (f" – {event.end.display}" if event.end else "")
    return f"{when} · {event.title}"


def hover_text(event: Event) -> str:
    # plotly reads hover text as HTML: user text is escaped, our own markup is not
    lines = [html.escape(event_label(event).split(" · ")[0]), f"<b>{html.escape(event.title)}</b>"]
    return "<br>".join(lines + [f"Source: {html.escape(s)}" for s in event.sources])
