"""Text colours that read: WCAG 2 contrast, and the nearest darker shade that reaches it.

A style's colours are chosen for print marks (an amber bar reads on paper at any shade);
as text on a screen they must reach 4.5:1 against the page (WCAG 2.2 SC 1.4.3). The
HTML edition keeps each colour's hue and darkens it only as far as it must.
"""

from __future__ import annotations

AA_TEXT = 4.5


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of a `#rrggbb` colour (WCAG 2)."""
    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colours, 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable(colour: str, background: str = "#ffffff", ratio: float = AA_TEXT) -> str:
    """`colour`, darkened in steps of 2 % until it reaches `ratio` against `background`."""
    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    shade = f"#{r:02x}{g:02x}{b:02x}"
    for step in range(50):
        k = 1 - step * 0.02
        shade = f"#{round(r * k):02x}{round(g * k):02x}{round(b * k):02x}"
        if contrast(shade, background) >= ratio:
            return shade
    return shade
