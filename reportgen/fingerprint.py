"""Canonical form and fingerprints: the same value gives the same digest in every process.

Fingerprints never depend on the process: no id(), no set order, no hash();
dataclasses are walked field by field and JSON keys are sorted. `code_digest()`
(`reportgen.codekey`) adds reportgen's version and source and the renderers' versions, so new code
never reuses an old drawing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.codekey import code_digest


@dataclass(frozen=True, slots=True)
class Canonical:
    """A value already in canonical form: `stable` passes it through without walking it again."""

    value: Any


def stable(obj: Any, drop: frozenset[str] = frozenset(), dropped: list[Any] | None = None) -> Any:
    """A JSON-ready form of `obj` that is the same in every process.

    Dataclasses become `{"@": class name, field: value…}` (fields named in `drop`
    left out, e.g. `loc`, which no figure draws; their canonical values are appended
    to `dropped`, in walk order, when given); dates become ISO text; enums their
    value; sets are sorted. The common types are tested first: a 10,000-event
    dataset is ~600,000 values.
    """
    kind = type(obj)
    if kind is str or kind is int or kind is bool or obj is None:
        return obj
    if kind is tuple or kind is list:
        return [stable(v, drop, dropped) for v in obj]
    if kind is float:
        return repr(obj)  # exact, and keeps 1 and 1.0 apart as the renderers do
    if kind is dt.date:
        return obj.isoformat()
    names = _field_names(kind)
    if names is not None:
        out = {"@": kind.__name__}
        for name in names:
            if name not in drop:
                out[name] = stable(getattr(obj, name), drop, dropped)
            elif dropped is not None:
                dropped.append(stable(getattr(obj, name)))
        return out
    return _stable_other(obj, drop, dropped)


def _stable_other(obj: Any, drop: frozenset[str], dropped: list[Any] | None) -> Any:
    if isinstance(obj, Canonical):
        return obj.value
    if isinstance(obj, enum.Enum):
        return stable(obj.value)
    if isinstance(obj, bool | int | str):
        return obj
    if isinstance(obj, float):
        return repr(obj)
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, Mapping):
        items = sorted(obj.items(), key=lambda kv: str(kv[0]))
        return {str(k): stable(v, drop, dropped) for k, v in items}
    if isinstance(obj, set | frozenset):
        return sorted((stable(v, drop, dropped) for v in obj), key=_json)
    if isinstance(obj, Sequence):
        return [stable(v, drop, dropped) for v in obj]
    raise TypeError(f"cannot fingerprint a {type(obj).__name__}")


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type (None for any other type), looked up once per type."""
    try:
        return _FIELDS[kind]
    except KeyError:
        names = tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None
        _FIELDS[kind] = names
        return names


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fingerprint(*parts: Any) -> str:
    """sha256 (hex) of the canonical form of `parts` and the code that renders them."""
    return hashlib.sha256(_json([code_digest(), *(stable(p) for p in parts)]).encode()).hexdigest()
