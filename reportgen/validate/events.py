"""What goes on the timeline: events (dates, lane, status, importance, alternative dates) and eras."""

from __future__ import annotations

from collections.abc import Sequence

from reportgen.model import AltDate, Era, Event, FuzzyDate, Media, Status
from reportgen.sourceloc import SourceLoc
from reportgen.text import did_you_mean, slug
from reportgen.validate.checker import Checker
from reportgen.validate.records import RawRecord


def events(
    check: Checker, records: Sequence[RawRecord], source_ids: list[str], lanes: list[str]
) -> list[Event]:
    out: list[Event] = []
    seen: dict[str, SourceLoc] = {}
    for rec in records:
        event = _event(check, rec, source_ids, lanes)
        hint = "first used at {}; give one of them a different " + rec.key("id")
        if event is not None and not check.duplicate(rec, event.id, seen, "event", rec.loc, hint):
            out.append(event)
    return out


def _event(check: Checker, rec: RawRecord, source_ids: list[str], lanes: list[str]) -> Event | None:
    start, end = check.span(rec, "date", "end")
    if rec.get("date", "") == "" and "date" not in rec.reported:
        check.error(rec.at("date"), "event has no date", "add a date, e.g. 16 Feb 2024 or Oct 2023")
    title = check.text(rec, "title")
    if not title and "title" not in rec.reported:
        check.error(
            rec.at("title"), "event has no title", "write what happened, e.g. `title: Report published`"
        )
    sources = check.refs(rec, "sources", "source")
    check.unknown_refs(rec, "sources" if "sources" in rec.lines else "source", sources, source_ids, "source")
    lane = _lane(check, rec, lanes)
    status, importance = _status(check, rec), _importance(check, rec)
    alt_dates = tuple(_alt_dates(check, rec, start, sources, source_ids))
    marking = check.marking(rec)
    if start is None or not title:
        return None
    if not sources:
        check.warn(rec.loc, f"event {title!r} has no sources", "add `sources: [id]` so the pack can cite it")
    event_id = check.text(rec, "id") or f"{start.earliest.isoformat()}-{slug(title)}"
    tags = tuple(str(t).strip() for t in rec.get("tags", []) if str(t).strip())
    description = str(rec.get("description", "")).strip()
    return Event(
        event_id,
        start,
        title,
        rec.loc,
        end,
        description,
        lane,
        status,
        importance,
        tags,
        sources,
        alt_dates,
        marking,
        _media(rec),
        check.text(rec, "short_title"),
    )


def _media(rec: RawRecord) -> Media | None:
    given = rec.get("media")
    if not isinstance(given, dict):
        return None
    media = Media(
        *(" ".join(str(given.get(k) or "").split()) for k in ("url", "caption", "credit", "thumbnail"))
    )
    return media if any((media.url, media.caption, media.credit, media.thumbnail)) else None


def _lane(check: Checker, rec: RawRecord, lanes: list[str]) -> str:
    lane = check.text(rec, "lane") or str(rec.data.get("default_lane", "General"))
    # A lane far from every listed one is a new lane (drawn after them); a near miss is a typo.
    if lanes and lane not in lanes:
        close = did_you_mean(lane, lanes, cutoff=0.75)
        if close:
            check.warn(rec.at("lane"), f"lane {lane!r} is not in lanes", f"did you mean {close!r}?")
    return lane


def _status(check: Checker, rec: RawRecord) -> Status:
    value = str(rec.get("status", "")).strip().lower()
    if not value:
        return Status.PAST
    try:
        return Status(value)
    except ValueError:
        check.error(rec.at("status"), f"unknown status {rec.data['status']!r}", "use past or planned")
        return Status.PAST


def _importance(check: Checker, rec: RawRecord) -> int:
    value = rec.get("importance", "")
    if value == "":
        return 3
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if isinstance(value, bool) or not 1 <= number <= 5:
        check.error(rec.at("importance"), f"importance {value!r} is not 1–5", "use 1 (minor) to 5 (key)")
        return 3
    return number


def _alt_dates(
    check: Checker, rec: RawRecord, start: FuzzyDate | None, sources: tuple[str, ...], source_ids: list[str]
) -> list[AltDate]:
    out: list[AltDate] = []
    for alt in rec.get("alt_dates", []):
        date = check.date(alt, "date")
        alt_sources = check.refs(alt, "sources", "source")
        check.unknown_refs(alt, "sources", alt_sources, source_ids, "source")
        if date is None:
            continue
        out.append(AltDate(date, alt_sources, check.text(alt, "note")))
        if start is not None and not date.overlaps(start.earliest, start.latest):
            ours, theirs = _cited(start, sources), _cited(date, alt_sources)
            hint = "check the sources; the pack shows both dates"
            check.warn(alt.loc, f"conflicting dates: {ours} vs {theirs}", hint)
    return out


def _cited(date: FuzzyDate, sources: Sequence[str]) -> str:
    return f"{date.display!r} ({', '.join(sources)})" if sources else repr(date.display)


def eras(check: Checker, records: Sequence[RawRecord]) -> list[Era]:
    out: list[Era] = []
    for rec in records:
        start, end = check.span(rec, "start", "end")
        title = check.text(rec, "title")
        if not title and "title" not in rec.reported:
            check.error(rec.at("title"), "era has no title", "add `title: …`")
        if start and end and title and end.latest >= start.earliest:
            out.append(Era(title, start, end, rec.loc))
    return out
