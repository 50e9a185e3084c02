"""The warm build process: one-shot `reportgen build`s run in a fork of a process that has
imported everything already.

    python -m reportgen.warm_main KEY     # started by the render service, gone with it

A one-shot build spends ~0.5 s of its ~1.8 s importing pydantic, plotly, ReportLab and pypdf
and loading fonts, before any work of its own. Beside the render service (see
`reportgen.render.service`) runs one process that has done that once; `reportgen build` hands
it its arguments, folder, environment and its terminal's stdin/stdout/stderr over a Unix
socket (the file descriptors themselves, SCM_RIGHTS), and it forks. The fork runs `main`
exactly as the command would, writes straight to the user's terminal or pipe, and sends back
the exit code. Each build is a fresh fork, so nothing one build does is seen by the next.

The socket's name carries the render service's key, a digest of reportgen's own code among
the rest: a build of other code finds no socket of its name and runs in its own process, as it does
when anything here fails before the fork (no service, `REPORTGEN_RENDERER=off`, batch builds).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import struct
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import socket

WARM_PID = "REPORTGEN_WARM_PID"  # set in a fork to its own pid: `build -v` says where it ran
STDIO = 3  # stdin, stdout, stderr travel with the request
_NOT_HERE = ("--jobs", "--each", "--dask")  # batch and cluster builds make processes of their own


def socket_path(service: str) -> Path:
    """Where the warm build process beside the render service of key `service` listens."""
    from reportgen.render.rendezvous import runtime_dir

    return runtime_dir() / f"build-{service}.sock"


def delegate(argv: list[str]) -> int | None:
    """Run `reportgen build ARGV…` in the warm build process: its exit code, or None when
    there is none to take it (then the caller builds in its own process, as ever)."""
    from reportgen.render import enabled

    if not argv or argv[0] != "build" or any(a.split("=")[0] in _NOT_HERE for a in argv) or not enabled():
        return None
    import socket

    try:
        from reportgen.render.chromium import find_chromium
        from reportgen.render.rendezvous import service_key

        path = socket_path(service_key(find_chromium()))
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(2.0)
        sock.connect(str(path))
        request = json.dumps({"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ), "umask": _umask()})
        data = request.encode()
        socket.send_fds(sock, [struct.pack(">I", len(data)) + data], [0, 1, 2])
        started = reply(sock)  # the fork's pid: nothing has been built before this arrives
    except (OSError, ValueError, struct.error, ConnectionError, KeyError):
        return None
    sock.settimeout(None)
    pid = int(started["pid"])
    while True:
        try:
            return int(reply(sock)["code"])
        except KeyboardInterrupt:  # Ctrl-C reached this process, not the build's
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGINT)
        except (OSError, ValueError, struct.error, ConnectionError, KeyError):
            # the fork died without a word (killed): the build is done again here; its writes
            # are atomic and the output folder locked, so nothing half-made is kept
            return None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def reply(sock: socket.socket) -> dict[str, Any]:
    from reportgen.render.rendezvous import _read_exact

    (n,) = struct.unpack(">I", _read_exact(sock, 4))
    answer: dict[str, Any] = json.loads(_read_exact(sock, n))
    return answer


def say(sock: socket.socket, message: dict[str, Any]) -> None:
    data = json.dumps(message).encode()
    sock.sendall(struct.pack(">I", len(data)) + data)
