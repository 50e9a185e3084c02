"""Protective markings: the scale, lowest first, and the rule that a whole carries the highest
marking of its parts (the pack, the standalone timeline, every export)."""

from __future__ import annotations

# UK Government Security Classifications, lowest first. "NONE" prints no marking.
MARKINGS: tuple[str, ...] = ("NONE", "OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET", "TOP SECRET")


def highest_marking(*markings: str | None) -> str:
    """The most restrictive of the given markings (unknown or empty ones ignored)."""
    ranks = [MARKINGS.index(m) for m in markings if m in MARKINGS]
    return MARKINGS[max(ranks)] if ranks else "NONE"
