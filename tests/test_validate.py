"""validate.build_dataset: raw records → model, every problem collected (no files involved)."""

from __future__ import annotations

import pytest

from reportgen.errors import Severity, ValidationFailed
from reportgen.model import ChartKind, Status
from reportgen.sourceloc import SourceLoc
from reportgen.validate import DateParts, RawFile, RawRecord, build_dataset, slug

PATH = "events/x.yaml"


def rec(line: int, **data) -> RawRecord:
    # every key sits on its own line after the record's first line, as in a YAML block mapping
    return RawRecord(SourceLoc(PATH, line), data, {k: line + i for i, k in enumerate(data)})


def source(line: int = 1, sid: str = "polfed-2025-04-25") -> RawRecord:
    return rec(line, id=sid, publisher="Police Federation", title="Interview")


def build(**sections):
    raw = RawFile(PATH, meta=sections.pop("meta", None), **sections)
    return build_dataset([raw])


def errors_of(**sections) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        build(**sections)
    return [str(d) for d in info.value.diagnostics if d.severity is Severity.ERROR]


def test_a_valid_event_becomes_a_model_event_with_defaults_and_derived_id():
    dataset, warnings = build(
        sources=[source()],
        events=[rec(10, date="16 Feb 2024", title="PEEL report published", sources=["polfed-2025-04-25"])],
    )
    (event,) = dataset.events
    assert event.id == "2024-02-16-peel-report-published"
    assert (event.lane, event.status, event.importance, event.loc) == (
        "General",
        Status.PAST,
        3,
        SourceLoc(PATH, 10),
    )
    assert event.date.display == "16 Feb 2024"
    assert warnings == []
    assert dataset.inputs == (PATH,)


def test_events_are_sorted_by_date_then_id_and_sources_keep_file_order():
    events = [
        rec(1, date="2025", title="b", source="s2"),
        rec(5, date="Jan 2020", title="a", source="s1"),
        rec(9, date="2025", title="a", source="s1"),
    ]
    dataset, _ = build(sources=[source(1, "s2"), source(5, "s1")], events=events)
    assert [e.id for e in dataset.events] == ["2020-01-01-a", "2025-01-01-a", "2025-01-01-b"]
    assert [s.id for s in dataset.sources] == ["s2", "s1"]


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            {"date": "Mar 2021", "end": "Jan 2020", "title": "x"},
            "events/x.yaml:2: end 'Jan 2020' is before date 'Mar 2021'; swap them",
        ),
        ({"date": "2024", "title": "  "}, "events/x.yaml:2: event has no title; "),
        (
            {"date": "2024", "title": "x", "status": "done"},
            "events/x.yaml:3: unknown status 'done'; use past or planned",
        ),
        (
            {"date": "2024", "title": "x", "importance": 9},
            "events/x.yaml:3: importance 9 is not 1–5; use 1 (minor) to 5",
        ),
        (
            {"date": "2024", "title": "x", "importance": "high"},
            "events/x.yaml:3: importance 'high' is not 1–5",
        ),
        (
            {"date": "2024", "title": "x", "marking": "SECRETE"},
            "events/x.yaml:3: marking 'SECRETE' is not a protective marking; did you mean 'SECRET'?",
        ),
        (
            {"date": "2024", "title": "x", "sources": ["polfed-2025"]},
            "events/x.yaml:3: unknown source 'polfed-2025'; did you mean 'polfed-2025-04-25'?",
        ),
        ({"date": "31/13/2024", "title": "x"}, "events/x.yaml:1: date '31/13/2024' is not a date"),
        ({"date": "2025-02-30", "title": "x"}, "events/x.yaml:1: date '2025-02-30' is not a date"),
        ({"date": 10000, "title": "x"}, "events/x.yaml:1: date"),
        ({"date": "", "title": "x"}, "events/x.yaml:1: event has no date"),
    ],
)
def test_event_errors_name_the_line_and_how_to_fix_it(event, expected):
    found = errors_of(sources=[source()], events=[rec(1, **event)])
    assert any(e.startswith(expected) for e in found), found
    assert all("; " in e for e in found)  # every error carries a hint


