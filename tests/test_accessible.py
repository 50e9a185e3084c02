"""The accessible edition: briefing-pack.html and the tagged PDF Chromium prints from it.

Checked with real tools: axe-core (WCAG 2.0–2.2 A and AA) inside headless Chromium,
the PDF's structure tree read with pypdf, `pdfinfo`; and what a reader sees: the same
facts, conflicts and references as the print pack.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import AXE, Page
from helpers import ROOT, run_reportgen
from pdfcheck import all_text, catalog, page_texts, qpdf_check, structure
from pypdf import PdfReader

from reportgen.build import build
from reportgen.config import load_config
from reportgen.writers.html.contrast import contrast, readable

AS_OF = dt.date(2025, 10, 15)


@pytest.fixture(scope="module")
def edition(tmp_path_factory, exporter):
    out = tmp_path_factory.mktemp("accessible")
    result = build(load_config(ROOT, out_dir=out, as_of=AS_OF), exporter=exporter)
    return result, out


class _Outline(HTMLParser):
    """What the tests read from the page: tags in order, attributes, ids, and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        if "id" in values:
            self.ids.add(values["id"])

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


def test_page_has_language_title_landmarks_and_one_h1(edition):
    _result, out = edition
    html = (out / "briefing-pack.html").read_text(encoding="utf-8")
    page = _outline(html)
    tags = [t for t, _ in page.tags]
    assert dict(page.tags[tags.index("html")][1])["lang"] == "en-GB"
    assert re.search(r"<title>Chief Constable Ivan Balhatchet: career and force performance</title>", html)
    assert {"header", "main", "footer", "nav"} <= set(tags)
    skip = next(a for t, a in page.tags if t == "a")
    assert skip["href"] == "#main" and "main" in page.ids  # the first link skips to the content
    assert tags.count("h1") == 1
    levels = [int(t[1]) for t in tags if re.fullmatch(r"h[1-6]", t)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    # every internal link (contents, citations, the chronology link) lands on an id
    targets = [a["href"][1:] for t, a in page.tags if t == "a" and a.get("href", "").startswith("#")]
    assert targets and all(t in page.ids for t in targets)
    # self-contained: no script, no stylesheet or image fetched from anywhere
    assert "<script" not in html and not re.search(r"""(src|href)=["']?(https?:)?//(?!www\.)""", html[:2000])
    assert not any(t in ("img", "link", "iframe") for t in tags)


def test_tables_have_captions_and_header_cells(edition):
    html = (edition[1] / "briefing-pack.html").read_text(encoding="utf-8")
    tables = re.findall(r"<table\b.*?</table>", html, flags=re.S)
    assert len(tables) >= 10
    for table in tables:
        assert '<th scope="' in table, table[:200]
        if 'class="plain"' not in table:  # the cover's document control is a list of label/value rows
            assert re.search(r"<caption( class=\"vh\")?>", table), table[:200]


def test_every_figure_is_inline_svg_with_an_alternative_from_the_data(edition):
    html = (edition[1] / "briefing-pack.html").read_text(encoding="utf-8")
    figures = re.findall(r"<figure\b.*?</figure>", html, flags=re.S)
    assert len(figures) == 7  # the timeline and six charts
    for figure in figures:
        alt = re.search(r'role="img" aria-label="([^"]+)"', figure)
        assert alt and len(alt.group(1)) > 30
        assert "<svg" in figure and "<text" in figure  # text stays text
    calls = next(f for f in figures if "999 calls" in f)
    label = re.search(r'aria-label="([^"]+)"', calls).group(1)
    assert "78.5 %" in label and "Jun 2023" in label and "90 %" in label and "RED" in label
    assert "<details><summary>" in calls and '<th scope="col">' in calls  # its values as a table
    timeline = figures[0]
    assert "Timeline of 18 events" in timeline and 'href="#section-chronology"' in timeline
    # ids are unique across the inline figures (plotly's clip paths would otherwise collide)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    # ... and every clip path and fill pattern a figure refers to is there (hatching shows)
    referred = set(re.findall(r"""url\(['"]?#([^'")]+)""", html))
    assert referred and referred <= set(ids), referred - set(ids)


def test_axe_finds_no_wcag_violation_wide_narrow_and_zoomed(edition):
    assert AXE.is_file(), "axe-core is missing: run ./scripts/setup.sh"
    url = (edition[1] / "briefing-pack.html").as_uri()
    for width in (1280, 320, 640):  # 640 CSS px is a 1280 px window at 200 % zoom
        with Page(width=width, height=900) as page:
            page.goto(url)
            assert page.axe() == [], f"at {width} px"
            # reflows: nothing scrolls sideways but a figure's own drawing
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"{overflow} px wide at {width} px"


def test_text_colours_reach_aa_contrast():
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48  # WCAG's own example sits just under
    amber = readable("#e08e0b")
    assert contrast(amber, "#ffffff") >= 4.5 and contrast("#e08e0b", "#ffffff") < 3
    assert readable("#1f3b73") == "#1f3b73"  # already dark enough: unchanged


def test_tagged_pdf_has_structure_language_and_alt_text(edition):
    pdf = (edition[1] / "briefing-pack-accessible.pdf").read_bytes()
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Tagged:\s+yes", info, flags=re.M)
    assert re.search(r"^Page size:.*\(A4\)", info, flags=re.M)
    assert qpdf_check(pdf).returncode == 0  # the appended update (metadata, ID) is well formed
    cat = catalog(pdf)
    assert cat == {"lang": "en-GB", "display_doc_title": True, "marked": True, "outline": True}
    meta = PdfReader(edition[1] / "briefing-pack-accessible.pdf").metadata
    assert meta.title == "Chief Constable Ivan Balhatchet: career and force performance"
    assert meta.author and meta.subject and "OFFICIAL" in meta["/Keywords"]
    tree = structure(pdf)
    tags = [e.tag for e in tree]
    headings = [int(t[1]) for t in tags if re.fullmatch(r"H[1-6]", t)]
    assert headings.count(1) == 1 and headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False))
    assert tags.count("Table") >= 10 and "TH" in tags and "TD" in tags
    assert {e.scope for e in tree if e.tag == "TH"} >= {"Column", "Row"}
    figures = [e for e in tree if e.tag == "Figure" and e.alt]
    assert len(figures) == 7
    assert any("78.5 %" in f.alt and "RED" in f.alt for f in figures)
    assert any(f.alt.startswith("Timeline of 18 events") for f in figures)


