"""The benchmark suite: build times, export costs, the naive baseline, the floor, scale, and their ratios.

    .venv/bin/python benchmarks/run.py               # medians of 3 runs; writes benchmarks/results.json
    .venv/bin/python benchmarks/run.py --runs 5
    .venv/bin/python benchmarks/run.py --quick --no-write   # CI: 1 run, 1 naive figure, 100 events

Measured on the default project (events/, reportgen.toml), always on a temporary copy:
- cold build (fresh cache), no-op rebuild, one-shot rebuild after one new event, warm-Chromium
  rebuild and watch latency (save → new PDF): `watch_bench.measure_incremental`;
- what the accessible edition adds to a cold build and a +1 rebuild (paired runs): `accessible_bench`;
- the reference alternative a user would write (matplotlib + Typst, in a scratch venv), interleaved with
  cold and +1 builds, and their ratios to it: `reference_bench` (full runs only: it installs from PyPI);
- peak memory of the cold, no-op and +1 builds (each a subprocess: largest process, and the
  whole tree's PSS including Chromium);
- the timeline exported alone per format through a warm `Exporter`;
- the naive baseline: plotly's plain `fig.write_image` per image of the build, each starting a
  fresh kaleido/Chromium (as benchmarks/export_bench.py);
- the floor: one Chromium start + one warm render per image + ReportLab layout alone (SVG
  parsing included: the parse memo is emptied before each layout);
- many packs: `reportgen build --events A --events B … --jobs N` over synthetic folders,
  packs per minute at --jobs 1 and 2 (--quick: 2 folders of 50 events);
- scale: cold builds of synthetic sets (benchmarks/scale.py).
Timings are never asserted by tests; CI only proves this script runs (`--quick --no-write`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import accessible_bench  # noqa: E402
import measure  # noqa: E402
import reference_bench  # noqa: E402
import scale  # noqa: E402
import synth  # noqa: E402
import watch_bench  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results.json"
FORMATS = ("png", "svg", "pdf", "html")
# (name, ratio key, target, upper bound in seconds or None)
TARGETS = (
    ("cold / naive", "cold_over_naive", 0.25),
    ("cold / floor", "cold_over_floor", 1.2),
    ("no-op / cold", "noop_over_cold", 0.05),
    ("one-shot +1 event / cold", "one_shot_add_over_cold", 0.8),
    ("warm +1 event / cold", "warm_add_over_cold", 0.3),
)
WARM_ADD_LIMIT_S = 1.0
PACK_FOLDERS, PACK_EVENTS = 6, 50  # many packs: folders × events each (--quick: 2 × 50)
PACK_JOBS = (1, 2)


@dataclass
class Job:
    """One image the default build renders: figure, format and pixel size."""

    name: str
    fig: Any
    fmt: str
    width: int
    height: int


@dataclass
class Inputs:
    """The default project's dataset and figures, made as `reportgen build` makes them."""

    dataset: Any
    theme: Any
    cfg: Any
    marking: str
    jobs: list[Job]

    @classmethod
    def load(cls) -> Inputs:
        from reportgen.config import load_config
        from reportgen.load import load_dataset
        from reportgen.prepare import pack_marking
        from reportgen.render.charts import metric_figure
        from reportgen.render.timeline import timeline_figure
        from reportgen.room import figure_px, timeline_px
        from reportgen.theme import load_theme

        cfg = load_config(ROOT)
        dataset, _ = load_dataset(list(cfg.events))
        theme = load_theme(cfg.style, cfg.styles_dir)
        marking = pack_marking(theme, cfg, dataset)
        size = {"width": theme.timeline_width, "height": theme.timeline_height}
        title = cfg.title or dataset.title or None
        timeline = timeline_figure(dataset, theme, as_of=cfg.as_of, title=title, marking=marking, **size)
        w, h = timeline_px(theme)  # the pack's own timeline, drawn for its page
        pack_timeline = timeline_figure(dataset, theme, as_of=cfg.as_of, title=None, width=w, height=h)
        jobs = [Job("timeline", pack_timeline, "pdf", w, h)]
        cw, ch = figure_px(theme, full_page=False)
        for m in dataset.metrics:
            fig = metric_figure(m, dataset, theme, width=cw, max_height=ch)
            jobs.append(Job(f"chart:{m.id}", fig, "pdf", int(fig.layout.width), int(fig.layout.height)))
        jobs += [Job("timeline.svg", timeline, "svg", **size), Job("timeline.png", timeline, "png", **size)]
        return cls(dataset, theme, cfg, marking, jobs)

    def layout(self, timeline: bytes, charts: dict[str, bytes]) -> bytes:
        """ReportLab alone: the pack from already exported figure PDFs."""
        from reportgen.prepare import DEFAULT_TITLE
        from reportgen.writers.pdf import render_pack

        cfg, data = self.cfg, self.dataset
        return render_pack(
            data, theme=self.theme, as_of=cfg.as_of, title=cfg.title or data.title or DEFAULT_TITLE,
            subject=cfg.subject or data.subject, prepared_by=cfg.prepared_by, version=cfg.version,
            marking=self.marking, timeline=timeline, charts=charts,
        )  # fmt: skip


