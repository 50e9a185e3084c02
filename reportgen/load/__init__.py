"""Load: the only reader of event files.

`load_dataset(paths)` reads every *.yaml, *.yml, *.csv and *.json (TimelineJS3)
file named or found directly in the given folders (sorted), turns each into raw
records that remember `path:line`, and hands them to `validate.build_dataset`.

    dataset, warnings = load_dataset([Path("events")])

Raises `ValidationFailed` (with every problem in every file) when any file has an error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from reportgen.errors import Diagnostic, error, warning
from reportgen.load import csv, timelinejs, yaml
from reportgen.model import Dataset, SourceLoc
from reportgen.validate import RawFile, build_dataset

__all__ = ["LOADERS", "find_inputs", "load_dataset", "load_file"]

LOADERS: dict[str, Callable[[str, bytes], RawFile]] = {
    ".yaml": yaml.load,
    ".yml": yaml.load,
    ".csv": csv.load,
    ".json": timelinejs.load,
}


def load_dataset(paths: Sequence[Path]) -> tuple[Dataset, list[Diagnostic]]:
    """Read, validate and merge every event file under `paths`; return the dataset and its warnings."""
    files, problems = find_inputs(paths)
    raws = [load_file(path) for path in files]
    if problems:
        raws.insert(0, RawFile(path="", diagnostics=problems))
    dataset, warnings = build_dataset(raws)
    # the placeholder carrying path problems is not an input file
    return replace(dataset, inputs=tuple(str(p) for p in files)), warnings


def find_inputs(paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """The event files named by `paths` (folders expanded, sorted) and problems with the paths themselves."""
    found: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        loc = SourceLoc(str(path), 0)
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() in LOADERS and _is_user_file(p))
            if not inside:
                problems.append(
                    warning(loc, "folder has no event files", "add *.yaml, *.csv or *.json files")
                )
            found += inside
        elif path.is_file():
            if path.suffix.lower() in LOADERS:
                found.append(path)
            else:
                problems.append(error(loc, f"cannot read {path.suffix or 'extensionless'} files", _KINDS))
        else:
            problems.append(error(loc, "no such file or folder", "check the --events path"))
    return list(dict.fromkeys(found)), problems


_KINDS = "use *.yaml, *.yml, *.csv or TimelineJS *.json"


def _is_user_file(path: Path) -> bool:
    # editor and spreadsheet lock/backup files are not inputs
    return path.is_file() and not path.name.startswith((".", "~$", "#"))


def load_file(path: Path) -> RawFile:
    """Read one file with the loader for its suffix; unreadable files become an error diagnostic."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return RawFile(
            name, diagnostics=[error(SourceLoc(name, 0), f"cannot read: {exc.strerror}", "check permissions")]
        )
    return LOADERS[path.suffix.lower()](name, data)
