"""reportgen.build end to end with real Chromium: outputs, content, reproducibility, safety."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from pdfcheck import all_text, blank_pages, page_texts, qpdf_check
from PIL import Image
from pypdf import PdfReader

from reportgen.build import OUTPUTS, build
from reportgen.config import load_config
from reportgen.errors import ValidationFailed

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.chromium


def project(tmp_path: Path) -> Path:
    """A copy of the default project (events + reportgen.toml) to build and edit."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "events", root / "events")
    shutil.copy(ROOT / "reportgen.toml", root / "reportgen.toml")
    return root


@pytest.fixture(scope="module")
def default_build(tmp_path_factory, exporter):
    out = tmp_path_factory.mktemp("out")
    cfg = load_config(ROOT, out_dir=out, as_of=dt.date(2025, 10, 15))
    return build(cfg, exporter=exporter), out


def test_writes_pack_and_timeline_images(default_build):
    result, out = default_build
    assert {p.name for p in result.outputs} == set(OUTPUTS)
    assert set(result.written) == set(result.outputs)
    assert result.redone[-3:] == ("briefing-pack.pdf", "briefing-pack.html", "briefing-pack-accessible.pdf")
    assert {"timeline.svg", "timeline.png", "timeline.html", "timeline", "svg:timeline"} <= set(result.redone)
    assert len([n for n in result.redone if n.startswith("chart:")]) == 6 and result.reused == ()
    assert len([n for n in result.redone if n.startswith("svg:chart:")]) == 6
    assert not result.up_to_date and result.seconds > 0
    assert {"load", "render", "write"} <= set(result.timings)
    assert (out / ".cache" / "manifest.json").is_file()
    assert Image.open(out / "timeline.png").size == (1600, 900)
    assert b"<svg" in (out / "timeline.svg").read_bytes()[:400]
    assert b"plotly" in (out / "timeline.html").read_bytes()
    assert result.pages == len(PdfReader(out / "briefing-pack.pdf").pages)
    assert result.marking == "OFFICIAL"
    assert any(str(w).count("conflicting dates") for w in result.warnings)


def test_pack_shows_chart_figures_as_selectable_text(default_build):
    pdf = (default_build[1] / "briefing-pack.pdf").read_bytes()
    text = all_text(pdf)
    # text inside the vector charts: the 999 figure is a bullet with its status in words
    assert "78.5 % (Jun 2023)" in text and "National target 90 %" in text and "✖ RED" in text
    assert "£590,000" in text and "Requires" in text
    assert qpdf_check(pdf).returncode == 0
    assert blank_pages(pdf) == []


def test_every_page_carries_marking_and_page_numbers(default_build):
    pages = page_texts((default_build[1] / "briefing-pack.pdf").read_bytes())
    for number, page in enumerate(pages, 1):
        assert page.count("OFFICIAL") >= 2
        assert f"Page {number} of {len(pages)}" in page


def test_rebuild_is_byte_identical(default_build, tmp_path, exporter):
    cfg = load_config(ROOT, out_dir=tmp_path, as_of=dt.date(2025, 10, 15))
    build(cfg, exporter=exporter)
    first = default_build[1]
    for name in ("briefing-pack.pdf", "timeline.svg"):
        assert (tmp_path / name).read_bytes() == (first / name).read_bytes(), name


def test_unchanged_rebuild_writes_nothing(default_build, exporter):
    out = default_build[1]
    cfg = load_config(ROOT, out_dir=out, as_of=dt.date(2025, 10, 15))
    result = build(cfg, exporter=exporter)
    assert result.written == () and result.redone == () and result.up_to_date
    assert result.pages == default_build[0].pages and result.warnings == default_build[0].warnings
    assert result.inputs == default_build[0].inputs


def test_bad_data_leaves_previous_outputs_untouched(tmp_path, exporter):
    root = project(tmp_path)
    cfg = load_config(root, as_of=dt.date(2025, 10, 15))
    build(cfg, exporter=exporter)
    before = {name: (cfg.out_dir / name).read_bytes() for name in OUTPUTS}
    mtimes = {name: (cfg.out_dir / name).stat().st_mtime_ns for name in OUTPUTS}
    (root / "events" / "broken.yaml").write_text("events:\n  - date: 2025-02-30\n    title: Bad day\n")
    with pytest.raises(ValidationFailed) as caught:
        build(cfg, exporter=exporter)
    assert "broken.yaml:2" in str(caught.value)
    assert {name: (cfg.out_dir / name).read_bytes() for name in OUTPUTS} == before
    assert {name: (cfg.out_dir / name).stat().st_mtime_ns for name in OUTPUTS} == mtimes


