"""The reference alternative (issue 16): what an analyst would write instead of reportgen.

A matplotlib script draws the timeline (SVG + PNG) and one bar chart per metric, and Typst
compiles a pack around them: cover, outline, marked headers, "Page X of Y", the charts, and
a chronology table padded to 700 rows, as a long pack has. It reads the same YAML files, takes
every date as written (its first year only: a user's script would not parse "late 2025") and
redoes everything on each run, as such a script does.

    python alternative.py EVENTS_DIR OUT_DIR      (run by benchmarks/reference_bench.py in its own venv)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import typst  # noqa: E402
import yaml  # noqa: E402


def year(text: str) -> float:
    match = re.search(r"(19|20)\d\d", str(text))
    return float(match.group(0)) if match else 2000.0


def main(events_dir: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    events = yaml.safe_load((events_dir / "events.yaml").read_text(encoding="utf-8"))["events"]
    metrics = yaml.safe_load((events_dir / "metrics.yaml").read_text(encoding="utf-8"))["metrics"]
    lanes = sorted({e.get("lane", "General") for e in events})

    fig, ax = plt.subplots(figsize=(16, 9))
    for e in events:
        y = lanes.index(e.get("lane", "General"))
        ax.plot(year(e["date"]), y, "o")
        ax.annotate(f"{e['date']} · {e['title']}"[:60], (year(e["date"]), y), fontsize=7, rotation=20)
    ax.set_yticks(range(len(lanes)), lanes)
    ax.set_title("Timeline")
    fig.savefig(out / "timeline.svg")
    fig.savefig(out / "timeline.png", dpi=100)
    plt.close(fig)

    charts = []
    for m in metrics:
        points = m.get("points", [])
        labels = [str(p.get("label", p.get("date", ""))) for p in points]
        values = [float(p["value"]) if "value" in p else 1.0 for p in points]
        fig, ax = plt.subplots(figsize=(7, 3.5))
        ax.barh(labels, values)
        ax.set_title(m["name"])
        fig.tight_layout()
        name = f"chart-{m['id']}.svg"
        fig.savefig(out / name)
        plt.close(fig)
        charts.append((m["name"], name))

    rows = [(str(e["date"]), str(e["title"]), str(e.get("lane", ""))) for e in events]
    rows = (rows * (700 // max(len(rows), 1) + 1))[:700]

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace('"', '\\"')

    body = [
        '#set page(paper: "a4", margin: 18mm, header: align(center)[*OFFICIAL*], '
        "footer: context align(right)[Page #counter(page).display() of #counter(page).final().first()])",
        '#set text(font: "DejaVu Sans", size: 9.5pt)',
        "#align(center)[#text(size: 24pt)[*Briefing pack*]]",
        "#outline()",
        "#pagebreak()",
        "= Timeline",
        '#image("timeline.svg", width: 100%)',
        "= Performance",
    ]
    for title, name in charts:
        body += [f'#heading(level: 2, "{esc(title)}")', f'#image("{name}", width: 90%)']
    # cells as strings (code mode): data text never reads as Typst markup
    body += ["= Chronology", "#table(columns: (20%, 60%, 20%), [*Date*], [*Event*], [*Lane*],"]
    body += [f'  "{esc(d)}", "{esc(t)}", "{esc(lane)}",' for d, t, lane in rows]
    body.append(")")
    (out / "pack.typ").write_text("\n".join(body) + "\n", encoding="utf-8")
    typst.compile(str(out / "pack.typ"), output=str(out / "pack.pdf"))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
