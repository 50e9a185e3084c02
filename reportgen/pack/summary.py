"""The Summary section: key facts, latest developments and the 90-day look-ahead."""

from __future__ import annotations

import datetime as dt
import re
from xml.sax.saxutils import quoteattr

from reportlab.platypus import Flowable, Paragraph, Spacer

from reportgen.model import Event, Status
from reportgen.pack import markup
from reportgen.pack.context import PackContext, day_text, event_date_text, shorten, window_text_of
from reportgen.pack.tables import data_table, facts_table

LOOK_AHEAD_DAYS = 90
LATEST_COUNT = 6
CAREER_LANE = "career"
KEY_IMPORTANCE = 4
SUMMARY_CHARS = 220  # descriptions are shortened here; the chronology has them in full
# "Appointed Chief Constable" → role "Chief Constable".
_ROLE_PREFIX = re.compile(
    r"^(appointed( as)?|becomes|became|promoted to|named( as)?|confirmed as|took up post as)\s+",
    re.IGNORECASE,
)


def career_events(ctx: PackContext) -> list[Event]:
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


def in_post_since(event: Event, ctx: PackContext) -> str:
    """The appointment date with its sources, and any other source's date beside it."""
    text = f"{markup.text(event.date.display)} {ctx.refs.cite(event.sources)}"
    others = [
        f"{markup.text(alt.date.display)} in another source {ctx.refs.cite(alt.sources)}".rstrip()
        for alt in event.alt_dates
    ]
    if others:
        text += f" ({'; '.join(others)})"
    return text


def key_facts(ctx: PackContext) -> list[Flowable]:
    cell = ctx.styles.cell
    careers = career_events(ctx)
    rows: list[tuple[str, Flowable]] = []
    if ctx.subject:
        rows.append(("Organisation", Paragraph(markup.text(ctx.subject), cell)))
    if careers:
        latest = current_role(careers)
        role = f"{markup.bold(role_from_title(latest.title))} {ctx.refs.cite(latest.sources)}"
        rows.append(("Role", Paragraph(role, cell)))
        rows.append(("In post since", Paragraph(in_post_since(latest, ctx), cell)))
        rows.append(("Years of service", Paragraph(markup.text(service_years(careers[0], ctx.as_of)), cell)))
    else:
        rows.append(("Role", Paragraph("No Career events in the data.", ctx.styles.muted)))
    data = ctx.dataset
    counts = f"{len(data.events)} events, {len(data.metrics)} metric series, {len(data.sources)} sources"
    rows.append(("Data", Paragraph(counts, cell)))
    return [facts_table(rows, ctx.frame[0], ctx.styles, ctx.theme)]


def latest_developments(ctx: PackContext) -> list[Event]:
    """The most recent events on or before as-of, newest first."""
    past = [
        e
        for e in ctx.dataset.events
        if e.date.earliest <= ctx.as_of and not (e.status is Status.PLANNED and e.date.latest > ctx.as_of)
    ]
    past.sort(key=lambda e: (e.date.latest, e.date.earliest, e.id), reverse=True)
    return past[:LATEST_COUNT]


def look_ahead(ctx: PackContext) -> list[Event]:
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


def event_rows(events: list[Event], ctx: PackContext, *, window: bool = False) -> list[list[Flowable]]:
    cell = ctx.styles.cell
    rows = []
    for e in events:
        when = markup.text(event_date_text(e))
        if window and not e.date.is_exact_day:
            window_text = f"({window_text_of(e)})"
            when += f"<br/><font color={quoteattr(ctx.theme.muted)}>{window_text}</font>"
        what = markup.bold(e.title)
        if e.description:
            what += f"<br/>{markup.text(shorten(e.description, SUMMARY_CHARS))}"
        rows.append([Paragraph(when, cell), Paragraph(what, cell), Paragraph(ctx.refs.cite(e.sources), cell)])
    return rows


def summary_section(ctx: PackContext) -> list[Flowable]:
    s = ctx.styles
    width = ctx.frame[0]
    widths = [width * 0.2, width * 0.68, width * 0.12]
    out: list[Flowable] = [Paragraph("Key facts", s.h2), *key_facts(ctx)]
    out.append(Paragraph(f"Latest developments (to {ctx.as_of_text})", s.h2))
    latest = latest_developments(ctx)
    if latest:
        out.append(
            data_table(["Date", "Development", "Source"], event_rows(latest, ctx), widths, s, ctx.theme)
        )
    else:
        out.append(Paragraph("No events on or before the as-of date.", s.muted))
    start, end = look_ahead_window(ctx.as_of)
    out.append(
        Paragraph(f"Look-ahead: next {LOOK_AHEAD_DAYS} days ({day_text(start)} – {day_text(end)})", s.h2)
    )
    ahead = look_ahead(ctx)
    if ahead:
        rows = event_rows(ahead, ctx, window=True)
        out.append(data_table(["Date", "Expected", "Source"], rows, widths, s, ctx.theme))
        out.append(Spacer(1, 3))
        out.append(
            Paragraph(
                "Approximate dates are included when any day of their window falls in the period.", s.muted
            )
        )
    else:
        out.append(Paragraph("Nothing is recorded for this period.", s.muted))
    return out
