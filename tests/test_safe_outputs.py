"""Safe outputs: killed builds, concurrent builds, bad data and many packs never leave a broken file."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pdfcheck import all_text, qpdf_check
from pypdf import PdfReader

from reportgen.build import OUTPUTS, build
from reportgen.cli import main
from reportgen.config import load_config
from reportgen.errors import ValidationFailed
from reportgen.output import TEMP_PREFIX, build_lock

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.chromium


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "events", root / "events")
    shutil.copy(ROOT / "reportgen.toml", root / "reportgen.toml")
    monkeypatch.chdir(root)
    return root


def reportgen(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "reportgen", "build", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (cache and manifest included), except the lock file."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".reportgen.lock"
    }


def temp_files(folder: Path) -> list[Path]:
    return list(folder.rglob(f"{TEMP_PREFIX}*"))


def assert_readable_pdf(path: Path) -> None:
    data = path.read_bytes()
    assert len(PdfReader(path).pages) >= 4
    assert qpdf_check(data).returncode == 0


def descendants(pid: int) -> list[int]:
    """Process ids below `pid` (read from /proc), so the test can clean up what it started."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@pytest.mark.slow
def test_sigkill_at_random_moments_never_breaks_the_outputs(project):
    assert reportgen("--as-of", "2025-10-01", cwd=project).wait() == 0
    out = project / "output"
    rng = random.Random(20251015)
    for i in range(20):
        # a different as-of each time, so the outputs really are replaced, not skipped as unchanged
        proc = reportgen("--force", "--as-of", f"2025-10-{2 + i:02d}", cwd=project)
        time.sleep(rng.uniform(0, 4))
        below = descendants(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        for pid in below:  # Chromium normally exits with its parent; make sure
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        assert_readable_pdf(out / "briefing-pack.pdf")
        for name in OUTPUTS:
            assert (out / name).stat().st_size > 0, (i, name)
    done = reportgen("--as-of", "2025-11-30", cwd=project)
    stdout, stderr = done.communicate()
    assert done.returncode == 0, stderr
    assert temp_files(out) == []
    assert_readable_pdf(out / "briefing-pack.pdf")
    assert "As of 30 Nov 2025" in all_text((out / "briefing-pack.pdf").read_bytes())


def test_two_concurrent_builds_both_finish_with_a_valid_pack(project):
    first = reportgen("--force", "--as-of", "2025-10-15", cwd=project)
    second = reportgen("--force", "--as-of", "2025-10-16", cwd=project)
    results = [p.communicate() + (p.returncode,) for p in (first, second)]
    assert [code for _, _, code in results] == [0, 0], results
    assert any("waiting for another build" in err for _, err, _ in results)
    assert_readable_pdf(project / "output/briefing-pack.pdf")
    assert temp_files(project / "output") == []


def test_the_second_build_says_it_is_waiting(project, exporter, capsys):
    cfg = load_config(project, as_of=dt.date(2025, 10, 15))
    build(cfg, exporter=exporter)
    (project / "events/events.yaml").write_text(
        (project / "events/events.yaml").read_text() + "\n  - date: 1 Oct 2025\n    title: One more\n"
    )
    codes = []
    with build_lock(cfg.out_dir):  # another build holds the folder
        waiter = threading.Thread(target=lambda: codes.append(main(["build", "--as-of", "2025-10-15"])))
        waiter.start()
        time.sleep(1.5)
        assert codes == []  # still waiting
    waiter.join(timeout=60)
    out, err = capsys.readouterr()
    assert codes == [0] and "waiting for another build" in err and out.startswith("built")


def test_a_build_with_nothing_to_do_does_not_wait_for_the_lock(project, exporter, capsys):
    """Outputs as the last build left them need no lock to be found up to date."""
    cfg = load_config(project, as_of=dt.date(2025, 10, 15))
    build(cfg, exporter=exporter)
    with build_lock(cfg.out_dir):
        assert main(["build", "--as-of", "2025-10-15"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("up to date") and "waiting" not in err


def test_a_build_that_finds_an_output_changed_waits_for_the_lock(project, exporter, capsys):
    """A folder another build is rewriting (an output replaced, the manifest not yet) is no no-op."""
    cfg = load_config(project, as_of=dt.date(2025, 10, 15))
    build(cfg, exporter=exporter)
    codes = []
    with build_lock(cfg.out_dir):
        pdf = cfg.out_dir / "briefing-pack.pdf"
        pdf.write_bytes(pdf.read_bytes())  # same bytes, a new mtime: as a build mid-write leaves it
        waiter = threading.Thread(target=lambda: codes.append(main(["build", "--as-of", "2025-10-15"])))
        waiter.start()
        time.sleep(1.5)
        assert codes == []
    waiter.join(timeout=60)
    assert codes == [0] and "waiting for another build" in capsys.readouterr().err


def test_a_build_that_finds_temp_files_waits_for_the_lock(project, exporter, capsys):
    """Temp files mean a build is writing (or was killed): only the lock's holder may judge."""
    cfg = load_config(project, as_of=dt.date(2025, 10, 15))
    build(cfg, exporter=exporter)
    codes = []
    with build_lock(cfg.out_dir):
        (cfg.out_dir / f"{TEMP_PREFIX}abc123.pdf").write_bytes(b"%PDF-1.4 half")
        waiter = threading.Thread(target=lambda: codes.append(main(["build", "--as-of", "2025-10-15"])))
        waiter.start()
        time.sleep(1.5)
        assert codes == []
    waiter.join(timeout=60)
    out, err = capsys.readouterr()
    assert codes == [0] and "waiting for another build" in err and out.startswith("up to date")
    assert temp_files(cfg.out_dir) == []


def test_a_data_error_leaves_every_previous_output_byte_identical(project, exporter, capsys):
    cfg = load_config(project, as_of=dt.date(2025, 10, 15))
    build(cfg, exporter=exporter)
    before = snapshot(cfg.out_dir)
    mtimes = {p: p.stat().st_mtime_ns for p in cfg.out_dir.rglob("*") if p.is_file()}
    with (project / "events/events.yaml").open("a") as fh:
        fh.write("\n  - date: 31 Feb 2025\n    title: No such day\n")
    with pytest.raises(ValidationFailed):
        build(cfg, exporter=exporter)
    assert main(["build", "--as-of", "2025-10-15", "--force"]) == 2
    assert "nothing was written" in capsys.readouterr().err
    assert snapshot(cfg.out_dir) == before
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes


def test_leftover_temp_files_are_cleaned_up(project, exporter):
    cfg = load_config(project, as_of=dt.date(2025, 10, 15))
    build(cfg, exporter=exporter)
    for folder in (cfg.out_dir, cfg.out_dir / ".cache"):
        (folder / f"{TEMP_PREFIX}abc123.pdf").write_bytes(b"%PDF-1.4 truncated")
    assert build(cfg, exporter=exporter).up_to_date
    assert temp_files(cfg.out_dir) == []


def small_folder(path: Path, title: str) -> Path:
    path.mkdir(parents=True)
    (path / "events.yaml").write_text(
        f"events:\n  - date: 1 Oct 2025\n    title: {title} opens\n"
        f"  - date: Nov 2025\n    title: {title} review\n    lane: Review\n"
    )
    return path


def test_jobs_builds_one_pack_per_events_folder(tmp_path, capsys):
    north = small_folder(tmp_path / "wards/north", "North station")
    south = small_folder(tmp_path / "wards/south", "South station")
    args = ["build", "--project", str(tmp_path), "--out", str(tmp_path / "out"), "--as-of", "2025-10-15"]
    code = main([*args, "--events", str(north), "--events", str(south), "--jobs", "2"])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = sorted(out.splitlines())
    assert len(lines) == 2 and lines[0].startswith("north: built ") and lines[1].startswith("south: built ")
    for name, title in (("north", "North station"), ("south", "South station")):
        pdf = tmp_path / "out" / name / "briefing-pack.pdf"
        assert_readable_pdf(pdf)
        assert f"{title} opens" in all_text(pdf.read_bytes())
        assert (tmp_path / "out" / name / "timeline.png").stat().st_size > 1000


def test_each_pack_keeps_its_own_exit_code_and_the_worst_wins(tmp_path, capsys):
    good = small_folder(tmp_path / "good", "Good station")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "events.yaml").write_text("events:\n  - date: 31/13/2025\n    title: Bad\n")
    args = ["build", "--project", str(tmp_path), "--out", str(tmp_path / "out"), "--each"]
    code = main([*args, "--events", str(good), "--events", str(bad)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out.startswith("good: built ") and "bad/events.yaml:2" in err and "bad: 1 error(s)" in err
    assert_readable_pdf(tmp_path / "out/good/briefing-pack.pdf")
    assert not (tmp_path / "out/bad").exists() or not (tmp_path / "out/bad/briefing-pack.pdf").exists()
