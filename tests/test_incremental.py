"""Incremental builds: only what changed is redone; a no-op needs neither Chromium nor plotly."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pdfcheck import all_text

from reportgen import cache
from reportgen.build import build
from reportgen.cli import main
from reportgen.config import load_config

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2025, 10, 15)
CHARTS = (
    "chart:peel-2023-grades",
    "chart:peel-grade-counts",
    "chart:calls-999-10s",
    "chart:crimes-recorded-24h",
    "chart:da-team-makeup",
    "chart:investment-2024",
)
WEB_CHARTS = tuple("svg:" + c for c in CHARTS)  # each as SVG: inline in the HTML, printed for the pack
TIMELINE = ("timeline.svg", "timeline.png", "timeline.html", "timeline")  # the last: the pack's own
PACK = ("briefing-pack.pdf", "briefing-pack.html", "briefing-pack-accessible.pdf")
EVERYTHING = (*CHARTS, *TIMELINE, *WEB_CHARTS, "svg:timeline", *PACK)
pytestmark = pytest.mark.chromium


@pytest.fixture(scope="module")
def template(tmp_path_factory, exporter) -> Path:
    """The default project, built once; each test starts from a copy of it (cache included)."""
    root = tmp_path_factory.mktemp("template")
    shutil.copytree(ROOT / "events", root / "events")
    shutil.copy(ROOT / "reportgen.toml", root / "reportgen.toml")
    before = Path.cwd()
    os.chdir(root)  # relative paths, so a copy of the project has the same fingerprints
    try:
        result = build(load_config(root, as_of=AS_OF), exporter=exporter)
    finally:
        os.chdir(before)
    assert result.redone == EVERYTHING and result.reused == ()
    return root


@pytest.fixture
def project(template, tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(template, root)  # copy2 keeps mtimes, so the copied outputs are as built
    monkeypatch.chdir(root)
    return root


def config(root: Path, **changes):
    return load_config(root, as_of=changes.pop("as_of", AS_OF), **changes)


def chart_files(root: Path) -> dict[str, int]:
    """Cache file → mtime_ns of every cached chart (Chromium's PDF of it)."""
    manifest = json.loads((root / "output/.cache/manifest.json").read_text())
    names = [f"{fp}.pdf" for name, fp in manifest["artefacts"].items() if name.startswith("chart:")]
    return {n: (root / "output/.cache" / n).stat().st_mtime_ns for n in names}


def run_python(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", script], cwd=cwd, env=env, capture_output=True, text=True)


def add_event(root: Path, title: str = "Neighbourhood surgery in Corby") -> None:
    with (root / "events/events.yaml").open("a", encoding="utf-8") as fh:
        fh.write(f"\n  - date: 3 Nov 2025\n    title: {title}\n    lane: Community\n")


def test_nothing_changed_is_up_to_date_without_chromium(project, monkeypatch, capsys):
    monkeypatch.setenv("REPORTGEN_CHROMIUM", "/nonexistent")  # any attempt to start it would fail
    result = build(config(project))
    assert result.up_to_date and result.redone == () and result.written == ()
    assert set(result.reused) == set(EVERYTHING)
    assert "events/events.yaml" in result.inputs
    assert any(p.endswith("reportgen.toml") for p in result.inputs)
    assert main(["build", "--as-of", AS_OF.isoformat()]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("up to date: output/briefing-pack.pdf (9 pages, OFFICIAL)")


def test_noop_build_imports_neither_plotly_nor_reportlab(project):
    # nor the model: finding a build up to date reads no records (its dataclasses are ~14 ms)
    script = (
        "import sys, json\nfrom reportgen.cli import main\ncode = main(['build', '--as-of', '2025-10-15'])\n"
        "heavy = {'plotly', 'kaleido', 'reportlab', 'pypdf'} & {m.split('.')[0] for m in sys.modules}\n"
        "heavy |= {'reportgen.model', 'reportgen.load', 'reportgen.validate'} & set(sys.modules)\n"
        "print(json.dumps({'code': code, 'heavy': sorted(heavy)}))\n"
    )
    env = {**os.environ, "REPORTGEN_CHROMIUM": "/nonexistent"}
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=project, env=env, capture_output=True, text=True
    )
    lines = proc.stdout.strip().splitlines()
    assert lines[0].startswith("up to date"), proc.stdout + proc.stderr
    assert json.loads(lines[-1]) == {"code": 0, "heavy": []}


def test_one_new_event_redoes_the_timeline_and_pack_not_the_charts(project, exporter):
    charts_before = chart_files(project)
    add_event(project)
    result = build(config(project), exporter=exporter)
    assert result.redone == (*TIMELINE, "svg:timeline", *PACK)
    assert set(result.reused) == {*CHARTS, *WEB_CHARTS}
    assert chart_files(project) == charts_before  # not even rewritten
    assert "Neighbourhood surgery in Corby" in all_text((project / "output/briefing-pack.pdf").read_bytes())
    assert build(config(project), exporter=exporter).up_to_date


def test_changing_a_marker_event_redoes_the_charts_that_show_it(project, exporter):
    path = project / "events/events.yaml"
    old = "    date: 16 Feb 2024\n    title: PEEL report published"
    path.write_text(path.read_text(encoding="utf-8").replace(old, old.replace("16 Feb", "20 Feb")))
    result = build(config(project), exporter=exporter)
    marked = ("chart:calls-999-10s", "chart:crimes-recorded-24h")
    web = {"svg:" + c for c in marked}
    assert set(result.redone) == {*marked, *web, *TIMELINE, "svg:timeline", *PACK}
    assert set(result.reused) == {*CHARTS, *WEB_CHARTS} - set(marked) - web


def test_force_redoes_everything(project, exporter):
    result = build(config(project), force=True, exporter=exporter)
    assert result.redone == EVERYTHING and result.reused == ()
    assert result.written == ()  # same bytes as before: nothing rewritten


def test_a_style_colour_redoes_everything(project, exporter):
    style = (ROOT / "reportgen/styles/default.toml").read_text(encoding="utf-8")
    assert 'primary = "#1f3b73"' in style
    (project / "styles").mkdir()
    (project / "styles/default.toml").write_text(style.replace('primary = "#1f3b73"', 'primary = "#005a30"'))
    result = build(config(project), exporter=exporter)
    assert set(result.redone) == set(EVERYTHING)
    assert any(p.endswith("styles/default.toml") for p in result.inputs)


def test_a_new_as_of_redoes_timeline_and_pack_and_prunes_the_cache(project, exporter):
    result = build(config(project, as_of=dt.date(2025, 12, 1)), exporter=exporter)
    assert result.redone == (*TIMELINE, "svg:timeline", *PACK)
    assert "As of 1 Dec 2025" in all_text((project / "output/briefing-pack.pdf").read_bytes())
    manifest = json.loads((project / "output/.cache/manifest.json").read_text())
    kept = {p.name for p in (project / "output/.cache").iterdir() if p.is_file()}  # parsed/: the memo
    exts = {"svg", "png", "html", "pdf"}
    wanted = {f"{fp}.{ext}" for fp in manifest["artefacts"].values() for ext in exts}
    assert kept - {"manifest.json"} <= wanted and len(kept) == len(EVERYTHING) + 1


def test_a_deleted_output_comes_back_from_the_cache_without_chromium(project, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CHROMIUM", "/nonexistent")
    png = project / "output/timeline.png"
    before = png.read_bytes()
    png.unlink()
    result = build(config(project))
    assert result.redone == () and result.written == (Path("output/timeline.png"),)
    assert png.read_bytes() == before


def test_a_crashed_exporter_is_restarted_once(project):
    from reportgen.render.export import Exporter

    with Exporter() as ex:
        ex.wait_ready()
        os.killpg(ex.pid, signal.SIGKILL)  # Chromium crashes between two rebuilds
        ex._kaleido.subprocess.wait(timeout=10)
        assert not ex.alive()
        add_event(project)
        result = build(config(project), exporter=ex)
        assert "timeline.png" in result.redone and ex.alive()


def test_fingerprints_are_the_same_in_every_process(project):
    script = (
        "import datetime as dt\nfrom pathlib import Path\nfrom reportgen import cache\n"
        "from reportgen.prepare import pack_marking\nfrom reportgen.config import load_config\n"
        "from reportgen.load import load_dataset\nfrom reportgen.theme import load_theme\n"
        "cfg = load_config(Path('.'), as_of=dt.date(2025, 10, 15))\n"
        "ds, w = load_dataset(list(cfg.events)); th = load_theme(cfg.style, cfg.styles_dir)\n"
        "m = pack_marking(th, cfg, ds)\n"
        "plan = cache.plan(ds, th, cfg, marking=m, timeline_title=cfg.title, warnings=w)\n"
        "print(cache.input_key(cfg)[0], *(a.fingerprint for a in plan.values()))\n"
    )
    outputs = set()
    for seed in ("1", "2", "random"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-c", script], cwd=project, env=env, capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr
        outputs.add(proc.stdout)
    assert len(outputs) == 1
    manifest = json.loads((project / "output/.cache/manifest.json").read_text())
    assert outputs.pop().split()[0] == manifest["input_key"]


def test_stable_form_ignores_locations_when_asked():
    from reportgen.model import Source
    from reportgen.sourceloc import SourceLoc

    a = Source("s", "Pub", "Title", loc=SourceLoc("a.yaml", 3))
    b = Source("s", "Pub", "Title", loc=SourceLoc("b.yaml", 9))
    assert cache.stable(a, frozenset({"loc"})) == cache.stable(b, frozenset({"loc"}))
    assert cache.fingerprint(a) != cache.fingerprint(b)
    assert cache.stable({"b": 1.0, "a": {2, 1}}) == {"a": [1, 2], "b": "1.0"}


def test_a_moved_event_changes_the_pack_fingerprint_not_the_timeline(project):
    """Only the locations differ: the timeline draws none of them, the pack prints them (path:line)."""
    from reportgen.load import load_dataset
    from reportgen.prepare import pack_marking
    from reportgen.theme import load_theme

    def fingerprints() -> dict[str, str]:
        cfg = config(project)
        dataset, warnings = load_dataset(list(cfg.events))
        theme = load_theme(cfg.style, cfg.styles_dir)
        marking = pack_marking(theme, cfg, dataset)
        plan = cache.plan(dataset, theme, cfg, marking=marking, timeline_title=None, warnings=warnings)
        return {name: a.fingerprint for name, a in plan.items()}

    before = fingerprints()
    path = project / "events/events.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("events:\n", "events:\n\n\n", 1), encoding="utf-8")  # every line +2
    after = fingerprints()
    assert after["timeline.svg"] == before["timeline.svg"]
    assert after["briefing-pack.pdf"] != before["briefing-pack.pdf"]
