"""Timing and peak memory of a command, for the benchmark scripts (Linux: reads /proc).

Two memory figures, because a build is several processes (Python plus Chromium's):
- `peak_rss_mb`: the largest single process (the child's `ru_maxrss` from `os.wait4`,
  which covers every descendant it reaped);
- `tree_pss_mb`: the largest sum of PSS (proportional set size: shared pages split between
  the processes sharing them, so Chromium's helpers are not counted several times) over the
  whole process tree, sampled every 50 ms (Chromium runs in its own session but stays a
  descendant, so it is counted).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Every benchmark imports this module. A cold build must draw every figure: none of them comes
# from the user's shared render cache (reference_bench measures that cache on purpose, with a
# store of its own).
os.environ["REPORTGEN_CACHE"] = "off"


@dataclass(frozen=True)
class Measured:
    """One run of a command: wall seconds, peak memory and what it printed."""

    seconds: float
    peak_rss_mb: float
    tree_pss_mb: float
    returncode: int
    stdout: str
    stderr: str


def _children() -> dict[int, list[int]]:
    """ppid → pids of every process visible in /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # the command name may hold spaces and brackets: fields start after the last ')'
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_pss_mb(root: int) -> float:
    """Summed PSS (MB) of `root` and all its descendants right now."""
    tree, total_kb, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        todo += tree.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        total_kb += int(line.split()[1])
                        break
        except (OSError, IndexError, ValueError):
            continue
    return total_kb / 1024


class TreeSampler:
    """Samples the summed PSS of a process tree in a thread until stopped; keeps the peak."""

    def __init__(self, root: int, interval: float = 0.05):
        self.root, self.interval, self.peak_mb = root, interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, tree_pss_mb(self.root))
            self._stop.wait(self.interval)


def run(cmd: Sequence[str], *, cwd: Path | None = None, timeout: float = 900) -> Measured:
    """Run `cmd` to completion; its wall time, peak RSS (largest process and whole tree), output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=out, stderr=err)
        with TreeSampler(proc.pid) as sampler:
            status, usage = _wait(proc, timeout)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return Measured(
            seconds=seconds,
            peak_rss_mb=usage.ru_maxrss / 1024,  # Linux reports KiB
            tree_pss_mb=sampler.peak_mb,
            returncode=os.waitstatus_to_exitcode(status),
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
        )


def _wait(proc: subprocess.Popen[bytes], timeout: float) -> tuple[int, resource.struct_rusage]:
    """os.wait4 gives this child's own rusage (RUSAGE_CHILDREN would mix in earlier runs)."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)  # keep Popen from waiting again
            return status, usage
        if time.monotonic() > deadline:
            proc.kill()
        time.sleep(0.01)


def self_peak_rss_mb() -> float:
    """Peak RSS of this process so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")
