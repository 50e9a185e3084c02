"""`reportgen build` as a user runs it: exit codes, the summary line, --quiet, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pdfcheck import all_text

from reportgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.chromium


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "events", tmp_path / "events")
    shutil.copy(ROOT / "reportgen.toml", tmp_path / "reportgen.toml")
    return tmp_path


def test_build_prints_one_summary_line_and_writes_the_pack(root, capsys):
    code = main(["build", "--project", str(root), "--as-of", "2024-01-01"])
    out, err = capsys.readouterr()
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("built ") and "briefing-pack.pdf" in lines[0]
    assert "pages, OFFICIAL" in lines[0]
    assert (
        "redone: 6 charts, pack timeline, timeline.svg/.png/.html, 7 web figures, briefing-pack.pdf, "
        "briefing-pack.html, briefing-pack-accessible.pdf" in lines[0]
    )
    assert "conflicting dates" in err  # warnings go to stderr
    text = all_text((root / "output" / "briefing-pack.pdf").read_bytes())
    assert "As of 1 Jan 2024" in text
    ahead = text.split("Look-ahead")[1].split("Timeline")[0]
    assert "PEEL report published" in ahead


def test_quiet_prints_nothing(root, capsys):
    assert main(["build", "--project", str(root), "--quiet", "--out", str(root / "q")]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == ""
    assert (root / "q" / "briefing-pack.pdf").is_file()


def test_bad_input_exits_2_with_path_line_and_writes_nothing(root, capsys):
    (root / "events" / "bad.yaml").write_text("events:\n  - date: 31/13/2024\n    title: Bad\n")
    code = main(["build", "--project", str(root)])
    _, err = capsys.readouterr()
    assert code == 2
    assert "bad.yaml:2" in err and "nothing was written" in err
    assert not (root / "output" / "briefing-pack.pdf").exists()


def test_second_build_is_up_to_date_in_one_line_and_force_redoes_everything(root, capsys):
    args = ["build", "--project", str(root), "--as-of", "2024-01-01"]
    assert main(args) == 0
    capsys.readouterr()
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("up to date: ")
    assert main([*args, "--force"]) == 0
    assert (
        "redone: 6 charts, pack timeline, timeline.svg/.png/.html, 7 web figures, briefing-pack.pdf, "
        "briefing-pack.html, briefing-pack-accessible.pdf" in capsys.readouterr().out
    )


def test_new_as_of_redoes_only_timeline_and_pack(root, capsys):
    assert main(["build", "--project", str(root), "--as-of", "2024-01-01"]) == 0
    capsys.readouterr()
    assert main(["build", "--project", str(root), "--as-of", "2024-02-01"]) == 0
    line = capsys.readouterr().out.strip()
    assert (
        "redone: pack timeline, timeline.svg/.png/.html, 1 web figure, briefing-pack.pdf, "
        "briefing-pack.html, briefing-pack-accessible.pdf; reused: 6 charts, 6 web figures" in line
    )


def test_build_folder_is_one_pack_of_the_job_list_and_keeps_its_chromium(root, tmp_path):
    """`reportgen.batch.build_folder`: what a Dask or Celery task calls, once per folder."""
    from reportgen import batch

    out = tmp_path / "packs" / "events"
    try:
        first = batch.build_folder(root / "events", out, root=root)
        exporter = batch._EXPORTER
        second = batch.build_folder(root / "events", out, root=root)
        assert batch._EXPORTER is exporter  # one Chromium for every pack this process builds
    finally:
        batch.close_worker()
    assert (first.name, first.code) == ("events", 0) and "built " in first.out[0]
    assert second.code == 0 and "up to date" in second.out[0]
    assert "As of" in all_text((out / "briefing-pack.pdf").read_bytes())
    bad = batch.build_folder(tmp_path / "missing", tmp_path / "bad", root=root)
    batch.close_worker()
    assert bad.code == 2 and bad.err
