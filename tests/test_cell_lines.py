"""A table cell of several lines (an event's bold title, then its description) is set as one-font
paragraphs for speed, yet wraps, splits at a page foot and prints exactly as one Paragraph with
<b> and <br/> would: the reading of the chronology must not change with the speed-up."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfcheck import text_runs
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from reportgen.document import build_document
from reportgen.document.blocks import Span
from reportgen.load import load_dataset
from reportgen.theme import load_theme
from reportgen.writers.pdf import markup, write_pdf
from reportgen.writers.pdf.styles import make_styles
from reportgen.writers.pdf.tables import CellLines, CellParagraph

STYLES = make_styles(load_theme("default"))
LEADING = STYLES.cell.leading
WIDTH = 190.0  # about the chronology's Event column in portrait
_WORDS = st.sampled_from(
    ["a", "to", "police", "Northamptonshire", "control", "room", "£800,000", "—", "HMICFRS"]
)
TEXT = st.lists(_WORDS, min_size=1, max_size=60).map(" ".join)


def _one(title: str, description: str) -> Paragraph:
    return Paragraph(f"<b>{escape(title)}</b><br/>{escape(description)}", STYLES.cell)


def _lines(title: str, description: str) -> CellLines:
    bold, plain = STYLES.cell_line[True, False], STYLES.cell_line[False, False]
    return CellLines([Paragraph(escape(title), bold), Paragraph(escape(description), plain)])


def _heights(parts: list) -> list[float]:
    return [round(p.wrap(WIDTH, 72000)[1], 3) for p in parts]


@settings(max_examples=150, deadline=None)
@given(title=TEXT, description=TEXT, room=st.integers(0, 40))
def test_a_cell_of_lines_wraps_and_splits_as_one_paragraph_with_a_line_break(title, description, room):
    one, lines = _one(title, description), _lines(title, description)
    assert _heights([lines]) == _heights([one])
    height = room * LEADING + 0.01  # room for `room` lines
    expected, got = one.split(WIDTH, height), lines.split(WIDTH, height)
    assert len(got) == len(expected)  # [] (moves on whole), [itself] (fits) or [head, tail]
    if len(expected) == 2:
        # the same lines each side; ReportLab's tail may open with the empty line its <br/>
        # leaves behind, which ours does not print
        assert [_texts(part) for part in got] == [_texts(expected[0]), _texts(expected[1])]


def _texts(part) -> list[str]:
    """The printed lines of a Paragraph or CellLines, as last wrapped (or as split)."""
    if isinstance(part, CellLines):
        part.wrap(WIDTH, 72000)
        return [t for p in part.lines for t in _texts(p)]
    if not hasattr(part, "blPara"):
        part.wrap(WIDTH, 72000)
    lines = []
    for line in part.blPara.lines:
        text = (
            " ".join(line[1])
            if isinstance(line, tuple)
            else "".join(getattr(f, "text", "") for f in line.words)
        )
        lines.append(" ".join(text.split()))
    return [t for t in lines if t]


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=120), bold=st.booleans()
)
def test_a_cell_without_markup_reads_and_breaks_as_reportlab_s_parser_would(text, bold):

    style = STYLES.cell_line[bold, False]
    source = markup.spans((Span(text),), {}, "#000000")  # as a cell's text reaches a Paragraph
    ours, parsed = CellParagraph(source, style), Paragraph(source, style)
    assert "".join(f.text for f in ours.frags) == "".join(f.text for f in parsed.frags)
    for f in ours.frags:  # the font, size, colour… of the parser's own fragments
        assert {k: v for k, v in vars(f).items() if k != "text"} == {
            k: v for k, v in vars(parsed.frags[0]).items() if k != "text"
        }
    assert _texts(ours) == _texts(parsed) and ours.wrap(WIDTH, 72000) == parsed.wrap(WIDTH, 72000)


def test_a_title_is_never_left_alone_at_a_page_foot_nor_one_line_carried_over():
    title, description = "Three-year policing plan launched", " ".join(["the force's plan"] * 30)
    lines = _lines(title, description)
    total = round(lines.wrap(WIDTH, 72000)[1] / LEADING)
    assert total > 4
    assert lines.split(WIDTH, 1 * LEADING + 0.01) == []  # the title alone: the cell moves on
    head, tail = lines.split(WIDTH, 2 * LEADING + 0.01)  # the title and the first line stay
    assert _heights([head, tail]) == [round(2 * LEADING, 3), round((total - 2) * LEADING, 3)]
    head, tail = lines.split(WIDTH, (total - 1) * LEADING + 0.01)  # two lines go on, not one
    assert _heights([tail]) == [round(2 * LEADING, 3)]


def test_the_title_prints_in_bold_one_line_above_the_description_in_the_regular_face():
    lines = _lines("PEEL report published", "HM Inspector published it.")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(300, 200), invariant=1)
    _, height = lines.wrapOn(canvas, WIDTH, 200)
    lines.drawOn(canvas, 10, 150 - height)
    canvas.showPage()
    canvas.save()
    runs = {r.text: r for r in text_runs(buffer.getvalue())}
    title, description = (
        runs["PEEL report published"],
        runs["HM Inspector published it."],
    )
    assert title.y - description.y == pytest.approx(LEADING)
    assert title.x == description.x == pytest.approx(10)
    fonts = _fonts(buffer.getvalue())
    assert STYLES.fonts.bold in fonts["PEEL report published"]
    assert STYLES.fonts.regular in fonts["HM Inspector published it."]


def _fonts(pdf: bytes) -> dict[str, str]:
    """Each piece of text's font (its /BaseFont, e.g. 'AAAAAA+DejaVuSans-Bold')."""

    out: dict[str, str] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            out[text.strip()] = str(font["/BaseFont"])

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return out


@pytest.mark.parametrize("events", [6, 150])  # one Table; a long table laid out a page at a time
def test_a_description_pages_long_prints_whole_in_order_under_its_title(tmp_path, events):

    long = " ".join(f"Sentence {k} of the long account." for k in range(700))
    with (tmp_path / "events.csv").open("w", newline="") as f:
        rows = csv.writer(f)
        rows.writerow(["id", "date", "title", "description", "lane"])
        for i in range(events):
            description = long if i == events // 2 else f"Event {i} in short."
            rows.writerow([f"e{i}", f"{1 + i % 28} Mar 2024", f"Event number {i}", description, "Strategy"])
    dataset, _ = load_dataset([tmp_path / "events.csv"])
    document = build_document(dataset, as_of=dt.date(2025, 1, 1), title="Pack")
    pdf = write_pdf(document, load_theme("default"), {}).data
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]
    text = " ".join(pages)
    chronology = text[text.index(f"All {events} events in date order") : text.rindex("Data quality")]
    found = [int(n) for n in re.findall(r"Sentence (\d+) ", chronology)]
    assert found == list(range(700))  # every line printed once, in order: none lost at a split
    title = f"Event number {events // 2}"
    first = next(p for p in pages if "Sentence 0 " in p)
    assert title in first  # the title opens the page its description starts on
    assert sum("Sentence" in p for p in pages) >= 3  # it did run over pages
