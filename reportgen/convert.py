"""`reportgen import`: any readable input (workbook, CSV, TimelineJS) written as native YAML.

For users moving off the spreadsheet: the YAML holds everything the input said — title,
subject, marking, lanes, sources, events (dates as written, alternative dates), eras,
metrics with their points, facts — and loads back to the same data. Pure: a Dataset in,
YAML bytes out.
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import replace
from typing import Any

from reportgen.model import Dataset, DatePrecision, Event, FuzzyDate, MetricSeries, Source, Status

HEADER = "# Written by `reportgen import` from {source}. Edit it as any events file (docs/format.md).\n"


def to_yaml(dataset: Dataset, source: str) -> bytes:
    from ruamel.yaml import YAML

    doc: dict[str, Any] = {}
    for key in ("title", "subject", "marking"):
        if getattr(dataset, key):
            doc[key] = getattr(dataset, key)
    if dataset.lanes:
        doc["lanes"] = list(dataset.lanes)
    if dataset.sources:
        doc["sources"] = [_source(s) for s in dataset.sources]
    if dataset.events:
        doc["events"] = [_event(e) for e in dataset.events]
    if dataset.eras:
        doc["eras"] = [
            {"title": e.title, "start": e.start.display, "end": e.end.display} for e in dataset.eras
        ]
    if dataset.metrics:
        doc["metrics"] = [_metric(m) for m in dataset.metrics]
    if dataset.facts:
        doc["facts"] = [
            _kept(
                {
                    "label": f.label,
                    "value": f.value,
                    "event": f.event,
                    "since": f.since,
                    "sources": list(f.sources),
                }
            )
            for f in dataset.facts
        ]
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    out.write(HEADER.format(source=source))
    yaml.dump(doc, out)
    return out.getvalue().encode("utf-8")


def _kept(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out what is empty or the default, so the YAML reads as a person would write it."""
    return {k: v for k, v in data.items() if v not in (None, "", [], ())}


def _date(date: FuzzyDate | None) -> str | None:
    """The date as written, when that reads back as the same date; else its window's own form
    (a TimelineJS "Display Date" such as "Summer 1969" on 1 Jul 1969 is a label, not the date)."""
    if date is None:
        return None
    from reportgen.dates import from_parts, parse_date
    from reportgen.errors import DateError

    try:
        if replace(parse_date(date.display), display="") == replace(date, display=""):
            return date.display
    except DateError:
        pass
    day = date.earliest
    month = day.month if date.precision in (DatePrecision.DAY, DatePrecision.MONTH) else None
    return from_parts(day.year, month, day.day if date.precision is DatePrecision.DAY else None).display


def _source(s: Source) -> dict[str, Any]:
    kept = _kept({"id": s.id, "publisher": s.publisher, "date": _date(s.date), "url": s.url,
                  "seed": s.seed, "marking": s.marking, "note": s.note})  # fmt: skip
    return {**kept, "title": s.title}  # a source always has a title, if an empty one


def _event(e: Event) -> dict[str, Any]:
    alt = [_kept({"date": a.date.display, "sources": list(a.sources), "note": a.note}) for a in e.alt_dates]
    return _kept({
        "id": e.id, "date": _date(e.date), "end": _date(e.end), "title": e.title,
        "description": e.description,
        "lane": e.lane, "status": "planned" if e.status is Status.PLANNED else None,
        "importance": e.importance if e.importance != 3 else None, "tags": list(e.tags),
        "sources": list(e.sources), "alt_dates": alt, "marking": e.marking,
        "media": _kept(dataclasses.asdict(e.media)) if e.media is not None else None,
    })  # fmt: skip


def _metric(m: MetricSeries) -> dict[str, Any]:
    points = [
        {
            "label": p.label,
            **_kept({"date": _date(p.date), "value": p.value, "group": p.group, "note": p.note}),
        }
        for p in m.points
    ]
    return _kept({
        "id": m.id, "name": m.name, "unit": m.unit, "chart": m.chart.value, "target": m.target,
        "target_label": m.target_label, "higher_is_better": None if m.higher_is_better else False,
        "scale": list(m.scale), "sources": list(m.sources), "caption": m.caption,
        "marker_events": list(m.marker_events), "marking": m.marking, "points": points,
    })  # fmt: skip
