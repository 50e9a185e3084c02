"""The one module that talks to kaleido and Chromium: figures in, bytes out.

One `Exporter` owns one headless Chromium for its whole life and renders every
figure through it (a cold start costs ~1.8 s; a warm render ~0.15 s).  Kaleido's
async API runs on an event loop in a background thread that this module owns,
rather than kaleido's global sync server, because we need three things the
global server cannot give: a start timeout, the browser's process id (to kill
it when it hangs) and a start that overlaps the caller's own work (`start()`).

Chromium is Debian's (`/usr/bin/chromium`); nothing is ever downloaded.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
import struct
import threading
from concurrent.futures import Future
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol

from reportgen.errors import EnvironmentProblem, RenderError, UsageError
from reportgen.render.chromium import INSTALL_HINT, find_chromium
from reportgen.render.imagemeta import PNG_SIGNATURE
from reportgen.render.kaleido_fixes import add_flags, check_tabs, exact_pdf_pages, reuse_tabs

# choreographer logs "Wait expired, Browser is being closed by watchdog." at WARNING
# whenever we close a browser we started; users should not see our own shutdown.
logging.getLogger("choreographer").setLevel(logging.ERROR)

Format = Literal["png", "svg", "pdf"]
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
DEFAULT_START_TIMEOUT = 60.0


def start_timeout() -> float:
    """Seconds to wait for Chromium to start ($REPORTGEN_CHROMIUM_TIMEOUT, default 60)."""
    text = os.environ.get("REPORTGEN_CHROMIUM_TIMEOUT", "").strip()
    try:
        return float(text) if text else DEFAULT_START_TIMEOUT
    except ValueError:
        return DEFAULT_START_TIMEOUT


class Renderer(Protocol):
    """What a build asks of a renderer: an `Exporter`, or the render service's client."""

    pid: int | None

    def start(self) -> Renderer: ...
    def wait_launched(self, timeout: float = 5.0) -> bool: ...
    def wait_ready(self) -> Renderer: ...
    def ready(self) -> bool: ...
    def alive(self) -> bool: ...
    def restart(self) -> Renderer: ...
    def close(self) -> None: ...
    def render(self, fig: Any, fmt: Format, *, width: int, height: int, scale: float = 1.0) -> bytes: ...
    def submit(
        self, fig: Any, fmt: Format, *, width: int, height: int, scale: float = 1.0
    ) -> PendingRender: ...
    def print_html(self, html: bytes) -> PendingRender: ...
    def rasterise(self, svg: bytes, *, width: int, height: int, scale: float = 1.0) -> PendingRender: ...


