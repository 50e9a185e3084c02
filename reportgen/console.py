"""The terminal side of the command line: quiet and verbose, colour, JSON, a progress line.

Everything a command prints goes through one `Console`:
- `say` (stdout) for results, silenced by --quiet and by --json (which prints one JSON object);
- `problem` (stderr) for diagnostics and failures, always shown, coloured on a terminal:
  errors red, warnings yellow, unless NO_COLOR is set (https://no-color.org) or TERM=dumb;
- `detail` (stderr) only with --verbose;
- `progress()` shows the stage of a long build on a terminal after a second; never in pipes or CI.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import IO, Any

from reportgen.errors import Diagnostic, Severity

_RED, _YELLOW, _DIM, _RESET = "\033[31m", "\033[33m", "\033[2m", "\033[0m"
PROGRESS_AFTER = 1.0  # seconds before a progress line appears
# what a build is doing once a stage (build's Stages.lap name) has finished
NEXT_STAGE = {
    "check": "loading",
    "load": "planning",
    "plan": "drawing",
    "figures": "drawing",
    "chromium": "drawing",
    "render": "laying out",
    "layout": "printing the accessible edition",  # the pack is laid out, the edition's print goes on
    "pack": "writing",
    "write": "finishing",
}


def _on_terminal(stream: IO[str]) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"


def diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    """One diagnostic as JSON (docs/cli-json.schema.json)."""
    out: dict[str, Any] = {
        "file": d.loc.path,
        "line": d.loc.line,
        "severity": str(d.severity),
        "message": d.message,
        "hint": d.hint,
    }
    if d.loc.cell:  # a workbook: "Events!A5"
        out["sheet"], _, out["cell"] = d.loc.cell.rpartition("!")
    return out


class Console:
    def __init__(self, *, quiet: bool = False, verbose: bool = False, as_json: bool = False,
                 out: IO[str] | None = None, err: IO[str] | None = None) -> None:  # fmt: skip
        self.quiet, self.verbose, self.as_json = quiet, verbose, as_json
        self.out, self.err = out or sys.stdout, err or sys.stderr
        self.colour = _on_terminal(self.err) and "NO_COLOR" not in os.environ
        self._status = ""  # the progress line on screen, if any

    def say(self, line: str) -> None:
        if not (self.quiet or self.as_json):
            print(line, file=self.out, flush=True)

    def detail(self, line: str) -> None:
        if self.verbose and not self.as_json:
            self._clear()
            print(self._paint(line, _DIM), file=self.err, flush=True)

    def problem(self, item: Diagnostic | str) -> None:
        """A diagnostic or failure line on stderr (JSON output carries them instead; --quiet
        leaves out warnings, never errors)."""
        if self.as_json or (
            self.quiet and isinstance(item, Diagnostic) and item.severity is Severity.WARNING
        ):
            return
        self._clear()
        text = str(item)
        if isinstance(item, Diagnostic):
            text = self._paint(text, _YELLOW if item.severity is Severity.WARNING else _RED)
        elif not text.startswith(" ") and "\n" not in text:
            text = self._paint(text, _RED)
        print(text, file=self.err, flush=True)

    def json(self, data: dict[str, Any]) -> None:
        import json

        print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True), file=self.out, flush=True)

    def _paint(self, text: str, colour: str) -> str:
        return f"{colour}{text}{_RESET}" if self.colour else text

    def _clear(self) -> None:
        if self._status:
            self.err.write("\r" + " " * len(self._status) + "\r")
            self._status = ""

    @contextlib.contextmanager
    def progress(self, what: str) -> Iterator[Any]:
        """Yields `stage(name)` to call as stages finish; a status line shows after a second."""
        import threading

        enabled = _on_terminal(self.err) and not (self.quiet or self.as_json or os.environ.get("CI"))
        state = {"label": "loading", "done": False}
        lock = threading.Lock()

        def show() -> None:
            with lock:
                if not state["done"]:
                    self._status = f"{what}: {state['label']}…"
                    self.err.write("\r" + self._status)
                    self.err.flush()

        def stage(name: str) -> None:
            state["label"] = NEXT_STAGE.get(name, state["label"])
            if self._status:
                show()

        timer = threading.Timer(PROGRESS_AFTER, show) if enabled else None
        if timer is not None:
            timer.daemon = True
            timer.start()
        try:
            yield stage
        finally:
            with lock:
                state["done"] = True
                if timer is not None:
                    timer.cancel()
                self._clear()
