"""CSV loader: spreadsheets in, raw events with row lines out; never a crash on any bytes."""
# ruff: noqa: E501  (tables of literal inputs and expected messages read best one per line)

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import load_errors as errors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.errors import Severity, ValidationFailed
from reportgen.load import load_dataset
from reportgen.model import Dataset, Status


def write(tmp_path: Path, data: bytes | str, name: str = "events.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_good_csv_with_all_columns(tmp_path):
    text = (
        "date,title,end,description,lane,source,url,status,importance,tags,id\n"
        '16 Feb 2024,PEEL report published,,"Graded, again",Inspection,HMICFRS,https://hmicfrs.example/x,'
        "past,5,peel;inspection,peel-2024\n"
        "Oct 2023,Acting Chief,Feb 2025,,Career,HMICFRS,https://hmicfrs.example/x,,,,\n"
        "Q4 2025,Plan,,,,,,planned,2,,\n"
    )
    dataset, warnings = load_dataset([write(tmp_path, text)])
    first, second, third = sorted(dataset.events, key=lambda e: e.loc.line)
    assert (first.id, first.description, first.importance, first.tags) == (
        "peel-2024",
        "Graded, again",
        5,
        ("peel", "inspection"),
    )
    assert (second.id, second.end.display, second.lane, str(second.loc)) == (
        "2023-10-01-acting-chief",
        "Feb 2025",
        "Career",
        f"{tmp_path / 'events.csv'}:3",
    )
    assert third.status is Status.PLANNED and third.lane == "General" and third.sources == ()
    (src,) = dataset.sources
    assert (src.id, src.publisher, src.url) == ("hmicfrs", "HMICFRS", "https://hmicfrs.example/x")
    assert first.sources == second.sources == ("hmicfrs",)
    assert [str(w) for w in warnings] == [
        f"{tmp_path / 'events.csv'}:4: warning: event 'Plan' has no sources; "
        "add `sources: [id]` so the pack can cite it"
    ]


def test_source_column_may_name_a_yaml_source_read_later(tmp_path):
    write(tmp_path, "date,title,source\n1997,Joined,polfed\n", "a.csv")
    write(tmp_path, "sources:\n  - {id: polfed, publisher: Police Federation, title: Interview}\n", "z.yaml")
    dataset, warnings = load_dataset([tmp_path])
    assert dataset.events[0].sources == ("polfed",) and len(dataset.sources) == 1 and warnings == []


def test_bom_and_crlf_are_accepted(tmp_path):
    path = write(
        tmp_path, b'\xef\xbb\xbfDate,Title\r\n2024-02-16,Report\r\n\r\n1 Mar 2024,"Two\r\nlines"\r\n'
    )
    dataset, _ = load_dataset([path])
    assert [(e.title, e.loc.line) for e in dataset.events] == [("Report", 2), ("Two lines", 4)]


def test_unknown_column_is_a_warning_with_did_you_mean(tmp_path):
    path = write(tmp_path, "date,title,lanee\n1997,x,y\n")
    _, warnings = load_dataset([path])
    assert f"{path}:1: warning: unknown column 'lanee' is ignored; did you mean 'lane'?" in [
        str(w) for w in warnings
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("date,name\n1997,x\n", ":1: missing column 'title'; add a 'title' column to the header row"),
        ("day,title\n1997,x\n", ":1: missing column 'date'; add a 'date' column to the header row"),
        ("dat,title\n1997,x\n", ":1: missing column 'date'; rename 'dat' to 'date'"),
        ("date,title,title\n1997,x,y\n", ":1: column 'title' appears twice; delete or rename one"),
        ("", ":1: file is empty; add a header row"),
        ("\r\n  \n", ":1: file is empty"),
        (
            'date,title\n1997,x\n1998,"unclosed\n1999,z\n',
            ":3: not valid CSV: a quote opened here is never closed",
        ),
        ("date,title\n1997,a,b\n", ":2: row has 3 values but the header has 2 columns"),
        ("date,title\n2025-02-30,x\n", ":2: date '2025-02-30' is not a date"),
        ("date,title\n31/13/2024,x\n", ":2: date '31/13/2024' is not a date"),
        ("date,title\n10000,x\n", ":2: date '10000'"),
        ("date,title\n1997,\n", ":2: event has no title"),
        ("date,title\n,x\n", ":2: event has no date"),
        ("date,title,end\nMar 2021,x,Jan 2020\n", ":2: end 'Jan 2020' is before date 'Mar 2021'; swap them"),
        ("date,title,status\n1997,x,done\n", ":2: unknown status 'done'; use past or planned"),
        ("date,title,importance\n1997,x,7\n", ":2: importance '7' is not 1–5"),
        ("date,title,source,url\n1997,x,BBC,bbc.co.uk\n", ":2: url 'bbc.co.uk' is not a web address"),
        (b"date,title\n1997,caf\xe9\n", ":2: not UTF-8 text; save as UTF-8 (Excel: CSV UTF-8)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ":1: binary data, not text"),
        (b"PK\x03\x04\x14\x00\x06\x00", ":1: binary data, not text; save as UTF-8 (Excel: CSV UTF-8)"),
    ],
)
def test_bad_csv_errors_name_path_and_line(tmp_path, data, expected):
    path = write(tmp_path, data)
    found = errors(path)
    assert any(e.startswith(f"{path}{expected}") for e in found), found


def test_several_bad_rows_are_all_reported(tmp_path):
    path = write(tmp_path, "date,title,status\n2025-02-30,a,\n1997,,\n1998,c,done\n")
    assert [e.split(":")[1] for e in errors(path)] == ["2", "3", "4"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_give_a_dataset_or_our_error(tmp_path, data):
    _load_or_fail(write(tmp_path, data))


_CSV_ALPHABET = st.sampled_from(
    list('date,title,end,lane,status,importance,source,url\n\r";x 19/0-2Q4 Jan late')
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(_CSV_ALPHABET, max_size=200) | st.text(max_size=200))
def test_arbitrary_csv_like_text_gives_a_dataset_or_our_error(tmp_path, body):
    _load_or_fail(write(tmp_path, "date,title,end,status,importance,source,url\n" + body))


def _load_or_fail(path: Path) -> None:
    try:
        dataset, warnings = load_dataset([path])
    except ValidationFailed as exc:
        assert exc.diagnostics and all(str(d.loc).startswith(f"{path}:") for d in exc.diagnostics)
        assert all(d.hint for d in exc.diagnostics if d.severity is Severity.ERROR)
    else:
        assert isinstance(dataset, Dataset)
