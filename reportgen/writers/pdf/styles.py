"""Fonts and paragraph styles for the pack, all derived from the Theme.

The theme's TTF files are embedded (subset) so any Unicode text in the data
prints. (The figures carry their own fonts: Chromium embeds them in each figure's PDF.)
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.fonts import tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from reportgen.errors import EnvironmentProblem
from reportgen.theme import Theme

MIN_TEXT_PT = 9.0  # body, table, caption and note text in print (page furniture may be smaller)


@dataclass(frozen=True, slots=True)
class Fonts:
    regular: str
    bold: str
    italic: str


@functools.cache
def register_fonts(
    family: str, regular: str, bold: str, italic: str, stamps: tuple[tuple[int, int] | None, ...] = ()
) -> Fonts:
    """Register the theme's TTFs with ReportLab (once per process and version of the files:
    `stamps`, so a long-lived process reads a font file again once it is replaced)."""
    names = {}
    for role, path in (("regular", regular), ("bold", bold), ("italic", italic)):
        name = Path(path).stem
        try:
            pdfmetrics.registerFont(TTFont(name, path))
        except (TTFError, OSError) as exc:
            raise EnvironmentProblem(
                f"cannot load the style's {role} font {path}: {exc}; install it "
                "(apt-get install fonts-dejavu-core) or set [fonts] in your style"
            ) from None
        names[role] = name
    pdfmetrics.registerFontFamily(
        names["regular"],
        normal=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        boldItalic=names["bold"],
    )
    return Fonts(**names)


def theme_fonts(theme: Theme) -> Fonts:
    files = (theme.font_regular, theme.font_bold, theme.font_italic)
    return register_fonts(theme.font_family, *files, stamps=tuple(_stamp(f) for f in files))


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None  # register_fonts says what is wrong with it
    return st.st_mtime_ns, st.st_size


@dataclass(frozen=True, slots=True)
class Styles:
    """The paragraph styles the pack uses, named for what they are."""

    fonts: Fonts
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    # a line of a cell in one font, by (bold, italic); these split anywhere, as the lines
    # of a cell are kept together by `tables.CellLines`
    cell_line: Mapping[tuple[bool, bool], ParagraphStyle]
    cell_head: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    caption: ParagraphStyle
    reference: ParagraphStyle
    cover_title: ParagraphStyle
    cover_subject: ParagraphStyle
    cover_marking: ParagraphStyle
    cover_line: ParagraphStyle
    toc: tuple[ParagraphStyle, ...]


def make_styles(theme: Theme) -> Styles:
    fonts = theme_fonts(theme)
    size = theme.base_size
    text = colors.HexColor(theme.text)
    muted = colors.HexColor(theme.muted)
    primary = colors.HexColor(theme.primary)

    def style(name: str, **kw: object) -> ParagraphStyle:
        base: dict[str, object] = {
            "fontName": fonts.regular,
            "fontSize": size,
            "leading": size * 1.3,
            "textColor": text,
            # no paragraph leaves a single line at the foot or the head of a page
            "allowWidows": 0,
            "allowOrphans": 0,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    small = max(MIN_TEXT_PT, size * 0.88)  # tables, captions and notes: never below print size
    return Styles(
        fonts=fonts,
        body=style("body", spaceAfter=size * 0.5),
        small=style("small", fontSize=small, leading=small * 1.3),
        muted=style("muted", fontSize=small, leading=small * 1.3, textColor=muted),
        cell=style("cell", fontSize=small, leading=small * 1.25),
        cell_line={
            (bold, italic): style(
                f"cell_line_{int(bold)}{int(italic)}",
                fontName=tt2ps(fonts.regular, int(bold), int(italic)),  # the family registered above
                fontSize=small,
                leading=small * 1.25,
                allowWidows=1,
                allowOrphans=1,
            )
            for bold in (False, True)
            for italic in (False, True)
        },
        cell_head=style(
            "cell_head", fontName=fonts.bold, fontSize=small, leading=small * 1.25, textColor=colors.white
        ),
        h1=style(
            "h1",
            fontName=fonts.bold,
            fontSize=theme.heading_size,
            leading=theme.heading_size * 1.25,
            textColor=primary,
            spaceBefore=size * 1.6,
            spaceAfter=size * 0.8,
            keepWithNext=1,  # a heading never ends a page
        ),
        h2=style(
            "h2",
            fontName=fonts.bold,
            fontSize=size * 1.2,
            leading=size * 1.55,
            textColor=primary,
            spaceBefore=size * 0.9,
            spaceAfter=size * 0.35,
            keepWithNext=1,
        ),
        caption=style("caption", fontSize=small, leading=small * 1.3, textColor=text, spaceAfter=size),
        reference=style(
            "reference",
            fontSize=small,
            leading=small * 1.3,
            leftIndent=22,
            firstLineIndent=-22,
            spaceAfter=size * 0.45,
        ),
        cover_title=style(
            "cover_title", fontName=fonts.bold, fontSize=26, leading=32, textColor=primary, spaceAfter=10
        ),
        cover_subject=style("cover_subject", fontSize=15, leading=20, textColor=text, spaceAfter=24),
        cover_marking=style(
            "cover_marking",
            fontName=fonts.bold,
            fontSize=20,
            leading=26,
            alignment=TA_CENTER,
            textColor=colors.HexColor(theme.accent),
        ),
        cover_line=style("cover_line", fontSize=11, leading=16),
        toc=(
            style("toc1", fontSize=size * 1.1, leading=size * 1.9, leftIndent=0, firstLineIndent=0),
            style("toc2", fontSize=size, leading=size * 1.5, leftIndent=14, firstLineIndent=0),
        ),
    )
