"""Incremental builds: cold, no-op, one new event (one-shot and with a warm Chromium), watch latency.

    python benchmarks/watch_bench.py            # medians of 3 runs on the default project
    python benchmarks/watch_bench.py --quick    # 1 run each (CI: proves the script works)
    python benchmarks/watch_bench.py --project my-briefing

Targets (issue 5): no-op / cold ≤ 0.05; one-shot +1 event / cold ≤ 0.8; warm +1 event / cold ≤ 0.3 and
≤ 1 s; watch, save → new PDF on disk ≤ 1.5 s. `measure_incremental(project_dir, runs)` returns the same
figures as a dict for benchmarks/run.py. Every measurement works on a temporary copy of the project.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import measure  # noqa: F401  (the shared render cache off: a cold build draws everything)

ROOT = Path(__file__).resolve().parent.parent
ADDED = "events/zz-benchmark-added.yaml"  # new events go in a file of their own
TARGETS = {"noop/cold": 0.05, "one_shot_add/cold": 0.8, "warm_add/cold": 0.3, "warm_add_s": 1.0}
TARGETS |= {"watch_latency_s": 1.5}


def copy_project(src: Path, dst: Path) -> Path:
    """events/, styles/ and reportgen.toml of `src` copied to `dst` (no outputs, no cache)."""
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("events", "styles"):
        if (src / name).is_dir():
            shutil.copytree(src / name, dst / name)
    if (src / "reportgen.toml").is_file():
        shutil.copy(src / "reportgen.toml", dst / "reportgen.toml")
    return dst


def add_event(root: Path, n: int) -> None:
    """Save one more event (as an editor would: the whole file rewritten)."""
    path = root / ADDED
    old = path.read_text(encoding="utf-8") if path.is_file() else "events:\n"
    entry = f"  - date: {1 + n % 28} Nov 2025\n    title: Benchmark event {n}\n    lane: Benchmark\n"
    path.write_text(old + entry, encoding="utf-8")


# As installed: pip compiles a package's bytecode, so a user's command never compiles reportgen
# (~25 ms a run); a shell that sets PYTHONDONTWRITEBYTECODE would time that compile every run.
INSTALLED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
IN_PROCESS = {**INSTALLED, "REPORTGEN_RENDERER": "off"}  # each build starts its own Chromium


def cli_build(root: Path, *args: str, env: dict[str, str] | None = None) -> float:
    """Seconds for `python -m reportgen build` in `root` (a fresh process: a one-shot build).

    `env` defaults to builds with no render service, as these figures always were."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "reportgen", "build", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env or IN_PROCESS,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"reportgen build failed ({proc.returncode}):\n{proc.stderr}")
    return seconds


@contextlib.contextmanager
def inside(root: Path) -> Iterator[None]:
    """Run in `root`, so paths are relative as in the one-shot builds (same fingerprints)."""
    before = Path.cwd()
    os.chdir(root)
    try:
        yield
    finally:
        os.chdir(before)


