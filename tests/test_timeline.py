"""The timeline figure: labels that never collide, styles that tell planned and uncertain apart."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.model import Dataset, DatePrecision, Era, Event, FuzzyDate, Status
from reportgen.render import labels as lb
from reportgen.render.timeline import label_boxes, layout_of, timeline_figure
from reportgen.theme import Theme

AS_OF = dt.date(2025, 10, 15)
SIZES = [(1600, 900), (1000, 600)]


def day(d: dt.date) -> FuzzyDate:
    return FuzzyDate(d, d, DatePrecision.DAY, f"{d.day} {d:%b %Y}")


def month(y: int, m: int) -> FuzzyDate:
    last = dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
    return FuzzyDate(dt.date(y, m, 1), last, DatePrecision.MONTH, f"{dt.date(y, m, 1):%b %Y}")


def year(y: int, approximate: bool = False) -> FuzzyDate:
    return FuzzyDate(
        dt.date(y, 1, 1),
        dt.date(y, 12, 31),
        DatePrecision.YEAR,
        f"{'c. ' if approximate else ''}{y}",
        approximate,
    )


def figure(dataset: Dataset, width: int = 1600, height: int = 900, **kw: object):  # type: ignore[no-untyped-def]
    return timeline_figure(
        dataset, Theme(), as_of=AS_OF, width=width, height=height, marking="OFFICIAL", **kw
    )


def assert_no_collisions(fig) -> None:  # type: ignore[no-untyped-def]
    boxes = label_boxes(fig)
    canvas = layout_of(fig).canvas
    assert lb.overlapping(list(boxes)) == []
    outside = [b.text for b in boxes if not canvas.contains(b.box)]
    assert outside == []


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", ["default", "eras", "houston", "user_interface", "women_in_computing"])
def test_labels_never_collide(timeline_datasets: dict, name: str, size: tuple[int, int]) -> None:
    dataset = timeline_datasets[name]
    fig = figure(dataset, *size, title=dataset.title or name)
    assert_no_collisions(fig)
    layout = layout_of(fig)
    labelled = {b.key for b in layout.labels}
    assert labelled | set(layout.hidden) >= {e.id for e in dataset.events}


def test_default_data_gets_every_label_in_full(timeline_datasets: dict) -> None:
    fig = figure(timeline_datasets["default"])
    full = {b.key for b in label_boxes(fig) if b.kind == "label"}
    assert full >= {e.id for e in timeline_datasets["default"].events}


def dense_month() -> Dataset:
    events = tuple(
        Event(
            f"e{i:02d}",
            day(dt.date(2024, 3, 1 + i)),
            f"Dense cluster event number {i}",
            lane="A",
            importance=1 + i % 5,
        )
        for i in range(20)
    )
    others = tuple(Event(f"o{y}", year(y), f"Background event {y}", lane="B") for y in range(2015, 2025, 2))
    return Dataset(events=events + others, lanes=("A", "B"))


@pytest.mark.parametrize("size", [(1600, 900), (900, 500)])
def test_twenty_events_in_one_month(size: tuple[int, int]) -> None:
    fig = figure(dense_month(), *size)
    assert_no_collisions(fig)
    layout = layout_of(fig)
    numbered = {b.key for b in layout.labels if b.kind == "number"}
    keyed = {b.key for b in layout.labels if b.kind == "key"}
    assert numbered == keyed  # every number on the canvas is explained in the key


def styled() -> Dataset:
    events = (
        Event("past", day(dt.date(2020, 5, 1)), "Exact past", lane="A"),
        Event("approx", year(2021, approximate=True), "Roughly", lane="A"),
        Event("planned", day(dt.date(2026, 1, 10)), "Future", lane="A"),
        Event("flagged", day(dt.date(2024, 1, 10)), "Flagged planned", lane="B", status=Status.PLANNED),
        Event("span", day(dt.date(2019, 1, 1)), "Span", lane="B", end=day(dt.date(2022, 6, 1))),
    )
    eras = (Era("First era", year(2018), year(2020)),)
    return Dataset(events=events, lanes=("A", "B"), eras=eras)


def _marker_trace(fig, event_id: str):  # type: ignore[no-untyped-def]
    return next(t for t in fig.data if t.meta and event_id in t.meta.get("ids", ()))


def test_planned_events_are_hollow_and_coloured_differently() -> None:
    fig = figure(styled())
    theme = Theme()
    for planned in ("planned", "flagged"):
        trace = _marker_trace(fig, planned)
        assert trace.marker.symbol.endswith("-open") and trace.marker.color == theme.planned
    past = _marker_trace(fig, "past")
    assert not past.marker.symbol.endswith("-open") and past.marker.color != theme.planned
    lanes = {_marker_trace(fig, "past").marker.symbol, _marker_trace(fig, "span").marker.symbol}
    assert len(lanes) == 2  # lanes differ by shape, not only colour


def test_approximate_dates_get_a_light_window_and_c_in_label() -> None:
    fig = figure(styled())
    windows = [t for t in fig.data if t.name and "date windows" in t.name]
    assert windows and all(t.opacity < 0.5 for t in windows)
    frame = layout_of(fig).frame
    assert windows[0].x[:2] == (frame.axis(dt.date(2021, 1, 1)), frame.axis(dt.date(2022, 1, 1)))
    texts = {b.key: b.text for b in label_boxes(fig)}
    assert texts["approx"].startswith("c. 2021")
    spans = [t for t in fig.data if t.name and "spans" in t.name]
    assert spans and spans[0].x[0] == frame.axis(dt.date(2019, 1, 1))


def test_as_of_line_eras_marking_and_fixed_uids() -> None:
    fig = figure(styled(), title="Test")
    shapes = fig.layout.shapes
    assert any(s.type == "line" and s.x0 == layout_of(fig).frame.axis(AS_OF) for s in shapes)
    assert any(s.type == "rect" and s.xref == "x" for s in shapes)  # the era band
    texts = [a.text for a in fig.layout.annotations]
    assert texts.count("<b>OFFICIAL</b>") == 2
    assert any(b.text.startswith("as of 15 Oct 2025") for b in label_boxes(fig))
    assert [t.uid for t in fig.data] == [f"timeline-{i}" for i in range(len(fig.data))]
    assert fig.layout.font.family == "DejaVu Sans"


def test_hover_shows_date_title_and_source() -> None:
    event = Event("x", day(dt.date(2024, 2, 16)), "PEEL <report>", lane="A", sources=("peel-news",))
    fig = figure(Dataset(events=(event,)))
    text = _marker_trace(fig, "x").text[0]
    assert "16 Feb 2024" in text and "PEEL &lt;report&gt;" in text and "peel-news" in text


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(1997, 1, 1), dt.date(2025, 12, 31), "2000"),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31), "Jul 2024"),
        (dt.date(1600, 1, 1), dt.date(2012, 1, 1), "1800"),
    ],
)
def test_axis_ticks_suit_the_span(start: dt.date, end: dt.date, expected: str) -> None:
    events = (Event("a", day(start), "Start"), Event("b", day(end), "End"))
    fig = figure(Dataset(events=events))
    ticks = list(fig.layout.xaxis.ticktext)
    assert expected in ticks and 4 <= len(ticks) <= 30


def test_ten_thousand_events_show_density_not_ten_thousand_labels() -> None:
    import random

    rng = random.Random(1)
    events = tuple(
        Event(
            f"e{i}",
            day(dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(9000))),
            f"Event {i}",
            lane=f"L{i % 6}",
            importance=rng.randint(1, 5),
        )
        for i in range(10_000)
    )
    fig = figure(Dataset(events=events))
    assert any(t.type == "heatmap" for t in fig.data)
    assert len(fig.layout.annotations) < 100
    assert sum(len(t.x) for t in fig.data if t.type == "scatter" and t.mode == "markers") < 100
    assert_no_collisions(fig)


# -- an axis that fits the data -----------------------------------------------------------------
def test_a_long_stretch_with_no_event_becomes_a_labelled_break_with_honest_ticks(timeline_datasets):
    fig = figure(timeline_datasets["houston"], 986, 556)
    layout = layout_of(fig)
    assert layout.overview is None  # Houston's events spread out: one axis, broken once
    breaks = [b for b in layout.labels if b.key.startswith("break-")]
    assert [b.text for b in breaks] == ["1964–1976: no events"]
    ticks = [int(t) for t in fig.layout.xaxis.ticktext]
    assert not any(1964 <= t <= 1976 for t in ticks)  # no tick inside the break
    assert len(ticks) >= 4 and max(ticks) >= 2010
    paths = [s for s in fig.layout.shapes if s.type == "path"]
    lanes = len(timeline_datasets["houston"].all_lanes)
    assert len(paths) == 1 and paths[0].path.count("M") == 2 * (lanes + 1)  # two slashes per lane + the axis


def test_the_break_gives_the_crowded_years_the_room_it_saves(timeline_datasets):
    from reportgen.render.timeline.frame import Frame

    dataset = timeline_datasets["houston"]
    fig = figure(dataset, 986, 556)
    frame: Frame = layout_of(fig).frame
    unbroken = Frame(*[getattr(frame, f) for f in ("width", "height", "left", "right", "top", "bottom")],
                     frame.start, frame.end, frame.lanes)  # fmt: skip
    later = (dt.date(1977, 1, 1), dt.date(1990, 1, 1))
    width = frame.x(later[1]) - frame.x(later[0])
    assert width > 1.2 * (unbroken.x(later[1]) - unbroken.x(later[0]))
    # dates still map in order, and each side of the break at one scale
    days = [dt.date(y, 1, 1) for y in range(1950, 2000)]
    assert [frame.x(d) for d in days] == sorted(frame.x(d) for d in days)


def _overview_texts(fig) -> list[str]:  # type: ignore[no-untyped-def]
    """The overview's tick labels: the small annotations under its line."""
    return [a.text for a in fig.layout.annotations if a.font.size == 10]


