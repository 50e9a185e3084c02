"""The shapes label placement works with, in canvas px (x right, y down): boxes, leader
segments, requests and placed labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


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