def test_highest_marking_in_the_data_marks_pack_and_images(tmp_path, exporter):
    root = project(tmp_path)
    (root / "events" / "sensitive.yaml").write_text(
        "events:\n  - date: 1 Oct 2025\n    title: Sensitive briefing\n    lane: Strategy\n"
        "    marking: OFFICIAL-SENSITIVE\n    source: polfed-2025-04-25\n"
    )
    cfg = load_config(root, as_of=dt.date(2025, 10, 15))
    result = build(cfg, exporter=exporter)
    assert result.marking == "OFFICIAL-SENSITIVE"
    pdf = (cfg.out_dir / "briefing-pack.pdf").read_bytes()
    assert all(p.count("OFFICIAL-SENSITIVE") >= 2 for p in page_texts(pdf))
    assert "OFFICIAL-SENSITIVE" in PdfReader(io.BytesIO(pdf)).metadata["/Keywords"]
    assert b"OFFICIAL-SENSITIVE" in (cfg.out_dir / "timeline.svg").read_bytes()


def test_a_figure_still_being_drawn_is_laid_out_at_its_size_and_drawn_when_it_arrives(default_build):
    """The pack from PendingFigure stand-ins (bytes handed over mid-layout) equals the pack from bytes."""
    import threading

    from pdfcheck import figure

    from reportgen.load import load_dataset
    from reportgen.theme import load_theme
    from reportgen.writers.pdf import render_pack
    from reportgen.writers.pdf.figures import PendingFigure

    out = default_build[1]
    cfg = load_config(ROOT, out_dir=out, as_of=dt.date(2025, 10, 15))
    dataset, _ = load_dataset(list(cfg.events))
    theme = load_theme(cfg.style, cfg.styles_dir)
    drawn = figure("the timeline", 980, 550)
    kwargs = dict(theme=theme, as_of=cfg.as_of, title="T", subject="S", prepared_by="P", version="1")
    kwargs |= dict(marking="OFFICIAL", charts={})
    direct = render_pack(dataset, timeline=drawn, **kwargs)
    pending = PendingFigure(980, 550)
    threading.Timer(0.2, pending.set, args=(drawn,)).start()
    later = render_pack(dataset, timeline=pending, **kwargs)
    assert later == direct
    assert "the timeline" in all_text(later)
    assert len(PdfReader(io.BytesIO(later)).pages) == len(PdfReader(io.BytesIO(direct)).pages)


def test_a_figure_that_never_arrives_stops_the_layout_with_the_render_error():
    from reportgen.errors import RenderError
    from reportgen.load import load_dataset
    from reportgen.theme import load_theme
    from reportgen.writers.pdf import render_pack
    from reportgen.writers.pdf.figures import PendingFigure

    cfg = load_config(ROOT, as_of=dt.date(2025, 10, 15))
    dataset, _ = load_dataset(list(cfg.events))
    theme = load_theme(cfg.style, cfg.styles_dir)
    pending = PendingFigure(1600, 900)
    pending.fail(RenderError("Chromium failed to render a figure"))
    with pytest.raises(RenderError, match="Chromium failed"):
        render_pack(
            dataset, theme=theme, as_of=cfg.as_of, title="T", subject="", prepared_by="", version="1",
            marking="NONE", timeline=pending, charts={},
        )  # fmt: skip


@pytest.mark.parametrize("data", [b"<svg/>", b"%PDF-1.7\n%%EOF\n", b""])
def test_a_figure_that_is_not_a_pdf_fails_the_pack_with_a_render_error(data):
    """Bytes that are not a one-page PDF (a truncated print, an SVG by mistake) stop the pack
    with one clear RenderError, whether they arrive before the layout or during it."""
    from reportgen.errors import RenderError
    from reportgen.load import load_dataset
    from reportgen.theme import load_theme
    from reportgen.writers.pdf import render_pack
    from reportgen.writers.pdf.figures import PendingFigure

    cfg = load_config(ROOT, as_of=dt.date(2025, 10, 15))
    dataset, _ = load_dataset(list(cfg.events))
    theme = load_theme(cfg.style, cfg.styles_dir)
    kwargs = dict(theme=theme, as_of=cfg.as_of, title="T", subject="", prepared_by="", version="1")
    kwargs |= dict(marking="NONE", charts={})
    with pytest.raises(RenderError, match="not a readable PDF"):
        render_pack(dataset, timeline=data, **kwargs)
    pending = PendingFigure(1600, 900)
    pending.set(data)
    with pytest.raises(RenderError, match="not a readable PDF"):
        render_pack(dataset, timeline=pending, **kwargs)


def test_what_a_build_holds_is_kept_from_the_collector_only_while_it_runs(tmp_path, exporter):
    import gc

    # the dataset and document model are frozen (gc.freeze) for the build, handed back after it:
    # a long-running watch must not keep every past build's objects out of the collector
    seen: dict[str, int] = {}
    cfg = load_config(ROOT, out_dir=tmp_path / "out", as_of=dt.date(2025, 10, 15))
    build(cfg, exporter=exporter, on_stage=lambda name: seen.setdefault(name, gc.get_freeze_count()))
    assert seen["load"] > 0 and seen["render"] >= seen["load"]
    assert gc.get_freeze_count() == 0

    class Stop(Exception):
        pass

    def fail(name: str) -> None:
        if name == "plan":
            raise Stop

    with pytest.raises(Stop):
        build(cfg, exporter=exporter, force=True, on_stage=fail)
    assert gc.get_freeze_count() == 0
