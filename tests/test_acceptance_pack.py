"""Acceptance audit (issue 4): the pack as a reader holds it, without Chromium (stand-in SVGs).

Contents entries that are links to the pages they name, the creator's version in the metadata,
a second style (Letter, landscape, serif, another marking) and references from spreadsheet rows.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pdfcheck import all_text, blank_pages, figure, page_texts, pdffonts, qpdf_check
from pypdf import PdfReader

from reportgen import __version__
from reportgen.load import load_dataset
from reportgen.model import Dataset, data_marking
from reportgen.theme import Theme, load_theme
from reportgen.writers.pdf import SECTIONS, render_pack

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2025, 10, 15)


def pack(dataset: Dataset, theme: Theme, marking: str | None = None, warnings: tuple = ()) -> bytes:
    return render_pack(
        dataset,
        theme=theme,
        as_of=AS_OF,
        title=dataset.title or "Test pack",
        subject=dataset.subject,
        prepared_by="Analyst",
        version="2.1",
        marking=marking or data_marking(dataset, theme.marking),  # as a build marks it
        timeline=figure("timeline", theme.timeline_width, theme.timeline_height),
        charts={m.id: figure(m.name) for m in dataset.metrics},
        warnings=warnings,
    )


@pytest.fixture(scope="module")
def default_pdf() -> bytes:
    dataset, warnings = load_dataset([ROOT / "events"])
    return pack(dataset, Theme(), warnings=tuple(warnings))


def test_contents_entries_link_to_the_pages_they_name(default_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(default_pdf))
    pages = [p.indirect_reference for p in reader.pages]
    texts = page_texts(default_pdf)
    targets = []
    at = next(i for i, t in enumerate(texts) if "Contents" in t)
    assert at == 0  # a short contents list shares the cover page
    for annot in reader.pages[at].get("/Annots") or []:
        dest = annot.get_object().get("/Dest")
        if dest is not None:
            targets.append(pages.index(dest[0]) + 1)
    printed = {
        name: int(n)
        for n, name in re.findall(r"\.\s*(\d+)\n([A-Z][^\n.]+)\n", texts[at].split("Contents", 1)[1])
    }
    assert set(printed) == set(SECTIONS)
    # each entry's label and its page number are links to that page
    assert sorted(targets) == sorted(n for n in printed.values() for _ in range(2))
    for name, number in printed.items():
        assert name in texts[number - 1]


def test_metadata_names_the_creator_version_and_marking(default_pdf: bytes) -> None:
    meta = PdfReader(io.BytesIO(default_pdf)).metadata
    assert meta.creator == f"reportgen {__version__}"
    assert meta["/Keywords"] == "protective marking: OFFICIAL; as of 2025-10-15"
    assert (meta.title, meta.author, meta.subject) == (
        "Chief Constable Ivan Balhatchet: career and force performance",
        "Analyst",
        "Northamptonshire Police",
    )


def test_shipped_letter_landscape_style_changes_page_size_and_fonts() -> None:
    theme = load_theme("letter-landscape", ROOT / "styles")
    dataset, warnings = load_dataset([ROOT / "events"])
    pdf = pack(dataset, theme, warnings=tuple(warnings))
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for p in PdfReader(io.BytesIO(pdf)).pages
    }
    assert sizes == {(792, 612)}  # every page US Letter, landscape
    assert "DejaVuSerif" in pdffonts(pdf)
    assert blank_pages(pdf) == [] and qpdf_check(pdf).returncode == 0
    texts = page_texts(pdf)
    assert all(f"Page {n} of {len(texts)}" in t and t.count("OFFICIAL") >= 2 for n, t in enumerate(texts, 1))


def test_a_style_of_your_own_sets_page_marking_and_font(tmp_path: Path) -> None:
    style = tmp_path / "committee.toml"
    style.write_text(
        '[page]\nsize = "A4"\norientation = "landscape"\nmargin_mm = 12\n'
        '[marking]\ndefault = "OFFICIAL-SENSITIVE"\n'
        '[fonts]\nfamily = "DejaVu Sans Mono"\n'
        'regular = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"\n'
        'bold = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"\n'
        'italic = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Oblique.ttf"\n',
        encoding="utf-8",
    )
    theme = load_theme(str(style))
    dataset, _ = load_dataset([ROOT / "events"])
    pdf = pack(dataset, theme)
    reader = PdfReader(io.BytesIO(pdf))
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {
        (842, 595)
    }
    assert all(t.count("OFFICIAL-SENSITIVE") >= 2 for t in page_texts(pdf))
    assert "OFFICIAL-SENSITIVE" in reader.metadata["/Keywords"]
    assert "DejaVuSansMono" in pdffonts(pdf)


def test_spreadsheet_sources_print_as_clean_references(tmp_path: Path) -> None:
    rows = ["Date,Title,Lane,Source,URL"]
    rows += [
        f"{d},Row {i},Finance,Council minutes," for i, d in enumerate(["c. 2019", "early 2020", "Q3 2020"])
    ]
    rows += ["05/01/2024,Row 3,People,Example Ltd.,https://example.org/m"]
    csv = tmp_path / "sheet.csv"
    csv.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode() + b"\r\n")
    dataset, _ = load_dataset([csv])
    text = " ".join(all_text(pack(dataset, Theme())).split())
    references = text.rsplit("References", 1)[1]
    assert "[1] Council minutes. Undated." in references
    assert "[2] Example Ltd. Undated. https://example.org/m." in references
    assert ". ." not in references and ".." not in references