class Exporter:
    """One Chromium, reused for every figure. Use as a context manager.

    `start()` launches Chromium in the background and returns at once, so a
    caller can load and lay out while the browser boots; `render()` waits for it.
    """

    def __init__(self, *, chromium: Path | None = None, timeout: float | None = None, tabs: int = 1):
        """`tabs` > 1 draws that many figures at once: it pays for a long-lived Exporter (watch),
        whose rebuilds draw the pack's timeline, the standalone SVG and PNG; a one-shot build
        loses more to opening the second tab (cold 3.6 → 4.3 s) than it gains."""
        self._tabs = max(1, tabs)
        self._chromium = chromium
        self._timeout = timeout if timeout is not None else start_timeout()
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._launched = threading.Event()  # set just before Chromium's process is created
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._kaleido: Any = None
        self._error: BaseException | None = None
        self.pid: int | None = None  # Chromium's process group, for cleanup checks
        self._printer: Any = None  # prints pages to tagged PDF in a tab of its own (made on first use)
        self._painter: Any = None  # turns SVGs into PNGs in another (not queued behind a long print)

    # -- lifecycle ---------------------------------------------------------
    def start(self) -> Exporter:
        """Start Chromium in a background thread; returns immediately. Idempotent."""
        if self._thread is None:
            self._chromium = self._chromium or find_chromium()
            self._thread = threading.Thread(target=self._run, name="reportgen-chromium", daemon=True)
            self._thread.start()
        return self

    def wait_launched(self, timeout: float = 5.0) -> bool:
        """Block until Chromium's process is being created (False: not within `timeout`).

        Until then the start is Python work (importing kaleido) that competes with the
        caller's for the GIL; Chromium's boot, which follows, runs on its own CPU. A caller
        with a long start ahead (a cold build) waits here so the browser starts soonest.
        """
        if self._thread is None:
            self.start()
        return self._launched.wait(timeout) or self._ready.is_set()

    def __enter__(self) -> Exporter:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop Chromium and make sure no process of its group is left."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        if not self._ready.is_set():
            self._kill()  # still starting (or hung): nothing to close gracefully
        if self._loop is not None and self._stop is not None:
            with contextlib.suppress(RuntimeError):  # loop already gone
                self._loop.call_soon_threadsafe(self._stop.set)
        thread.join(timeout=15)
        self._kill()

    def alive(self) -> bool:
        """False once a started Chromium has died (crashed, killed) or failed to start."""
        if self._thread is None:
            return False
        proc = getattr(self._kaleido, "subprocess", None)
        running = proc is None or proc.poll() is None
        return self._thread.is_alive() and self._error is None and running

    def restart(self) -> Exporter:
        """Kill whatever is left of this Exporter's Chromium and start a fresh one (in the background)."""
        self._kill()
        self.close()
        self._ready, self._launched = threading.Event(), threading.Event()
        self._loop, self._stop, self._kaleido, self._error = None, None, None, None
        self.pid = None
        return self.start()

    def wait_ready(self) -> Exporter:
        """Block until Chromium is up (start() first); raises EnvironmentProblem like render()."""
        self._wait_ready()
        return self

    def _run(self) -> None:
        with contextlib.suppress(BaseException):
            asyncio.run(self._serve())
        self._launched.set()
        self._ready.set()  # never leave render() waiting on a dead thread

    async def _serve(self) -> None:
        import kaleido

        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        try:
            from reportgen.render.plotlyjs import bundle

            script = bundle()  # the cartesian bundle when at hand: Chromium is ready ~1.3 s sooner
            options = {"mathjax": False, "timeout": 90, "plotlyjs": str(script) if script else None}
            self._kaleido = kaleido.Kaleido(n=self._tabs, path=str(self._chromium), **options)
            add_flags(self._kaleido, self._launched)
            exact_pdf_pages()
            reuse_tabs(self._kaleido)
            await self._kaleido.open()
            self.pid = self._kaleido.subprocess.pid
            await check_tabs(self._kaleido)
            import plotly.io as pio

            # plotly passes these as kopts on every export; a running kaleido warns about it
            pio.defaults.headers = {}
        except BaseException as exc:  # reported to the caller by render()
            self._error = exc
            self._launched.set()
            self._ready.set()
            await self._close_kaleido()
            return
        self._ready.set()
        await self._stop.wait()
        await self._close_kaleido()

    async def _close_kaleido(self) -> None:
        if self._kaleido is not None:
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(self._kaleido.close(), timeout=10)
            proc = getattr(self._kaleido, "subprocess", None)
            if proc is not None and self.pid is None:
                self.pid = proc.pid

    def _kill(self) -> None:
        """Kill Chromium's whole process group (it runs in its own session)."""
        proc = getattr(self._kaleido, "subprocess", None)
        if proc is None:
            return
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(Exception):
                proc.wait(timeout=5)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # helpers (renderer, zygote) outliving the parent

    def _wait_ready(self) -> Any:
        if self._thread is None:
            self.start()
        if not self._ready.wait(self._timeout):
            # A start that hangs is occasionally a one-off (seen under heavy load with
            # several workers booting at once): kill it and try once more before giving up.
            self.restart()
            if not self._ready.wait(self._timeout):
                self.close()
                raise EnvironmentProblem(
                    f"Chromium at {self._chromium} did not start within {self._timeout:g} s, twice "
                    f"(set REPORTGEN_CHROMIUM_TIMEOUT to wait longer); {INSTALL_HINT}"
                )
        if self._error is not None or self._kaleido is None:
            error = self._error
            self.close()
            # kaleido's own text suggests downloading a Chrome, which cannot work here: not shown
            raise EnvironmentProblem(
                f"Chromium at {self._chromium} failed to start ({type(error).__name__}); see why with "
                f"`{self._chromium} --headless --dump-dom about:blank`, or {INSTALL_HINT}"
            )
        return self._kaleido

    # -- rendering ---------------------------------------------------------
    def render(self, fig: Any, fmt: Format, *, width: int, height: int, scale: float = 1.0) -> bytes:
        """The figure as PNG, SVG or PDF bytes of `width`×`height` px (PNG: ×scale).

        A failed render is tried once more (on a fresh Chromium if this one died).
        """
        try:
            return self.submit(fig, fmt, width=width, height=height, scale=scale).result()
        except RenderError:
            if not self.alive():
                self.restart()
            return self.submit(fig, fmt, width=width, height=height, scale=scale).result()

    def submit(self, fig: Any, fmt: Format, *, width: int, height: int, scale: float = 1.0) -> PendingRender:
        """Queue a render and return at once (after Chromium is up); `.result()` gives the bytes.

        Renders run one at a time in the order submitted, so a caller can queue every figure
        and do its own work while Chromium draws them.
        """
        if fmt not in FORMATS:
            raise RenderError(f"unknown image format {fmt!r}; use one of {', '.join(FORMATS)}")
        k = self._wait_ready()
        assert self._loop is not None
        check_image_size(fmt, width, height, scale)
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        future = asyncio.run_coroutine_threadsafe(k.calc_fig(fig, opts=opts), self._loop)
        return PendingRender(future, fmt, (round(width * scale), round(height * scale)))

    def print_html(self, html: bytes) -> PendingRender:
        """Queue `html` to be printed as a tagged PDF (see `printing`); `.result()` gives the bytes."""
        from reportgen.render.printing import Printer

        k = self._wait_ready()
        assert self._loop is not None
        if self._printer is None or self._printer.browser is not k:
            self._printer = Printer(k)
        future = asyncio.run_coroutine_threadsafe(self._printer.print_html(html), self._loop)
        return PendingRender.of_print(future, html)

    def rasterise(self, svg: bytes, *, width: int, height: int, scale: float = 1.0) -> PendingRender:
        """Queue a PNG of an SVG this Chromium drew (see `printing`); `.result()` gives the bytes."""
        from reportgen.render.printing import Printer

        check_image_size("png", width, height, scale)
        k = self._wait_ready()
        assert self._loop is not None
        if self._painter is None or self._painter.browser is not k:
            self._painter = Printer(k)
        future = asyncio.run_coroutine_threadsafe(
            self._painter.rasterise(svg, width, height, scale), self._loop
        )
        return PendingRender(future, "png", (round(width * scale), round(height * scale)))

    def ready(self) -> bool:
        """True once Chromium is up (or has failed to start): `submit` will not wait."""
        return self._thread is not None and self._ready.is_set()


