"""The shape of a YAML events file, as pydantic models, and its JSON Schema.

These models check *structure only* (which keys, which types, as written in the
file: dates are text or a year). Meaning — is this a date, does that source
exist — is checked in `validate.py` for every input format alike. Allowed values
(status, chart, marking, importance range) are advertised in the JSON Schema for
editors but enforced in `validate.py`, so YAML and CSV get the same messages.

`schema_text()` is the JSON Schema; `reportgen/schema/events.schema.json` is
generated from it (a test keeps the two equal).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reportgen.markings import MARKINGS
from reportgen.model import ChartKind
from reportgen.text import suggestion

DATE_HELP = "a date as a briefing writer says it: 1997, c. 2017, Oct 2023, 16 Feb 2024, Q4 2025, late 2025"
DateText = Annotated[str | int, Field(description=DATE_HELP, examples=["Oct 2023", "16 Feb 2024", 1997])]
Marking = Annotated[str, Field(description="protective marking", json_schema_extra={"enum": list(MARKINGS)})]
Text = str | None


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SourceDoc(_Doc):
    """Where facts come from; events and metrics cite it by `id`."""

    id: str
    publisher: str
    title: str
    date: DateText | None = None
    url: Annotated[Text, Field(description="http(s) address")] = None
    seed: Annotated[Text, Field(description="the article file the facts were taken from")] = None
    marking: Marking | None = None
    note: Text = None


class AltDateDoc(_Doc):
    """A different date for the same event, given by another source."""

    date: DateText
    sources: list[str] | None = None
    source: Text = None
    note: Text = None


class MediaDoc(_Doc):
    """A picture or video shown with the event in TimelineJS (kept, not drawn in the pack)."""

    url: Text = None
    caption: Text = None
    credit: Text = None
    thumbnail: Text = None


class EventDoc(_Doc):
    """One dated happening; `end` makes it a span."""

    id: Annotated[Text, Field(description="derived from date + title when omitted")] = None
    date: DateText
    end: DateText | None = None
    title: str
    description: Text = None
    short_title: Annotated[Text, Field(description="a shorter title for the timeline's label")] = None
    lane: Annotated[Text, Field(description='default "General"')] = None
    status: Annotated[Text, Field(json_schema_extra={"enum": ["past", "planned"]})] = None
    importance: Annotated[
        int | None,
        Field(description="1 (minor) … 5 (key), default 3", json_schema_extra={"minimum": 1, "maximum": 5}),
    ] = None
    tags: list[str] | None = None
    sources: list[str] | None = None
    source: Text = None
    alt_dates: list[AltDateDoc] | None = None
    marking: Marking | None = None
    media: MediaDoc | None = None


class PointDoc(_Doc):
    """One value of a metric; `grade` (a name from `scale`) instead of `value` for grades."""

    label: str | int
    value: float | None = None
    grade: Text = None
    date: DateText | None = None
    group: Text = None
    note: Text = None


class MetricDoc(_Doc):
    """A named series of values drawn as one chart."""

    id: str
    name: str
    unit: Text = None
    chart: Annotated[Text, Field(json_schema_extra={"enum": [k.value for k in ChartKind]})] = None
    target: float | None = None
    target_label: Text = None
    higher_is_better: bool | None = None
    scale: Annotated[list[str] | None, Field(description="grade names, lowest first")] = None
    sources: list[str] | None = None
    source: Text = None
    caption: Text = None
    marker_events: Annotated[list[str] | None, Field(description="event ids drawn as markers")] = None
    points: list[PointDoc]
    marking: Marking | None = None


class EraDoc(_Doc):
    """A named background period."""

    title: str
    start: DateText
    end: DateText


class FactDoc(_Doc):
    """A key fact for the summary: a text value, an event's date, or the time since an event."""

    label: str
    value: Text = None
    event: Annotated[
        str | None, Field(description="an event id: its date, sources and other sources' dates")
    ] = None
    since: Annotated[str | None, Field(description="an event id: whole years since its date")] = None
    sources: list[str] | None = None
    source: Text = None


