"""What every section of the document is built from, gathered once per pack."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportgen.document.refs import References
from reportgen.document.text import day_text
from reportgen.errors import Diagnostic
from reportgen.model import Dataset, Event

if TYPE_CHECKING:
    from reportgen.editions import EditionInfo


@dataclass(frozen=True, slots=True)
class Control:
    """Document control from the config: who owns and approved the pack, how to handle it."""

    owner: str = ""
    approved_by: str = ""
    handling: str = ""
    distribution: str = ""
    review_days: int = 0  # the next review falls this many days after the as-of day (0: none set)


@dataclass(frozen=True, slots=True)
class Context:
    dataset: Dataset
    refs: References
    as_of: dt.date
    title: str
    subject: str
    prepared_by: str
    version: str
    marking: str
    warnings: Sequence[Diagnostic]
    edition: EditionInfo | None = None
    control: Control = field(default_factory=Control)

    @property
    def as_of_text(self) -> str:
        return day_text(self.as_of)

    def events_by_date(self) -> list[Event]:
        return sorted(self.dataset.events, key=lambda e: e.sort_key)
