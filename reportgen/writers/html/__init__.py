"""The accessible edition: document blocks + figures' SVGs in, one self-contained HTML page out.

    write_html(document, theme, svgs) -> bytes

The same blocks as the print pack, as semantic HTML: `lang` and `<title>`, a skip link,
landmarks, one `h1` (the pack's title) and section headings under it in order, the
contents as links, tables with a caption and `th scope`, every figure an inline SVG
(its text stays text) inside an element whose text alternative is written from the
data, with the figure's values in a table beside it. No script, no web font, no
network: the file works offline and anywhere it is copied. Pure: no disk, no clock.

`for_print=True` gives the variant Chromium prints to the tagged PDF: the same page with
each figure's data table open (a closed `<details>` prints nothing), and each long table
marked with the size of its page's body (`data-page-body`), so the printer can cut it into
one table a page before it prints (`render/paginate.js`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from html import escape
from importlib import resources

from reportgen import __version__
from reportgen.document import blocks as b
from reportgen.document.text import clean, is_safe_url
from reportgen.theme import Theme
from reportgen.writers.html.contrast import readable
from reportgen.writers.html.svg import inline_svg

__all__ = ["write_html"]

_CSS = resources.files(__package__).joinpath("pack.css").read_text(encoding="utf-8")
# print margins in mm (top, sides, bottom): the default page, then the landscape named page ("wide")
_MARGINS = {False: (20, 16, 22), True: (16, 16, 20)}
_PX_PER_PT = 96 / 72
_MM_PER_PT = 25.4 / 72
LONG = 100  # rows from which a printed table is cut at the page feet before Chromium prints it


def write_html(
    document: b.Document, theme: Theme, svgs: Mapping[str, bytes], *, for_print: bool = False
) -> bytes:
    """The pack as one HTML page; `svgs` maps each Figure's id to Chromium's SVG of it."""
    return _Page(document, theme, svgs, for_print).render().encode("utf-8")


def _attr(value: str) -> str:
    return escape(clean(value), quote=True)


def _text(value: str) -> str:
    return escape(clean(value), quote=False)


def _css_string(value: str) -> str:
    """A CSS string literal of plain text (for the print page's margin boxes).

    It sits inside `<style>`, which ends at the first `</style`: `<`, `>` and `&` are written
    as CSS escapes, so no data text can close the element or open another.
    """
    text = clean(value).replace("\\", "\\\\").replace('"', '\\"')
    for ch in "<>&":
        text = text.replace(ch, f"\\{ord(ch):x} ")
    return f'"{text}"'


class _Page:
    def __init__(self, document: b.Document, theme: Theme, svgs: Mapping[str, bytes], for_print: bool):
        self.doc, self.theme, self.svgs, self.for_print = document, theme, svgs, for_print
        self.figure_number = 0
        self.last_heading = ""  # a table captioned as the heading just above it shows it once
        self.wide = False  # the current section prints on the landscape named page ("wide")

    # -- the page -------------------------------------------------------------------------------
    def render(self) -> str:
        d = self.doc
        marked = d.marking != "NONE"
        bar = f'<p class="marking-bar">{_text(d.marking)}</p>' if marked else ""
        body = "\n".join(self._section(s, i) for i, s in enumerate(d.sections))
        return (
            f'<!DOCTYPE html>\n<html lang="{_attr(d.lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_text(d.title)}</title>\n"
            f'<meta name="description" content="{_attr(d.subject)}">\n'
            + (f'<meta name="author" content="{_attr(d.author)}">\n' if d.author else "")
            + f'<meta name="generator" content="reportgen {__version__}">\n'
            f'<meta name="keywords" content="{_attr(d.keywords)}">\n'
            f"<style>\n{self._css()}</style>\n</head>\n<body>\n"
            '<a class="skip" href="#main">Skip to the content</a>\n'
            f'<header>\n{bar}\n<div class="wrap control">{self._control()}</div>\n</header>\n'
            f'<main id="main" class="wrap">\n{body}\n</main>\n'
            f'<footer>\n<div class="wrap control">{self._control()}</div>\n{bar}\n</footer>\n'
            "</body>\n</html>\n"
        )

    def _control(self) -> str:
        d = self.doc
        parts = [d.title, f"as of {d.as_of_text}", *([d.edition_text] if d.edition_text else [])]
        if d.marking != "NONE":
            parts.insert(0, d.marking)
        return "<p>" + " · ".join(_text(p) for p in parts) + "</p>"

    def _css(self) -> str:
        t = self.theme
        page = "#ffffff"
        colours = {
            "text": readable(t.text, page, 7.0),
            "muted": readable(t.muted, page),
            "primary": readable(t.primary, page),
            "accent": t.accent,
            "grid": t.grid,
            "shade": "#f1f3f6",
            "focus": readable(t.accent, page, 3.0),
            "red": readable(t.red, page),
            "amber": readable(t.amber, page),
            "green": readable(t.green, page),
        }
        root = "".join(f"--{k}:{v};" for k, v in colours.items())
        root += f"--font:{_css_string(t.font_family)};"
        marking = self.doc.marking
        mark = _css_string(marking) if marking != "NONE" else '""'
        furniture = _css_string(f"{self.doc.title} · as of {self.doc.as_of_text}")
        # The print page's margins carry the marking top and bottom and "Page X of Y", as the
        # print pack's do (Chromium draws CSS page-margin boxes since version 131).
        boxes = (
            f" @top-center {{ content: {mark}; font: bold 9pt sans-serif; color: #000; }}"
            f" @bottom-center {{ content: {mark}; font: bold 9pt sans-serif; color: #000; }}"
            f" @bottom-left {{ content: {furniture}; font: 8pt sans-serif; color: #333; }}"
            ' @bottom-right { content: "Page " counter(page) " of " counter(pages);'
            " font: 8pt sans-serif; color: #333; }"
        )
        margins = {wide: " ".join(f"{m}mm" for m in _MARGINS[wide]) for wide in (False, True)}
        page_css = (
            f"@page {{ size: {t.page_size} {t.orientation}; margin: {margins[False]};{boxes} }}\n"
            f"@page wide {{ size: {t.page_size} landscape; margin: {margins[True]};{boxes} }}\n"
            "@media print { section.wide { page: wide; } }\n"
        )
        return f":root{{{root}}}\n{_CSS}{page_css}"

    # -- sections and blocks --------------------------------------------------------------------
    def _section(self, section: b.Section, index: int) -> str:
        inner = []
        if section.heading is not None:
            inner.append(self._heading(section.heading, follow=not section.new_page or index <= 1))
        label = f' aria-labelledby="{_attr(section.heading.anchor)}"' if section.heading else ""
        tag = "nav" if section.id == "contents" else "section"
        # a landscape section prints on landscape pages (a CSS named page), as in the print pack
        wide = section.landscape and self.theme.timeline_landscape and self.theme.orientation != "landscape"
        cls = ' class="contents"' if tag == "nav" else ' class="wide"' if wide else ""
        self.wide = wide
        inner += list(self._blocks(section.blocks))
        return f'<{tag} id="part-{_attr(section.id)}"{cls}{label}>\n' + "\n".join(inner) + f"\n</{tag}>"

    def _page_body(self) -> str:
        """The body of the page the current section prints on, in CSS px ("width x height")."""
        from reportgen.room import page_size

        width, height = page_size(self.theme, self.wide)  # points
        top, side, bottom = _MARGINS[self.wide]
        body_w = (width - 2 * side / _MM_PER_PT) * _PX_PER_PT
        body_h = (height - (top + bottom) / _MM_PER_PT) * _PX_PER_PT
        return f"{body_w:.2f}x{body_h:.2f}"

    def _blocks(self, blocks: tuple[b.Block, ...]) -> Iterator[str]:
        references: list[b.Paragraph] = []
        for block in blocks:
            if isinstance(block, b.Paragraph) and block.role is b.Role.REFERENCE:
                references.append(block)
                continue
            if references:
                yield self._references(references)
                references = []
            yield self._block(block)
        if references:
            yield self._references(references)

    def _block(self, block: b.Block) -> str:
        if isinstance(block, b.Heading):
            return self._heading(block)
        if isinstance(block, b.Paragraph):
            return self._paragraph(block)
        if isinstance(block, b.Table):
            return self._table(block)
        if isinstance(block, b.KeyValueTable):
            return self._facts(block)
        if isinstance(block, b.Figure):
            return self._figure(block)
        if isinstance(block, b.Group):
            return '<div class="group">' + "\n".join(self._blocks(block.blocks)) + "</div>"
        if isinstance(block, b.MarkingBox):
            return f'<p class="marking-box">{_text(block.marking)}</p>'
        if isinstance(block, b.Contents):
            return self._contents()
        if isinstance(block, b.Gap):
            return ""
        raise TypeError(f"no HTML form for {type(block).__name__}")

    def _heading(self, heading: b.Heading, follow: bool = True) -> str:
        # the pack's title is the page's one h1; its sections are h2, sub-headings h3
        level = 2 if heading.level == 1 else 3
        self.last_heading = heading.text
        anchor = f' id="{_attr(heading.anchor)}"' if heading.anchor else ""
        cls = ' class="follow"' if level == 2 and follow else ""
        return f"<h{level}{anchor}{cls}>{_text(heading.text)}</h{level}>"

    def _paragraph(self, paragraph: b.Paragraph) -> str:
        content = self._spans(paragraph.spans)
        if paragraph.role is b.Role.COVER_TITLE:
            return f"<h1>{content}</h1>"
        cls = {
            b.Role.BODY: "",
            b.Role.NOTE: "note",
            b.Role.SMALL: "small",
            b.Role.CAPTION: "caption",
            b.Role.COVER_SUBJECT: "subject",
        }.get(paragraph.role, "")
        return f'<p class="{cls}">{content}</p>' if cls else f"<p>{content}</p>"

    def _references(self, entries: list[b.Paragraph]) -> str:
        items = "\n".join(f"<li>{self._spans(p.spans)}</li>" for p in entries)
        return f'<ol class="references">\n{items}\n</ol>'

    def _contents(self) -> str:
        items = [
            f'<li><a href="#{_attr(s.heading.anchor)}">{_text(s.heading.text)}</a></li>'
            for s in self.doc.sections
            if s.heading is not None and s.heading.in_contents and s.heading.anchor
        ]
        return "<ol>\n" + "\n".join(items) + "\n</ol>"

    def _caption(self, text: str) -> str:
        """A table's caption; visually hidden (still read out) when the heading above says the same."""
        if not text:
            return ""
        hidden = ' class="vh"' if text == self.last_heading else ""
        return f"<caption{hidden}>{_text(text)}</caption>"

    def _table(self, table: b.Table, css: str = "data") -> str:
        caption = self._caption(table.caption)
        head = "".join(f'<th scope="col">{_text(h)}</th>' for h in table.header)
        cols = "".join(f'<col style="width:{w * 100:.0f}%">' for w in table.widths)
        rows = []
        for row in table.rows:
            cells = "".join(
                f'<td data-label="{_attr(h)}">{self._spans(c)}</td>'
                for h, c in zip(table.header, row, strict=False)
            )
            rows.append(f"<tr>{cells}</tr>")
        body = "\n".join(rows)
        # printed, a long table is cut into one table a page (Chromium's print of one long
        # table grows faster than its rows: 10,000 rows took 15.6 s, cut 10.4 s)
        paged = f' data-page-body="{self._page_body()}"' if self.for_print and len(rows) > LONG else ""
        return (
            f'<div class="table-wrap"><table class="{css}"{paged}>{caption}<colgroup>{cols}</colgroup>'
            f"<thead><tr>{head}</tr></thead>\n"
            f"<tbody>\n{body}\n</tbody></table></div>"
        )

    def _facts(self, table: b.KeyValueTable) -> str:
        css = "plain" if table.plain else "facts"
        caption = self._caption(table.caption)
        rows = "\n".join(
            f'<tr><th scope="row">{_text(label)}</th><td>{self._spans(value)}</td></tr>'
            for label, value in table.rows
        )
        table_html = f'<table class="{css}">{caption}<tbody>\n{rows}\n</tbody></table>'
        return f'<div class="table-wrap">{table_html}</div>'

    def _figure(self, figure: b.Figure) -> str:
        self.figure_number += 1
        fid = f"figure-{self.figure_number}"
        svg = self.svgs.get(figure.figure_id)
        if svg is None:
            image = f'<p class="note">Figure not available. {_text(figure.alt)}</p>'
        else:
            drawing = inline_svg(svg, f"f{self.figure_number}-")
            image = f'<div class="figure-image" role="img" aria-label="{_attr(figure.alt)}">{drawing}</div>'
        parts = [image]
        if figure.caption:
            parts.append(f"<figcaption>{self._spans(figure.caption)}</figcaption>")
        if figure.data is not None:
            opened = " open" if self.for_print else ""
            parts.append(
                f"<details{opened}><summary>The values behind this chart</summary>"
                f"{self._table(figure.data)}</details>"
            )
        if figure.longer:
            parts.append(
                f'<p class="note"><a href="#{_attr(figure.longer)}">{_text(figure.longer_text)}</a></p>'
            )
        return f'<figure id="{fid}">\n' + "\n".join(parts) + "\n</figure>"

    # -- inline text ----------------------------------------------------------------------------
    def _spans(self, spans: b.Inline) -> str:
        return "".join(self._span(s) for s in spans)

    def _span(self, span: b.Span) -> str:
        shown = escape(span.text.replace("\n", " "), quote=False)
        shown = "".join(ch for ch in shown if ch >= " " or ch == "\t")
        if span.bold:
            shown = f"<strong>{shown}</strong>"
        if span.italic:
            shown = f"<em>{shown}</em>"
        if span.tone:
            shown = f'<span class="tone-{span.tone.value}">{shown}</span>'
        if span.href.startswith("#ref-"):
            shown = f'<a class="cite" href="{_attr(span.href)}">{shown}</a>'
        elif (span.href.startswith("#") and len(span.href) > 1) or (span.href and is_safe_url(span.href)):
            shown = f'<a href="{_attr(span.href)}">{shown}</a>'
        if span.anchor:
            shown = f'<span id="{_attr(span.anchor)}">{shown}</span>'
        return ("<br>" if span.newline else "") + shown
