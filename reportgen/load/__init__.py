"""Load: turns event files' bytes into raw records that remember `path:line`.

`load_dataset(paths)` reads every event file named or found directly in the given
folders (which files count is `reportgen.inputs`' rule), turns each into raw records
and hands them to `validate.build_dataset`. `load_inputs(inputs)` does the same
from bytes a build has already read.

    dataset, warnings = load_dataset([Path("events")])

Raises `ValidationFailed` (with every problem in every file) when any file has an error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reportgen.errors import Diagnostic, error
from reportgen.inputs import Inputs, read_all
from reportgen.load import csv, timelinejs, workbook, yaml
from reportgen.load.memo import Memo
from reportgen.model import Dataset
from reportgen.sourceloc import SourceLoc
from reportgen.validate import RawFile, build_dataset

__all__ = ["LOADERS", "LoadOptions", "Memo", "load_dataset", "load_events", "load_inputs"]

LOADERS: dict[str, Callable[[str, bytes], RawFile]] = {
    ".yaml": yaml.load,
    ".yml": yaml.load,
    ".csv": csv.load,
    ".json": timelinejs.load,
    **{suffix: workbook.load for suffix in workbook.SUFFIXES},
}


def load_dataset(paths: Sequence[Path]) -> tuple[Dataset, list[Diagnostic]]:
    """Read, validate and merge every event file under `paths`; return the dataset and its warnings."""
    return load_inputs(read_all(paths))


def load_events(paths: Sequence[Path | str]) -> Dataset:
    """The validated Dataset of every event file under `paths` (ValidationFailed lists every problem)."""
    return load_dataset([Path(p) for p in paths])[0]


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """How to read spreadsheets: our column names → the file's headers, and the events sheet."""

    columns: tuple[tuple[str, str], ...] = ()
    sheet: str = ""


def load_inputs(
    inputs: Inputs,
    extra: Sequence[RawFile] = (),
    options: LoadOptions = LoadOptions(),
    memo: Memo | None = None,
) -> tuple[Dataset, list[Diagnostic]]:
    """Validate and merge the event files `inputs` holds, and `extra` records (config facts).

    `memo` keeps what each file parsed to, so an unchanged file is not parsed again."""
    raws = [*(_remembered(path, inputs.data[path], options, memo) for path in inputs.files), *extra]
    if inputs.listing.problems:
        raws.insert(0, RawFile(path="", diagnostics=list(inputs.listing.problems)))
    dataset, warnings = build_dataset(raws)
    # the placeholder carrying path problems is not an input file
    return replace(dataset, inputs=tuple(str(p) for p in inputs.files)), warnings


# Only YAML is worth keeping: reading it with line numbers and the schema takes ~30 ms for
# the default events and reading the memo back ~1 ms. A CSV, workbook or TimelineJS JSON is
# read about as fast as its memo (10,000 CSV rows: 0.2 s either way), and writing the memo
# of 10,000 rows took 0.5 s of a cold build.
MEMO_SUFFIXES = frozenset({".yaml", ".yml"})


def _remembered(path: Path, data: bytes | OSError, options: LoadOptions, memo: Memo | None) -> RawFile:
    if memo is None or isinstance(data, OSError) or path.suffix.lower() not in MEMO_SUFFIXES:
        return _parse(path, data, options)
    key = memo.key(str(path), data, (path.suffix.lower(), options))
    raw = memo.get(key)
    if raw is None:
        raw = _parse(path, data, options)
        memo.put(key, raw)
    return raw


def _parse(path: Path, data: bytes | OSError, options: LoadOptions = LoadOptions()) -> RawFile:
    name = str(path)
    if isinstance(data, OSError):
        problem = error(SourceLoc(name, 0), f"cannot read: {data.strerror}", "check permissions")
        return RawFile(name, diagnostics=[problem])
    suffix = path.suffix.lower()
    columns = dict(options.columns)
    if suffix == ".csv":
        return csv.load(name, data, columns)
    if suffix in workbook.SUFFIXES:
        return workbook.load(name, data, columns, options.sheet)
    return LOADERS[suffix](name, data)
