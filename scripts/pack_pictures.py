"""Pictures of the default pack's timeline page and a chart page, from real builds, for docs/print/.

    .venv/bin/python scripts/pack_pictures.py                  # after: this work tree
    .venv/bin/python scripts/pack_pictures.py --before f2e6667 # and before: a git commit, built the same way

Each side is built with `reportgen build --as-of 2025-10-15` into a temporary folder (a commit
through a temporary git worktree), and the pages are turned into PNGs with poppler's pdftoppm
at 70 dpi: docs/print/timeline-after.png, docs/print/chart-after.png (and -before).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "print"
PAGES = {"timeline": "Each label gives the date", "chart": "999 calls answered"}


def build(source: Path, out: Path) -> Path:
    env = {**os.environ, "PYTHONPATH": str(source)}
    cmd = [sys.executable, "-m", "reportgen", "build", "--as-of", "2025-10-15", "--out", str(out), "--force"]
    subprocess.run(cmd, cwd=source, env=env, check=True, capture_output=True)
    return out / "briefing-pack.pdf"


def pictures(pdf: Path, side: str) -> None:
    from pypdf import PdfReader

    texts = [page.extract_text() for page in PdfReader(pdf).pages]
    OUT.mkdir(parents=True, exist_ok=True)
    for name, marker in PAGES.items():
        number = next(i for i, text in enumerate(texts, 1) if marker in text)
        target = OUT / f"{name}-{side}"
        cmd = ["pdftoppm", "-png", "-r", "70", "-f", str(number), "-l", str(number), "-singlefile", str(pdf)]
        subprocess.run([*cmd, str(target)], check=True)
        print(f"wrote {target}.png (page {number})")  # noqa: T201


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="COMMIT", help="also picture the pack of this commit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reportgen-pictures-") as tmp:
        work = Path(tmp)
        pictures(build(ROOT, work / "after"), "after")
        if args.before:
            tree = work / "tree"
            add = ["git", "worktree", "add", "--detach", str(tree), args.before]
            subprocess.run(add, cwd=ROOT, check=True, capture_output=True)
            try:
                pictures(build(tree, work / "before"), "before")
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
