"""Where builds and the render service meet: its key, its private folder, its lock and the wire.

See `reportgen.render.service` for what the service is and how builds use it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import signal
import socket
import stat
import struct
import tempfile
from pathlib import Path
from typing import Any

DEFAULT_IDLE_S = 600.0
_MAX_FOLDER = 60  # leaves room for ".renderer-<key>.sock.<pid>" within a socket path's 107 bytes
DEFAULT_REPLY_S = 60.0
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts", "/etc/fonts")


def _seconds(name: str, default: float) -> float:
    try:
        return max(0.1, float(os.environ.get(name, "") or default))
    except ValueError:
        return default


def idle_seconds() -> float:
    return _seconds("REPORTGEN_RENDERER_IDLE", DEFAULT_IDLE_S)


def reply_seconds() -> float:
    return _seconds("REPORTGEN_RENDERER_TIMEOUT", DEFAULT_REPLY_S)


def service_key(chromium: Path) -> str:
    """A digest of everything that can change what the service draws, or how the warm build
    process (`reportgen.warm`) beside it builds: reportgen's code and the renderers' versions
    (`code_digest`), the plotly.js bundle kaleido loads, Chromium and the fonts."""
    from reportgen.codekey import code_digest
    from reportgen.render import plotlyjs

    parts = [code_digest(), str(chromium.resolve()), plotlyjs.key()]
    with contextlib.suppress(OSError):
        st = chromium.resolve().stat()
        parts.append(f"chromium:{st.st_size}:{st.st_mtime_ns}")
    for folder in _FONT_DIRS:  # a font added or removed changes the folder's time
        with contextlib.suppress(OSError):
            parts.append(f"{folder}:{Path(folder).expanduser().stat().st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def runtime_dir() -> Path:
    """This user's folder for service sockets: made 0700, and refused if anyone else owns it."""
    base = Path(os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir())
    folder = base / f"reportgen-{os.getuid()}"
    # a Unix socket's path holds 107 bytes at most; a runtime folder that is gone is no place
    if len(str(folder)) > _MAX_FOLDER or not base.is_dir():
        folder = Path(tempfile.gettempdir()) / f"reportgen-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    st = folder.lstat()
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        raise OSError(f"{folder} is not a folder of this user's")
    if stat.S_IMODE(st.st_mode) != 0o700:
        folder.chmod(0o700)
    return folder


def _paths(key: str) -> tuple[Path, Path]:
    folder = runtime_dir()
    return folder / f"renderer-{key}.sock", folder / f"renderer-{key}.lock"


# -- the wire --------------------------------------------------------------------------------
def _send(sock: socket.socket, header: dict[str, Any], body: bytes = b"") -> None:
    head = json.dumps(header).encode()
    sock.sendall(struct.pack(">I", len(head)) + head + struct.pack(">I", len(body)) + body)


def _read_exact(sock: socket.socket, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise ConnectionError("the render service closed the connection")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _receive(sock: socket.socket) -> tuple[dict[str, Any], bytes]:
    (n,) = struct.unpack(">I", _read_exact(sock, 4))
    header = json.loads(_read_exact(sock, n))
    (m,) = struct.unpack(">I", _read_exact(sock, 4))
    return header, _read_exact(sock, m)


def _note(fd: int, info: dict[str, Any]) -> None:
    """Who holds the lock: so a build that finds the service hung can kill it."""
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(info).encode(), 0)


def _holder(lock: Path, key: str) -> dict[str, Any]:
    """The lock holder's note, if it is a render service of `key` (checked in /proc): else {}."""
    try:
        info = json.loads(lock.read_text())
        cmdline = Path(f"/proc/{int(info['pid'])}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    ours = b"reportgen.render.service_main" in cmdline and key.encode() in cmdline
    return {**info, "key": key} if ours else {}


def _kill(info: dict[str, Any]) -> None:
    """Kill a service and its Chromium (ours: same user), and take its socket away."""
    for pid in (info.get("chromium_pid"), info.get("builder_pid"), info.get("pid")):
        if isinstance(pid, int):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        _paths(str(info.get("key", "")))[0].unlink()


def _hello(path: Path, timeout: float) -> tuple[socket.socket, dict[str, Any]]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(str(path))
        _send(sock, {"op": "hello", "id": 0})
        info, _ = _receive(sock)
    except BaseException:
        sock.close()
        raise
    sock.settimeout(None)
    return sock, info


def _locked(lock: Path) -> bool:
    """True while some service holds the key's lock (one is starting or running)."""
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):  # a zombie of ours counts as gone
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    return True
