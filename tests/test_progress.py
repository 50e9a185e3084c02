"""The progress line of a long build on a terminal: what it says as the stages end."""

from __future__ import annotations

import io
import time

from reportgen import console
from reportgen.console import Console


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_edition_print_is_named_once_the_pack_is_laid_out(monkeypatch):
    monkeypatch.setattr(console, "PROGRESS_AFTER", 0.0)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    err = _Terminal()
    out = Console(err=err, out=io.StringIO())
    with out.progress("building") as stage:
        deadline = time.monotonic() + 5
        while "building: loading…" not in err.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
        for name in ("check", "load", "plan", "figures", "render"):
            stage(name)
        stage("layout")  # the layout thread is done; the edition's print goes on
        shown = err.getvalue()
        stage("pack")
    lines = [part.strip() for part in err.getvalue().split("\r") if part.strip()]
    assert "building: laying out…" in lines
    assert lines[lines.index("building: laying out…") + 1] == "building: printing the accessible edition…"
    assert shown.rstrip().endswith("building: printing the accessible edition…")
    assert lines[-1] == "building: writing…"


def test_no_progress_line_in_a_pipe_or_ci(monkeypatch):
    monkeypatch.setattr(console, "PROGRESS_AFTER", 0.0)
    monkeypatch.setenv("CI", "true")
    err = _Terminal()
    with Console(err=err, out=io.StringIO()).progress("building") as stage:
        time.sleep(0.05)
        stage("render")
    assert err.getvalue() == ""
