"""Pages we make, handed to a Chromium tab: printed to a tagged PDF (DevTools
`Page.printToPDF`), or an SVG already drawn turned into a PNG.

Chromium writes the structure tree from the page's semantics — headings, lists,
tables with their header cells, figures with their text alternatives — plus `/Lang`,
`/MarkInfo` and the document outline, which ReportLab cannot. The page is handed over
as a string (`Page.setDocumentContent`), never as a file or URL, so printing reads
nothing from disk or network. One tab of its own, in a window of its own, is kept for
printing beside kaleido's figure tabs, so a print and a figure render run at the same time.

A long table the page marks with its page's body (`data-page-body`) is cut into one table
a page before the print (`paginate.js`), which makes the same pages: Chromium's print of one
long table grows faster than its rows.

A PNG of a figure whose SVG is at hand is that SVG drawn on a canvas, as plotly's own
`toImage` does for kaleido, without plotting the figure again (~0.3 s saved a timeline).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
from importlib import resources
from typing import Any

_MB = 2**20
TIMEOUT_S = 60.0  # one print, from handing over the page to the PDF's bytes, plus for each MB of page:
_S_PER_MB = 20.0  # a 10,000-event pack's page (3.1 MB of HTML, 450 pages) prints in ~20 s
_LARGE = _MB  # a page this long (~150 pages) is named in a failed print's message
_LONG = "for a pack this long, --no-accessible leaves out the accessible edition"


def print_timeout(html: bytes) -> float:
    """Seconds a print of `html` may take before it counts as hung (longer pages take longer)."""
    return TIMEOUT_S + _S_PER_MB * len(html) / _MB


_READY = (
    "new Promise(done => document.readyState === 'complete' ? done() : addEventListener('load', done))"
    ".then(() => document.fonts.ready).then(() => 1)"
)
PRINT_OPTIONS = {
    "generateTaggedPDF": True,
    "generateDocumentOutline": True,
    "printBackground": True,
    "preferCSSPageSize": True,  # the page's own @page size and margins (with its margin boxes)
    "displayHeaderFooter": False,
    # as a stream, read a chunk at a time: a 450-page pack's PDF (~20 MB) in one DevTools message
    # (~28 MB of base64) was misread by the pipe reader, and the build failed
    "transferMode": "ReturnAsStream",
}
_CHUNK = _MB  # bytes asked of each IO.read
_PAGINATE = resources.files(__package__).joinpath("paginate.js").read_text(encoding="utf-8")
_MARKED = b"data-page-body="  # a long table to cut at the page feet (writers/html)


class Printer:
    """Prints pages through one tab of a running Chromium (choreographer's async browser)."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self._tab: Any = None
        self._frame = ""
        self._lock = asyncio.Lock()

    async def print_html(self, html: bytes) -> bytes:
        timeout = print_timeout(html)
        async with self._lock:  # one page in the tab at a time
            try:
                return await asyncio.wait_for(self._print(html), timeout=timeout)
            except BaseException as exc:
                await self._drop_tab()  # a tab that failed or hung is never used again
                size = f"{len(html) / _MB:.1f} MB page"
                if isinstance(exc, TimeoutError):
                    late = f"printing a {size} took longer than {timeout:.0f} s"
                    raise RuntimeError(f"{late}; {_LONG}") from None
                if isinstance(exc, RuntimeError) and len(html) > _LARGE:
                    # Chromium gives up on some very long pages ("Printing failed": seen at 4,400 pages)
                    raise RuntimeError(f"{exc} (a {size}); {_LONG}") from None
                raise

    async def rasterise(self, svg: bytes, width: int, height: int, scale: float = 1.0) -> bytes:
        """`svg` drawn as a PNG of `width`×`height` px ×`scale`."""
        async with self._lock:
            try:
                return await asyncio.wait_for(self._rasterise(svg, width, height, scale), timeout=TIMEOUT_S)
            except BaseException:
                await self._drop_tab()
                raise

    async def _rasterise(self, svg: bytes, width: int, height: int, scale: float) -> bytes:
        tab = await self._ready_tab()
        source = json.dumps("data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"))
        w, h = round(width * scale), round(height * scale)
        # plotly's svgToImg: the SVG as an image, drawn on a canvas of the final size
        script = (
            f"(async () => {{ const img = new Image(); img.src = {source}; await img.decode();"
            f" const canvas = document.createElement('canvas'); canvas.width = {w}; canvas.height = {h};"
            f" canvas.getContext('2d').drawImage(img, 0, 0, {w}, {h});"
            " return canvas.toDataURL('image/png'); })()"
        )
        reply = await tab.send_command(
            "Runtime.evaluate", params={"expression": script, "awaitPromise": True, "returnByValue": True}
        )
        _check(reply)
        result = reply["result"]
        if "exceptionDetails" in result:
            raise RuntimeError(
                f"Chromium could not draw the SVG: {result['exceptionDetails'].get('text', '')}"
            )
        url: str = result["result"]["value"]
        return base64.b64decode(url.partition(",")[2])

    async def _print(self, html: bytes) -> bytes:
        tab = await self._load(html)
        if _MARKED in html and not await _paginate(tab):
            tab = await self._load(html)  # the cut failed (the page may be half cut): print it whole
        reply = await tab.send_command("Page.printToPDF", params=PRINT_OPTIONS)
        _check(reply)
        return await _read_stream(tab, reply["result"]["stream"])

    async def _load(self, html: bytes) -> Any:
        tab = await self._ready_tab()
        content = {"frameId": self._frame, "html": html.decode("utf-8")}
        _check(await tab.send_command("Page.setDocumentContent", params=content))
        # the page is loaded and its (system) fonts ready, asked of the page itself: no event to miss
        ready = {"expression": _READY, "awaitPromise": True, "returnByValue": True}
        _check(await tab.send_command("Runtime.evaluate", params=ready))
        return tab

    async def _drop_tab(self) -> None:
        tab, self._tab = self._tab, None
        if tab is not None:
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(self.browser.close_tab(tab.target_id), timeout=5)

    async def _ready_tab(self) -> Any:
        if self._tab is None:
            # A window of its own, as kaleido gives each of its tabs: a tab opened in one of
            # kaleido's windows would hide kaleido's tab there, whose drawing then stops
            # (a hidden page gets no animation frames) and its renders hang.
            tab = await self.browser.create_tab("about:blank", window=True)
            _check(await tab.send_command("Page.enable"))
            _check(await tab.send_command("Runtime.enable"))
            tree = await tab.send_command("Page.getFrameTree")
            _check(tree)
            self._frame = tree["result"]["frameTree"]["frame"]["id"]
            self._tab = tab
        return self._tab


