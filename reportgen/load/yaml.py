"""YAML events files → raw records with line numbers.

Parsed with ruamel.yaml's round-trip loader, which builds plain data only (never
Python objects) and keeps the line of every key and list item. Dates are left as
the text the user wrote (YAML's own timestamp parsing would turn `2025-02-30`
into a crash rather than a message). Structure is checked by `reportgen.schema`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarbool import ScalarBoolean

from reportgen.errors import Diagnostic, error, warning
from reportgen.schema import SECTIONS, check_document
from reportgen.sourceloc import SourceLoc
from reportgen.validate import RawFile, RawRecord

_MAX_NODES = 300_000  # guards against alias bombs ("billion laughs")
_NESTED = ("alt_dates", "points")


class _TextDates(RoundTripConstructor):
    """Round-trip constructor that keeps timestamps as the text written."""


_TextDates.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _parser() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _TextDates
    return yaml


class _TooBig(Exception):
    pass


def load(path: str, data: bytes) -> RawFile:
    """Parse one YAML file; problems become diagnostics of the returned RawFile."""
    raw = RawFile(path)
    text = decode(path, data, raw.diagnostics)
    if text is None:
        return raw
    try:
        tree = _parser().load(text)
        plain = _plain(tree, [0])
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "syntax error"
        raw.diagnostics.append(error(SourceLoc(path, line), f"not valid YAML: {problem}", _YAML_HINT))
        return raw
    except (YAMLError, ValueError, TypeError) as exc:
        raw.diagnostics.append(error(SourceLoc(path, 1), f"not valid YAML: {exc}", _YAML_HINT))
        return raw
    except (RecursionError, _TooBig):
        raw.diagnostics.append(
            error(SourceLoc(path, 1), "YAML is nested too deeply or too large", "simplify it")
        )
        return raw
    if plain is None:
        raw.diagnostics.append(
            warning(SourceLoc(path, 1), "file is empty", "add `events:` or delete the file")
        )
        return raw
    _fill(raw, tree, plain)
    return raw


_YAML_HINT = "check the indentation and quote values containing ': ' or '#'"


def decode(
    path: str, data: bytes, diagnostics: list[Diagnostic], hint: str = "save the file as UTF-8"
) -> str | None:
    """UTF-8 text of a file (a BOM is fine), or None after recording why it is not text."""
    if b"\x00" in data:  # text files never hold NUL bytes: this is an image, archive, spreadsheet…
        before = data[: data.index(b"\x00")]
        try:  # a text file with a stray NUL: say where it is; a binary file: line 1
            line = before.decode("utf-8").count("\n") + 1
        except UnicodeDecodeError:
            line = 1
        diagnostics.append(error(SourceLoc(path, line), "binary data, not text", hint))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diagnostics.append(error(SourceLoc(path, line), "not UTF-8 text", hint))
        return None


def _plain(node: Any, budget: list[int]) -> Any:
    """ruamel's round-trip types → dict/list/str/int/float/bool/None (what the schema checks)."""
    budget[0] += 1
    if budget[0] > _MAX_NODES:
        raise _TooBig
    if isinstance(node, dict):
        return {k if isinstance(k, str) else str(k): _plain(v, budget) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_plain(v, budget) for v in node]
    if isinstance(node, bool | ScalarBoolean):
        return bool(node)
    if node is None:
        return None
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, dt.date):
        return node.isoformat()
    return str(getattr(node, "value", node))


def _line(tree: Any, path: tuple[str | int, ...], line: int = 1) -> int:
    """1-based line of the deepest existing node along `path` (its key, or its list item)."""
    node: Any = tree
    for part in path:
        try:
            if isinstance(node, CommentedMap) and isinstance(part, str):
                line, node = node.lc.key(part)[0] + 1, node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int):
                line, node = node.lc.item(part)[0] + 1, node[part]
            else:
                break
        except (AttributeError, KeyError, IndexError, TypeError):
            break
    return line


