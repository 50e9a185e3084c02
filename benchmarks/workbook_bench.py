"""Reading spreadsheets: a 10,000-row workbook loaded and validated, and the two readers compared.

    python benchmarks/workbook_bench.py          # target: ≤ 2 s for the load (issue 13)

The workbook is written with openpyxl (date cells, text, a lane); the figures are medians of 3.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROWS = 10_000
TARGET_S = 2.0


def make(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Events"
    sheet.append(["Date", "Event", "Details", "Category"])
    for i in range(ROWS):
        sheet.append(
            [
                dt.date(2020, 1, 1) + dt.timedelta(days=i % 2000),
                f"Event {i}",
                "A description",
                f"Lane {i % 5}",
            ]
        )
    book.save(path)
    return path


def median(run, times: int = 3) -> float:
    seconds = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def main() -> int:
    import openpyxl
    from python_calamine import CalamineWorkbook

    from reportgen.load import load_dataset

    with tempfile.TemporaryDirectory() as tmp:
        path = make(Path(tmp) / "big.xlsx")
        load = median(lambda: load_dataset([path]))
        calamine = median(
            lambda: CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Events").to_python()
        )
        pyxl = median(
            lambda: list(openpyxl.load_workbook(path, read_only=True)["Events"].iter_rows(values_only=True))
        )
    print(f"{ROWS:,}-row workbook, loaded and validated by reportgen: {load:.2f} s (target ≤ {TARGET_S:g} s)")
    print(f"  reading the sheet alone: python-calamine {calamine:.3f} s, openpyxl {pyxl:.3f} s "
          f"(calamine/openpyxl = {calamine / pyxl:.2f})")  # fmt: skip
    return 0 if load <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
