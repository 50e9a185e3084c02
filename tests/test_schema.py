"""The JSON Schema of events files: generated, deterministic, and agreeing with the loader."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from reportgen.cli import main
from reportgen.schema import check_document, schema_text

SHIPPED = Path(__file__).parents[1] / "reportgen" / "schema" / "events.schema.json"
GOOD = {
    "title": "Briefing",
    "lanes": ["Career"],
    "sources": [{"id": "s1", "publisher": "P", "title": "T", "date": "25 Apr 2025"}],
    "events": [
        {"date": 1997, "title": "Joined", "sources": ["s1"], "importance": 4, "alt_dates": [{"date": "1996"}]}
    ],
    "eras": [{"title": "Early", "start": "1990", "end": "1999"}],
    "metrics": [
        {"id": "m", "name": "M", "points": [{"label": 2021, "value": 4}, {"label": "x", "grade": "Good"}]}
    ],
}


def test_shipped_schema_file_is_generated_from_the_models():
    # regenerate with: python -m reportgen schema -o reportgen/schema/events.schema.json
    assert SHIPPED.read_text(encoding="utf-8") == schema_text()


def test_schema_text_is_deterministic_sorted_json():
    text = schema_text()
    assert text == schema_text()
    assert text.endswith("}\n")
    data = json.loads(text)
    assert json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text
    assert data["additionalProperties"] is False
    assert set(data["properties"]) == {
        "title",
        "subject",
        "marking",
        "lanes",
        "sources",
        "events",
        "eras",
        "metrics",
        "facts",
    }


def test_schema_advertises_allowed_values():
    defs = json.loads(schema_text())["$defs"]
    event = defs["EventDoc"]["properties"]
    assert set(defs["EventDoc"]["required"]) == {"date", "title"}
    assert "OFFICIAL-SENSITIVE" in json.dumps(event["marking"])
    assert '"planned"' in json.dumps(event["status"])
    assert '"grades"' in json.dumps(defs["MetricDoc"]["properties"]["chart"])


def test_schema_accepts_a_good_document_and_so_does_the_loader():
    jsonschema.validate(GOOD, json.loads(schema_text()))
    assert check_document(GOOD) == []


@pytest.mark.parametrize(
    ("doc", "path", "message", "hint"),
    [
        (
            {"events": [{"date": "1997", "titel": "x"}]},
            ("events", 0, "titel"),
            "unknown key 'titel'",
            "did you mean 'title'?",
        ),
        ({"evnets": []}, ("evnets",), "unknown key 'evnets'", "did you mean 'events'?"),
        (
            {"events": [{"date": "1997"}]},
            ("events", 0),
            "missing key 'title'",
            "add `title: …` to this entry",
        ),
        ({"events": [{"date": [1], "title": "x"}]}, ("events", 0, "date"), "'date' must be a date", None),
        ({"events": {"a": 1}}, ("events",), "'events' must be a list", None),
        ({"lanes": "Career"}, ("lanes",), "'lanes' must be a list", None),
        ([1, 2], (), "the file is not a mapping of keys", None),
    ],
)
def test_structure_problems_name_the_key_and_how_to_fix_it(doc, path, message, hint):
    problems = check_document(doc)
    assert (path, message) in [(p.path, p.message) for p in problems]
    if hint:
        assert hint in [p.hint for p in problems if p.path == path]


def test_schema_jsonschema_rejects_unknown_keys_like_the_loader():
    bad = {"events": [{"date": "1997", "title": "x", "colour": "red"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, json.loads(schema_text()))
    assert check_document(bad)


def test_cli_schema_prints_the_schema(capsys):
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == schema_text()
