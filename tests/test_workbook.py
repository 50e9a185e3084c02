"""Excel and OpenDocument workbooks: the Events sheet, date cells, and errors that name the cell."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from reportgen.errors import ValidationFailed
from reportgen.load import load_dataset


def workbook(path, sheets: dict[str, list[list[object]]]):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_an_events_sheet_with_date_cells_text_dates_and_spreadsheet_headers(tmp_path):
    path = workbook(tmp_path / "force.xlsx", {
        "Notes": [["anything"]],
        "Events": [
            ["Date", "Event", "Details", "Category", "Source"],
            [dt.date(2023, 10, 2), "Control room opens", "A new room", "Estates", "Force press office"],
            ["Oct 2023", "Survey published", "", "Community", "Local Gazette"],
            ["2024/25", "Budget year", "", "Finance", "Council report"],
        ],
    })  # fmt: skip
    dataset, _ = load_dataset([path])
    by_title = {e.title: e for e in dataset.events}
    assert by_title["Control room opens"].date.display == "2 Oct 2023"
    assert (
        by_title["Control room opens"].date.is_exact_day and by_title["Control room opens"].lane == "Estates"
    )
    assert by_title["Survey published"].date.display == "Oct 2023"
    assert by_title["Budget year"].date.display == "2024/25"
    assert {s.publisher for s in dataset.sources} >= {"Force press office", "Local Gazette"}


def test_a_workbook_with_one_sheet_holds_events(tmp_path):
    path = workbook(tmp_path / "one.xlsx", {"Sheet1": [["date", "title"], [dt.date(2024, 2, 16), "PEEL"]]})
    assert [e.title for e in load_dataset([path])[0].events] == ["PEEL"]


def test_errors_name_the_file_the_sheet_and_the_cell(tmp_path):
    path = workbook(tmp_path / "force.xlsx", {"Events": [
        ["Title", "Date"], ["Fine", "2024"], ["Bad day", "31/02/2024"], ["Typo", "Sept 2O23"],
    ]})  # fmt: skip
    with pytest.raises(ValidationFailed) as info:
        load_dataset([path])
    shown = [str(d) for d in info.value.diagnostics]
    assert any(s.startswith(f"{path}:Events!B3: date '31/02/2024' is not a date") for s in shown), shown
    assert any(s.startswith(f"{path}:Events!B4: date 'Sept 2O23' is not a date") for s in shown), shown


def test_several_sheets_and_none_named_events_is_an_error_naming_them(tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"2023": [["date", "title"]], "2024": [["date", "title"]]})
    with pytest.raises(ValidationFailed, match="no sheet named Events among '2023', '2024'"):
        load_dataset([path])


def test_a_damaged_workbook_is_one_clear_error(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ValidationFailed, match="not a readable workbook"):
        load_dataset([path])


def test_a_workbook_in_an_events_folder_is_read(tmp_path):
    workbook(tmp_path / "force.xlsx", {"Events": [["date", "title"], [dt.date(2024, 1, 5), "From Excel"]]})
    (tmp_path / "more.yaml").write_text("events:\n  - {date: 2024, title: From YAML}\n")
    titles = {e.title for e in load_dataset([tmp_path])[0].events}
    assert titles == {"From Excel", "From YAML"}


def test_a_10000_row_workbook_loads_every_row(tmp_path):  # timed in benchmarks/workbook_bench.py
    rows = [["date", "title", "lane"]] + [
        [dt.date(2020, 1, 1) + dt.timedelta(days=i % 2000), f"Event {i}", f"Lane {i % 5}"]
        for i in range(10_000)
    ]
    path = workbook(tmp_path / "big.xlsx", {"Events": rows})
    dataset, _ = load_dataset([path])
    assert len(dataset.events) == 10_000


TEMPLATE = [
    ["Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date",
     "Headline", "Text", "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group",
     "Background"],
    ["", "", "", "", "", "", "", "", "", "The bridge that took ten years", "<p>How the bridge was built</p>",
     "", "", "", "", "title", "", ""],
    [2015, "", "", "", "", "", "", "", "", "Bridge first proposed",
     "<p>Survey by <a href='https://example.org/arup'>Arup</a> finds the site sound.</p>",
     "", "Council archive", "", "", "", "Plans", ""],
    [2019, 5, "", "", "", "", "", "", "", "", "<p>Funding agreed. The council votes yes.</p>",
     "", "", "", "", "", "Money", ""],
    [2020, "", "", "", 2023, "", "", "", "", "Construction", "", "", "", "", "", "era", "", ""],
    [2025, 3, 1, "", "", "", "", "", "", "", "", "https://example.org/p.jpg", "", "Opening day", "", "",
     "Plans", "#ffffff"],
]  # fmt: skip


def _check_template(dataset) -> None:
    assert (dataset.title, dataset.subject) == ("The bridge that took ten years", "How the bridge was built")
    by_title = {e.title: e for e in dataset.events}
    assert set(by_title) == {
        "Bridge first proposed",
        "Funding agreed.",
        "Opening day",
    }  # headline, sentence, caption
    assert (
        by_title["Bridge first proposed"].description == "Survey by Arup finds the site sound."
    )  # HTML → text
    assert (
        by_title["Funding agreed."].date.display == "May 2019" and by_title["Funding agreed."].lane == "Money"
    )
    cited = dataset.source(by_title["Bridge first proposed"].sources[0])
    assert cited.publisher == "Council archive" and cited.url == "https://example.org/arup"
    assert [(era.title, era.start.display, era.end.display) for era in dataset.eras] == [
        ("Construction", "2020", "2023")
    ]


def test_the_timelinejs_sheet_template_as_csv(tmp_path):
    import csv

    path = tmp_path / "bridge.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(TEMPLATE)
    _check_template(load_dataset([path])[0])


def test_the_timelinejs_sheet_template_as_a_workbook(tmp_path):
    path = workbook(tmp_path / "bridge.xlsx", {"Sheet1": TEMPLATE})
    _check_template(load_dataset([path])[0])


def test_a_template_slide_without_a_year_names_its_cell(tmp_path):
    rows = [TEMPLATE[0], ["", "", "", "", "", "", "", "", "", "No year", "", "", "", "", "", "", "", ""]]
    path = workbook(tmp_path / "bad.xlsx", {"Sheet1": rows})
    with pytest.raises(ValidationFailed, match=r"bad\.xlsx:Sheet1!A2: slide 'No year' has no Year"):
        load_dataset([path])


WIDE = "Month,999 calls in 10 s (%),999 calls in 10 s target,Officers (headcount)\n" + "".join(
    f"{month} 2024,{78 + i},90,{1300 + 10 * i}\n"
    for i, month in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun"])
)


def test_a_wide_metric_table_in_csv_charts_each_series(tmp_path):
    path = tmp_path / "monthly.csv"
    path.write_text(WIDE)
    dataset, _ = load_dataset([path])
    calls, officers = dataset.metrics
    assert (calls.name, calls.unit, calls.target, calls.chart.value) == (
        "999 calls in 10 s",
        "%",
        90.0,
        "line",
    )
    assert [p.value for p in calls.points] == [78, 79, 80, 81, 82, 83] and calls.points[
        0
    ].date.display == "Jan 2024"
    assert (officers.name, officers.unit, officers.target) == ("Officers", "headcount", None)


def test_a_long_metric_table_on_a_workbook_s_metrics_sheet(tmp_path):
    path = workbook(tmp_path / "force.xlsx", {
        "Events": [["date", "title"], [dt.date(2024, 2, 16), "PEEL report published"]],
        "Metrics": [["Metric", "Date", "Value", "Unit", "Target"],
                    ["Spend", "2023/24", 590000, "£", ""], ["Spend", "2024/25", 800000, "£", ""],
                    ["Calls answered", "Jun 2023", 78.5, "%", 90]],
    })  # fmt: skip
    dataset, _ = load_dataset([path])
    assert [e.title for e in dataset.events] == ["PEEL report published"]
    spend = next(m for m in dataset.metrics if m.name == "Spend")
    assert spend.unit == "£" and [p.date.display for p in spend.points] == ["2023/24", "2024/25"]
    assert next(m for m in dataset.metrics if m.name == "Calls answered").target == 90


def test_a_bad_figure_names_its_cell(tmp_path):
    path = workbook(
        tmp_path / "force.xlsx", {"Metrics": [["Month", "Calls (%)"], ["Jan 2024", 78], ["Feb 2024", "n/a"]]}
    )
    with pytest.raises(ValidationFailed, match=r"force\.xlsx:Metrics!B3: value 'n/a' is not a number"):
        load_dataset([path])
    csv_path = tmp_path / "m.csv"
    csv_path.write_text("Month,Calls (%)\nJan 2024,78\nFeb 2024,n/a\n")
    with pytest.raises(
        ValidationFailed, match=r"m\.csv:3: value 'n/a' in column 'Calls \(%\)' is not a number"
    ):
        load_dataset([csv_path])


@pytest.mark.chromium
def test_a_pack_from_a_workbook_charts_its_monthly_figures(tmp_path):
    from helpers import run_reportgen
    from pdfcheck import all_text

    workbook(tmp_path / "force.xlsx", {
        "Events": [["Date", "Event", "Category"],
                   [dt.date(2024, 2, 16), "PEEL report published", "Inspection"],
                   [dt.date(2024, 4, 2), "Control room opens", "Estates"]],
        "Metrics": [["Month", "999 calls in 10 s (%)", "999 calls in 10 s target"],
                    *[[f"{m} 2024", 78 + i, 90] for i, m in enumerate(["Jan", "Feb", "Mar", "Apr"])]],
    })  # fmt: skip
    out = tmp_path / "out"
    proc = run_reportgen("build", "--events", str(tmp_path / "force.xlsx"), "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = " ".join(all_text((out / "briefing-pack.pdf").read_bytes()).split())
    assert "PEEL report published" in text and "999 calls in 10 s" in text and "81 %" in text


@pytest.mark.parametrize("source", ["template", "workbook", "default"])
def test_import_writes_yaml_that_loads_back_to_the_same_data(tmp_path, source):
    import csv
    from pathlib import Path

    from helpers import ROOT, run_reportgen

    from reportgen.cache import stable

    if source == "template":
        path = tmp_path / "bridge.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(TEMPLATE)
    elif source == "workbook":
        path = workbook(tmp_path / "force.xlsx", {
            "Events": [["Date", "Event", "Category", "Source"],
                       [dt.date(2024, 2, 16), "PEEL", "Inspection", "HMICFRS"]],
            "Metrics": [["Month", "Calls (%)"], ["Jan 2024", 78.5], ["Feb 2024", 80], ["Mar 2024", 81]],
        })  # fmt: skip
    else:
        path = ROOT / "events"
    out = tmp_path / "imported.yaml"
    proc = run_reportgen("import", str(path), "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    before, _ = load_dataset([Path(path)])
    after, _ = load_dataset([out])
    drop = frozenset({"loc", "inputs", "title_at", "subject_at"})
    assert stable(after, drop) == stable(before, drop)


def test_a_sources_sheet_defines_the_ids_events_cite(tmp_path):
    path = workbook(tmp_path / "force.xlsx", {
        "Events": [["Date", "Event", "Source"], [dt.date(2024, 2, 16), "PEEL report published", "hmic-2023"]],
        "Sources": [["id", "Publisher", "Title", "Date", "URL"],
                    ["hmic-2023", "HMICFRS", "PEEL 2023 inspection", "16 Feb 2024", "https://example.org/peel"]],
    })  # fmt: skip
    dataset, _ = load_dataset([path])
    (event,) = dataset.events
    assert event.sources == ("hmic-2023",)
    source = dataset.source("hmic-2023")
    assert (source.publisher, source.title, source.url) == (
        "HMICFRS",
        "PEEL 2023 inspection",
        "https://example.org/peel",
    )
    assert source.date.display == "16 Feb 2024"


def test_timelinejs_media_credits_and_display_dates_survive_export_and_import(tmp_path):
    import json

    from reportgen.interop import export_timelinejs

    slide = {
        "start_date": {"year": "1969", "month": "7", "display_date": "Summer 1969"},
        "text": {"headline": "Moon landing"},
        "media": {"url": "https://example.org/moon.jpg", "caption": "Aldrin on the Moon", "credit": "NASA"},
    }
    source = tmp_path / "moon.json"
    source.write_text(
        json.dumps({"title": {"text": {"headline": "Space", "text": "The race"}}, "events": [slide]})
    )
    first, _ = load_dataset([source])
    again_path = tmp_path / "again.json"
    again_path.write_bytes(export_timelinejs(first))
    exported = json.loads(again_path.read_text())["events"][0]
    assert exported["media"] == {
        "url": "https://example.org/moon.jpg",
        "caption": "Aldrin on the Moon",
        "credit": "NASA",
    }
    assert exported["start_date"]["display_date"] == "Summer 1969"
    again, _ = load_dataset([again_path])
    assert again.events[0].media == first.events[0].media and again.events[0].date == first.events[0].date


def test_the_older_timelinejs_template_with_start_and_end_dates(tmp_path):
    import csv

    header = ["Start Date", "End Date", "Headline", "Text", "Media", "Media Credit", "Media Caption", "Type",
              "Tag"]  # fmt: skip
    rows = [header,
            ["16/02/2024", "", "PEEL report published", "<p>Read <b>it</b></p>", "", "HMICFRS", "", "",
             "Inspection"],
            ["2020", "2023", "Construction", "", "", "", "", "era", ""]]  # fmt: skip
    path = tmp_path / "old.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    dataset, _ = load_dataset([path])
    (event,) = dataset.events
    assert (event.title, event.description, event.date.display, event.lane) == (
        "PEEL report published", "Read it", "16 Feb 2024", "Inspection")  # fmt: skip
    assert [(e.title, e.start.display, e.end.display) for e in dataset.eras] == [
        ("Construction", "2020", "2023")
    ]
