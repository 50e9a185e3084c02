"""Spreadsheet headers: which of our columns a header names, whatever its case and spacing."""

from __future__ import annotations

from collections.abc import Mapping

# Other names spreadsheets give a column, by the column they are (compared by `header_key`).
ALIASES = {
    "title": ("event", "headline", "what"),
    "date": ("when", "start", "start date"),
    "end": ("end date", "until"),
    "description": ("details", "text", "notes", "summary"),
    "lane": ("category", "group", "theme", "strand"),
    "source": ("sources", "reference"),
    "url": ("link", "source url"),
    "short_title": ("short title", "short name", "label"),
}
_BY_NAME = {header_name: column for column, names in ALIASES.items() for header_name in (column, *names)}


def header_key(header: str) -> str:
    """A header as compared: case, spaces, underscores and hyphens do not matter."""
    return " ".join(header.replace("_", " ").replace("-", " ").split()).casefold()


def column_for(header: str, mapping: Mapping[str, str] | None = None) -> str:
    """The column a header names ("Start Date" → "date"); the header itself when unknown.

    `mapping` (the `[columns]` table of reportgen.toml, `--column`) names more: column → header.
    """
    key = header_key(header)
    mine = {header_key(written): column for column, written in (mapping or {}).items()}
    return mine.get(key) or _BY_NAME.get(key, key)
