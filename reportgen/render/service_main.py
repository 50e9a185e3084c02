"""The render service's process: `python -m reportgen.render.service_main KEY` (started by a build).

One Exporter, one thread per connection, gone when idle; see `reportgen.render.service`.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time
from typing import Any

from reportgen.render.export import Exporter
from reportgen.render.rendezvous import _note, _paths, _receive, _send, idle_seconds
from reportgen.warm import socket_path


# -- the service -----------------------------------------------------------------------------
class Service:
    """The server side: one Exporter, one thread per connection, gone when idle."""

    def __init__(self, key: str, idle: float) -> None:
        self.key, self.idle = key, idle
        self.socket_path, self.lock_path = _paths(key)
        self.last = time.monotonic()
        self.busy = 0  # requests in progress: never idle while drawing
        self.renders = 0
        self.started = time.time()
        self.stopping = threading.Event()
        self.guard = threading.Lock()
        self.exporter = Exporter()
        self.note: dict[str, Any] = {}
        self.lock = -1
        self.builder: subprocess.Popen[bytes] | None = None  # the warm build process (reportgen.warm_main)

    def run(self) -> int:
        lock = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return 0  # a service of this key runs already
        try:
            _note(lock, {"pid": os.getpid(), "key": self.key})
            self.exporter.start().wait_ready()
            self.note = {"pid": os.getpid(), "key": self.key, "chromium_pid": self.exporter.pid}
            self.lock = lock
            _note(lock, self.note)
            with self._listen() as server:
                self._serve(server)
        finally:
            with contextlib.suppress(OSError):
                self.socket_path.unlink()
            if self.builder is not None:
                self.builder.kill()
                self.builder.wait()
                with contextlib.suppress(OSError):
                    socket_path(self.key).unlink()
            self.exporter.close()
            os.close(lock)
        return 0

    @contextlib.contextmanager
    def _listen(self) -> Any:
        # bound under a temporary name and renamed: a client never meets a half-made socket
        partial = self.socket_path.with_name(f".{self.socket_path.name}.{os.getpid()}")
        with contextlib.suppress(OSError):
            partial.unlink()
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o077)
        try:
            server.bind(str(partial))
        finally:
            os.umask(old)
        server.listen(16)
        os.replace(partial, self.socket_path)
        server.settimeout(0.5)
        try:
            yield server
        finally:
            server.close()

    def _serve(self, server: socket.socket) -> None:
        while not self.stopping.is_set():
            with self.guard:
                idle = self.busy == 0 and time.monotonic() - self.last > self.idle
            if idle or not self.exporter.alive():
                return
            self._start_builder()
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._connection, args=(conn,), daemon=True).start()

    def _start_builder(self) -> None:
        """Once the build that started this service is done with it (its ~0.6 s of imports
        would slow that build), the warm build process starts beside it, gone with it."""
        with self.guard:
            quiet = self.busy == 0 and time.monotonic() - self.last > 0.2
        if self.builder is None and quiet:
            self.builder = subprocess.Popen(
                [sys.executable, "-m", "reportgen.warm_main", self.key],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                close_fds=True,
            )
            _note(self.lock, {**self.note, "builder_pid": self.builder.pid})  # killed with the service

    def _connection(self, conn: socket.socket) -> None:
        send_lock = threading.Lock()
        with conn:
            while True:
                try:
                    header, body = _receive(conn)
                except (ConnectionError, OSError, ValueError, struct.error):
                    return
                self._touch(+1)
                if header.get("op") in ("render", "print", "raster"):
                    self._draw(conn, send_lock, header, body)
                    continue
                try:
                    with send_lock:
                        _send(conn, self._answer(header))
                finally:
                    self._touch(-1)

    def _answer(self, header: dict[str, Any]) -> dict[str, Any]:
        if header.get("op") == "stop":
            self.stopping.set()
        return {
            "id": header.get("id"),
            "ok": True,
            "key": self.key,
            "pid": os.getpid(),
            "chromium_pid": self.exporter.pid,
            "started": self.started,
            "idle_s": self.idle,
            "renders": self.renders,
        }

    def _draw(
        self, conn: socket.socket, send_lock: threading.Lock, header: dict[str, Any], body: bytes
    ) -> None:
        try:
            if header["op"] == "print":
                pending = self.exporter.print_html(body)
            elif header["op"] == "raster":
                size = {"width": header["width"], "height": header["height"], "scale": header["scale"]}
                pending = self.exporter.rasterise(body, **size)
            else:
                fig = json.loads(body)
                pending = self.exporter.submit(
                    fig, header["fmt"], width=header["width"], height=header["height"], scale=header["scale"]
                )
        except Exception as exc:  # answered, never fatal to the service
            self._reply(conn, send_lock, header, exc)
            return
        pending.on_done(lambda outcome: self._reply(conn, send_lock, header, outcome))

    def _reply(
        self, conn: socket.socket, send_lock: threading.Lock, header: dict[str, Any], outcome: Any
    ) -> None:
        try:
            with send_lock:
                if isinstance(outcome, bytes):
                    self.renders += 1
                    _send(conn, {"id": header.get("id"), "ok": True}, outcome)
                else:
                    _send(conn, {"id": header.get("id"), "ok": False, "error": str(outcome)})
        except OSError:
            pass  # the build went away; its reply has no one to go to
        finally:
            self._touch(-1)

    def _touch(self, change: int) -> None:
        with self.guard:
            self.busy += change
            self.last = time.monotonic()


if __name__ == "__main__":
    sys.exit(Service(sys.argv[1], idle_seconds()).run())
