"""What the accessible edition (briefing-pack.html + the tagged PDF) costs a build, in paired runs.

    python benchmarks/accessible_bench.py           # medians of 3 pairs on the default project
    python benchmarks/accessible_bench.py --quick   # 1 pair each (CI: proves the script works)

Each pair is the same build with and without `--no-accessible`, run back to back in the same state,
so the difference is the edition's own cost: making the page and Chromium's print of it (the
figures' SVGs are drawn either way: the print pack's figures are printed from them).

Targets (issue 14): it adds ≤ 0.6 s to a cold build and ≤ 0.3 s to a rebuild after one new event.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from watch_bench import ROOT, add_event, cli_build, copy_project, inside  # noqa: E402

TARGETS = {"cold_added_s": 0.6, "one_shot_add_added_s": 0.3, "warm_add_added_s": 0.3}


def _cold_pair(root: Path) -> tuple[float, float]:
    times = []
    for args in ((), ("--no-accessible",)):
        shutil.rmtree(root / "output", ignore_errors=True)
        times.append(cli_build(root, *args))
    return times[0], times[1]


def _one_shot_pair(root: Path, counter: itertools.count[int]) -> tuple[float, float]:
    """+1 event then a one-shot build, with the edition and without (each from the same state)."""
    times = []
    for args in ((), ("--no-accessible",)):
        out = root / f"output{len(times)}"
        cli_build(root, "--out", str(out), *args)  # up to date with the data as it is now
        times.append(0.0)
    add_event(root, next(counter))
    for i, args in enumerate(((), ("--no-accessible",))):
        times[i] = cli_build(root, "--out", str(root / f"output{i}"), *args)
    return times[0], times[1]


def _warm_pairs(root: Path, runs: int, counter: itertools.count[int]) -> list[tuple[float, float]]:
    """In-process rebuilds on a warm Chromium (as watch runs them), with and without the edition."""
    from dataclasses import replace

    from reportgen.build import build
    from reportgen.config import load_config
    from reportgen.render.export import Exporter

    pairs = []
    with inside(root), Exporter(tabs=2) as warm:
        base = load_config(Path("."))
        configs = [
            replace(base, out_dir=Path("warm-a")),
            replace(base, out_dir=Path("warm-b"), accessible=False),
        ]
        for cfg in configs:
            build(cfg, exporter=warm)
        warm.wait_ready()
        for timed in [False] + [True] * runs:  # the first pair warms imports and caches, untimed
            add_event(root, next(counter))
            pair = []
            for cfg in configs:
                started = time.perf_counter()
                build(cfg, exporter=warm)
                pair.append(time.perf_counter() - started)
            if timed:
                pairs.append((pair[0], pair[1]))
    return pairs


def measure(project: Path = ROOT, runs: int = 3) -> dict[str, Any]:
    counter = itertools.count()
    with tempfile.TemporaryDirectory(prefix="reportgen-a11y-bench-") as tmp:
        root = copy_project(project, Path(tmp) / "project")
        raw = {
            "cold": [_cold_pair(root) for _ in range(runs)],
            "one_shot_add": [_one_shot_pair(root, counter) for _ in range(runs)],
            "warm_add": _warm_pairs(root, runs, counter),
        }
    out: dict[str, Any] = {"runs": runs, "targets": TARGETS, "pairs_s": raw}
    for name, pairs in raw.items():
        out[f"{name}_with_s"] = statistics.median(p[0] for p in pairs)
        out[f"{name}_without_s"] = statistics.median(p[1] for p in pairs)
        out[f"{name}_added_s"] = statistics.median(p[0] - p[1] for p in pairs)
    out["pass"] = all(out[k] <= v for k, v in TARGETS.items())
    return out


def report(figures: dict[str, Any]) -> str:
    lines = [f"{'accessible edition':<28}{'with s':>9}{'without s':>11}{'added s':>10}  target"]
    for name, label in (
        ("cold", "cold build"),
        ("one_shot_add", "+1 event, one-shot"),
        ("warm_add", "+1 event, warm"),
    ):
        target = TARGETS[f"{name}_added_s"]
        added = figures[f"{name}_added_s"]
        verdict = "pass" if added <= target else "FAIL"
        lines.append(
            f"{label:<28}{figures[f'{name}_with_s']:>9.3f}{figures[f'{name}_without_s']:>11.3f}"
            f"{added:>10.3f}  ≤ {target:g} s {verdict}"
        )
    lines.append(f"(medians of {figures['runs']} paired run(s))")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 pair of each (default: 3)")
    parser.add_argument("--project", type=Path, default=ROOT, help="project folder (default: this repo)")
    args = parser.parse_args(argv)
    print(report(measure(args.project, 1 if args.quick else 3)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