def measure_cold(root: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        shutil.rmtree(root / "output", ignore_errors=True)
        times.append(cli_build(root))
    return times


def measure_noop(root: Path, runs: int) -> list[float]:
    cli_build(root)
    return [cli_build(root) for _ in range(runs)]


def measure_one_shot_add(root: Path, runs: int, counter: Iterator[int]) -> list[float]:
    cli_build(root)
    times = []
    for _ in range(runs):
        add_event(root, next(counter))
        times.append(cli_build(root))
    return times


def measure_warm_add(root: Path, runs: int, counter: Iterator[int]) -> list[float]:
    """In-process `build(cfg, exporter=warm)` right after one event is added (what watch does)."""
    from reportgen.build import build
    from reportgen.config import load_config
    from reportgen.render.export import Exporter

    times = []
    with inside(root), Exporter(tabs=2) as warm:  # as watch runs it
        cfg = load_config(Path("."))
        build(cfg, exporter=warm)  # may be a no-op, which leaves Chromium booting:
        warm.wait_ready()  # "warm" means up, as it is in watch after the first build
        # one +1 rebuild first, not timed: it also imports plotly, ReportLab and pypdf and parses
        # the cached charts once, as the first rebuild of a watch session does
        for timed in [False] + [True] * runs:
            add_event(root, next(counter))
            started = time.perf_counter()
            result = build(cfg, exporter=warm)
            if timed:
                times.append(time.perf_counter() - started)
            assert "briefing-pack.pdf" in result.redone, result.redone
    return times


def measure_watch_latency(
    root: Path, runs: int, counter: Iterator[int], rebuilds: list[float] | None = None
) -> list[float]:
    """Seconds from saving a file with one new event to the new PDF on disk, `watch` in a thread.

    `rebuilds` receives each rebuild's own seconds (`BuildResult.seconds`): the rest of the
    latency is noticing the save and letting it settle (the debounce).
    """
    from reportgen.config import load_config
    from reportgen.watch import watch

    results: list[object] = []
    stop = threading.Event()
    pdf = root / "output" / "briefing-pack.pdf"
    times = []
    with inside(root):
        cfg = load_config(Path("."))
        thread = threading.Thread(
            target=watch, args=(cfg,), kwargs={"stop_event": stop, "on_result": results.append, "log": _quiet}
        )
        thread.start()
        try:
            _wait_for(lambda: len(results) >= 1, 120)
            time.sleep(0.5)  # let the watcher settle on its targets
            # one save first, not timed: the first build may have been a no-op, leaving Chromium
            # still booting; after this rebuild it is warm, as in a watch that has been running
            for timed in [False] + [True] * runs:
                before, seen = pdf.stat().st_mtime_ns, len(results)
                add_event(root, next(counter))
                saved = time.perf_counter()
                _wait_for(lambda b=before: pdf.stat().st_mtime_ns != b, 60, step=0.005)
                latency = time.perf_counter() - saved
                _wait_for(lambda s=seen: len(results) > s, 60)  # the rebuild has returned
                if timed:
                    times.append(latency)
                    if rebuilds is not None:
                        rebuilds.append(float(getattr(results[-1], "seconds", "nan")))
        finally:
            stop.set()
            thread.join(timeout=60)
    return times


def _quiet(*_args: Any, **_kwargs: Any) -> None:
    pass


def _wait_for(condition: Callable[[], bool], timeout: float, step: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark waited too long")
        time.sleep(step)


def measure_incremental(project_dir: Path, runs: int = 3) -> dict[str, Any]:
    """Medians (s) of cold, no-op, one-shot +1, warm +1 and watch latency, and their ratios to cold."""
    counter = iter(range(10**6))
    rebuilds: list[float] = []
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        root = copy_project(Path(project_dir), Path(tmp) / "project")
        raw = {
            "cold_s": measure_cold(root, runs),
            "noop_s": measure_noop(root, runs),
            "one_shot_add_s": measure_one_shot_add(root, runs, counter),
            "warm_add_s": measure_warm_add(root, runs, counter),
            "watch_latency_s": measure_watch_latency(root, runs, counter, rebuilds),
            "watch_rebuild_s": rebuilds,
        }
    figures: dict[str, Any] = {name: statistics.median(times) for name, times in raw.items()}
    cold = figures["cold_s"]
    figures["ratios"] = {
        "noop/cold": figures["noop_s"] / cold,
        "one_shot_add/cold": figures["one_shot_add_s"] / cold,
        "warm_add/cold": figures["warm_add_s"] / cold,
    }
    figures["runs"] = runs
    figures["all_s"] = raw
    figures["targets"] = TARGETS
    return figures


def report(figures: dict[str, Any]) -> str:
    """A small table: each figure, its ratio to cold, and its target."""
    ratios, lines = figures["ratios"], [f"{'measure':<28}{'median s':>10}{'/ cold':>9}  target"]
    rows = [
        ("cold build", "cold_s", None, ""),
        ("no-op build", "noop_s", "noop/cold", "≤ 0.05 of cold"),
        ("+1 event, one-shot", "one_shot_add_s", "one_shot_add/cold", "≤ 0.8 of cold"),
        ("+1 event, warm Chromium", "warm_add_s", "warm_add/cold", "≤ 0.3 of cold and ≤ 1 s"),
        ("watch: save → new PDF", "watch_latency_s", None, "≤ 1.5 s"),
        ("  of which the rebuild", "watch_rebuild_s", None, ""),
    ]
    for label, key, ratio, target in rows:
        shown = f"{ratios[ratio]:.3f}" if ratio else ""
        lines.append(f"{label:<28}{figures[key]:>10.3f}{shown:>9}  {target}")
    lines.append(f"(medians of {figures['runs']} run(s))")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 run of each (default: 3)")
    parser.add_argument("--project", type=Path, default=ROOT, help="project folder (default: this repo)")
    args = parser.parse_args(argv)
    print(report(measure_incremental(args.project, 1 if args.quick else 3)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
