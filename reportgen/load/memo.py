"""What a loader read from a file, kept by the file's bytes, so an unchanged file is not parsed again.

A one-shot build after one event is added re-reads every event file; parsing the default
project's YAML with line numbers and checking it against the schema is a fifth of such a
build. `Memo` keeps each YAML file's `RawFile` (`load.MEMO_SUFFIXES`) in
`<out>/.cache/parsed/`, keyed by a digest of the file's name, bytes, the reading options and
reportgen's code, so a changed file, option or reportgen is a miss. Entries are JSON (dates
tagged), never pickles: a cache folder can be shared, and reading it must not run anything.
What cannot be written as JSON is not kept.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from reportgen.errors import Diagnostic, Severity
from reportgen.output import write_atomic
from reportgen.sourceloc import SourceLoc
from reportgen.validate import RawFile
from reportgen.validate.records import DateParts, RawRecord

FOLDER = "parsed"


class Memo:
    """Parsed files by digest in `folder`; `used` lists this build's keys (the rest are pruned).

    Reads come from the folder at once; writes wait for `save`, which a build calls once it
    has succeeded, so bad data or `validate` never creates a folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.pending: dict[str, bytes] = {}

    def key(self, name: str, data: bytes, options: Any) -> str:
        from reportgen.codekey import code_digest

        digest = hashlib.sha256(f"{code_digest()}\0{name}\0{options!r}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> RawFile | None:
        self.used.add(key)
        try:
            raw = json.loads((self.folder / f"{key}.json").read_bytes(), object_hook=_untag)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent, or not ours: parse again
        return raw if isinstance(raw, RawFile) else None

    def put(self, key: str, raw: RawFile) -> None:
        """Keep `raw` for `save` (nothing is written before the build has succeeded)."""
        # a value JSON cannot hold is not kept: parsed again next time, which is only slower
        with contextlib.suppress(TypeError, ValueError):
            self.pending[key] = json.dumps(_plain(raw), ensure_ascii=False, allow_nan=False).encode()

    def save(self) -> None:
        """Write what was parsed and forget files this build did not read (one entry per input)."""
        with contextlib.suppress(OSError):  # a cache that cannot be written costs time, not data
            if self.pending:
                self.folder.mkdir(parents=True, exist_ok=True)
            for key, data in self.pending.items():
                write_atomic(self.folder / f"{key}.json", data)
            for path in self.folder.glob("*.json"):
                if path.stem not in self.used:
                    path.unlink(missing_ok=True)
        self.pending = {}


def _plain(value: Any) -> Any:
    kind = _KINDS.get(type(value).__name__)
    if kind is not None and type(value) is kind:
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {f"${type(value).__name__}": fields}
    if isinstance(value, Severity):
        return {"$severity": value.name}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, set | frozenset):
        return {"$set": sorted(_plain(v) for v in value)}
    if isinstance(value, tuple):
        return {"$tuple": [_plain(v) for v in value]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _plain(v) for k, v in value.items()}
        return {"$items": [[_plain(k), _plain(v)] for k, v in value.items()]}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"{type(value).__name__} is not kept")


def _untag(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        ((tag, value),) = obj.items()
        if tag == "$date":
            return dt.date.fromisoformat(value)
        if tag == "$datetime":
            return dt.datetime.fromisoformat(value)
        if tag == "$set":
            return set(value)
        if tag == "$tuple":
            return tuple(value)
        if tag == "$items":
            return {_hashable(k): v for k, v in value}
        if tag == "$severity":
            return Severity[value]
        kind = _KINDS.get(tag[1:]) if tag.startswith("$") else None
        if kind is not None:
            return kind(**value)
    return obj


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key


_KINDS: dict[str, Any] = {k.__name__: k for k in (RawFile, RawRecord, SourceLoc, Diagnostic, DateParts)}
