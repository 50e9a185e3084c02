"""The pack as printed: type sizes, figures at their printed size, pages used, measured from the PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pdfcheck import text_runs
from pypdf import PdfReader

from reportgen.build import build
from reportgen.config import load_config
from reportgen.load import load_dataset
from reportgen.render.timeline import event_label

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.chromium
FURNITURE_PT = 60  # the header and footer lie this close to the page's top and bottom edges


@pytest.fixture(scope="module")
def pack(tmp_path_factory, exporter) -> tuple[bytes, list]:
    out = tmp_path_factory.mktemp("print")
    build(load_config(ROOT, out_dir=out, as_of=dt.date(2025, 10, 15)), exporter=exporter)
    pdf = (out / "briefing-pack.pdf").read_bytes()
    return pdf, text_runs(pdf)


def test_nothing_anywhere_prints_below_7_pt(pack):
    _, runs = pack
    small = [(r.page, r.text, r.size) for r in runs if r.size < 7]
    assert small == []


def test_body_and_table_text_prints_at_9_pt_or_more(pack):
    pdf, runs = pack
    heights = [float(p.mediabox.height) for p in PdfReader(io.BytesIO(pdf)).pages]
    body = [r for r in runs if not r.in_figure and FURNITURE_PT < r.y < heights[r.page - 1] - FURNITURE_PT]
    assert len(body) > 200
    assert [(r.page, r.text, r.size) for r in body if r.size < 9] == []


def test_timeline_labels_print_at_8_pt_and_its_axis_lanes_and_legend_at_7_5(pack):
    _, runs = pack
    page = next(r.page for r in runs if r.text == "Timeline" and r.size > 12)
    figure = [r for r in runs if r.page == page and r.in_figure]
    dataset, _ = load_dataset([ROOT / "events"])
    starts = tuple(event_label(e).split(" · ")[0] + " ·" for e in dataset.events)
    labels = [r for r in figure if r.text.startswith(starts)]
    assert len(labels) >= 12  # most events are labelled in full on the page
    assert min(r.size for r in labels) >= 8
    years = [r for r in figure if re.fullmatch(r"(19|20)\d\d", r.text)]
    lanes = [r for r in figure if r.text in ("Career", "Inspection", "Strategy", "Community")]
    legend = [r for r in figure if r.text.startswith(("Event (shape", "Planned", "Span", "Uncertain date"))]
    assert years and len(lanes) == 4 and len(legend) == 4
    assert min(r.size for r in years + lanes + legend) >= 7.5


def test_chart_text_prints_at_7_5_pt_or_more(pack):
    _, runs = pack
    charts = [r for r in runs if r.in_figure and r.page > 3]
    assert len(charts) > 30
    assert min(r.size for r in charts) >= 7.5


def test_figures_are_placed_at_their_printed_size_not_shrunk(pack):
    pdf, _ = pack
    placed = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        data = page.get_contents().get_data().decode("latin-1")
        placed += re.findall(r"q\s+([\d.]+) 0 0 ([\d.]+) [\d.-]+ [\d.-]+ cm\s+/RgFigure\d+ Do\s+Q", data)
    assert len(placed) == 7  # the timeline and six charts
    assert all(float(a) == 1.0 == float(b) for a, b in placed)


def test_no_page_ends_with_a_heading_or_holds_only_a_line_or_two(pack):
    pdf, runs = pack
    pages = max(r.page for r in runs)
    heights = [float(p.mediabox.height) for p in PdfReader(io.BytesIO(pdf)).pages]
    for page in range(1, pages + 1):
        top, bottom = heights[page - 1] - FURNITURE_PT, FURNITURE_PT
        body = [r for r in runs if r.page == page and bottom < r.y < top and not r.in_figure]
        lines = {round(r.y) for r in body}
        assert len(lines) >= 3 or any(r.in_figure for r in runs if r.page == page), page
        lowest = min(body, key=lambda r: r.y)
        assert lowest.size < 11, (page, lowest.text)  # headings are 11.4 pt and larger


def test_a_short_contents_list_shares_the_cover_and_the_pack_is_compact(pack):
    pdf, runs = pack
    first = " ".join(r.text for r in runs if r.page == 1)
    assert "Contents" in first and "Chief Constable Ivan Balhatchet" in first
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 9  # 18 events took 11 pages


@pytest.mark.chromium
@pytest.mark.parametrize("size", [(986, 556), (657, 190), (8, 7)])
def test_a_cached_figure_takes_the_room_it_was_planned_for(exporter, size):
    # Chromium takes a page to whole points, then to 1/300 inch: 986 × 556 px printed on a
    # 986.56 × 555.84 px page, and a pack laid out with that figure from a cache sat 0.75 pt
    # off the pack laid out while it was drawn
    from reportgen.render.printing import figure_page
    from reportgen.writers.pdf.figures import PendingFigure, exact_page, printed_size

    width, height = size
    ns = "http://www.w3.org/2000/svg"
    svg = f'<svg xmlns="{ns}" width="{width}" height="{height}"><rect width="5" height="5"/></svg>'
    printed = exporter.print_html(figure_page(svg.encode(), width, height)).result()
    cut = exact_page(printed, width, height)
    assert printed_size(cut) == printed_size(PendingFigure(width, height))
    assert exact_page(cut, width, height) == cut  # the same figure, the same bytes
    assert b"/CreationDate" not in cut