# Chromium draws nothing past its largest texture: a bigger PNG comes back as a few
# empty bytes. Sizes are checked before a render and every image's bytes after it.
MAX_SIDE_PX = 16384
MAX_PIXELS = 16384 * 8192


def check_image_size(fmt: str, width: int, height: int, scale: float = 1.0) -> None:
    """UsageError when Chromium cannot draw an image this big (PNG counts its scale)."""
    factor = scale if fmt == "png" else 1.0
    w, h = round(width * factor), round(height * factor)
    if max(w, h) > MAX_SIDE_PX or w * h > MAX_PIXELS:
        raise UsageError(
            f"a {w}×{h} px {fmt.upper()} is larger than Chromium can draw (at most {MAX_SIDE_PX} px a side"
            f" and {MAX_PIXELS // 1_000_000} million pixels); lower --width, --height or --scale"
        )


def check_image(fmt: str, data: bytes, size: tuple[int, int]) -> None:
    """RenderError unless `data` is a whole image of its format (a PNG of `size` px)."""
    ok = {
        "png": data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR",
        "svg": data.lstrip()[:4] == b"<svg" or (data.lstrip()[:5] == b"<?xml" and b"<svg" in data[:400]),
        "pdf": data[:5] == b"%PDF-" and b"%%EOF" in data[-1024:],
    }[fmt]
    if ok and fmt == "png":  # Chromium rounds a scaled size its own way: a pixel either way is fine
        w, h = struct.unpack(">II", data[16:24])
        ok = abs(w - size[0]) <= 1 and abs(h - size[1]) <= 1
    if not ok:
        raise RenderError(
            f"Chromium returned no whole {fmt.upper()} ({len(data)} bytes) for a {size[0]}×{size[1]} px image"
        )


