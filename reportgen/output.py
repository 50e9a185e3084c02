"""The only module that writes output files.

Writes are atomic (temp file in the same folder, fsync, `os.replace`) so a
build killed at any moment leaves the previous file intact, and unchanged bytes
are not rewritten so modification times stay meaningful.

Only regular files are ever replaced: a device node, FIFO or socket at the target
is refused (`os.replace` would turn /dev/null into a regular file), and a symlink
is written through, so the file it points to gets the bytes and the link stays.
Any OS error becomes one `WriteFailed` line naming the file (exit 3).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from reportgen.errors import EnvironmentProblem, UsageError

TEMP_PREFIX = ".reportgen-tmp-"
STDOUT = "-"


class WriteFailed(EnvironmentProblem):
    """The machine refused a write (disk full, permissions, read-only or missing folder)."""


def os_problem(exc: OSError, doing: str, path: Path | str) -> WriteFailed:
    """`no space left on device writing output/timeline.html` from an OSError."""
    reason = (exc.strerror or str(exc)).lower() if exc.errno != errno.ENOSPC else "no space left on device"
    return WriteFailed(f"{reason} {doing} {path}")


def writable_target(path: Path) -> Path:
    """The regular file that writing `path` replaces: the path itself, or a symlink's target.

    Raises:
        UsageError: the target exists and is not a regular file (a device, FIFO, socket or folder).
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise os_problem(exc, "checking", path) from None
    if stat.S_ISDIR(mode):
        raise UsageError(f"cannot write {path}: it is a folder; give a file name")
    if not stat.S_ISREG(mode):
        kind = "FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device"
        raise UsageError(
            f"cannot write {path}: it is a {kind}, not a regular file;"
            " give a file name (or - for standard output)"
        )
    return target


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically. Returns False when the file already held these bytes.

    Raises:
        UsageError: `path` is not a regular file (see `writable_target`).
        WriteFailed: the machine refused (no space, permissions, read-only, missing folder).
    """
    return bool(write_all({Path(path): data}))


def write_all(files: dict[Path, bytes]) -> list[Path]:
    """Write several files so that either all change or none does; return those whose bytes changed.

    Every file is first written in full to a temp file beside its target (this is where a
    full disk fails, and then no target has changed and no temp file is left); only then
    are the temp files renamed over their targets, which needs no space.
    """
    staged: list[tuple[str, Path, Path]] = []
    try:
        for path, data in files.items():
            target = writable_target(Path(path))
            if _holds(target, data):
                continue
            staged.append((_stage(target, data, path), target, Path(path)))
        for tmp, target, path in staged:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise os_problem(exc, "writing", path) from None
    finally:
        for tmp, _target, _path in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)  # only those not renamed are still there
    return [path for _tmp, _target, path in staged]


def _holds(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _stage(target: Path, data: bytes, shown: Path) -> str:
    """A temp file beside `target` holding `data`, flushed to disk."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise os_problem(exc, "writing", shown) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise os_problem(exc, "writing", shown) from None
        raise
    return tmp


def write_output(path: Path, data: bytes) -> str:
    """Write a user-named output (`-o`): `-` is standard output. Returns what to report ("" for stdout)."""
    if str(path) == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return ""
    write_atomic(path, data)
    return f"wrote {path}"


def has_temp_files(folder: Path) -> bool:
    """Whether a build left temp files in `folder` (one is writing, or was killed)."""
    return folder.is_dir() and next(folder.rglob(f"{TEMP_PREFIX}*"), None) is not None


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
def _held(
    lock_file: Path,
    shown: Path,
    timeout: float = -1,
    on_wait: Callable[[], None] | None = None,
    patience: float = 0.5,
) -> Iterator[None]:
    """Hold the lock `lock_file` (waits by default); `on_wait` is called once after `patience` s."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(lock_file), timeout=timeout)
    try:
        try:
            lock.acquire(timeout=patience if on_wait is not None else timeout)
        except Timeout:
            if on_wait is None or 0 <= timeout <= patience:
                raise
            on_wait()
            lock.acquire(timeout=timeout)
    except OSError as exc:
        raise os_problem(exc, "locking", shown) from None
    try:
        yield
    finally:
        lock.release()


def file_lock(path: Path, timeout: float = -1) -> contextlib.AbstractContextManager[None]:
    """Hold an exclusive lock for `path` (a `.NAME.lock` beside it) across a read–modify–write."""
    return _held(path.parent / f".{path.name}.lock", path, timeout)


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
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UsageError(
            f"cannot build into {folder}: it is a file, not a folder; choose another --out"
        ) from None
    except OSError as exc:
        raise os_problem(exc, "creating", folder) from None
    with _held(folder / ".reportgen.lock", folder, timeout, on_wait, patience):
        yield
