"""`reportgen preview`, as a user runs it: a real process, a real headless Chromium on its page."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser import Page
from helpers import ROOT


@pytest.fixture
def served(tmp_path):
    """`reportgen preview --port 0` on a copy of the default project; yields (url, project, proc)."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "events", project / "events")
    shutil.copy(ROOT / "reportgen.toml", project / "reportgen.toml")
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "preview", "--port", "0", "--debounce", "100"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = ""
    deadline = time.monotonic() + 120
    lines: list[str] = []
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        lines.append(line)
        if match := re.search(r"at (http://127\.0\.0\.1:\d+/briefing-pack\.html)", line):
            url = match.group(1)
        if "watching" in line:
            break
    assert url, "".join(lines)
    try:
        yield url, project, proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _wait_for(page: Page, expression: str, timeout: float = 60) -> bool:
    # a poll that lands while the page swaps in the new edition may find no body yet: not yet true
    guarded = f"(() => {{ try {{ return !!({expression}); }} catch (e) {{ return false; }} }})()"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(guarded):
            return True
        time.sleep(0.25)
    return False


def test_an_edit_appears_in_the_open_page_without_a_reload(served):
    url, project, _proc = served
    events = project / "events" / "events.yaml"
    with Page() as page:
        page.goto(url)
        assert page.evaluate("document.title").startswith("Chief Constable Ivan Balhatchet")
        page.evaluate("window.reportgenMarker = 1")  # gone once the page reloads itself
        original = events.read_text(encoding="utf-8")
        events.write_text(
            original + "\n  - title: Preview shows this new event\n    date: 2025-06-02\n"
            "    lane: Strategy\n    sources: [polfed-2025-04-25]\n",
            encoding="utf-8",
        )
        assert _wait_for(page, "document.body.innerText.includes('Preview shows this new event')")
        assert page.evaluate("typeof window.reportgenMarker") == "undefined"

        # a bad edit: its path:line shows in the page, above the last good content
        events.write_text(original.replace("date: ", "date: 31 Feb 2024 #", 1), encoding="utf-8")
        banner = "document.getElementById('reportgen-preview-problem')"
        assert _wait_for(page, f"{banner} && {banner}.innerText.includes('events/events.yaml:')")
        assert page.evaluate("document.body.innerText.includes('Preview shows this new event')")
        # fixed again (the event taken out): the page reloads, with no banner, and its new edition
        # lists the event as removed since the last one
        events.write_text(original, encoding="utf-8")
        assert _wait_for(page, f"!{banner} && document.body.innerText.includes('Events removed')")


def test_serves_only_the_outputs_and_only_to_loopback(served):
    url, _project, _proc = served
    port = int(url.split(":")[2].split("/")[0])

    def get(path: str, host: str = "127.0.0.1") -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", path, headers={"Host": f"{host}:{port}"})
        reply = conn.getresponse()
        body = reply.read()
        conn.close()
        return reply.status, body

    status, body = get("/briefing-pack.html")
    assert status == 200 and b"<title>" in body and b"EventSource" in body
    assert get("/briefing-pack-accessible.pdf")[1][:5] == b"%PDF-"
    assert get("/")[0] == 302
    outside = ("/../reportgen.toml", "/%2e%2e/reportgen.toml", "/.cache/manifest.json", "/events/events.yaml")
    for path in outside:
        assert get(path)[0] == 404, path
    assert get("/briefing-pack.html", host="attacker.example")[0] == 403
    # the file on disk is untouched: the reload script is added only as it is served
    assert b"EventSource" not in (Path(_project) / "output" / "briefing-pack.html").read_bytes()


def test_preview_help_has_an_example():
    done = subprocess.run(
        [sys.executable, "-m", "reportgen", "preview", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "reportgen preview --open" in done.stdout and "--port" in done.stdout
