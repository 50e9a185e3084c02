"""The pack's content, built once as writer-neutral blocks (see `blocks`).

    doc = build_document(dataset, as_of=…, title=…, marking=…)

Sections, in order: cover, contents, summary, timeline, performance and inspection,
chronology, data quality, references. Pure: no I/O, no clock, no renderer imports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportgen.document.blocks import Document, Heading, Section
from reportgen.document.changes import HEADING as CHANGES
from reportgen.document.changes import changes_blocks
from reportgen.document.context import Context, Control
from reportgen.document.figures import CHART, TIMELINE, performance_blocks, timeline_blocks
from reportgen.document.front import contents, cover
from reportgen.document.records import chronology_blocks, quality_blocks, references_blocks
from reportgen.document.refs import References
from reportgen.document.summary import summary_blocks
from reportgen.document.text import clean, day_text
from reportgen.errors import Diagnostic
from reportgen.model import Dataset

if TYPE_CHECKING:
    from reportgen.editions import EditionInfo

__all__ = ["CHART", "SECTIONS", "TIMELINE", "Document", "build_document"]

SECTIONS = (
    "Summary",
    "Timeline",
    "Performance and inspection",
    "Chronology",
    "Data quality",
    "References",
)


def _heading(name: str) -> Heading:
    return Heading(name, 1, "section-" + name.lower().replace(" ", "-"))


def build_document(
    dataset: Dataset,
    *,
    as_of: dt.date,
    title: str,
    subject: str = "",
    prepared_by: str = "",
    version: str = "1.0",
    marking: str = "NONE",
    warnings: Sequence[Diagnostic] = (),
    landscape_timeline: bool = True,
    edition: EditionInfo | None = None,
    control: Control | None = None,
) -> Document:
    """Everything the pack says, in order, for any writer."""
    title, subject = clean(title) or "Briefing pack", clean(subject)
    ctx = Context(
        dataset=dataset,
        refs=References.number(dataset),
        as_of=as_of,
        title=title,
        subject=subject,
        prepared_by=clean(prepared_by),
        version=clean(version),
        marking=marking,
        warnings=tuple(warnings),
        edition=edition,
        control=control or Control(),
    )
    summary, timeline, performance, chronology, quality, references = (_heading(s) for s in SECTIONS)
    # a section appears when it has content: no metrics, no performance section
    charts = [Section("performance", performance, performance_blocks(ctx))] if dataset.metrics else []
    # after the summary, which points to it; the first edition has nothing to compare, and says
    # so in the summary alone
    changed = (
        [Section("changes", _heading(CHANGES), changes_blocks(ctx), new_page=False, room=0.3)]
        if edition is not None and edition.previous is not None
        else []
    )
    sections = (
        cover(ctx),
        contents(),
        Section("summary", summary, summary_blocks(ctx)),
        *changed,
        Section("timeline", timeline, timeline_blocks(ctx), landscape=landscape_timeline),
        *charts,
        # a short section follows on when half a page is left; a short reference list moves whole
        Section("chronology", chronology, chronology_blocks(ctx), new_page=False, room=0.25),
        Section("quality", quality, quality_blocks(ctx), new_page=False, room=0.25),
        Section(
            "references", references, references_blocks(ctx), new_page=False, room=0.3, keep_together=True
        ),
    )
    figures = (TIMELINE, *(CHART + m.id for m in dataset.metrics))
    return Document(
        title=title,
        subject=subject or title,
        author=ctx.prepared_by,
        marking=marking,
        as_of_text=day_text(as_of),
        keywords=f"protective marking: {marking}; as of {as_of.isoformat()}",
        sections=sections,
        figures=figures,
        edition_text=f"Edition {edition.number} · {day_text(edition.as_of)}" if edition else "",
    )