async def _paginate(tab: Any) -> bool:
    """Cut the page's long tables at its page feet, measured as they print (print media).
    False when the script failed: the page may then be half cut."""
    _check(await tab.send_command("Emulation.setEmulatedMedia", params={"media": "print"}))
    try:
        reply = await tab.send_command("Runtime.evaluate", params={"expression": _PAGINATE})
        _check(reply)
        return "exceptionDetails" not in reply["result"]
    finally:
        _check(await tab.send_command("Emulation.setEmulatedMedia", params={"media": ""}))


async def _read_stream(tab: Any, handle: str) -> bytes:
    """The whole of a DevTools stream (`IO.read` until its end), which is then closed."""
    chunks: list[bytes] = []
    try:
        while True:
            reply = await tab.send_command("IO.read", params={"handle": handle, "size": _CHUNK})
            _check(reply)
            part = reply["result"]
            data = part.get("data", "")
            chunks.append(base64.b64decode(data) if part.get("base64Encoded") else data.encode("utf-8"))
            if part.get("eof"):
                return b"".join(chunks)
    finally:
        with contextlib.suppress(BaseException):
            await tab.send_command("IO.close", params={"handle": handle})


def _check(reply: Any) -> None:
    if isinstance(reply, dict) and "error" in reply:
        raise RuntimeError(f"Chromium: {reply['error'].get('message', reply['error'])}")


def figure_page(svg: bytes, width: int, height: int) -> bytes:
    """A page that is exactly one figure: its SVG on a `width`×`height` px page, no margin.

    Printed, it is the figure as vector PDF at 0.75 pt a px — what the pack places.
    """
    text = svg.decode("utf-8")
    if text.startswith("<?xml"):
        text = text[text.index("?>") + 2 :]
    style = f"@page{{size:{width}px {height}px;margin:0}}html,body{{margin:0;padding:0}}svg{{display:block}}"
    return f"<!DOCTYPE html><html><head><style>{style}</style></head><body>{text}</body></html>".encode()
