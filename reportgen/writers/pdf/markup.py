"""Safe text for ReportLab's Paragraph markup: the only gate into it.

Paragraph text is a mini-XML language: raw `<`/`&` crash or corrupt the build,
`<img src=...>` embeds any file on disk and `<a href=...>` makes any link. So
document spans reach a Paragraph only through `spans()`, which escapes every text
and builds links only for https/mailto URLs and our own `#anchors`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from xml.sax.saxutils import escape, quoteattr

from reportgen.document.blocks import Inline, Span
from reportgen.document.text import clean, is_safe_url

_ANCHOR = re.compile(r"^[A-Za-z][\w.-]*$")


def text(value: object) -> str:
    """Data text escaped for Paragraph markup: always prints literally."""
    return escape(clean(value))


def spans(inline: Inline, colours: Mapping[str, str], link_colour: str) -> str:
    """Document spans as Paragraph markup; `colours` maps each Tone to a theme colour."""
    return "".join(_span(span, colours, link_colour) for span in inline)


def _span(span: Span, colours: Mapping[str, str], link_colour: str) -> str:
    # spans keep their own spaces (they join words), so only controls are removed here
    shown = escape(_CONTROL_ONLY.sub("", span.text.replace("\n", " ")))
    if span.bold:
        shown = f"<b>{shown}</b>"
    if span.italic:
        shown = f"<i>{shown}</i>"
    if span.tone and span.tone in colours:
        shown = f"<font color={quoteattr(colours[span.tone])}>{shown}</font>"
    if span.href.startswith("#") and _ANCHOR.match(span.href[1:]):
        shown = f'<a href="{span.href}" color={quoteattr(link_colour)}>{shown}</a>'
    elif span.href and is_safe_url(span.href):
        shown = f"<a href={quoteattr(span.href)} color={quoteattr(link_colour)}>{shown}</a>"
    if span.anchor and _ANCHOR.match(span.anchor):
        shown = f'<a name="{span.anchor}"/>{shown}'
    return ("<br/>" if span.newline else "") + shown


_CONTROL_ONLY = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\t\r]")
