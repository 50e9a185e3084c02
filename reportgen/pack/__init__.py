"""The PDF briefing pack: model + exported figures in, PDF bytes out (pure; no disk, no clock).

Sections, in order: cover, contents, summary, timeline, performance and
inspection, chronology, data quality, references. Every page carries the
protective marking (top and bottom, centred), the pack title, the as-of date
and "Page X of Y". Data text is escaped (pack.markup) before it reaches
ReportLab's Paragraph markup.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence

from reportlab import rl_config
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, NextPageTemplate, PageBreak

from reportgen import __version__
from reportgen.errors import Diagnostic
from reportgen.model import Dataset
from reportgen.pack import markup
from reportgen.pack.chronology import chronology_section
from reportgen.pack.context import PackContext, day_text
from reportgen.pack.document import Heading, PackDoc
from reportgen.pack.figures import SvgSource
from reportgen.pack.furniture import Furniture
from reportgen.pack.quality import quality_section
from reportgen.pack.references import References, references_section
from reportgen.pack.sections import contents, cover, performance, timeline_page
from reportgen.pack.styles import make_styles
from reportgen.pack.summary import summary_section
from reportgen.theme import Theme

# Same inputs → byte-identical PDF: fixed dates and /ID. The global switch (not the
# per-document flag) also makes svglib drawings stable.
rl_config.invariant = 1

SECTIONS = (
    "Summary",
    "Timeline",
    "Performance and inspection",
    "Chronology",
    "Data quality",
    "References",
)


def render_pack(
    dataset: Dataset,
    *,
    theme: Theme,
    as_of: dt.date,
    title: str,
    subject: str,
    prepared_by: str,
    version: str,
    marking: str,
    timeline_svg: SvgSource,
    chart_svgs: Mapping[str, SvgSource],
    warnings: Sequence[Diagnostic] = (),
) -> bytes:
    """Lay out the briefing pack and return the PDF bytes.

    A figure may be a `PendingSvg` still being drawn: the layout waits for it only when it draws.
    """
    rl_config.invariant = 1
    styles = make_styles(theme)
    title, subject = markup.clean(title) or "Briefing pack", markup.clean(subject)
    furniture = Furniture(title, day_text(as_of), marking, theme, styles.fonts)
    buffer = io.BytesIO()
    doc = PackDoc(
        buffer,
        theme,
        furniture,
        title=title,
        author=markup.clean(prepared_by),
        subject=subject or title,
        keywords=f"protective marking: {marking}; as of {as_of.isoformat()}",
        creator=f"reportgen {__version__}",
        producer=f"reportgen {__version__} (ReportLab)",
        lang="en-GB",
    )
    ctx = PackContext(
        dataset=dataset,
        theme=theme,
        styles=styles,
        refs=References.number(dataset, theme.primary),
        as_of=as_of,
        title=title,
        subject=subject,
        prepared_by=markup.clean(prepared_by),
        version=markup.clean(version),
        marking=marking,
        warnings=tuple(warnings),
        frame=doc.frame_size("portrait"),
        wide_frame=doc.frame_size("landscape"),
    )
    doc.multiBuild(_story(ctx, doc, timeline_svg, chart_svgs))
    return buffer.getvalue()


def _story(
    ctx: PackContext, doc: PackDoc, timeline_svg: SvgSource, chart_svgs: Mapping[str, SvgSource]
) -> list[Flowable]:
    h1 = ctx.styles.h1
    half = ctx.frame[1] * 0.5
    landscape = ctx.theme.timeline_landscape and ctx.theme.orientation != "landscape"

    def heading(name: str) -> Heading:
        return Heading(name, h1, "section-" + name.lower().replace(" ", "-"))

    story: list[Flowable] = [doc.page_count, *cover(ctx), PageBreak()]
    story += [Heading("Contents", h1, "contents", toc=False), *contents(ctx), PageBreak()]
    story += [heading("Summary"), *summary_section(ctx)]
    story += [NextPageTemplate("landscape" if landscape else "portrait"), PageBreak()]
    story += [heading("Timeline"), *timeline_page(ctx, timeline_svg, landscape)]
    story += [NextPageTemplate("portrait"), PageBreak()]
    # Long sections start on a fresh page; a short one follows on when half a page is left.
    story += [heading("Performance and inspection"), *performance(ctx, chart_svgs), CondPageBreak(half)]
    story += [heading("Chronology"), *chronology_section(ctx), CondPageBreak(half)]
    story += [heading("Data quality"), *quality_section(ctx), CondPageBreak(ctx.frame[1] * 0.3)]
    # A short reference list moves whole to the next page rather than leave one entry
    # stranded; a list longer than a page splits as usual.
    refs = references_section(ctx.refs, ctx.styles.reference, ctx.styles.muted)
    story += [KeepTogether([heading("References"), *refs])]
    return story
