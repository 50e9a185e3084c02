"""The PDF briefing pack, read as a reader would: text, pages, links, fonts, pixels.

These tests call render_pack directly with hand-made SVGs (no Chromium); the
build tests exercise real exported figures.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pdfcheck import all_text, blank_pages, figure, image_count, link_uris, page_texts, pdffonts, qpdf_check
from pypdf import PdfReader

from reportgen.dates import parse_date
from reportgen.load import load_dataset
from reportgen.model import AltDate, Dataset, Event, MetricPoint, MetricSeries, Source, Status
from reportgen.theme import Theme
from reportgen.writers.pdf import SECTIONS, render_pack

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2025, 10, 15)
INJECTION = 'x<y & AT&T <b> <img src="/etc/passwd"/> <a href="javascript:alert(1)">x</a>'
UNICODE = "Zoë Øresund Ελλάδα Москва ŵ"


@pytest.fixture(scope="module")
def default_data() -> tuple[Dataset, list]:
    return load_dataset([ROOT / "events"])


def pack(
    dataset: Dataset, *, theme: Theme | None = None, marking: str = "OFFICIAL", warnings=(), **kw
) -> bytes:
    args = {
        "theme": theme or Theme(),
        "as_of": AS_OF,
        "title": "Test pack",
        "subject": "Test force",
        "prepared_by": "Analyst",
        "version": "2.1",
        "marking": marking,
        "timeline": figure("timeline", 1600, 900),
        "charts": {m.id: figure(m.name) for m in dataset.metrics},
        "warnings": warnings,
    }
    args.update(kw)
    return render_pack(dataset, **args)


@pytest.fixture(scope="module")
def default_pdf(default_data) -> bytes:
    dataset, warnings = default_data
    return pack(dataset, warnings=warnings, title=dataset.title, subject=dataset.subject)


def event(title: str, date: str = "16 Feb 2024", **kw) -> Event:
    return Event(
        id=kw.pop("id", re.sub(r"\W+", "-", title.lower())[:40] or "e"),
        date=parse_date(date),
        title=title,
        **kw,
    )


def test_sections_in_order_and_contents_lists_them(default_pdf):
    pages = page_texts(default_pdf)
    text = "\n".join(pages)
    positions = [text.index(name) for name in ("Contents", *SECTIONS)]
    assert positions == sorted(positions)
    contents = pages[0]  # a short contents list shares the cover page
    assert "Contents" in contents and "Summary" not in pages[0].split("Contents")[0]
    for name in SECTIONS:
        # pypdf extracts each entry's dot leader and page number before its label
        found = re.search(rf"\.\s*(\d+)\n{name}\n", contents)
        assert found, name
        assert name in pages[int(found.group(1)) - 1]


def test_every_page_has_marking_title_and_page_x_of_y(default_pdf):
    pages = page_texts(default_pdf)
    total = len(pages)
    for number, page in enumerate(pages, 1):
        assert page.count("OFFICIAL") >= 2, number  # top and bottom
        assert f"Page {number} of {total}" in page
        assert "As of 15 Oct 2025" in page
    assert "Page 1 of" in pages[0]


def test_cover_shows_title_subject_as_of_prepared_by_version(default_data, default_pdf):
    cover = page_texts(default_pdf)[0]
    for expected in (
        "Chief Constable Ivan Balhatchet",
        "Northamptonshire Police",
        "15 Oct 2025",
        "Analyst",
        "2.1",
    ):
        assert expected in cover


def test_each_default_event_title_is_printed(default_data, default_pdf):
    text = " ".join(all_text(default_pdf).split())
    for e in default_data[0].events:
        assert " ".join(e.title.split()) in text, e.title


def test_summary_key_facts_and_look_ahead(default_pdf):
    summary = next(p for p in page_texts(default_pdf) if "Key facts" in p)
    assert "Chief Constable of Northamptonshire" in summary  # role from the latest key Career event
    assert "Police Federation publishes" not in summary.split("Latest developments")[0]
    assert re.search(r"Feb 2025 (\[\d\])+ \(Jan 2025 in another source \[\d\]\)", summary)
    assert "27–28 years (since 1997)" in summary
    ahead = summary.split("Look-ahead")[1]
    assert "HMIC to inspect the force again" in ahead
    assert "end of 2025" in ahead


def test_look_ahead_follows_as_of(default_data):
    dataset = default_data[0]
    text = all_text(pack(dataset, as_of=dt.date(2024, 1, 1)))
    ahead = text.split("Look-ahead")[1].split("Timeline")[0]
    assert "PEEL report published" in ahead  # 16 Feb 2024 is within 90 days
    assert "HMIC to inspect" not in ahead


def test_metric_captions_show_rag_status_and_sources(default_pdf):
    text = " ".join(all_text(default_pdf).split())
    assert "Status: RED — latest 78.5 % (Jun 2023) against the National target 90 %" in text
    assert "green = latest value meets the target" in text


def test_reference_numbers_resolve(default_data, default_pdf):
    dataset = default_data[0]
    text = all_text(default_pdf)
    body, references = text.rsplit("References", 1)
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    listed = {int(n) for n in re.findall(r"^\s*\[(\d+)\]", references, re.M)}
    assert cited and cited <= listed
    assert listed == set(range(1, len(dataset.sources) + 1))
    assert "000_33871be414a0dbc2.txt" in references


def test_data_quality_lists_the_appointment_conflict(default_pdf):
    text = all_text(default_pdf)
    quality = text.split("Data quality")[-1].split("References")[0]
    assert "Conflicting dates between sources" in quality
    assert re.search(r"Appointed Chief Constable\s+of\s+Northamptonshire", quality)
    assert re.search(r"Feb 2025 (\[\d\])+", quality) and re.search(r"Jan 2025 \[\d\]", quality)
    assert "Approximate dates" in quality and "end of 2025" in quality


def test_timeline_on_landscape_page_and_pack_is_a4(default_pdf):
    reader = PdfReader(io.BytesIO(default_pdf))
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]
    timeline_page = next(
        i for i, t in enumerate(page_texts(default_pdf)) if t.count("Timeline") and "timeline" in t
    )
    assert sizes[timeline_page] == (842, 595)
    assert sizes[0] == (595, 842)


def test_metadata(default_pdf):
    meta = PdfReader(io.BytesIO(default_pdf)).metadata
    assert meta.title == "Chief Constable Ivan Balhatchet: career and force performance"
    assert meta.author == "Analyst"
    assert meta.subject == "Northamptonshire Police"
    assert "OFFICIAL" in meta["/Keywords"]
    assert meta.creator.startswith("reportgen ")


def test_outline_has_every_section(default_pdf):
    outline = PdfReader(io.BytesIO(default_pdf)).outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    for name in SECTIONS:
        assert name in titles


def test_same_inputs_give_identical_bytes(default_data):
    dataset = default_data[0]
    assert pack(dataset) == pack(dataset)


def test_qpdf_check_passes(default_pdf):
    result = qpdf_check(default_pdf)
    assert result.returncode == 0, result.stdout + result.stderr


def test_markup_in_data_prints_literally_and_makes_no_link_or_image():
    source = Source(id="s1", publisher=INJECTION, title=INJECTION, url="javascript:alert(1)")
    evil = event(INJECTION, lane=INJECTION, description=INJECTION, sources=("s1",))
    series = MetricSeries(
        id="m", name=INJECTION, unit="%", points=(MetricPoint("a", 1.0),), caption=INJECTION, sources=("s1",)
    )
    dataset = Dataset(events=(evil,), sources=(source,), metrics=(series,), title=INJECTION)
    pdf = pack(dataset, title=INJECTION, subject=INJECTION, prepared_by=INJECTION)
    text = all_text(pdf)
    assert 'x<y & AT&T <b> <img src="/etc/passwd"/>' in " ".join(text.split())
    assert not any("javascript" in uri for uri in link_uris(pdf))
    assert image_count(pdf) == 0


def test_only_https_and_mailto_become_links():
    sources = (
        Source(id="a", publisher="A", title="Safe", url="https://example.org/a"),
        Source(id="b", publisher="B", title="Plain http", url="http://example.org/b"),
        Source(id="c", publisher="C", title="File", url="file:///etc/passwd"),
    )
    dataset = Dataset(events=(event("One", sources=("a", "b", "c")),), sources=sources)
    pdf = pack(dataset)
    assert link_uris(pdf) == ["https://example.org/a"]
    assert "http://example.org/b" in all_text(pdf)  # printed, not linked


def test_unicode_prints_with_embedded_dejavu():
    dataset = Dataset(events=(event(UNICODE, description=UNICODE),), title=UNICODE)
    pdf = pack(dataset, title=UNICODE)
    assert UNICODE in all_text(pdf)
    fonts = pdffonts(pdf)
    assert "DejaVuSans" in fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:] if "DejaVu" in line)  # embedded


def test_marking_none_prints_no_marking(default_data):
    dataset = replace(default_data[0], marking=None)
    pdf = pack(dataset, marking="NONE")
    assert "OFFICIAL" not in all_text(pdf).replace("OFFICIAL-SENSITIVE", "")


@pytest.mark.parametrize(
    "dataset",
    [
        Dataset(),
        Dataset(events=(event("Only event"),)),
        Dataset(
            events=(event("Planned, late", "end of 2025", status=Status.PLANNED),), lanes=("Empty", "Other")
        ),
    ],
    ids=["empty", "single", "empty-lanes"],
)
def test_small_datasets_lay_out_without_blank_pages(dataset):
    pdf = pack(dataset)
    assert blank_pages(pdf) == []
    assert qpdf_check(pdf).returncode == 0
    assert "Page 1 of" in page_texts(pdf)[0]


def test_500_events_run_the_chronology_over_many_pages_with_repeating_header():
    events = tuple(
        event(
            f"Event number {i}",
            (dt.date(2000, 1, 1) + dt.timedelta(days=17 * i)).isoformat(),
            id=f"e{i}",
            description="A description long enough to wrap onto a second line of the table cell. " * 2,
            lane=("Career", "Inspection", "Strategy")[i % 3],
        )
        for i in range(500)
    )
    pdf = pack(Dataset(events=events))
    pages = page_texts(pdf)
    chronology = [p for p in pages if "Event number" in p and "Sources" in p]
    assert len(chronology) >= 15
    assert all(re.search(r"Date\s*Event\s*Lane\s*Sources", p) for p in chronology)  # header repeats
    assert "Event number 499" in all_text(pdf)
    assert blank_pages(pdf) == []


def test_conflict_alt_dates_and_unsourced_events_in_data_quality():
    sources = (Source(id="p", publisher="P", title="T1"), Source(id="q", publisher="Q", title="T2"))
    appointed = event(
        "Appointed Chief Constable",
        "Feb 2025",
        lane="Career",
        sources=("p",),
        alt_dates=(AltDate(parse_date("Jan 2025"), ("q",), "Q says January"),),
        importance=5,
    )
    overdue = event("Overdue review", "Mar 2025", status=Status.PLANNED)
    pdf = pack(Dataset(events=(appointed, overdue), sources=sources))
    quality = all_text(pdf).split("Data quality")[-1]
    assert "Jan 2025 [2] — Q says January" in " ".join(quality.split())
    assert "Overdue review" in quality.split("Events without a source")[1]
    assert "Overdue review" in quality.split("Planned events whose date has passed")[1]
