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

Modules: `boxes` (geometry and the label records), `measure` (text width,
truncation), `place` (the placement itself), `key` (the key of numbers).
"""

from __future__ import annotations

from reportgen.render.labels.boxes import (
    Box,
    LabelBox,
    LabelRequest,
    Placement,
    Segment,
    overlapping,
    segment_hits_box,
)
from reportgen.render.labels.key import key_rows_needed, layout_key
from reportgen.render.labels.measure import ELLIPSIS, Measure, text_measure, truncate, wrap
from reportgen.render.labels.place import place, place_labels

__all__ = [
    "ELLIPSIS",
    "Box",
    "LabelBox",
    "LabelRequest",
    "Measure",
    "Placement",
    "Segment",
    "key_rows_needed",
    "layout_key",
    "overlapping",
    "place",
    "place_labels",
    "segment_hits_box",
    "text_measure",
    "truncate",
    "wrap",
]
