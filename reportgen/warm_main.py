"""The warm build process itself: `python -m reportgen.warm_main KEY`, started by the render
service once it is idle, gone with it. Forks one build per request (see `reportgen.warm`).
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import os
import signal
import socket
import struct
import sys
import tempfile
import threading
import traceback
from typing import Any

from reportgen.warm import STDIO, WARM_PID, say, socket_path


def preload() -> None:
    """Import what a build imports, load the default style's fonts, and let plotly fill its
    validator caches, once."""
    import pikepdf  # noqa: F401  (places the figures in the pack)
    import plotly.graph_objects as go
    import plotly.io as pio

    import reportgen.build
    import reportgen.changes
    import reportgen.drawing
    import reportgen.editions
    import reportgen.figureset
    import reportgen.load
    import reportgen.prepare
    import reportgen.render.charts
    import reportgen.render.service
    import reportgen.render.timeline
    import reportgen.writers.html
    import reportgen.writers.pdf
    import reportgen.writers.pdf.figures  # noqa: F401
    from reportgen.theme import Theme
    from reportgen.writers.pdf.styles import theme_fonts

    theme_fonts(Theme())

    fig = go.Figure([go.Scatter(x=[1], y=[1]), go.Bar(x=[1], y=[1])])
    fig.update_layout(shapes=[{"type": "rect"}], annotations=[{"text": "x"}], title="x")
    pio.to_json(fig, validate=False)


def serve(service: str) -> int:
    """Fork a build for each request until the render service that started us is gone."""
    from reportgen.render.chromium import find_chromium
    from reportgen.render.rendezvous import service_key

    parent = os.getppid()
    path = socket_path(service)
    preload()
    if service_key(find_chromium()) != service:
        return 0  # reportgen's code changed before it was imported: this process is not it
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    with contextlib.suppress(OSError):
        partial.unlink()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o077)
    try:
        server.bind(str(partial))
    finally:
        os.umask(old)
    server.listen(16)
    ours = partial.stat().st_ino
    os.replace(partial, path)
    server.settimeout(0.5)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # forks are never waited for: no zombies
    try:
        while os.getppid() == parent:
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            _fork(server, conn)
    finally:
        with contextlib.suppress(OSError):
            if path.stat().st_ino == ours:  # not a newer process's socket of the same name
                path.unlink()
        server.close()
    return 0


def _fork(server: socket.socket, conn: socket.socket) -> None:
    fds: list[int] = []
    try:
        uid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))[1]
        if uid != os.getuid():
            return
        conn.settimeout(5.0)
        data, fds, _, _ = socket.recv_fds(conn, 1 << 16, STDIO)
        (n,) = struct.unpack(">I", data[:4])
        from reportgen.render.rendezvous import _read_exact

        body = data[4:] + (_read_exact(conn, n - len(data) + 4) if len(data) - 4 < n else b"")
        request = json.loads(body)
        if len(fds) != STDIO:
            return
        conn.settimeout(None)
        if os.fork() == 0:
            server.close()
            _build(conn, request, fds)  # never returns
    except (OSError, ValueError, struct.error, ConnectionError):
        return
    finally:
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        conn.close()


def _build(conn: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
    """In the fork: become the command the user ran, run it, answer its exit code."""
    code = 1
    try:
        os.setpgid(0, 0)  # stopping a hung render service (its process group) leaves this build be
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the build waits for its own children
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ[WARM_PID] = str(os.getpid())  # a child process of the build is not the fork
        os.umask(int(request["umask"]))
        tempfile.tempdir = None  # found again from this build's TMPDIR
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False))
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), line_buffering=os.isatty(1))
        sys.stderr = io.TextIOWrapper(
            io.FileIO(2, "w", closefd=False), line_buffering=True, errors="backslashreplace"
        )
        sys.argv = ["reportgen", *request["argv"]]
        say(conn, {"pid": os.getpid()})
        threading.Thread(target=_watch, args=(conn,), daemon=True).start()
        from reportgen.cli import main

        code = main(request["argv"])
        atexit._run_exitfuncs()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except KeyboardInterrupt:
        code = 130
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(OSError):
            say(conn, {"code": code})
        os._exit(code)


def _watch(conn: socket.socket) -> None:
    """The command that asked for this build went away (killed): so does the build."""
    with contextlib.suppress(OSError):
        if conn.recv(1) == b"":
            os.kill(os.getpid(), signal.SIGTERM)


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1]))
