"""`Checker`: collects the diagnostics of one validation run and checks the value kinds every
record type shares (dates, markings, text, references, ids)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportgen import dates
from reportgen.errors import DateError, Diagnostic, error, warning
from reportgen.markings import MARKINGS
from reportgen.model import FuzzyDate
from reportgen.sourceloc import SourceLoc
from reportgen.text import suggestion
from reportgen.validate.records import DateParts, RawRecord

DATE_HINT = "write it like 16 Feb 2024, Oct 2023, Q4 2025 or 1997"


class Checker:
    """Holds the diagnostics of one validation run; each method checks one kind of value."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        # parse_date is pure and slow (dateutil); a large list repeats date strings a lot
        # ("Mar 2011", "2019"), so each distinct string is parsed once per validation
        self._parsed: dict[str, FuzzyDate] = {}

    def error(self, loc: SourceLoc, message: str, hint: str = "") -> None:
        self.diagnostics.append(error(loc, message, hint))

    def warn(self, loc: SourceLoc, message: str, hint: str = "") -> None:
        self.diagnostics.append(warning(loc, message, hint))

    def date(self, rec: RawRecord, key: str) -> FuzzyDate | None:
        value = rec.data.get(key)
        if value is None or value == "":
            return None
        try:
            if isinstance(value, DateParts):
                return dates.from_parts(value.year, value.month, value.day, display=value.display)
            if not isinstance(value, str):
                return dates.parse_date(value)
            if value not in self._parsed:
                self._parsed[value] = dates.parse_date(value)
            return self._parsed[value]
        except DateError as exc:
            self.error(rec.at(key), _date_message(key, str(exc)), exc.hint or DATE_HINT)
        except (ValueError, OverflowError, TypeError):
            self.error(rec.at(key), f"{key} {_show(value)!r} is not a date", DATE_HINT)
        return None

    def span(self, rec: RawRecord, start_key: str, end_key: str) -> tuple[FuzzyDate | None, FuzzyDate | None]:
        start, end = self.date(rec, start_key), self.date(rec, end_key)
        if start and end and end.latest < start.earliest:
            self.error(
                rec.at(end_key),
                f"{end_key} {end.display!r} is before {start_key} {start.display!r}",
                "swap them",
            )
        return start, end

    def marking(self, rec: RawRecord) -> str | None:
        value = rec.get("marking")
        if value is None:
            return None
        norm = " ".join(str(value).replace("_", " ").split()).upper()
        norm = "OFFICIAL-SENSITIVE" if norm == "OFFICIAL SENSITIVE" else norm
        if norm in MARKINGS:
            return norm
        hint = suggestion(norm, MARKINGS, f"use one of {', '.join(MARKINGS)}")
        self.error(rec.at("marking"), f"marking {value!r} is not a protective marking", hint)
        return None

    def text(self, rec: RawRecord, key: str, default: str = "") -> str:
        """A one-line text value with runs of whitespace collapsed."""
        return " ".join(str(rec.get(key, default)).split())

    def refs(self, rec: RawRecord, key: str, single: str) -> tuple[str, ...]:
        values = [*rec.get(key, []), *([rec.data[single]] if rec.get(single) else [])]
        return tuple(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))

    def unknown_refs(
        self, rec: RawRecord, key: str, refs: Sequence[str], known: Sequence[str], what: str
    ) -> None:
        for ref in refs:
            if ref not in known:
                hint = suggestion(ref, known, f"define it under `{what}s:` or fix the id")
                self.error(rec.at(key), f"unknown {what} {ref!r}", hint)

    def duplicate(
        self,
        rec: RawRecord,
        ident: str,
        seen: dict[str, SourceLoc],
        what: str,
        first: SourceLoc,
        hint: str = "first defined at {}; rename one",
    ) -> bool:
        """True, with an error, when `ident` was seen before; otherwise remember it was seen at `first`."""
        if ident in seen:
            self.error(rec.at("id"), f"duplicate {what} id {ident!r}", hint.format(seen[ident]))
            return True
        seen[ident] = first
        return False


def _date_message(key: str, message: str) -> str:
    """Name the field in a date error: "end 'Sept 2O23' is not a date"."""
    if message.startswith(f"{key} ") or message.startswith(f"{key}:"):
        return message
    return f"{key} {message}" if message.startswith("'") else f"{key}: {message}"


def _show(value: Any) -> str:
    if isinstance(value, DateParts):
        return "-".join(str(p) for p in (value.year, value.month, value.day) if p is not None)
    return str(value)
