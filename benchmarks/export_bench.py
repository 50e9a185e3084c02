"""Shared Chromium vs plotly's plain write_image: the default timeline plus five charts to PNG.

    .venv/bin/python benchmarks/export_bench.py [--quick]

shared: one `reportgen.render.export.Exporter` (one Chromium) renders all six figures.
naive:  `fig.write_image(path)` per figure, which starts a fresh kaleido/Chromium each time.
Prints the median of 3 runs (1 with --quick) and the ratio shared / naive (target ≤ 0.25).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WIDTH, HEIGHT = 1600, 900


def figures() -> list[object]:
    import plotly.graph_objects as go

    from reportgen.load import load_dataset
    from reportgen.render import plotting
    from reportgen.render.timeline import timeline_figure
    from reportgen.theme import load_theme

    theme = load_theme("default")
    dataset, _ = load_dataset([ROOT / "events"])
    figs: list[object] = [
        timeline_figure(
            dataset, theme, as_of=dt.date(2025, 10, 15), width=WIDTH, height=HEIGHT, marking="OFFICIAL"
        )
    ]
    for i in range(5):
        fig = go.Figure(go.Bar(x=["2019", "2021", "2023", "2024", "2025"], y=[3 + i, 5, 2 + i, 6, 4]))
        fig.update_layout(template=plotting.template(theme), title=f"Chart {i + 1}", width=800, height=450)
        figs.append(plotting.fix_uids(fig, f"chart{i}"))
    return figs


def shared(figs: list[object], out: Path) -> float:
    from reportgen.render.export import Exporter

    start = time.perf_counter()
    with Exporter() as ex:
        for i, fig in enumerate(figs):
            (out / f"shared{i}.png").write_bytes(ex.render(fig, "png", width=WIDTH, height=HEIGHT))
    return time.perf_counter() - start


def naive(figs: list[object], out: Path) -> float:
    start = time.perf_counter()
    for i, fig in enumerate(figs):
        fig.write_image(out / f"naive{i}.png", width=WIDTH, height=HEIGHT)  # type: ignore[attr-defined]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat instead of three")
    repeats = 1 if parser.parse_args().quick else 3
    figs = figures()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        naive_times = [naive(figs, out) for _ in range(repeats)]
        shared_times = [shared(figs, out) for _ in range(repeats)]
    n, s = statistics.median(naive_times), statistics.median(shared_times)
    print(f"figures: {len(figs)} (default timeline + 5 charts), PNG {WIDTH}x{HEIGHT}, median of {repeats}")
    print(f"naive  (write_image, fresh Chromium each): {n:6.2f} s  {[round(t, 2) for t in naive_times]}")
    print(f"shared (one Exporter):                     {s:6.2f} s  {[round(t, 2) for t in shared_times]}")
    print(f"ratio shared/naive: {s / n:.3f} (target <= 0.25)")


if __name__ == "__main__":
    main()
