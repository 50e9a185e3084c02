"""Text drawn on the timeline canvas: the placed labels, numbers and key entries, and the title.

All positions are in paper coordinates computed from canvas px (`Frame.paper`), so the
text lands exactly in the boxes `labels.py` placed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportgen.model import Event
from reportgen.render import labels as lb
from reportgen.render.timeline.events import is_planned
from reportgen.render.timeline.frame import LABEL_SIZE, PAD, Frame, marking_strip
from reportgen.text import FURNITURE, plain
from reportgen.theme import Theme


def paper_note(text: str, x: float, y: float, font: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A left-aligned, vertically centred annotation at paper (x, y), without an arrow."""
    return {
        "text": text,
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "left",
        "yanchor": "middle",
        "align": "left",  # the lines of a two-line label
        "showarrow": False,
        **extra,
        "font": font,
    }


def label_annotations(
    boxes: list[lb.LabelBox], shown: list[Event], frame: Frame, theme: Theme, as_of: dt.date
) -> list[dict[str, Any]]:
    by_id = {e.id: e for e in shown}
    notes = []
    for b in boxes:
        event = by_id.get(b.key)
        colour = theme.text
        if event is not None and is_planned(event, as_of):
            colour = theme.planned
        elif b.key == "as-of":
            colour = theme.accent
        x, y = frame.paper(b.box.x0 + PAD - 1, (b.box.y0 + b.box.y1) / 2)
        font = {"size": LABEL_SIZE, "color": colour, "family": theme.font_family}
        note = paper_note(_label_text(b), x, y, font, borderpad=1, borderwidth=0)
        if b.kind in ("label", "number"):
            note["bgcolor"] = "rgba(255,255,255,0.85)"  # keeps grid lines and bars from crossing the text
        notes.append(note)
    return notes


def _label_text(box: lb.LabelBox) -> str:
    if box.kind == "number":
        return f"<b>{box.number}</b>"
    if box.kind == "key":  # "12  date · title": the number in bold
        return f"<b>{box.number}</b>" + plain(box.text[len(str(box.number)) :])
    return "<br>".join(plain(line) for line in box.text.split("\n"))


def title_annotation(title: str, frame: Frame, theme: Theme, marking: str) -> dict[str, Any]:
    x, y = frame.paper(8, marking_strip(marking) + 15)
    font = {"size": 17, "color": theme.primary, "family": f"{theme.font_family}, {FURNITURE}"}
    return paper_note(f"<b>{plain(title)}</b>", x, y, font)