class EventsFile(_Doc):
    """A reportgen events file. Every key is optional; several files are merged."""

    title: Text = None
    subject: Text = None
    marking: Marking | None = None
    lanes: Annotated[list[str] | None, Field(description="display order of lanes")] = None
    sources: list[SourceDoc] | None = None
    events: list[EventDoc] | None = None
    eras: list[EraDoc] | None = None
    metrics: list[MetricDoc] | None = None
    facts: Annotated[list[FactDoc] | None, Field(description="key facts for the summary")] = None


SECTIONS: dict[str, type[_Doc]] = {
    "sources": SourceDoc,
    "events": EventDoc,
    "eras": EraDoc,
    "metrics": MetricDoc,
    "facts": FactDoc,
}
_NESTED: dict[tuple[type[_Doc], str], type[_Doc]] = {
    (EventDoc, "alt_dates"): AltDateDoc,
    (MetricDoc, "points"): PointDoc,
}


def schema_text() -> str:
    """The JSON Schema of an events file: deterministic (sorted keys, trailing newline)."""
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **EventsFile.model_json_schema(),
    }
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@dataclass(frozen=True, slots=True)
class StructureProblem:
    """One structural problem; `path` is the keys/indices into the document that exist."""

    path: tuple[str | int, ...]
    message: str
    hint: str


def check_document(data: Any) -> list[StructureProblem]:
    """Every structural problem of a plain (JSON-like) document; empty when it is well formed."""
    try:
        EventsFile.model_validate(data)
    except ValidationError as exc:
        problems: dict[tuple[tuple[str | int, ...], str], StructureProblem] = {}
        for err in exc.errors():
            problem = _problem(data, tuple(err["loc"]), err["type"], err["msg"])
            problems.setdefault((problem.path, problem.message), problem)
        return list(problems.values())
    return []


def _problem(data: Any, loc: tuple[str | int, ...], kind: str, msg: str) -> StructureProblem:
    path, rest = _split(data, loc)
    key = path[-1] if path and isinstance(path[-1], str) else None
    if kind == "extra_forbidden" and key is not None:
        return StructureProblem(path, f"unknown key {key!r}", _did_you_mean(key, _fields(path[:-1])))
    if kind == "missing" and rest:
        missing = str(rest[0])
        return StructureProblem(path, f"missing key {missing!r}", f"add `{missing}: …` to this entry")
    if not path and kind in {"model_type", "model_attributes_type", "dict_type"}:
        return StructureProblem(path, "the file is not a mapping of keys", "start with keys like `events:`")
    return StructureProblem(path, *_type_message(key, kind, msg))


def _type_message(key: str | None, kind: str, msg: str) -> tuple[str, str]:
    what = f"{key!r}" if key else "this entry"
    if key in {"date", "end", "start"}:
        return f"{what} must be a date", "write it like 16 Feb 2024, Oct 2023 or 1997"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"{what} must be a mapping of key: value", "indent its keys under it"
    if kind == "list_type":
        return f"{what} must be a list", "write [a, b] or one '- item' per line"
    if kind == "string_type":
        return f"{what} must be text", "put the value in quotes"
    if kind in {"int_type", "float_type", "int_from_float"}:
        return f"{what} must be a number", "write digits only, e.g. 3"
    if kind == "bool_type":
        return f"{what} must be true or false", "write true or false"
    return f"{what}: {msg}", "see docs/format.md"


def _split(data: Any, loc: tuple[str | int, ...]) -> tuple[tuple[str | int, ...], tuple[str | int, ...]]:
    """Split a pydantic location into the part found in `data` and the rest (union tags, missing keys)."""
    node: Any = data
    path: list[str | int] = []
    for i, part in enumerate(loc):
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_dict or in_list):
            return tuple(path), loc[i:]
        node = node[part]
        path.append(part)
    return tuple(path), ()


def _fields(path: tuple[str | int, ...]) -> list[str]:
    """The allowed keys of the mapping at `path` in an events file."""
    model: type[_Doc] = EventsFile
    keys = [p for p in path if isinstance(p, str)]
    for i, key in enumerate(keys):
        if i == 0 and key in SECTIONS:
            model = SECTIONS[key]
        elif (model, key) in _NESTED:
            model = _NESTED[(model, key)]
    return list(model.model_fields)


def _did_you_mean(word: str, choices: list[str]) -> str:
    return suggestion(word, choices, f"known keys: {', '.join(choices)}")
