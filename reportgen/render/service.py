"""A renderer kept warm across command-line runs: one background Chromium that builds share.

A one-shot `reportgen build` spends most of its time starting Chromium and kaleido. The
first build starts a render service instead of a Chromium of its own; later builds connect
to it. The service:

- listens on a Unix socket in a folder only this user can enter (`runtime_dir`);
- is keyed by everything that can change a rendered byte (`service_key`): the versions of
  reportgen, plotly, kaleido, Chromium and the installed fonts. A build only ever talks to
  the service of its own key, and checks the key the service states, so a stale service is
  never used; it is left to its idle timeout;
- runs once per key (an exclusive lock held for its life);
- exits after `REPORTGEN_RENDERER_IDLE` seconds without a request (default 600).

Any failure to reach it, a reply that does not come within `REPORTGEN_RENDERER_TIMEOUT`
seconds, or a service that dies mid-build makes the build render in its own process, as if
there were no service; a service that hung is killed. `REPORTGEN_RENDERER=off` turns it off.

Wire format, both ways: a 4-byte big-endian length of a JSON header, the header, a 4-byte
length of a body, the body. Requests: `hello`, `render` (body: the figure's JSON), `print`
(body: the page) and `stop`; replies carry the request's `id`.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from reportgen.errors import RenderError
from reportgen.render import enabled
from reportgen.render.chromium import find_chromium
from reportgen.render.export import FORMATS, Exporter, Format, PendingRender, check_image_size
from reportgen.render.rendezvous import (
    _alive,
    _hello,
    _holder,
    _kill,
    _locked,
    _paths,
    _receive,
    _seconds,
    _send,
    reply_seconds,
    runtime_dir,
    service_key,
)

__all__ = ["RemoteExporter", "Running", "connect", "enabled", "running", "service_key", "stop_all"]


# -- the client ------------------------------------------------------------------------------
class RemoteExporter:
    """An Exporter that draws in the render service; it falls back to a Chromium of its own.

    It offers what a build uses of `Exporter`: start, wait_launched, wait_ready, ready, alive,
    restart, submit, print_html, close. It connects in the background (starting the service
    when none answers), so a build loads and lays out meanwhile, as with a local Chromium.
    """

    def __init__(self, key: str, *, spawn: bool = True) -> None:
        self.key = key
        self.info: dict[str, Any] = {}
        self.used_service = False  # True once a render came back from the service
        self._sock: socket.socket | None = None
        self._spawn = spawn
        self._futures: dict[int, Future[bytes]] = {}
        self._lock = threading.Lock()
        self._connected = threading.Event()  # set once connected, or given up
        self._next = 0
        self._broken: BaseException | None = None
        self._closed = False
        self._local: Exporter | None = None  # the fallback, once the service has failed us
        self._reader = threading.Thread(target=self._run, name="reportgen-renderer", daemon=True)
        self._reader.start()
        self.pid: int | None = None

    # -- what a build calls --
    def start(self) -> RemoteExporter:
        return self

    def wait_launched(self, timeout: float = 5.0) -> bool:
        return True  # the service starts in a process of its own: nothing here competes with it

    def wait_ready(self) -> RemoteExporter:
        self._connected.wait()
        if self._local is not None:
            self._local.wait_ready()
        return self

    def ready(self) -> bool:
        if self._local is not None:
            return self._local.ready()
        return self._connected.is_set()

    def alive(self) -> bool:
        return self._local.alive() if self._local is not None else self._broken is None

    def restart(self) -> RemoteExporter:
        """After a failed render: the service is not trusted again; draw in this process."""
        self._give_up(RenderError("the render service failed a render"), kill=True)
        return self

    def __enter__(self) -> RemoteExporter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed = True  # the reader, woken by the closing socket, must not start a fallback
        self._give_up(ConnectionError("closed"), local=False)
        if self._local is not None:
            self._local.close()

    def render(self, fig: Any, fmt: Format, *, width: int, height: int, scale: float = 1.0) -> bytes:
        """As `Exporter.render`: a failed render is drawn once more, in this process."""
        try:
            return self.submit(fig, fmt, width=width, height=height, scale=scale).result()
        except RenderError:
            self.restart()
            return self.submit(fig, fmt, width=width, height=height, scale=scale).result()

    def submit(self, fig: Any, fmt: Format, *, width: int, height: int, scale: float = 1.0) -> PendingRender:
        if fmt not in FORMATS:
            raise RenderError(f"unknown image format {fmt!r}; use one of {', '.join(FORMATS)}")
        check_image_size(fmt, width, height, scale)
        if self._fallen_back():
            assert self._local is not None
            return self._local.submit(fig, fmt, width=width, height=height, scale=scale)
        import plotly.io as pio

        body = pio.to_json(fig, validate=False, remove_uids=False).encode()
        header = {"op": "render", "fmt": fmt, "width": width, "height": height, "scale": scale}
        return PendingRender(self._request(header, body), fmt, (round(width * scale), round(height * scale)))

    def print_html(self, html: bytes) -> PendingRender:
        if self._fallen_back():
            assert self._local is not None
            return self._local.print_html(html)
        from reportgen.render.printing import print_timeout

        # a long page takes longer to print: that is not a hung service
        return PendingRender.of_print(self._request({"op": "print"}, html, print_timeout(html)), html)

    def rasterise(self, svg: bytes, *, width: int, height: int, scale: float = 1.0) -> PendingRender:
        check_image_size("png", width, height, scale)
        if self._fallen_back():
            assert self._local is not None
            return self._local.rasterise(svg, width=width, height=height, scale=scale)
        header = {"op": "raster", "width": width, "height": height, "scale": scale}
        return PendingRender(self._request(header, svg), "png", (round(width * scale), round(height * scale)))

    # -- plumbing --
    def _fallen_back(self) -> bool:
        self._connected.wait()
        return self._local is not None

    def _request(self, header: dict[str, Any], body: bytes, extra_s: float = 0.0) -> Future[bytes]:
        future: Future[bytes] = Future()
        with self._lock:
            if self._broken is not None or self._sock is None:
                future.set_exception(RenderError(f"the render service failed: {self._broken}"))
                return future
            self._next += 1
            ident = self._next
            self._futures[ident] = future
            sock = self._sock
        try:
            _send(sock, {**header, "id": ident}, body)
        except OSError as exc:
            self._give_up(exc)
        seconds = reply_seconds() + extra_s
        timer = threading.Timer(seconds, self._overdue, args=(ident, seconds))
        timer.daemon = True
        timer.start()
        future.add_done_callback(lambda _: timer.cancel())
        return future

    def _overdue(self, ident: int, seconds: float) -> None:
        with self._lock:
            late = ident in self._futures and not self._futures[ident].done()
        if late:  # a hung service: never used again, by this build or the next
            self._give_up(TimeoutError(f"no reply in {seconds:g} s"), kill=True)

    def _run(self) -> None:
        try:
            sock, self.info = _open(self.key, spawn=self._spawn)
        except Exception as exc:
            self._give_up(exc)
            return
        with self._lock:
            self._sock = sock
        self._connected.set()
        try:
            while True:
                header, body = _receive(sock)
                with self._lock:
                    future = self._futures.pop(header.get("id", -1), None)
                if future is None or future.done():
                    continue
                if header.get("ok"):
                    self.used_service = True
                    future.set_result(body)
                else:
                    future.set_exception(RenderError(header.get("error", "the render service failed")))
        except (OSError, ConnectionError, ValueError, struct.error) as exc:
            self._give_up(exc)

    def _give_up(self, why: BaseException, *, kill: bool = False, local: bool = True) -> None:
        """Fail what is waiting (the build draws it again, here) and draw in-process from now on."""
        with self._lock:
            if self._broken is None:
                self._broken = why
            waiting, self._futures = list(self._futures.values()), {}
            if local and self._local is None and not self._closed:
                self._local = Exporter().start()
            sock, self._sock = self._sock, None
        self._connected.set()
        for future in waiting:
            if not future.done():
                future.set_exception(RenderError(f"the render service failed: {why}"))
        if kill and self.info:
            _kill(self.info)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def connect(*, spawn: bool = True) -> RemoteExporter | None:
    """A client of this user's render service (started in the background if none answers);
    None when the service is off or cannot be keyed: the build renders in-process."""
    if not enabled():
        return None
    try:
        key = service_key(find_chromium())
        _paths(key)
    except Exception:
        return None  # no Chromium, no private folder: the build reports what matters itself
    return RemoteExporter(key, spawn=spawn)


def _open(key: str, *, spawn: bool) -> tuple[socket.socket, dict[str, Any]]:
    """A connection to the service of `key`, starting it when none answers.

    Raises ConnectionError when there is none to be had: a foreign or stale socket, a service
    that exited (its Chromium would not start) or that did not come up in time.
    """
    path, lock = _paths(key)
    deadline = time.monotonic() + _seconds("REPORTGEN_CHROMIUM_TIMEOUT", 60.0)
    child: subprocess.Popen[bytes] | None = None
    while True:
        try:
            sock, info = _hello(path, reply_seconds())
        except TimeoutError:  # it took the connection but does not answer: hung
            _kill(_holder(lock, key) or {"key": key})
            raise ConnectionError("the render service did not answer; it was stopped") from None
        except (OSError, ValueError, struct.error, ConnectionError):
            pass
        else:
            if info.get("key") == key:
                return sock, info
            sock.close()
            raise ConnectionError(f"{path} answers for another renderer: not used")
        if not spawn or time.monotonic() > deadline:
            raise ConnectionError("no render service")
        if child is None:
            child = _spawn(key)
        elif child.poll() is not None and not _locked(lock):
            raise ConnectionError("the render service exited")
        time.sleep(0.02)


def _spawn(key: str) -> subprocess.Popen[bytes]:
    """Start the service, detached: its own session, no terminal, outliving this build."""
    return subprocess.Popen(
        [sys.executable, "-m", "reportgen.render.service_main", key],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )


@dataclass(frozen=True)
class Running:
    key: str
    pid: int
    chromium_pid: int | None
    uptime_s: float
    renders: int
    current: bool  # keyed for this reportgen, plotly, kaleido, Chromium and fonts


def running() -> list[Running]:
    """Every render service of this user that answers."""
    try:
        folder = runtime_dir()
        current = service_key(find_chromium())
    except Exception:
        return []
    out = []
    for path in sorted(folder.glob("renderer-*.sock")):
        with contextlib.suppress(OSError, ValueError, struct.error, ConnectionError):
            sock, info = _hello(path, 2.0)
            sock.close()
            out.append(
                Running(
                    str(info["key"]),
                    int(info["pid"]),
                    info.get("chromium_pid"),
                    time.time() - float(info["started"]),
                    int(info["renders"]),
                    info["key"] == current,
                )
            )
    return out


def stop_all(timeout: float = 10.0) -> int:
    """Ask every service to stop and wait for it to go; returns how many there were."""
    services = running()
    folder = runtime_dir()
    for service in services:
        with contextlib.suppress(OSError, ValueError, struct.error, ConnectionError):
            sock, _ = _hello(folder / f"renderer-{service.key}.sock", 2.0)
            _send(sock, {"op": "stop", "id": 1})
            _receive(sock)
            sock.close()
    deadline = time.monotonic() + timeout
    for service in services:
        while _alive(service.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _alive(service.pid):
            _kill({"pid": service.pid, "chromium_pid": service.chromium_pid, "key": service.key})
    return len(services)
