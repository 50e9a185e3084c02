"""Many packs on a real Dask cluster: a LocalCluster, and a scheduler and workers started as processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from helpers import processes_with, run_reportgen
from pypdf import PdfReader

pytest.importorskip("distributed")
pytestmark = pytest.mark.chromium

DASK = Path(sys.executable).with_name("dask")


def wards(root: Path) -> list[str]:
    """Two good ward folders and one with a bad date on line 2."""
    for ward in ("north", "south"):
        (root / ward).mkdir()
        (root / ward / "e.yaml").write_text(
            f"title: Ward {ward}\nevents:\n  - {{date: 2024, title: Meeting in {ward}}}\n"
            f"  - {{date: Mar 2025, title: Survey of {ward}}}\n"
        )
    (root / "broken").mkdir()
    (root / "broken" / "e.yaml").write_text("events:\n  - {date: Sept 2O23, title: Bad}\n")
    return ["--events", "north", "--events", "south", "--events", "broken"]


def gone(token: str, timeout: float = 20) -> bool:
    """True once no process carrying `token` in its environment is left."""
    deadline = time.monotonic() + timeout
    while processes_with(token) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not processes_with(token)


def check_packs(out: Path, proc: subprocess.CompletedProcess[str]) -> None:
    assert proc.returncode == 2, proc.stderr  # one folder had bad data; the others built
    assert "broken/e.yaml:2: date 'Sept 2O23' is not a date" in proc.stderr
    assert "broken: 1 error(s); nothing was written" in proc.stderr
    for ward in ("north", "south"):
        assert f"{ward}: built" in proc.stdout
        assert PdfReader(out / ward / "briefing-pack.pdf").metadata["/Title"] == f"Ward {ward}"
    assert not (out / "broken").exists()


def test_a_local_cluster_builds_every_pack_and_reports_the_broken_one(tmp_path):
    token = f"reportgen-test-{uuid.uuid4().hex}"
    args = wards(tmp_path)
    out = tmp_path / "out"
    proc = run_reportgen(
        "build", *args, "--dask", "local", "--jobs", "2", "--out", str(out), "--as-of", "2025-10-15",
        cwd=tmp_path, env={"REPORTGEN_TEST_TOKEN": token}, timeout=300,
    )  # fmt: skip
    check_packs(out, proc)
    assert gone(token), "a worker or its Chromium outlived the run"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_scheduler_and_workers_as_processes(tmp_path):
    token = f"reportgen-test-{uuid.uuid4().hex}"
    env = {**os.environ, "REPORTGEN_TEST_TOKEN": token}
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    started: list[subprocess.Popen[bytes]] = []
    try:
        started.append(subprocess.Popen(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))  # fmt: skip
        started.append(subprocess.Popen(
            [str(DASK), "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
             "--host", "127.0.0.1"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))  # fmt: skip
        args = wards(tmp_path)
        out = tmp_path / "out"
        proc = run_reportgen(
            "build", *args, "--dask", address, "--out", str(out), "--as-of", "2025-10-15",
            cwd=tmp_path, env={"REPORTGEN_DASK_TIMEOUT": "60"}, timeout=300,
        )  # fmt: skip
        check_packs(out, proc)
    finally:
        for p in reversed(started):
            p.terminate()
        for p in started:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
    assert gone(token, timeout=30), "a scheduler, worker or Chromium outlived the test"


def test_an_unreachable_scheduler_is_exit_3_within_the_timeout(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "e.yaml").write_text("events:\n  - {date: 2024, title: A}\n")
    started = time.monotonic()
    proc = run_reportgen(
        "build", "--events", "a", "--dask", f"tcp://127.0.0.1:{free_port()}", cwd=tmp_path,
        env={"REPORTGEN_DASK_TIMEOUT": "3"},
    )  # fmt: skip
    assert proc.returncode == 3 and "cannot reach the Dask scheduler" in proc.stderr
    assert time.monotonic() - started < 30 and "Traceback" not in proc.stderr


def test_without_dask_installed_the_message_says_how_to_install_it(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "e.yaml").write_text("events:\n  - {date: 2024, title: A}\n")
    code = (
        "import sys; sys.modules['distributed'] = None\n"
        "from reportgen.cli import main\n"
        "sys.exit(main(['build', '--events', 'a', '--dask', 'local']))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 3 and 'pip install "reportgen[cluster]"' in proc.stderr
