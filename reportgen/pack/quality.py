"""Data quality: what a reader should double-check before relying on a fact."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from reportgen.model import DatePrecision, Event, Status
from reportgen.pack import markup
from reportgen.pack.context import PackContext, event_date_text, window_text_of
from reportgen.pack.tables import CellParagraph, data_table

# Dates known no better than this are listed as approximate (month dates are not).
_COARSE = {
    DatePrecision.QUARTER,
    DatePrecision.PART_OF_YEAR,
    DatePrecision.YEAR,
    DatePrecision.DECADE,
    DatePrecision.CENTURY,
}


def is_approximate(event: Event) -> bool:
    return event.date.approximate or event.date.precision in _COARSE


def conflicts(ctx: PackContext) -> list[Flowable]:
    events = [e for e in ctx.events_by_date() if e.alt_dates]
    if not events:
        return [Paragraph("No source disagrees with another about a date.", ctx.styles.muted)]
    cell, refs, rows = ctx.styles.cell, ctx.refs, []
    for e in events:
        used = f"{markup.text(e.date.display)} {refs.cite(e.sources)}"
        other = "<br/>".join(
            f"{markup.text(a.date.display)} {refs.cite(a.sources)}"
            + (f" — {markup.text(a.note)}" if a.note else "")
            for a in e.alt_dates
        )
        rows.append([Paragraph(markup.bold(e.title), cell), Paragraph(used, cell), Paragraph(other, cell)])
    w = ctx.frame[0]
    header = ["Event", "Date used in this pack", "Other source(s) say"]
    return [data_table(header, rows, [w * 0.3, w * 0.25, w * 0.45], ctx.styles, ctx.theme)]


def _event_list(events: list[Event], ctx: PackContext, empty: str, window: bool = False) -> list[Flowable]:
    if not events:
        return [Paragraph(empty, ctx.styles.muted)]
    cell, rows = ctx.styles.cell, []
    for e in events:
        when = markup.text(event_date_text(e))
        if window:
            when += f" ({window_text_of(e)})"
        rows.append(
            [
                CellParagraph(markup.bold(e.title), cell),
                CellParagraph(when, cell),
                CellParagraph(markup.text(e.loc), cell),
            ]
        )
    w = ctx.frame[0]
    header = ["Event", "Date" + (" (window)" if window else ""), "Where in the data"]
    return [data_table(header, rows, [w * 0.4, w * 0.3, w * 0.3], ctx.styles, ctx.theme)]


def quality_section(ctx: PackContext) -> list[Flowable]:
    s, events, as_of = ctx.styles, ctx.events_by_date(), ctx.as_of
    out: list[Flowable] = [Paragraph("Conflicting dates between sources", s.h2), *conflicts(ctx)]
    out.append(Paragraph("Events without a source", s.h2))
    out += _event_list([e for e in events if not e.sources], ctx, "Every event cites a source.")
    out.append(Paragraph("Approximate dates", s.h2))
    out += _event_list([e for e in events if is_approximate(e)], ctx, "No approximate dates.", window=True)
    out.append(Paragraph(f"Planned events whose date has passed (as of {ctx.as_of_text})", s.h2))
    overdue = [e for e in events if e.status is Status.PLANNED and e.date.latest < as_of]
    out += _event_list(overdue, ctx, "None: no planned event is overdue.")
    if ctx.warnings:
        out.append(Paragraph("Warnings from the data check", s.h2))
        out += [Paragraph("• " + markup.text(w), s.small) for w in ctx.warnings]
    return out
