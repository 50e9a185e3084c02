"""The Chronology: every event in date order, in one table whose header repeats on each page."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from reportgen.model import Status
from reportgen.pack import markup
from reportgen.pack.context import PackContext, event_date_text
from reportgen.pack.tables import CellParagraph, data_table


def chronology_section(ctx: PackContext) -> list[Flowable]:
    s = ctx.styles
    events = ctx.events_by_date()
    if not events:
        return [Paragraph("No events are recorded in the data.", s.muted)]
    width = ctx.frame[0]
    widths = [width * 0.17, width * 0.57, width * 0.14, width * 0.12]
    rows = []
    # Lanes and source lists repeat from row to row: one (immutable once laid out) cell each
    # saves parsing and line-breaking the same markup thousands of times in a long pack.
    shared: dict[str, CellParagraph] = {}

    def cell(markup_text: str) -> CellParagraph:
        if markup_text not in shared:
            shared[markup_text] = CellParagraph(markup_text, s.cell)
        return shared[markup_text]

    for e in events:
        when = markup.text(event_date_text(e))
        if e.status is Status.PLANNED:
            when += "<br/><i>planned</i>"
        what = markup.bold(e.title)
        if e.description:
            what += f"<br/>{markup.text(e.description)}"
        sources = ctx.refs.cite(e.sources) or "<i>none</i>"
        rows.append(
            [
                CellParagraph(when, s.cell),
                CellParagraph(what, s.cell),
                cell(markup.text(e.lane)),
                cell(sources),
            ]
        )
    intro = Paragraph(
        f"All {len(events)} events in date order. Dates are shown as the sources give them; "
        "numbers in brackets are the references at the end of this pack.",
        s.muted,
    )
    return [intro, data_table(["Date", "Event", "Lane", "Sources"], rows, widths, s, ctx.theme)]
