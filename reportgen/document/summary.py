"""The Summary section: key facts, latest developments and the 90-day look-ahead."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

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
from reportgen.model import Event, Fact, Status

LOOK_AHEAD_DAYS = 90
LATEST_COUNT = 6
SUMMARY_CHARS = 220  # descriptions are shortened here; the chronology has them in full
EVENT_WIDTHS = (0.2, 0.68, 0.12)


def service_years(start: Event, as_of: dt.date) -> str:
    """Whole years from an event to as-of; a range when its date is coarse."""
    low = _years_between(start.date.latest, as_of)
    high = _years_between(start.date.earliest, as_of)
    count = f"{low}" if low == high else f"{low}–{high}"
    return f"{count} years (since {start.date.display})"


def _years_between(start: dt.date, end: dt.date) -> int:
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(years, 0)


def dated(event: Event, ctx: Context) -> Inline:
    """An event's date with its sources, and any other source's date beside it."""
    spans = [Span(event.date.display + " "), *ctx.refs.cite(event.sources)]
    others: list[Span] = []
    for alt in event.alt_dates:
        others += [Span("; " if others else " ("), Span(f"{alt.date.display} in another source ")]
        others += ctx.refs.cite(alt.sources)
    return (*spans, *others, *((Span(")"),) if others else ()))


def declared(fact: Fact, ctx: Context) -> Inline:
    """A fact the data or config declares: its text, an event's date, or the years since one."""
    events = {e.id: e for e in ctx.dataset.events}
    if fact.event:
        return (*dated(events[fact.event], ctx), *_cites(fact.sources, ctx))
    if fact.since:
        return (Span(service_years(events[fact.since], ctx.as_of)), *_cites(fact.sources, ctx))
    return (Span(fact.value, bold=True), *_cites(fact.sources, ctx))


def _cites(ids: Sequence[str], ctx: Context) -> Inline:
    cited = ctx.refs.cite(ids)
    return (Span(" "), *cited) if cited else ()


def _title_and_date(event: Event, ctx: Context) -> Inline:
    return (
        Span(event.title, bold=True),
        Span(f" ({event_date_text(event)}) "),
        *ctx.refs.cite(event.sources),
    )


def generic_facts(ctx: Context) -> list[tuple[str, Inline]]:
    """What any data set says about itself: its span, lanes, the next planned event, conflicts."""
    events = ctx.events_by_date()
    rows: list[tuple[str, Inline]] = []
    if events:
        last = max(events, key=lambda e: e.finish)
        span = f"{event_date_text(events[0])} to {event_date_text(last)} ({len(events)} events)"
        rows.append(("Timeline", (Span(span),)))
        lanes = Counter(e.lane for e in events)
        if len(lanes) > 1:
            rows.append(
                ("Lanes", (Span(", ".join(f"{lane} {lanes[lane]}" for lane in ctx.dataset.all_lanes)),))
            )
    # the latest developments have a table of their own, just below
    planned = [e for e in events if e.status is Status.PLANNED and e.date.latest > ctx.as_of]
    if planned:
        rows.append(("Next planned", _title_and_date(planned[0], ctx)))
    conflicts = sum(1 for e in events if e.alt_dates)
    if conflicts:
        plural = "s" if conflicts > 1 else ""
        what = f"{conflicts} event{plural} dated differently by the sources (see Data quality)"
        rows.append(("Conflicting dates", (Span(what),)))
    return rows


def key_facts(ctx: Context) -> KeyValueTable:
    rows: list[tuple[str, Inline]] = []
    if ctx.subject:
        rows.append(("Organisation", (Span(ctx.subject),)))
    rows += [(fact.label, declared(fact, ctx)) for fact in ctx.dataset.facts]
    rows += generic_facts(ctx)
    data = ctx.dataset
    counts = f"{len(data.events)} events, {len(data.metrics)} metric series, {len(data.sources)} sources"
    rows.append(("Data", (Span(counts),)))
    if ctx.edition is not None:
        rows.append(("This edition", edition_fact(ctx)))
    return KeyValueTable(tuple(rows), caption="Key facts")


def edition_fact(ctx: Context) -> Inline:
    """`Edition 3 of 15 Oct 2025: +1 event, 1 moved since edition 2 (8 Oct 2025); see Changes…`."""
    info = ctx.edition
    assert info is not None
    text = f"Edition {info.number} of {day_text(info.as_of)}"
    link = Span("Changes since the last edition", href="#section-changes-since-the-last-edition")
    if info.changes is None or info.previous is None:
        return (Span(text + ": the first edition."),)
    since = f"since edition {info.previous.number} ({day_text(info.previous.as_of)})"
    return (Span(f"{text}: {info.changes.summary()} {since}; see "), link, Span("."))


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
        rows = event_rows(latest, ctx)
        caption = f"The {len(rows)} latest developments, newest first"
        blocks.append(Table(("Date", "Development", "Source"), rows, EVENT_WIDTHS, caption=caption))
    else:
        blocks.append(Paragraph((Span("No events on or before the as-of date."),), Role.NOTE))
    start, end = look_ahead_window(ctx.as_of)
    title = f"Look-ahead: next {LOOK_AHEAD_DAYS} days ({day_text(start)} – {day_text(end)})"
    blocks.append(Heading(title, 2, in_contents=False))
    ahead = look_ahead(ctx)
    if ahead:
        rows = event_rows(ahead, ctx, window=True)
        caption = f"Expected in the next {LOOK_AHEAD_DAYS} days"
        blocks.append(Table(("Date", "Expected", "Source"), rows, EVENT_WIDTHS, caption=caption))
        blocks.append(Gap(1))
        note = "Approximate dates are included when any day of their window falls in the period."
        blocks.append(Paragraph((Span(note),), Role.NOTE))
    else:
        blocks.append(Paragraph((Span("Nothing is recorded for this period."),), Role.NOTE))
    return tuple(blocks)
