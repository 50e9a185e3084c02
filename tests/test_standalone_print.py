"""Standalone timeline exports fit for print and reproducible: paper sizes, density, metadata."""

from __future__ import annotations

import pytest
from helpers import ROOT, run_reportgen
from PIL import Image
from pypdf import PdfReader

pytestmark = pytest.mark.chromium


@pytest.mark.parametrize(
    ("paper", "points"), [("A4", (842, 596)), ("A3", (1191, 842)), ("LETTER", (792, 612))]
)
def test_paper_sizes_the_pdf_page(tmp_path, paper, points):
    out = tmp_path / "t.pdf"
    proc = run_reportgen("timeline", "-o", str(out), "--paper", paper, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    box = PdfReader(out).pages[0].mediabox
    assert abs(float(box.width) - points[0]) <= 1.5 and abs(float(box.height) - points[1]) <= 1.5


def test_the_pdf_names_itself_and_is_dated_by_the_data_so_rebuilds_are_identical(tmp_path):
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for out in (first, second):
        assert run_reportgen("timeline", "-o", str(out), "--paper", "A4", cwd=ROOT).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    meta = PdfReader(first).metadata
    assert meta.title == "Chief Constable Ivan Balhatchet: career and force performance"
    assert meta.subject == "Northamptonshire Police" and meta.author
    assert "protective marking: OFFICIAL" in meta["/Keywords"]
    assert meta["/CreationDate"].startswith("D:20251015")  # the as-of day, not the clock
    assert "Kaleido" not in str(meta)


def test_dpi_sets_the_png_density_and_its_pixels(tmp_path):
    out = tmp_path / "t.png"
    proc = run_reportgen("timeline", "-o", str(out), "--paper", "A4", "--dpi", "300", cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    image = Image.open(out)
    assert abs(image.size[0] - 3508) <= 2 and abs(image.size[1] - 2480) <= 2  # A4 at 300 dpi
    assert round(image.info["dpi"][0]) == 300


def test_paper_and_width_together_are_a_usage_error(tmp_path):
    proc = run_reportgen(
        "timeline", "-o", str(tmp_path / "t.png"), "--paper", "A4", "--width", "900", cwd=ROOT
    )
    assert proc.returncode == 2 and "--paper or --width" in proc.stderr
