"""CSV as Excel writes it: `;` and tab delimiters, a `sep=` line, spreadsheet headers, serial days."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.load import load_dataset
from reportgen.load.headers import ALIASES, column_for, header_key


def load(tmp_path, text: str, name: str = "e.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return load_dataset([path])


@pytest.mark.parametrize(
    "text",
    [
        "date;title;lane\n16 Feb 2024;PEEL report, published;Inspection\n",
        "sep=;\ndate;title;lane\n16 Feb 2024;PEEL report, published;Inspection\n",
        "date\ttitle\tlane\n16 Feb 2024\tPEEL report, published\tInspection\n",
    ],
)
def test_semicolon_tab_and_sep_lines_are_read(tmp_path, text):
    dataset, _ = load(tmp_path, text)
    (event,) = dataset.events
    assert event.lane == "Inspection" and event.date.display == "16 Feb 2024"
    assert event.title == "PEEL report, published"  # the comma is text in a ; or tab file


def test_a_sep_line_keeps_the_line_numbers_of_the_file(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("sep=;\ndate;title\nSept 2O23;Typo\n")
    with pytest.raises(Exception) as info:
        load_dataset([path])
    assert f"{path}:3: date 'Sept 2O23'" in str(info.value)


def test_spreadsheet_headers_are_understood(tmp_path):
    text = "Start Date,Event,Details,Category,Link\n2 Oct 2023,Control room opens,New room,Estates,https://example.org/a\n"
    dataset, warnings = load(tmp_path, text)
    (event,) = dataset.events
    assert (event.title, event.description, event.lane) == ("Control room opens", "New room", "Estates")
    assert not [w for w in warnings if "unknown column" in str(w)]


def test_excel_serial_days_and_midnight_times_are_days(tmp_path):
    dataset, warnings = load(tmp_path, "date,title\n45201,Serial day\n02/10/2023 00:00,At midnight\n")
    days = sorted(e.date.display for e in dataset.events)
    assert days == ["2 Oct 2023", "2 Oct 2023"]
    assert any(
        ":2: warning: date 45201 is an Excel day number; read as 2 Oct 2023" in str(w) for w in warnings
    )


def test_an_unknown_header_gets_a_suggestion_that_makes_sense(tmp_path):
    _, warnings = load(tmp_path, "date,title,Catgory\n2024,A,x\n")
    assert any("unknown column 'Catgory' is ignored; did you mean 'category'?" in str(w) for w in warnings)


@given(st.sampled_from(sorted({a for names in ALIASES.values() for a in names} | set(ALIASES))),
       st.sampled_from([str.upper, str.lower, str.title]), st.sampled_from(["", " ", "  "]))  # fmt: skip
def test_header_matching_ignores_case_and_spacing(name, case, pad):
    written = pad + case(name).replace(" ", "  " if pad else " ") + pad
    assert column_for(written) == column_for(name) and column_for(name) in ALIASES


@given(st.text(max_size=30))
def test_header_key_is_idempotent_and_never_fails(text):
    assert header_key(header_key(text)) == header_key(text)


def test_nothing_in_an_events_folder_is_skipped_silently(tmp_path):
    (tmp_path / "e.yaml").write_text("events:\n  - {date: 2024, title: A}\n")
    (tmp_path / "force.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "~$force.xlsx").write_bytes(b"")  # Excel's lock file: junk, not a warning
    _, warnings = load_dataset([tmp_path])
    shown = [str(w) for w in warnings]
    assert any(s.startswith(f"{tmp_path / 'force.xls'}: warning: not read") and ".xlsx" in s for s in shown)
    assert any(s.startswith(f"{tmp_path / 'notes.txt'}: warning: not read") for s in shown)
    assert not any("~$" in s for s in shown)


@pytest.mark.parametrize(
    ("text", "display", "first", "last"),
    [
        ("2024/25", "2024/25", "2024-04-01", "2025-03-31"),
        ("FY2024/25", "2024/25", "2024-04-01", "2025-03-31"),
        ("2024-25", "2024/25", "2024-04-01", "2025-03-31"),
        ("w/c 13 Jan 2025", "w/c 13 Jan 2025", "2025-01-13", "2025-01-19"),
        ("week commencing 13 January 2025", "w/c 13 Jan 2025", "2025-01-13", "2025-01-19"),
        ("Spring 2025", "Spring 2025", "2025-03-01", "2025-05-31"),
        ("Autumn 2021", "Autumn 2021", "2021-09-01", "2021-11-30"),
        ("Winter 2024/25", "Winter 2024/25", "2024-12-01", "2025-02-28"),
    ],
)
def test_briefing_date_forms(text, display, first, last):
    from reportgen.dates import parse_date

    date = parse_date(text)
    assert (date.display, date.earliest.isoformat(), date.latest.isoformat()) == (display, first, last)
    assert parse_date(date.display) == date  # the display form reads back


@pytest.mark.parametrize(("text", "message"), [("FY2024/26", "is not a financial year"),
                                               ("w/c Jan 2025", "names no day for its week")])  # fmt: skip
def test_bad_briefing_forms_say_why(text, message):
    from reportgen.dates import parse_date
    from reportgen.errors import DateError

    with pytest.raises(DateError, match=message):
        parse_date(text)


def test_a_financial_year_survives_a_timelinejs_round_trip(tmp_path):
    from reportgen.interop import export_timelinejs

    dataset, _ = load(tmp_path, "date,title\n2024/25,Budget year\n")
    (tmp_path / "t.json").write_bytes(export_timelinejs(dataset))
    again, _ = load_dataset([tmp_path / "t.json"])
    assert again.events[0].date == dataset.events[0].date


def test_columns_map_any_other_header_from_config_or_the_command_line(tmp_path):
    from helpers import run_reportgen

    (tmp_path / "inc.csv").write_text("Incident,Happened on\nFlood,2 Oct 2023\n")
    proc = run_reportgen("validate", "--events", "inc.csv", "--column", "title=Incident",
                         "--column", "date=Happened on", cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 0 and proc.stdout.startswith("ok: 1 events"), proc.stderr
    (tmp_path / "reportgen.toml").write_text('[columns]\ntitle = "Incident"\ndate = "Happened on"\n')
    proc = run_reportgen("validate", "--events", "inc.csv", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("ok: 1 events"), proc.stderr
    bad = run_reportgen("validate", "--events", "inc.csv", "--column", "heading=Incident", cwd=tmp_path)
    assert bad.returncode == 2 and "NAME=HEADER" in bad.stderr


def test_sheet_picks_the_events_sheet(tmp_path):
    import openpyxl
    from helpers import run_reportgen

    book = openpyxl.Workbook()
    book.active.title = "2023"
    book.active.append(["date", "title"])
    book.active.append(["2023", "Last year"])
    other = book.create_sheet("2024")
    other.append(["date", "title"])
    other.append(["2024", "This year"])
    book.save(tmp_path / "years.xlsx")
    proc = run_reportgen("validate", "--events", "years.xlsx", "--sheet", "2024", "--json", cwd=tmp_path)
    assert proc.returncode == 0 and '"events": 1' in proc.stdout, proc.stdout
    missing = run_reportgen("validate", "--events", "years.xlsx", cwd=tmp_path)
    assert missing.returncode == 2 and "choose one with --sheet" in missing.stderr
