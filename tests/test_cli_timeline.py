"""`reportgen timeline` as a user runs it: files, sizes, exit codes, messages."""

from __future__ import annotations

import io
import stat
import subprocess
import uuid
from pathlib import Path

import pytest
from helpers import processes_with, run_reportgen
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return run_reportgen("timeline", "--as-of", "2025-10-15", *args, env=env, timeout=timeout)


@pytest.mark.chromium
def test_png_svg_pdf_html_twice_identical(tmp_path: Path) -> None:
    outputs = {}
    for run_no in (1, 2):
        for suffix in ("png", "svg", "html"):
            out = tmp_path / f"{run_no}" / f"timeline.{suffix}"
            result = run("-o", str(out), "--width", "1000", "--height", "600", "--title", "Test")
            assert result.returncode == 0, result.stderr
            assert f"wrote {out}" in result.stdout
            outputs[run_no, suffix] = out.read_bytes()
    assert Image.open(io.BytesIO(outputs[1, "png"])).size == (1000, 600)
    for suffix in ("png", "svg", "html"):
        assert outputs[1, suffix] == outputs[2, suffix], f"{suffix} differs between processes"


@pytest.mark.chromium
def test_pdf_and_scale(tmp_path: Path) -> None:
    result = run("-o", str(tmp_path / "t.pdf"), "--width", "800", "--height", "500")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF")
    result = run(
        "--events",
        str(ROOT / "tests/data/timelinejs/houston.json"),
        "-o",
        str(tmp_path / "h.png"),
        "--width",
        "800",
        "--height",
        "500",
        "--scale",
        "2",
    )
    assert result.returncode == 0, result.stderr
    with Image.open(tmp_path / "h.png") as image:
        assert image.size == (1600, 1000)


def test_unknown_suffix_exits_2(tmp_path: Path) -> None:
    result = run("-o", str(tmp_path / "timeline.gif"))
    assert result.returncode == 2
    assert "unknown suffix '.gif'" in result.stderr and ".png, .svg, .pdf, .html" in result.stderr
    assert not (tmp_path / "timeline.gif").exists()


def test_missing_chromium_exits_3_with_install_hint(tmp_path: Path) -> None:
    token = f"reportgen-test-{uuid.uuid4()}"
    result = run("-o", str(tmp_path / "t.png"), env={"REPORTGEN_CHROMIUM": "/nonexistent", "RG_TOKEN": token})
    assert result.returncode == 3
    assert "Chromium not found at /nonexistent" in result.stderr
    assert "apt-get install -y chromium" in result.stderr
    assert "Traceback" not in result.stderr
    assert processes_with(token) == []
    assert not (tmp_path / "t.png").exists()


def test_hanging_chromium_is_killed_after_the_timeout(tmp_path: Path) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexec sleep 300\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    token = f"reportgen-test-{uuid.uuid4()}"
    env = {"REPORTGEN_CHROMIUM": str(fake), "REPORTGEN_CHROMIUM_TIMEOUT": "3", "RG_TOKEN": token}
    result = run("-o", str(tmp_path / "t.png"), env=env, timeout=60)
    assert result.returncode == 3
    assert "did not start within 3 s" in result.stderr and "apt-get install" in result.stderr
    assert "Traceback" not in result.stderr
    assert processes_with(token) == []
