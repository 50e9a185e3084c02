"""The timeline figure: labels that never collide, styles that tell planned and uncertain apart."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen.model import Dataset, DatePrecision, Era, Event, FuzzyDate, Status
from reportgen.render import labels as lb
from reportgen.render.timeline import label_boxes, layout_of, timeline_figure
from reportgen.theme import Theme

AS_OF = dt.date(2025, 10, 15)
SIZES = [(1600, 900), (1000, 600)]


def day(d: dt.date) -> FuzzyDate:
    return FuzzyDate(d, d, DatePrecision.DAY, f"{d.day} {d:%b %Y}")


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
    fig = figure(timeline_datasets["default"], 986, 556)
    layout = layout_of(fig)
    breaks = [b for b in layout.labels if b.key.startswith("break-")]
    assert [b.text for b in breaks] == ["2005–2016: no events"]
    ticks = [int(t) for t in fig.layout.xaxis.ticktext]
    assert not any(2005 <= t <= 2016 for t in ticks)  # no tick inside the break
    assert min(ticks) <= 2000 and max(ticks) >= 2024
    paths = [s for s in fig.layout.shapes if s.type == "path"]
    assert len(paths) == 1 and paths[0].path.count("M") == 2 * 5  # two slashes on 4 lanes + the axis


def test_the_break_gives_the_crowded_years_the_room_it_saves(timeline_datasets):
    from reportgen.render.timeline.frame import Frame

    dataset = timeline_datasets["default"]
    fig = figure(dataset, 986, 556)
    frame: Frame = layout_of(fig).frame
    unbroken = Frame(*[getattr(frame, f) for f in ("width", "height", "left", "right", "top", "bottom")],
                     frame.start, frame.end, frame.lanes)  # fmt: skip
    recent = (dt.date(2023, 1, 1), dt.date(2025, 10, 15))
    width = frame.x(recent[1]) - frame.x(recent[0])
    assert width > 1.4 * (unbroken.x(recent[1]) - unbroken.x(recent[0]))
    # dates still map in order, and each side of the break at one scale
    days = [dt.date(y, 1, 1) for y in range(1997, 2027)]
    assert [frame.x(d) for d in days] == sorted(frame.x(d) for d in days)


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
