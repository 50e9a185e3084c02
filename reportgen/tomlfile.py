"""Settings files (reportgen.toml, styles/*.toml): read with their lines, checked like the events.

`read_toml` parses with the standard `tomllib` and adds what it does not keep: the
line of every table and key, so each problem is reported as `path:line: …`.
`Fields` checks one table's values against their kinds and collects every problem,
so a user fixes a settings file in one round, as with events (`ValidationFailed`).

Python 3.11's `tomllib.TOMLDecodeError` carries only its text, e.g.
"Invalid value (at line 3, column 7)"; `msg` and `lineno` arrived in 3.14.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportgen.errors import Diagnostic, ValidationFailed, error, warning
from reportgen.sourceloc import SourceLoc

_WHERE = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)\s*$")
_TABLE = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def toml_problem(exc: tomllib.TOMLDecodeError, text: str) -> tuple[int, str]:
    """(line, message) of a syntax error in `text`; the message without its "(at line …)" suffix."""
    message = str(exc)
    where = _WHERE.search(message)
    if where is None:
        return 1, message
    line = int(where[1]) if where[1] else max(1, text.count("\n") + (not text.endswith("\n")))
    return line, message[: where.start()]


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip().strip("\"'") for p in re.findall(r"""(?:"[^"]*"|'[^']*'|[^.]+)""", dotted))


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The 1-based line of every table header and key of valid TOML text, by dotted path.

    Lines inside multi-line strings are skipped; tomllib has already checked the syntax.
    """
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    in_string: str | None = None
    counts: dict[tuple[str, ...], int] = {}  # entries of each [[array of tables]] so far
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string is not None:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        if header := _TABLE.match(line):
            table = _parts(header[1])
            lines.setdefault(table, number)
            if line.lstrip().startswith("[["):  # entry n of an array: keys are (…, "n", key)
                counts[table] = counts.get(table, -1) + 1
                table = (*table, str(counts[table]))
                lines.setdefault(table, number)
        elif key := _KEY.match(line):
            lines.setdefault(table + _parts(key[1]), number)
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                in_string = quote
    return lines


@dataclass(frozen=True, slots=True)
class TomlDoc:
    """A parsed settings file and the line of each of its tables and keys."""

    path: str
    data: dict[str, Any]
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)

    def at(self, *keys: str) -> SourceLoc:
        """Where `keys` is written (else its nearest written parent, else line 1)."""
        for n in range(len(keys), 0, -1):
            if keys[:n] in self.lines:
                return SourceLoc(self.path, self.lines[keys[:n]])
        return SourceLoc(self.path, 1)


def read_toml(
    path: str, raw: bytes, what: str = "", hint: str = "check quotes and [section] names"
) -> TomlDoc:
    """Parse settings bytes; ValidationFailed with the line for bad UTF-8 or bad TOML."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ValidationFailed(
            [error(SourceLoc(path, line), "not UTF-8 text", "save the file as UTF-8")]
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = toml_problem(exc, text)
        prefix = f"{what} is not valid TOML" if what else "not valid TOML"
        raise ValidationFailed([error(SourceLoc(path, line), f"{prefix}: {message}", hint)]) from None
    return TomlDoc(path, data, key_lines(text))


class Fields:
    """Checks the values of one table of a settings file and collects every problem."""

    def __init__(self, doc: TomlDoc, table: Sequence[str] = ()) -> None:
        self.doc, self.table = doc, tuple(table)
        self.problems: list[Diagnostic] = []

    def values(self) -> dict[str, Any]:
        node: Any = self.doc.data
        for key in self.table:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        return node if isinstance(node, dict) else {}

    def at(self, key: str) -> SourceLoc:
        return self.doc.at(*self.table, key)

    def error(self, key: str, message: str, hint: str = "") -> None:
        self.problems.append(error(self.at(key), message, hint))

    def warn(self, key: str, message: str, hint: str = "") -> None:
        self.problems.append(warning(self.at(key), message, hint))

    def unknown(self, known: Sequence[str], where: str) -> None:
        """An error for each key of this table that is not in `known`."""
        for key in self.values():
            if key not in known:
                from reportgen.text import suggestion  # difflib (~4 ms): only when a key is unknown

                hint = suggestion(key, known, f"known {where} settings: {', '.join(sorted(known))}")
                where_in = f" in [{'.'.join(self.table)}]" if self.table else ""
                self.error(key, f"unknown setting {key!r}{where_in}", hint)

    def get(self, key: str, kind: Callable[[Fields, str, Any], Any], default: Any = None) -> Any:
        """The value of `key` checked by `kind` (one of the functions below), else `default`."""
        values = self.values()
        if key not in values:
            return default
        value = kind(self, key, values[key])
        return default if value is _BAD else value

    def text(self, key: str, default: str = "") -> str:
        return str(self.get(key, text, default))


