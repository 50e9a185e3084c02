"""Many packs in one process share what they can: a chart common to every pack is drawn once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reportgen.build import build
from reportgen.config import load_config

pytestmark = pytest.mark.chromium

FORCE_METRICS = """\
sources:
  - {id: force, publisher: The force, title: Force figures}
metrics:
  - id: calls-999
    name: 999 calls answered within 10 seconds
    unit: "%"
    target: 90
    sources: [force]
    points:
      - {label: Jun 2023, date: Jun 2023, value: 78.5}
      - {label: Jun 2024, date: Jun 2024, value: 84}
"""


def ward(root: Path, name: str) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "events.yaml").write_text(
        f"title: Ward {name}\nevents:\n  - {{date: 2024, title: Meeting in {name}, source: force}}\n"
    )
    return folder


def test_a_chart_shared_by_every_pack_is_drawn_once_per_process(tmp_path, exporter):
    from reportgen.cache import share_charts

    shared = tmp_path / "force.yaml"
    shared.write_text(FORCE_METRICS)
    results = []
    share_charts(True)  # as batch.start_worker does in every worker process
    try:
        for name in ("north", "south", "east"):
            events, out = [ward(tmp_path, name), shared], tmp_path / "out" / name
            cfg = load_config(tmp_path, events=events, out_dir=out, as_of=dt.date(2025, 10, 15))
            results.append(build(cfg, exporter=exporter))
    finally:
        share_charts(False)
    first, *others = results
    assert "chart:calls-999" in first.redone or "chart:calls-999" in first.reused
    for result in others:
        assert "chart:calls-999" in result.reused and "chart:calls-999" not in result.redone
        assert "timeline.svg" in result.redone  # each ward's own timeline is drawn
    from pypdf import PdfReader

    cached = [p for p in (tmp_path / "out").rglob("*.pdf") if p.parent.name == ".cache"]
    charts = {p.read_bytes() for p in cached if "78.5 %" in PdfReader(p).pages[0].extract_text()}
    assert len(charts) == 1  # the same bytes in every pack's cache


def test_a_single_build_reads_no_other_pack_s_charts(tmp_path, exporter):
    shared = tmp_path / "force.yaml"
    shared.write_text(FORCE_METRICS)
    first = build(load_config(tmp_path, events=[ward(tmp_path, "a"), shared], out_dir=tmp_path / "a-out"),
                  exporter=exporter)  # fmt: skip
    second = build(load_config(tmp_path, events=[ward(tmp_path, "b"), shared], out_dir=tmp_path / "b-out"),
                   exporter=exporter)  # fmt: skip
    assert "chart:calls-999" in first.redone and "chart:calls-999" in second.redone