def test_both_editions_say_what_the_print_pack_says(edition):
    out = edition[1]
    pack = all_text((out / "briefing-pack.pdf").read_bytes())
    tagged_pages = page_texts((out / "briefing-pack-accessible.pdf").read_bytes())
    tagged = " ".join(tagged_pages)
    html = " ".join(_outline((out / "briefing-pack.html").read_text(encoding="utf-8")).text)
    facts = [
        "Chief Constable of Northamptonshire",
        "Feb 2025",
        "Jan 2025 in another source",  # the conflict, both versions
        "Conflicting dates between sources",
        "Three-year policing plan launched",
        "HMIC to inspect the force again",
        "Northamptonshire Police Federation",  # a reference
        "OFFICIAL",
    ]
    for fact in facts:
        squash = fact.replace(" ", "")
        assert squash in pack.replace(" ", "").replace("\n", ""), fact
        assert squash in re.sub(r"\s+", "", html), fact
        assert squash in re.sub(r"\s+", "", tagged), fact
    # the marking and "Page X of Y" are in every printed page's margins
    n = len(tagged_pages)
    for i, text in enumerate(tagged_pages, 1):
        assert "OFFICIAL" in text and f"Page {i} of {n}" in text


def test_rebuild_is_byte_identical_and_a_no_op_touches_neither(edition, tmp_path, exporter):
    out = tmp_path / "out"
    cfg = load_config(ROOT, out_dir=out, as_of=AS_OF)
    build(cfg, exporter=exporter)
    names = ("briefing-pack.html", "briefing-pack-accessible.pdf")
    first = {n: (out / n).read_bytes() for n in names}
    assert first == {n: (edition[1] / n).read_bytes() for n in names}  # same inputs, another folder
    stats = {n: (out / n).stat().st_mtime_ns for n in names}
    again = build(cfg, exporter=exporter)
    assert again.up_to_date and {n: (out / n).stat().st_mtime_ns for n in names} == stats
    build(cfg, exporter=exporter, force=True)
    assert {n: (out / n).read_bytes() for n in names} == first


def test_a_bad_edit_leaves_both_untouched(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "events", project / "events")
    shutil.copy(ROOT / "reportgen.toml", project / "reportgen.toml")
    assert run_reportgen("build", "-q", cwd=project).returncode == 0
    out = project / "output"
    before = {p.name: p.read_bytes() for p in out.glob("briefing-pack*")}
    assert set(before) == {"briefing-pack.pdf", "briefing-pack.html", "briefing-pack-accessible.pdf"}
    events = project / "events" / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace("date: ", "date: Sept 2O23 #", 1))
    bad = run_reportgen("build", "-q", cwd=project)
    assert bad.returncode == 2 and "events/events.yaml:" in bad.stderr
    assert {p.name: p.read_bytes() for p in out.glob("briefing-pack*")} == before


