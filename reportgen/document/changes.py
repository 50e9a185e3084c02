"""The "Changes since the last edition" section, and the version history it ends with."""

from __future__ import annotations

from typing import Any

from reportgen.changes import Changes
from reportgen.document.blocks import Block, Heading, Inline, Paragraph, Role, Span, Table, plain
from reportgen.document.context import Context
from reportgen.document.text import day_text

HEADING = "Changes since the last edition"


def _events(title: str, events: tuple[dict[str, Any], ...], ctx: Context) -> list[Block]:
    rows = tuple(
        (plain(e["date"]), (Span(e["title"], bold=True),), plain(e["lane"]),
         ctx.refs.cite(e["sources"]) or plain("none"))
        for e in events
    )  # fmt: skip
    return [
        Heading(title, 2, in_contents=False),
        Table(("Date", "Event", "Lane", "Sources"), rows, (0.2, 0.5, 0.15, 0.15), caption=title),
    ]


def _changed(changes: Changes) -> list[Block]:
    rows: list[tuple[Inline, ...]] = []
    for c in changes.changed:
        what: list[Span] = []
        for i, f in enumerate(c.fields):
            what.append(Span(f.describe(), newline=i > 0))
        rows.append(((Span(c.title, bold=True),), plain(c.date), tuple(what)))
    title = "Events changed"
    return [
        Heading(title, 2, in_contents=False),
        Table(("Event", "Date now", "What changed"), tuple(rows), (0.4, 0.2, 0.4), caption=title),
    ]


def changes_blocks(ctx: Context) -> tuple[Block, ...]:
    info = ctx.edition
    if info is None:
        return ()
    if info.changes is None or info.previous is None:
        intro = f"Edition {info.number} of {day_text(info.as_of)} is the first edition: nothing to compare."
        blocks: list[Block] = [Paragraph(plain(intro))]
    else:
        prev = info.previous
        changes = info.changes
        intro = (
            f"Edition {info.number} of {day_text(info.as_of)} against edition {prev.number} of "
            f"{day_text(prev.as_of)}: {changes.summary()}."
        )
        blocks = [Paragraph(plain(intro))]
        if changes.added:
            blocks += _events("Events added", changes.added, ctx)
        if changes.changed:
            blocks += _changed(changes)
        if changes.removed:
            blocks += _events("Events removed", changes.removed, ctx)
        if changes.metrics:
            rows = tuple((plain(m.series), plain(m.describe().split(": ", 1)[1])) for m in changes.metrics)
            title = "Figures added or revised"
            blocks += [
                Heading(title, 2, in_contents=False),
                Table(("Series", "Change"), rows, (0.45, 0.55), caption=title),
            ]
        conflicts = [f"Date conflict appeared: {t}." for t in changes.conflicts_appeared]
        conflicts += [f"Date conflict resolved: {t}." for t in changes.conflicts_resolved]
        for line in conflicts:
            blocks.append(Paragraph(plain(line)))
        if changes.empty:
            blocks.append(Paragraph(plain("No event or figure changed."), Role.NOTE))
    history = tuple((plain(str(n)), plain(day_text(d)), plain(s)) for n, d, s in reversed(info.versions))
    blocks += [
        Heading("Version history", 2, in_contents=False),
        Table(("Edition", "Date", "Changes"), history, (0.15, 0.25, 0.6), caption="Version history"),
    ]
    return tuple(blocks)