def test_crowded_events_get_a_detail_panel_under_an_overview_of_the_whole_span(timeline_datasets):
    """Default data: 11 of 18 events fall in 2023–2025. The lanes show that stretch; the strip
    above shows every event of 1997–2026, labels those outside the detail, and marks the detail."""
    dataset = timeline_datasets["default"]
    fig = figure(dataset, 986, 556)
    layout = layout_of(fig)
    ov = layout.overview
    assert ov is not None
    lo, hi = ov.detail
    assert dt.date(2023, 1, 1) <= lo <= dt.date(2023, 10, 1) and hi >= AS_OF
    assert tuple(fig.layout.xaxis.range) == (lo.isoformat(), hi.isoformat())
    inside = [e for e in dataset.events if e.finish >= lo and e.start <= hi]
    assert len(inside) >= 0.6 * len(dataset.events)
    # the overview's own axis: the whole span, broken where it is empty, its ticks honest
    assert ov.span.start.year == 1996 and ov.span.end.year == 2026
    assert [(a.year, b.year) for a, b in ov.span.breaks] == [(2005, 2016)]
    years = [int(t) for t in _overview_texts(fig)]
    assert min(years) <= 1998 and max(years) >= 2024 and not any(2005 <= y <= 2016 for y in years)
    # every event outside the detail is labelled on the overview (or numbered into the key)
    keyed = {k for k, _ in layout.key}
    above = {b.key for b in layout.labels if b.box.y1 <= layout.frame.top}
    outside = {e.id for e in dataset.events if e not in inside}
    assert outside and outside <= above | {b.key for b in layout.labels if b.kind == "key"} | keyed
    assert {b.key for b in layout.labels} | set(layout.hidden) >= {e.id for e in dataset.events}
    # the detail names itself, and the band that links it to the lanes is drawn
    note = next(b for b in layout.labels if b.key == "detail")
    assert note.text.startswith("Detail: ") and note.text.endswith("(shaded above)")
    assert len([s for s in fig.layout.shapes if s.name == "overview-link"]) == 1
    assert_no_collisions(fig)