def incremental(runs: int) -> dict[str, Any]:
    """Cold, no-op, +1 one-shot, +1 warm and watch latency from the incremental engineer's bench."""
    return watch_bench.measure_incremental(ROOT, runs)


def memory() -> dict[str, dict[str, float]]:
    """Peak memory (and time) of a cold, a no-op and a +1-event build, each in its own process."""
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="reportgen-mem-") as tmp:
        root = watch_bench.copy_project(ROOT, Path(tmp) / "project")
        cmd = [sys.executable, "-m", "reportgen", "build", "--quiet"]
        for name, extra in (("cold", ["--force"]), ("noop", []), ("one_shot_add", [])):
            if name == "one_shot_add":
                watch_bench.add_event(root, 1)
            run = measure.run([*cmd, *extra], cwd=root)
            if run.returncode != 0:
                raise SystemExit(f"reportgen build failed:\n{run.stderr}")
            out[name] = {
                "seconds": round(run.seconds, 3),
                "peak_rss_mb": round(run.peak_rss_mb, 1),
                "tree_pss_mb": round(run.tree_pss_mb, 1),
            }
    return out


def export_alone(inputs: Inputs, runs: int) -> dict[str, Any]:
    """The timeline alone in each format through one warm Exporter (median seconds per format)."""
    from reportgen.render.export import Exporter
    from reportgen.render.html_figure import figure_html

    tl = next(j for j in inputs.jobs if j.name == "timeline.svg")
    times: dict[str, list[float]] = {f: [] for f in FORMATS}
    with Exporter() as ex, measure.TreeSampler(os.getpid()) as sampler:
        ex.render(tl.fig, "png", width=tl.width, height=tl.height)  # warm-up: page and fonts loaded
        for _ in range(runs):
            for fmt in FORMATS:
                if fmt == "html":
                    times[fmt].append(measure.timed(lambda: figure_html(tl.fig)))
                else:
                    render = lambda f=fmt: ex.render(tl.fig, f, width=tl.width, height=tl.height)  # noqa: E731
                    times[fmt].append(measure.timed(render))
    out: dict[str, Any] = {f: round(statistics.median(t), 3) for f, t in times.items()}
    out["tree_pss_mb"] = round(sampler.peak_mb, 1)
    return out


def naive(inputs: Inputs, runs: int, quick: bool) -> dict[str, Any]:
    """plotly's fig.write_image per image (a fresh kaleido + Chromium each), as export_bench.naive."""
    jobs = inputs.jobs[:1] if quick else inputs.jobs
    totals = []
    with tempfile.TemporaryDirectory(prefix="reportgen-naive-") as tmp:
        for _ in range(1 if quick else runs):
            start = time.perf_counter()
            for i, job in enumerate(jobs):
                path = Path(tmp) / f"naive{i}.{job.fmt}"
                job.fig.write_image(path, format=job.fmt, width=job.width, height=job.height)
            totals.append(time.perf_counter() - start)
    per_image = statistics.median(totals) / len(jobs)
    return {
        "images": len(inputs.jobs),
        "measured_images": len(jobs),
        "per_image_s": round(per_image, 3),
        "seconds": round(per_image * len(inputs.jobs), 3),  # quick: extrapolated from one image
        "estimated": quick,
    }


