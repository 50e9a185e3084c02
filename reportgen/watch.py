"""Watch mode: build once, then rebuild whenever an input changes.

A background thread runs watchfiles over the *folders* holding the inputs (so a
save-by-rename, which replaces the file's inode, is still seen) and only queues
the changed paths; the main thread waits for edits to settle, drains the queue
and calls the injected `rebuild`. Changes made during a rebuild stay queued and
cause one more rebuild. The output folder is never watched, editor swap and
backup files are ignored, and no exception from `rebuild` ends the loop.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen import clock
from reportgen.config import CONFIG_NAME, BuildConfig
from reportgen.inputs import DATA_SUFFIXES, is_editor_junk
from reportgen.report import Failure, Kind, failure, rebuilt_line

_POLL = 0.1  # seconds between checks of the stop event while idle
# ms of quiet after a change before rebuilding: an editor's save (write, or temp file and
# rename) takes a few ms; each 100 ms more is 50-100 ms more from save to new PDF
DEBOUNCE_MS = 100


@dataclass(frozen=True)
class Targets:
    """What to watch: folders (non-recursive), the files that matter, folders where new data files matter."""

    dirs: frozenset[Path]
    files: frozenset[Path]
    data_dirs: dict[Path, frozenset[str]] = field(hash=False)
    out_dir: Path

    def relevant(self, path: str) -> bool:
        p = Path(path)
        if is_editor_junk(p.name) or p == self.out_dir or self.out_dir in p.parents:
            return False
        if p in self.files or p in self.data_dirs:
            return True
        return p.suffix.lower() in self.data_dirs.get(p.parent, ())


def _real(path: Path | str) -> Path:
    return Path(os.path.realpath(path))


def targets_for(cfg: BuildConfig, inputs: Iterable[str | Path] = ()) -> Targets:
    """The watch targets for `cfg` plus the files the last build read (`BuildResult.inputs`)."""
    files = {_real(cfg.root / CONFIG_NAME)} | {_real(p) for p in inputs}
    data_dirs: dict[Path, frozenset[str]] = {_real(cfg.styles_dir): frozenset({".toml"})}
    if cfg.style.endswith(".toml"):
        files.add(_real(cfg.root / cfg.style))
    for path in cfg.events:
        real = _real(path)
        if real.is_dir() or not real.suffix:
            data_dirs[real] = frozenset(DATA_SUFFIXES)
        else:
            files.add(real)
    wanted = {f.parent for f in files} | set(data_dirs) | {_real(cfg.root)}
    return Targets(
        dirs=frozenset(d for d in wanted if d.is_dir()),
        files=frozenset(files),
        data_dirs=data_dirs,
        out_dir=_real(cfg.out_dir),
    )


class _Watcher:
    """A watchfiles loop in a daemon thread that queues batches of relevant changed paths."""

    def __init__(self, targets: Targets, debounce_ms: int) -> None:
        self.targets = targets
        self.changes: queue.Queue[set[str] | BaseException] = queue.Queue()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(debounce_ms,), name="reportgen-watch", daemon=True
        )

    def start(self) -> _Watcher:
        self._thread.start()
        self._ready.wait(timeout=5)  # the first (empty) yield means the OS watches are in place
        return self

    def _run(self, debounce_ms: int) -> None:
        import watchfiles

        try:
            for batch in watchfiles.watch(
                *sorted(self.targets.dirs),
                watch_filter=lambda _change, path: self.targets.relevant(path),
                # watchfiles ends a batch at the first step with no new change: 1-2 steps after
                # the last one. Half the debounce keeps that wait within [debounce/2, debounce]
                # (was [debounce, 2×debounce]); editors finish a save (temp file, rename) in ms.
                step=max(debounce_ms // 2, 1),
                debounce=max(10 * debounce_ms, 2000),  # ... or after this long in all
                stop_event=self._stop,
                recursive=False,
                yield_on_timeout=True,
                rust_timeout=250,
            ):
                self._ready.set()
                if batch:
                    self.changes.put({path for _change, path in batch})
        except Exception as exc:  # e.g. a watched folder vanished: the main loop restarts us
            self._ready.set()
            self.changes.put(exc)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def _echo(line: str, *, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(line + "\n")
    stream.flush()


def _stamp() -> str:
    return f"{clock.now():%H:%M:%S}"


class _Loop:
    """Runs rebuilds, reports each in one line, and remembers the inputs of the last good build."""

    def __init__(self, rebuild: Callable[[], object], log: Callable[..., None], on_result: Any) -> None:
        self.rebuild, self.log, self.on_result = rebuild, log, on_result
        self.inputs: tuple[str, ...] = ()
        self._warnings: tuple[str, ...] = ()

    def step(self) -> None:
        outcome: object
        try:
            outcome = self.rebuild()
            self._report(outcome)
        except Exception as exc:  # no failure ends the loop: it is reported and watching goes on
            outcome = exc
            self._failed(failure(exc))
        if self.on_result is not None:
            self.on_result(outcome)

    def _failed(self, problem: Failure) -> None:
        for line in problem.details:
            self.log(line, err=True)
        if problem.kind is Kind.INPUT:
            self.log(f"{_stamp()} not rebuilt: {problem.reason}; keeping the last good outputs")
        elif problem.kind is Kind.BUG and problem.details:
            self.log(f"{_stamp()} rebuild failed (a bug; traceback above); still watching", err=True)
        else:
            self.log(f"{_stamp()} not rebuilt: {problem.reason}", err=True)

    def _report(self, result: Any) -> None:
        if result.inputs:
            self.inputs = tuple(str(p) for p in result.inputs)
        warnings = tuple(str(w) for w in result.warnings)
        if warnings != self._warnings:  # show warnings in full only when they change
            for w in warnings:
                self.log(w, err=True)
            self._warnings = warnings
        self.log(f"{_stamp()} {rebuilt_line(result)}")


def _accepts(func: Callable[..., object], name: str) -> bool:
    params = inspect.signature(func).parameters.values()
    return any(p.name == name or p.kind is p.VAR_KEYWORD for p in params)


def _warm_exporter(stack: contextlib.ExitStack) -> Any:
    """One Chromium kept alive across rebuilds, closed when `stack` closes (None: no export module)."""
    try:
        from reportgen.render.export import Exporter
    except ImportError:
        return None
    # entering starts Chromium in the background, so the first build does not wait for it twice
    return stack.enter_context(Exporter(tabs=2))  # started once, so its second tab pays


def _default_rebuild(cfg: BuildConfig, stack: contextlib.ExitStack) -> Callable[[], object]:
    """`reportgen.build.build(cfg)`, with one Chromium Exporter kept warm when both support it."""
    from reportgen.build import build

    kwargs: dict[str, Any] = {}
    if _accepts(build, "exporter"):
        exporter = _warm_exporter(stack)
        if exporter is not None:
            kwargs["exporter"] = exporter
    return lambda: build(cfg.reload(), **kwargs)


@contextlib.contextmanager
def _sigterm_sets(stop: threading.Event) -> Iterator[None]:
    """Turn SIGTERM into a clean stop (signal handlers can only be set from the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _next_batch(watcher: _Watcher, stop: threading.Event) -> set[str] | None:
    """Wait for a batch of changes, then drain whatever else is queued (coalescing). None: stopped."""
    batch: set[str] = set()
    while not batch:
        if stop.is_set():
            return None
        try:
            item = watcher.changes.get(timeout=_POLL)
        except queue.Empty:
            continue
        if isinstance(item, BaseException):
            raise item
        batch |= item
    with contextlib.suppress(queue.Empty):
        while True:
            item = watcher.changes.get_nowait()
            if not isinstance(item, BaseException):
                batch |= item
    return batch


def watch(
    cfg: BuildConfig,
    *,
    debounce_ms: int | None = None,
    rebuild: Callable[[], object] | None = None,
    stop_event: threading.Event | None = None,
    on_result: Callable[[object], None] | None = None,
    log: Callable[..., None] | None = None,
) -> int:
    """Build, then rebuild on every settled change to the inputs until stopped.

    Args:
        rebuild: returns a BuildResult; defaults to `reportgen.build.build` with a warm Exporter.
        stop_event: set it to stop (SIGTERM sets it too); returns 0. Ctrl-C returns 130.
        on_result: called after each rebuild with the BuildResult or the exception raised.
        log: `log(line, err=False)`; defaults to stdout (stderr for errors).
    """
    stop = stop_event or threading.Event()
    log = log or _echo
    debounce_ms = DEBOUNCE_MS if debounce_ms is None else debounce_ms
    with contextlib.ExitStack() as stack:
        stack.enter_context(_sigterm_sets(stop))
        loop = _Loop(rebuild or _default_rebuild(cfg, stack), log, on_result)
        watcher = _Watcher(targets_for(cfg), debounce_ms).start()
        stack.callback(lambda: watcher.close())
        try:
            loop.step()
            log(f"watching {cfg.root} for changes (Ctrl-C to stop)")
            while not stop.is_set():
                targets = targets_for(cfg, loop.inputs)
                if targets.dirs != watcher.targets.dirs:
                    watcher.close()
                    watcher = _Watcher(targets, debounce_ms).start()
                watcher.targets = targets  # the filter reads this; a new file may now matter
                try:
                    if _next_batch(watcher, stop) is None:
                        break
                except Exception as exc:
                    log(f"{_stamp()} watching failed ({exc}); restarting the watcher", err=True)
                    watcher.close()
                    watcher = _Watcher(targets, debounce_ms).start()
                    continue
                loop.step()
        except KeyboardInterrupt:
            log("stopped")
            return 130
    log("stopped")
    return 0