def test_the_overview_marks_every_event_once_in_its_lane_shape(timeline_datasets):
    dataset = timeline_datasets["default"]
    fig = figure(dataset, 986, 556)
    marks = [s for s in fig.layout.shapes if s.name == "overview-mark"]
    assert len(marks) == len(dataset.events)
    planned = [s for s in marks if s.fillcolor == "rgba(0,0,0,0)"]  # open, as in the lanes
    assert len(planned) == sum(1 for e in dataset.events if e.start > AS_OF)
    corners = {s.path.count("L") + 1 for s in marks}
    assert {3, 4, 16} <= corners  # triangle, square and diamond, circle: the lanes' shapes


@pytest.mark.parametrize("name", ["eras", "houston", "user_interface", "women_in_computing"])
def test_spread_out_data_keeps_one_axis(timeline_datasets, name):
    assert layout_of(figure(timeline_datasets[name], 986, 556)).overview is None


def test_a_short_list_never_gets_a_detail_panel():
    events = tuple(Event(f"e{m}", month(2024, m), f"Event {m}") for m in range(1, 11))
    events += (Event("old", year(1990), "Long ago"),)
    assert layout_of(figure(Dataset(events=events), 986, 556)).overview is None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 40 * 365), min_size=12, max_size=60))
def test_a_detail_holds_most_events_in_a_short_stretch(offsets):
    """Property: whenever a detail is chosen, it holds ≥ 60 % of the events, and it is drawn
    only when those events fit in 15 % of the axis."""
    from reportgen.render.timeline import overview as ov
    from reportgen.render.timeline.frame import Frame

    start = dt.date(1980, 1, 1)
    events = [Event(f"e{i}", day(start + dt.timedelta(days=o)), f"E{i}") for i, o in enumerate(offsets)]
    frame = Frame(
        1000, 600, 100, 24, 80, 60, start - dt.timedelta(days=30), start + dt.timedelta(days=40 * 365 + 30), 1
    )
    detail = ov.find_detail(events, frame, None)
    if detail is None:
        return
    lo, hi = detail
    inside = [e for e in events if lo <= e.start <= hi]
    assert len(inside) >= 0.6 * len(events)
    pad_px = frame.x(start + dt.timedelta(days=20)) - frame.x(start)
    limit = ov.DETAIL_WIDTH * frame.plot.width
    assert frame.x(hi) - frame.x(lo) <= 1.1 * limit + 2 * pad_px + 1e-6


