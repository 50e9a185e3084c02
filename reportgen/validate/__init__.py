"""Raw records (from any loader) → the frozen model, collecting every problem.

Pure: no I/O and no clock. `build_dataset` returns `(Dataset, warnings)` or
raises one `ValidationFailed` holding every error and warning found, so a user
fixes all their mistakes in one round.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportgen import dates
from reportgen.errors import DateError, Diagnostic, Severity, ValidationFailed, error, warning
from reportgen.model import (
    MARKINGS,
    AltDate,
    ChartKind,
    Dataset,
    Era,
    Event,
    FuzzyDate,
    MetricPoint,
    MetricSeries,
    Source,
    SourceLoc,
    Status,
    highest_marking,
)

DATE_HINT = "write it like 16 Feb 2024, Oct 2023, Q4 2025 or 1997"


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

    def at(self, key: str) -> SourceLoc:
        return SourceLoc(self.loc.path, self.lines.get(key, self.loc.line))

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
    diagnostics: list[Diagnostic] = field(default_factory=list)


def slug(text: str, limit: int = 60) -> str:
    """A stable ASCII id fragment: 'Peel report published!' → 'peel-report-published'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:limit].rstrip("-") if len(words) > limit else words


def did_you_mean(word: str, choices: Sequence[str], cutoff: float = 0.6) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


