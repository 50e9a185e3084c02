"""Placing labels: the first free slot for each request, by priority; numbers for those that get none."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from reportgen.render.labels.boxes import Box, LabelBox, LabelRequest, Placement, Segment, segment_hits_box
from reportgen.render.labels.measure import Measure


@dataclass(slots=True)
class _Placed:
    boxes: list[Box] = field(default_factory=list)
    leaders: list[Segment] = field(default_factory=list)

    def free(self, box: Box, leader: Segment | None, gap: float) -> bool:
        if any(box.intersects(b, gap) for b in self.boxes):
            return False
        if any(segment_hits_box(s, box) for s in self.leaders):
            return False
        return leader is None or not any(segment_hits_box(leader, b) for b in self.boxes)

    def add(self, box: Box, leader: Segment | None) -> None:
        self.boxes.append(box)
        if leader is not None:
            self.leaders.append(leader)


def _rows(req: LabelRequest, height: float, pitch: float) -> Iterable[tuple[float, int]]:
    """Top y of each stagger row, nearest first, alternating above (-1) and below (+1)."""
    top, bottom = req.band
    for k in range(int(max(0.0, bottom - top) // pitch) + 1):
        above = req.anchor_y - req.clearance - k * pitch - height
        below = req.anchor_y + req.clearance + k * pitch
        fits_above, fits_below = above >= top, below + height <= bottom
        if not fits_above and not fits_below:
            return
        if fits_above:
            yield above, -1
        if fits_below:
            yield below, 1


def _xs(anchor: float, width: float, canvas: Box, slide: int) -> list[float]:
    """Left edges to try: extending away from the nearer canvas edge, the other way, centred, sliding.

    Extending towards the middle lets a cluster near an edge stack as a staircase whose
    leaders pass beside, not through, the labels of the rows nearer the axis.
    """
    toward_right, toward_left = anchor, anchor - width  # the leader runs along the edge
    if anchor - canvas.x0 > canvas.x1 - anchor:
        toward_right, toward_left = toward_left, toward_right
    lefts = [toward_right, toward_left, anchor - width / 2]
    for j in range(1, slide + 1):
        lefts += [anchor + j * (width + 2), anchor - width - j * (width + 2)]
    out: list[float] = []
    for x in lefts:
        x = min(max(x, canvas.x0), canvas.x1 - width)
        if not any(abs(x - seen) < 0.5 for seen in out):
            out.append(x)
    return out


def _leader(req: LabelRequest, box: Box, side: int) -> Segment | None:
    y_edge = box.y1 if side < 0 else box.y0
    x_end = min(max(req.anchor_x, box.x0), box.x1)
    y_start = req.anchor_y + side * min(req.clearance - 2, 6.0)
    if abs(y_edge - y_start) < 2 and abs(x_end - req.anchor_x) < 2:
        return None
    return (req.anchor_x, y_start, x_end, y_edge)


def _slot(
    req: LabelRequest, width: float, height: float, canvas: Box, placed: _Placed, gap: float, slide: int
) -> tuple[Box, Segment | None] | None:
    rows = list(_rows(req, height, height + gap))
    # one direction through all rows before the other: clusters then build staircases
    candidates = [(top, side, left) for left in _xs(req.anchor_x, width, canvas, slide) for top, side in rows]
    if slide:  # numbers: nearest to the anchor first, whatever the row
        candidates.sort(
            key=lambda c: abs(c[0] + height / 2 - req.anchor_y) + abs(c[2] + width / 2 - req.anchor_x)
        )
    for top, side, left in candidates:
        box = Box(left, top, left + width, top + height)
        if not canvas.contains(box):
            continue
        leader = _leader(req, box, side)
        if placed.free(box, leader, gap):
            return box, leader
    return None


def place_labels(
    requests: Sequence[LabelRequest],
    *,
    canvas: Box,
    measure: Measure,
    row_height: float,
    pad: float = 3.0,
    gap: float = 1.0,
    numbers: bool = True,
    obstacles: Iterable[Box] = (),
) -> list[LabelBox]:
    """Place labels so that no two boxes intersect and all lie inside `canvas`.

    Returns the placed boxes (full labels, then numbers in date order). Requests
    that get neither are absent; `place` also reports them.
    """
    return place(
        requests,
        canvas=canvas,
        measure=measure,
        row_height=row_height,
        pad=pad,
        gap=gap,
        numbers=numbers,
        obstacles=obstacles,
    ).boxes


def place(
    requests: Sequence[LabelRequest],
    *,
    canvas: Box,
    measure: Measure,
    row_height: float,
    pad: float = 3.0,
    gap: float = 1.0,
    numbers: bool = True,
    obstacles: Iterable[Box] = (),
) -> Placement:
    """`place_labels`, also naming the requests left to the hover text.

    Two orders are tried, both importance first: ties broken by distance from the
    nearer canvas edge (furthest first, which builds staircases), or by date.
    The placement showing more (by priority) wins.
    """
    fixed = list(obstacles)

    def edge_distance(r: LabelRequest) -> float:
        return -min(r.anchor_x - canvas.x0, canvas.x1 - r.anchor_x)

    orders = (
        sorted(requests, key=lambda r: (-r.priority, edge_distance(r), r.key)),
        sorted(requests, key=lambda r: (-r.priority, r.anchor_x, r.key)),
        sorted(requests, key=lambda r: (edge_distance(r), -r.priority, r.key)),
    )
    best: tuple[float, Placement] | None = None
    for order in orders:
        result = _place_in_order(order, canvas, measure, row_height, pad, gap, numbers, fixed)
        full = {b.key for b in result.boxes if b.kind == "label"}
        score = sum(r.priority + 1 for r in requests if r.key in full)
        score += 0.1 * sum(1 for b in result.boxes if b.kind == "number")
        if best is None or score > best[0]:
            best = (score, result)
    return best[1] if best else Placement()


def _place_in_order(
    order: Sequence[LabelRequest],
    canvas: Box,
    measure: Measure,
    row_height: float,
    pad: float,
    gap: float,
    numbers: bool,
    obstacles: list[Box],
) -> Placement:
    placed = _Placed(boxes=list(obstacles))
    result = Placement()
    failed: list[LabelRequest] = []
    for req in order:
        lines = req.text.split("\n")  # a label may take two lines
        width = max(measure(line) for line in lines) + 2 * pad
        slot = _slot(req, width, row_height * len(lines), canvas, placed, gap, slide=0)
        if slot is None:
            failed.append(req)
            continue
        placed.add(*slot)
        result.boxes.append(LabelBox(req.key, req.text, slot[0], req.anchor_x, req.anchor_y, slot[1]))
    numbered: list[LabelBox] = []
    digits = "8" * len(str(max(1, len(failed))))
    for req in failed if numbers else ():
        slot = _slot(req, measure(digits) + 2 * pad, row_height, canvas, placed, gap, slide=8)
        if slot is None:
            result.hidden.append(req.key)
            continue
        placed.add(*slot)
        numbered.append(LabelBox(req.key, req.text, slot[0], req.anchor_x, req.anchor_y, slot[1]))
    if not numbers:
        result.hidden.extend(r.key for r in failed)
    numbered.sort(key=lambda b: (b.anchor_x, b.anchor_y, b.key))
    result.boxes += [replace(b, number=i, kind="number") for i, b in enumerate(numbered, start=1)]
    return result
