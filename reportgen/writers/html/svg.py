"""Chromium's SVG of a figure, made fit to sit inline in a page beside other figures.

Plotly names its clip paths and patterns with ids that are the same in every figure
(`normalise_svg` fixes them for byte-identical rebuilds), so two charts inline in one
page would share `#cliprgfig0xyplot` and draw through each other's clips. Each figure's
ids get their own prefix here. The root's fixed size becomes a ceiling: the figure
scales down with the page (it keeps its viewBox) and never grows past the size its
type was laid out for.
"""

from __future__ import annotations

import re

_ID = re.compile(r'\bid="([^"]+)"')
_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)
_ROOT = re.compile(r"<svg\b([^>]*)>")
_SIZE = re.compile(r'\s(width|height)="([\d.]+)(?:px)?"')


def inline_svg(data: bytes, prefix: str) -> str:
    """`data` (one SVG document) as an inline `<svg>` element whose ids all start with `prefix`."""
    text = _PROLOG.sub("", data.decode("utf-8"), count=1)
    ids = sorted(set(_ID.findall(text)), key=len, reverse=True)
    if ids:
        alternatives = "|".join(re.escape(i) for i in ids)
        # an id is referred to as url(#id), url('#id'), href="#id" or xlink:href="#id"
        text = re.sub(
            rf"""(\bid="|url\(['"]?#|href="#)({alternatives})(?=['")])""", rf"\g<1>{prefix}\g<2>", text
        )
    root = _ROOT.search(text)
    if root is None:
        return text
    attrs = dict((name, value) for name, value in _SIZE.findall(root.group(1)))
    width = attrs.get("width", "")
    cleaned = _SIZE.sub("", root.group(1)).replace(' style=""', "")
    # the element that wraps it has role="img" and the text alternative, which makes the
    # drawing presentational; it is not hidden (aria-hidden), or Chromium's tagged PDF would
    # drop the figure, alternative and all, from its structure tree
    style = f' style="max-width:{width}px"' if width else ""
    new_root = f'<svg{cleaned} focusable="false"{style}>'
    return text[: root.start()] + new_root + text[root.end() :]