def test_evenly_spread_events_get_no_break():
    events = tuple(Event(f"e{y}", year(y), f"Event {y}") for y in range(2000, 2025, 2))
    fig = figure(Dataset(events=events), 986, 556)
    assert not [b for b in layout_of(fig).labels if b.key.startswith("break-")]
    assert not [s for s in fig.layout.shapes if s.type == "path"]


def test_a_window_shows_its_period_and_counts_the_events_outside(timeline_datasets):
    dataset = timeline_datasets["default"]
    fig = figure(dataset, 986, 556, window=(dt.date(2017, 1, 1), None))
    layout = layout_of(fig)
    assert fig.layout.xaxis.range[0] == "2017-01-01"
    note = next(b for b in layout.labels if b.key == "window")
    assert note.text == "Not shown: 2 earlier events"
    shown = {b.key for b in layout.labels} | set(layout.hidden)
    assert not {e.id for e in dataset.events if e.finish < dt.date(2017, 1, 1)} & shown
    assert_no_collisions(fig)


def test_long_labels_wrap_to_two_lines_between_words_and_short_titles_are_used():
    long = "Kettering town centre visit with the Police, Fire and Crime Commissioner and partners"
    events = (
        Event("a", day(dt.date(2025, 1, 20)), long, lane="A"),
        Event(
            "b",
            day(dt.date(2024, 2, 16)),
            "A very long official title nobody prints",
            short_title="Report out",
        ),
    )
    fig = figure(Dataset(events=events), 986, 556)
    texts = {b.key: b.text for b in label_boxes(fig)}
    first, second = texts["a"].split("\n")
    assert f"{first} {second}".removesuffix("…").strip() in f"20 Jan 2025 · {long}"
    assert f"20 Jan 2025 · {long}".startswith(first + " ")  # broken between two words
    assert texts["b"] == "16 Feb 2024 · Report out"
