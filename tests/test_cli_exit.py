"""The `reportgen` command ends without the interpreter's teardown (`cli.run`): what it prints,
its exit code and what `atexit` promises must be exactly as with an ordinary exit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

RUN = [sys.executable, "-m", "reportgen"]


def test_everything_printed_reaches_a_pipe() -> None:
    proc = subprocess.run([*RUN, "schema"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["title"]  # the whole schema, not a buffer's worth


def test_exit_codes_and_messages_survive(tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text("events:\n  - date: 31 Feb 2025\n    title: Nope\n", encoding="utf-8")
    proc = subprocess.run(
        [*RUN, "validate", "--events", str(events)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert f"{events}:2:" in proc.stderr and "Traceback" not in proc.stderr


def test_atexit_handlers_still_run(tmp_path: Path) -> None:
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('handler ran'))\n"
        f"sys.argv = ['reportgen', 'schema', '-o', {str(tmp_path / 's.json')!r}]\n"
        "from reportgen.cli import run\n"
        "run()\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("handler ran")
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
