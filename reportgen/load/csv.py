"""CSV event lists (spreadsheets) → raw event records with line numbers.

One event per row under a header row; `date` and `title` are required. The
`source` cell is resolved later (a known source id, or free text that becomes a
source of its own), because the YAML defining the ids may be read after this file.

Read as Excel writes CSV: the delimiter is sniffed (`,` `;` or tab; Excel on a European
locale writes `;`) and a `sep=;` first line is honoured; headers match case- and
space-insensitively, with the names spreadsheets use (`Event`, `Details`, `Category`,
`Link`…); a date cell that is an Excel serial number (`45201`) or a day at midnight
(`02/10/2023 00:00`) is read as the day, the first with a warning.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping

from reportgen.errors import error, warning
from reportgen.load import metric_table, timelinejs_sheet
from reportgen.load.headers import ALIASES, column_for
from reportgen.load.yaml import decode
from reportgen.sourceloc import SourceLoc
from reportgen.text import did_you_mean
from reportgen.validate import RawFile, RawRecord

REQUIRED = ("date", "title")
OPTIONAL = (
    "end", "description", "lane", "source", "url", "status", "importance", "tags", "id", "short_title",
)  # fmt: skip
_HEADER_HINT = "the first row must name the columns, e.g. date,title,description"
_SEP = re.compile(r"^\ufeff?sep=(.)\s*$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_MIDNIGHT = re.compile(r"^(.*\d)\s+0?0:00(?::00)?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's (1900) date system


def load(path: str, data: bytes, columns: Mapping[str, str] | None = None) -> RawFile:
    """Parse one CSV file; problems become diagnostics of the returned RawFile.

    `columns` maps our column names to the file's own headers (`[columns]` in reportgen.toml).
    """
    raw = RawFile(path)
    text = decode(path, data, raw.diagnostics, hint="save as UTF-8 (Excel: CSV UTF-8)")
    if text is None:
        return raw
    if not text.strip():
        raw.diagnostics.append(
            error(SourceLoc(path, 1), "file is empty", f"add a header row; {_HEADER_HINT}")
        )
        return raw
    rows = _rows(raw, *_dialect(text))
    if not rows:
        return raw
    (header_line, header), *body = rows
    located = [(SourceLoc(path, line), cells) for line, cells in rows]
    if timelinejs_sheet.is_template(header):
        timelinejs_sheet.load_rows(raw, located)
        return raw
    if metric_table.is_long(header) or metric_table.is_wide(header, body[0][1] if body else []):
        metric_table.load_rows(raw, located)
        return raw
    names = header_columns(raw, SourceLoc(path, header_line), header, columns)
    if names is None:
        return raw
    for line, cells in body:
        record = event_record(raw, SourceLoc(path, line), names, cells)
        if record is not None:
            raw.events.append(record)
    return raw


def _dialect(text: str) -> tuple[str, str, int]:
    """(text without a `sep=` line, its delimiter, the line the rows start on)."""
    first, _, rest = text.partition("\n")
    if sep := _SEP.match(first.rstrip("\r")):
        return rest, sep[1], 2
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    return text, delimiter, 1


def _rows(raw: RawFile, text: str, delimiter: str = ",", start: int = 1) -> list[tuple[int, list[str]]]:
    """Non-blank rows with the line each starts on; a CSV syntax error is recorded and ends the file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    first = start
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, cells))
            start = first + reader.line_num
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


def header_columns(
    raw: RawFile, loc: SourceLoc, header: list[str], mapping: Mapping[str, str] | None = None
) -> list[str] | None:
    """Normalised column names; None (with errors) when a required column is missing or repeated."""
    columns = [column_for(c, mapping) for c in header]
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
            known = [*REQUIRED, *OPTIONAL, *(a for names in ALIASES.values() for a in names)]
            close = did_you_mean(name, known, cutoff=0.75)
            hint = f"did you mean {close!r}?" if close else f"known columns: {', '.join(REQUIRED + OPTIONAL)}"
            raw.diagnostics.append(warning(loc, f"unknown column {header[i]!r} is ignored", hint))
    return columns if ok else None


def event_record(
    raw: RawFile, loc: SourceLoc, columns: list[str], cells: list[str], addresses: list[str] | None = None
) -> RawRecord | None:
    """One row as an event record; `addresses` names each cell of a workbook row ("Events!B5")."""
    if len(cells) > len(columns):
        message = f"row has {len(cells)} values but the header has {len(columns)} columns"
        raw.diagnostics.append(error(loc, message, "put values containing commas in double quotes"))
        return None
    row = {
        name: cell.strip() for name, cell in zip(columns, cells, strict=False) if name in REQUIRED + OPTIONAL
    }
    cell_of = dict(zip(columns, addresses, strict=False)) if addresses else {}
    for key in ("date", "end"):
        if row.get(key):
            row[key] = _excel_date(
                raw, SourceLoc(loc.path, loc.line, cell_of.get(key, loc.cell)), key, row[key]
            )
    data: dict[str, object] = {k: v for k, v in row.items() if v and k not in ("tags", "source", "url")}
    data["title"] = row.get("title", "")
    data["tags"] = [t.strip() for t in row.get("tags", "").split(";") if t.strip()]
    data["source_text"] = row.get("source", "")
    data["url"] = row.get("url", "")
    record = RawRecord(loc, data)
    if cell_of:
        record.cells = {name: at for name, at in cell_of.items() if name}
        record.cells["sources"] = record.cells.get("source", loc.cell)
    return record


def _excel_date(raw: RawFile, loc: SourceLoc, key: str, cell: str) -> str:
    """A date cell as Excel may export it: a serial day number, or a day at midnight."""
    if _SERIAL.match(cell):
        day = EXCEL_EPOCH + dt.timedelta(days=int(float(cell)))
        if dt.date(1970, 1, 1) <= day <= dt.date(2100, 12, 31):  # else a number that is no day
            shown = f"{day.day} {day:%b %Y}"
            hint = "format the column as a date in the spreadsheet (or write the date) to silence this"
            raw.diagnostics.append(
                warning(loc, f"{key} {cell} is an Excel day number; read as {shown}", hint)
            )
            return day.isoformat()
    if midnight := _MIDNIGHT.match(cell):
        return midnight[1]  # "02/10/2023 00:00": a day, written with a time of 0:00
    return cell
