"""How a cold build grows with the number of events: time and peak memory at 100 … 10,000 events.

    .venv/bin/python benchmarks/scale.py                 # 100, 1,000, 10,000 events
    .venv/bin/python benchmarks/scale.py --big           # … and 50,000
    .venv/bin/python benchmarks/scale.py --sizes 1000 --profile /tmp/prof.txt

Each size is a deterministic synthetic set (benchmarks/synth.py, 8 lanes) built with
`reportgen build --force` into a fresh folder, in a subprocess of its own. The PDF must pass
`qpdf --check`. "growth" is the time ratio to the previous size scaled to a 10× step
(10.0 means linear). Targets at 10,000 events: ≤ 30 s and ≤ 1 GB peak RSS.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import measure  # noqa: E402
import synth  # noqa: E402

PY = str(Path(sys.executable))
AS_OF = "2025-10-15"
DEFAULT_SIZES = (100, 1_000, 10_000)
TARGET_SECONDS, TARGET_MB = 30.0, 1024.0


def build_command(folder: Path) -> list[str]:
    return [PY, "-m", "reportgen", "build", "--events", str(folder), "--out", str(folder / "out")]


def build_size(n: int, work: Path, lanes: int = 8) -> dict[str, object]:
    """Synthesise `n` events, build them cold, check the PDF; one row of the scale table."""
    folder = synth.write_set(work / f"events-{n}", n, lanes)
    shutil.rmtree(folder / "out", ignore_errors=True)
    cmd = [*build_command(folder), "--as-of", AS_OF, "--force", "--quiet"]
    run = measure.run(cmd, cwd=folder)
    if run.returncode != 0:
        raise SystemExit(f"build of {n} events failed ({run.returncode}):\n{run.stderr[-2000:]}")
    pdf = folder / "out" / "briefing-pack.pdf"
    return {
        "events": n,
        "seconds": round(run.seconds, 2),
        "peak_rss_mb": round(run.peak_rss_mb, 1),
        "tree_pss_mb": round(run.tree_pss_mb, 1),
        "pages": page_count(pdf),
        "pdf_mb": round(pdf.stat().st_size / 2**20, 2),
        "qpdf_ok": qpdf_ok(pdf),
    }


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf.read_bytes())).pages)


def qpdf_ok(pdf: Path) -> bool:
    if shutil.which("qpdf") is None:
        return False
    return subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True).returncode == 0


def add_growth(rows: list[dict[str, object]]) -> None:
    """Per-10× growth of time and memory from each size to the next (10 = linear for time)."""
    for prev, row in zip(rows, rows[1:], strict=False):
        step = math.log10(float(row["events"]) / float(prev["events"]))  # type: ignore[arg-type]
        for key, out in (("seconds", "time_growth_per_10x"), ("peak_rss_mb", "rss_growth_per_10x")):
            ratio = float(row[key]) / max(float(prev[key]), 1e-9)  # type: ignore[arg-type]
            row[out] = round(ratio ** (1 / step), 2) if step > 0 else None


def table(rows: list[dict[str, object]]) -> str:
    head = f"{'events':>7} {'time s':>8} {'growth/10x':>10} {'peak RSS MB':>11} {'tree PSS MB':>11}"
    lines = [head + f" {'pages':>6} {'PDF MB':>7} qpdf", "-" * (len(head) + 21)]
    for r in rows:
        growth = r.get("time_growth_per_10x")
        lines.append(
            f"{r['events']:>7} {r['seconds']:>8} {growth if growth is not None else '':>10} "
            f"{r['peak_rss_mb']:>11} {r['tree_pss_mb']:>11} {r['pages']:>6} {r['pdf_mb']:>7} "
            f"{'ok' if r['qpdf_ok'] else 'FAIL'}"
        )
    return "\n".join(lines)


def verdict(rows: list[dict[str, object]]) -> str:
    at = next((r for r in rows if r["events"] == 10_000), None)
    if at is None:
        return "(10,000 events not measured)"
    ok = float(at["seconds"]) <= TARGET_SECONDS and float(at["peak_rss_mb"]) <= TARGET_MB  # type: ignore[arg-type]
    return (
        f"10,000 events: {at['seconds']} s (target ≤ {TARGET_SECONDS:g}), peak RSS {at['peak_rss_mb']} MB "
        f"(target ≤ {TARGET_MB:g}): {'PASS' if ok else 'FAIL'}"
    )


def profile(n: int, work: Path, out: Path) -> None:
    """A pyinstrument profile of one cold in-process build of `n` events, as text.

    `reportgen.cli.main`, not `-m reportgen`: the command ends with `os._exit`, before
    pyinstrument would write its report. pyinstrument follows the main thread; the pack's
    layout runs in a thread of its own and shows there as a wait for its result.
    """
    folder = synth.write_set(work / f"events-{n}", n, 8)
    code = "import sys; from reportgen.cli import main; sys.exit(main(sys.argv[1:]))"
    cmd = [PY, "-m", "pyinstrument", "-o", str(out), "-c", code]
    cmd += build_command(folder)[3:] + ["--as-of", AS_OF, "--force", "--quiet"]
    subprocess.run(cmd, cwd=folder, check=True)
    print(f"profile of {n} events written to {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=None, help="event counts to build")
    parser.add_argument("--big", action="store_true", help="also build 50,000 events (several minutes)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep the packs")
    parser.add_argument("--profile", type=Path, help="instead: profile the largest size into this file")
    args = parser.parse_args(argv)
    sizes = sorted(args.sizes or [*DEFAULT_SIZES, *((50_000,) if args.big else ())])
    with tempfile.TemporaryDirectory(prefix="reportgen-scale-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.profile:
            profile(sizes[-1], work, args.profile)
            return 0
        rows = []
        for n in sizes:
            rows.append(build_size(n, work))
            print(f"  {n} events: {rows[-1]['seconds']} s", file=sys.stderr, flush=True)
    add_growth(rows)
    print(table(rows))
    print(verdict(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r["qpdf_ok"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
