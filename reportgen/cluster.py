"""Many packs on a Dask cluster (dask.distributed): one task per pack, one warm Chromium per worker.

    reportgen build --each --events wards/a --events wards/b --dask tcp://scheduler:8786
    reportgen build --each --events wards/a --events wards/b --dask local --jobs 2

Each task is `batch.build_one` for one folder: the worker reads the events and writes the
pack to its output path (so workers and the client must share a filesystem, as a cluster's
workers usually do), atomically as every build does. A worker plugin gives each worker
process one Exporter for all its packs and closes it when the worker stops; kaleido's
server is one per process and not thread-safe, so workers should run one thread each.
Results (exit code, summary, warnings, errors with path:line) come back to the client,
which prints them as they arrive. One failing pack never stops the others.

`dask` and `distributed` are the optional extra `reportgen[cluster]`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from dataclasses import replace
from typing import Any

from reportgen.batch import (
    PackJob,
    PackOutcome,
    build_one,
    close_worker,
    pack_jobs,
    show,
    start_worker,
    worst,
)
from reportgen.config import BuildConfig
from reportgen.errors import EnvironmentProblem

PLUGIN = "reportgen-chromium"
INSTALL = 'pip install "reportgen[cluster]"'
CONNECT_TIMEOUT = 30.0  # seconds to reach a scheduler before giving up (exit 3); $REPORTGEN_DASK_TIMEOUT


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise EnvironmentProblem(f"--dask needs dask and distributed; install them with: {INSTALL}") from None
    return distributed


def make_plugin() -> Any:
    """The worker plugin: one Exporter per worker process, closed on teardown."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class ChromiumPerWorker(WorkerPlugin):
        name = PLUGIN

        def setup(self, worker: Any) -> None:
            start_worker()

        def teardown(self, worker: Any) -> None:
            close_worker()

    return ChromiumPerWorker()


def pack_task(job: PackJob, force: bool) -> PackOutcome:
    """One pack, built on a worker with its warm Chromium; never raises."""
    return build_one(job, force)


def build_on_dask(
    cfg: BuildConfig, address: str, *, jobs: int = 2, force: bool = False, quiet: bool = False
) -> int:
    """Build one pack per --events path as tasks on the cluster at `address` ("local": a LocalCluster
    of `jobs` worker processes, one thread each, stopped afterwards). Returns the worst exit code.
    """
    distributed = _distributed()
    # a worker runs in a folder of its own, maybe on another machine: paths must be absolute
    # (and on the filesystem the client and workers share)
    todo = [PackJob(job.name, _absolute(job.cfg)) for job in pack_jobs(cfg)]
    with contextlib.ExitStack() as stack:
        client = stack.enter_context(_client(distributed, address, jobs))
        client.register_plugin(make_plugin(), name=PLUGIN)
        futures = [client.submit(pack_task, job, force, key=f"reportgen-pack-{i}-{job.name}", pure=False)
                   for i, job in enumerate(todo)]  # fmt: skip
        from tqdm import tqdm

        bar = tqdm(total=len(todo), unit="pack", disable=quiet or not sys.stderr.isatty(), file=sys.stderr)
        codes = []
        with bar:
            for future in distributed.as_completed(futures):
                outcome: PackOutcome = future.result()
                codes.append(outcome.code)
                show(outcome, quiet, bar)
                bar.update(1)
    return worst(codes)


@contextlib.contextmanager
def _client(distributed: Any, address: str, jobs: int) -> Any:
    if address == "local":
        cluster = distributed.LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=logging.ERROR,
        )  # fmt: skip
        with cluster, distributed.Client(cluster) as client:
            yield client
        return
    timeout = float(os.environ.get("REPORTGEN_DASK_TIMEOUT") or CONNECT_TIMEOUT)
    try:
        client = distributed.Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise EnvironmentProblem(
            f"cannot reach the Dask scheduler at {address} within {timeout:g} s"
            f" ({type(exc).__name__}); start one with `dask scheduler`, and workers with"
            " `dask worker ADDRESS --nthreads 1`"
        ) from None
    with client:
        yield client


def _absolute(cfg: BuildConfig) -> BuildConfig:
    return replace(cfg, events=tuple(p.absolute() for p in cfg.events), out_dir=cfg.out_dir.absolute())
