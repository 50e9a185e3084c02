"""Many ward packs: packs per minute with --jobs 1, --jobs 2 and --dask local --jobs 2 (issue 17).

    python benchmarks/cluster_bench.py             # 40 ward folders of 50 events each
    python benchmarks/cluster_bench.py --wards 4   # a quick look

Each ward folder holds its own synthetic events (benchmarks/synth.py) and a copy of the force's
metrics and sources (the default project's): every pack charts the same force figures, so a
worker that has drawn a chart once reuses it (`cache._SHARED`) for each later pack it builds.
Every mode builds cold (fresh, empty output folders) in a fresh process tree.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import measure  # noqa: E402, F401  (the shared render cache off: every mode builds cold)
import synth  # noqa: E402

AS_OF = "2025-10-15"
MODES = {
    "jobs 1": ["--jobs", "1"],
    "jobs 2": ["--jobs", "2"],
    "dask local, jobs 2": ["--dask", "local", "--jobs", "2"],
}
WARDS_IN_ENGLAND_AND_WALES = 9000


def make_wards(work: Path, wards: int, events: int) -> list[Path]:
    folders = []
    for i in range(wards):
        folder = synth.write_set(work / f"ward-{i + 1:03d}", events, 4, seed=i + 1)
        metrics = (ROOT / "events" / "metrics.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
        # the force's charts without markers for the default data's own events
        kept = [line for line in metrics if not line.lstrip().startswith("marker_events:")]
        (folder / "force-metrics.yaml").write_text("".join(kept), encoding="utf-8")
        shutil.copy(ROOT / "events" / "sources.yaml", folder / "force-sources.yaml")
        folders.append(folder)
    return folders


def run_mode(work: Path, folders: list[Path], name: str, args: list[str]) -> dict[str, float]:
    out = work / ("out-" + re.sub(r"\W+", "-", name))
    cmd = [sys.executable, "-m", "reportgen", "build", "--out", str(out), "--as-of", AS_OF, *args]
    cmd += [a for f in folders for a in ("--events", str(f))]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    reused = sum(
        1 for line in proc.stdout.splitlines() if "reused:" in line and "chart" in line.split("reused:")[1]
    )
    return {
        "seconds": round(seconds, 2),
        "packs_per_minute": round(60 * len(folders) / seconds, 1),
        "packs_reusing_charts": reused,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wards", type=int, default=40, help="ward folders (default 40)")
    parser.add_argument("--events", type=int, default=50, help="events per ward (default 50)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    results: dict[str, object] = {"wards": args.wards, "events_per_ward": args.events}
    with tempfile.TemporaryDirectory(prefix="reportgen-wards-") as tmp:
        work = Path(tmp)
        folders = make_wards(work, args.wards, args.events)
        for name, mode_args in MODES.items():
            results[name] = run_mode(work, folders, name, mode_args)
    best = max(v["packs_per_minute"] for k, v in results.items() if isinstance(v, dict))  # type: ignore[index]
    print(f"{args.wards} ward packs of {args.events} events on {os.cpu_count()} cores")
    for name in MODES:
        r = results[name]
        print(
            f"  {name:<20} {r['seconds']:7.1f} s  {r['packs_per_minute']:6.1f} packs/min"  # type: ignore[index]
            f"  ({r['packs_reusing_charts']} packs reused the force charts)"
        )  # type: ignore[index]
    for machines in (1, 4, 16):
        minutes = WARDS_IN_ENGLAND_AND_WALES / (best * machines)
        print(
            f"  {WARDS_IN_ENGLAND_AND_WALES} wards on {machines:>2} machine(s) like this one:"
            f" about {minutes:5.0f} min"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
