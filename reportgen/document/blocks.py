"""The pack's content as writer-neutral blocks: what it says, never how a writer draws it.

Every sentence of the pack is composed once, in `reportgen.document`, as these frozen
values; the PDF writer (ReportLab) and the HTML writer render the same blocks. Inline
text is a tuple of `Span`s, so emphasis, links and citations are data, never markup
strings: user text cannot inject markup into any writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Tone(StrEnum):
    """A colour role a span may take; each writer maps it to the theme's colour."""

    PLAIN = ""
    MUTED = "muted"
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text. `href` is an https/mailto URL or `#anchor`; `anchor` names a link target here."""

    text: str
    bold: bool = False
    italic: bool = False
    tone: Tone = Tone.PLAIN
    href: str = ""
    anchor: str = ""
    newline: bool = False  # a line break before this span


Inline = tuple[Span, ...]


def plain(text: str) -> Inline:
    return (Span(text),) if text else ()


class Role(StrEnum):
    """What a paragraph is; each writer styles it."""

    BODY = "body"
    NOTE = "muted"  # a short explanation or an empty-section line, in muted type
    SMALL = "small"
    CAPTION = "caption"
    REFERENCE = "reference"
    COVER_TITLE = "cover_title"
    COVER_SUBJECT = "cover_subject"


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int  # 1: a section (in the contents); 2: a sub-heading
    anchor: str = ""  # bookmark / fragment id; sections and figures have one
    in_contents: bool = True


@dataclass(frozen=True, slots=True)
class Paragraph:
    spans: Inline
    role: Role = Role.BODY


@dataclass(frozen=True, slots=True)
class KeyValueTable:
    """Label / value rows (key facts, document control): labels are header cells."""

    rows: tuple[tuple[str, Inline], ...]
    caption: str = ""
    plain: bool = False  # no shading: the cover's document control


@dataclass(frozen=True, slots=True)
class Table:
    """A data table: header cells, body rows, relative column widths (they sum to 1)."""

    header: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    widths: tuple[float, ...]
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """A drawn figure (the timeline, a chart): its id among the build's figures, and its text alternative."""

    figure_id: str  # "timeline" or "chart:<metric id>"
    alt: str  # what the figure shows, in words written from the data
    caption: Inline = ()
    data: Table | None = None  # the figure's data as a table (for writers that can fold it away)
    height: float = 0.52  # share of the frame height it may take in print
    longer: str = ""  # anchor of a fuller alternative (the timeline's: the chronology)
    longer_text: str = ""  # the words of the link to it


@dataclass(frozen=True, slots=True)
class MarkingBox:
    """The protective marking shown large (the cover)."""

    marking: str


@dataclass(frozen=True, slots=True)
class Contents:
    """Where the table of contents goes (the writer fills it from the headings)."""


@dataclass(frozen=True, slots=True)
class Gap:
    """Vertical space in millimetres (print); writers that reflow may ignore it."""

    mm: float


@dataclass(frozen=True, slots=True)
class Group:
    """Blocks that belong together (a chart with its heading and caption): kept on one page."""

    blocks: tuple[Block, ...]


Block = Heading | Paragraph | KeyValueTable | Table | Figure | MarkingBox | Contents | Gap | Group


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the pack. `heading` is its level-1 heading (None: the cover).

    Print hints: `new_page` starts it on a fresh page; otherwise it follows on when at
    least `room` (a share of the frame height) is left. `landscape` turns its pages.
    `keep_together` moves a short section whole to the next page rather than split it.
    """

    id: str
    heading: Heading | None
    blocks: tuple[Block, ...]
    new_page: bool = True
    room: float = 0.0
    landscape: bool = False
    keep_together: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """The whole pack, ready for any writer."""

    title: str
    subject: str
    author: str
    marking: str
    as_of_text: str
    keywords: str
    sections: tuple[Section, ...]
    lang: str = "en-GB"
    figures: tuple[str, ...] = field(default=())  # ids of every Figure, in order
    edition_text: str = ""  # "Edition 3 · 15 Oct 2025" (page furniture); "" when editions are off
