"""Text width in px, measured with PIL in the TrueType font Chromium draws with (DejaVu Sans)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

Measure = Callable[[str], float]
ELLIPSIS = "…"


@lru_cache(maxsize=16)
def _font(path: str, size: float) -> FreeTypeFont:
    from PIL import ImageFont  # imported on first use: PIL costs start-up time

    return ImageFont.truetype(path, size=max(1, round(size)))


def text_measure(font_path: str, size: float) -> Measure:
    """Width in px of a string drawn in this TrueType font at `size` px, measured with PIL."""
    font = _font(font_path, size)
    scale = size / max(1, round(size))

    @lru_cache(maxsize=4096)
    def width(text: str) -> float:
        return float(font.getlength(text)) * scale

    return width


def wrap(text: str, max_width: float, measure: Measure, lines: int = 2) -> str:
    """`text` on up to `lines` lines of at most `max_width` each, broken between words ("\n"
    between lines); only what still does not fit is cut, with an ellipsis, at a word."""
    if measure(text) <= max_width or lines <= 1:
        return truncate(text, max_width, measure)
    words = text.split(" ")
    taken = 1
    while taken < len(words) and measure(" ".join(words[: taken + 1])) <= max_width:
        taken += 1
    head, rest = " ".join(words[:taken]), " ".join(words[taken:])
    if not rest:
        return truncate(head, max_width, measure)
    return truncate(head, max_width, measure) + "\n" + wrap(rest, max_width, measure, lines - 1)


def truncate(text: str, max_width: float, measure: Measure) -> str:
    """`text`, shortened with an ellipsis so that it measures at most `max_width`.

    The cut falls between words ("…control room…", never "…control roo…"); only a single
    word too long for the space is cut inside.
    """
    if measure(text) <= max_width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix that still fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if measure(text[:mid].rstrip() + ELLIPSIS) <= max_width:
            lo = mid
        else:
            hi = mid - 1
    if 0 < lo < len(text) and not text[lo].isspace() and " " in text[:lo].strip():
        lo = text[:lo].rstrip().rindex(" ")  # back to the end of the last whole word
    return text[:lo].rstrip(" ,;:·-–") + ELLIPSIS if lo else ELLIPSIS