RESULT_WAIT_S = 120.0  # how long `PendingRender.result` waits for a render, by default


class PendingRender:
    """A render queued with `Exporter.submit`."""

    def __init__(
        self, future: Future[bytes], fmt: str, size: tuple[int, int], timeout: float = RESULT_WAIT_S
    ) -> None:
        self._future, self._fmt, self._size, self._timeout = future, fmt, size, timeout

    @classmethod
    def of_print(cls, future: Future[bytes], html: bytes) -> PendingRender:
        """A print of `html`: waited for longer the longer the page (`printing.print_timeout`)."""
        from reportgen.render.printing import print_timeout

        return cls(future, "pdf", (0, 0), timeout=RESULT_WAIT_S + print_timeout(html))

    def done(self) -> bool:
        return self._future.done()

    def on_done(self, callback: Any) -> None:
        """Call `callback` with the raw bytes, or the exception, once the render ends."""
        self._future.add_done_callback(lambda f: callback(f.exception() or f.result()))

    def result(self, timeout: float | None = None) -> bytes:
        """The image's bytes; RenderError if Chromium failed (or took longer than `timeout` s,
        by default the render's own: RESULT_WAIT_S, a print more for a longer page)."""
        try:
            data = self._future.result(timeout=self._timeout if timeout is None else timeout)
        except Exception as exc:
            raise RenderError(f"Chromium failed to render a {self._fmt.upper()}: {exc}") from exc
        check_image(self._fmt, data, self._size)
        return normalise_svg(data) if self._fmt == "svg" else data


def canonical_xml(data: bytes) -> bytes:
    """Canonical XML (C14N, libxml2 through lxml): a reused tab may write an element's
    attributes in another order; the drawing is the same, and so, once canonical, are the
    bytes. libxml2 takes ~2 ms for a timeline's SVG, the standard library's C14N 2.0 ~16 ms."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return bytes(etree.tostring(etree.fromstring(data, parser), method="c14n"))
    except etree.XMLSyntaxError as exc:
        raise RenderError(f"Chromium returned an SVG that is not well-formed XML ({exc})") from None


_SVG_UID = re.compile(rb"defs-([0-9a-f]{6})")
# a fill pattern's or a colour bar's gradient's id carries a random uid of its own:
# id="pe34191-metric-…", url('#pe34191-metric-…'); id="g580314-cbtimeline-0"
_PATTERN_UID = re.compile(rb"""(id="|#)([pg])[0-9a-f]{6}-""")


def normalise_svg(data: bytes) -> bytes:
    """The SVG in canonical XML (attributes sorted), with plotly's random per-render uids
    replaced, so equal figures give equal bytes whatever the tab drew before."""
    data = canonical_xml(data)
    data = _PATTERN_UID.sub(rb"\g<1>\g<2>rgfig0-", data)
    match = _SVG_UID.search(data)
    if match is None:
        return data
    uid = match.group(1)
    # the uid is glued to fixed words: defs-UID, clipUIDxyplot, url(#clipUID...), legendUID
    return re.sub(rb"(defs-|clip|legend|topdefs-|#)" + uid, rb"\g<1>rgfig0", data)
