"""The Summary section: key facts, latest developments and the 90-day look-ahead."""

from __future__ import annotations

import datetime as dt
import re

from reportgen.document.blocks import (
    Block,
    Gap,
    Heading,
    Inline,
    KeyValueTable,
    Paragraph,
    Role,
    Span,
    Table,
    Tone,
)
from reportgen.document.context import Context
from reportgen.document.text import day_text, event_date_text, shorten, window_text_of
from reportgen.model import Event, Status

LOOK_AHEAD_DAYS = 90
LATEST_COUNT = 6
CAREER_LANE = "career"
KEY_IMPORTANCE = 4
SUMMARY_CHARS = 220  # descriptions are shortened here; the chronology has them in full
EVENT_WIDTHS = (0.2, 0.68, 0.12)
# "Appointed Chief Constable" → role "Chief Constable".
_ROLE_PREFIX = re.compile(
    r"^(appointed( as)?|becomes|became|promoted to|named( as)?|confirmed as|took up post as)\s+",
    re.IGNORECASE,
)


def career_events(ctx: Context) -> list[Event]:
    """Career events that have happened by the as-of date, oldest first."""
    return [
        e
        for e in ctx.events_by_date()
        if e.lane.casefold() == CAREER_LANE and e.date.earliest <= ctx.as_of and e.status is Status.PAST
    ]


def current_role(careers: list[Event]) -> Event:
    """The latest key Career event (importance 4 or 5), else the latest Career event.

    Interviews and similar minor Career events must not replace the post held.
    """
    key = [e for e in careers if e.importance >= KEY_IMPORTANCE]
    return (key or careers)[-1]


def role_from_title(title: str) -> str:
    return _ROLE_PREFIX.sub("", title).strip() or title


def service_years(start: Event, as_of: dt.date) -> str:
    """Whole years from the first career event to as-of; a range when its date is coarse."""
    low = _years_between(start.date.latest, as_of)
    high = _years_between(start.date.earliest, as_of)
    count = f"{low}" if low == high else f"{low}–{high}"
    return f"{count} years (since {start.date.display})"


def _years_between(start: dt.date, end: dt.date) -> int:
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(years, 0)


def in_post_since(event: Event, ctx: Context) -> Inline:
    """The appointment date with its sources, and any other source's date beside it."""
    spans = [Span(event.date.display + " "), *ctx.refs.cite(event.sources)]
    others: list[Span] = []
    for alt in event.alt_dates:
        others += [Span("; " if others else " ("), Span(f"{alt.date.display} in another source ")]
        others += ctx.refs.cite(alt.sources)
    return (*spans, *others, *((Span(")"),) if others else ()))


def key_facts(ctx: Context) -> KeyValueTable:
    careers = career_events(ctx)
    rows: list[tuple[str, Inline]] = []
    if ctx.subject:
        rows.append(("Organisation", (Span(ctx.subject),)))
    if careers:
        latest = current_role(careers)
        rows.append(
            (
                "Role",
                (Span(role_from_title(latest.title), bold=True), Span(" "), *ctx.refs.cite(latest.sources)),
            )
        )
        rows.append(("In post since", in_post_since(latest, ctx)))
        rows.append(("Years of service", (Span(service_years(careers[0], ctx.as_of)),)))
    else:
        rows.append(("Role", (Span("No Career events in the data.", tone=Tone.MUTED),)))
    data = ctx.dataset
    counts = f"{len(data.events)} events, {len(data.metrics)} metric series, {len(data.sources)} sources"
    rows.append(("Data", (Span(counts),)))
    return KeyValueTable(tuple(rows), caption="Key facts")


def latest_developments(ctx: Context) -> list[Event]:
    """The most recent events on or before as-of, newest first."""
    past = [
        e
        for e in ctx.dataset.events
        if e.date.earliest <= ctx.as_of and not (e.status is Status.PLANNED and e.date.latest > ctx.as_of)
    ]
    past.sort(key=lambda e: (e.date.latest, e.date.earliest, e.id), reverse=True)
    return past[:LATEST_COUNT]


def look_ahead(ctx: Context) -> list[Event]:
    """Events in the 90 days after as-of, including approximate ones whose window overlaps."""
    start, end = look_ahead_window(ctx.as_of)
    ahead = [
        e
        for e in ctx.dataset.events
        if (e.status is Status.PLANNED or e.date.earliest > ctx.as_of) and e.date.overlaps(start, end)
    ]
    return sorted(ahead, key=lambda e: e.sort_key)


def look_ahead_window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    return as_of + dt.timedelta(days=1), as_of + dt.timedelta(days=LOOK_AHEAD_DAYS)


def event_rows(events: list[Event], ctx: Context, *, window: bool = False) -> tuple[tuple[Inline, ...], ...]:
    rows = []
    for e in events:
        when: Inline = (Span(event_date_text(e)),)
        if window and not e.date.is_exact_day:
            when += (Span(f"({window_text_of(e)})", tone=Tone.MUTED, newline=True),)
        what: Inline = (Span(e.title, bold=True),)
        if e.description:
            what += (Span(shorten(e.description, SUMMARY_CHARS), newline=True),)
        rows.append((when, what, ctx.refs.cite(e.sources)))
    return tuple(rows)


def summary_blocks(ctx: Context) -> tuple[Block, ...]:
    blocks: list[Block] = [Heading("Key facts", 2, in_contents=False), key_facts(ctx)]
    blocks.append(Heading(f"Latest developments (to {ctx.as_of_text})", 2, in_contents=False))
    latest = latest_developments(ctx)
    if latest:
        blocks.append(Table(("Date", "Development", "Source"), event_rows(latest, ctx), EVENT_WIDTHS))
    else:
        blocks.append(Paragraph((Span("No events on or before the as-of date."),), Role.NOTE))
    start, end = look_ahead_window(ctx.as_of)
    title = f"Look-ahead: next {LOOK_AHEAD_DAYS} days ({day_text(start)} – {day_text(end)})"
    blocks.append(Heading(title, 2, in_contents=False))
    ahead = look_ahead(ctx)
    if ahead:
        blocks.append(
            Table(("Date", "Expected", "Source"), event_rows(ahead, ctx, window=True), EVENT_WIDTHS)
        )
        blocks.append(Gap(1))
        note = "Approximate dates are included when any day of their window falls in the period."
        blocks.append(Paragraph((Span(note),), Role.NOTE))
    else:
        blocks.append(Paragraph((Span("Nothing is recorded for this period."),), Role.NOTE))
    return tuple(blocks)
