"""TimelineJS3 JSON → raw records with line numbers.

`json` gives values but no positions, so after a successful parse a shallow scan
(`JSONDecoder.raw_decode` from each value's offset) finds where each event, era and
key starts. HTML in headlines and text is reduced to plain text. Each file becomes
one source ("TimelineJS file") that all of its events cite.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from html.parser import HTMLParser
from pathlib import PurePath
from typing import Any

from reportgen import dates
from reportgen.errors import DateError, Diagnostic, error
from reportgen.load.yaml import decode
from reportgen.sourceloc import SourceLoc
from reportgen.validate import DateParts, RawFile, RawRecord, slug

DEFAULT_LANE = "Events"
_WS = " \t\r\n"
_FORMAT_HINT = (
    'a TimelineJS file is {"title": {…}, "events": [{"start_date": {"year": "1997"}, "text": {…}}]}'
)


def load(path: str, data: bytes) -> RawFile:
    """Parse one TimelineJS3 file; problems become diagnostics of the returned RawFile."""
    raw = RawFile(path)
    text = decode(path, data, raw.diagnostics)
    if text is None:
        return raw
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raw.diagnostics.append(_syntax_error(path, text, exc))
        return raw
    except RecursionError:
        raw.diagnostics.append(error(SourceLoc(path, 1), "JSON is nested too deeply", _FORMAT_HINT))
        return raw
    if not isinstance(doc, dict) or not isinstance(doc.get("events"), list):
        raw.diagnostics.append(
            error(SourceLoc(path, 1), "not a TimelineJS file: no 'events' list", _FORMAT_HINT)
        )
        return raw
    _fill(raw, _Positions(text), doc)
    return raw


def _syntax_error(path: str, text: str, exc: json.JSONDecodeError) -> Diagnostic:
    """`json`'s message with its column put back ("Unterminated string starting at" ends mid-sentence)."""
    if not text.strip():
        return error(SourceLoc(path, 1), "file is empty", _FORMAT_HINT)
    where = "" if exc.msg.endswith(" at") else " at"
    message = f"not valid JSON: {exc.msg}{where} column {exc.colno}"
    return error(SourceLoc(path, exc.lineno), message, "check for a missing comma, quote or bracket there")


class _Positions:
    """Line numbers of values inside an already-parsed JSON text."""

    def __init__(self, text: str):
        self.text = text
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.decoder = json.JSONDecoder()

    def line(self, offset: int) -> int:
        return bisect_right(self.newlines, offset - 1) + 1

    def _skip(self, i: int) -> int:
        while i < len(self.text) and self.text[i] in _WS:
            i += 1
        return i

    def members(self, start: int) -> dict[str, int]:
        """Offsets of the values of the object starting at `start` (empty when it is not an object)."""
        return dict(self.pairs(start))

    def pairs(self, start: int) -> list[tuple[str, int]]:
        """Each key of the object at `start` with its value's offset, repeated keys included."""
        out: list[tuple[str, int]] = []
        i = self._skip(start)
        if self.text[i : i + 1] != "{":
            return out
        i = self._skip(i + 1)
        while self.text[i : i + 1] == '"':
            key, i = json.decoder.scanstring(self.text, i + 1)  # type: ignore[attr-defined]
            i = self._skip(self._skip(i) + 1)  # past ':'
            out.append((key, i))
            i = self._skip(self.decoder.raw_decode(self.text, i)[1])
            i = self._skip(i + 1) if self.text[i : i + 1] == "," else i
        return out

    def duplicates(self, raw: RawFile, start: int, what: str) -> None:
        """An error for each key written twice in the object at `start` (JSON keeps only the last)."""
        first: dict[str, int] = {}
        for key, offset in self.pairs(start):
            if key in first:
                hint = f"the first is at line {self.line(first[key])} and is ignored; merge the two"
                raw.diagnostics.append(
                    error(SourceLoc(raw.path, self.line(offset)), f"{what} has {key!r} twice", hint)
                )
            first.setdefault(key, offset)

    def items(self, start: int) -> list[int]:
        """Offsets of the items of the array starting at `start`."""
        out: list[int] = []
        i = self._skip(start)
        if self.text[i : i + 1] != "[":
            return out
        i = self._skip(i + 1)
        while i < len(self.text) and self.text[i] != "]":
            out.append(i)
            i = self._skip(self.decoder.raw_decode(self.text, i)[1])
            i = self._skip(i + 1) if self.text[i : i + 1] == "," else i
        return out


