"""Raw records (from any loader) → the frozen model, collecting every problem.

Pure: no I/O and no clock. `build_dataset` returns `(Dataset, warnings)` or
raises one `ValidationFailed` holding every error and warning found, so a user
fixes all their mistakes in one round.

Modules: `records` (what loaders hand over), `checker` (diagnostics and the
value kinds every record shares), then one module per record type: `sources`,
`events` (and eras), `metrics`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportgen.errors import Diagnostic, Severity, ValidationFailed
from reportgen.markings import highest_marking
from reportgen.model import Dataset
from reportgen.sourceloc import NOWHERE
from reportgen.text import did_you_mean, slug
from reportgen.validate.checker import DATE_HINT, Checker
from reportgen.validate.events import eras, events
from reportgen.validate.facts import facts
from reportgen.validate.metrics import metrics
from reportgen.validate.records import DateParts, RawFile, RawRecord
from reportgen.validate.sources import free_text_sources, sources

__all__ = ["DATE_HINT", "DateParts", "RawFile", "RawRecord", "build_dataset", "did_you_mean", "slug"]


def build_dataset(files: Sequence[RawFile]) -> tuple[Dataset, list[Diagnostic]]:
    """Validate and cross-reference every file's records into one Dataset.

    Raises:
        ValidationFailed: with every diagnostic (errors and warnings) when any error was found.
    """
    check = Checker()
    for raw in files:
        check.diagnostics.extend(raw.diagnostics)
        for rec in _records(raw):
            _drop_unencodable(check, rec)
    meta = _meta(check, files)
    event_records = [r for f in files for r in f.events]
    found = sources(check, [r for f in files for r in f.sources])
    found += free_text_sources(check, event_records, {s.id for s in found})
    source_ids = [s.id for s in found]
    timeline = events(check, event_records, source_ids, meta["lanes"])
    event_ids = [e.id for e in timeline]
    series = metrics(check, [r for f in files for r in f.metrics], source_ids, event_ids)
    declared = facts(check, [r for f in files for r in f.facts], source_ids, event_ids)
    dataset = Dataset(
        events=tuple(sorted(timeline, key=lambda e: e.sort_key)),
        sources=tuple(found),
        metrics=tuple(series),
        eras=tuple(eras(check, [r for f in files for r in f.eras])),
        facts=tuple(declared),
        lanes=tuple(meta["lanes"]),
        title=meta["title"],
        subject=meta["subject"],
        title_at=meta["where"].get("title", NOWHERE),
        subject_at=meta["where"].get("subject", NOWHERE),
        marking=meta["marking"],
        inputs=tuple(f.path for f in files),
    )
    ordered = sorted(check.diagnostics, key=lambda d: (d.loc.path, d.loc.line))
    if any(d.severity is Severity.ERROR for d in ordered):
        raise ValidationFailed(ordered)
    return dataset, ordered


def _meta(check: Checker, files: Sequence[RawFile]) -> dict[str, Any]:
    """Pack-level settings: first title/subject wins (later different ones warn), lanes are merged."""
    out: dict[str, Any] = {"title": "", "subject": "", "lanes": [], "marking": None, "where": {}}
    first: dict[str, RawRecord] = {}
    markings: list[str | None] = []
    for rec in (f.meta for f in files if f.meta is not None):
        for key in ("title", "subject"):
            value = check.text(rec, key)
            if value and not out[key]:
                out[key], first[key] = value, rec
                out["where"][key] = rec.at(key)
            elif value and value != out[key]:
                hint = f"{first[key].at(key)} sets {out[key]!r}; the first one is used"
                check.warn(rec.at(key), f"{key} {value!r} differs from an earlier file", hint)
        out["lanes"] += [str(lane) for lane in rec.get("lanes", []) if str(lane) not in out["lanes"]]
        markings.append(check.marking(rec))
    if any(markings):
        out["marking"] = highest_marking(*markings)
    return out


def _records(raw: RawFile) -> list[RawRecord]:
    return [*([raw.meta] if raw.meta else []), *raw.sources, *raw.events, *raw.metrics, *raw.eras, *raw.facts]


def _unencodable(value: Any) -> bool:
    """True for text holding a lone surrogate (a bad escape such as "\\ud800", or undecodable bytes)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_unencodable(k) or _unencodable(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_unencodable(v) for v in value)
    return False


def _drop_unencodable(check: Checker, rec: RawRecord) -> None:
    """Text no file can hold (it could never be written to a PDF or back to YAML) is an error at its line."""
    for key in [k for k, v in rec.data.items() if _unencodable(v)]:
        hint = "remove the escape or character; write the text as UTF-8 (e.g. é, not \\udce9)"
        check.error(rec.at(key), f"{key} holds a character that is not valid Unicode text", hint)
        rec.data[key] = _scrub(rec.data[key])  # checked on as usual, without the bad character


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_scrub(v) for v in value)
    return value
