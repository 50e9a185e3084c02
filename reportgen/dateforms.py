"""Date forms of briefing writers that are neither calendar dates nor dateutil's: UK financial
years ("2024/25", "FY2024/25", "2024-25": 1 Apr 2024 – 31 Mar 2025), weeks ("w/c 13 Jan 2025",
"week commencing 13 January 2025": seven days from that Monday) and seasons ("Spring 2025":
Mar–May; "Winter 2024/25": Dec 2024 – Feb 2025), as the Met Office counts them.

Called by `dates` on normalised (lower-case, single-spaced) text; each display form parses back.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

from reportgen.errors import DateError
from reportgen.model import DatePrecision, FuzzyDate

_FINANCIAL = re.compile(r"(?:fy ?)?(\d{4}) ?[/-] ?(\d{2}|\d{4})")
_WEEK = re.compile(r"(?:w/c|wc|w/b|week (?:commencing|beginning|starting))\.? (.+)")
_SEASON = re.compile(r"(spring|summer|autumn|fall|winter) (\d{4})(?: ?/ ?(\d{2}))?")
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}


def briefing_form(s: str, parse_day: Callable[[str], FuzzyDate]) -> FuzzyDate | None:
    """The date `s` names in one of these forms, else None (it is some other form)."""
    return _financial_year(s) or _week(s, parse_day) or _season(s)


def _financial_year(s: str) -> FuzzyDate | None:
    if not (m := _FINANCIAL.fullmatch(s)):
        return None
    if len(m[2]) == 4 and "-" in s and not s.startswith("fy"):
        return None  # "2019-2020" stays a range of two years; "2019/2020" and "FY2019-2020" are not
    first, second = int(m[1]), int(m[2])
    following = (first + 1) % 100 if len(m[2]) == 2 else first + 1
    if second != following:
        if s.startswith("fy"):
            raise DateError(
                "is not a financial year",
                f"write the year it starts and the next: FY{first}/{(first + 1) % 100:02d}",
            )
        return None  # "2019-2021" and the like: a range of years, read elsewhere
    return FuzzyDate(
        dt.date(first, 4, 1),
        dt.date(first + 1, 3, 31),
        DatePrecision.YEAR,
        f"{first}/{(first + 1) % 100:02d}",
    )


def _week(s: str, parse_day: Callable[[str], FuzzyDate]) -> FuzzyDate | None:
    if not (m := _WEEK.fullmatch(s)):
        return None
    day = parse_day(m[1])
    if not day.is_exact_day:
        raise DateError("names no day for its week", "write the day it starts, e.g. 'w/c 13 Jan 2025'")
    first = day.earliest
    return FuzzyDate(
        first, first + dt.timedelta(days=6), DatePrecision.DAY, f"w/c {day.display}", is_range=True
    )


def _season(s: str) -> FuzzyDate | None:
    if not (m := _SEASON.fullmatch(s)):
        return None
    name, year = m[1], int(m[2])
    first, last = _SEASONS[name]
    if name == "winter":  # December to February: named by both its years
        if m[3] is not None and int(m[3]) != (year + 1) % 100:
            raise DateError(
                "is not one winter", f"write the years it spans, e.g. 'Winter {year}/{(year + 1) % 100:02d}'"
            )
        end = dt.date(year + 1, last, calendar.monthrange(year + 1, last)[1])
        return FuzzyDate(
            dt.date(year, first, 1), end, DatePrecision.PART_OF_YEAR, f"Winter {year}/{(year + 1) % 100:02d}"
        )
    if m[3] is not None:
        return None
    end = dt.date(year, last, calendar.monthrange(year, last)[1])
    label = "Autumn" if name == "fall" else name.title()
    return FuzzyDate(dt.date(year, first, 1), end, DatePrecision.PART_OF_YEAR, f"{label} {year}")
