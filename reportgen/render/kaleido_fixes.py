"""What reportgen changes in kaleido's behaviour, each for a reason kaleido has no option for.

- `add_flags`: Chromium starts with no network chatter (a renderer that only loads a local page).
- `check_tabs`: a tab that took the blank page's execution context is reloaded (a start race).
- `exact_pdf_pages`: a figure's PDF page is the figure, with no margin, at its own size.
- `reuse_tabs`: a tab draws several figures between reloads, and reloads after returning one.

Each reaches into kaleido's internals, so each checks that what it patches is there and
leaves kaleido as it is when not (the figures are then merely less exact, never wrong).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Any

# Flags appended to kaleido's own: no network chatter from a renderer that only
# ever loads a local page (kaleido has no option for extra flags).
_EXTRA_FLAGS = (
    "--disable-background-networking",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--no-pings",
    "--dns-prefetch-disable",
)


_SCOPES_LOADED = "function() { return typeof kaleido_scopes; }"


async def check_tabs(k: Any) -> None:
    """Make sure each tab will run figures in the page that has kaleido's scripts.

    Kaleido takes the first execution context Chromium reports after `Runtime.enable`;
    when that is the blank page's, not the loaded one's (a race, about one start in
    eight on a busy machine), every render fails with "kaleido_scopes is not defined".
    Such a tab is reloaded, which subscribes before it acts and so gets the right context.
    """
    from kaleido._kaleido_tab import _devtools_utils as devtools

    queue = getattr(k, "tabs_ready", None)
    if queue is None:
        return
    tabs = [queue.get_nowait() for _ in range(queue.qsize())]
    for tab in tabs:
        for _attempt in range(3):
            reply = await devtools.exec_js_fn(tab.tab, tab._current_js_id, _SCOPES_LOADED)
            if reply.get("result", {}).get("result", {}).get("value") == "object":
                break
            await tab.reload()
        queue.put_nowait(tab)


_PRINT_TO_PDF = {
    "printBackground": True,
    "marginTop": 0,
    "marginBottom": 0,
    "marginLeft": 0,
    "marginRight": 0,
    "preferCSSPageSize": True,
    "pageRanges": "1",
}


def exact_pdf_pages() -> None:
    """A figure's PDF page is the figure, at 0.75 pt a CSS px, with no margin.

    kaleido prints with 0.1 inch margins, so Chromium shrinks a figure by about 2 % to fit
    them and leaves a white border: the pack could not place it at its printed size, and a
    `--paper A4` timeline would not fill its A4 page. kaleido has no option for this; its
    tab calls `_devtools_utils.print_pdf` by module attribute, so that function is replaced.
    """
    from kaleido._kaleido_tab import _devtools_utils as devtools

    original = getattr(devtools, "print_pdf", None)
    if original is None or getattr(original, "_reportgen", False):
        return

    async def print_pdf(tab: Any) -> Any:
        reply = await tab.send_command("Page.printToPDF", params=_PRINT_TO_PDF)
        devtools._raise_error(reply)
        return reply.get("result", {}).get("data")

    print_pdf._reportgen = True  # type: ignore[attr-defined]
    devtools.print_pdf = print_pdf


def add_flags(k: Any, launched: threading.Event) -> None:
    # choreographer builds the command line in Chromium.get_cli() right before Popen;
    # extend it on this instance, and note that the process is about to start
    impl = getattr(k, "_browser_impl", None)
    get_cli = getattr(impl, "get_cli", None)
    if impl is None or get_cli is None:
        launched.set()
        return

    def cli() -> list[str]:
        launched.set()
        return [*get_cli(), *_EXTRA_FLAGS]

    impl.get_cli = cli


RELOAD_EVERY = 25  # renders a tab draws between fresh pages (memory stays bounded in a long watch)


def reuse_tabs(k: Any, every: int = RELOAD_EVERY) -> None:
    """A tab draws `every` figures before it is reloaded, and the reload runs after the render
    has been handed back.

    kaleido reloads a tab after every render, and waits for the reload (plotly.js parsed
    again, ~0.1 s of CPU) before it returns the image; each figure is then drawn by cold,
    unoptimised JavaScript. Measured on a warm +1 rebuild: 0.75–0.9 s with a reload per
    render, 0.45–0.7 s without. Which figures a tab drew before changes nothing drawn, only
    the order of some attributes in the SVG text, and `export.normalise_svg` writes every SVG
    in canonical form (tests: same bytes whatever was drawn before). A tab whose reload
    failed (Chromium died) goes back all the same: its next render fails at once and
    Chromium restarts, as before.
    """
    original = getattr(k, "_return_kaleido_tab", None)
    if original is None or not hasattr(k, "tabs_ready"):
        return
    drawn: dict[int, int] = {}
    reloading: set[asyncio.Task[None]] = set()

    async def reload_then_queue(tab: Any) -> None:
        with contextlib.suppress(Exception):
            await tab.reload()
        await k.tabs_ready.put(tab)

    async def return_tab(tab: Any) -> None:
        if not hasattr(tab, "reload"):
            await original(tab)
            return
        drawn[id(tab)] = drawn.get(id(tab), 0) + 1
        if drawn[id(tab)] % every:
            await k.tabs_ready.put(tab)
            return
        task = asyncio.get_running_loop().create_task(reload_then_queue(tab))
        reloading.add(task)  # held, so the task is not collected before it runs
        task.add_done_callback(reloading.discard)

    k._return_kaleido_tab = return_tab
