"""TimelineJS3 and iCalendar export: round trips through our importer, parses back, byte-stable."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from icalendar import Calendar

from reportgen.cli import main
from reportgen.interop import export_ics, export_timelinejs
from reportgen.load import load_dataset
from reportgen.model import Dataset, DatePrecision, Event, FuzzyDate, Status

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVENTS = ROOT / "events"
TIMELINEJS = sorted((ROOT / "tests" / "data" / "timelinejs").glob("*.json"))


def _date(d: FuzzyDate | None) -> tuple[object, ...] | None:
    if d is None:
        return None
    return (d.earliest, d.latest, d.precision, d.approximate, d.is_range)


def _event(e: Event) -> tuple[object, ...]:
    return (_date(e.date), _date(e.end), e.title, e.lane)


def _events(dataset: Dataset) -> list[tuple[object, ...]]:
    return sorted((_event(e) for e in dataset.events), key=repr)


def _eras(dataset: Dataset) -> list[tuple[object, ...]]:
    return sorted(((_date(e.start), _date(e.end), e.title) for e in dataset.eras), key=repr)


def _round_trip(dataset: Dataset, tmp_path: Path) -> Dataset:
    path = tmp_path / "exported.json"
    path.write_bytes(export_timelinejs(dataset))
    again, _warnings = load_dataset([path])
    return again


# --- TimelineJS -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_data() -> Dataset:
    return load_dataset([DEFAULT_EVENTS])[0]


def test_timelinejs_round_trip_default_data(default_data: Dataset, tmp_path: Path) -> None:
    again = _round_trip(default_data, tmp_path)
    assert again.title == default_data.title
    assert len(again.events) == len(default_data.events)
    assert _events(again) == _events(default_data)
    assert _eras(again) == _eras(default_data)


@pytest.mark.parametrize("example", TIMELINEJS, ids=lambda p: p.name)
def test_timelinejs_round_trip_examples(example: Path, tmp_path: Path) -> None:
    original, _ = load_dataset([example])
    assert original.events
    again = _round_trip(original, tmp_path)
    assert again.title == original.title
    assert len(again.events) == len(original.events)
    assert _events(again) == _events(original)
    assert _eras(again) == _eras(original)
    # and the second export is the same file as the first
    assert export_timelinejs(again) == export_timelinejs(original)


def test_timelinejs_keeps_precision_in_date_parts(default_data: Dataset) -> None:
    doc = json.loads(export_timelinejs(default_data))
    by_id = {e["unique_id"]: e for e in doc["events"]}
    assert by_id["career-begins-wiltshire"]["start_date"] == {"year": 1997}
    assert by_id["acting-chief-constable"]["start_date"] == {"year": 2023, "month": 10}
    assert by_id["peel-2023-report"]["start_date"] == {"year": 2024, "month": 2, "day": 16}
    late = by_id["reinspection-end-2025"]
    assert late["start_date"]["display_date"] == "end of 2025"
    assert late["group"] == "Inspection"


def test_timelinejs_is_deterministic(default_data: Dataset) -> None:
    first = export_timelinejs(default_data)
    assert first == export_timelinejs(default_data)
    assert first.endswith(b"\n")
    canonical = json.dumps(json.loads(first), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert first.decode("utf-8") == canonical


def test_export_command_writes_timelinejs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    assert main(["export", "--project", str(ROOT), "--format", "timelinejs", "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert json.loads(out.read_bytes())["title"]["text"]["headline"]


# --- iCalendar --------------------------------------------------------------------------------


def _vevents(data: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(data)
    return {str(v["UID"]): v for v in cal.walk("VEVENT")}


def test_ics_parses_back_with_one_entry_per_event(default_data: Dataset) -> None:
    vevents = _vevents(export_ics(default_data))
    assert len(vevents) == len(default_data.events)
    assert set(vevents) == {f"{e.id}@reportgen.invalid" for e in default_data.events}


def test_ics_dates_follow_precision(default_data: Dataset) -> None:
    vevents = _vevents(export_ics(default_data))
    for event in default_data.events:
        v = vevents[f"{event.id}@reportgen.invalid"]
        start, end = v["DTSTART"].dt, v["DTEND"].dt  # type: ignore[index]
        assert type(start) is dt.date and type(end) is dt.date  # all-day entries
        assert start == event.start
        if event.is_span or event.date.is_exact_day:
            assert end == event.finish + dt.timedelta(days=1)  # DTEND is exclusive
        else:
            assert end == start + dt.timedelta(days=1)
        summary = str(v["SUMMARY"])  # type: ignore[index]
        assert summary.startswith(event.title)
        if not event.date.is_exact_day:
            assert event.date.display in summary
        expected = "TENTATIVE" if event.status is Status.PLANNED else "CONFIRMED"
        assert str(v["STATUS"]) == expected  # type: ignore[index]


def test_ics_describes_precision_and_sources(default_data: Dataset) -> None:
    vevents = _vevents(export_ics(default_data))
    acting = vevents["acting-chief-constable@reportgen.invalid"]
    assert str(acting["SUMMARY"]).endswith("(date known to the month: Oct 2023)")  # type: ignore[index]
    description = str(acting["DESCRIPTION"])  # type: ignore[index]
    assert "Sources:" in description
    assert "Northamptonshire Police Federation" in description
    year = vevents["career-begins-wiltshire@reportgen.invalid"]
    assert str(year["SUMMARY"]).endswith("(date known to the year: 1997)")  # type: ignore[index]
    exact = vevents["peel-2023-report@reportgen.invalid"]
    assert str(exact["SUMMARY"]) == "PEEL report published"  # type: ignore[index]


def test_ics_is_byte_identical_and_needs_no_clock(
    default_data: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = export_ics(default_data)
    assert first == export_ics(default_data)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760486400")  # 2025-10-15
    assert b"DTSTAMP:20251015T000000Z" in export_ics(default_data)
    assert b"DTSTAMP:20240101T000000Z" in export_ics(default_data, as_of=dt.date(2024, 1, 1))


def test_export_command_writes_ics(tmp_path: Path) -> None:
    out = tmp_path / "out.ics"
    args = ["export", "--project", str(ROOT), "--format", "ics", "--as-of", "2025-10-15", "-o", str(out)]
    assert main(args) == 0
    first = out.read_bytes()
    assert b"DTSTAMP:20251015T000000Z" in first
    assert main(args) == 0
    assert out.read_bytes() == first


def test_ics_handles_coarse_and_approximate_dates() -> None:
    def fuzzy(a: tuple[int, int, int], b: tuple[int, int, int], p: str, text: str, **kw: bool) -> FuzzyDate:
        return FuzzyDate(dt.date(*a), dt.date(*b), DatePrecision(p), text, **kw)

    events = (
        Event("c2017", fuzzy((2017, 1, 1), (2017, 12, 31), "year", "c. 2017", approximate=True), "A"),
        Event("q4", fuzzy((2025, 10, 1), (2025, 12, 31), "quarter", "Q4 2025"), "B", status=Status.PLANNED),
        Event("range", fuzzy((2025, 1, 1), (2025, 2, 28), "month", "Jan–Feb 2025", is_range=True), "C"),
    )
    vevents = _vevents(export_ics(Dataset(events=events)))
    assert str(vevents["c2017@reportgen.invalid"]["SUMMARY"]) == "A (approximate date: c. 2017)"  # type: ignore[index]
    q4 = vevents["q4@reportgen.invalid"]
    assert str(q4["SUMMARY"]) == "B (date known to the quarter: Q4 2025)"  # type: ignore[index]
    assert str(q4["STATUS"]) == "TENTATIVE"  # type: ignore[index]
    span = vevents["range@reportgen.invalid"]
    assert span["DTSTART"].dt == dt.date(2025, 1, 1)  # type: ignore[index]
    assert span["DTEND"].dt == dt.date(2025, 3, 1)  # type: ignore[index]
    assert str(span["SUMMARY"]) == "C (dates known to the month: Jan–Feb 2025)"  # type: ignore[index]


EVERY_FORM = """\
title: Every date form
lanes: [B, A]
sources:
  - {id: s, publisher: P, title: T}