def floor(inputs: Inputs, runs: int) -> dict[str, Any]:
    """One Chromium start (process + page), one warm render per image, ReportLab layout alone.

    The layout includes placing each figure's PDF, as a cold build must; ReportLab and
    pypdf are imported before the clock starts.
    """
    import pypdf  # noqa: F401  (imported before any clock starts)

    import reportgen.writers.pdf  # noqa: F401
    from reportgen.render.export import Exporter

    parts: dict[str, list[float]] = {"chromium_start_s": [], "renders_s": [], "layout_s": []}
    for _ in range(runs):
        start = time.perf_counter()
        with Exporter().start() as ex:
            ex.wait_ready()
            parts["chromium_start_s"].append(time.perf_counter() - start)
            start = time.perf_counter()
            images = {j.name: ex.render(j.fig, j.fmt, width=j.width, height=j.height) for j in inputs.jobs}
            parts["renders_s"].append(time.perf_counter() - start)
        charts = {n.removeprefix("chart:"): d for n, d in images.items() if n.startswith("chart:")}
        layout = lambda t=images["timeline"], c=charts: inputs.layout(t, c)  # noqa: E731
        parts["layout_s"].append(measure.timed(layout))
    out: dict[str, Any] = {k: round(statistics.median(v), 3) for k, v in parts.items()}
    out["seconds"] = round(sum(out[k] for k in parts), 3)
    out["images"] = len(inputs.jobs)
    return out


def many_packs(quick: bool) -> dict[str, Any]:
    """Packs per minute of `reportgen build --events … --jobs N` (one pack per folder), cold."""
    folders, events = (2, 50) if quick else (PACK_FOLDERS, PACK_EVENTS)
    out: dict[str, Any] = {"folders": folders, "events_per_folder": events}
    with tempfile.TemporaryDirectory(prefix="reportgen-packs-") as tmp:
        work = Path(tmp)
        paths = [synth.write_set(work / f"ward-{i + 1}", events, 4, seed=i + 1) for i in range(folders)]
        for jobs in PACK_JOBS:
            cmd = [sys.executable, "-m", "reportgen", "build", "--out", str(work / f"out-{jobs}")]
            cmd += [arg for p in paths for arg in ("--events", str(p))]
            cmd += ["--jobs", str(jobs), "--as-of", scale.AS_OF, "--force", "--quiet"]
            run = measure.run(cmd, cwd=work)
            if run.returncode != 0:
                raise SystemExit(f"reportgen build --jobs {jobs} failed:\n{run.stderr[-2000:]}")
            out[f"jobs_{jobs}"] = {
                "seconds": round(run.seconds, 2),
                "packs_per_minute": round(60 * folders / run.seconds, 1),
                "tree_pss_mb": round(run.tree_pss_mb, 1),
            }
    return out


def ratios(results: dict[str, Any]) -> dict[str, Any]:
    inc = results["incremental"]
    cold = inc["cold_s"]
    values = {
        "cold_over_naive": cold / results["naive"]["seconds"],
        "cold_over_floor": cold / results["floor"]["seconds"],
        "noop_over_cold": inc["noop_s"] / cold,
        "one_shot_add_over_cold": inc["one_shot_add_s"] / cold,
        "warm_add_over_cold": inc["warm_add_s"] / cold,
    }
    out: dict[str, Any] = {}
    for label, key, target in TARGETS:
        ok = values[key] <= target
        if key == "warm_add_over_cold":
            ok = ok and inc["warm_add_s"] <= WARM_ADD_LIMIT_S
        out[key] = {"label": label, "value": round(values[key], 3), "target": target, "pass": ok}
    return out


