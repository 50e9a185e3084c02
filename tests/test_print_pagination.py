"""A long table in a page Chromium prints (the accessible edition's PDF) is cut into one table a
printed page before the print (`render/paginate.js`), as Chromium's print of one long table
grows faster than its rows.

The cut must not change what a reader gets: the same text on the same pages as Chromium's own
pagination of the one table, and every part a table of its own with its header cells.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from pdfcheck import page_texts, structure

from reportgen.config import load_config
from reportgen.writers.html import LONG

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import synth  # noqa: E402

pytestmark = pytest.mark.chromium

PX_PER_MM = 96 / 25.4
A4_BODY = f"{(210 - 32) * PX_PER_MM:.2f}x{(297 - 42) * PX_PER_MM:.2f}"  # margins 20, 16, 22 mm
_CSS = (
    "@page { size: A4; margin: 20mm 16mm 22mm; }"
    "body { margin: 0; font: 10pt sans-serif; }"
    "table { border-collapse: collapse; width: 100%; }"
    "td, th { border-bottom: 1px solid #999; padding: 3px; }"
    "h2 { break-before: page; } h2.follow { break-before: auto; }"
    "tr { break-inside: avoid; } thead { display: table-header-group; }"
    ".vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }"
)


def _page(rows: int, *, starts_page: bool = True, tall_row: int | None = None, marked: bool = True) -> bytes:
    """A page with an intro section and a section holding one long table of uneven rows."""
    body = []
    for i in range(rows):
        words = 1500 if i == tall_row else 6 + (i * 7) % 40  # one to four lines, or a row over a page
        text = " ".join(f"word{i}-{w}" for w in range(words))
        event = f"<strong>Event {i}</strong><br>{text}"
        body.append(f"<tr><td>{i + 1} Jan 2024</td><td>{event}</td><td>Lane</td></tr>")
    mark = f' data-page-body="{A4_BODY}"' if marked else ""
    follow = "" if starts_page else ' class="follow"'
    html = (
        f'<!DOCTYPE html><html lang="en"><head><title>t</title><style>{_CSS}</style></head><body>'
        "<section><h2>Summary</h2><p>Before the table.</p></section>"
        f"<section><h2{follow}>Chronology</h2><p>All events in date order.</p>"
        f'<div class="table-wrap"><table{mark}><caption class="vh">Chronology</caption>'
        '<colgroup><col style="width:20%"><col style="width:65%"><col style="width:15%"></colgroup>'
        '<thead><tr><th scope="col">Date</th><th scope="col">Event</th><th scope="col">Lane</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div><p>After the table.</p></section></body></html>"
    )
    return html.encode()


def _tables(pdf: bytes) -> list[list[str]]:
    """Each Table element of the structure tree, as the tags of everything inside it (a header
    cell with its scope: "TH Column")."""
    tables: list[list[str]] = []
    depth = None
    for element in structure(pdf):
        if depth is not None and element.depth > depth:
            tables[-1].append(f"{element.tag} {element.scope}".strip())
            continue
        depth = None
        if element.tag == "Table":
            tables.append([])
            depth = element.depth
    return tables


def test_a_long_table_prints_the_same_pages_each_a_table_with_its_header_cells(exporter):
    cut = exporter.print_html(_page(400)).result()
    whole = exporter.print_html(_page(400, marked=False)).result()
    pages = page_texts(cut)
    assert pages == page_texts(whole)  # the same text on the same pages
    chronology = [p for p in pages if "Date Event Lane" in " ".join(p.split())]
    assert len(chronology) >= 10  # the header row on every page of the table
    tables = _tables(cut)
    assert len(tables) == len(chronology) and len(_tables(whole)) == 1
    assert all("TH Column" in t and t.count("TR") >= 2 for t in tables)
    assert "After the table." in pages[-1] and "Event 399" in pages[-1]


def test_a_table_whose_first_page_is_not_known_is_left_whole(exporter):
    # its section follows the one before on the same page: where the table starts is not known
    cut = exporter.print_html(_page(300, starts_page=False)).result()
    whole = exporter.print_html(_page(300, starts_page=False, marked=False)).result()
    assert len(_tables(cut)) == 1
    assert page_texts(cut) == page_texts(whole)


def test_a_row_taller_than_a_page_is_split_by_chromium_and_nothing_is_lost(exporter):
    cut = exporter.print_html(_page(300, tall_row=150)).result()
    whole = exporter.print_html(_page(300, tall_row=150, marked=False)).result()
    pages = page_texts(cut)
    assert pages == page_texts(whole)
    text = " ".join(pages)
    assert "Event 150" in text and "Event 299" in text and len(pages) > 10
    assert 1 < len(_tables(cut)) < len(page_texts(cut))  # cut up to the tall row, whole after it


@pytest.mark.slow
def test_the_accessible_edition_of_a_long_chronology_prints_as_chromium_paginates_it(tmp_path, exporter):
    from reportgen.figureset import Figures
    from reportgen.prepare import prepare

    events = synth.write_set(tmp_path / "events", 500, 8)
    cfg = load_config(tmp_path, events=[events], out_dir=tmp_path / "out", as_of=dt.date(2025, 10, 15))
    html = Figures(prepare(cfg), edition=None).html({}, for_print=True)
    assert html.count(b"data-page-body=") == 1  # the chronology (the 6 latest developments are not long)
    assert LONG < 500
    cut = exporter.print_html(html).result()
    whole = exporter.print_html(html.replace(b" data-page-body=", b" data-unmarked=")).result()
    assert page_texts(cut) == page_texts(whole)
    assert len(_tables(cut)) >= len(_tables(whole)) + 15  # ~20 rows a page: 25 pages of chronology


def test_a_page_the_cut_fails_on_is_printed_whole(exporter, monkeypatch):
    from reportgen.render import printing

    whole = exporter.print_html(_page(200, marked=False)).result()
    # the script fails half way, after it has moved rows: the page is loaded again and printed uncut
    half = "document.querySelector('tbody').rows[0].remove(); throw new Error('cut failed')"
    monkeypatch.setattr(printing, "_PAGINATE", half)
    cut = exporter.print_html(_page(200)).result()
    assert page_texts(cut) == page_texts(whole) and len(_tables(cut)) == 1
