"""Real Chromium exports: sizes, determinism, no leftovers."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from PIL import Image

from reportgen.errors import RenderError
from reportgen.render.export import Exporter, normalise_svg
from reportgen.render.html_figure import figure_html
from reportgen.render.timeline import timeline_figure
from reportgen.theme import Theme

NAMES = ["default", "eras", "houston", "user_interface", "women_in_computing"]


def chromium_group_alive(pgid: int) -> list[int]:
    """Live (non-zombie) processes of a process group. This sandbox's PID 1 never reaps
    zombies, so `pgrep -f chromium` lists `<defunct>` entries that are not running."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            alive.append(int(stat.parent.name))
    return alive


def fig_for(dataset, width: int = 1200, height: int = 700):  # type: ignore[no-untyped-def]
    return timeline_figure(
        dataset,
        Theme(),
        as_of=dt.date(2025, 10, 15),
        title="T",
        width=width,
        height=height,
        marking="OFFICIAL",
    )


@pytest.mark.chromium
@pytest.mark.parametrize("name", NAMES)
def test_every_format_has_the_requested_size(exporter: Exporter, timeline_datasets: dict, name: str) -> None:
    fig = fig_for(timeline_datasets[name])
    png = exporter.render(fig, "png", width=1200, height=700, scale=1.5)
    assert Image.open(io.BytesIO(png)).size == (1800, 1050)
    svg = exporter.render(fig, "svg", width=1200, height=700)
    root = re.search(rb"<svg[^>]*>", svg)
    assert root and b' width="1200"' in root[0] and b' height="700"' in root[0]
    assert b"<text" in svg and b"OFFICIAL" in svg  # text stays text
    pdf = exporter.render(fig, "pdf", width=1200, height=700)
    assert pdf.startswith(b"%PDF")
    # Chromium prints at 96 px per inch: 1200×700 px → 900×525 pt (height comes out 525.12)
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert (
        box and float(box[1]) == pytest.approx(900, abs=0.5) and float(box[2]) == pytest.approx(525, abs=0.5)
    )


@pytest.mark.chromium
def test_same_figure_gives_identical_svg_png_and_html(exporter: Exporter, timeline_datasets: dict) -> None:
    dataset = timeline_datasets["default"]
    first, second = fig_for(dataset), fig_for(dataset)  # two builds, not one figure twice
    for fmt in ("svg", "png"):
        a = exporter.render(first, fmt, width=1200, height=700)
        b = exporter.render(second, fmt, width=1200, height=700)
        assert a == b, fmt
    html = figure_html(first)
    assert html == figure_html(second)
    assert find_uuids(html) == []
    assert b"cdn" not in html.lower().split(b"<script")[0]  # no CDN script tag in the head
    assert b'id="reportgen-figure"' in html and b"PEEL report published" in html


@pytest.mark.chromium
@pytest.mark.parametrize("name", ("default", "houston"))
def test_a_png_made_from_the_svg_is_kaleidos_png(
    exporter: Exporter, timeline_datasets: dict, name: str
) -> None:
    """The build draws timeline.png from the SVG it has just drawn, not by plotting again:
    the pixels must be kaleido's own, at every scale."""
    fig = fig_for(timeline_datasets[name])
    svg = exporter.render(fig, "svg", width=1200, height=700)
    for scale in (1.0, 2.0):
        direct = Image.open(io.BytesIO(exporter.render(fig, "png", width=1200, height=700, scale=scale)))
        made = Image.open(io.BytesIO(exporter.rasterise(svg, width=1200, height=700, scale=scale).result()))
        assert made.size == direct.size == (round(1200 * scale), round(700 * scale))
        assert made.convert("RGBA").tobytes() == direct.convert("RGBA").tobytes(), scale


def test_svg_uid_is_normalised() -> None:
    a = b'<svg><defs id="defs-a1b2c3"><clipPath id="clipa1b2c3xy"/></defs>'
    a += b'<g clip-path="url(#clipa1b2c3xy)"/></svg>'
    out = normalise_svg(a)
    assert b"a1b2c3" not in out and out == normalise_svg(a.replace(b"a1b2c3", b"ffee00"))


def test_svg_attribute_order_does_not_change_the_bytes() -> None:
    """A reused tab may write an element's attributes in another order: same drawing, same bytes."""
    a = b'<svg xmlns="http://www.w3.org/2000/svg"><path d="M0,0H1" class="p" style="fill: red;"/></svg>'
    b = b'<svg xmlns="http://www.w3.org/2000/svg"><path style="fill: red;" d="M0,0H1" class="p"/></svg>'
    assert normalise_svg(a) == normalise_svg(b)


