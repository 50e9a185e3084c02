"""Parse the dates briefing writers write ("Oct 2023", "c. 2017", "Q4 2025", "late 2025") into FuzzyDates.

Shapes dateutil does not know (approximate prefixes, quarters, parts of a year, decades, centuries,
month ranges, "A to B" ranges) are recognised here with anchored patterns; the fields of a
calendar date ("16 Feb 2024", "16/02/2024") are read by reportgen.datefields.

Display forms are British and parse back to the same FuzzyDate. Days and months of years before 100
are hyphenated ("16-Feb-0024") because dateutil reads "16 Feb 0024" as a two-digit year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import unicodedata
from dataclasses import replace

from dateutil import parser as du

from reportgen.datefields import EXAMPLES, INFO, NOT_A_DATE, YEARS, calendar_fields
from reportgen.dateforms import briefing_form
from reportgen.errors import DateError
from reportgen.model import DatePrecision, FuzzyDate
from reportgen.text import did_you_mean

__all__ = ["MONTHS", "format_day", "from_parts", "parse_date"]

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "end of": (11, 12)}
_PARTS = {f"q{q}": (3 * q - 2, 3 * q, DatePrecision.QUARTER, f"Q{q}") for q in range(1, 5)}
_PARTS |= {name: (*months, DatePrecision.PART_OF_YEAR, name) for name, months in _YEAR_PARTS.items()}
_COARSENESS = list(DatePrecision)  # declared finest first
_MAX_LEN = 100

_APPROX = re.compile(r"(?:circa|ca\.|c\.|c(?=[\s\d]))\s*(.+)")
_PART = re.compile(r"(q[1-4]|early|mid|late|end of)[\s-]*(\d+)")
_DECADE = re.compile(r"(\d+)'?s")
_CENTURY = re.compile(r"(\d+)(?:st|nd|rd|th)\s+century")
_YEAR = re.compile(r"-?\d+")
_MONTH_SPAN = re.compile(r"([a-z]+)\.?\s*(?:–|-|\s+to\s+)\s*([a-z]+)\.?\s+(\d+)")
_YEAR_SPAN = re.compile(r"(\d{3,4})-(\d{3,4})")  # "2019-2021"; "2023-10" stays an ISO month
# Strongest first, so "Jan–Feb 2025 to Mar 2025" splits at "to".
_RANGE_SEPS = [
    re.compile(r"\s+(?:to|until)\s+"),
    re.compile(r"\s+[–-]\s+"),
    re.compile(r"–|(?<=\s\d{4})-(?=[a-z])"),
]
_DAY_SPAN = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s*[–-]\s*(\d.+)")
_LOOKALIKES = str.maketrans("OoIl", "0011")
_VOCAB = [name.lower() for names in du.parserinfo.MONTHS + du.parserinfo.WEEKDAYS for name in names]
_VOCAB += ["early", "late", "circa", "century", "until"]


def parse_date(value: str | int | dt.date) -> FuzzyDate:
    """Parse a date as written in an events file; raise DateError (message + hint) if it is not one."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _from_ymd(value.year, value.month, value.day)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise DateError(f"{_shown(repr(value))} is not a date", EXAMPLES)
    text = str(value).strip()
    try:
        return _parse_text(text)
    except DateError as err:
        raise _explained(text, err) from None


@functools.lru_cache(maxsize=2**16)
def _parse_text(text: str) -> FuzzyDate:
    # Long event lists repeat their dates (a 100,000-row log has a few thousand days), and
    # reading one takes two dateutil parses: each text is read once. A refusal is not kept.
    return _parse_expr(_normalise(text))


def from_parts(
    year: str | int | None,
    month: str | int | None = None,
    day: str | int | None = None,
    display: str | None = None,
) -> FuzzyDate:
    """Build a date from separate fields (TimelineJS gives strings, possibly empty); precision follows them.

    A non-empty `display` replaces the generated display form (it need not parse back).
    """
    shown = "-".join(str(part) for part in (year, month, day) if part not in (None, ""))
    try:
        y, m, d = _number(year), _number(month), _number(day)
        if y is None:
            raise DateError("has no year", "a date needs at least a year")
        found = _from_ymd(y, m, d)
    except DateError as err:
        raise _explained(shown, err) from None
    label = (display or "").strip()
    return replace(found, display=label) if label else found


def format_day(d: dt.date) -> str:
    """British day form, "16 Feb 2024" ("16-Feb-0024" before year 100, see the module docstring)."""
    return f"{d.day}{'-' if d.year < 100 else ' '}{_month_year(d.year, d.month)}"


def _month_year(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]}-{year:04d}" if year < 100 else f"{MONTHS[month - 1]} {year}"


