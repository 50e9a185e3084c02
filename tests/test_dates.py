"""Dates as briefing writers write them: what each form means, how it is shown, what users see on errors."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil import parser as du
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen import datefields
from reportgen.dates import MONTHS, format_day, from_parts, parse_date
from reportgen.errors import DateError
from reportgen.model import DatePrecision as P
from reportgen.model import FuzzyDate

D = dt.date

FORMS = [
    # (written, earliest, latest, precision, display)
    ("1997", D(1997, 1, 1), D(1997, 12, 31), P.YEAR, "1997"),
    ("c. 2017", D(2017, 1, 1), D(2017, 12, 31), P.YEAR, "c. 2017"),
    ("circa 2017", D(2017, 1, 1), D(2017, 12, 31), P.YEAR, "c. 2017"),
    ("c.2017", D(2017, 1, 1), D(2017, 12, 31), P.YEAR, "c. 2017"),
    ("c 2017", D(2017, 1, 1), D(2017, 12, 31), P.YEAR, "c. 2017"),
    ("Oct 2023", D(2023, 10, 1), D(2023, 10, 31), P.MONTH, "Oct 2023"),
    ("October 2023", D(2023, 10, 1), D(2023, 10, 31), P.MONTH, "Oct 2023"),
    ("Sept 2023", D(2023, 9, 1), D(2023, 9, 30), P.MONTH, "Sep 2023"),
    ("2023-10", D(2023, 10, 1), D(2023, 10, 31), P.MONTH, "Oct 2023"),
    ("Feb 2024", D(2024, 2, 1), D(2024, 2, 29), P.MONTH, "Feb 2024"),
    ("16 Feb 2024", D(2024, 2, 16), D(2024, 2, 16), P.DAY, "16 Feb 2024"),
    ("16 February 2024", D(2024, 2, 16), D(2024, 2, 16), P.DAY, "16 Feb 2024"),
    ("2024-02-16", D(2024, 2, 16), D(2024, 2, 16), P.DAY, "16 Feb 2024"),
    ("16/02/2024", D(2024, 2, 16), D(2024, 2, 16), P.DAY, "16 Feb 2024"),
    ("16.02.2024", D(2024, 2, 16), D(2024, 2, 16), P.DAY, "16 Feb 2024"),
    ("2024-02-03", D(2024, 2, 3), D(2024, 2, 3), P.DAY, "3 Feb 2024"),  # ISO stays year-month-day
    ("2024/02/03", D(2024, 2, 3), D(2024, 2, 3), P.DAY, "3 Feb 2024"),
    ("05/04/2024", D(2024, 4, 5), D(2024, 4, 5), P.DAY, "5 Apr 2024"),  # day first, never US
    ("Friday 16 February 2024", D(2024, 2, 16), D(2024, 2, 16), P.DAY, "16 Feb 2024"),
    ("16th of February 2024", D(2024, 2, 16), D(2024, 2, 16), P.DAY, "16 Feb 2024"),
    ("Jan–Feb 2025", D(2025, 1, 1), D(2025, 2, 28), P.MONTH, "Jan–Feb 2025"),
    ("Jan-Feb 2025", D(2025, 1, 1), D(2025, 2, 28), P.MONTH, "Jan–Feb 2025"),
    ("Q4 2025", D(2025, 10, 1), D(2025, 12, 31), P.QUARTER, "Q4 2025"),
    ("q1 2024", D(2024, 1, 1), D(2024, 3, 31), P.QUARTER, "Q1 2024"),
    ("early 2025", D(2025, 1, 1), D(2025, 4, 30), P.PART_OF_YEAR, "early 2025"),
    ("mid 2025", D(2025, 5, 1), D(2025, 8, 31), P.PART_OF_YEAR, "mid 2025"),
    ("mid-2025", D(2025, 5, 1), D(2025, 8, 31), P.PART_OF_YEAR, "mid 2025"),
    ("late 2025", D(2025, 9, 1), D(2025, 12, 31), P.PART_OF_YEAR, "late 2025"),
    ("end of 2025", D(2025, 11, 1), D(2025, 12, 31), P.PART_OF_YEAR, "end of 2025"),
    ("Oct 2023 to Feb 2025", D(2023, 10, 1), D(2025, 2, 28), P.MONTH, "Oct 2023 – Feb 2025"),
    ("Oct 2023 – Feb 2025", D(2023, 10, 1), D(2025, 2, 28), P.MONTH, "Oct 2023 – Feb 2025"),
    ("2019 - 2021", D(2019, 1, 1), D(2021, 12, 31), P.YEAR, "2019 – 2021"),
    ("2019-2021", D(2019, 1, 1), D(2021, 12, 31), P.YEAR, "2019 – 2021"),
    ("1 Mar 2024 – 3 Mar 2024", D(2024, 3, 1), D(2024, 3, 3), P.DAY, "1 Mar 2024 – 3 Mar 2024"),
    ("16 Feb 2024 to 2025", D(2024, 2, 16), D(2025, 12, 31), P.YEAR, "16 Feb 2024 – 2025"),  # coarser end
    ("Oct 2023-Feb 2025", D(2023, 10, 1), D(2025, 2, 28), P.MONTH, "Oct 2023 – Feb 2025"),
    ("16–18 Feb 2024", D(2024, 2, 16), D(2024, 2, 18), P.DAY, "16–18 Feb 2024"),  # not "year 16 to …"
    ("16-18 February 2024", D(2024, 2, 16), D(2024, 2, 18), P.DAY, "16–18 Feb 2024"),
    ("c. Oct 2023", D(2023, 10, 1), D(2023, 10, 31), P.MONTH, "c. Oct 2023"),
    ("1960s", D(1960, 1, 1), D(1969, 12, 31), P.DECADE, "1960s"),
    ("the 1960s", D(1960, 1, 1), D(1969, 12, 31), P.DECADE, "1960s"),
    ("7th century", D(601, 1, 1), D(700, 12, 31), P.CENTURY, "7th century"),
    ("21st century", D(2001, 1, 1), D(2100, 12, 31), P.CENTURY, "21st century"),
    # tolerance: case, spaces, full stops, typographic dashes and digits
    ("  OCT   2023. ", D(2023, 10, 1), D(2023, 10, 31), P.MONTH, "Oct 2023"),
    ("LATE 2025.", D(2025, 9, 1), D(2025, 12, 31), P.PART_OF_YEAR, "late 2025"),
    ("2019 — 2021", D(2019, 1, 1), D(2021, 12, 31), P.YEAR, "2019 – 2021"),
    ("２０２４", D(2024, 1, 1), D(2024, 12, 31), P.YEAR, "2024"),
    # very early years stay unambiguous
    ("0024", D(24, 1, 1), D(24, 12, 31), P.YEAR, "0024"),
    ("16/02/0024", D(24, 2, 16), D(24, 2, 16), P.DAY, "16-Feb-0024"),
    ("Feb 700", D(700, 2, 1), D(700, 2, 28), P.MONTH, "Feb 700"),
]


@pytest.mark.parametrize(("text", "earliest", "latest", "precision", "display"), FORMS)
def test_written_forms(text: str, earliest: D, latest: D, precision: P, display: str) -> None:
    found = parse_date(text)
    assert (found.earliest, found.latest, found.precision, found.display) == (
        earliest,
        latest,
        precision,
        display,
    )
    assert found.approximate == text.lower().startswith("c")
    assert found.is_range == ("–" in display)  # only ranges are shown with an en dash
    assert _same(parse_date(found.display), found)


def test_years_from_yaml_and_dates_from_code() -> None:
    assert parse_date(1997) == parse_date("1997")
    assert parse_date(D(2024, 2, 16)) == parse_date("16 Feb 2024")
    assert parse_date(dt.datetime(2024, 2, 16, 9, 30)) == parse_date("16 Feb 2024")  # noqa: DTZ001


def test_format_day() -> None:
    assert format_day(D(2024, 2, 16)) == "16 Feb 2024"
    assert format_day(D(2023, 9, 1)) == "1 Sep 2023"


@pytest.mark.parametrize(
    ("parts", "earliest", "latest", "precision", "display"),
    [
        (("2024", "", ""), D(2024, 1, 1), D(2024, 12, 31), P.YEAR, "2024"),
        (("2024", "2", None), D(2024, 2, 1), D(2024, 2, 29), P.MONTH, "Feb 2024"),
        ((2024, 2, 16), D(2024, 2, 16), D(2024, 2, 16), P.DAY, "16 Feb 2024"),
        ((" 2024 ", "02", "16", "Friday"), D(2024, 2, 16), D(2024, 2, 16), P.DAY, "Friday"),
    ],
)
def test_from_parts(parts: tuple, earliest: D, latest: D, precision: P, display: str) -> None:
    found = from_parts(*parts)
    assert (found.earliest, found.latest, found.precision, found.display) == (
        earliest,
        latest,
        precision,
        display,
    )


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("2024", "2", "30"), "'2024-2-30' is not a date; day is out of range for month"),
        (("2024", "13", ""), "'2024-13' is not a date; month must be in 1..12"),
        (("", "", ""), "'' has no year; a date needs at least a year"),
        (("2024", "", "5"), "'2024-5' is not a date; a day needs a month"),
        (("-500", None, None), "'-500' has a year out of range; years run from 1 to 9999"),
        (("twenty", None, None), "'twenty' is not a date; 'twenty' is not a number"),
    ],
)
def test_from_parts_errors(parts: tuple, message: str) -> None:
    with pytest.raises(DateError) as caught:
        from_parts(*parts)
    assert f"{caught.value}; {caught.value.hint}" == message


ERRORS = [
    # (written, message, start of hint)
    ("2025-02-30", "'2025-02-30' is not a date", "day is out of range for month"),
    ("31/13/2024", "'31/13/2024' is not a date", "month must be in 1..12"),
    ("29/02/2023", "'29/02/2023' is not a date", "day is out of range for month"),
    ("0", "'0' has a year out of range", "years run from 1 to 9999"),
    ("10000", "'10000' has a year out of range", "years run from 1 to 9999"),
    ("Oct 10000", "'Oct 10000' is not a date", "year 10000 is out of range"),
    ("100th century", "'100th century' has a year out of range", "years run from 1 to 9999"),
    ("Sept 2O23", "'Sept 2O23' is not a date", "did you mean 'Sep 2023'?"),
    ("l997", "'l997' is not a date", "did you mean '1997'?"),
    ("Febuary 2024", "'Febuary 2024' is not a date", "did you mean 'Feb 2024'?"),
    (
        "Ocotber 2023 to Febuary 2025",
        "'Ocotber 2023 to Febuary 2025' is not a date",
        "did you mean 'Oct 2023 –",
    ),
    ("", "'' is empty", "give a date such as 'Oct 2023'"),
    ("   ", "'' is empty", "give a date such as 'Oct 2023'"),
    ("garbage", "'garbage' is not a date", "write e.g. '16 Feb 2024'"),
    ("02/16/2024", "'02/16/2024' is not a day-first date", "numeric dates are dd/mm/yyyy"),
    ("2024-16-02", "'2024-16-02' is not a date", "month must be in 1..12"),
    ("16/02/24", "'16/02/24' has a two-digit year", "write the year in full"),
    ("60s", "'60s' is not a date", "write a decade in full, e.g. '1960s'"),
    ("16 Feb", "'16 Feb' has no year", "add the year"),
    ("02-16-2024", "'02-16-2024' is not a day-first date", "numeric dates are dd/mm/yyyy"),
    ("18–16 Feb 2024", "'18–16 Feb 2024' ends before it starts", "put the earlier day first"),
    ("2²", "'2²' is not a date", "use the digits 0-9"),
    ("Thursday 16 Feb 2024", "'Thursday 16 Feb 2024' says Thursday but 16 Feb 2024 is a Friday", "check"),
    ("Friday Feb 2024", "'Friday Feb 2024' names a weekday but no day", "give the day too"),
    ("16 Feb 2024 10:00", "'16 Feb 2024 10:00' has a time of day", "give the date only"),
    ("Nov–Feb 2025", "'Nov–Feb 2025' ends before it starts", "write e.g. 'Nov 2024 to Feb 2025'"),
    ("2021 - 2019", "'2021 - 2019' ends before it starts", "put the earlier date first"),
    ("Jan–Feb 2025 to Mar 2025", "'Jan–Feb 2025 to Mar 2025' has a range inside a range", "give one"),
    ("x" * 500, "'" + "x" * 40 + "…' is too long to be a date", "write e.g."),
    ("16 Feb\x00 2024", "'16 Feb? 2024' is not a date", "it contains the character '\\x00'"),
]


@pytest.mark.parametrize(("text", "message", "hint"), ERRORS)
def test_errors_tell_the_user_what_to_write(text: str, message: str, hint: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value) == message
    assert caught.value.hint.startswith(hint)


@pytest.mark.parametrize("value", [True, 19.97, None, [2024]])
def test_other_types_are_date_errors(value: object) -> None:
    with pytest.raises(DateError, match="is not a date"):
        parse_date(value)  # type: ignore[arg-type]


# --- properties -----------------------------------------------------------------------------------------

FULL_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]
FULL_MONTHS += ["September", "October", "November", "December"]
DAYS = st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31))
YEARS = st.integers(1, 9999)
MONTH_NUMBERS = st.integers(1, 12)


@st.composite
def day_texts(draw: st.DrawFn) -> str:
    d = draw(DAYS)
    forms = [format_day(d), f"{d.day:02d}/{d.month:02d}/{d.year:04d}", f"{d.day}.{d.month}.{d.year:04d}"]
    forms.append(f"{d.year:04d}-{d.month:02d}-{d.day:02d}")
    if d.year >= 100:
        forms += [f"{d.strftime('%A')} {d.day} {FULL_MONTHS[d.month - 1]} {d.year}"]
    return draw(st.sampled_from(forms))


@st.composite
def month_texts(draw: st.DrawFn) -> str:
    year, month = draw(YEARS), draw(MONTH_NUMBERS)
    if year < 100:
        return f"{MONTHS[month - 1]}-{year:04d}"
    return draw(st.sampled_from([f"{MONTHS[month - 1]} {year}", f"{FULL_MONTHS[month - 1]} {year}"]))


@st.composite
def month_span_texts(draw: st.DrawFn) -> str:
    first, last = sorted((draw(MONTH_NUMBERS), draw(MONTH_NUMBERS)))
    dash = draw(st.sampled_from(["–", "-", " to "]))
    return f"{MONTHS[first - 1]}{dash}{MONTHS[last - 1]} {draw(YEARS)}"


SINGLE = st.one_of(
    day_texts(),
    month_texts(),
    YEARS.map(str),
    st.builds("Q{} {}".format, st.integers(1, 4), YEARS),
    st.builds("{} {}".format, st.sampled_from(["early", "mid", "late", "end of"]), YEARS),
    st.integers(1, 999).map(lambda n: f"{n * 10:04d}s"),
    st.integers(1, 99).map(lambda n: f"{n}th century"),
)
APPROXIMATE = SINGLE.map(lambda text: f"c. {text}")


@st.composite
def range_texts(draw: st.DrawFn) -> str:
    ends = sorted((parse_date(draw(SINGLE)), parse_date(draw(SINGLE))), key=lambda f: f.sort_key)
    if ends[1].latest < ends[0].latest:  # a date inside a longer one: not a range anyone writes
        ends = [ends[0], ends[0]]
    return f"{ends[0].display} {draw(st.sampled_from(['to', '–', '-']))} {ends[1].display}"


ANY_FORM = st.one_of(SINGLE, APPROXIMATE, month_span_texts(), range_texts())


@settings(max_examples=300, deadline=None)
@given(ANY_FORM)
def test_display_parses_back_to_the_same_date(text: str) -> None:
    found = parse_date(text)
    assert found.earliest <= found.latest
    assert parse_date(found.display) == found


TOKENS = ["16", "02", "2024", "0024", "Feb", "Sept", "to", "–", "-", "/", ".", "c.", "early", "end of"]
TOKENS += ["Q4", "1960s", "7th", "century", "Friday", "12:00", "pm", "s", "th", "UTC", "+01:00", "99999"]
DATEISH = st.lists(st.sampled_from(TOKENS), max_size=6).map(" ".join)
ANY_TEXT = st.one_of(st.text(max_size=60), st.text("0123456789 -–/.,:'cqsthOl", max_size=20), DATEISH)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_any_text_is_a_date_or_a_date_error(text: str) -> None:
    try:
        found = parse_date(text)
    except DateError as err:
        assert str(err).startswith("'") and err.hint
    else:
        assert isinstance(found, FuzzyDate)
        assert found.earliest <= found.latest
        assert _same(parse_date(found.display), found)


def _same(a: FuzzyDate, b: FuzzyDate) -> bool:
    return (a.earliest, a.latest, a.precision, a.approximate) == (
        b.earliest,
        b.latest,
        b.precision,
        b.approximate,
    )


# Every month name dateutil knows, as typed (any case), and days that may not exist
_MONTH_NAMES = [name for names in du.parserinfo.MONTHS for name in names]
_YEARS = st.integers(1000, 9999)
_WRITTEN_FORMS = st.one_of(
    st.builds(
        lambda d, m, y: f"{d} {m} {y}",
        st.integers(0, 40),
        st.sampled_from(_MONTH_NAMES),
        st.integers(1000, 9999),
    ),
    st.builds(lambda m, y: f"{m} {y}", st.sampled_from(_MONTH_NAMES), st.integers(1000, 9999)),
    st.builds(
        lambda y, m, d: f"{y}-{m:02d}-{d:02d}",
        st.integers(1000, 9999),
        st.integers(0, 14),
        st.integers(0, 33),
    ),
).map(lambda s: s.upper() if len(s) % 3 == 0 else s)


@settings(max_examples=400)
@given(_WRITTEN_FORMS)
def test_the_common_forms_read_without_dateutil_read_as_dateutil_reads_them(text):
    # the fast path ("16 Feb 2024", "Oct 2023", "2024-02-16") must agree with the general one
    s = text.lower()
    fields = datefields._plain_fields(s)
    try:
        expected = datefields._dateutil_fields(s)
    except DateError:
        assert fields is None  # a refusal is always dateutil's own, worded as ever
        return
    assert fields == expected  # and every date of these forms takes it


def test_the_common_forms_take_the_fast_path():
    assert datefields._plain_fields("16 feb 2024") == (2024, 2, 16)
    assert datefields._plain_fields("sept 2023") == (2023, 9, None)
    assert datefields._plain_fields("2024-02-29") == (2024, 2, 29)
    assert datefields._plain_fields("29 feb 2023") is None  # no such day: dateutil says why
    assert datefields._plain_fields("16/02/2024") is None
