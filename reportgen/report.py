"""Outcomes in words: the one place that turns build results and errors into lines and exit codes.

The library returns results and raises typed errors; the command line, the batch
runner, watch and schedule all describe them through here, so an error reads the
same and exits with the same code wherever it happens:

    0 ok · 2 bad input or usage · 3 a machine problem · 1 a bug
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from reportgen.cache import CHART, WEB
from reportgen.errors import ReportgenError, Severity, UsageError, ValidationFailed

if TYPE_CHECKING:
    from reportgen.build import BuildResult

BUG = "internal error (a bug); please report it with the text above"


class Kind(StrEnum):
    INPUT = "input"  # the data or settings are wrong: every problem is listed
    USAGE = "usage"  # the command line is wrong
    MACHINE = "machine"  # Chromium, disk, permissions
    BUG = "bug"


@dataclass(frozen=True, slots=True)
class Failure:
    """What went wrong, ready to print: `details` first (diagnostics or a traceback), then `reason`."""

    kind: Kind
    exit_code: int
    reason: str  # "3 error(s)", the error's own message, or BUG
    details: tuple[str, ...] = ()

    def lines(self, name: str = "") -> list[str]:
        """What a one-shot command prints on stderr (`name` prefixes the summary in a batch)."""
        who = f"{name}: " if name else ""
        if self.kind is Kind.INPUT:
            return [*self.details, f"{who}{self.reason}; nothing was written"]
        prefix = "error: " if self.kind is Kind.USAGE else ""
        return [*self.details, f"reportgen: {prefix}{who}{self.reason}"]


def failure(exc: BaseException) -> Failure:
    """The one mapping from an exception to words and an exit code."""
    if isinstance(exc, ValidationFailed):
        errors = sum(1 for d in exc.diagnostics if d.severity is Severity.ERROR)
        return Failure(
            Kind.INPUT, exc.exit_code, f"{errors} error(s)", tuple(str(d) for d in exc.diagnostics)
        )
    if isinstance(exc, UsageError):
        return Failure(Kind.USAGE, exc.exit_code, str(exc))
    if isinstance(exc, ReportgenError):
        return Failure(Kind.MACHINE if exc.exit_code == 3 else Kind.BUG, exc.exit_code, str(exc))
    text = "".join(traceback.format_exception(exc)).rstrip()
    return Failure(Kind.BUG, 1, BUG, (text,))


class Described(Protocol):
    """The part of a BuildResult a one-line description reads."""

    @property
    def redone(self) -> Sequence[str]: ...
    @property
    def seconds(self) -> float: ...
    @property
    def warnings(self) -> Sequence[object]: ...


def describe(names: Sequence[str]) -> str:
    """`6 charts, pack timeline, timeline.svg/.png/.html, briefing-pack.pdf` (charts counted,
    timeline formats joined)."""
    charts = [n for n in names if n.startswith(CHART)]
    web = [n for n in names if n.startswith(WEB)]
    timeline = [n.removeprefix("timeline") for n in names if n.startswith("timeline.")]
    parts = [charts[0] if len(charts) == 1 else f"{len(charts)} charts"] if charts else []
    if "timeline" in names:  # the pack's own drawing of the timeline (cache.TIMELINE_FIGURE)
        parts.append("pack timeline")
    if timeline:
        parts.append("timeline" + "/".join(timeline))
    if web:
        parts.append(f"{len(web)} web figure{'s' if len(web) != 1 else ''}")
    parts += [n for n in names if not n.startswith((CHART, "timeline", WEB))]
    return ", ".join(parts)


def summary_line(result: BuildResult) -> str:
    """`built output/briefing-pack.pdf (11 pages, OFFICIAL) in 4.2 s; redone: …` or `up to date: …`."""
    pack = result.outputs[0]
    marking = "" if result.marking == "NONE" else f", {result.marking}"
    if result.up_to_date:
        text = f"up to date: {pack} ({result.pages} pages{marking}), checked in {result.seconds:.2f} s"
    else:
        text = f"built {pack} ({result.pages} pages{marking}) in {result.seconds:.1f} s"
        text += f"; redone: {describe(result.redone)}" if result.redone else "; restored from the cache"
        if result.redone and result.reused:
            text += f"; reused: {describe(result.reused)}"
    if result.warnings:
        text += f"; {len(result.warnings)} warning(s)"
    return text


def rebuilt_line(result: Described) -> str:
    """What watch and schedule print: `rebuilt (timeline, chronology …) in 0.84 s` or `up to date`."""
    if not result.redone:
        text = "up to date"
    else:
        names = [Path(n).name or n for n in result.redone]
        shown = f" ({', '.join(names[:4])}{' …' if len(names) > 4 else ''})"
        text = f"rebuilt{shown} in {result.seconds:.2f} s"
    text += f"; {len(result.warnings)} warning(s)" if result.warnings else ""
    # what went wrong once the outputs were safe (a failed --on-change): watch and schedule say it here
    problems: Sequence[str] = getattr(result, "problems", ())
    return text + "".join(f"; warning: {p}" for p in problems)
