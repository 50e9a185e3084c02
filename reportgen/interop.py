"""Exports for other tools: TimelineJS3 JSON and iCalendar. Pure: a Dataset in, bytes out.

Both outputs are deterministic (stable order, sorted keys, no clock reads), so
exporting the same data twice gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from reportgen import __version__
from reportgen.dates import from_parts
from reportgen.model import Dataset, DatePrecision, Event, FuzzyDate, Source, Status
from reportgen.text import plain  # TimelineJS renders headline and text as HTML; ours is plain text

# Forms TimelineJS expresses with date parts alone; any other form also carries our display
# text as the date's `display_date`, which TimelineJS shows and our importer parses back.
_PLAIN = (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR)
_WITH_MONTH = (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.QUARTER, DatePrecision.PART_OF_YEAR)

UID_DOMAIN = "reportgen.invalid"  # RFC 2606 reserved: a stable, domain-like UID suffix


# --- TimelineJS3 ------------------------------------------------------------------------------


def export_timelinejs(dataset: Dataset, *, marking: str = "NONE") -> bytes:
    """The dataset as a TimelineJS3 JSON file (title, events, eras; lanes as groups).

    A marking other than NONE heads the title slide's text (what TimelineJS shows) and is
    kept in a top-level `marking` key, which TimelineJS ignores and our importer reads back.
    """
    text = plain(dataset.subject)
    if marking != "NONE":
        text = f"{marking}. {text}" if text else marking
    doc: dict[str, Any] = {
        "title": {"text": {"headline": plain(dataset.title), "text": text}},
        "events": [_tl_event(e) for e in sorted(dataset.events, key=lambda e: e.sort_key)],
    }
    if marking != "NONE":
        doc["marking"] = marking
    if dataset.eras:
        doc["eras"] = [
            {
                "start_date": _tl_date(era.start),
                "end_date": _tl_date(era.end),
                "text": {"headline": plain(era.title)},
            }
            for era in sorted(dataset.eras, key=lambda era: (era.start.sort_key, era.title))
        ]
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _tl_event(event: Event) -> dict[str, Any]:
    out: dict[str, Any] = {
        "unique_id": event.id,
        "start_date": _tl_date(event.date),
        "text": {"headline": plain(event.title)},
        "group": plain(event.lane),  # TimelineJS shows groups as HTML, like every other field
    }
    if event.description:
        out["text"]["text"] = plain(event.description)
    if event.end is not None:
        out["end_date"] = _tl_date(event.end)
    if event.media is not None:  # what TimelineJS shows with the slide, kept through a round trip
        media = {"url": event.media.url, "caption": plain(event.media.caption),
                 "credit": plain(event.media.credit), "thumbnail": event.media.thumbnail}  # fmt: skip
        out["media"] = {k: v for k, v in media.items() if v}
    return out


def _tl_date(date: FuzzyDate) -> dict[str, Any]:
    """TimelineJS date parts at the date's precision, plus our wording when parts cannot say it."""
    start = date.earliest
    parts: dict[str, Any] = {"year": start.year}
    if date.precision in _WITH_MONTH:
        parts["month"] = start.month
    if date.precision is DatePrecision.DAY:
        parts["day"] = start.day
    plain_form = (
        from_parts(start.year, parts.get("month"), parts.get("day")) if date.precision in _PLAIN else None
    )
    if date.approximate or date.is_range or plain_form != date:  # e.g. "2024/25", "Spring 2025"
        parts["display_date"] = date.display
    return parts


# --- iCalendar --------------------------------------------------------------------------------

_KNOWN_TO = {
    DatePrecision.MONTH: "the month",
    DatePrecision.QUARTER: "the quarter",
    DatePrecision.PART_OF_YEAR: "part of the year",
    DatePrecision.YEAR: "the year",
    DatePrecision.DECADE: "the decade",
    DatePrecision.CENTURY: "the century",
}