def _fill(raw: RawFile, pos: _Positions, doc: dict[str, Any]) -> None:
    top = pos.members(0)
    pos.duplicates(raw, 0, "the file")
    title_slide = doc.get("title") if isinstance(doc.get("title"), dict) else {}
    title = plain_text(_headline(title_slide))
    title_line = pos.line(top["title"]) if "title" in top else 1
    raw.meta = RawRecord(SourceLoc(raw.path, 1), {"title": title}, {"title": title_line})
    if "marking" in top:  # written by our exporter; TimelineJS itself ignores it
        raw.meta.data["marking"] = doc["marking"]
        raw.meta.lines["marking"] = pos.line(top["marking"])
    source_id = "timelinejs-" + (slug(PurePath(raw.path).stem) or "file")
    source_title = title or PurePath(raw.path).name
    raw.sources.append(
        RawRecord(
            SourceLoc(raw.path, title_line),
            {"id": source_id, "publisher": "TimelineJS file", "title": source_title},
        )
    )
    for offset, event in zip(pos.items(top["events"]), doc["events"], strict=False):
        record = _slide(raw, pos, offset, event, "event")
        if record is not None:
            record.data.update(
                sources=[source_id], lane=plain_text(str(event.get("group") or "")) or DEFAULT_LANE
            )
            record.data["id"] = str(event.get("unique_id") or "").strip() or None
            record.spelled.update(id='"unique_id"', title='"text": {"headline": …}', lane='"group"')
            raw.events.append(record)
    eras = doc.get("eras")
    if isinstance(eras, list) and "eras" in top:
        for offset, era in zip(pos.items(top["eras"]), eras, strict=False):
            record = _slide(raw, pos, offset, era, "era")
            if record is not None:
                record.data["start"] = record.data.pop("date")
                record.lines["start"] = record.lines.pop("date")
                raw.eras.append(record)


def _slide(raw: RawFile, pos: _Positions, offset: int, slide: Any, what: str) -> RawRecord | None:
    """One event or era: dates as DateParts, HTML reduced to text."""
    loc = SourceLoc(raw.path, pos.line(offset))
    if not isinstance(slide, dict):
        raw.diagnostics.append(error(loc, f"{what} is not an object", _FORMAT_HINT))
        return None
    pos.duplicates(raw, offset, f"this {what}")
    keys = {k: pos.line(v) for k, v in pos.members(offset).items()}
    lines = {"date": keys.get("start_date", loc.line), "end": keys.get("end_date", loc.line)}
    lines |= {"title": keys.get("text", loc.line), "lane": keys.get("group", loc.line)}
    text: dict[str, Any] = slide["text"] if isinstance(slide.get("text"), dict) else {}
    data: dict[str, Any] = {
        "title": _title(slide),
        "description": plain_text(text.get("text")),
    }
    if isinstance(slide.get("media"), dict):
        media = slide["media"]
        data["media"] = {
            "url": str(media.get("url") or ""),
            "caption": plain_text(media.get("caption")),
            "credit": plain_text(media.get("credit")),
            "thumbnail": str(media.get("thumbnail") or ""),
        }
    if not data["title"]:  # said here, so the hint speaks JSON rather than the validator's YAML
        hint = 'give it a headline, "text": {"headline": "Report published"}, a text or a media caption'
        raw.diagnostics.append(error(SourceLoc(raw.path, lines["title"]), f"{what} has no title", hint))
        return None
    # an event-level display_date describes the whole event, so it only names the start of a one-date event
    display = slide.get("display_date") if isinstance(slide.get("display_date"), str) else None
    display = None if "end_date" in slide else display
    for key, field in (("date", "start_date"), ("end", "end_date")):
        if field not in slide:
            continue
        parts = _parts(
            raw, SourceLoc(raw.path, lines[key]), field, slide[field], display if key == "date" else None
        )
        if parts is None:
            return None
        data[key] = parts
    if "date" not in data:
        hint = 'add "start_date": {"year": "1997"}'
        raw.diagnostics.append(error(loc, f"{what} {data['title']!r} has no start_date", hint))
        return None
    return RawRecord(loc, data, lines)


