"""How long each stage of a build took, as it goes (`build -v` prints them; a progress display
is told each stage's name as it ends)."""

from __future__ import annotations

import time
from collections.abc import Callable


class Stages:
    """Seconds per stage (`lap` charges the time since the previous lap)."""

    def __init__(self, listener: Callable[[str], None] | None = None) -> None:
        self.started = self.last = time.perf_counter()
        self.timings: dict[str, float] = {}
        self.listener = listener  # told each stage's name as it ends (a progress display)

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = self.timings.get(name, 0.0) + now - self.last
        self.last = now
        self.note(name)

    def note(self, name: str) -> None:
        """Tell the listener that `name` (work beside the stages, in a thread) has ended; no time."""
        if self.listener is not None:
            self.listener(name)

    def total(self) -> float:
        return time.perf_counter() - self.started
