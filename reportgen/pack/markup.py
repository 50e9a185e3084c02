"""Safe text for ReportLab's Paragraph markup.

Paragraph text is a mini-XML language: raw `<`/`&` crash or corrupt the build,
`<img src=...>` embeds any file on disk and `<a href=...>` makes any link. So
every string that came from data goes through `text()` and every link we build
goes through `link()`; nothing else may reach a Paragraph.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

# C0 and C1 control characters (tab and newline become spaces instead): ReportLab
# draws them as black boxes.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"[\t\n\r]+")
SAFE_SCHEMES = ("https", "mailto")


def clean(value: object) -> str:
    """Plain text with control characters removed and line breaks folded to spaces."""
    return _CONTROL.sub("", _SPACE.sub(" ", str(value))).strip()


def text(value: object) -> str:
    """Data text escaped for Paragraph markup: always prints literally."""
    return escape(clean(value))


def bold(value: object) -> str:
    return f"<b>{text(value)}</b>"


def is_safe_url(url: str | None) -> bool:
    """True for https and mailto URLs without spaces or control characters."""
    if not url or clean(url) != url or " " in url:
        return False
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES


def link(url: str | None, label: object | None = None, colour: str = "#1f3b73") -> str:
    """A clickable link for https/mailto URLs; anything else prints as plain text."""
    shown = text(url if label is None else label)
    if url is None or not is_safe_url(url):
        return shown
    return f"<a href={quoteattr(url)} color={quoteattr(colour)}>{shown}</a>"


def anchor_link(key: str, label: str, colour: str = "#1f3b73") -> str:
    """A link to an internal bookmark; `key` and `label` are our own markup-free strings."""
    return f'<a href="#{key}" color={quoteattr(colour)}>{escape(label)}</a>'
