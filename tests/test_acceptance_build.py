"""Acceptance audit (issues 3 and 4): `reportgen build` run as a user runs it, in a real process.

Chromium missing, offline interactive HTML, SOURCE_DATE_EPOCH reproducibility, a spreadsheet
export (BOM, CRLF, approximate dates) turned into a pack, and what the timeline prints for quotes.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import uuid
from pathlib import Path

import pytest
from helpers import processes_with as live_processes_with
from helpers import run_reportgen
from pdfcheck import all_text, blank_pages, page_texts, qpdf_check
from pypdf import PdfReader

from reportgen.load import load_dataset
from reportgen.render.timeline import label_boxes, timeline_figure
from reportgen.theme import Theme

ROOT = Path(__file__).resolve().parents[1]


def build(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_reportgen("build", *args, cwd=project, env=env, timeout=300)


def default_project(tmp_path: Path, *, keep_as_of: bool = True) -> Path:
    root = tmp_path / "project"
    (root / "events").mkdir(parents=True)
    for path in (ROOT / "events").iterdir():
        (root / "events" / path.name).write_bytes(path.read_bytes())
    config = (ROOT / "reportgen.toml").read_text(encoding="utf-8")
    if not keep_as_of:
        config = re.sub(r"(?m)^as_of = .*\n", "", config)
    (root / "reportgen.toml").write_text(config, encoding="utf-8")
    return root


def test_build_without_chromium_exits_3_says_how_to_install_and_writes_nothing(tmp_path: Path) -> None:
    project = default_project(tmp_path)
    token = f"reportgen-audit-{uuid.uuid4()}"
    result = build(project, env={"REPORTGEN_CHROMIUM": "/nonexistent/chromium", "RG_TOKEN": token})
    assert result.returncode == 3, result.stderr
    assert "Chromium not found at /nonexistent/chromium" in result.stderr
    assert "apt-get install -y chromium" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "output" / "briefing-pack.pdf").exists()
    assert live_processes_with(token) == []


@pytest.mark.chromium
@pytest.mark.slow
def test_source_date_epoch_sets_as_of_and_rebuilds_are_byte_identical(tmp_path: Path) -> None:
    project = default_project(tmp_path, keep_as_of=False)
    env = {"SOURCE_DATE_EPOCH": "1760486400"}  # 2025-10-15 00:00 UTC
    for out in ("one", "two"):
        result = build(project, "--out", out, env=env)
        assert result.returncode == 0, result.stderr
    one, two = project / "one", project / "two"
    for name in ("briefing-pack.pdf", "timeline.svg", "timeline.html", "timeline.png"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    pdf = (one / "briefing-pack.pdf").read_bytes()
    assert all("As of 15 Oct 2025" in page for page in page_texts(pdf))
    assert "HMIC to inspect the force again" in all_text(pdf).split("Look-ahead")[1].split("Timeline")[0]
    # the interactive timeline works offline: plotly.js is inline, no script is fetched
    html = (one / "timeline.html").read_text(encoding="utf-8")
    assert re.findall(r"<script[^>]*\ssrc=", html) == []
    assert "Plotly.newPlot" in html or "Plotly.react" in html
    assert "16 Feb 2024" in html and "PEEL report published" in html and "Source: " in html


@pytest.mark.chromium
@pytest.mark.slow
def test_spreadsheet_export_becomes_a_readable_pack(tmp_path: Path) -> None:
    dates = ["c. 2019", "early 2020", "Mar 2020", "16/04/2020", "Q3 2020", "2021", "mid 2021", "12/11/2021"]
    dates += ["Jan–Feb 2022", "circa 2022", "03/03/2022", "Jun 2022", "late 2022", "01/12/2022", "2023-01-15"]
    dates += ["Feb 2023", "Q2 2023", "20/07/2023", "end of 2023", "Nov 2023", "05/01/2024", "Mar 2024"]
    dates += ["Apr 2024 to Jun 2024", "14/06/2024", "Sept 2024", "Q4 2024", "2025-01-09", "early 2025"]
    dates += ["Jul 2025", "Q1 2026"]
    rows = ["Date,Title,Description,Lane,Source,URL,Status"]
    for i, date in enumerate(dates):
        status = "planned" if i >= 27 else "past"
        lane = ("Operations", "Finance", "Estates", "People", "Partnerships")[i % 5]
        rows.append(
            f'"{date}",Milestone {i + 1},"Notes, with “quotes” — café",{lane},Council minutes,,{status}'
        )
    project = tmp_path / "sheet"
    (project / "events").mkdir(parents=True)
    (project / "events" / "plan.csv").write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode() + b"\r\n")
    result = build(project, "--as-of", "2025-10-15")
    assert result.returncode == 0, result.stderr
    pdf = (project / "output" / "briefing-pack.pdf").read_bytes()
    assert blank_pages(pdf) == [] and qpdf_check(pdf).returncode == 0
    text = " ".join(all_text(pdf).split())
    assert all(f"Milestone {i}" in text for i in range(1, 31))
    quality = text.split("Data quality")[-1].split("References")[0]
    assert "c. 2019 (1 Jan – 31 Dec 2019)" in quality and "end of 2023 (1 Nov – 31 Dec 2023)" in quality
    assert "Milestone 29" in quality.split("Planned events whose date has passed")[1]  # Jul 2025, overdue
    assert "Q1 2026" in text.split("Look-ahead")[1].split("Timeline")[0]
    assert len(PdfReader(project / "output" / "briefing-pack.pdf").pages) <= 8


def test_quotes_in_event_titles_print_as_quotes_on_the_timeline(tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    path.write_text('date,title\n16 Feb 2024,"Report says ""good"" overall"\nMar 2024,It\'s agreed\n')
    dataset, _ = load_dataset([path])
    fig = timeline_figure(
        dataset, Theme(), as_of=dt.date(2025, 10, 15), width=1600, height=900, marking="OFFICIAL"
    )
    assert any('"good"' in b.text for b in label_boxes(fig))  # the box measured the plain text
    shown = [a.text or "" for a in fig.layout.annotations] + [str(t.text) for t in fig.data if t.text]
    assert not any("&quot;" in s or "&#x27;" in s for s in shown), shown


@pytest.mark.chromium
@pytest.mark.slow
def test_marking_none_on_the_command_line_prints_an_unmarked_pack(tmp_path: Path) -> None:
    project = tmp_path / "plain"
    (project / "events").mkdir(parents=True)
    (project / "events" / "a.yaml").write_text(
        "sources:\n  - {id: s, publisher: P, title: T}\n"
        "events:\n  - {date: 16 Feb 2024, title: One, source: s}\n",
        encoding="utf-8",
    )
    result = build(project, "--as-of", "2025-10-15", "--marking", "NONE")
    assert result.returncode == 0, result.stderr
    pdf = (project / "output" / "briefing-pack.pdf").read_bytes()
    assert "OFFICIAL" not in all_text(pdf)
    assert b"OFFICIAL" not in (project / "output" / "timeline.svg").read_bytes()
