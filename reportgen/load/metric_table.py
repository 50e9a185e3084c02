"""Metrics from tables (a CSV file or a workbook's Metrics sheet), in either shape:

- *long*: one value a row: `metric, date, value`, optional `unit`, `target`, `source`;
- *wide*: the first column the period (a date, month, quarter or year), one column per series;
  a bracketed suffix gives the unit ("Calls answered (%)", "Spend (£)"), and a column named
  "<series> target" the series' target.

Periods take every date form events do. A series of more than two dated values is drawn as
a line; a table's series cite the table itself unless a `source` column names a source id.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from reportgen.errors import error
from reportgen.load.headers import header_key
from reportgen.sourceloc import SourceLoc
from reportgen.text import slug
from reportgen.validate import RawFile, RawRecord

PERIODS = ("period", "date", "month", "quarter", "year", "when", "financial year")
_UNIT = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")
_NUMBER = re.compile(r"^[£$€]?\s*-?[\d,]*\.?\d+\s*%?$")
_EVENT_COLUMNS = ("title", "event", "headline", "what")


def is_long(header: list[str]) -> bool:
    keys = {header_key(h) for h in header}
    return {"metric", "value"} <= keys


def is_wide(header: list[str], first_row: list[str] | None = None) -> bool:
    """A period column then series columns, whose first row holds only numbers (an events file
    that lacks its title column is not a table of figures)."""
    keys = [header_key(h) for h in header]
    if len(keys) < 2 or keys[0] not in PERIODS or any(k in _EVENT_COLUMNS for k in keys):
        return False
    figures = [c.strip() for c in (first_row or [])[1:] if c.strip()]
    return first_row is None or (bool(figures) and all(_NUMBER.match(c) for c in figures))


def load_rows(
    raw: RawFile, rows: list[tuple[SourceLoc, list[str]]], grid: list[list[str]] | None = None
) -> None:
    """Fill `raw.metrics` from a table's rows (the header first); `grid` names each cell of a workbook."""
    source_id = "table-" + (slug(PurePath(raw.path).stem) or "metrics")
    raw.sources.append(
        RawRecord(rows[0][0], {"id": source_id, "publisher": "Data table", "title": PurePath(raw.path).name})
    )
    if is_long(rows[0][1]):
        _long(raw, rows, grid, source_id)
    else:
        _wide(raw, rows, grid, source_id)


def _cell(loc: SourceLoc, grid: list[list[str]] | None, row: int, column: int) -> SourceLoc:
    at = grid[row][column] if grid and column < len(grid[row]) else ""
    return SourceLoc(loc.path, loc.line, at)


def _value(raw: RawFile, at: SourceLoc, text: str, column: str = "") -> float | None:
    if not _NUMBER.match(text.strip()):
        where = f" in column {column!r}" if column and not at.cell else ""  # a CSV line has no cell name
        message = f"value {text!r}{where} is not a number"
        raw.diagnostics.append(error(at, message, "write a number, e.g. 78.5 or 78.5%"))
        return None
    return float(re.sub(r"[£$€,%\s]", "", text))


def _series(name: str, loc: SourceLoc, source_id: str) -> RawRecord:
    base, unit = (m[1], m[2]) if (m := _UNIT.match(name)) else (name, "")
    return RawRecord(loc, {"id": slug(base) or "metric", "name": base.strip(), "unit": unit, "points": [],
                           "sources": [source_id]})  # fmt: skip


def _finish(raw: RawFile, series: list[RawRecord]) -> None:
    for rec in series:
        points = rec.data["points"]
        if not points:
            continue
        rec.data["chart"] = "line" if len(points) > 2 else "bar"
        raw.metrics.append(rec)


def _point(loc: SourceLoc, period: str, value: float, at: SourceLoc) -> RawRecord:
    return RawRecord(loc, {"date": period, "value": value}, cells={"date": loc.cell, "value": at.cell})


def _long(
    raw: RawFile, rows: list[tuple[SourceLoc, list[str]]], grid: list[list[str]] | None, source_id: str
) -> None:
    keys = [header_key(h) for h in rows[0][1]]
    period = next((keys.index(k) for k in PERIODS if k in keys), None)
    if period is None:
        raw.diagnostics.append(
            error(rows[0][0], "a metric table needs a date or period column", "add a 'date' column")
        )
        return
    found: dict[str, RawRecord] = {}
    for r, (loc, values) in enumerate(rows[1:], start=1):
        row = dict(zip(keys, values, strict=False))
        name = row.get("metric", "").strip()
        if not name:
            continue
        rec = found.setdefault(name, _series(name, loc, source_id))
        if row.get("unit"):
            rec.data["unit"] = row["unit"].strip()
        if row.get("source"):
            rec.data["sources"] = [row["source"].strip()]
        at = _cell(loc, grid, r, keys.index("value"))
        if row.get("target"):
            target = _value(raw, _cell(loc, grid, r, keys.index("target")), row["target"])
            if target is not None:
                rec.data["target"] = target
        value = _value(raw, at, row.get("value", ""), "value")
        if value is not None:
            rec.data["points"].append(
                _point(_cell(loc, grid, r, period), row.get(keys[period], ""), value, at)
            )
    _finish(raw, list(found.values()))


def _wide(
    raw: RawFile, rows: list[tuple[SourceLoc, list[str]]], grid: list[list[str]] | None, source_id: str
) -> None:
    header_loc, header = rows[0]
    names = [h.strip() for h in header]
    targets = {
        header_key(n).removesuffix(" target"): i
        for i, n in enumerate(names)
        if header_key(n).endswith(" target")
    }
    series = {
        i: _series(n, header_loc, source_id)
        for i, n in enumerate(names)
        if i and i not in targets.values() and n
    }
    for r, (loc, values) in enumerate(rows[1:], start=1):
        period = values[0].strip() if values else ""
        for i, rec in series.items():
            text = values[i].strip() if i < len(values) else ""
            if not text or not period:
                continue
            at = _cell(loc, grid, r, i)
            value = _value(raw, at, text, names[i])
            if value is not None:
                rec.data["points"].append(_point(_cell(loc, grid, r, 0), period, value, at))
            target_col = targets.get(header_key(rec.data["name"]))
            if target_col is not None and target_col < len(values) and values[target_col].strip():
                target = _value(raw, _cell(loc, grid, r, target_col), values[target_col])
                if target is not None:
                    rec.data["target"] = target
    _finish(raw, list(series.values()))
