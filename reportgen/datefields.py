"""The year, month and day written in a calendar date ("16 Feb 2024", "Oct 2023", "16/02/2024").

Every calendar date is handed to python-dateutil (day first, British), except the forms most lists
are written in, which are read here with dateutil's own month names. dateutil fills missing fields
from a default date and guesses centuries from today's clock, so we parse twice with two different
defaults to learn which fields were really written, and we refuse two-digit years instead of guessing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateutil import parser as du

from reportgen.errors import DateError

EXAMPLES = "write e.g. '16 Feb 2024', 'Oct 2023', 'Q4 2025', 'late 2025', 'c. 2017' or 'Oct 2023 to Feb 2025'"
YEARS = "years run from 1 to 9999"
NOT_A_DATE = "is not a date"
_ISO_DAY = re.compile(r"([1-9]\d{3})-(\d{2})-(\d{2})")
_WRITTEN = re.compile(r"(?:(\d{1,2}) )?([a-z]+) ([1-9]\d{3})")  # "16 feb 2024", "oct 2023"
_YMD = re.compile(r"\d{3,4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?")  # year first: ISO and the like
_DMY = re.compile(r"(\d{1,2})[-/.\s](\d{1,2})[-/.\s]\d+")


class _TwoDigitYear(Exception):
    """Raised from inside dateutil, which would otherwise pick a century from today's date."""


class _Info(du.parserinfo):  # type: ignore[misc]  # dateutil ships no type hints here
    def convertyear(self, year: int, century_specified: bool = False) -> int:
        if year < 100 and not century_specified:
            raise _TwoDigitYear
        return year


INFO = _Info(dayfirst=True)
_PARSER = du.parser(INFO)
# Two defaults that differ in every field: a field was written when both parses agree on it.
# Naive on purpose: only the calendar fields matter. Leap years, so "29 Feb" alone still parses.
_DEFAULTS = (dt.datetime(2000, 1, 1, 0, 0, 0), dt.datetime(2004, 2, 2, 1, 1, 1))  # noqa: DTZ001


def calendar_fields(s: str) -> tuple[int, int, int | None]:
    """(year, month, day) as written in `s` (lower case, tidied); day None when left out."""
    return _plain_fields(s) or _dateutil_fields(s)


def _plain_fields(s: str) -> tuple[int, int, int | None] | None:
    """(year, month, day) of the forms most lists are written in ("16 feb 2024", "oct 2023",
    "2024-02-16"), read as dateutil reads them (its own month names) but without its two parses
    (~0.4 ms a date: 4 s of a 100,000-row list). None for anything else, and for an impossible
    day, so that every refusal is dateutil's, worded as ever."""
    if m := _WRITTEN.fullmatch(s):
        year, month, day = int(m[3]), INFO.month(m[2]), None if m[1] is None else int(m[1])
    elif m := _ISO_DAY.fullmatch(s):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        return None
    if month is None or not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return year, month, day


def _dateutil_fields(s: str) -> tuple[int, int, int | None]:
    """(year, month, day) as written (day None when left out); no year or a time of day is refused."""
    iso = _YMD.fullmatch(s) is not None  # dayfirst would read 2024-02-03 as 2 March
    if re.search(r"(?<!\d)0000(?!\d)", s):  # year 0 (dateutil would call it a two-digit year)
        raise DateError("has a year out of range", YEARS)
    try:
        first, second = (_PARSER.parse(s, default=d, dayfirst=not iso, yearfirst=iso) for d in _DEFAULTS)
    except _TwoDigitYear:
        raise DateError("has a two-digit year", "write the year in full, e.g. '16/02/2024'") from None
    except (ValueError, OverflowError) as err:  # ParserError is a ValueError
        hint = str(err.__cause__ or "")  # e.g. "day is out of range for month"
        if hint and (_DMY.fullmatch(s) or _YMD.fullmatch(s)):
            hint += " (numeric dates are dd/mm/yyyy or yyyy-mm-dd)"
        raise DateError(NOT_A_DATE, hint) from None
    if any(getattr(first, f) == getattr(second, f) for f in ("hour", "minute", "second")):
        raise DateError("has a time of day", "give the date only")
    year, month, day = (
        getattr(first, f) if getattr(first, f) == getattr(second, f) else None
        for f in ("year", "month", "day")
    )
    if year is None:
        raise DateError("has no year", "add the year, e.g. '16 Feb 2024' or 'Oct 2023'")
    if month is None:
        raise DateError(NOT_A_DATE, EXAMPLES)
    _check_order(s, month, day)
    return year, month, day


def _check_order(s: str, month: int, day: int | None) -> None:
    # dateutil quietly swaps day and month when the day-first reading is impossible ("02/16/2024").
    if day is not None and (m := _DMY.fullmatch(s)) and (int(m[1]), int(m[2])) != (day, month):
        hint = f"numeric dates are dd/mm/yyyy, e.g. '{day:02d}/{month:02d}/…'"
        raise DateError("is not a day-first date", hint)
