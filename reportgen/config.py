"""BuildConfig: every setting a build depends on, read and validated once.

Settings come from `reportgen.toml` in the project folder, overridden by the
command line. Unknown keys are errors (typos should not silently do nothing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen import clock
from reportgen import tomlfile as tf
from reportgen.errors import UsageError, ValidationFailed, error
from reportgen.markings import MARKINGS
from reportgen.sourceloc import SourceLoc
from reportgen.tomlfile import Fields, read_toml

if TYPE_CHECKING:
    from reportgen.validate.records import RawRecord

CONFIG_NAME = "reportgen.toml"
_KEYS = {
    "title", "subject", "prepared_by", "version", "as_of", "style", "marking", "events", "out", "sheet",
    "from", "to", "accessible", "editions", "keep_editions", "on_change",
    "owner", "approved_by", "handling", "distribution", "review_days",
}  # fmt: skip
_CONTROL = ("owner", "approved_by", "handling", "distribution", "review_days")  # document control
COLUMN_NAMES = (
    "title",
    "date",
    "end",
    "description",
    "lane",
    "source",
    "url",
    "status",
    "importance",
    "tags",
    "id",
    "short_title",
)


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
    config_bytes: bytes = field(default=b"", repr=False)  # reportgen.toml as read (fingerprinted)
    overrides: tuple[tuple[str, Any], ...] = ()  # what the command line set, kept by `reload`
    columns: tuple[tuple[str, str], ...] = ()  # our column name → a spreadsheet's own header
    sheet: str = ""  # a workbook's events sheet, when not "Events"
    window: tuple[dt.date | None, dt.date | None] = (None, None)  # the timeline's from and to days
    accessible: bool = True  # also write the accessible edition (briefing-pack.html, a tagged PDF)
    editions: bool = True  # record an edition in out/editions/ whenever the data changed
    keep_editions: int = 0  # the newest N editions are kept (0: every one)
    on_change: str = ""  # a shell command run after each new edition
    control: tuple[tuple[str, Any], ...] = ()  # owner, approved_by, handling, distribution, review_days

    @property
    def styles_dir(self) -> Path:
        return self.root / "styles"

    @classmethod
    def from_project(cls, root: Path | str = ".", **overrides: Any) -> BuildConfig:
        """The settings of the project at `root` (its reportgen.toml), with `overrides` on top.

        Overrides take `load_config`'s names: events, out_dir, as_of, style, marking.
        """
        return load_config(Path(root), **overrides)

    def reload(self) -> BuildConfig:
        """The settings as they are now: reportgen.toml read again, the same command-line overrides.

        Watch and schedule build from this each time, so an edited config (or a new day,
        when no as-of is fixed) takes effect.
        """
        given: dict[str, Any] = {k: list(v) if k == "events" else v for k, v in self.overrides}
        return load_config(self.root, **given)

    def with_overrides(self, **changes: Any) -> BuildConfig:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_MARKING_HINT = "NONE, OFFICIAL, OFFICIAL-SENSITIVE, SECRET or TOP SECRET"


def load_config(
    root: Path | None = None,
    *,
    events: list[Path] | None = None,
    out_dir: Path | None = None,
    as_of: dt.date | None = None,
    style: str | None = None,
    marking: str | None = None,
    columns: Sequence[tuple[str, str]] | None = None,
    sheet: str | None = None,
    window_from: str | None = None,
    window_to: str | None = None,
    accessible: bool | None = None,
    keep_editions: int | None = None,
    on_change: str | None = None,
) -> BuildConfig:
    """Read `reportgen.toml` under `root` (if any) and apply command-line overrides.

    Raises:
        UsageError: `root` is not a folder, or `marking` (from the command line) is unknown.
        ValidationFailed: every problem in reportgen.toml, each at its line.
    """
    given = {"events": events, "out_dir": out_dir, "as_of": as_of, "style": style, "marking": marking,
             "columns": tuple(columns) if columns else None, "sheet": sheet,
             "window_from": window_from, "window_to": window_to, "accessible": accessible,
             "keep_editions": keep_editions, "on_change": on_change}  # fmt: skip
    root = (root or Path.cwd()).resolve()
    if root.exists() and not root.is_dir():
        raise UsageError(f"--project {root} is not a folder; give the folder that holds {CONFIG_NAME}")
    if marking is not None and marking.upper() not in MARKINGS:
        raise UsageError(f"--marking {marking!r} is not one of {_MARKING_HINT}")
    path = root / CONFIG_NAME
    raw = _read_bytes(path) if path.is_file() else b""
    section = _read_pack(path, raw) if path.is_file() else {}
    # Paths under the current folder stay relative so messages read `events/x.yaml:12`, not /abs/…
    base = Path() if root == Path.cwd().resolve() else root
    default_events = [base / p for p in section.get("events", ["events"])]
    return BuildConfig(
        root=root,
        events=tuple(events or default_events),
        out_dir=(out_dir or base / section.get("out", "output")),
        as_of=clock.today(as_of or section.get("as_of")),
        style=style or section.get("style", "default"),
        title=section.get("title", ""),
        subject=section.get("subject", ""),
        prepared_by=section.get("prepared_by", ""),
        version=section.get("version", "1.0"),
        marking=marking.upper() if marking is not None else section.get("marking"),
        config_path=path if path.is_file() else None,
        config_bytes=raw,
        columns=tuple({**dict(section.get("columns", ())), **dict(columns or ())}.items()),
        sheet=sheet or section.get("sheet", ""),
        window=_window(window_from or section.get("from"), window_to or section.get("to")),
        accessible=accessible if accessible is not None else section.get("accessible", True),
        editions=section.get("editions", True),
        keep_editions=keep_editions if keep_editions is not None else section.get("keep_editions", 0),
        on_change=on_change if on_change is not None else section.get("on_change", ""),
        control=tuple((k, section[k]) for k in _CONTROL if k in section),
        overrides=tuple(
            (k, tuple(v) if isinstance(v, list) else v) for k, v in given.items() if v is not None
        ),
    )


def _window(first: Any, last: Any) -> tuple[dt.date | None, dt.date | None]:
    """`--from`/`--to` (or `from`/`to`): fuzzy dates, from the earliest day of one to the last of
    the other ("2017" → 1 Jan 2017, "2025" → 31 Dec 2025)."""
    out: list[dt.date | None] = []
    for name, value, end in (("--from", first, False), ("--to", last, True)):
        if value is None or str(value).strip() == "":
            out.append(None)
            continue
        from reportgen.dates import parse_date  # here: the date parser costs a no-op build 20 ms
        from reportgen.errors import DateError

        try:
            when = parse_date(value if isinstance(value, dt.date) else str(value).strip())
        except DateError as exc:
            raise UsageError(
                f"{name} {value!r} is not a date ({exc}); write e.g. 2017, Jan 2023 or 2023-01-16"
            ) from None
        out.append(when.latest if end else when.earliest)
    if out[0] and out[1] and out[0] > out[1]:
        raise UsageError(f"--from {first} is after --to {last}; give the earlier date first")
    return out[0], out[1]


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ValidationFailed([error(SourceLoc(str(path), 0), f"cannot read: {exc.strerror}")]) from None


def _read_pack(path: Path, raw: bytes) -> dict[str, Any]:
    """The checked `[pack]` settings of reportgen.toml; every problem at its line, in one round.

    `[summary]` facts are checked with the data (they cite its sources and events): `config_facts`.
    """
    doc = read_toml(str(path), raw)
    top = Fields(doc)
    top.unknown(["pack", "summary", "columns"], "top-level")
    f = Fields(doc, ["pack"])
    if not isinstance(doc.data.get("pack", {}), dict):
        top.error("pack", "pack must be a table", "write the settings under a [pack] line")
    f.unknown(sorted(_KEYS), "[pack]")
    section: dict[str, Any] = {}
    cols = Fields(doc, ["columns"])
    cols.unknown(COLUMN_NAMES, "[columns]")
    mapped = {key: cols.get(key, tf.text) for key in COLUMN_NAMES if key in cols.values()}
    section["columns"] = tuple((k, v) for k, v in mapped.items() if v)
    for key in ("from", "to"):
        if (value := f.get(key, tf.fuzzy_date)) is not None:
            section[key] = value
    for key in ("title", "subject", "prepared_by", "style", "out", "sheet", "on_change", *_CONTROL[:-1]):
        if (value := f.get(key, tf.text)) is not None:
            section[key] = value
    for key, kind in (
        ("version", tf.text_or_number),
        ("events", tf.paths),
        ("as_of", tf.day),
        ("marking", tf.choice(MARKINGS, upper=True)),
        ("accessible", tf.boolean),
        ("editions", tf.boolean),
        ("keep_editions", tf.number(0, 100_000, integer=True)),
        ("review_days", tf.number(1, 3660, integer=True)),
    ):
        if (value := f.get(key, kind)) is not None:
            section[key] = value
    summary = Fields(doc, ["summary"])
    summary.unknown(["facts"], "[summary]")
    facts = doc.data.get("summary", {}).get("facts", []) if isinstance(doc.data.get("summary"), dict) else []
    if not isinstance(facts, list) or not all(isinstance(x, dict) for x in facts):
        summary.error(
            "facts", "facts must be a list of tables", 'write [[summary.facts]] then label = "…", value = "…"'
        )
    problems = top.problems + f.problems + summary.problems + cols.problems
    if problems:
        raise ValidationFailed(sorted(problems, key=lambda d: d.loc.line))
    return section


def config_facts(cfg: BuildConfig) -> list[RawRecord]:
    """The `[[summary.facts]]` of reportgen.toml as raw records with their lines, for validation."""
    if cfg.config_path is None or b"summary" not in cfg.config_bytes:
        return []
    from reportgen.validate.records import RawRecord  # validation's imports stay off the no-op path

    doc = read_toml(str(cfg.config_path), cfg.config_bytes)
    summary = doc.data.get("summary", {})
    records = []
    for i, fact in enumerate(summary.get("facts", []) if isinstance(summary, dict) else []):
        if isinstance(fact, dict):
            at = doc.at("summary", "facts", str(i))
            lines = {k: doc.at("summary", "facts", str(i), k).line for k in fact}
            records.append(RawRecord(at, dict(fact), lines))
    return records
