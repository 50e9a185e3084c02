"""`reportgen preview`: build, serve the output folder on loopback, reload the page after each rebuild.

    preview(cfg, port=0, open_browser=False) -> exit code

The standard library's HTTP server serves the output folder on 127.0.0.1 only; the
existing watch loop (`watch.watch`) does the rebuilding and reports each outcome to a
`LiveState`. Every HTML page served gets a few lines of script that listen on
`/__events` (server-sent events): after a good rebuild the page reloads itself; after
a bad edit it shows the `path:line` problem above the last good content, which stays.

Only files inside the output folder are served, never a dot-file (`.cache/`, the lock)
and never through a symlink that leads out; a request naming another host is refused,
so a web page elsewhere cannot reach the server through DNS rebinding.
"""

from __future__ import annotations

import http.server
import json
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from reportgen.config import BuildConfig
from reportgen.report import failure

EVENTS = "/__events"
HOME = "briefing-pack.html"
_KEEPALIVE_S = 15.0

# Injected before </body> of each page served: reload after a good rebuild, show a problem otherwise.
_SCRIPT = """<script>(function () {
  var seen = %d, box = null;
  function show(text) {
    if (!box) {
      box = document.createElement("div");
      box.id = "reportgen-preview-problem";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:sticky;top:0;z-index:99;background:#7d1a12;color:#fff;" +
        "padding:.75rem 1rem;font:1rem/1.4 monospace;white-space:pre-wrap";
      document.body.insertBefore(box, document.body.firstChild);
    }
    box.textContent = "Not rebuilt; this is the last good version.\\n" + text;
  }
  var source = new EventSource("%s?since=" + seen);
  source.addEventListener("build", function (event) {
    var state = JSON.parse(event.data);
    if (state.problem) { show(state.problem); }
    else if (state.generation !== seen) { source.close(); location.reload(); }
  });
})();</script>
"""


_WAITING = (
    b'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8"><title>Building the pack</title></head>'
    b"<body><main><h1>Building the pack</h1><p>This page reloads when the first build is done.</p></main>"
    b"</body></html>\n"
)


class LiveState:
    """The outcome of the latest build, and a condition to wait for the next one."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.generation = 0
        self.problem = ""
        self.closing = False

    def publish(self, outcome: object) -> None:
        """Called by the watch loop after each build with its BuildResult or exception."""
        with self.changed:
            if isinstance(outcome, BaseException):
                problem = failure(outcome)
                self.problem = "\n".join([*problem.details, problem.reason])
            else:
                self.problem = ""
            self.generation += 1
            self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()

    def message(self) -> bytes:
        data = json.dumps({"generation": self.generation, "problem": self.problem})
        return f"event: build\ndata: {data}\n\n".encode()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never holds up the end of the preview

    def __init__(self, address: tuple[str, int], folder: Path, state: LiveState) -> None:
        self.folder, self.state = folder.resolve(), state
        super().__init__(address, _Handler)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    server_version = "reportgen-preview"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 — the base class's name
        pass  # the terminal shows builds, not requests

    def do_GET(self) -> None:  # noqa: N802 — http.server's name
        if not self._host_ok():
            self._refuse(403, "this server answers only to 127.0.0.1 and localhost")
            return
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS:
            self._events()
        elif path == "/":
            self.send_response(302)
            self.send_header("Location", "/" + HOME)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._file(path)

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        return host in ("127.0.0.1", "localhost", "::1")

    def _refuse(self, code: int, text: str) -> None:
        body = text.encode() + b"\n"
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _file(self, path: str) -> None:
        folder = self.server.folder
        parts = [p for p in path.split("/") if p]
        target = folder.joinpath(*parts).resolve() if parts else folder
        hidden = any(p.startswith(".") for p in parts)
        if parts == [HOME] and not target.is_file():
            data = _WAITING  # no pack yet: this page shows the first build's problem, or reloads
        elif hidden or not (target.is_relative_to(folder) and target.is_file()):
            self._refuse(404, "not found (only the pack's outputs are served)")
            return
        else:
            data = target.read_bytes()
        kind = _TYPES.get(target.suffix.lower(), "application/octet-stream")
        if kind.startswith("text/html"):
            with self.server.state.changed:
                script = _SCRIPT % (self.server.state.generation, EVENTS)
            data = data.replace(b"</body>", script.encode() + b"</body>", 1)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _events(self) -> None:
        state = self.server.state
        try:
            since = int(urlsplit(self.path).query.partition("since=")[2] or -1)
        except ValueError:
            since = -1
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            with state.changed:
                if state.generation != since or state.problem:
                    self.wfile.write(state.message())  # the page is stale, or the last edit was bad
                    self.wfile.flush()
                seen = [state.generation]
                while not state.closing:
                    news = state.changed.wait_for(
                        lambda: state.generation != seen[0] or state.closing, _KEEPALIVE_S
                    )
                    if state.closing:
                        break
                    if news:
                        seen[0] = state.generation
                        self.wfile.write(state.message())
                    else:
                        self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
        except OSError:  # the page went away
            return


_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".ics": "text/calendar; charset=utf-8",
}


def serve(folder: Path, state: LiveState, port: int = 0) -> _Server:
    """An HTTP server for `folder` on 127.0.0.1:`port` (0: a free port), running in a thread."""
    server = _Server(("127.0.0.1", port), folder, state)
    threading.Thread(target=server.serve_forever, name="reportgen-preview", daemon=True).start()
    return server


def preview(
    cfg: BuildConfig,
    *,
    port: int = 0,
    open_browser: bool = False,
    log: Callable[..., None] | None = None,
    stop_event: threading.Event | None = None,
    debounce_ms: int | None = None,
) -> int:
    """Serve `cfg.out_dir` and rebuild on every change until stopped (the exit code of watch)."""
    from reportgen.watch import watch

    say = log or (lambda line, err=False: print(line, flush=True))  # noqa: T201
    # the HTML edition is what is previewed, whatever the project's `accessible` says
    cfg = replace(cfg, accessible=True, overrides=(*cfg.overrides, ("accessible", True)))
    state = LiveState()
    server = serve(cfg.out_dir, state, port)
    url = f"http://127.0.0.1:{server.server_address[1]}/{HOME}"
    say(f"serving {cfg.out_dir} at {url}")
    if open_browser:
        webbrowser.open(url)
    try:
        return watch(cfg, debounce_ms=debounce_ms, on_result=state.publish, log=say, stop_event=stop_event)
    finally:
        state.close()
        server.shutdown()
        server.server_close()