def _display(date: Any) -> str | None:
    value = date.get("display_date") if isinstance(date, dict) else None
    return value.strip() or None if isinstance(value, str) else None


def _parts(
    raw: RawFile, loc: SourceLoc, field: str, date: Any, display: str | None
) -> DateParts | str | None:
    """A TimelineJS date object ({"year": "1943", "month": "7", "day": ""}) as numbers."""
    if not isinstance(date, dict):
        raw.diagnostics.append(
            error(loc, f"{field} is not an object", 'write {"year": "1997", "month": "10"}')
        )
        return None
    numbers: dict[str, int | None] = {}
    for unit in ("year", "month", "day"):
        value = date.get(unit)
        text = str(value).strip() if value is not None else ""
        if not re.fullmatch(r"-?\d+", text) and text:
            raw.diagnostics.append(
                error(loc, f"{field} {unit} {value!r} is not a number", "write digits, e.g. 1997")
            )
            return None
        numbers[unit] = int(text) if text else None
    if numbers["year"] is None:
        raw.diagnostics.append(error(loc, f"{field} has no year", 'add "year": "1997"'))
        return None
    year, month, day = numbers["year"], numbers["month"], numbers["day"]
    shown = _display(date) or display
    parts = DateParts(year, month, day if month else None, shown)
    return _own_form(parts) or parts


def _own_form(parts: DateParts) -> str | None:
    """The display_date itself when it is a date in our own display form that agrees with the parts.

    `reportgen export --format timelinejs` writes forms that date parts cannot say ("late 2025",
    "c. 2017", "Oct 2023 – Feb 2025") as display_date; returning the text lets the validator parse
    it back with its precision. Other display text (e.g. "Summer 1969") stays a label only.
    """
    if not parts.display:
        return None
    try:
        parsed = dates.parse_date(parts.display)
    except (DateError, ValueError, OverflowError):
        return None
    start = parsed.earliest
    found = (start.year, start.month if parts.month else None, start.day if parts.day else None)
    same = parsed.display == parts.display and found == (parts.year, parts.month, parts.day)
    return parts.display if same else None


def _title(slide: Any) -> str:
    """What TimelineJS shows as the slide's heading: the headline, else the text's first
    sentence, else the media caption or credit (a media-only slide is valid TimelineJS)."""
    if headline := plain_text(_headline(slide)):
        return headline
    text = slide.get("text") if isinstance(slide.get("text"), dict) else {}
    if body := plain_text(text.get("text")):
        return _first_sentence(body)
    media = slide.get("media") if isinstance(slide.get("media"), dict) else {}
    return plain_text(media.get("caption")) or plain_text(media.get("credit"))


def _first_sentence(text: str, limit: int = 120) -> str:
    match = re.match(r"(.+?[.!?])(?:\s|$)", text)
    sentence = match[1] if match else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


def _headline(slide: Any) -> Any:
    text = slide.get("text") if isinstance(slide, dict) else None
    return text.get("headline") if isinstance(text, dict) else None


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment; tags become word breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "p", "div", "li", "blockquote", "cite"}:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, [])


def plain_text(html: Any) -> str:
    """Safe plain text of an HTML fragment: tags stripped, entities decoded, whitespace collapsed."""
    if not isinstance(html, str) or not html:
        return ""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())
