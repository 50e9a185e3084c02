"""TimelineJS3 JSON: the four real examples load; bad JSON is reported with path:line."""
# ruff: noqa: E501  (tables of literal inputs and expected messages read best one per line)

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.errors import Severity, ValidationFailed
from reportgen.load import load_dataset
from reportgen.load.timelinejs import plain_text
from reportgen.model import DatePrecision

EXAMPLES = Path(__file__).resolve().parent / "data" / "timelinejs"


def errors(path: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        load_dataset([path])
    return [str(d) for d in info.value.diagnostics if d.severity is Severity.ERROR]


@pytest.mark.parametrize(
    ("name", "title", "count", "first", "last"),
    [
        ("women_in_computing.json", "Women in Computing", 10, "Ada Lovelace", '"The Mother of the Internet"'),
        (
            "eras.json",
            "Eras Test",
            20,
            "Last great Roman-Persian War.",
            "North South States Period begins in Korea",
        ),
        (
            "houston.json",
            "Whitney Houston 1963 - 2012",
            18,
            "A Musical Heritage",
            "Whitney Houston 1963-2012",
        ),
        ("user_interface.json", "Revolutionary User Interfaces", 22, "The Antikythera", "Speech Recognition"),
    ],
)
def test_the_four_examples_load(name, title, count, first, last):
    dataset, warnings = load_dataset([EXAMPLES / name])
    assert warnings == []
    assert (dataset.title, len(dataset.events)) == (title, count)
    assert (dataset.events[0].title, dataset.events[-1].title) == (first, last)
    assert dataset.all_lanes == ("Events",)
    (source,) = dataset.sources
    assert (source.publisher, source.title) == ("TimelineJS file", title)
    assert all(e.sources == (source.id,) for e in dataset.events)
    assert all("<" not in e.title + e.description for e in dataset.events)


def test_empty_month_and_day_strings_mean_a_coarser_date():
    dataset, _ = load_dataset([EXAMPLES / "women_in_computing.json"])
    eniac = next(e for e in dataset.events if e.title.startswith("...And the women"))
    assert (eniac.date.display, eniac.date.precision, eniac.end.display) == (
        "Jul 1943",
        DatePrecision.MONTH,
        "1946",
    )
    assert eniac.loc.line == 43
    compiler = next(e for e in dataset.events if "compiler" in e.title)
    assert compiler.date.precision is DatePrecision.YEAR and compiler.end is None


def test_eras_and_years_before_1000():
    dataset, _ = load_dataset([EXAMPLES / "eras.json"])
    assert [(e.title, e.start.earliest.year, e.end.latest.year) for e in dataset.eras] == [
        ("Era Test 650-700", 650, 700),
        ("Era Test 600-650", 600, 650),
        ("Era Test 700-720", 700, 720),
    ]
    hijra = next(e for e in dataset.events if e.title.startswith("Muhammad Migrates"))
    assert (hijra.date.earliest.isoformat(), hijra.end.earliest.isoformat()) == ("0622-08-09", "0622-08-23")
    assert hijra.id == "0622-08-09-muhammad-migrates-from-mecca-to-medina"


def write(tmp_path: Path, doc: object | str, name: str = "timeline.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc, indent=2), encoding="utf-8")
    return path


def test_group_becomes_lane_display_date_and_html_reduced(tmp_path):
    doc = {
        "title": {"text": {"headline": "My <b>timeline</b>"}},
        "events": [
            {
                "start_date": {"year": "2001", "month": "10"},
                "display_date": "autumn 2001",
                "group": "Career",
                "text": {
                    "headline": "Joined &amp; <i>trained</i>",
                    "text": "<p>First.</p><p>Second&nbsp;line</p>",
                },
            },
            {"start_date": {"year": 1999}, "text": {"headline": "Earlier"}, "unique_id": "early"},
        ],
    }
    dataset, _ = load_dataset([write(tmp_path, doc)])
    early, joined = dataset.events
    assert dataset.title == "My timeline" and early.id == "early" and early.lane == "Events"
    assert (joined.title, joined.description, joined.lane) == (
        "Joined & trained",
        "First. Second line",
        "Career",
    )
    assert joined.date.display == "autumn 2001" and joined.loc.line == 8


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>One</p><p>Two</p>", "One Two"),
        ("a <a href='x'>link</a>.", "a link."),
        ("<script>alert(1)</script>x", "alert(1)x"),
        ("Fish &amp; chips &lt;3", "Fish & chips <3"),
        ("  many \n\t spaces ", "many spaces"),
        ("<br/>", ""),
    ],
)
def test_plain_text(text, expected):
    assert plain_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{\n  "events": [\n    {"start_date": {"year": "2001"},\n', ":4: not valid JSON"),
        ('{"events": [1,]}', ":1: not valid JSON: Expecting value"),
        ("", ":1: file is empty"),
        ("[" * 100_000, ":1: JSON is nested too deeply"),
        ('{"title": {}}', ":1: not a TimelineJS file: no 'events' list"),
        ('{"events": [\n  {"text": {"headline": "x"}}\n]}', ":2: event 'x' has no start_date"),
        ('{"events": [\n  5\n]}', ":2: event is not an object"),
        (
            '{"events": [\n  {"start_date": {"year": "1990s"},\n "text": {"headline": "x"}}]}',
            ":2: start_date year '1990s'",
        ),
        ('{"events": [\n  {"start_date": {"year": "10000"}, "text": {"headline": "x"}}]}', ":2: date"),
        (
            '{"events": [\n  {"start_date": {"year": "2001", "month": "13"}, "text": {"headline": "x"}}]}',
            ":2: date",
        ),
        (
            '{"events": [{"start_date": {"year": "2001"},\n "text": {"headline": "<p></p>"}}]}',
            ":2: event has no title",
        ),
        (
            '{"events": [{"start_date": {"year": "2001"},\n "end_date": {"year": "1999"},\n "text": {"headline": "x"}}]}',
            ":2: end '1999' is before date '2001'; swap them",
        ),
    ],
)
def test_bad_timelinejs_errors_name_path_and_line(tmp_path, text, expected):
    path = write(tmp_path, text)
    found = errors(path)
    assert any(e.startswith(f"{path}{expected}") for e in found), found
