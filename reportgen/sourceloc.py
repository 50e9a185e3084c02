"""Where a record came from: every diagnostic and every model record points at one.

A module of its own, apart from the model, so that reading the configuration and finding a
build up to date (which report problems by place but build no records) need not define the
model's dataclasses: ~14 ms of a ~0.12 s no-op build.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class SourceLoc:
    """Where a record was read from: a file path and a 1-based line number (for a workbook, the
    sheet's row), and in a workbook the cell: `force.xlsx:Events!A5`."""

    path: str
    line: int = 0
    cell: str = ""  # "Events!A5"

    def __str__(self) -> str:
        if self.cell:
            return f"{self.path}:{self.cell}"
        return f"{self.path}:{self.line}" if self.line else self.path


NOWHERE = SourceLoc("<built-in>", 0)