def test_an_svg_that_is_not_xml_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="not well-formed"):
        normalise_svg(b"<svg><g></svg>")


@pytest.mark.chromium
def test_a_figure_draws_the_same_bytes_whatever_its_tab_drew_before(timeline_datasets: dict) -> None:
    """Tabs are reused between figures (reloaded every RELOAD_EVERY renders, not after each):
    a figure's SVG, and the PNG drawn from it, are the same from a fresh tab and a used one."""
    import plotly.graph_objects as go

    fig = fig_for(timeline_datasets["default"], 800, 450)
    other = go.Figure(go.Bar(x=["a", "b"], y=[3, 1], marker_pattern_shape=["/", "x"]))
    with Exporter() as fresh:
        first = fresh.render(fig, "svg", width=800, height=450)
    with Exporter() as used:
        for _ in range(3):
            used.render(other, "svg", width=500, height=300)
            used.render(fig, "png", width=800, height=450)
        again = used.render(fig, "svg", width=800, height=450)
        assert again == first
        assert (
            used.rasterise(again, width=800, height=450).result()
            == used.rasterise(first, width=800, height=450).result()
        )


@pytest.mark.chromium
def test_exporter_leaves_no_chromium_running() -> None:
    import plotly.graph_objects as go

    with Exporter() as ex:
        png = ex.render(go.Figure(go.Scatter(x=[1, 2], y=[1, 2], uid="a")), "png", width=300, height=200)
        pgid = ex.pid
        assert pgid is not None and chromium_group_alive(pgid)
    assert png.startswith(b"\x89PNG")
    assert chromium_group_alive(pgid) == []


@pytest.mark.chromium
def test_submitted_renders_come_back_in_order_as_render_gives_them(
    exporter: Exporter, timeline_datasets: dict
) -> None:
    fig = fig_for(timeline_datasets["default"], 800, 450)
    queued = [exporter.submit(fig, fmt, width=800, height=450) for fmt in ("svg", "png", "svg")]
    svg, png, svg_again = (job.result() for job in queued)
    assert svg.startswith(b"<svg") and svg_again == svg
    assert Image.open(io.BytesIO(png)).size == (800, 450)
    assert exporter.render(fig, "svg", width=800, height=450) == svg


def find_uuids(data: bytes) -> list[bytes]:
    """uuid-like strings in an export (there must be none: they change on every run)."""
    return re.findall(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", data)


@pytest.mark.chromium
def test_a_print_of_tens_of_megabytes_comes_back_whole() -> None:
    """A 450-page accessible edition is a ~24 MB PDF: read from Chromium as a stream, a chunk at a
    time (in one DevTools message it was misread and the 10,000-event build failed)."""
    import base64
    import os

    from pypdf import PdfReader

    noise = Image.frombytes("RGB", (2900, 2900), os.urandom(2900 * 2900 * 3))  # incompressible
    png = io.BytesIO()
    noise.save(png, "PNG", compress_level=0)
    source = base64.b64encode(png.getvalue()).decode("ascii")
    page = (
        '<!doctype html><html lang="en"><head><title>Noise</title><style>@page { size: A4; margin: 0 }'
        f'</style></head><body><img alt="noise" style="width: 200mm" src="data:image/png;base64,{source}">'
        "</body></html>"
    )
    with Exporter() as ex:
        pdf = ex.print_html(page.encode("utf-8")).result()
    assert len(pdf) > 20 * 2**20 and pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


@pytest.mark.chromium
def test_a_print_that_takes_too_long_says_so_and_how_to_avoid_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The time a print may take grows with its page (a 100,000-event pack's page prints for
    minutes); past it, the error names the page's size and --no-accessible."""
    from reportgen.render import printing

    small, large = printing.print_timeout(b"x" * 1000), printing.print_timeout(b"x" * 30 * 2**20)
    assert small == pytest.approx(printing.TIMEOUT_S, abs=0.1) and large > 10 * small
    monkeypatch.setattr(printing, "TIMEOUT_S", 1.0)
    busy = b"<!doctype html><title>Busy</title>"
    busy += b"<script>const t = Date.now(); while (Date.now() - t < 4000) {}</script>"
    with Exporter() as ex:
        with pytest.raises(RenderError, match=r"took longer than 1 s; .*--no-accessible"):
            ex.print_html(busy).result()
        assert ex.print_html(b"<!doctype html><title>Fine</title><p>ok").result().startswith(b"%PDF-")
