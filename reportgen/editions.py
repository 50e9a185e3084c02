"""The editions folder: one sub-folder per pack whose content changed, numbered from its history.

    output/editions/001-2025-10-08/  briefing-pack.pdf  snapshot.json  edition.json
    output/editions/002-2025-10-15/  …

Numbers come from the folders already there, never from the clock, so the same data,
history and as-of give the same edition (and the same pack). An edition is written into
a hidden temporary folder and renamed into place in one step: a build killed half-way
leaves no half edition (the temporary folder is removed by the next build). Editions are
kept for ever unless `keep_editions` says how many.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen import snapshot as snap
from reportgen.output import write_atomic

if TYPE_CHECKING:
    from reportgen.changes import Changes

FOLDER = "editions"
PACK_FILE, SNAPSHOT_FILE, RECORD_FILE = "briefing-pack.pdf", "snapshot.json", "edition.json"
_NAME = re.compile(r"^(\d{3,})-(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True, slots=True)
class Edition:
    number: int
    as_of: dt.date
    path: Path
    summary: str = ""  # "+3 events, 1 moved" against the edition before it

    def snapshot(self) -> dict[str, Any]:
        return snap.from_bytes((self.path / SNAPSHOT_FILE).read_bytes())


def history(out_dir: Path) -> list[Edition]:
    """Every whole edition in `out_dir/editions`, oldest first (half-written ones are not seen)."""
    folder = Path(out_dir) / FOLDER
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if not match or not (path / SNAPSHOT_FILE).is_file():
                continue
            try:
                record = json.loads((path / RECORD_FILE).read_text(encoding="utf-8"))
                summary = str(record.get("summary", ""))
            except (OSError, ValueError):
                summary = ""
            found.append(Edition(int(match.group(1)), dt.date.fromisoformat(match.group(2)), path, summary))
    return sorted(found, key=lambda e: e.number)


def find(out_dir: Path, since: str) -> Edition | None:
    """The edition `since` names: its number ("3"), its as-of day ("2025-10-08"), or None."""
    editions = history(out_dir)
    if since.isdigit():
        return next((e for e in editions if e.number == int(since)), None)
    try:
        day = dt.date.fromisoformat(since)
    except ValueError:
        return None
    on_or_before = [e for e in editions if e.as_of <= day]
    return on_or_before[-1] if on_or_before else None


def record(
    out_dir: Path, number: int, as_of: dt.date, pack: bytes, data: bytes, summary: str, previous: int | None
) -> Edition:
    """Write edition `number` (the pack and the data snapshot) in one rename; returns it."""
    folder = Path(out_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    clean_partial(out_dir)
    final = folder / f"{number:03d}-{as_of.isoformat()}"
    temp = folder / f".partial-{final.name}"
    temp.mkdir()
    try:
        write_atomic(temp / PACK_FILE, pack)
        write_atomic(temp / SNAPSHOT_FILE, data)
        info = {"edition": number, "as_of": as_of.isoformat(), "summary": summary, "previous": previous}
        write_atomic(temp / RECORD_FILE, (json.dumps(info, indent=1, sort_keys=True) + "\n").encode())
        os.replace(temp, final)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return Edition(number, as_of, final, summary)


def clean_partial(out_dir: Path) -> None:
    """Remove what a killed build left of an edition it was writing."""
    folder = Path(out_dir) / FOLDER
    if folder.is_dir():
        for path in folder.glob(".partial-*"):
            shutil.rmtree(path, ignore_errors=True)


def prune(out_dir: Path, keep: int | None) -> list[Path]:
    """Delete the oldest editions beyond the newest `keep` (None or 0: keep every one)."""
    if not keep:
        return []
    removed = []
    for edition in history(out_dir)[:-keep]:
        shutil.rmtree(edition.path, ignore_errors=True)
        removed.append(edition.path)
    return removed


@dataclass(frozen=True, slots=True)
class EditionInfo:
    """What a pack says about its edition: its number and date, what changed since the one
    before, and the version history (number, date, summary), this edition last."""

    number: int
    as_of: dt.date
    new: bool  # this build records a new edition (the data differs from the last one's)
    previous: Edition | None
    changes: Changes | None  # None: the first edition
    versions: tuple[tuple[int, dt.date, str], ...]

    def key(self) -> list[Any]:
        """What of it the pack shows, for the pack's fingerprint."""
        return [self.number, self.as_of.isoformat(), [[n, d.isoformat(), s] for n, d, s in self.versions],
                self.changes.to_json() if self.changes else None]  # fmt: skip


def current(out_dir: Path, data: dict[str, Any], as_of: dt.date) -> EditionInfo:
    """The edition a build of `data` makes: the last one again when its data is the same, else the next."""
    from reportgen.changes import compare

    editions = history(out_dir)
    last = editions[-1] if editions else None
    if last is not None and _same(last, data):
        before = editions[-2] if len(editions) > 1 else None
        changes = compare(before.snapshot(), data) if before else None
        versions = tuple((e.number, e.as_of, e.summary) for e in editions)
        return EditionInfo(last.number, last.as_of, False, before, changes, versions)
    changes = compare(last.snapshot(), data) if last else None
    number = last.number + 1 if last else 1
    summary = changes.summary() if changes else "first edition"
    versions = (*((e.number, e.as_of, e.summary) for e in editions), (number, as_of, summary))
    return EditionInfo(number, as_of, True, last, changes, versions)


def _same(edition: Edition, data: dict[str, Any]) -> bool:
    try:
        return edition.snapshot() == data
    except (OSError, ValueError):
        return False