events:
  - {id: e1, date: "1997", title: Year, lane: A, sources: [s]}
  - {id: e2, date: c. 2017, title: Approximate year, sources: [s]}
  - {id: e3, date: Oct 2023, title: Month, lane: B, sources: [s]}
  - {id: e4, date: 16 Feb 2024, title: "Day <b>&</b>", sources: [s]}
  - {id: e5, date: Jan–Feb 2025, title: Month range, sources: [s]}
  - {id: e6, date: Q4 2025, title: Quarter, status: planned, sources: [s]}
  - {id: e7, date: late 2025, title: Part of year, sources: [s]}
  - {id: e8, date: end of 2025, title: End of year, sources: [s]}
  - {id: e9, date: Oct 2023 to Feb 2025, title: Range, sources: [s]}
  - {id: e10, date: 1960s, title: Decade, sources: [s]}
  - {id: e11, date: c. 2017, end: late 2019, title: Approximate span, sources: [s]}
  - {id: e12, date: 3 Mar 2024, end: 9 Mar 2024, title: Day span, sources: [s]}
eras:
  - {title: Early, start: c. 1960, end: 1999}
  - {title: Late, start: Oct 2023, end: Q4 2025}
"""


def test_timelinejs_round_trip_keeps_every_date_form(tmp_path: Path) -> None:
    (tmp_path / "forms.yaml").write_text(EVERY_FORM, encoding="utf-8")
    original, _ = load_dataset([tmp_path / "forms.yaml"])
    again = _round_trip(original, tmp_path)
    assert _events(again) == _events(original)
    assert _eras(again) == _eras(original)
    shown = {e.id: (e.date.display, e.end.display if e.end else None) for e in again.events}
    assert shown == {e.id: (e.date.display, e.end.display if e.end else None) for e in original.events}
    assert {e.id for e in again.events} == {f"e{i}" for i in range(1, 13)}
    assert next(e for e in again.events if e.id == "e4").title == "Day <b>&</b>"
