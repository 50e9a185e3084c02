"""The Chronology, Data quality and References sections: the record behind every figure."""

from __future__ import annotations

from reportgen.document.blocks import Block, Heading, Inline, Paragraph, Role, Span, Table
from reportgen.document.context import Context
from reportgen.document.refs import reference_entry
from reportgen.document.text import event_date_text, window_text_of
from reportgen.model import DatePrecision, Event, Status

# Dates known no better than this are listed as approximate (month dates are not).
_COARSE = {
    DatePrecision.QUARTER,
    DatePrecision.PART_OF_YEAR,
    DatePrecision.YEAR,
    DatePrecision.DECADE,
    DatePrecision.CENTURY,
}


def _note(text: str) -> Paragraph:
    return Paragraph((Span(text),), Role.NOTE)


def chronology_blocks(ctx: Context) -> tuple[Block, ...]:
    events = ctx.events_by_date()
    if not events:
        return (_note("No events are recorded in the data."),)
    rows = []
    for e in events:
        when: Inline = (Span(event_date_text(e)),)
        if e.status is Status.PLANNED:
            when += (Span("planned", italic=True, newline=True),)
        what: Inline = (Span(e.title, bold=True),)
        if e.description:
            what += (Span(e.description, newline=True),)
        sources = ctx.refs.cite(e.sources) or (Span("none", italic=True),)
        rows.append((when, what, (Span(e.lane),), sources))
    intro = _note(
        f"All {len(events)} events in date order. Dates are shown as the sources give them; "
        "numbers in brackets are the references at the end of this pack."
    )
    table = Table(
        ("Date", "Event", "Lane", "Sources"), tuple(rows), (0.17, 0.57, 0.14, 0.12), caption="Chronology"
    )
    return intro, table


def is_approximate(event: Event) -> bool:
    return event.date.approximate or event.date.precision in _COARSE


def _conflicts(ctx: Context) -> Block | None:
    events = [e for e in ctx.events_by_date() if e.alt_dates]
    if not events:
        return None
    rows = []
    for e in events:
        used = (Span(e.date.display + " "), *ctx.refs.cite(e.sources))
        other: list[Span] = []
        for i, alt in enumerate(e.alt_dates):
            other += [Span(alt.date.display + " ", newline=i > 0), *ctx.refs.cite(alt.sources)]
            if alt.note:
                other.append(Span(f" — {alt.note}"))
        rows.append(((Span(e.title, bold=True),), used, tuple(other)))
    header = ("Event", "Date used in this pack", "Other source(s) say")
    return Table(header, tuple(rows), (0.3, 0.25, 0.45), caption="Conflicting dates between sources")


def _event_list(events: list[Event], caption: str, window: bool = False) -> Block | None:
    if not events:
        return None
    rows = []
    for e in events:
        when = event_date_text(e) + (f" ({window_text_of(e)})" if window else "")
        rows.append(((Span(e.title, bold=True),), (Span(when),), (Span(str(e.loc)),)))
    header = ("Event", "Date" + (" (window)" if window else ""), "Where in the data")
    return Table(header, tuple(rows), (0.4, 0.3, 0.3), caption=caption)


def quality_blocks(ctx: Context) -> tuple[Block, ...]:
    """Each check with a table of what it found, or one line saying it found nothing."""
    events, as_of = ctx.events_by_date(), ctx.as_of
    overdue_title = f"Planned events whose date has passed (as of {ctx.as_of_text})"
    overdue = [e for e in events if e.status is Status.PLANNED and e.date.latest < as_of]
    unsourced, approximate = [e for e in events if not e.sources], [e for e in events if is_approximate(e)]
    conflicts = "Conflicting dates between sources"
    checks: list[tuple[str, Block | None, str]] = [
        (conflicts, _conflicts(ctx), "No source disagrees with another about a date."),
        (
            "Events without a source",
            _event_list(unsourced, "Events without a source"),
            "Every event cites a source.",
        ),
        (
            "Approximate dates",
            _event_list(approximate, "Approximate dates", window=True),
            "No approximate dates.",
        ),
        (overdue_title, _event_list(overdue, overdue_title), "None: no planned event is overdue."),
    ]
    blocks: list[Block] = []
    for title, found, nothing in checks:
        blocks += [Heading(title, 2, in_contents=False), found] if found else [_note(nothing)]
    if ctx.warnings:
        blocks.append(Heading("Warnings from the data check", 2, in_contents=False))
        blocks += [Paragraph((Span("• " + str(w)),), Role.SMALL) for w in ctx.warnings]
    return tuple(blocks)


def references_blocks(ctx: Context) -> tuple[Block, ...]:
    if not ctx.refs.sources:
        return (_note("No sources are recorded in the data."),)
    return tuple(Paragraph(reference_entry(n, s), Role.REFERENCE) for n, s in enumerate(ctx.refs.sources, 1))
