"""The only module that writes output files.

Writes are atomic (temp file in the same folder, fsync, `os.replace`) so a
build killed at any moment leaves the previous file intact, and unchanged bytes
are not rewritten so modification times stay meaningful.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

TEMP_PREFIX = ".reportgen-tmp-"


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically. Returns False when the file already held these bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return True


def clean_temp_files(folder: Path) -> list[Path]:
    """Remove temp files a killed build left behind."""
    removed = []
    if folder.is_dir():
        for tmp in folder.rglob(f"{TEMP_PREFIX}*"):
            with contextlib.suppress(OSError):
                tmp.unlink()
                removed.append(tmp)
    return removed


@contextlib.contextmanager
def build_lock(
    folder: Path,
    timeout: float = -1,
    *,
    on_wait: Callable[[], None] | None = None,
    patience: float = 0.5,
) -> Iterator[None]:
    """Serialise builds writing to the same output folder (waits by default).

    `on_wait` is called once when the lock is still held by another build after
    `patience` seconds (e.g. to say "waiting for another build…").
    """
    from filelock import FileLock, Timeout

    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / ".reportgen.lock"), timeout=timeout)
    try:
        lock.acquire(timeout=patience if on_wait is not None else timeout)
    except Timeout:
        if on_wait is None or 0 <= timeout <= patience:
            raise
        on_wait()
        lock.acquire(timeout=timeout)
    try:
        yield
    finally:
        lock.release()
