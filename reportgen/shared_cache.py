"""The render cache every output folder of this user shares: figures drawn once, for any pack.

Many packs share figures (a force's charts in every ward's pack), and a figure drawn for a
folder is pruned from that folder's own cache as soon as its build no longer uses it (a
style tried and dropped, an event added and taken out again). Chromium's renders of figures
are therefore also kept here, under `$REPORTGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/reportgen/renders`,
else `~/.cache/reportgen/renders`.

- **Keyed by content.** An entry's name is a digest of the artefact's fingerprint (a digest of
  exactly what the figure is drawn from, its size and format, and reportgen's code and the
  renderers' versions) and the renderer's key (Chromium and the fonts, as the render
  service is keyed): the same name is the same drawing, whatever folder asked for it.
- **Checked on every read.** An entry holds a digest of its bytes; one that does not match
  (cut short, altered) is deleted and drawn again, never used.
- **Bounded.** Past `$REPORTGEN_CACHE_MB` (default 256) the least recently used entries go.
- **Private.** Packs carry protective markings: the folder is made 0700 and refused when it is
  not this user's own, and entries are written 0600.
- **Never in the way.** A store that cannot be read or written (a full disk, a foreign
  folder) is passed over: the build draws instead. `REPORTGEN_CACHE=off` turns it off;
  `build --force` draws everything and reads nothing from it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MB = 256.0
_MAGIC = b"reportgen-render-1\n"
_DIGEST = 32  # sha256 of the bytes, after the magic line


def enabled() -> bool:
    return os.environ.get("REPORTGEN_CACHE", "").strip().lower() not in ("off", "0", "no", "false")


def folder() -> Path:
    """Where the store is (it may not exist yet)."""
    explicit = os.environ.get("REPORTGEN_CACHE_DIR", "").strip()
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or "~/.cache"
    return Path(base).expanduser() / "reportgen" / "renders"


def limit_bytes() -> int:
    try:
        mb = float(os.environ.get("REPORTGEN_CACHE_MB", "") or DEFAULT_MB)
    except ValueError:
        mb = DEFAULT_MB
    return max(0, int(mb * 2**20))


@functools.cache
def renderer_key() -> str:
    """Chromium's and the fonts' part of every entry's name ("none" without a Chromium)."""
    from reportgen.errors import EnvironmentProblem
    from reportgen.render.chromium import find_chromium
    from reportgen.render.rendezvous import service_key

    try:
        return service_key(find_chromium())
    except EnvironmentProblem:
        return "none"


@dataclass(frozen=True)
class Status:
    folder: Path
    entries: int
    size: int
    limit: int
    usable: bool


class RenderStore:
    """Entries by name under `root`; every failure of the machine reads as a miss."""

    def __init__(self, root: Path, limit: int) -> None:
        self.root, self.limit = root, limit
        self._checked: bool | None = None

    @classmethod
    def from_env(cls) -> RenderStore | None:
        """The user's store, or None when it is turned off."""
        return cls(folder(), limit_bytes()) if enabled() else None

    @staticmethod
    def name(fingerprint: str, ext: str) -> str:
        digest = hashlib.sha256(f"{fingerprint}\n{renderer_key()}".encode()).hexdigest()
        return f"{digest[:40]}.{ext}"

    def get(self, name: str) -> bytes | None:
        if not self._usable(create=False):
            return None
        path = self.root / name
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        head = len(_MAGIC) + _DIGEST
        data = raw[head:]
        if raw[: len(_MAGIC)] != _MAGIC or hashlib.sha256(data).digest() != raw[len(_MAGIC) : head]:
            path.unlink(missing_ok=True)  # cut short or altered: drawn again, never used
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: the last to go when the store is full
        return data

    def put(self, name: str, data: bytes) -> None:
        size = len(_MAGIC) + _DIGEST + len(data)
        if size > self.limit or not self._usable(create=True) or (self.root / name).is_file():
            return
        try:
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")  # 0600
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(_MAGIC + hashlib.sha256(data).digest() + data)
                os.replace(tmp, self.root / name)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return  # a full disk or a read-only folder: the build goes on without it
        self._evict()

    def clear(self) -> int:
        """Delete every entry; the number deleted."""
        count = 0
        for path, _st in self._entries():
            with contextlib.suppress(OSError):
                path.unlink()
                count += 1
        return count

    def status(self) -> Status:
        entries = self._entries()
        size = sum(st.st_size for _p, st in entries)
        return Status(self.root, len(entries), size, self.limit, self._usable(create=False))

    def _entries(self) -> list[tuple[Path, os.stat_result]]:
        found = []
        try:
            with os.scandir(self.root) as it:
                for entry in it:
                    with contextlib.suppress(OSError):
                        st = entry.stat(follow_symlinks=False)
                        if stat.S_ISREG(st.st_mode):  # temporary files too: a killed write's is reclaimed
                            found.append((Path(entry.path), st))
        except OSError:
            pass
        return found

    def _evict(self) -> None:
        entries = sorted(self._entries(), key=lambda e: e[1].st_mtime_ns)
        total = sum(st.st_size for _p, st in entries)
        for path, st in entries:
            if total <= self.limit:
                break
            with contextlib.suppress(OSError):
                path.unlink()
            total -= st.st_size

    def _usable(self, *, create: bool) -> bool:
        """The folder exists (made when `create`), is this user's own, and only theirs to read."""
        if self._checked:
            return True
        if create:
            with contextlib.suppress(OSError):
                self.root.mkdir(parents=True, mode=0o700, exist_ok=True)
        try:
            st = self.root.lstat()
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
                return False  # a link, a file, or another user's folder: never read or written
            if stat.S_IMODE(st.st_mode) & 0o077:
                self.root.chmod(0o700)
        except OSError:
            return False
        self._checked = True
        return True
