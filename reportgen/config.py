"""BuildConfig: every setting a build depends on, read and validated once.

Settings come from `reportgen.toml` in the project folder, overridden by the
command line. Unknown keys are errors (typos should not silently do nothing).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportgen import clock
from reportgen.errors import UsageError, ValidationFailed, error
from reportgen.model import MARKINGS, SourceLoc
from reportgen.toml_errors import toml_problem

CONFIG_NAME = "reportgen.toml"
_KEYS = {"title", "subject", "prepared_by", "version", "as_of", "style", "marking", "events", "out"}


@dataclass(frozen=True, slots=True)
class BuildConfig:
    root: Path
    events: tuple[Path, ...]
    out_dir: Path
    as_of: dt.date
    style: str = "default"
    title: str = ""  # empty: take the dataset's title
    subject: str = ""
    prepared_by: str = ""
    version: str = "1.0"
    marking: str | None = None  # None: take the style's marking
    config_path: Path | None = None

    @property
    def styles_dir(self) -> Path:
        return self.root / "styles"

    def with_overrides(self, **changes: Any) -> BuildConfig:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def parse_iso_day(text: str, what: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise UsageError(f"{what} {text!r} is not a day; write it as YYYY-MM-DD, e.g. 2025-10-15") from None


def load_config(
    root: Path | None = None,
    *,
    events: list[Path] | None = None,
    out_dir: Path | None = None,
    as_of: dt.date | None = None,
    style: str | None = None,
    marking: str | None = None,
) -> BuildConfig:
    """Read `reportgen.toml` under `root` (if any) and apply command-line overrides."""
    root = (root or Path.cwd()).resolve()
    path = root / CONFIG_NAME
    data: dict[str, Any] = {}
    if path.is_file():
        data = _read_toml(path)
    section = data.get("pack", {})
    loc = SourceLoc(str(path), 1)
    unknown = sorted(set(section) - _KEYS) + sorted(set(data) - {"pack"})
    if unknown:
        raise ValidationFailed(
            [
                error(
                    loc,
                    f"unknown setting(s) {', '.join(unknown)}",
                    f"known: {', '.join(sorted(_KEYS))} under [pack]",
                )
            ]
        )
    cfg_as_of = section.get("as_of")
    if isinstance(cfg_as_of, str):
        cfg_as_of = parse_iso_day(cfg_as_of, f"{path}: as_of")
    chosen_marking = marking or section.get("marking")
    if chosen_marking is not None and chosen_marking not in MARKINGS:
        raise UsageError(f"marking {chosen_marking!r} is not one of {', '.join(MARKINGS)}")
    # Paths under the current folder stay relative so messages read `events/x.yaml:12`, not /abs/…
    base = Path() if root == Path.cwd().resolve() else root
    default_events = [base / p for p in section.get("events", ["events"])]
    return BuildConfig(
        root=root,
        events=tuple(events or default_events),
        out_dir=(out_dir or base / section.get("out", "output")),
        as_of=clock.today(as_of or cfg_as_of),
        style=style or section.get("style", "default"),
        title=section.get("title", ""),
        subject=section.get("subject", ""),
        prepared_by=section.get("prepared_by", ""),
        version=str(section.get("version", "1.0")),
        marking=chosen_marking,
        config_path=path if path.is_file() else None,
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValidationFailed(
            [error(SourceLoc(str(path), 1), "not UTF-8 text", "save the file as UTF-8")]
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = toml_problem(exc, text)
        hint = "check quotes and [section] names"
        raise ValidationFailed(
            [error(SourceLoc(str(path), line), f"not valid TOML: {message}", hint)]
        ) from None
