"""The data of one edition, normalised: what `changes` compares and `editions` keeps.

    snapshot(dataset) -> dict   (JSON-ready, the same for the same data in every process)

Only what a reader of the pack sees is kept — events, metric series, sources — with dates
as written ("Oct 2023", "late 2025"), never file names or line numbers, so moving an event
to another file or reordering a file is not a change. Each event records whether its `id`
was given in the data (`explicit`) or derived from its date and title: only a given id is
trusted to follow an event across editions.
"""

from __future__ import annotations

import json
from typing import Any

from reportgen.model import Dataset, Event, MetricSeries
from reportgen.text import slug

FORMAT = 1


def _explicit(event: Event) -> bool:
    return event.id != f"{event.date.earliest.isoformat()}-{slug(event.title)}"


def _event(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "explicit": _explicit(event),
        "title": event.title,
        "date": event.date.display,
        "end": event.end.display if event.end else "",
        "lane": event.lane,
        "status": event.status.value,
        "description": event.description,
        "sources": sorted(event.sources),
        "conflicts": sorted(f"{a.date.display} ({', '.join(a.sources)})" for a in event.alt_dates),
    }


def _series(series: MetricSeries) -> dict[str, Any]:
    return {
        "id": series.id,
        "name": series.name,
        "unit": series.unit,
        "target": series.target,
        "points": [{"label": p.label, "group": p.group, "value": p.value} for p in series.points],
    }


def snapshot(dataset: Dataset) -> dict[str, Any]:
    """The dataset as an edition keeps it."""
    events = sorted(dataset.events, key=lambda e: (e.date.earliest, e.date.latest, e.id))
    return {
        "format": FORMAT,
        "title": dataset.title,
        "events": [_event(e) for e in events],
        "metrics": [_series(m) for m in dataset.metrics],
        "sources": sorted(s.id for s in dataset.sources),
    }


def to_bytes(snap: dict[str, Any]) -> bytes:
    """Canonical JSON: sorted keys, two-space indent, a final newline (diffable by hand)."""
    return (json.dumps(snap, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def from_bytes(data: bytes) -> dict[str, Any]:
    value = json.loads(data.decode("utf-8"))
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise ValueError("not a reportgen snapshot of this format")
    return value
