"""Many packs: one per --events folder, built by a pool of worker processes.

`reportgen build --events wards/north --events wards/south --jobs 2` builds
`<out>/north/` and `<out>/south/` (each a complete, incremental build with its
own cache). Each worker process keeps one Exporter for all its packs, started
only when a pack has a figure to draw, so a pool of N workers runs at most N
Chromiums. `--jobs 1` (or `--each`) builds them one after another in this
process. Without `--jobs`/`--each`, several --events are merged into one pack.

On a cluster, the same job list — one `reportgen build --events <folder> --out <dir>`
per folder — runs as one task per folder with `build_folder` (see the README's
"Many packs on a cluster"); each worker process keeps one Chromium.

A pack name is the folder's name (a file's stem); repeats get `-2`, `-3`…
The exit code is the worst of the packs: a bug (1) over a missing Chromium (3)
over bad input (2) over success (0).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import multiprocessing.util
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.config import BuildConfig
from reportgen.errors import UsageError

_SEVERITY = {0: 0, 2: 1, 3: 2, 1: 3}  # exit code → how bad it is
_EXPORTER: Any = None  # this process's Exporter (one per worker)


@dataclass(frozen=True, slots=True)
class PackJob:
    name: str
    cfg: BuildConfig


@dataclass(frozen=True, slots=True)
class PackOutcome:
    """What one pack's build printed and its exit code (made in the worker, printed by the parent)."""

    name: str
    code: int
    out: tuple[str, ...] = ()
    err: tuple[str, ...] = ()


def pack_jobs(cfg: BuildConfig) -> list[PackJob]:
    """One job per --events path, writing to `<out>/<name>/`."""
    jobs: list[PackJob] = []
    seen: dict[str, int] = {}
    for path in cfg.events:
        base = (path.stem if path.suffix else path.name) or Path(path).resolve().name or "pack"
        seen[base] = seen.get(base, 0) + 1
        name = base if seen[base] == 1 else f"{base}-{seen[base]}"
        jobs.append(PackJob(name, cfg.with_overrides(events=(path,), out_dir=cfg.out_dir / name)))
    return jobs


def worst(codes: list[int]) -> int:
    return max(codes, key=lambda c: _SEVERITY.get(c, 3), default=0)


def build_each(cfg: BuildConfig, *, force: bool = False, jobs: int = 1, quiet: bool = False) -> int:
    """Build one pack per --events path with `jobs` processes; print each pack's summary. Exit code."""
    if jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {jobs}")
    todo = pack_jobs(cfg)
    from tqdm import tqdm

    # a bar only on a terminal: pipes, logs and CI get plain lines
    bar = tqdm(total=len(todo), unit="pack", disable=quiet or not sys.stderr.isatty(), file=sys.stderr)
    codes = []
    with bar:
        for outcome in _outcomes(todo, force, jobs):
            codes.append(outcome.code)
            show(outcome, quiet, bar)
            bar.update(1)
    return worst(codes)


def show(outcome: PackOutcome, quiet: bool, bar: Any) -> None:
    for line in outcome.err:
        bar.write(line, file=sys.stderr)
    if not quiet:
        for line in outcome.out:
            bar.write(line, file=sys.stdout)


def _outcomes(todo: list[PackJob], force: bool, jobs: int) -> Iterator[PackOutcome]:
    if jobs == 1 or len(todo) == 1:
        start_worker()
        try:
            yield from (build_one(job, force) for job in todo)
        finally:
            close_worker()
        return
    # spawn, not fork: a forked child would inherit the parent's threads and locks half-taken
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(min(jobs, len(todo)), mp_context=context, initializer=start_worker) as pool:
        futures = [pool.submit(build_one, job, force) for job in todo]
        for future in as_completed(futures):
            yield future.result()


def start_worker() -> None:
    """Give this process one Exporter (started by the first build that draws), closed at exit."""
    global _EXPORTER
    from reportgen.cache import share_charts
    from reportgen.render.export import Exporter

    _EXPORTER = Exporter()
    share_charts(True)  # packs built here share the charts they have in common
    # pool workers leave through multiprocessing's exit handlers, not atexit
    multiprocessing.util.Finalize(None, close_worker, exitpriority=10)


def close_worker() -> None:
    global _EXPORTER
    from reportgen.cache import share_charts

    share_charts(False)
    exporter, _EXPORTER = _EXPORTER, None
    if exporter is not None:
        exporter.close()


def build_folder(
    folder: str | Path,
    out_dir: str | Path,
    *,
    root: str | Path = ".",
    as_of: dt.date | None = None,
    force: bool = False,
) -> PackOutcome:
    """`reportgen build --events <folder> --out <out_dir>` as a task for Dask, Celery or a plain loop.

    Reuses this process's Exporter, started by the first pack that draws a figure and
    closed when the process exits: one Chromium per worker process. Never raises for a
    pack that fails: the outcome holds its exit code and messages. `root` is where
    reportgen.toml (and styles/) are found.
    """
    from reportgen.config import load_config

    if _EXPORTER is None:
        start_worker()
    cfg = load_config(Path(root), events=[Path(folder)], out_dir=Path(out_dir), as_of=as_of)
    name = Path(folder).stem if Path(folder).suffix else Path(folder).name
    return build_one(PackJob(name or "pack", cfg), force)


def build_one(job: PackJob, force: bool = False) -> PackOutcome:
    """Build one pack with this process's Exporter; never raises (errors become an exit code)."""
    from reportgen.build import build
    from reportgen.report import failure, summary_line

    try:
        result = build(job.cfg, force=force, exporter=_EXPORTER)
    except Exception as exc:
        problem = failure(exc)
        return PackOutcome(job.name, problem.exit_code, err=tuple(problem.lines(job.name)))
    warnings = tuple(str(w) for w in result.warnings)
    return PackOutcome(job.name, 0, out=(f"{job.name}: {summary_line(result)}",), err=warnings)
