"""Label placement: pure geometry in canvas pixels (x right, y down), no plotly.

Every label is a rectangle the size of its *measured* text (DejaVu Sans via
PIL, the font Chromium draws with).  `place_labels` goes through the requests
by priority (importance first) and gives each the first free slot among stagger
rows above and below its anchor, left- or right-aligned on the anchor or centred,
joined to the anchor by a leader line.  A slot is free when its box overlaps no
placed box and no placed leader, its own leader crosses no placed box, and it
lies inside its band and the canvas.  Labels that find no slot become numbers
(small boxes that may also slide sideways) listed in a key; labels that cannot
even take a number are left to the hover text and reported as `hidden`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

Measure = Callable[[str], float]
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle in canvas px; x0 < x1, y0 < y1 (y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def intersects(self, other: Box, gap: float = 0.0) -> bool:
        return not (
            self.x1 + gap <= other.x0
            or other.x1 + gap <= self.x0
            or self.y1 + gap <= other.y0
            or other.y1 + gap <= self.y0
        )

    def contains(self, other: Box) -> bool:
        return self.x0 <= other.x0 and self.y0 <= other.y0 and other.x1 <= self.x1 and other.y1 <= self.y1


Segment = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class LabelRequest:
    """A label wanted at an anchor (the marker), inside a horizontal band of the canvas."""

    key: str
    text: str
    anchor_x: float
    anchor_y: float
    band: tuple[float, float]  # (top, bottom) px the label must stay within
    priority: float = 0.0
    clearance: float = 8.0  # gap between the anchor and the nearest row (marker radius + air)


@dataclass(frozen=True, slots=True)
class LabelBox:
    """A placed label: its rectangle, the text drawn in it and its leader line."""

    key: str
    text: str
    box: Box
    anchor_x: float
    anchor_y: float
    leader: Segment | None = None
    number: int | None = None  # set when the label is a key number
    kind: str = "label"  # label · number · key


@dataclass(slots=True)
class Placement:
    """What `place` decided: boxes drawn on the canvas and keys left to the hover text."""

    boxes: list[LabelBox] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)


@lru_cache(maxsize=16)
def _font(path: str, size: float):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    return ImageFont.truetype(path, size=max(1, round(size)))


def text_measure(font_path: str, size: float) -> Measure:
    """Width in px of a string drawn in this TrueType font at `size` px, measured with PIL."""
    font = _font(font_path, size)
    scale = size / max(1, round(size))

    @lru_cache(maxsize=4096)
    def width(text: str) -> float:
        return float(font.getlength(text)) * scale

    return width


def truncate(text: str, max_width: float, measure: Measure) -> str:
    """`text`, shortened with an ellipsis so that it measures at most `max_width`."""
    if measure(text) <= max_width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix that still fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if measure(text[:mid].rstrip() + ELLIPSIS) <= max_width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ELLIPSIS if lo else ELLIPSIS


def segment_hits_box(seg: Segment, box: Box, inset: float = 0.5) -> bool:
    """True when the segment passes through the box interior (touching an edge does not count)."""
    x0, y0, x1, y1 = seg
    bx0, by0, bx1, by1 = box.x0 + inset, box.y0 + inset, box.x1 - inset, box.y1 - inset
    if bx0 >= bx1 or by0 >= by1:
        return False
    t0, t1 = 0.0, 1.0
    dx, dy = x1 - x0, y1 - y0
    for p, q in ((-dx, x0 - bx0), (dx, bx1 - x0), (-dy, y0 - by0), (dy, by1 - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


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
        slot = _slot(req, measure(req.text) + 2 * pad, row_height, canvas, placed, gap, slide=0)
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


def layout_key(
    entries: Sequence[tuple[str, str]],
    area: Box,
    *,
    measure: Measure,
    row_height: float,
    pad: float = 3.0,
) -> list[LabelBox]:
    """Lay key entries (key, text) out in columns inside `area`; entries that do not fit are dropped."""
    if not entries or area.width <= 0:
        return []
    widest = max(measure(text) for _, text in entries) + 2 * pad + 12
    columns = max(1, min(len(entries), int(area.width // min(widest, area.width))))
    col_width = area.width / columns
    rows = max(1, int(area.height // row_height))
    per_col = min(rows, math.ceil(len(entries) / columns))
    out: list[LabelBox] = []
    for i, (key, text) in enumerate(entries[: per_col * columns]):
        col, row = divmod(i, per_col)
        x0 = area.x0 + col * col_width
        y0 = area.y0 + row * row_height
        shown = truncate(text, col_width - 2 * pad - 12, measure)
        width = measure(shown) + 2 * pad
        out.append(LabelBox(key, shown, Box(x0, y0, x0 + width, y0 + row_height), x0, y0, kind="key"))
    return out


def key_rows_needed(count: int, widest: float, area_width: float) -> int:
    """How many rows `layout_key` needs for `count` entries whose widest is `widest` px."""
    if count == 0:
        return 0
    columns = max(1, min(count, int(area_width // min(widest, area_width))))
    return math.ceil(count / columns)


def overlapping(boxes: Sequence[LabelBox]) -> list[tuple[LabelBox, LabelBox]]:
    """Every pair of boxes that intersect (tests assert this is empty)."""
    ordered = sorted(boxes, key=lambda b: b.box.x0)
    pairs = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.box.x0 >= a.box.x1:
                break
            if a.box.intersects(b.box):
                pairs.append((a, b))
    return pairs
