"""`reportgen diff`: what changed between an edition and the data as it is now (nothing is built).

    diff(cfg, since=None) -> DiffReport

`since` names the edition to compare with: its number ("3"), an as-of day (the last edition
on or before it), an edition's folder or a snapshot file; by default the last edition.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen import editions
from reportgen import snapshot as snap
from reportgen.changes import Changes, compare
from reportgen.config import BuildConfig
from reportgen.errors import UsageError


@dataclass(frozen=True, slots=True)
class DiffReport:
    heading: str  # "since edition 3 (15 Oct 2025): +1 event, 1 moved"
    base: str  # what was compared with: "edition 3", a path, or "nothing"
    changes: Changes

    def to_json(self) -> dict[str, Any]:
        return {"since": self.base, **self.changes.to_json()}


def _baseline(cfg: BuildConfig, since: str | None) -> tuple[str, dict[str, Any]]:
    history = editions.history(cfg.out_dir)
    if since is None:
        if not history:
            return "nothing (no edition yet)", {"events": [], "metrics": []}
        last = history[-1]
        return f"edition {last.number} ({last.as_of.isoformat()})", last.snapshot()
    path = Path(since)
    if path.is_dir():
        path = path / editions.SNAPSHOT_FILE
    if path.is_file():
        try:
            return str(path), snap.from_bytes(path.read_bytes())
        except (OSError, ValueError) as exc:
            raise UsageError(f"--since {since}: not a reportgen snapshot ({exc})") from None
    found = editions.find(cfg.out_dir, since)
    if found is None:
        known = ", ".join(str(e.number) for e in history) or "none yet"
        raise UsageError(
            f"--since {since}: no such edition in {cfg.out_dir / editions.FOLDER} (editions: {known}); "
            "give an edition number, a day YYYY-MM-DD or a snapshot.json"
        )
    return f"edition {found.number} ({found.as_of.isoformat()})", found.snapshot()


def diff(cfg: BuildConfig, *, since: str | None = None) -> DiffReport:
    """The changes from the chosen edition to the current data (validated like a build)."""
    from reportgen.prepare import prepare

    base, old = _baseline(cfg, since)
    new = snap.snapshot(prepare(cfg).dataset)
    changes = compare(old, new)
    return DiffReport(f"since {base}: {changes.summary()}", base, changes)