def _fill(raw: RawFile, tree: Any, plain: Any) -> None:
    """Report structure problems, then turn what is well formed into raw records.

    Only the broken parts are left out (a mistyped key, not its whole event), so the
    meaning of everything else is still checked and all problems show in one run.
    """
    for problem in check_document(plain):
        loc = SourceLoc(raw.path, _line(tree, problem.path))
        hint = _comma_in_flow(tree, plain, problem.path) or problem.hint
        raw.diagnostics.append(error(loc, problem.message, hint))
        if not problem.path or not isinstance(plain, dict):
            return
        _prune(plain, problem.path)
    raw.meta = _record(raw.path, tree, {k: v for k, v in plain.items() if k not in SECTIONS}, 1)
    for section in SECTIONS:
        items = plain.get(section)
        if isinstance(items, list):
            records = [
                _record(raw.path, tree[section][i], item, _line(tree, (section, i)))
                for i, item in enumerate(items)
                if item is not _DROP
            ]
            getattr(raw, section).extend(records)


def _comma_in_flow(tree: Any, plain: Any, path: tuple[str | int, ...]) -> str:
    """In `{date: 2024, title: Police, Fire and Crime Panel}` a comma ends the title and starts a
    key: say to quote the value, with the fixed text, rather than "unknown key"."""
    if len(path) < 2 or not isinstance(path[-1], str):
        return ""
    node: Any = tree
    value: Any = plain
    for part in path[:-1]:
        try:
            node, value = node[part], value[part]
        except (KeyError, IndexError, TypeError):
            return ""
    if not (isinstance(node, CommentedMap) and node.fa.flow_style() and isinstance(value, dict)):
        return ""
    keys = list(value)
    at = keys.index(path[-1]) if path[-1] in keys else 0
    if at == 0 or value[path[-1]] is not None or not isinstance(value[keys[at - 1]], str):
        return ""
    before = keys[at - 1]
    joined = f"{value[before]}, {path[-1]}".replace('"', '\\"')
    return f'a comma ends a value inside {{…}}: quote it, e.g. {before}: "{joined}"'


_DROP = object()  # a list item left out; lists keep their length so indices still match the YAML tree


def _prune(doc: dict[str, Any], path: tuple[str | int, ...]) -> None:
    """Leave out the part of `doc` at `path`: a key, a record, or a nested item (alt date, point)."""
    if len(path) == 1 or len(path) == 2:
        # a broken section or a record missing a required key / not a mapping
        if len(path) == 1:
            doc.pop(str(path[0]), None)
        else:
            doc[str(path[0])][path[1]] = _DROP
        return
    record = doc[str(path[0])][path[1]]
    if record is _DROP:
        return
    key = str(path[2])
    if key in _NESTED and len(path) >= 4 and isinstance(record.get(key), list):
        item = record[key][path[3]]
        if len(path) == 4 and item is not _DROP:
            record[key][path[3]] = _DROP
        elif isinstance(item, dict):
            _drop_key(item, str(path[4]))
        return
    _drop_key(record, key)


_REPORTED = "\x00reported"  # cannot be a YAML key we keep: names keys whose problem is already reported


def _drop_key(record: dict[str, Any], key: str) -> None:
    record.pop(key, None)
    record.setdefault(_REPORTED, set()).add(key)


def _record(path: str, node: Any, plain: dict[str, Any], line: int) -> RawRecord:
    """A raw record with the line of each key; alt_dates and points become nested records."""
    data = dict(plain)
    reported = data.pop(_REPORTED, set())
    lines = {key: _line(node, (key,), line) for key in data}
    for key in _NESTED:
        if isinstance(plain.get(key), list):
            data[key] = [
                _record(path, node[key][i], p, _line(node, (key, i), line))
                for i, p in enumerate(plain[key])
                if p is not _DROP
            ]
    return RawRecord(SourceLoc(path, line), data, lines, reported)
