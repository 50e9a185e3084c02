"""The pack's timeline shows what Chromium draws: no stray marks in the plot, uncertainty kept pale."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.build import build
from reportgen.config import load_config

ROOT = Path(__file__).resolve().parent.parent
GLYPHS = "●■◆▲"
pytestmark = pytest.mark.chromium


@pytest.fixture(scope="module")
def timeline_page(tmp_path_factory, exporter):
    out = tmp_path_factory.mktemp("faithful")
    build(load_config(ROOT, out_dir=out, as_of=dt.date(2025, 10, 15)), exporter=exporter)
    reader = PdfReader(out / "briefing-pack.pdf")
    page = next(p for p in reader.pages if "Timeline" in p.extract_text() and "1998" in p.extract_text())
    return page, (out / "timeline.svg").read_bytes()


def positions(page) -> list[tuple[str, float]]:
    """Each piece of text on the page with the x where it starts (points)."""
    found: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text.strip(), cm[0] * tm[4] + cm[2] * tm[5] + cm[4]))

    page.extract_text(visitor_text=visit)
    return found


def test_lane_symbols_sit_left_of_the_plot_not_inside_it(timeline_page):
    page, _ = timeline_page
    texts = positions(page)
    glyphs = [x for t, x in texts if t in GLYPHS]
    years = [x for t, x in texts if re.fullmatch(r"(19|20)\d\d", t)]
    assert len(glyphs) == 4 and years
    # one column of symbols beside the lane names (the SVG conversion once scattered them
    # into the plot, where they read as events), well left of the first year on the axis
    assert max(glyphs) - min(glyphs) < 2
    assert max(glyphs) < min(years) - 20


def test_uncertain_windows_keep_their_transparency_in_print(timeline_page):
    page, svg = timeline_page
    assert b"opacity: 0.28" in svg  # Chromium's figure draws the windows pale
    states = page["/Resources"].get("/ExtGState", {})
    alphas = {round(float(gs.get_object().get(k, 1)), 2) for gs in states.values() for k in ("/CA", "/ca")}
    assert 0.28 in alphas  # and so does the pack's drawing of it


def test_the_svg_conversion_keeps_every_mark_and_moves_group_opacity_down():
    from lxml import etree

    from reportgen.writers.pdf.figures import for_svglib

    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><g style="opacity: 0.5;">'
        b'<path d="M0 0" style="fill: red;"/><rect style="fill-opacity: 0.5;"/></g><path d="M1 1"/></svg>'
    )
    root = etree.fromstring(for_svglib(svg))
    paths = root.findall(".//{http://www.w3.org/2000/svg}path") + root.findall(
        ".//{http://www.w3.org/2000/svg}rect"
    )
    styles = [p.get("style") or "" for p in paths]
    assert "fill-opacity: 0.5" in styles[0] and "stroke-opacity: 0.5" in styles[0]
    assert "fill-opacity: 0.25" in styles[2]  # 0.5 inside a 0.5 group
    assert "opacity" not in styles[1]  # outside the group: untouched
    assert "opacity:" not in (root.find(".//{http://www.w3.org/2000/svg}g").get("style") or "").replace(
        "-opacity", ""
    )


def test_one_marking_per_page_edge_and_no_repeated_title_on_the_timeline_page(timeline_page):
    page, svg = timeline_page
    text = page.extract_text()
    assert text.count("OFFICIAL") == 2  # the page's own, top and bottom; none inside the figure
    assert text.count("career and force performance") == 1  # the page header, not again in the figure
    assert svg.count(b">OFFICIAL<") == 2 and b"career and force performance" in svg  # the image keeps both


def test_the_standalone_marking_is_centred_on_the_image(timeline_page):
    from lxml import etree

    _, svg = timeline_page
    root = etree.fromstring(svg)
    width = float(root.get("width"))
    marks = [t for t in root.iter("{http://www.w3.org/2000/svg}text") if "".join(t.itertext()) == "OFFICIAL"]
    assert len(marks) == 2
    for text in marks:
        note = next(g for g in text.iterancestors() if g.get("class") == "annotation-text-g")
        x = float(re.search(r"translate\(([\d.]+)", note.getchildren()[0].get("transform") or "")[1])
        box = float(text.getparent().find("{http://www.w3.org/2000/svg}rect").get("width"))
        assert abs(x + box / 2 - width / 2) < 3


def test_no_label_is_cut_mid_word(timeline_page):
    page, _ = timeline_page
    from reportgen.load import load_dataset
    from reportgen.render.timeline import event_label

    dataset, _ = load_dataset([ROOT / "events"])
    labels = {event_label(e) for e in dataset.events}
    cut = [t for t in page.extract_text().splitlines() if t.rstrip().endswith("…")]
    assert cut  # the default timeline has labels too long for their space
    for shown in cut:
        kept = shown.rstrip().removesuffix("…").rstrip()
        full = next((label for label in labels if label.startswith(kept)), None)
        assert full is not None and full[len(kept) : len(kept) + 1] in (" ", ""), shown