def test_all_problems_are_collected_in_one_run():
    events = [
        rec(1, date="nonsense", title="a"),
        rec(10, date="2024", title=""),
        rec(20, date="2024", title="c", status="x"),
    ]
    found = errors_of(events=events)
    assert [e.split(":")[1] for e in found] == ["1", "11", "22"]


def test_duplicate_ids_explicit_and_derived_are_errors():
    events = [
        rec(1, date="2024", title="Same"),
        rec(5, date="2024", title="Same"),
        rec(9, id="x", date="2020", title="A"),
        rec(13, id="x", date="2021", title="B"),
    ]
    found = errors_of(events=events)
    assert any(
        e.startswith("events/x.yaml:5: duplicate event id '2024-01-01-same'; first used at events/x.yaml:1")
        for e in found
    )
    assert any(e.startswith("events/x.yaml:13: duplicate event id 'x'") for e in found)


def test_duplicate_source_ids_are_errors():
    found = errors_of(sources=[source(1), source(7)])
    assert found == [
        "events/x.yaml:7: duplicate source id 'polfed-2025-04-25'; first defined at events/x.yaml:1; "
        "rename one"
    ]


def test_warnings_event_without_sources_and_near_miss_lane():
    meta = rec(1, lanes=["Career", "Community"])
    _, warnings = build(meta=meta, events=[rec(3, date="2024", title="x", lane="Carreer")])
    shown = [str(w) for w in warnings]
    assert "events/x.yaml:5: warning: lane 'Carreer' is not in lanes; did you mean 'Career'?" in shown
    assert any(w.startswith("events/x.yaml:3: warning: event 'x' has no sources") for w in shown)


def test_a_lane_far_from_every_known_lane_is_simply_a_new_lane():
    _, warnings = build(
        meta=rec(1, lanes=["Career"]),
        sources=[source()],
        events=[rec(3, date="2024", title="x", lane="Media", source="polfed-2025-04-25")],
    )
    assert warnings == []


def test_alt_dates_that_do_not_overlap_warn_about_conflicting_dates():
    alt = rec(12, date="Jan 2025", sources=["ldrs-2025-04-24"], note="LDRS says January")
    event = rec(8, date="Feb 2025", title="Appointed", sources=["polfed-2025-04-25"], alt_dates=[alt])
    dataset, warnings = build(sources=[source(), source(4, "ldrs-2025-04-24")], events=[event])
    assert [str(w) for w in warnings] == [
        "events/x.yaml:12: warning: conflicting dates: 'Feb 2025' (polfed-2025-04-25) vs 'Jan 2025' "
        "(ldrs-2025-04-24); check the sources; the pack shows both dates"
    ]
    assert dataset.events[0].alt_dates[0].sources == ("ldrs-2025-04-24",)


def test_overlapping_alt_date_is_not_a_conflict():
    event = rec(8, date="Feb 2025", title="x", source="s", alt_dates=[rec(12, date="2025", source="s")])
    _, warnings = build(sources=[source(1, "s")], events=[event])
    assert warnings == []


def test_metric_points_grades_and_cross_references():
    points = [
        rec(20, label="Crime", grade="Good"),
        rec(30, label="Calls", grade="Outstandin"),
        rec(40, label="Both", value=1, grade="Good"),
        rec(50, label="None"),
    ]
    metric = rec(
        10,
        id="peel",
        name="PEEL",
        chart="grades",
        scale=["Inadequate", "Good", "Outstanding"],
        sources=["s"],
        marker_events=["nope"],
        points=points,
    )
    found = errors_of(sources=[source(1, "s")], metrics=[metric])
    assert "events/x.yaml:31: grade 'Outstandin' is not in the scale; did you mean 'Outstanding'?" in found
    assert "events/x.yaml:40: point has both value and grade; keep one of them" in found
    assert any(e.startswith("events/x.yaml:50: point 'None' has no value") for e in found)
    assert any(e.startswith("events/x.yaml:15: unknown event 'nope'") for e in found)
    assert len(found) == 4


