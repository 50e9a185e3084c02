"""Inputs: the one place that knows what a build reads.

Which suffixes are data, how an events folder is walked, which names are editor or
spreadsheet junk, which other files count (the style, reportgen.toml), and what watch
must therefore watch. `gather(cfg)` reads every input file once; the fingerprint
(`cache.input_key`) and the loader (`load.load_inputs`) both take their bytes from it,
as Typst's World hands out file bytes.
"""

from __future__ import annotations

import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.config import BuildConfig
from reportgen.errors import Diagnostic, error, warning
from reportgen.output import TEMP_PREFIX
from reportgen.sourceloc import SourceLoc

BUILTIN_STYLES = Path(__file__).parent / "styles"  # a style name no project folder has

DATA_SUFFIXES: tuple[str, ...] = (".yaml", ".yml", ".csv", ".json", ".xlsx", ".xlsm", ".ods")
_KINDS = "use *.yaml, *.yml, *.csv, *.xlsx/*.ods workbooks or TimelineJS *.json"
_JUNK_SUFFIXES = (
    ".swp",
    ".swo",
    ".swx",
    ".swn",
    ".tmp",
    ".bak",
    ".orig",
    "~",
    "___jb_tmp___",
    "___jb_old___",
)
_JUNK_PREFIXES = (".#", ".~lock.", ".goutputstream-", TEMP_PREFIX, "~$", "#")


def is_editor_junk(name: str) -> bool:
    """True for swap, backup, lock and temp files editors and spreadsheets write next to the real one."""
    return name == "4913" or name.endswith(_JUNK_SUFFIXES) or name.startswith(_JUNK_PREFIXES)


def _is_data(path: Path) -> bool:
    return (
        path.suffix.lower() in DATA_SUFFIXES
        and not path.name.startswith(".")
        and not is_editor_junk(path.name)
    )


def _quietly_skipped(path: Path) -> bool:
    """Hidden files, editor junk and a folder's own notes (README, *.md) are not data."""
    name = path.name
    return (
        name.startswith(".")
        or is_editor_junk(name)
        or name.upper().startswith("README")
        or name.endswith(".md")
    )


def _skipped(path: Path) -> str:
    if path.suffix.lower() == ".xls":
        return "save it as .xlsx (Excel 97-2003 workbooks are not read)"
    return f"{_KINDS}; move other files out of the events folder"


@dataclass(frozen=True, slots=True)
class Listing:
    """The event files that `paths` name (folders expanded, sorted) and problems with the paths."""

    files: tuple[Path, ...]
    problems: tuple[Diagnostic, ...] = ()
    folders: tuple[Path, ...] = ()  # folders walked, for watch and the fingerprint


def list_inputs(paths: Sequence[Path]) -> Listing:
    """The event files under `paths`; what is not an event file is a problem that says so."""
    found: list[Path] = []
    folders: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        loc = SourceLoc(str(path), 0)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            problems.append(error(loc, "no such file or folder", "check the --events path"))
            continue
        except OSError as exc:
            problems.append(error(loc, f"cannot read: {exc.strerror}", "check permissions"))
            continue
        if stat.S_ISDIR(mode):
            folders.append(path)
            entries = sorted(p for p in path.iterdir() if p.is_file())
            inside = [p for p in entries if _is_data(p)]
            if not inside:
                problems.append(
                    warning(loc, "folder has no event files", "add *.yaml, *.csv or *.json files")
                )
            for other in entries:  # nothing in an events folder is skipped without a word (but its notes)
                if other not in inside and not _quietly_skipped(other):
                    problems.append(
                        warning(SourceLoc(str(other), 0), "not read: not an event file", _skipped(other))
                    )
            found += inside
        elif not stat.S_ISREG(mode):
            kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
            problems.append(error(loc, f"is {kind}, not an event file", _KINDS))
        elif path.suffix.lower() in DATA_SUFFIXES:
            found.append(path)
        else:
            problems.append(error(loc, f"cannot read {path.suffix or 'extensionless'} files", _KINDS))
    return Listing(tuple(dict.fromkeys(found)), tuple(problems), tuple(folders))


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything one build reads, each file read once: event files' bytes, the style and config."""

    listing: Listing
    data: dict[Path, bytes | OSError] = field(hash=False)  # each file's bytes, or why not
    extra: tuple[Path, ...] = ()  # the style file (when one) and reportgen.toml

    @property
    def files(self) -> tuple[Path, ...]:
        return self.listing.files

    @property
    def names(self) -> tuple[str, ...]:
        """Every file read, as the build reports and watch watches them."""
        return tuple(dict.fromkeys(str(p) for p in (*self.files, *self.extra)))


def read_all(paths: Sequence[Path], extra: Sequence[Path] = ()) -> Inputs:
    """List the event files under `paths` and read each one (unreadable ones keep their OSError)."""
    listing = list_inputs(paths)
    data: dict[Path, bytes | OSError] = {}
    for path in (*listing.files, *extra):
        try:
            data[path] = path.read_bytes()
        except OSError as exc:
            data[path] = exc
    return Inputs(listing, data, tuple(extra))


def find_style(name: str, styles_dir: Path | None = None) -> Path | None:
    """The file a style name resolves to (styles/<name>.toml, then the built-in copy), or None."""
    candidates = [Path(name)] if name.endswith(".toml") else []
    if styles_dir is not None:
        candidates.append(styles_dir / f"{name}.toml")
    candidates.append(BUILTIN_STYLES / f"{name}.toml")
    return next((path for path in candidates if path.is_file()), None)


def gather(cfg: BuildConfig, events: Sequence[Path] | None = None) -> Inputs:
    """What a build of `cfg` reads: its event files (or `events`), style file and config."""
    style = find_style(cfg.style, cfg.styles_dir)
    inputs = read_all(list(cfg.events) if events is None else events, [style] if style else [])
    if cfg.config_path is None:
        return inputs
    # reportgen.toml was read once already, to make `cfg`: its bytes came along
    data = {**inputs.data, cfg.config_path: cfg.config_bytes}
    return Inputs(inputs.listing, data, (*inputs.extra, cfg.config_path))