def _normalise(text: str) -> str:
    """Fold the many ways of typing the same date onto one ASCII form (plus the en dash)."""
    if any(c.isdigit() and not c.isdecimal() for c in text):  # "2²" or "①②" would pass NFKC as "22", "12"
        raise DateError(NOT_A_DATE, "use the digits 0-9")
    text = unicodedata.normalize("NFKC", text)  # full-width digits, no-break spaces
    text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)  # e.g. Arabic digits
    text = re.sub("[\u2012-\u2015\u2212]", "–", text).replace("\u2010", "-").replace("\u2011", "-")
    text = " ".join(text.split()).rstrip(". ").lower().removeprefix("the ")
    if not text:
        raise DateError("is empty", "give a date such as 'Oct 2023', or leave the field out")
    if len(text) > _MAX_LEN:
        raise DateError("is too long to be a date", EXAMPLES)
    odd = next((c for c in text if c != "–" and not (c.isascii() and c.isprintable())), None)
    if odd is not None:
        raise DateError(NOT_A_DATE, f"it contains the character {ascii(odd)}")
    return text


def _parse_expr(s: str) -> FuzzyDate:
    if m := _APPROX.fullmatch(s):
        inner = _parse_expr(m[1])
        return replace(inner, approximate=True, display=f"c. {inner.display.removeprefix('c. ')}")
    for shape in (_year, _part_of_year, _decade, _century, _month_span, _day_span):
        if (found := shape(s)) is not None:
            return found
    if (found := briefing_form(s, _parse_expr)) is not None:  # financial years, weeks, seasons
        return found
    if m := _YEAR_SPAN.fullmatch(s):
        return _range(m[1], m[2])
    for sep in _RANGE_SEPS:
        if len(ends := sep.split(s, maxsplit=1)) == 2:
            return _range(*ends)
    return _calendar(s)


def _year(s: str) -> FuzzyDate | None:
    if not _YEAR.fullmatch(s):
        return None
    return _from_ymd(_check_year(s), None, None)


def _part_of_year(s: str) -> FuzzyDate | None:
    """ "Q4 2025", "early 2025", "end of 2025": a run of months of one year."""
    if not (m := _PART.fullmatch(s)):
        return None
    (first, last, precision, name), year = _PARTS[m[1]], _check_year(m[2])
    return _window(year, first, year, last, precision, f"{name} {_y(year)}")


def _decade(s: str) -> FuzzyDate | None:
    if not (m := _DECADE.fullmatch(s)):
        return None
    if len(m[1]) < 3 or not m[1].endswith("0"):  # "60s": which century?
        raise DateError(NOT_A_DATE, "write a decade in full, e.g. '1960s'")
    start = _check_year(m[1])  # the "0s" would start in year 0, which does not exist
    return _window(start, 1, start + 9, 12, DatePrecision.DECADE, f"{_y(start)}s")


def _century(s: str) -> FuzzyDate | None:
    if not (m := _CENTURY.fullmatch(s)):
        return None
    n = int(m[1]) if len(m[1]) <= 4 else 100  # long numbers are out of range either way
    first, last = _check_year(n * 100 - 99), _check_year(n * 100)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return _window(first, 1, last, 12, DatePrecision.CENTURY, f"{n}{suffix} century")


def _month_span(s: str) -> FuzzyDate | None:
    """ "Jan–Feb 2025": two months of one year, shown with an unspaced en dash."""
    m = _MONTH_SPAN.fullmatch(s)
    first, last = (INFO.month(m[1]), INFO.month(m[2])) if m else (None, None)
    if m is None or first is None or last is None:
        return None
    year = _check_year(m[3])
    if last < first:
        hint = f"write e.g. '{MONTHS[first - 1]} {year - 1} to {MONTHS[last - 1]} {year}'"
        raise DateError("ends before it starts", hint)
    display = f"{MONTHS[first - 1]}–{MONTHS[last - 1]} {_y(year)}"
    return _window(year, first, year, last, DatePrecision.MONTH, display, is_range=True)


def _day_span(s: str) -> FuzzyDate | None:
    """ "16–18 Feb 2024", which a plain range split would read as the year 16 to 18 Feb 2024."""
    if not (m := _DAY_SPAN.fullmatch(s)):
        return None
    try:
        last = _calendar(m[2])
    except DateError:
        return None  # e.g. "16-31-2024": not this shape, let the others complain
    if last.precision is not DatePrecision.DAY:
        return None  # e.g. "16-02-2024"
    first = _from_ymd(last.earliest.year, last.earliest.month, int(m[1]))
    if last.earliest < first.earliest:
        raise DateError("ends before it starts", "put the earlier day first")
    display = f"{m[1].lstrip('0')}–{last.display}"
    return replace(first, latest=last.latest, display=display, is_range=True)


def _range(first_text: str, last_text: str) -> FuzzyDate:
    """ "Oct 2023 to Feb 2025": earliest from the first date, latest from the second."""
    if not first_text or not last_text:
        raise DateError(NOT_A_DATE, "a range needs a date on each side, e.g. 'Oct 2023 to Feb 2025'")
    first, last = _parse_expr(first_text), _parse_expr(last_text)
    if first.is_range or last.is_range:
        raise DateError("has a range inside a range", "give one date on each side of 'to'")
    if last.earliest < first.earliest or last.latest < first.latest:
        raise DateError("ends before it starts", "put the earlier date first")
    precision = max(first.precision, last.precision, key=_COARSENESS.index)
    display = f"{first.display} – {last.display}"
    approximate = first.approximate or last.approximate
    return FuzzyDate(first.earliest, last.latest, precision, display, approximate, is_range=True)