def test_a_valid_metric_keeps_file_order_and_maps_grades_to_values():
    e = rec(1, id="peel-2023", date="2023", title="PEEL", source="s")
    m1 = rec(
        10,
        id="b",
        name="B",
        chart="grades",
        scale=["Bad", "Good"],
        marker_events=["peel-2023"],
        points=[rec(12, label="x", grade="Good")],
    )
    m2 = rec(
        20,
        id="a",
        name="A",
        unit="%",
        chart="line",
        target=90,
        points=[rec(22, label="Jun 2023", date="Jun 2023", value=78.5)],
    )
    dataset, _ = build(sources=[source(1, "s")], events=[e], metrics=[m1, m2])
    assert [m.id for m in dataset.metrics] == ["b", "a"]
    assert dataset.metrics[0].points[0].value == 2.0 and dataset.metrics[0].chart is ChartKind.GRADES
    assert dataset.metrics[1].points[0].date.display == "Jun 2023" and dataset.metrics[1].target == 90.0


def test_line_chart_points_need_dates_and_unknown_chart_is_an_error():
    metric = rec(10, id="m", name="M", chart="pie", points=[rec(12, label="x", value=1)])
    assert any(
        "unknown chart 'pie'; use one of bar, hbar, line, stacked, grades" in e
        for e in errors_of(metrics=[metric])
    )
    metric = rec(10, id="m", name="M", chart="line", points=[rec(12, label="x", value=1)])
    assert errors_of(metrics=[metric]) == [
        "events/x.yaml:12: point 'x' has no date; a line chart needs `date:` on every point"
    ]


def test_eras_and_timelinejs_date_parts():
    eras = [rec(1, title="Acting", start="Oct 2023", end="Feb 2025")]
    event = rec(5, date=DateParts(1943, 7, None), end=DateParts(1946), title="ENIAC", source="s")
    dataset, _ = build(sources=[source(1, "s")], events=[event], eras=eras)
    assert dataset.eras[0].title == "Acting" and dataset.eras[0].end.display == "Feb 2025"
    assert dataset.events[0].date.display == "Jul 1943" and dataset.events[0].end.display == "1946"
    assert any(
        "end 'Jan 2020' is before start 'Mar 2021'" in e
        for e in errors_of(eras=[rec(1, title="x", start="Mar 2021", end="Jan 2020")])
    )


def test_free_text_source_becomes_its_own_source_and_known_ids_are_cited():
    e1 = rec(2, date="2024", title="a", source_text="BBC News", url="https://bbc.co.uk/x")
    e2 = rec(3, date="2024", title="b", source_text="s", url="")
    e3 = rec(4, date="2024", title="c", source_text="BBC News", url="https://bbc.co.uk/x")
    dataset, warnings = build(sources=[source(1, "s")], events=[e1, e2, e3])
    bbc = dataset.source("bbc-news")
    assert bbc is not None and (bbc.publisher, bbc.url) == ("BBC News", "https://bbc.co.uk/x")
    assert {e.title: e.sources for e in dataset.events} == {
        "a": ("bbc-news",),
        "b": ("s",),
        "c": ("bbc-news",),
    }
    assert len(dataset.sources) == 2 and warnings == []


def test_urls_must_be_web_addresses():
    found = errors_of(sources=[rec(1, id="s", publisher="p", title="t", url="ftp://x")])
    assert found == ["events/x.yaml:4: url 'ftp://x' is not a web address; start it with https:// or http://"]


def test_pack_settings_first_title_wins_lanes_merge_marking_is_highest():
    files = [
        RawFile("a.yaml", meta=rec(1, title="One", lanes=["A"], marking="OFFICIAL")),
        RawFile("b.yaml", meta=rec(1, title="Two", lanes=["B", "A"], marking="official-sensitive")),
    ]
    dataset, warnings = build_dataset(files)
    assert (dataset.title, dataset.lanes, dataset.marking) == ("One", ("A", "B"), "OFFICIAL-SENSITIVE")
    assert len(warnings) == 1 and "title 'Two' differs" in str(warnings[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PEEL report published!", "peel-report-published"),
        ("Rózsa Péter", "rozsa-peter"),
        ("£590,000", "590-000"),
    ],
)
def test_slug(text, expected):
    assert slug(text) == expected