def test_one_new_event_redraws_only_what_shows_it(edition, tmp_path, exporter):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "events", project / "events")
    shutil.copy(ROOT / "reportgen.toml", project / "reportgen.toml")
    cfg = load_config(project, out_dir=project / "out", as_of=AS_OF)
    build(cfg, exporter=exporter)
    events = project / "events" / "events.yaml"
    events.write_text(
        events.read_text(encoding="utf-8")
        + "\n  - title: Accessible edition test event\n    date: 2025-06-01\n    lane: Strategy\n"
        "    sources: [polfed-2025-04-25]\n",
        encoding="utf-8",
    )
    result = build(load_config(project, out_dir=project / "out", as_of=AS_OF), exporter=exporter)
    assert "briefing-pack.html" in result.redone and "briefing-pack-accessible.pdf" in result.redone
    assert "svg:timeline" in result.redone
    assert not any(n.startswith(("chart:", "svg:chart:")) for n in result.redone)  # charts reused
    assert "Accessible edition test event" in (project / "out" / "briefing-pack.html").read_text()
    assert "Accessibleeditiontestevent" in re.sub(
        r"\s+", "", all_text((project / "out" / "briefing-pack-accessible.pdf").read_bytes())
    )


def test_html_is_safe_against_markup_in_the_data(tmp_path, exporter):
    from reportgen.document import build_document
    from reportgen.load import load_dataset
    from reportgen.theme import load_theme
    from reportgen.writers.html import write_html

    data = tmp_path / "events.yaml"
    data.write_text(
        "events:\n"
        "  - title: '<script>alert(1)</script> & \"quotes\"'\n"
        "    date: 2024-01-02\n"
        "    lane: Career\n"
        "    description: '<img src=x onerror=alert(1)>'\n",
        encoding="utf-8",
    )
    dataset = load_dataset([data])[0]
    title = '</style><script>alert(1)</script>"Pack'  # also printed in the page margins, in CSS
    document = build_document(dataset, as_of=AS_OF, title=title, marking="OFFICIAL")
    html = write_html(document, load_theme("default"), {}).decode()
    assert "<script" not in html and "<img" not in html
    assert html.count("</style>") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html
    assert '<title>&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;"Pack</title>' in html
    assert "Figure not available." in html  # no SVG given: the alternative still stands


def test_pack_figures_in_print_are_printed_from_the_same_svg(edition):
    """One drawing per figure: the print pack's figure PDFs are Chromium's prints of the SVGs
    the HTML edition inlines, so the two editions cannot show different marks."""
    out = edition[1]
    manifest = (out / ".cache" / "manifest.json").read_text(encoding="utf-8")
    assert '"svg:timeline"' in manifest and '"svg:chart:calls-999-10s"' in manifest
    assert len(list((out / ".cache").glob("*.svg"))) == 8  # 7 figures + the standalone timeline


def test_cli_build_mentions_the_accessible_edition(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(ROOT / "events", project / "events")
    shutil.copy(ROOT / "reportgen.toml", project / "reportgen.toml")
    done = run_reportgen("build", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "briefing-pack.html" in done.stderr + done.stdout
    assert Path(project / "output" / "briefing-pack-accessible.pdf").is_file()


def test_timeline_html_is_fit_to_publish(edition):
    out = edition[1]
    html = (out / "timeline.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in html
    assert "<title>Chief Constable Ivan Balhatchet: career and force performance</title>" in html
    assert 'aria-describedby="reportgen-timeline-summary"' in html
    assert "Timeline of 18 events in 4 lanes" in html
    assert html.count("<tr><td>") == 18  # every event, in a table under the chart
    with Page(width=320) as page:
        page.goto((out / "timeline.html").as_uri())
        assert page.axe() == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 320  # the chart scrolls, alone


def test_timeline_embed_writes_a_fragment_and_plotly_beside_it(tmp_path):
    target = tmp_path / "site" / "timeline.html"
    done = run_reportgen("timeline", "-o", str(target), "--embed")
    assert done.returncode == 0, done.stderr
    fragment = target.read_text(encoding="utf-8")
    assert fragment.startswith("<figure") and "<html" not in fragment and "<head" not in fragment
    assert '<script charset="utf-8" src="plotly.min.js"></script>' in fragment
    assert len(fragment) < 200_000  # plotly.js is not inlined
    assert (tmp_path / "site" / "plotly.min.js").stat().st_size > 1_000_000
    wrong = run_reportgen("timeline", "-o", str(tmp_path / "t.png"), "--embed")
    assert wrong.returncode == 2 and "--embed makes an HTML fragment" in wrong.stderr
