"""Deterministic synthetic event sets for scale tests.

    python benchmarks/synth.py --events 10000 --lanes 8 --out /tmp/synth10k

writes OUT/events.csv (date,end,title,description,lane,source,status,importance) and OUT/sources.yaml.
The same arguments always give the same bytes (seeded PRNG, no clock).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
from pathlib import Path

LANES = ["Career", "Inspection", "Strategy", "Community", "Finance", "Estates", "Partnerships", "Custody"]
VERBS = ["Review of", "Launch of", "Report on", "Visit to", "Board on", "Audit of", "Plan for", "Update on"]
TOPICS = [
    "neighbourhood policing",
    "999 call handling",
    "custody suites",
    "vetting",
    "domestic abuse",
    "retail crime",
    "road safety",
    "youth diversion",
    "control room",
    "training",
]


def synth_rows(n: int, lanes: int, seed: int = 1) -> list[dict[str, str]]:
    rng = random.Random(seed)
    start = dt.date(2000, 1, 1)
    rows = []
    for i in range(n):
        day = start + dt.timedelta(days=rng.randrange(0, 26 * 365))
        form = rng.random()
        if form < 0.6:
            date = day.strftime("%d %b %Y")
        elif form < 0.85:
            date = day.strftime("%b %Y")
        elif form < 0.95:
            date = f"c. {day.year}"
        else:
            date = f"Q{(day.month - 1) // 3 + 1} {day.year}"
        end = ""
        if rng.random() < 0.05:
            end = (day + dt.timedelta(days=rng.randrange(30, 700))).strftime("%d %b %Y")
            date = day.strftime("%d %b %Y")
        rows.append(
            {
                "id": f"ev-{i:06d}",
                "date": date,
                "end": end,
                "title": f"{rng.choice(VERBS)} {rng.choice(TOPICS)} #{i}",
                "description": f"Synthetic event {i} for scale testing.",
                "lane": LANES[rng.randrange(lanes)],
                "source": f"src-{rng.randrange(50):02d}",
                "status": "past",
                "importance": str(rng.choice([1, 2, 2, 3, 3, 3, 4, 5])),
            }
        )
    return rows


def write_set(out: Path, n: int, lanes: int, seed: int = 1) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    rows = synth_rows(n, lanes, seed)
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["date", "title"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (out / "events.csv").write_text(buf.getvalue(), encoding="utf-8")
    sources = ["title: Synthetic scale test", "subject: Synthetic force", "sources:"]
    for k in range(50):
        sources += [
            f"  - id: src-{k:02d}",
            f"    publisher: Synthetic Publisher {k}",
            f"    title: Synthetic source {k}",
            "    date: 1 Jan 2025",
        ]
    (out / "sources.yaml").write_text("\n".join(sources) + "\n", encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--lanes", type=int, default=8, choices=range(1, len(LANES) + 1))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(write_set(args.out, args.events, args.lanes, args.seed))


if __name__ == "__main__":
    main()