_BAD = object()


def _name(table: tuple[str, ...], key: str) -> str:
    return key  # the line says where; the key is what the user wrote


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return "a date"
    return {str: "text", int: "a number", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )


def text(f: Fields, key: str, value: Any) -> Any:
    if isinstance(value, str):
        return value
    f.error(key, f"{_name(f.table, key)} is {_kind_of(value)}, not text", f'write it in quotes: {key} = "…"')
    return _BAD


def text_or_number(f: Fields, key: str, value: Any) -> Any:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    return text(f, key, value)


def fuzzy_date(f: Fields, key: str, value: Any) -> Any:
    """A date as the data writes them: 2017, "Jan 2023", "late 2025" or a TOML date."""
    from reportgen.dates import parse_date
    from reportgen.errors import DateError

    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str | int | dt.date) and not isinstance(value, bool):
        try:
            parse_date(value.strip() if isinstance(value, str) else value)
            return value
        except DateError as exc:
            f.error(
                key,
                f"{key} = {value!r} is not a date: {exc}",
                f'write e.g. {key} = 2017 or {key} = "Jan 2023"',
            )
            return _BAD
    f.error(key, f"{key} is {_kind_of(value)}, not a date", f'write e.g. {key} = 2017 or {key} = "Jan 2023"')
    return _BAD


def boolean(f: Fields, key: str, value: Any) -> Any:
    if isinstance(value, bool):
        return value
    f.error(
        key, f"{_name(f.table, key)} is {_kind_of(value)}, not true/false", f"write {key} = true or false"
    )
    return _BAD


def paths(f: Fields, key: str, value: Any) -> Any:
    """A list of paths; one path alone is taken as a list of one."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return value
    f.error(key, f"{_name(f.table, key)} must be a list of paths", f'write {key} = ["events", "more.csv"]')
    return _BAD


def number(low: float, high: float, *, integer: bool = False) -> Callable[[Fields, str, Any], Any]:
    """A number in [low, high] (an int when `integer`)."""

    def check(f: Fields, key: str, value: Any) -> Any:
        name = _name(f.table, key)
        ok = isinstance(value, int if integer else int | float) and not isinstance(value, bool)
        if not ok:
            what = "a whole number" if integer else "a number"
            f.error(key, f"{name} is {_kind_of(value)}, not {what}", f"write {what} from {low:g} to {high:g}")
            return _BAD
        if not low <= value <= high:
            f.error(key, f"{name} = {value} is out of range", f"use a value from {low:g} to {high:g}")
            return _BAD
        return value

    return check


def choice(options: Sequence[str], *, upper: bool = False) -> Callable[[Fields, str, Any], Any]:
    """One of `options` (compared in upper case when `upper`)."""

    def check(f: Fields, key: str, value: Any) -> Any:
        shown = value.strip().upper() if upper and isinstance(value, str) else value
        if isinstance(value, str) and shown in options:
            return shown
        from reportgen.text import suggestion

        hint = suggestion(str(value), options, f"use one of {', '.join(options)}")
        f.error(key, f"{_name(f.table, key)} = {value!r} is not allowed", hint)
        return _BAD

    return check


def colour(f: Fields, key: str, value: Any) -> Any:
    if isinstance(value, str) and _COLOUR.match(value.strip()):
        return value.strip()
    f.error(
        key, f"colour {_name(f.table, key)} = {value!r} is not a colour", 'write it as "#1f3b73" (hex RGB)'
    )
    return _BAD


def colours(f: Fields, key: str, value: Any) -> Any:
    if (
        isinstance(value, list)
        and value
        and all(isinstance(v, str) and _COLOUR.match(v.strip()) for v in value)
    ):
        return tuple(v.strip() for v in value)
    f.error(
        key,
        f"{_name(f.table, key)} must be a list of one or more colours",
        'write e.g. lanes = ["#1f3b73", "#c8102e"]',
    )
    return _BAD


def day(f: Fields, key: str, value: Any) -> Any:
    """A day: a TOML date (2025-10-15) or the same in quotes."""
    if isinstance(value, dt.datetime):
        f.error(key, f"{key} is a date and time", f"write just the day: {key} = {value.date().isoformat()}")
        return _BAD
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    f.error(key, f"{key} {value!r} is not a day", f"write it as YYYY-MM-DD, e.g. {key} = 2025-10-15")
    return _BAD
