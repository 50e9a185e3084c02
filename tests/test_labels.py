"""Label placement geometry: no overlaps, inside the canvas, numbers when there is no room."""

from __future__ import annotations

import pytest

from reportgen.render import labels as lb
from reportgen.theme import Theme

CANVAS = lb.Box(0, 0, 1000, 400)


def measure() -> lb.Measure:
    return lb.text_measure(Theme().font_regular, 11)


def _cluster(n: int, x: float = 950, band: tuple[float, float] = (0, 400)) -> list[lb.LabelRequest]:
    return [
        lb.LabelRequest(f"e{i}", f"Event number {i} in a dense cluster", x + i * 0.5, 200, band, i % 5)
        for i in range(n)
    ]


def _assert_clean(boxes: list[lb.LabelBox], canvas: lb.Box = CANVAS) -> None:
    assert lb.overlapping(boxes) == []
    assert all(canvas.contains(b.box) for b in boxes)


def test_measured_width_matches_the_font() -> None:
    width = measure()
    assert width("iiii") < width("WWWW")
    assert 40 < width("Policing career") < 110


def test_twenty_labels_at_one_x_never_overlap_and_stay_inside() -> None:
    boxes = lb.place_labels(_cluster(20), canvas=CANVAS, measure=measure(), row_height=16)
    _assert_clean(boxes)
    assert sum(b.kind == "label" for b in boxes) >= 15  # 22 rows, leaders must not cross labels


def test_no_room_gives_numbers_and_hidden_but_never_overlap() -> None:
    small = lb.Box(0, 0, 300, 120)
    result = lb.place(_cluster(30, x=150, band=(0, 120)), canvas=small, measure=measure(), row_height=16)
    _assert_clean(result.boxes, small)
    numbers = [b.number for b in result.boxes if b.kind == "number"]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(result.boxes) + len(result.hidden) == 30


def test_higher_priority_gets_the_full_label() -> None:
    small = lb.Box(0, 0, 300, 60)
    reqs = [
        lb.LabelRequest("minor", "Minor event text", 150, 30, (0, 60), 1),
        lb.LabelRequest("key", "Key event text", 150, 30, (0, 60), 5),
        lb.LabelRequest("other", "Other event text", 150, 30, (0, 60), 2),
    ]
    boxes = {b.key: b for b in lb.place_labels(reqs, canvas=small, measure=measure(), row_height=16)}
    assert boxes["key"].kind == "label"


def test_labels_stay_in_their_band() -> None:
    reqs = _cluster(12, x=500, band=(100, 300))
    for b in lb.place_labels(reqs, canvas=CANVAS, measure=measure(), row_height=16):
        assert b.box.y0 >= 100 and b.box.y1 <= 300


@pytest.mark.parametrize(
    ("seg", "hit"),
    [
        ((0, 0, 100, 100), True),
        ((0, 60, 100, 60), True),
        ((0, 0, 5, 5), False),
        ((10, 0, 10, 100), False),  # along the left edge: touching is allowed
    ],
)
def test_segment_hits_box(seg: lb.Segment, hit: bool) -> None:
    assert lb.segment_hits_box(seg, lb.Box(10, 40, 90, 80)) is hit


def test_truncate_fits_and_ends_with_ellipsis() -> None:
    width = measure()
    text = lb.truncate("A very long label that will not fit in a narrow space", 120, width)
    assert text.endswith("…") and width(text) <= 120


def test_key_layout_in_columns_inside_its_area() -> None:
    area = lb.Box(0, 300, 1000, 380)
    entries = [(f"e{i}", f"{i}  Jan 2024 · Event {i}") for i in range(1, 13)]
    boxes = lb.layout_key(entries, area, measure=measure(), row_height=16)
    assert len(boxes) == 12
    _assert_clean(boxes, area)
