"""Small text helpers shared by validation, loaders, charts and exports."""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Sequence


def slug(text: str, limit: int = 60) -> str:
    """A stable ASCII id fragment: 'Peel report published!' → 'peel-report-published'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:limit].rstrip("-") if len(words) > limit else words


def did_you_mean(word: str, choices: Sequence[str], cutoff: float = 0.6) -> str | None:
    """The choice closest to `word`, or None when none is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def suggestion(word: str, choices: Sequence[str], otherwise: str, cutoff: float = 0.6) -> str:
    """A hint: "did you mean 'x'?" naming the closest choice, or `otherwise` when none is close."""
    close = did_you_mean(word, choices, cutoff)
    return f"did you mean {close!r}?" if close else otherwise


def plain(text: str) -> str:
    """User text for a renderer that reads a little HTML (plotly, TimelineJS): shown literally."""
    return html.escape(text, quote=False)


# A font family named in figure text that belongs to the image, not to its content (the marking
# and title printed on a standalone image): a pack, whose pages carry both, leaves such text out.
FURNITURE = "reportgen-furniture"