def export_ics(dataset: Dataset, *, as_of: dt.date | None = None, marking: str = "NONE") -> bytes:
    """The dataset as an iCalendar file: one all-day VEVENT per event.

    Day-precision events are one-day entries and spans cover their days (DTEND is
    exclusive); coarser single dates sit on the first day of their window with the
    precision stated in the summary. DTSTAMP is `as_of`, else SOURCE_DATE_EPOCH,
    else derived from the data, so the output never depends on the clock.
    """
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", f"-//reportgen//reportgen {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if dataset.title:
        cal.add("x-wr-calname", dataset.title)
    if marking != "NONE":
        # Calendar clients show X-WR-CALDESC; CLASS keeps marked entries out of shared views.
        cal.add("x-wr-caldesc", f"Protective marking: {marking}")
        cal.add("x-reportgen-marking", marking)
    stamp = _stamp(dataset, as_of)
    for event in sorted(dataset.events, key=lambda e: e.sort_key):
        vevent = _vevent(event, dataset, stamp)
        if marking != "NONE":
            vevent.add("class", "PUBLIC" if marking == "OFFICIAL" else "CONFIDENTIAL")
        cal.add_component(vevent)
    return bytes(cal.to_ical())


def _vevent(event: Event, dataset: Dataset, stamp: dt.datetime) -> Any:
    from icalendar import Event as VEvent

    vevent = VEvent()
    vevent.add("uid", f"{event.id}@{UID_DOMAIN}")
    vevent.add("dtstamp", stamp)
    start = event.start
    # A single coarse date sits on its first day; an exact day or a span covers its days.
    end = event.finish if event.is_span or event.date.is_exact_day else start
    vevent.add("dtstart", start)
    vevent.add("dtend", end + dt.timedelta(days=1))
    note = _precision_note(event)
    vevent.add("summary", f"{event.title} ({note})" if note else event.title)
    vevent.add("description", _description(event, dataset, note))
    vevent.add("status", "TENTATIVE" if event.status is Status.PLANNED else "CONFIRMED")
    vevent.add("transp", "TRANSPARENT")  # a briefing date does not make anyone busy
    vevent.add("categories", [event.lane, *event.tags])
    return vevent


def _precision_note(event: Event) -> str:
    """How well the date is known, in words, or "" for exact days."""
    dates = [event.date] if event.end is None else [event.date, event.end]
    if all(d.is_exact_day for d in dates):
        return ""
    shown = " – ".join(d.display for d in dates)
    if any(d.approximate for d in dates):
        return f"approximate date: {shown}"
    coarsest = max((d.precision for d in dates), key=list(DatePrecision).index)
    if coarsest is DatePrecision.DAY:
        return f"dates: {shown}"
    plural = "dates" if len(dates) > 1 or event.date.is_range else "date"
    return f"{plural} known to {_KNOWN_TO[coarsest]}: {shown}"


def _description(event: Event, dataset: Dataset, note: str) -> str:
    lines = [event.description] if event.description else []
    if note:
        lines.append(f"{note[0].upper()}{note[1:]}.")
    if event.status is Status.PLANNED:
        lines.append("Planned: not yet happened when the data was written.")
    cited = [dataset.source(sid) for sid in event.sources]
    if cited:
        lines.append("Sources:")
        lines.extend(f"- {_cite(s, sid)}" for s, sid in zip(cited, event.sources, strict=True))
    return "\n".join(lines)


def _cite(source: Source | None, source_id: str) -> str:
    if source is None:
        return source_id
    parts = [source.publisher, source.title]
    if source.date is not None:
        parts.append(source.date.display)
    if source.url:
        parts.append(source.url)
    return ", ".join(p for p in parts if p)


def _stamp(dataset: Dataset, as_of: dt.date | None) -> dt.datetime:
    """A fixed DTSTAMP: never the clock, so identical inputs give identical bytes."""
    if as_of is not None:
        return dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    # The newest thing the data knows of: its latest source or past event.
    known = [s.date.latest for s in dataset.sources if s.date is not None]
    known += [e.finish for e in dataset.events if e.status is Status.PAST]
    day = max(known, default=dt.date(1970, 1, 1))
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
