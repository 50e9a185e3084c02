"""A real headless Chromium page for tests: load a URL, run JavaScript, read the result.

Driven over DevTools with choreographer (kaleido's own driver, already installed), on
Debian's Chromium; nothing is mocked. The browser runs on an event loop in a thread of
its own, so a test can load a page, change files, and read the page again later.
"""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

from reportgen.render.chromium import find_chromium

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


class Page:
    """One tab of a headless Chromium. Use as a context manager."""

    def __init__(self, width: int = 1280, height: int = 900) -> None:
        self.size = (width, height)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.browser: Any = None
        self.tab: Any = None

    def __enter__(self) -> Page:
        self.thread.start()
        self._run(self._open())
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._run(self.browser.close(), timeout=20)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)

    def _run(self, coro: Any, timeout: float = 60) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _open(self) -> None:
        import choreographer

        self.browser = choreographer.Browser(path=str(find_chromium()), headless=True)
        await self.browser.open()
        self.tab = await self.browser.create_tab("about:blank")
        await self.tab.send_command("Page.enable")
        await self.tab.send_command("Runtime.enable")
        await self.tab.send_command(
            "Emulation.setDeviceMetricsOverride",
            params={"width": self.size[0], "height": self.size[1], "deviceScaleFactor": 1, "mobile": False},
        )

    def goto(self, url: str) -> None:
        async def go() -> None:
            loaded = self.tab.subscribe_once("Page.loadEventFired")
            await self.tab.send_command("Page.navigate", params={"url": url})
            await asyncio.wait_for(loaded, timeout=30)

        self._run(go())

    def evaluate(self, expression: str, timeout: float = 60) -> Any:
        """The value of `expression` (awaited if it is a promise), as JSON-able data."""

        async def run() -> Any:
            reply = await self.tab.send_command(
                "Runtime.evaluate",
                params={"expression": expression, "awaitPromise": True, "returnByValue": True},
            )
            result = reply.get("result", {})
            if "exceptionDetails" in result:
                raise AssertionError(f"page script failed: {result['exceptionDetails']}")
            return result.get("result", {}).get("value")

        return self._run(run(), timeout)

    def axe(self) -> list[dict[str, Any]]:
        """axe-core's WCAG 2.0–2.2 A and AA violations on the loaded page."""
        self.evaluate(AXE.read_text(encoding="utf-8") + "\n;1")
        options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
        script = (
            f"axe.run(document, {options}).then(r => r.violations.map(v => "
            "({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))"
        )
        return list(self.evaluate(script, timeout=120))