def table(results: dict[str, Any]) -> str:
    inc, mem, ex, nv, fl = (results[k] for k in ("incremental", "memory", "export", "naive", "floor"))
    lines = [f"{'measure':<46}{'median s':>10}{'peak RSS MB':>13}{'tree PSS MB':>13}", "-" * 82]

    def row(label: str, seconds: float, m: dict[str, float] | None = None) -> None:
        rss, pss = (f"{m['peak_rss_mb']:.0f}", f"{m['tree_pss_mb']:.0f}") if m else ("", "")
        lines.append(f"{label:<46}{seconds:>10.3f}{rss:>13}{pss:>13}")

    row("cold build (fresh cache)", inc["cold_s"], mem["cold"])
    row("no-op rebuild", inc["noop_s"], mem["noop"])
    row("+1 event, one-shot", inc["one_shot_add_s"], mem["one_shot_add"])
    row("+1 event, warm Chromium", inc["warm_add_s"])
    row("watch: save → new PDF", inc["watch_latency_s"])
    row("  of which the rebuild", inc["watch_rebuild_s"])
    for fmt in FORMATS:
        row(f"timeline alone, {fmt} (warm)", ex[fmt])
    note = " (1 measured)" if nv["estimated"] else ""
    row(f"naive: write_image x{nv['images']}{note}", nv["seconds"])
    row(f"floor: Chromium + {fl['images']} renders + layout", fl["seconds"])
    for part in ("chromium_start_s", "renders_s", "layout_s"):
        row(f"  floor part: {part.removesuffix('_s')}", fl[part])
    for r in results["scale"]:
        row(f"scale: {r['events']} events ({r['pages']} pages)", r["seconds"], r)
    packs = results["packs"]
    for jobs in PACK_JOBS:
        p = packs[f"jobs_{jobs}"]
        label = f"{packs['folders']} packs × {packs['events_per_folder']} events, --jobs {jobs}"
        lines.append(f"{label:<46}{p['seconds']:>10.3f}{'':>13}{p['tree_pss_mb']:>13.0f}")
        lines.append(f"{'  = packs per minute':<46}{p['packs_per_minute']:>10.1f}")
    lines += ["", accessible_bench.report(results["accessible"])]
    if "reference" in results:
        lines += ["", reference_bench.report(results["reference"])]
    lines += ["", f"{'ratio':<46}{'value':>10}{'target':>10}  result"]
    for r in results["ratios"].values():
        extra = f" and ≤ {WARM_ADD_LIMIT_S:g} s" if r["label"].startswith("warm") else ""
        verdict = "pass" if r["pass"] else "FAIL"
        lines.append(f"{r['label']:<46}{r['value']:>10.3f}{'≤ ' + str(r['target']):>10}  {verdict}{extra}")
    lines.append(f"(medians of {results['runs']} run(s); export tree PSS {ex['tree_pss_mb']:.0f} MB)")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),  # when measured (a record, not a build input)
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per measure, median reported (default 3)")
    parser.add_argument(
        "--quick", action="store_true", help="1 run, 1 naive image, 100-event scale, 2 small packs per --jobs"
    )
    parser.add_argument("--no-write", action="store_true", help=f"do not write {RESULTS.name}")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON results")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else max(1, args.runs)
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine(), "runs": runs, "quick": args.quick}
    step = lambda name: print(f"  {name} … ({time.perf_counter() - started:.0f} s)", file=sys.stderr)  # noqa: E731
    step("incremental builds")
    results["incremental"] = incremental(runs)
    step("accessible edition")
    results["accessible"] = accessible_bench.measure(ROOT, runs)
    if not args.quick:
        step("reference alternative")
        results["reference"] = reference_bench.measure(ROOT, runs)
    step("memory of builds")
    results["memory"] = memory()
    inputs = Inputs.load()
    step("export per format")
    results["export"] = export_alone(inputs, runs)
    step("naive baseline")
    results["naive"] = naive(inputs, runs, args.quick)
    step("floor")
    results["floor"] = floor(inputs, runs)
    step("scale")
    with tempfile.TemporaryDirectory(prefix="reportgen-scale-") as tmp:
        sizes = (100,) if args.quick else scale.DEFAULT_SIZES
        results["scale"] = [scale.build_size(n, Path(tmp)) for n in sizes]
    scale.add_growth(results["scale"])
    step("many packs")
    results["packs"] = many_packs(args.quick)
    results["ratios"] = ratios(results)
    results["seconds"] = round(time.perf_counter() - started, 1)
    print(table(results))
    if not args.no_write:
        args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
