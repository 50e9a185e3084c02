"""A 1,000-event synthetic pack: it builds, is a valid PDF, paginates and keeps the timeline legible.

No timing assertions here: benchmarks/scale.py measures time and memory.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_reportgen
from pdfcheck import page_texts

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import synth  # noqa: E402

EVENTS = 1_000


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth.write_set(tmp_path_factory.mktemp("synth") / "events", EVENTS, 8)


@pytest.fixture(scope="module")
def built(synthetic: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = synthetic.parent / "out"
    args = ["build", "--events", str(synthetic), "--out", str(out), "--as-of", "2025-10-15"]
    proc = run_reportgen(*args, cwd=synthetic.parent, timeout=600)
    return out / "briefing-pack.pdf", proc


@pytest.mark.slow
@pytest.mark.chromium
def test_thousand_events_build_a_valid_paginated_pack(built: tuple[Path, subprocess.CompletedProcess[str]]):
    pdf, proc = built
    assert proc.returncode == 0, proc.stderr
    assert "(unchanged)" not in proc.stdout and "briefing-pack.pdf" in proc.stdout
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    pages = page_texts(pdf.read_bytes())
    # about 20-40 chronology rows a page, plus the approximate-dates list and the fixed sections
    assert 30 <= len(pages) <= 150
    chronology = [i for i, text in enumerate(pages) if "Date Event Lane Sources" in " ".join(text.split())]
    assert len(chronology) >= EVENTS // 40  # the header row repeats on every chronology page
    assert chronology == list(range(chronology[0], chronology[-1] + 1))  # on consecutive pages
    assert f"All {EVENTS} events in date order" in " ".join(pages[chronology[0]].split())
    text = "\n".join(pages)
    assert all(f"#{i}\n" in text or f"#{i} " in text for i in (0, 499, 999))  # first, middle, last event
    assert all(f"Page {n} of {len(pages)}" in pages[n - 1] for n in (1, len(pages)))


@pytest.mark.slow
def test_dense_timeline_keeps_a_bounded_number_of_labels(synthetic: Path):
    from reportgen.load import load_dataset
    from reportgen.render.timeline import DENSE_LABELS, layout_of, timeline_figure
    from reportgen.theme import load_theme

    dataset, _ = load_dataset([synthetic])
    theme = load_theme("default")
    fig = timeline_figure(
        dataset, theme, as_of=dt.date(2025, 10, 15), width=theme.timeline_width, height=theme.timeline_height
    )
    layout = layout_of(fig)
    assert layout.dense
    assert len(layout.events_shown) <= DENSE_LABELS
    # labels, numbers and key entries of the shown events, plus a few fixed notes (as-of, key title, marking)
    assert len(fig.layout.annotations) <= 2 * DENSE_LABELS + 10
    assert any(trace.type == "heatmap" for trace in fig.data)  # every event still counts, as density
    heat = next(trace for trace in fig.data if trace.type == "heatmap")
    assert sum(sum(row) for row in heat.z) == EVENTS
