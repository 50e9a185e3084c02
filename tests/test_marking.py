"""One marking rule for every output: the most restrictive in the data wins, `--marking` is a floor."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, run_reportgen
from pdfcheck import page_texts
from pypdf import PdfReader

from reportgen.render.imagemeta import text_chunks

SECRET = (
    "events:\n  - date: 1 Oct 2025\n    title: Covert operation review\n    lane: Strategy\n"
    "    marking: SECRET\n    source: polfed-2025-04-25\n"
)


@pytest.fixture(scope="module")
def secret_project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("secret")
    shutil.copytree(ROOT / "events", root / "events")
    shutil.copy(ROOT / "reportgen.toml", root / "reportgen.toml")
    (root / "events" / "secret.yaml").write_text(SECRET)
    return root


@pytest.mark.chromium
@pytest.mark.parametrize("floor", [None, "OFFICIAL", "NONE"])
def test_a_secret_event_marks_every_timeline_format_secret(secret_project, tmp_path, floor):
    extra = ["--marking", floor] if floor else []
    for suffix in (".png", ".svg", ".pdf", ".html"):
        out = tmp_path / f"t{suffix}"
        proc = run_reportgen("timeline", "-o", str(out), "--as-of", "2025-10-15", *extra, cwd=secret_project)
        assert proc.returncode == 0, proc.stderr
        data = out.read_bytes()
        if suffix == ".png":
            assert text_chunks(data)["Classification"] == "SECRET"
        elif suffix == ".pdf":
            text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
            assert "SECRET" in text and "OFFICIAL" not in text.replace("OFFICIAL-", "")
        else:
            assert b"SECRET" in data and b">OFFICIAL<" not in data


@pytest.mark.chromium
def test_a_secret_event_marks_the_pack_secret_whatever_the_floor(secret_project, tmp_path):
    out = tmp_path / "out"
    proc = run_reportgen(
        "build", "--as-of", "2025-10-15", "--marking", "OFFICIAL", "--out", str(out), cwd=secret_project
    )
    assert proc.returncode == 0, proc.stderr
    assert "SECRET" in proc.stdout
    pdf = (out / "briefing-pack.pdf").read_bytes()
    assert all(text.count("SECRET") >= 2 for text in page_texts(pdf))
    assert "SECRET" in PdfReader(io.BytesIO(pdf)).metadata["/Keywords"]
    assert b"SECRET" in (out / "timeline.svg").read_bytes()
    assert b"SECRET" in (out / "timeline.html").read_bytes()
    assert text_chunks((out / "timeline.png").read_bytes())["Classification"] == "SECRET"


@pytest.mark.parametrize("floor", [None, "OFFICIAL"])
def test_exports_carry_the_data_s_marking(secret_project, tmp_path, floor):
    extra = ["--marking", floor] if floor else []
    tl, ics = tmp_path / "t.json", tmp_path / "e.ics"
    assert (
        run_reportgen(
            "export", "--format", "timelinejs", "-o", str(tl), *extra, cwd=secret_project
        ).returncode
        == 0
    )
    assert (
        run_reportgen("export", "--format", "ics", "-o", str(ics), *extra, cwd=secret_project).returncode == 0
    )
    doc = json.loads(tl.read_text())
    assert doc["marking"] == "SECRET" and doc["title"]["text"]["text"].startswith("SECRET")
    text = ics.read_text()
    assert "X-REPORTGEN-MARKING:SECRET" in text and "CLASS:CONFIDENTIAL" in text


def test_the_marking_survives_a_timelinejs_round_trip(secret_project, tmp_path):
    from reportgen.load import load_dataset
    from reportgen.model import data_marking

    tl = tmp_path / "t.json"
    assert (
        run_reportgen("export", "--format", "timelinejs", "-o", str(tl), cwd=secret_project).returncode == 0
    )
    dataset, _ = load_dataset([tl])
    assert data_marking(dataset) == "SECRET"


def test_the_floor_raises_unmarked_data_and_none_leaves_it_unmarked(tmp_path):
    from reportgen.config import load_config
    from reportgen.prepare import prepare

    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "e.yaml").write_text("events:\n  - {date: 2024, title: A thing}\n")
    assert prepare(load_config(tmp_path, marking="OFFICIAL-SENSITIVE")).marking == "OFFICIAL-SENSITIVE"
    assert prepare(load_config(tmp_path, marking="NONE")).marking == "NONE"
    (tmp_path / "events" / "s.yaml").write_text("events:\n  - {date: 2025, title: B, marking: SECRET}\n")
    assert prepare(load_config(tmp_path, marking="NONE")).marking == "SECRET"
