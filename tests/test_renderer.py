"""The warm render service: real `reportgen` processes, a real service process and Chromium.

Each test has a runtime folder of its own (XDG_RUNTIME_DIR), so its services are its own,
and stops them at the end; it then checks that no process it started is left.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = (
    "briefing-pack.pdf",
    "timeline.png",
    "timeline.svg",
    "timeline.html",
    "briefing-pack.html",
    "briefing-pack-accessible.pdf",
)

pytestmark = [pytest.mark.chromium, pytest.mark.slow]


@pytest.fixture()
def env():
    # short: a Unix socket's path holds 107 bytes, and pytest's tmp_path is long
    run = Path(tempfile.mkdtemp(prefix="rg-", dir="/tmp"))
    values = {
        **os.environ,
        "REPORTGEN_RENDERER": "auto",
        "XDG_RUNTIME_DIR": str(run),
        "REPORTGEN_RENDERER_IDLE": "60",
    }
    yield values
    subprocess.run([*REPORTGEN, "renderer", "stop"], env=values, capture_output=True, timeout=60)
    for pid in _service_pids(run):
        assert not _alive(pid), f"render service {pid} left running"
    shutil.rmtree(run, ignore_errors=True)


REPORTGEN = [sys.executable, "-m", "reportgen"]


def _build(
    env: dict[str, str], out: Path, *extra: str, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    args = [*REPORTGEN, "build", "--project", str(ROOT), "--out", str(out), "--as-of", "2025-10-15", *extra]
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def _timeline(env: dict[str, str], out: Path) -> subprocess.CompletedProcess[str]:
    args = [*REPORTGEN, "timeline", "--project", str(ROOT), "-o", str(out), "--as-of", "2025-10-15"]
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=180, cwd=ROOT)


def _status(env: dict[str, str]) -> str:
    done = subprocess.run(
        [*REPORTGEN, "renderer", "status"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _service_pids(run: Path) -> list[int]:
    pids = []
    for lock in (run / f"reportgen-{os.getuid()}").glob("renderer-*.lock"):
        try:
            info = json.loads(lock.read_text() or "{}")
        except ValueError:
            continue
        found = (info.get("pid"), info.get("chromium_pid"), info.get("builder_pid"))
        pids += [p for p in found if isinstance(p, int)]
    return pids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _same_outputs(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.fixture(scope="module")
def in_process(tmp_path_factory) -> Path:
    """The default pack built with no service at all: what every build must match, byte for byte."""
    out = tmp_path_factory.mktemp("plain")
    done = _build({**os.environ, "REPORTGEN_RENDERER": "off"}, out)
    assert done.returncode == 0, done.stderr
    return out


def test_a_build_starts_the_service_and_the_next_build_draws_in_it(env, tmp_path, in_process):
    first = _build(env, tmp_path / "one")
    assert first.returncode == 0, first.stderr
    status = _status(env)
    assert status.count("render service ") == 1 and "current" in status
    renders = int(status.split(" renders")[0].rsplit(" ", 1)[1])
    assert renders >= 10  # the first build's figures were drawn in the service
    second = _build(env, tmp_path / "two")
    assert second.returncode == 0, second.stderr
    after = _status(env)
    assert int(after.split(" renders")[0].rsplit(" ", 1)[1]) > renders
    assert after.split(":")[1].split(",")[0] == status.split(":")[1].split(",")[0]  # the same pid
    _same_outputs(tmp_path / "one", in_process)
    _same_outputs(tmp_path / "two", in_process)


def test_builds_at_once_share_one_service(env, tmp_path, in_process):
    outs = [tmp_path / f"o{i}" for i in range(3)]
    args = [
        [*REPORTGEN, "build", "--project", str(ROOT), "--out", str(o), "--as-of", "2025-10-15", "-q"]
        for o in outs
    ]
    procs = [subprocess.Popen(a, env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True) for a in args]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    assert _status(env).count("render service ") == 1
    for o in outs:
        _same_outputs(o, in_process)


def test_an_idle_service_stops_and_takes_its_chromium_with_it(env, tmp_path):
    env = {**env, "REPORTGEN_RENDERER_IDLE": "2"}
    done = _timeline(env, tmp_path / "t.svg")
    assert done.returncode == 0, done.stderr
    run = Path(env["XDG_RUNTIME_DIR"])
    pids = _service_pids(run)
    assert len(pids) in (2, 3)  # the service and its Chromium (and the warm build process, once idle)
    deadline = time.monotonic() + 30
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(p) for p in pids)
    assert not list((run / f"reportgen-{os.getuid()}").glob("*.sock"))
    assert "no render service is running" in _status(env)


def test_a_killed_service_is_replaced_and_the_output_is_the_same(env, tmp_path, in_process):
    assert _build(env, tmp_path / "one").returncode == 0
    service, chromium, *_ = _service_pids(Path(env["XDG_RUNTIME_DIR"]))
    os.kill(service, signal.SIGKILL)
    os.kill(chromium, signal.SIGKILL)
    second = _build(env, tmp_path / "two")
    assert second.returncode == 0, second.stderr
    _same_outputs(tmp_path / "two", in_process)


def test_a_hung_service_is_stopped_and_the_build_draws_in_process_within_its_timeout(
    env, tmp_path, in_process
):
    assert _build(env, tmp_path / "one").returncode == 0
    service, chromium, *_ = _service_pids(Path(env["XDG_RUNTIME_DIR"]))
    os.kill(service, signal.SIGSTOP)  # takes connections (the kernel does), answers nothing
    try:
        started = time.monotonic()
        second = _build({**env, "REPORTGEN_RENDERER_TIMEOUT": "3"}, tmp_path / "two")
        took = time.monotonic() - started
    finally:
        if _alive(service):
            os.kill(service, signal.SIGCONT)
    assert second.returncode == 0, second.stderr
    assert took < 3 + 60  # its timeout, then an in-process build (tens of seconds at worst)
    _same_outputs(tmp_path / "two", in_process)
    time.sleep(0.5)
    assert not _alive(service)  # the hung service was killed, so no later build waits on it


def test_a_stale_or_foreign_socket_is_never_drawn_in(env, tmp_path, in_process):
    """Something answers on the service's socket with another key: the build draws in-process
    and sends it nothing but its greeting."""
    from reportgen.render import service as svc
    from reportgen.render.chromium import find_chromium

    old = os.environ.get("XDG_RUNTIME_DIR")
    os.environ["XDG_RUNTIME_DIR"] = env["XDG_RUNTIME_DIR"]
    try:
        key = svc.service_key(find_chromium())
        path, _ = svc._paths(key)
    finally:
        if old is None:
            del os.environ["XDG_RUNTIME_DIR"]
        else:
            os.environ["XDG_RUNTIME_DIR"] = old
    asked: list[str] = []
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(8)
    server.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                try:
                    while True:
                        header, _ = svc._receive(conn)
                        asked.append(header["op"])
                        svc._send(
                            conn, {"id": header["id"], "ok": True, "key": "0" * 20, "pid": 1, "started": 0}
                        )
                except (OSError, ConnectionError):
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        done = _build(env, tmp_path / "one")
    finally:
        stop.set()
        thread.join(5)
        server.close()
    assert done.returncode == 0, done.stderr
    assert set(asked) == {"hello"}
    _same_outputs(tmp_path / "one", in_process)


def test_the_key_follows_the_fonts(tmp_path, monkeypatch):
    from reportgen.render import rendezvous as svc
    from reportgen.render.chromium import find_chromium

    fonts = tmp_path / "fonts"
    fonts.mkdir()
    monkeypatch.setattr(svc, "_FONT_DIRS", (str(fonts),))
    before = svc.service_key(find_chromium())
    time.sleep(0.01)
    (fonts / "new.ttf").write_bytes(b"")
    assert svc.service_key(find_chromium()) != before


def test_off_means_no_service(tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    env = {**os.environ, "REPORTGEN_RENDERER": "off", "XDG_RUNTIME_DIR": str(run)}
    done = _timeline(env, tmp_path / "t.svg")
    assert done.returncode == 0, done.stderr
    assert not list(run.rglob("*.sock")) and not list(run.rglob("*.lock"))


def test_closing_a_client_starts_no_chromium_of_its_own(env, tmp_path, monkeypatch):
    """The reader thread, woken by the closing socket, once started a fallback Chromium that
    the build then waited 15 s to close."""
    from reportgen.render import service as svc
    from reportgen.render.chromium import find_chromium

    assert _build(env, tmp_path / "one").returncode == 0
    monkeypatch.setenv("XDG_RUNTIME_DIR", env["XDG_RUNTIME_DIR"])
    for _ in range(5):
        client = svc.RemoteExporter(svc.service_key(find_chromium()), spawn=False)
        client.wait_ready()
        assert client.info, "the warm service did not answer"
        client.close()
        time.sleep(0.2)
        assert client._local is None


# -- the warm build process (reportgen.warm) --------------------------------------------------
def _warm_socket(env: dict[str, str]) -> Path:
    """The warm build process's socket, once it listens (it starts when the service is idle)."""
    folder = Path(env["XDG_RUNTIME_DIR"]) / f"reportgen-{os.getuid()}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = list(folder.glob("build-*.sock"))
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError("no warm build process came up")


