"""Helpers shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.errors import Severity, ValidationFailed
from reportgen.load import load_dataset

ROOT = Path(__file__).resolve().parents[1]


def run_reportgen(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`python -m reportgen ARGS` in a real process, as a user runs it; output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "reportgen", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def processes_with(token: str) -> list[int]:
    """Live processes whose environment carries `token` (so other users' Chromiums don't count)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                continue  # a zombie has exited; only its parent has yet to reap it
            if token.encode() in (proc / "environ").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def load_errors(path: Path) -> list[str]:
    """The error lines (`path:line: message; hint`) that loading `path` must fail with."""
    with pytest.raises(ValidationFailed) as info:
        load_dataset([path])
    return [str(d) for d in info.value.diagnostics if d.severity is Severity.ERROR]
