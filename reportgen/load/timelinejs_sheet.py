"""The TimelineJS Google Sheets template, downloaded as CSV or .xlsx → raw records.

Recognised by its header row (Year … Headline …), each column means what TimelineJS3's own
sheet reader (ConfigFactory.js) makes of it:
- `Year`, `Month`, `Day` (and `Time`): the start; `End Year`, `End Month`, `End Day`: an end,
  only when End Year is given; `Display Date`: the date as printed;
- `Headline`, or else the first sentence of `Text`, or else the media caption: the title;
- `Text` is HTML by design: it becomes safe plain text, and its first link the event's URL;
- `Media Credit` is cited as the event's source (else the sheet itself); `Media`, `Media Caption`,
  `Media Thumbnail` and `Background` are accepted and not drawn;
- `Type`: `title` gives the pack's title and subtitle, `era` a background era;
- `Group`: the lane.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from reportgen.errors import error
from reportgen.load.headers import header_key
from reportgen.load.timelinejs import DEFAULT_LANE, _title, plain_text
from reportgen.sourceloc import SourceLoc
from reportgen.validate import DateParts, RawFile, RawRecord

COLUMNS = (
    "year", "month", "day", "time", "end year", "end month", "end day", "end time", "display date",
    "headline", "text", "media", "media credit", "media caption", "media thumbnail", "type", "group",
    "background", "start date", "end date", "tag",
)  # fmt: skip
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def is_template(header: list[str]) -> bool:
    """True for the TimelineJS template's header row: Year and Headline, or the older template's
    Start Date and Headline."""
    keys = {header_key(h) for h in header}
    return "headline" in keys and ("year" in keys or "start date" in keys)


def load_rows(
    raw: RawFile, rows: list[tuple[SourceLoc, list[str]]], cells: list[list[str]] | None = None
) -> None:
    """Fill `raw` from the template's rows: the header first, then one slide a row.

    `cells` names each cell of each row (workbooks: "Sheet1!B5"), for messages that point at it.
    """
    (header_loc, header), *body = rows
    keys = [header_key(h) for h in header]
    unknown = [h for h, k in zip(header, keys, strict=False) if k and k not in COLUMNS]
    for name in unknown:
        raw.diagnostics.append(
            error(header_loc, f"unknown TimelineJS column {name!r}", f"known: {', '.join(COLUMNS)}")
        )
    source_id = "timelinejs-" + (
        re.sub(r"[^a-z0-9]+", "-", PurePath(raw.path).stem.lower()).strip("-") or "sheet"
    )
    raw.sources.append(RawRecord(header_loc, {"id": source_id, "publisher": "TimelineJS sheet",
                                              "title": PurePath(raw.path).name}))  # fmt: skip
    for i, (loc, values) in enumerate(body, start=1):
        row = {k: v.strip() for k, v in zip(keys, values, strict=False) if k}
        where = dict(zip(keys, cells[i], strict=False)) if cells else {}
        _slide(raw, loc, row, where, source_id)


def _slide(raw: RawFile, loc: SourceLoc, row: dict[str, str], where: dict[str, str], source_id: str) -> None:
    kind = row.get("type", "").casefold()
    slide = {
        "text": {"headline": row.get("headline", ""), "text": row.get("text", "")},
        "media": {"caption": row.get("media caption", ""), "credit": row.get("media credit", "")},
    }
    title, text = _title(slide), plain_text(row.get("text", ""))
    cells = {
        "title": where.get("headline", loc.cell),
        "date": where.get("year") or where.get("start date") or loc.cell,
        "end": where.get("end year") or where.get("end date") or loc.cell,
        "lane": where.get("group", loc.cell),
    }
    if kind == "title":
        raw.meta = RawRecord(loc, {"title": title, "subject": text}, cells=cells)
        return
    # the older template writes whole dates ("Start Date", "End Date"), read as any date is
    start: DateParts | str | None = row.get("start date") or _parts(row, "", row.get("display date") or None)
    end: DateParts | str | None = row.get("end date") or (
        _parts(row, "end ", None) if row.get("end year") else None
    )
    if start is None:
        at = SourceLoc(loc.path, loc.line, cells["date"])
        raw.diagnostics.append(error(at, f"slide {title!r} has no Year", "write the year, e.g. 1997"))
        return
    if kind == "era":
        if end is None:
            at = SourceLoc(loc.path, loc.line, cells["end"])
            raw.diagnostics.append(error(at, f"era {title!r} has no End Year", "an era needs an End Year"))
            return
        raw.eras.append(RawRecord(loc, {"title": title, "start": start, "end": end}, cells=cells))
        return
    link = _HREF.search(row.get("text", ""))
    data: dict[str, object] = {
        "title": title,
        "description": text if text != title else "",
        "date": start,
        "lane": plain_text(row.get("group", "") or row.get("tag", "")) or DEFAULT_LANE,
        "source_text": plain_text(row.get("media credit", "")),
        "url": link[1] if link else "",
        "sources": [] if row.get("media credit") else [source_id],
    }
    if end is not None:
        data["end"] = end
    data["media"] = {
        "url": row.get("media", ""),
        "caption": plain_text(row.get("media caption", "")),
        "credit": plain_text(row.get("media credit", "")),
        "thumbnail": row.get("media thumbnail", ""),
    }
    record = RawRecord(loc, data, cells=cells)
    if not row.get("media credit"):  # cited to the sheet itself
        del record.data["source_text"]
    raw.events.append(record)


def _parts(row: dict[str, str], prefix: str, display: str | None) -> DateParts | None:
    def number(key: str) -> int | None:
        value = row.get(prefix + key, "").strip()
        return int(float(value)) if re.fullmatch(r"-?\d+(?:\.0+)?", value) else None

    year = number("year")
    if year is None:
        return None
    month = number("month")
    return DateParts(year, month, number("day") if month else None, display)
