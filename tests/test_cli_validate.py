"""`reportgen validate` end to end: exit codes, `path:line: message; hint`, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run_reportgen

from reportgen.cli import main

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"


def validate(tmp_path: Path, capsys, *events: Path, strict: bool = False) -> tuple[int, str, str]:
    args = ["validate", "--project", str(tmp_path)] + [a for e in events for a in ("--events", str(e))]
    code = main(args + (["--strict"] if strict else []))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("missing-column.csv", ":1: missing column 'title'; add a 'title' column to the header row"),
        ("impossible-day.csv", ":3: date '2025-02-30' is not a date; "),
        ("month-13.csv", ":2: date '31/13/2024' is not a date; "),
        ("empty-title.csv", ":3: event has no title; "),
        ("end-before-start.yaml", ":3: end 'Jan 2020' is before date 'Mar 2021'; swap them"),
        ("unknown-status.yaml", ":4: unknown status 'finished'; use past or planned"),
        ("binary.csv", ":1: binary data, not text; save as UTF-8 (Excel: CSV UTF-8)"),
        ("empty.csv", ":1: file is empty; add a header row"),
        ("unclosed-quote.csv", ":3: not valid CSV: a quote opened here is never closed; "),
        ("non-utf8.csv", ":3: not UTF-8 text; save as UTF-8 (Excel: CSV UTF-8)"),
        ("year-10000.yaml", ":2: date '10000' "),
        ("deep.json", ":1: JSON is nested too deeply; "),
        ("bad-day.json", ":5: date '2001-2-30' is not a date; "),
    ],
)
def test_bad_input_exits_2_with_path_line_and_hint(tmp_path, capsys, name, expected):
    code, out, err = validate(tmp_path, capsys, BAD / name)
    assert code == 2
    assert f"{BAD / name}{expected}" in err
    assert "Traceback" not in err + out and out == ""
    assert err.rstrip().endswith("error(s); nothing was written")


def test_every_error_in_one_file_is_printed(tmp_path, capsys):
    code, _, err = validate(tmp_path, capsys, BAD / "many-errors.yaml")
    path = BAD / "many-errors.yaml"
    errors = [line for line in err.splitlines() if line.startswith(str(path)) and ": warning: " not in line]
    assert code == 2
    assert [line.split(":")[1] for line in errors] == ["2", "5", "8", "11", "12"]
    assert f"{path}:12: unknown source 'nope'; define it under `sources:` or fix the id" in errors
    assert err.rstrip().endswith("5 error(s); nothing was written")


def test_errors_from_several_files_are_all_printed(tmp_path, capsys):
    code, _, err = validate(
        tmp_path, capsys, BAD / "month-13.csv", BAD / "unknown-status.yaml", tmp_path / "missing"
    )
    assert code == 2
    assert f"{BAD / 'month-13.csv'}:2:" in err and f"{BAD / 'unknown-status.yaml'}:4:" in err
    assert f"{tmp_path / 'missing'}: no such file or folder; check the --events path" in err


def test_bom_and_crlf_csv_is_valid(tmp_path, capsys):
    code, out, err = validate(tmp_path, capsys, DATA / "good" / "bom-crlf.csv")
    assert (code, out, err) == (0, "ok: 2 events, 0 metrics, 1 sources, 0 warnings\n", "")


def test_warnings_go_to_stderr_and_strict_makes_them_fail(tmp_path, capsys):
    events = tmp_path / "events.yaml"
    events.write_text("lanes: [Career]\nevents:\n  - date: 1997\n    title: Joined\n    lane: Carreer\n")
    code, out, err = validate(tmp_path, capsys, events)
    assert code == 0 and out.startswith("ok: 1 events")
    assert f"{events}:5: warning: lane 'Carreer' is not in lanes; did you mean 'Career'?" in err.splitlines()
    assert (
        f"{events}:3: warning: event 'Joined' has no sources; add `sources: [id]` so the pack can cite it"
        in err
    )
    assert validate(tmp_path, capsys, events, strict=True)[0] == 2


def test_timelinejs_examples_validate(tmp_path, capsys):
    folder = Path(__file__).resolve().parent / "data" / "timelinejs"
    code, out, err = validate(tmp_path, capsys, folder)
    assert code == 0 and out == "ok: 70 events, 0 metrics, 4 sources, 3 warnings\n"
    # merged timelines keep the first title (eras.json, sorted first) and say so
    assert err.count("warning: title '") == 3 and f"{folder / 'eras.json'}:2 sets 'Eras Test'" in err


def test_real_process_prints_no_traceback_for_deep_json():
    proc = run_reportgen("validate", "--project", str(BAD), "--events", str(BAD / "deep.json"))
    assert proc.returncode == 2
    assert f"{BAD / 'deep.json'}:1: JSON is nested too deeply" in proc.stderr
    assert "Traceback" not in proc.stderr
