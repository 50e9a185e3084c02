"""Where the labels go: one label request per shown event, era and the "as of" line, placed by
`labels.py`; labels that do not fit become numbers listed in a key strip under the legend."""

from __future__ import annotations

import datetime as dt

from reportgen.model import Dataset, Event
from reportgen.render import labels as lb
from reportgen.render.timeline import overview as ov
from reportgen.render.timeline.events import event_label
from reportgen.render.timeline.frame import (
    CLEARANCE,
    LABEL_SIZE,
    PAD,
    ROW,
    Break,
    Frame,
    header_height,
    margins,
)
from reportgen.theme import Theme


def layout_labels(
    dataset: Dataset,
    shown: list[Event],
    lanes: tuple[str, ...],
    theme: Theme,
    span: tuple[dt.date, dt.date],
    as_of: dt.date | None,
    title: str | None,
    marking: str,
    size: tuple[int, int],
    dense: bool,
    breaks: tuple[Break, ...] = (),
    outside: tuple[int, int] = (0, 0),
    overview: ov.Overview | None = None,
) -> tuple[Frame, lb.Placement, list[lb.LabelBox]]:
    """Place labels (the overview's too); when some become numbers, grow the key strip and place again."""
    width, height = size
    measure = lb.text_measure(theme.font_regular, LABEL_SIZE)
    m = margins(lanes, theme, title, marking, bool(dataset.eras), dense, ov.HEIGHT if overview else 0.0)
    labelled = shown + (overview.outside if overview else [])
    key_h = 0.0
    for _ in range(4):  # the key strip takes plot height, which can change the placement: settle it
        bottom = m["bottom"] + key_h
        frame = Frame(width, height, m["left"], m["right"], m["top"], bottom, *span, len(lanes), breaks)
        requests = _requests(dataset, shown, lanes, frame, measure, as_of, outside)
        if overview is not None:
            requests += ov.label_requests(overview, lanes, measure)
            header = (frame.top - header_height(bool(dataset.eras)), frame.top)
            requests.append(ov.header_request(overview, frame, header, measure))
        placement = lb.place(
            requests,
            canvas=lb.Box(2, 2, width - 2, height - 2),
            measure=measure,
            row_height=ROW,
            pad=PAD,
            numbers=not dense,
        )
        entries = _key_entries(placement, {e.id: event_label(e) for e in labelled})
        widest = max((measure(t) for _, t in entries), default=0) + 2 * PAD + 12
        rows = lb.key_rows_needed(len(entries), min(widest, frame.plot.width / 2), width - 16)
        needed = min((rows + 1) * ROW if rows else 0.0, height * 0.3)
        if needed <= key_h:
            break
        key_h = needed
    key_top = frame.plot.y1 + 52.0  # below tick labels and legend
    key_area = lb.Box(8, key_top + ROW, width - 8, key_top + key_h)
    key_boxes = lb.layout_key(entries, key_area, measure=measure, row_height=ROW, pad=PAD)
    kept = {b.key for b in key_boxes}
    dropped = [b.key for b in placement.boxes if b.kind == "number" and b.key not in kept]
    placement.boxes = [b for b in placement.boxes if b.key not in dropped]
    placement.hidden += dropped
    return frame, placement, [_renumber(k, placement) for k in key_boxes]


def outside_note(before: int, after: int) -> str:
    """ "Not shown: 4 earlier events and 1 later one" (empty when the window holds every event)."""
    parts = [f"{n} earlier" for n in (before,) if n] + [f"{n} later" for n in (after,) if n]
    if not parts:
        return ""
    total = before + after
    return f"Not shown: {' and '.join(parts)} event{'s' if total != 1 else ''}"


def _key_entries(placement: lb.Placement, full: dict[str, str]) -> list[tuple[str, str]]:
    return [(b.key, f"{b.number}  {full.get(b.key, b.text)}") for b in placement.boxes if b.kind == "number"]


def _renumber(key_box: lb.LabelBox, placement: lb.Placement) -> lb.LabelBox:
    number = next(b.number for b in placement.boxes if b.key == key_box.key)
    return lb.LabelBox(
        key_box.key, key_box.text, key_box.box, key_box.anchor_x, key_box.anchor_y, number=number, kind="key"
    )


def _requests(
    dataset: Dataset,
    shown: list[Event],
    lanes: tuple[str, ...],
    frame: Frame,
    measure: lb.Measure,
    as_of: dt.date | None,
    outside: tuple[int, int] = (0, 0),
) -> list[lb.LabelRequest]:
    max_w = min(340.0, frame.plot.width / 2.5)
    out = []
    for event in shown:
        lane = lanes.index(event.lane) if event.lane in lanes else 0
        x = frame.x(event.start if event.is_span else event.date.midpoint)
        # one line if it fits; else two, broken between words; only then cut (at a word)
        text = lb.wrap(event_label(event, short=True), max_w, measure)
        prio = event.importance * 10 - lane * 0.01
        out.append(
            lb.LabelRequest(event.id, text, x, frame.lane_y(lane), frame.lane_band(lane), prio, CLEARANCE)
        )
    header = (frame.top - header_height(bool(dataset.eras)), frame.top)
    if as_of is not None:
        text = f"as of {as_of.day} {as_of:%b %Y}"
        out.append(lb.LabelRequest("as-of", text, frame.x(as_of), frame.top, header, 1000, 1.0))
    note = outside_note(*outside)
    if note:  # events outside the window are counted on the figure itself
        out.append(
            lb.LabelRequest("window", note, frame.plot.x0 + measure(note) / 2, frame.top, header, 900, 1.0)
        )
    for i, (first, last) in enumerate(frame.breaks):
        x0, x1 = frame.break_px()[i]
        years = f"{first.year}" if first.year == last.year else f"{first.year}–{last.year}"
        out.append(
            lb.LabelRequest(f"break-{i}", f"{years}: no events", (x0 + x1) / 2, frame.top, header, 800, 1.0)
        )
    for i, era in enumerate(dataset.eras):
        x0, x1 = frame.x(era.start.earliest), frame.x(era.end.latest)
        text = lb.truncate(era.title, max(40.0, x1 - x0), measure)
        out.append(lb.LabelRequest(f"era-{i}", text, (x0 + x1) / 2, frame.top, header, 500, 1.0))
    return out
