"""What loaders hand to validation: raw records that remember where each value was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportgen.errors import Diagnostic
from reportgen.sourceloc import SourceLoc


@dataclass(frozen=True, slots=True)
class DateParts:
    """A date given as numbers (TimelineJS); validated with `dates.from_parts`."""

    year: int
    month: int | None = None
    day: int | None = None
    display: str | None = None


@dataclass(slots=True)
class RawRecord:
    """One record as read: plain values, where it starts, and the line of each key."""

    loc: SourceLoc
    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    reported: set[str] = field(default_factory=set)  # keys left out because the loader reported them
    spelled: dict[str, str] = field(default_factory=dict)  # how the file writes a key, for hints
    cells: dict[str, str] = field(default_factory=dict)  # in a workbook: the cell of each key

    def at(self, key: str) -> SourceLoc:
        return SourceLoc(
            self.loc.path, self.lines.get(key, self.loc.line), self.cells.get(key, self.loc.cell)
        )

    def key(self, key: str) -> str:
        """A key as a hint shows it, in the file's own format: `id:` in YAML, "unique_id" in TimelineJS."""
        return self.spelled.get(key, f"`{key}:`")

    def get(self, key: str, default: Any = None) -> Any:
        value = self.data.get(key)
        return default if value is None else value


@dataclass(slots=True)
class RawFile:
    """Everything one loader read from one file, plus the problems it found reading it."""

    path: str
    meta: RawRecord | None = None  # title, subject, marking, lanes
    sources: list[RawRecord] = field(default_factory=list)
    events: list[RawRecord] = field(default_factory=list)
    metrics: list[RawRecord] = field(default_factory=list)
    eras: list[RawRecord] = field(default_factory=list)
    facts: list[RawRecord] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
