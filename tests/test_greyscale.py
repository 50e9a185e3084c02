"""The pack printed in grey: every legend swatch of a chart or the timeline can be told from every
other by its grey or its pattern, measured on pages rasterised in greyscale by poppler."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from reportgen.build import build
from reportgen.config import load_config

ROOT = Path(__file__).resolve().parents[1]
DPI = 200
GREY_STEP = 0.15  # the rule: grey levels at least this far apart, or a different pattern
TEXTURED = 0.01  # mean neighbour difference above which a swatch is hatched, not flat
PATTERN_STEP = 0.2  # how far apart two hatches' direction signatures must be to read as different

pytestmark = [pytest.mark.chromium, pytest.mark.slow]


@dataclass(frozen=True)
class Swatch:
    name: str
    grey: float  # mean, 0 black … 1 white
    texture: float  # mean difference between neighbouring pixels: 0 for a flat fill
    signature: tuple[float, ...]  # share of that difference along -, |, \\ and /

    def differs_from(self, other: Swatch) -> bool:
        if abs(self.grey - other.grey) >= GREY_STEP:
            return True
        if (self.texture > TEXTURED) != (other.texture > TEXTURED):
            return True  # one hatched, one flat
        apart = sum(abs(a - b) for a, b in zip(self.signature, other.signature, strict=True))
        return self.texture > TEXTURED and apart >= PATTERN_STEP


@pytest.fixture(scope="module")
def pack(tmp_path_factory, exporter) -> Path:
    out = tmp_path_factory.mktemp("grey")
    build(load_config(ROOT, out_dir=out, as_of=dt.date(2025, 10, 15)), exporter=exporter)
    return out / "briefing-pack.pdf"


def _phrases(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """Runs of words on one baseline with no more than a space between them, with their box (pt)."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = [
        (float(a), float(b), float(c), float(d), w)
        for a, b, c, d, w in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', xml
        )
    ]
    words.sort(key=lambda w: (round(w[1]), w[0]))
    out: list[list] = []
    for x0, y0, x1, y1, text in words:
        last = out[-1] if out else None
        if last and abs(last[2] - y0) < 1 and 0 <= x0 - last[3] < 5:
            last[0] += " " + text
            last[3], last[4] = x1, max(last[4], y1)
        else:
            out.append([text, x0, y0, x1, y1])
    return [(t, a, b, c, d) for t, a, b, c, d in out]


def _legend(phrases: Iterable[tuple[str, float, float, float, float]], names: list[str]) -> dict[str, tuple]:
    """The legend's entries among the phrases: those that line up (one column or one row)."""
    hits = [p for p in phrases if p[0] in names]
    groups: dict[tuple[str, int], dict[str, tuple]] = {}
    for p in hits:
        groups.setdefault(("x", round(p[1])), {})[p[0]] = p
        groups.setdefault(("y", round(p[2])), {})[p[0]] = p
    return max(groups.values(), key=len)


def _swatch(image: Image.Image, name: str, x0: float, y0: float, y1: float) -> Swatch:
    """The swatch just left of a legend entry's text: its inked box, less a margin of its edges."""
    k = DPI / 72
    crop = image.crop((int((x0 - 26) * k), int(y0 * k), int((x0 - 4) * k), int(y1 * k)))
    px, (w, h) = crop.load(), crop.size
    inked = [(i, j) for i in range(w) for j in range(h) if px[i, j] < 242]
    assert inked, f"no swatch left of {name!r}"
    left, right = min(i for i, _ in inked), max(i for i, _ in inked)
    top, bottom = min(j for _, j in inked), max(j for _, j in inked)
    mx, my = max(1, (right - left) // 6), max(1, (bottom - top) // 6)
    grid = [
        [px[i, j] / 255 for i in range(left + mx, right - mx + 1)] for j in range(top + my, bottom - my + 1)
    ]
    rows, cols = len(grid), len(grid[0])
    cells = [v for row in grid for v in row]

    def along(dx: int, dy: int) -> float:
        steps = [
            abs(grid[j][i] - grid[j + dy][i + dx])
            for j in range(max(0, -dy), rows - max(0, dy))
            for i in range(max(0, -dx), cols - max(0, dx))
        ]
        return sum(steps) / len(steps)

    moves = (along(1, 0), along(0, 1), along(1, 1), along(1, -1))
    total = sum(moves)
    return Swatch(name, sum(cells) / len(cells), total / 4, tuple(m / (total or 1.0) for m in moves))


def _page_with(pdf: Path, words: str) -> int:
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", pages).group(1))
    for page in range(1, count + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True, text=True
        ).stdout
        if words in text:
            return page
    raise AssertionError(f"no page holds {words!r}")


def _swatches(pdf: Path, page: int, names: list[str], tmp_path: Path) -> list[Swatch]:
    subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-r",
            str(DPI),
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(tmp_path / "g"),
        ],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("g*.pgm")))
    legend = _legend(_phrases(pdf, page), names)
    assert sorted(legend) == sorted(names), f"legend entries found: {sorted(legend)}"
    return [_swatch(image, name, p[1], p[2], p[4]) for name, p in legend.items()]


GRADES = ["Inadequate", "Adequate or better", "Requires improvement", "Adequate", "Good", "Outstanding"]


def test_every_grade_in_the_grades_chart_prints_apart_in_grey(pack, tmp_path):
    page = _page_with(pack, "Inspection grades by year")
    swatches = _swatches(pack, page, GRADES, tmp_path)
    alike = [
        (a.name, b.name, round(a.grey, 2), round(b.grey, 2))
        for i, a in enumerate(swatches)
        for b in swatches[i + 1 :]
        if not a.differs_from(b)
    ]
    assert alike == []


def test_spans_and_uncertain_windows_print_apart_in_grey(pack, tmp_path):
    """The issue's finding: "Span" and "Uncertain date" were the same grey in the legend."""
    page = _page_with(pack, "Uncertain date (whole window)")
    span, window = sorted(
        _swatches(pack, page, ["Span", "Uncertain date (whole window)"], tmp_path), key=lambda s: s.name
    )
    assert span.differs_from(window)
    assert window.grey - span.grey >= GREY_STEP  # the window is the paler: it is not a span


def test_the_measure_tells_a_shared_hatch_from_two_hatches():
    """The measure itself: the same hatch at two nearby greys is alike; two hatches are not."""

    def hatched(grey: float, slope: int) -> Swatch:
        image = Image.new("L", (400, 60), 255)
        k = DPI / 72
        for i in range(int(6 * k), int(24 * k)):
            for j in range(int(10 * k), int(20 * k)):
                on = (i + slope * j) % 6 < 2 if slope else (i % 6 < 2 and j % 6 < 2)
                image.putpixel((i, j), int(255 * (grey - 0.2 if on else grey + 0.05)))
        return _swatch(image, f"{grey}/{slope}", 30, 10, 20)

    assert not hatched(0.45, 1).differs_from(hatched(0.52, 1))
    assert hatched(0.45, 1).differs_from(hatched(0.48, 0))
    assert hatched(0.45, 1).differs_from(hatched(0.48, -1))
