"""Typed errors. The CLI maps each to an exit code; the library never exits.

ReportgenError          1  (a bug, or anything not classified below)
├── ValidationFailed    2  bad input: carries every Diagnostic found
├── UsageError          2  bad arguments or options
├── RenderError         1  a renderer failed on valid input
└── EnvironmentProblem  3  the machine lacks something (e.g. Chromium)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from reportgen.sourceloc import SourceLoc


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the input, printed as `path:line: message (hint)`."""

    severity: Severity
    loc: SourceLoc
    message: str
    hint: str = ""

    def __str__(self) -> str:
        prefix = "" if self.severity is Severity.ERROR else "warning: "
        text = f"{self.loc}: {prefix}{self.message}"
        return f"{text}; {self.hint}" if self.hint else text


def error(loc: SourceLoc, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(Severity.ERROR, loc, message, hint)


def warning(loc: SourceLoc, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(Severity.WARNING, loc, message, hint)


class ReportgenError(Exception):
    exit_code = 1


class ValidationFailed(ReportgenError):
    """The input has errors. `diagnostics` holds all of them (and any warnings)."""

    exit_code = 2

    def __init__(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]):
        self.diagnostics = tuple(diagnostics)
        errors = [d for d in self.diagnostics if d.severity is Severity.ERROR]
        super().__init__("\n".join(str(d) for d in errors) or "invalid input")


class UsageError(ReportgenError):
    exit_code = 2


class RenderError(ReportgenError):
    exit_code = 1


class EnvironmentProblem(ReportgenError):
    """Something outside the data is missing or broken; the message says how to fix it."""

    exit_code = 3


class DateError(ValueError):
    """A string is not a date reportgen understands. Message is user-facing."""

    def __init__(self, message: str, hint: str = ""):
        self.hint = hint
        super().__init__(message)
