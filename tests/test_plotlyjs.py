"""Which plotly.js kaleido loads, and that the cartesian bundle draws exactly what the full one does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.render import plotlyjs

ROOT = Path(__file__).resolve().parents[1]
REPORTGEN = [sys.executable, "-m", "reportgen"]


@pytest.fixture(autouse=True)
def _fresh_choice():
    plotlyjs.bundle.cache_clear()
    yield
    plotlyjs.bundle.cache_clear()


def _fake_bundle(folder: Path, release: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "package.json").write_text(json.dumps({"name": plotlyjs.PACKAGE, "version": release}))
    script = folder / "plotly-cartesian.min.js"
    script.write_text("/* plotly.js */")
    return script


def test_a_bundle_of_plotly_pys_own_release_is_used_by_its_absolute_path(tmp_path, monkeypatch):
    release = plotlyjs._plotly_release()
    assert release  # read from plotly's source, without importing plotly
    script = _fake_bundle(tmp_path / "b", release)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REPORTGEN_PLOTLYJS", "b/plotly-cartesian.min.js")
    assert plotlyjs.bundle() == script.resolve()  # kaleido waits for ever on a relative path
    assert str(script.resolve()) in plotlyjs.key()


def test_another_release_a_missing_file_or_full_means_plotly_pys_own(tmp_path, monkeypatch):
    script = _fake_bundle(tmp_path / "old", "1.0.0")
    monkeypatch.setenv("REPORTGEN_PLOTLYJS", str(script))
    assert plotlyjs.bundle() is None
    plotlyjs.bundle.cache_clear()
    monkeypatch.setenv("REPORTGEN_PLOTLYJS", str(tmp_path / "missing.js"))
    assert plotlyjs.bundle() is None
    plotlyjs.bundle.cache_clear()
    monkeypatch.setenv("REPORTGEN_PLOTLYJS", "full")
    assert plotlyjs.bundle() is None
    assert plotlyjs.key() == "plotly.js: plotly.py's own"


def test_make_run_installs_the_cartesian_bundle_of_plotly_pys_release(monkeypatch):
    monkeypatch.delenv("REPORTGEN_PLOTLYJS", raising=False)
    assert plotlyjs.bundle() is not None, (
        f"node_modules/{plotlyjs.PACKAGE} missing or not plotly.js {plotlyjs._plotly_release()}: "
        "pin it in package.json to plotly.py's plotly.js release and run make run"
    )


def _run(args: list[str], cwd: Path, full: bool) -> None:
    env = {**os.environ, "REPORTGEN_RENDERER": "off", "REPORTGEN_CACHE": "off"}
    if full:
        env["REPORTGEN_PLOTLYJS"] = "full"
    done = subprocess.run([*REPORTGEN, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


@pytest.mark.chromium
@pytest.mark.slow
def test_the_cartesian_bundle_draws_every_output_byte_for_byte_as_the_full_one(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    dense = synth.write_set(tmp_path / "dense", 400, 6)  # over DENSE_AT: the density heatmap
    for full in (False, True):
        out = tmp_path / ("full" if full else "cartesian")
        _run(["build", "--project", str(ROOT), "--out", str(out), "--as-of", "2025-10-15"], ROOT, full)
        args = ["timeline", "--events", str(dense), "-o", str(out / "dense.svg"), "--as-of", "2025-10-15"]
        _run(args, tmp_path, full)
    names = ["briefing-pack.pdf", "briefing-pack-accessible.pdf", "timeline.svg", "timeline.png", "dense.svg"]
    for name in names:
        assert (tmp_path / "cartesian" / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), name
    assert b"heatmap" in (tmp_path / "full" / "dense.svg").read_bytes()
