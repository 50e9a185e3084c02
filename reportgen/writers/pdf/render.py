"""Document blocks → ReportLab flowables (the story), one function per kind of block."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus.tableofcontents import TableOfContents

from reportgen.document import blocks as b
from reportgen.room import figure_room
from reportgen.theme import Theme
from reportgen.writers.pdf import markup
from reportgen.writers.pdf.doc import Heading, PackDoc
from reportgen.writers.pdf.figures import FigureSlot, FigureSource
from reportgen.writers.pdf.styles import Styles
from reportgen.writers.pdf.tables import CellLines, CellParagraph, data_table, facts_table


class StoryWriter:
    """Turns a Document's sections into one story for `PackDoc.multiBuild`."""

    def __init__(
        self,
        doc: PackDoc,
        styles: Styles,
        theme: Theme,
        figures: Mapping[str, FigureSource],
    ):
        self.doc, self.styles, self.theme, self.figures = doc, styles, theme, figures
        self.colours = {"muted": theme.muted, "red": theme.red, "amber": theme.amber, "green": theme.green}
        self.frame = doc.frame_size("portrait")
        self.wide = doc.frame_size("landscape")
        self._landscape = False
        # Lanes and source lists repeat from row to row: one (immutable once laid out) cell each
        # saves parsing and line-breaking the same markup thousands of times in a long pack.
        self._cells: dict[tuple[b.Inline, str], CellParagraph] = {}

    def story(self, document: b.Document) -> list[Flowable]:
        out: list[Flowable] = [self.doc.page_count]
        for i, section in enumerate(document.sections):
            out += self._break(section, first=i == 0)
            flowables = self._section(section)
            out += [KeepTogether(flowables)] if section.keep_together else flowables
        return out

    def _break(self, section: b.Section, *, first: bool) -> list[Flowable]:
        landscape = (
            section.landscape and self.theme.timeline_landscape and self.theme.orientation != "landscape"
        )
        out: list[Flowable] = []
        if landscape != self._landscape:
            out.append(NextPageTemplate("landscape" if landscape else "portrait"))
            self._landscape = landscape
            return [] if first else [*out, PageBreak()]
        if first:
            return out
        if section.new_page:
            return [*out, PageBreak()]
        return [*out, CondPageBreak(self.frame[1] * section.room)] if section.room else out

    @property
    def _width(self) -> float:
        return (self.wide if self._landscape else self.frame)[0]

    @property
    def _height(self) -> float:
        return (self.wide if self._landscape else self.frame)[1]

    def _section(self, section: b.Section) -> list[Flowable]:
        out: list[Flowable] = []
        if section.heading is not None:
            out.append(self._heading(section.heading))
        for block in section.blocks:
            out += self._block(block)
        return out

    def _block(self, block: b.Block) -> list[Flowable]:
        if isinstance(block, b.Heading):
            return [self._heading(block)]
        if isinstance(block, b.Paragraph):
            return [RLParagraph(self._markup(block.spans), self._style(block.role))]
        if isinstance(block, b.Table):
            return [self._table(block)]
        if isinstance(block, b.KeyValueTable):
            return [self._facts(block)]
        if isinstance(block, b.Figure):
            return self._figure(block)
        if isinstance(block, b.Group):
            return [KeepTogether([f for inner in block.blocks for f in self._block(inner)])]
        if isinstance(block, b.MarkingBox):
            return [self._marking_box(block.marking)]
        if isinstance(block, b.Contents):
            return [TableOfContents(levelStyles=list(self.styles.toc), dotsMinLevel=0)]
        if isinstance(block, b.Gap):
            return [Spacer(1, block.mm * mm)]
        raise TypeError(f"no PDF form for {type(block).__name__}")

    def _markup(self, spans: b.Inline) -> str:
        return markup.spans(spans, self.colours, self.theme.primary)

    def _style(self, role: b.Role) -> object:
        return getattr(self.styles, role.value)

    def _heading(self, heading: b.Heading) -> Flowable:
        style = self.styles.h1 if heading.level == 1 else self.styles.h2
        if not heading.anchor:  # a sub-heading: no bookmark, no outline entry
            return RLParagraph(markup.text(heading.text), style)
        return Heading(heading.text, style, heading.anchor, level=heading.level - 1, toc=heading.in_contents)

    def _cell(self, spans: b.Inline, shared: bool = False) -> Flowable:
        lines = _lines(spans)
        if len(lines) == 1:
            return self._paragraph(spans, self.styles.cell, shared)
        return CellLines([self._line(line, shared) for line in lines])

    def _line(self, spans: b.Inline, shared: bool) -> CellParagraph:
        """One line of a cell; a single plain span is set in its font by style, not by markup."""
        span = spans[0] if len(spans) == 1 else None
        if span is None or span.tone or span.href or span.anchor:
            return self._paragraph(spans, self.styles.cell_line[False, False], shared)
        style = self.styles.cell_line[span.bold, span.italic]
        return self._paragraph((replace(span, bold=False, italic=False),), style, shared)

    def _paragraph(self, spans: b.Inline, style: ParagraphStyle, shared: bool) -> CellParagraph:
        if not shared:
            return CellParagraph(self._markup(spans), style)
        key = (spans, style.name)
        if key not in self._cells:
            self._cells[key] = CellParagraph(self._markup(spans), style)
        return self._cells[key]

    def _table(self, table: b.Table) -> Flowable:
        widths = [self._width * w for w in table.widths]
        # short cells (a lane, a list of sources) repeat down a long table: shared
        rows = [[self._cell(c, shared=len(c) <= 3 and sum(len(s.text) for s in c) < 40) for c in row]
                for row in table.rows]  # fmt: skip
        return data_table(list(table.header), rows, widths, self.styles, self.theme)

    def _facts(self, table: b.KeyValueTable) -> Flowable:
        if table.plain:
            return self._plain_facts(table)
        rows = [(label, RLParagraph(self._markup(value), self.styles.cell)) for label, value in table.rows]
        return facts_table(rows, self._width, self.styles, self.theme)

    def _plain_facts(self, table: b.KeyValueTable) -> Table:
        s = self.styles
        data = [[RLParagraph(markup.text(label), s.muted), RLParagraph(self._markup(value), s.cover_line)]
                for label, value in table.rows]  # fmt: skip
        out = Table(data, colWidths=[40 * mm, self._width - 40 * mm], hAlign="LEFT")
        out.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "BASELINE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
        )
        return out

    def _figure(self, figure: b.Figure) -> list[Flowable]:
        source = self.figures.get(figure.figure_id)
        if source is None:
            out: list[Flowable] = [RLParagraph("Chart not available.", self.styles.muted)]
        else:
            # drawn for this room (`room.figure_px`), so it is placed at its printed size
            full = figure.height >= 1.0
            width, height = figure_room(self.theme, full_page=full, wide=self._landscape)
            out = [FigureSlot(figure.figure_id, source, width, height, self.doc.placements)]
            out += [Spacer(1, 4)] if full else []
        if figure.caption:
            out.append(RLParagraph(self._markup(figure.caption), self.styles.caption))
        return out

    def _marking_box(self, marking: str) -> Table:
        box = Table([[RLParagraph(markup.text(marking), self.styles.cover_marking)]], colWidths=[self._width])
        box.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 2, colors.HexColor(self.theme.accent)),
                    ("TOPPADDING", (0, 0), (-1, -1), 8),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ]
            )
        )
        return box


def _lines(spans: b.Inline) -> list[b.Inline]:
    """`spans` cut before each span that starts a new line (a leading break stays put)."""
    lines: list[list[b.Span]] = []
    for i, span in enumerate(spans):
        if i == 0 or span.newline:
            lines.append([replace(span, newline=False) if i else span])
        else:
            lines[-1].append(span)
    return [tuple(line) for line in lines] or [spans]