class _Checker:
    """Holds the diagnostics of one validation run; the `_x` methods each check one kind of value."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        # parse_date is pure and slow (dateutil); a large list repeats date strings a lot
        # ("Mar 2011", "2019"), so each distinct string is parsed once per validation
        self._parsed: dict[str, FuzzyDate] = {}

    def error(self, loc: SourceLoc, message: str, hint: str = "") -> None:
        self.diagnostics.append(error(loc, message, hint))

    def warn(self, loc: SourceLoc, message: str, hint: str = "") -> None:
        self.diagnostics.append(warning(loc, message, hint))

    def date(self, rec: RawRecord, key: str) -> FuzzyDate | None:
        value = rec.data.get(key)
        if value is None or value == "":
            return None
        try:
            if isinstance(value, DateParts):
                return dates.from_parts(value.year, value.month, value.day, display=value.display)
            if not isinstance(value, str):
                return dates.parse_date(value)
            if value not in self._parsed:
                self._parsed[value] = dates.parse_date(value)
            return self._parsed[value]
        except DateError as exc:
            self.error(rec.at(key), _date_message(key, str(exc)), exc.hint or DATE_HINT)
        except (ValueError, OverflowError, TypeError):
            self.error(rec.at(key), f"{key} {_show(value)!r} is not a date", DATE_HINT)
        return None

    def span(self, rec: RawRecord, start_key: str, end_key: str) -> tuple[FuzzyDate | None, FuzzyDate | None]:
        start, end = self.date(rec, start_key), self.date(rec, end_key)
        if start and end and end.latest < start.earliest:
            self.error(
                rec.at(end_key),
                f"{end_key} {end.display!r} is before {start_key} {start.display!r}",
                "swap them",
            )
        return start, end

    def marking(self, rec: RawRecord) -> str | None:
        value = rec.get("marking")
        if value is None:
            return None
        norm = " ".join(str(value).replace("_", " ").split()).upper()
        norm = "OFFICIAL-SENSITIVE" if norm == "OFFICIAL SENSITIVE" else norm
        if norm in MARKINGS:
            return norm
        close = did_you_mean(norm, MARKINGS)
        hint = f"did you mean {close!r}?" if close else f"use one of {', '.join(MARKINGS)}"
        self.error(rec.at("marking"), f"marking {value!r} is not a protective marking", hint)
        return None

    def text(self, rec: RawRecord, key: str, default: str = "") -> str:
        """A one-line text value with runs of whitespace collapsed."""
        return " ".join(str(rec.get(key, default)).split())

    def refs(self, rec: RawRecord, key: str, single: str) -> tuple[str, ...]:
        values = [*rec.get(key, []), *([rec.data[single]] if rec.get(single) else [])]
        return tuple(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))

    def unknown_refs(
        self, rec: RawRecord, key: str, refs: Sequence[str], known: Sequence[str], what: str
    ) -> None:
        for ref in refs:
            if ref not in known:
                close = did_you_mean(ref, known)
                hint = f"did you mean {close!r}?" if close else f"define it under `{what}s:` or fix the id"
                self.error(rec.at(key), f"unknown {what} {ref!r}", hint)


def _date_message(key: str, message: str) -> str:
    """Name the field in a date error: "end 'Sept 2O23' is not a date"."""
    if message.startswith(f"{key} ") or message.startswith(f"{key}:"):
        return message
    return f"{key} {message}" if message.startswith("'") else f"{key}: {message}"


def _show(value: Any) -> str:
    if isinstance(value, DateParts):
        return "-".join(str(p) for p in (value.year, value.month, value.day) if p is not None)
    return str(value)


def build_dataset(files: Sequence[RawFile]) -> tuple[Dataset, list[Diagnostic]]:
    """Validate and cross-reference every file's records into one Dataset.

    Raises:
        ValidationFailed: with every diagnostic (errors and warnings) when any error was found.
    """
    check = _Checker()
    for raw in files:
        check.diagnostics.extend(raw.diagnostics)
    meta = _meta(check, files)
    sources = _sources(check, [r for f in files for r in f.sources])
    sources += _free_text_sources(check, [r for f in files for r in f.events], {s.id for s in sources})
    source_ids = [s.id for s in sources]
    events = _events(check, [r for f in files for r in f.events], source_ids, meta["lanes"])
    metrics = _metrics(check, [r for f in files for r in f.metrics], source_ids, [e.id for e in events])
    eras = tuple(_eras(check, [r for f in files for r in f.eras]))
    dataset = Dataset(
        events=tuple(sorted(events, key=lambda e: e.sort_key)),
        sources=tuple(sources),
        metrics=tuple(metrics),
        eras=eras,
        lanes=tuple(meta["lanes"]),
        title=meta["title"],
        subject=meta["subject"],
        marking=meta["marking"],
        inputs=tuple(f.path for f in files),
    )
    ordered = sorted(check.diagnostics, key=lambda d: (d.loc.path, d.loc.line))
    if any(d.severity is Severity.ERROR for d in ordered):
        raise ValidationFailed(ordered)
    return dataset, ordered


def _meta(check: _Checker, files: Sequence[RawFile]) -> dict[str, Any]:
    """Pack-level settings: first title/subject wins (later different ones warn), lanes are merged."""
    out: dict[str, Any] = {"title": "", "subject": "", "lanes": [], "marking": None}
    first: dict[str, RawRecord] = {}
    markings: list[str | None] = []
    for rec in (f.meta for f in files if f.meta is not None):
        for key in ("title", "subject"):
            value = check.text(rec, key)
            if value and not out[key]:
                out[key], first[key] = value, rec
            elif value and value != out[key]:
                hint = f"{first[key].at(key)} sets {out[key]!r}; the first one is used"
                check.warn(rec.at(key), f"{key} {value!r} differs from an earlier file", hint)
        out["lanes"] += [str(lane) for lane in rec.get("lanes", []) if str(lane) not in out["lanes"]]
        markings.append(check.marking(rec))
    if any(markings):
        out["marking"] = highest_marking(*markings)
    return out


def _sources(check: _Checker, records: Sequence[RawRecord]) -> list[Source]:
    sources: list[Source] = []
    seen: dict[str, SourceLoc] = {}
    for rec in records:
        sid = check.text(rec, "id")
        if sid in seen:
            check.error(
                rec.at("id"), f"duplicate source id {sid!r}", f"first defined at {seen[sid]}; rename one"
            )
            continue
        seen[sid] = rec.at("id")
        url = _url(check, rec)
        date, marking = check.date(rec, "date"), check.marking(rec)
        publisher, title = check.text(rec, "publisher"), check.text(rec, "title")
        if not publisher and "publisher" not in rec.reported:
            check.error(rec.at("publisher"), "source has no publisher", "add `publisher: …`")
        seed = rec.get("seed")
        sources.append(
            Source(sid, publisher, title, rec.loc, date, url, seed, marking, check.text(rec, "note"))
        )
    return sources


def _url(check: _Checker, rec: RawRecord) -> str | None:
    url = str(rec.get("url", "")).strip()
    if not url:
        return None
    if not re.match(r"https?://[^\s/]+", url, re.IGNORECASE):
        check.error(rec.at("url"), f"url {url!r} is not a web address", "start it with https:// or http://")
        return None
    return url


def _free_text_sources(check: _Checker, events: Sequence[RawRecord], known: set[str]) -> list[Source]:
    """CSV `source` cells that are not a known id become sources of their own (publisher = the text)."""
    made: dict[tuple[str, str | None], Source] = {}
    for rec in (r for r in events if "source_text" in r.data):
        text = " ".join(str(rec.get("source_text", "")).split())
        url = _url(check, rec)
        if not text and url:
            text = re.sub(r"^https?://(www\.)?", "", url, flags=re.IGNORECASE).split("/")[0]
        if not text or text in known:
            rec.data["sources"] = [text] if text else []
            continue
        if (text, url) not in made:
            base = slug(text) or "source"
            sid, n = base, 1
            while sid in known:
                n, sid = n + 1, f"{base}-{n + 1}"
            known.add(sid)
            made[(text, url)] = Source(sid, text, "", rec.loc, url=url)
        rec.data["sources"] = [made[(text, url)].id]
    return list(made.values())


def _events(
    check: _Checker, records: Sequence[RawRecord], source_ids: list[str], lanes: list[str]
) -> list[Event]:
    events: list[Event] = []
    seen: dict[str, SourceLoc] = {}
    for rec in records:
        event = _event(check, rec, source_ids, lanes)
        if event is None:
            continue
        if event.id in seen:
            hint = f"first used at {seen[event.id]}; give one of them a different `id:`"
            check.error(rec.at("id"), f"duplicate event id {event.id!r}", hint)
            continue
        seen[event.id] = rec.loc
        events.append(event)
    return events


def _event(check: _Checker, rec: RawRecord, source_ids: list[str], lanes: list[str]) -> Event | None:
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
    )


def _lane(check: _Checker, rec: RawRecord, lanes: list[str]) -> str:
    lane = check.text(rec, "lane") or str(rec.data.get("default_lane", "General"))
    if lanes and lane not in lanes:
        close = did_you_mean(lane, lanes, cutoff=0.75)
        if close:
            check.warn(rec.at("lane"), f"lane {lane!r} is not in lanes", f"did you mean {close!r}?")
    return lane


def _status(check: _Checker, rec: RawRecord) -> Status:
    value = str(rec.get("status", "")).strip().lower()
    if not value:
        return Status.PAST
    try:
        return Status(value)
    except ValueError:
        check.error(rec.at("status"), f"unknown status {rec.data['status']!r}", "use past or planned")
        return Status.PAST


def _importance(check: _Checker, rec: RawRecord) -> int:
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
    check: _Checker, rec: RawRecord, start: FuzzyDate | None, sources: tuple[str, ...], source_ids: list[str]
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


def _metrics(
    check: _Checker, records: Sequence[RawRecord], source_ids: list[str], event_ids: list[str]
) -> list[MetricSeries]:
    metrics: list[MetricSeries] = []
    seen: dict[str, SourceLoc] = {}
    for rec in records:
        mid = check.text(rec, "id")
        if mid in seen:
            check.error(
                rec.at("id"), f"duplicate metric id {mid!r}", f"first defined at {seen[mid]}; rename one"
            )
            continue
        seen[mid] = rec.loc
        metric = _metric(check, rec, source_ids, event_ids)
        if metric is not None:
            metrics.append(metric)
    return metrics


def _metric(
    check: _Checker, rec: RawRecord, source_ids: list[str], event_ids: list[str]
) -> MetricSeries | None:
    chart_text = str(rec.get("chart", "bar")).strip().lower()
    kinds = [k.value for k in ChartKind]
    if chart_text not in kinds:
        check.error(rec.at("chart"), f"unknown chart {chart_text!r}", f"use one of {', '.join(kinds)}")
        chart_text = "bar"
    chart = ChartKind(chart_text)
    scale = tuple(str(s) for s in rec.get("scale", []))
    if chart is ChartKind.GRADES and not scale:
        check.error(
            rec.at("chart"), "a grades chart needs a scale", "add `scale: [Inadequate, …, Outstanding]`"
        )
    points = tuple(p for p in (_point(check, p, scale, chart) for p in rec.get("points", [])) if p)
    if not rec.get("points") and "points" not in rec.reported:
        check.error(rec.at("points"), f"metric {rec.get('id')!r} has no points", "add at least one point")
    sources = check.refs(rec, "sources", "source")
    check.unknown_refs(rec, "sources", sources, source_ids, "source")
    markers = check.refs(rec, "marker_events", "marker_event")
    check.unknown_refs(rec, "marker_events", markers, event_ids, "event")
    target = _number(check, rec, "target")
    marking = check.marking(rec)
    return MetricSeries(
        id=check.text(rec, "id"), name=check.text(rec, "name"), unit=str(rec.get("unit", "")), points=points,
        loc=rec.loc, chart=chart, target=target, target_label=check.text(rec, "target_label"),
        higher_is_better=bool(rec.get("higher_is_better", True)), scale=scale, sources=sources,
        caption=check.text(rec, "caption"), marker_events=markers, marking=marking,
    )  # fmt: skip


def _number(check: _Checker, rec: RawRecord, key: str) -> float | None:
    value = rec.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        check.error(rec.at(key), f"{key} {value!r} is not a finite number", "write a number, e.g. 78.5")
        return None
    return float(value)


def _point(check: _Checker, rec: RawRecord, scale: tuple[str, ...], chart: ChartKind) -> MetricPoint | None:
    date = check.date(rec, "date")
    label = check.text(rec, "label") or (date.display if date else "")
    value, grade = _number(check, rec, "value"), rec.get("grade")
    if grade is not None and "value" in rec.data and rec.data["value"] is not None:
        check.error(rec.loc, "point has both value and grade", "keep one of them")
    elif grade is not None:
        if str(grade) in scale:
            value = float(scale.index(str(grade)) + 1)
        else:
            close = did_you_mean(str(grade), scale)
            hint = (
                f"did you mean {close!r}?"
                if close
                else f"use one of: {', '.join(scale) or 'add a `scale:` first'}"
            )
            check.error(rec.at("grade"), f"grade {grade!r} is not in the scale", hint)
    elif rec.get("value") is None and "value" not in rec.reported:
        check.error(
            rec.loc, f"point {label!r} has no value", "add `value: …` (or `grade: …` for a grades chart)"
        )
    if chart is ChartKind.LINE and date is None and "date" not in rec.lines:
        check.error(rec.loc, f"point {label!r} has no date", "a line chart needs `date:` on every point")
    if value is None:
        return None
    return MetricPoint(label, value, date, check.text(rec, "group"), check.text(rec, "note"))


def _eras(check: _Checker, records: Sequence[RawRecord]) -> list[Era]:
    eras: list[Era] = []
    for rec in records:
        start, end = check.span(rec, "start", "end")
        title = check.text(rec, "title")
        if not title and "title" not in rec.reported:
            check.error(rec.at("title"), "era has no title", "add `title: …`")
        if start and end and title and end.latest >= start.earliest:
            eras.append(Era(title, start, end, rec.loc))
    return eras