def test_a_one_shot_build_runs_in_the_warm_process_and_makes_the_same_bytes(env, tmp_path, in_process):
    assert _build(env, tmp_path / "one").returncode == 0
    _warm_socket(env)
    warm = _build(env, tmp_path / "two", "-v")
    assert warm.returncode == 0, warm.stderr
    assert "built in the warm build process" in warm.stderr + warm.stdout
    assert "built output" in warm.stdout or "built " in warm.stdout  # its words reached our pipe
    _same_outputs(tmp_path / "two", in_process)
    again = _build(env, tmp_path / "two", "-v")  # nothing new: a no-op, in the warm process too
    assert again.returncode == 0 and "up to date" in again.stdout + again.stderr


def test_bad_input_in_the_warm_process_exits_2_with_the_message_and_no_traceback(env, tmp_path):
    assert _build(env, tmp_path / "one").returncode == 0
    _warm_socket(env)
    bad = tmp_path / "bad.yaml"
    bad.write_text("events:\n  - date: 31 Feb 2024\n    title: Impossible day\n", encoding="utf-8")
    done = _build(env, tmp_path / "two", "--events", str(bad), "-v")
    assert done.returncode == 2
    assert f"{bad}:2:" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "two" / "briefing-pack.pdf").exists()


def test_ctrl_c_stops_a_build_in_the_warm_process(env, tmp_path):
    assert _build(env, tmp_path / "one").returncode == 0
    _warm_socket(env)
    args = [*REPORTGEN, "build", "--project", str(ROOT), "--out", str(tmp_path / "two"), "--force"]
    proc = subprocess.Popen(
        args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    time.sleep(0.6)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err


def test_the_warm_process_goes_with_its_service(env, tmp_path):
    assert _build(env, tmp_path / "one").returncode == 0
    sock = _warm_socket(env)
    pids = _service_pids(Path(env["XDG_RUNTIME_DIR"]))
    assert len(pids) == 3
    subprocess.run([*REPORTGEN, "renderer", "stop"], env=env, capture_output=True, timeout=60, check=True)
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in pids) and not sock.exists()
