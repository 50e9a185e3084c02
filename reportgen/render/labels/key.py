"""The key of numbered labels: entries laid out in columns under the plot."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportgen.render.labels.boxes import Box, LabelBox
from reportgen.render.labels.measure import Measure, truncate


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