def _calendar(s: str) -> FuzzyDate:
    """A day or month in any form dateutil reads, with an optional weekday that must be right."""
    s, weekday = _take_weekday(s)
    found = _from_ymd(*calendar_fields(s))
    if weekday is None:
        return found
    if found.precision is not DatePrecision.DAY:
        raise DateError("names a weekday but no day", "give the day too, e.g. 'Friday 16 Feb 2024'")
    actual = found.earliest.weekday()
    if actual != weekday:
        said, really = _WEEKDAYS[weekday], _WEEKDAYS[actual]
        raise DateError(f"says {said} but {found.display} is a {really}", "check the day")
    return found


def _take_weekday(s: str) -> tuple[str, int | None]:
    # dateutil would move a date without a day to the next such weekday; we only check it.
    words = [w for w in re.findall(r"[a-z]+", s) if INFO.weekday(w) is not None]
    if not words:
        return s, None
    if len(words) > 1:
        raise DateError(NOT_A_DATE, "give at most one weekday")
    return re.sub(rf"\b{words[0]}\b,?", " ", s).strip(), INFO.weekday(words[0])


def _from_ymd(year: int, month: int | None, day: int | None) -> FuzzyDate:
    _check_year(year)
    if month is None:
        if day is not None:
            raise DateError(NOT_A_DATE, "a day needs a month")
        return _window(year, 1, year, 12, DatePrecision.YEAR, _y(year))
    if not 1 <= month <= 12:
        raise DateError(NOT_A_DATE, "month must be in 1..12")
    if day is None:
        return _window(year, month, year, month, DatePrecision.MONTH, _month_year(year, month))
    try:
        when = dt.date(year, month, day)
    except ValueError as err:  # "day is out of range for month"
        raise DateError(NOT_A_DATE, str(err)) from None
    return FuzzyDate(when, when, DatePrecision.DAY, format_day(when))


def _window(
    y1: int, m1: int, y2: int, m2: int, precision: DatePrecision, display: str, *, is_range: bool = False
) -> FuzzyDate:
    """First day of month m1 of y1 to the last day of month m2 of y2, inclusive."""
    last = dt.date(y2, m2, calendar.monthrange(y2, m2)[1])
    return FuzzyDate(dt.date(y1, m1, 1), last, precision, display, is_range=is_range)


def _check_year(value: int | str) -> int:
    year = int(value) if isinstance(value, int) or len(value) <= 6 else 10**6  # skip huge conversions
    if not 1 <= year <= 9999:
        raise DateError("has a year out of range", YEARS)
    return year


def _y(year: int) -> str:
    return f"{year:04d}" if year < 100 else str(year)


def _number(part: str | int | None) -> int | None:
    """One TimelineJS field: empty means not given."""
    if part is None or isinstance(part, int) and not isinstance(part, bool):
        return part
    if not isinstance(part, str):
        raise DateError(NOT_A_DATE, f"{_shown(repr(part))} is not a number")
    text = part.strip()
    if text == "":
        return None
    if re.fullmatch(r"[+-]?\d{7,}", text, re.ASCII):  # a number, just far beyond any calendar
        raise DateError("has a year out of range", f"'{_shown(text)}' is too large; {YEARS}")
    if not re.fullmatch(r"[+-]?\d{1,6}", text, re.ASCII):
        raise DateError(NOT_A_DATE, f"'{_shown(text)}' is not a number")
    return int(text)


def _explained(text: str, err: DateError) -> DateError:
    """Put the user's own text in front of the reason, and suggest a fix for near misses."""
    reason, hint = str(err), err.hint
    if reason == NOT_A_DATE and (guess := _suggest(text)):
        hint = f"did you mean '{guess}'?"
    return DateError(f"'{_shown(text)}' {reason}", hint or EXAMPLES)


def _suggest(text: str) -> str | None:
    """Fix letter-for-digit slips ("2O23") and misspelt month names, if that makes a date."""
    fixed = re.sub(r"[A-Za-z0-9]+", _fix_token, text)
    if fixed == text:
        return None
    try:
        return _parse_expr(_normalise(fixed)).display
    except DateError:
        return None


def _fix_token(m: re.Match[str]) -> str:
    token = m[0]
    if any(c.isdigit() for c in token):
        return token.translate(_LOOKALIKES)
    word = token.lower()
    if len(word) < 3 or word in _VOCAB:
        return token
    return did_you_mean(word, _VOCAB, cutoff=0.75) or token


def _shown(text: str) -> str:
    """The user's text, safe to print: no control characters, not too long."""
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 40 else text[:40] + "…"
