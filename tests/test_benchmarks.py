"""The benchmark suite runs (quick mode) and reports every figure the issue asks for. No timings asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RATIOS = (
    "cold_over_naive",
    "cold_over_floor",
    "noop_over_cold",
    "one_shot_add_over_cold",
    "warm_add_over_cold",
)


@pytest.mark.slow
@pytest.mark.chromium
def test_quick_suite_reports_every_figure_and_ratio(tmp_path: Path):
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    results = json.loads(out.read_text())
    inc = results["incremental"]
    for key in ("cold_s", "noop_s", "one_shot_add_s", "warm_add_s", "watch_latency_s", "watch_rebuild_s"):
        assert inc[key] > 0
    for build in ("cold", "noop", "one_shot_add"):
        assert results["memory"][build]["peak_rss_mb"] > 0
    assert set(results["export"]) >= {"png", "svg", "pdf", "html"}
    assert results["naive"]["seconds"] > 0 and results["naive"]["images"] >= 2
    assert {"chromium_start_s", "renders_s", "layout_s", "seconds"} <= set(results["floor"])
    assert results["scale"][0]["events"] == 100 and results["scale"][0]["qpdf_ok"]
    for jobs in (1, 2):
        assert results["packs"][f"jobs_{jobs}"]["packs_per_minute"] > 0
    assert "packs per minute" in proc.stdout
    for key in RATIOS:
        ratio = results["ratios"][key]
        assert ratio["value"] > 0 and ratio["target"] > 0 and isinstance(ratio["pass"], bool)
        assert ratio["label"] in proc.stdout  # the printed table shows each ratio with its target


def test_help_names_the_quick_and_no_write_modes():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--help"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert "--quick" in proc.stdout and "--no-write" in proc.stdout and "results.json" in proc.stdout
