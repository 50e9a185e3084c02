"""CSV event lists (spreadsheets) → raw event records with line numbers.

One event per row under a header row; `date` and `title` are required. The
`source` cell is resolved later (a known source id, or free text that becomes a
source of its own), because the YAML defining the ids may be read after this file.
"""

from __future__ import annotations

import csv
import io

from reportgen.errors import error, warning
from reportgen.load.yaml import decode
from reportgen.model import SourceLoc
from reportgen.text import did_you_mean, suggestion
from reportgen.validate import RawFile, RawRecord

REQUIRED = ("date", "title")
OPTIONAL = ("end", "description", "lane", "source", "url", "status", "importance", "tags", "id")
_HEADER_HINT = "the first row must name the columns, e.g. date,title,description"


def load(path: str, data: bytes) -> RawFile:
    """Parse one CSV file; problems become diagnostics of the returned RawFile."""
    raw = RawFile(path)
    text = decode(path, data, raw.diagnostics, hint="save as UTF-8 (Excel: CSV UTF-8)")
    if text is None:
        return raw
    if not text.strip():
        raw.diagnostics.append(
            error(SourceLoc(path, 1), "file is empty", f"add a header row; {_HEADER_HINT}")
        )
        return raw
    rows = _rows(raw, text)
    if not rows:
        return raw
    (header_line, header), *body = rows
    columns = _columns(raw, header_line, header)
    if columns is None:
        return raw
    for line, cells in body:
        record = _event(raw, line, columns, cells)
        if record is not None:
            raw.events.append(record)
    return raw


def _rows(raw: RawFile, text: str) -> list[tuple[int, list[str]]]:
    """Non-blank rows with the line each starts on; a CSV syntax error is recorded and ends the file."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        message = str(exc)
        if "EOF" in message or "end of data" in message:
            message, hint = (
                "a quote opened here is never closed",
                'close it with " (double a quote inside a value: "")',
            )
        else:
            hint = 'put values containing commas or quotes in "double quotes"'
        raw.diagnostics.append(error(SourceLoc(raw.path, start), f"not valid CSV: {message}", hint))
        return rows
    return rows


def _columns(raw: RawFile, line: int, header: list[str]) -> list[str] | None:
    """Normalised column names; None (with errors) when a required column is missing or repeated."""
    loc = SourceLoc(raw.path, line)
    columns = [c.strip().lower() for c in header]
    ok = True
    for name in REQUIRED:
        if name not in columns:
            close = did_you_mean(name, [c for c in columns if c not in REQUIRED + OPTIONAL])
            hint = f"rename {close!r} to {name!r}" if close else f"add a {name!r} column to the header row"
            raw.diagnostics.append(error(loc, f"missing column {name!r}", hint))
            ok = False
    for i, name in enumerate(columns):
        if name in columns[:i] and name:
            raw.diagnostics.append(error(loc, f"column {name!r} appears twice", "delete or rename one"))
            ok = False
        elif name not in REQUIRED + OPTIONAL:
            hint = suggestion(name, REQUIRED + OPTIONAL, f"known columns: {', '.join(REQUIRED + OPTIONAL)}")
            raw.diagnostics.append(warning(loc, f"unknown column {header[i]!r} is ignored", hint))
    return columns if ok else None


def _event(raw: RawFile, line: int, columns: list[str], cells: list[str]) -> RawRecord | None:
    loc = SourceLoc(raw.path, line)
    if len(cells) > len(columns):
        message = f"row has {len(cells)} values but the header has {len(columns)} columns"
        raw.diagnostics.append(error(loc, message, "put values containing commas in double quotes"))
        return None
    row = {
        name: cell.strip() for name, cell in zip(columns, cells, strict=False) if name in REQUIRED + OPTIONAL
    }
    data: dict[str, object] = {k: v for k, v in row.items() if v and k not in ("tags", "source", "url")}
    data["title"] = row.get("title", "")
    data["tags"] = [t.strip() for t in row.get("tags", "").split(";") if t.strip()]
    data["source_text"] = row.get("source", "")
    data["url"] = row.get("url", "")
    return RawRecord(loc, data)
