"""`reportgen add`: append one validated event to a YAML events file, keeping its comments and order.

The file is edited with ruamel.yaml's round-trip mode (comments, key order,
quoting and indentation kept). The candidate text is validated with the whole
dataset *before* the real file is touched: it is written to a temporary copy,
`load_dataset` reads every event file with that copy in place of the real one
(so bad dates, unknown sources and duplicate ids are all caught with the same
messages `reportgen validate` prints), and only then is the real file replaced
atomically. On any error the file is left byte-identical.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from reportgen.config import BuildConfig
from reportgen.errors import Diagnostic, UsageError, ValidationFailed, error
from reportgen.sourceloc import SourceLoc

# Field order in the written event: as in docs/format.md.
FIELD_ORDER = (
    "id", "date", "end", "title", "short_title", "description",
    "lane", "status", "importance", "tags", "sources",
)  # fmt: skip
_LISTS = ("tags", "sources")
HEADER = "# Events for reportgen (format: docs/format.md). Entries below were added by `reportgen add`.\n"


def _yaml(indent: int = 4, block_seq_indent: int = 2) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the user's long lines
    yaml.indent(mapping=indent, sequence=indent, offset=block_seq_indent)
    return yaml


def _parse(path: Path, text: str) -> tuple[Any, Any]:
    """The round-trip tree of `text` and a YAML dumper matching its indentation."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.util import load_yaml_guess_indent

    try:
        _, indent, block_seq_indent = load_yaml_guess_indent(text)
        yaml = _yaml(indent or 4, 2 if block_seq_indent is None else block_seq_indent)
        tree = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or "syntax error"
        raise _failed(path, line, f"not valid YAML: {problem}", "fix it, then add again") from None
    except YAMLError as exc:
        raise _failed(path, 1, f"not valid YAML: {exc}", "fix it, then add again") from None
    return tree, yaml


def _failed(path: Path, line: int, message: str, hint: str) -> ValidationFailed:
    return ValidationFailed([error(SourceLoc(str(path), line), message, hint)])


def _new_event(fields: Mapping[str, Any]) -> Any:
    """The event as a ruamel mapping in the documented key order; lists written inline."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    event = CommentedMap()
    for key in sorted(fields, key=lambda k: (FIELD_ORDER.index(k) if k in FIELD_ORDER else 99, k)):
        value = fields[key]
        if key in _LISTS:
            value = CommentedSeq(value if isinstance(value, list | tuple) else [value])
            value.fa.set_flow_style()
        event[key] = value
    return event


def _trailing_slot(node: Any) -> tuple[Any, Any, int] | None:
    """Where ruamel keeps the comment after `node`'s last line: (container, key, position)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap) and node:
        key = list(node)[-1]
        return _trailing_slot(node[key]) or (node, key, 2)
    if isinstance(node, CommentedSeq) and node and not node.fa.flow_style():
        return _trailing_slot(node[-1]) or (node, len(node) - 1, 0)
    return None


def _move_trailing_comment(previous: Any, new: Any) -> None:
    """Keep comments and blank lines that followed the old last event *after* the new one."""
    from ruamel.yaml.tokens import CommentToken

    old, dest = _trailing_slot(previous), _trailing_slot(new)
    if old is None or dest is None:
        return
    holder, key, pos = old
    entry = holder.ca.items.get(key)
    token = entry[pos] if entry and len(entry) > pos else None
    if not isinstance(token, CommentToken) or "\n" not in token.value:
        return
    head, tail = token.value.split("\n", 1)
    if not tail:
        return
    token.value = head + "\n"  # the old event keeps its end-of-line comment
    slot: list[Any] = [None, None, None, None]
    slot[dest[2]] = CommentToken(tail, token.start_mark, None)
    dest[0].ca.items[dest[1]] = slot


def _append(path: Path, tree: Any, event: Any) -> int:
    """Append `event` to the tree's `events:` list; return the 1-based line of `events:` (or 1)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not isinstance(tree, CommentedMap):
        raise _failed(path, 1, "the file's top level is not a mapping", "start it with `events:` and a list")
    events = tree.get("events")
    line = tree.lc.key("events")[0] + 1 if "events" in tree else 1
    if events is None:
        events = tree["events"] = CommentedSeq()
    if not isinstance(events, CommentedSeq):
        raise _failed(path, line, "`events:` is not a list", "write each event as `  - date: …`")
    if not events:
        events.fa.set_block_style()
    elif not events.fa.flow_style():
        _move_trailing_comment(events[-1], event)
    events.append(event)
    return line


def _candidate(path: Path, fields: Mapping[str, Any]) -> tuple[bytes, bytes, int]:
    """The file's current bytes, its new bytes, and the line of its `events:` key (1 if it had none).

    The new event's lines are inserted into the text after the last event: no other line
    changes (a round-trip dump would re-wrap `>-` descriptions and re-indent the file).
    """
    raw = path.read_bytes() if path.exists() else b""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _failed(path, 1, "not UTF-8 text", "save the file as UTF-8") from None
    if not text.strip():
        tree, yaml = _parse(path, HEADER + "events:\n")
        _append(path, tree, _new_event(fields))
        return raw, _dump(yaml, tree).encode("utf-8"), 1
    tree, yaml = _parse(path, text)
    events = tree.get("events") if hasattr(tree, "get") else None
    line = _append(path, tree, _new_event(fields))  # checks the file's shape
    newline = "\r\n" if "\r\n" in text else "\n"
    if events:  # a non-empty block list: insert the new lines only
        lines = text.splitlines(keepends=True)
        at = _insertion_line(tree, lines)
        new_event = _new_event(fields)
        if len(events) > 1 and getattr(events[-2], "fa", None) is not None and events[-2].fa.flow_style():
            new_event.fa.set_flow_style()  # follow a list written `- {date: …, title: …}`
        block = _dump(yaml, {"events": [new_event]}).splitlines(keepends=True)[1:]
        if at and lines[at - 1] and not lines[at - 1].endswith(("\n", "\r")):
            lines[at - 1] += newline
        gap = [newline] if _blank_before_last(events, lines) else []
        new = "".join(lines[:at] + gap + [b.replace("\n", newline) for b in block] + lines[at:])
    else:
        new = _dump(yaml, tree).replace("\n", newline)
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    return raw, bom + new.encode("utf-8"), line


def _dump(yaml: Any, tree: Any) -> str:
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def _insertion_line(tree: Any, lines: list[str]) -> int:
    """Index of the line after the last event's last line (comments and blank lines after it stay after)."""
    keys = list(tree)
    after = keys[keys.index("events") + 1 :]
    end = tree.lc.key(after[0])[0] if after else len(lines)
    while end > 0 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _blank_before_last(events: Any, lines: list[str]) -> bool:
    """True when the file separates its events with blank lines (the last one has one before it)."""
    if len(events) < 3:  # [.., previous, new]: the new one is not in the text yet
        return False
    start = events.lc.item(len(events) - 2)[0]
    return start > 0 and not lines[start - 1].strip()


def _added_block(old: bytes, new: bytes) -> tuple[int, int]:
    """1-based first line and line count of the lines `new` inserts into `old`."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    start = 0
    while start < len(old_lines) and old_lines[start] == new_lines[start]:
        start += 1
    return start + 1, len(new_lines) - len(old_lines)


def _load_with(path: Path, candidate: Path, cfg: BuildConfig) -> Any:
    """The dataset a build would see with `candidate` read in place of `path` (checked like a build)."""
    from reportgen.inputs import gather, list_inputs
    from reportgen.prepare import prepare

    if not is_input(path, cfg):  # a file of its own: checked as its own data set
        return prepare(cfg, gather(cfg, events=[candidate])).dataset
    real = path.resolve()
    files = list_inputs(list(cfg.events)).files  # a missing events/ folder is fine here
    swapped = [candidate if f.resolve() == real else f for f in files]
    if candidate not in swapped:
        swapped.append(candidate)
    return prepare(cfg, gather(cfg, events=swapped)).dataset


def is_input(path: Path, cfg: BuildConfig) -> bool:
    """True when a build of `cfg` reads `path` (a missing file counts if its folder is an input)."""
    from reportgen.inputs import list_inputs

    real = path.resolve()
    files = list_inputs(list(cfg.events)).files
    folders = {p.resolve() for p in cfg.events if p.is_dir()}
    return any(f.resolve() == real for f in files) or real.parent in folders


def _remap(
    diag: Diagnostic, candidate: Path, path: Path, block: tuple[int, int], events_line: int
) -> Diagnostic:
    """Point a diagnostic about the temporary copy at the real file (new-event lines → `events:`)."""
    if diag.loc.path != str(candidate):
        return diag
    first, count = block
    line = diag.loc.line
    if first <= line < first + count:
        line = events_line
    elif line >= first + count:
        line -= count
    return replace(diag, loc=SourceLoc(str(path), line))


def add_event(file: Path, fields: dict[str, Any], cfg: BuildConfig) -> str:
    """Append a validated event to the YAML `file` (created if missing); return the new event's id.

    The read–validate–write runs under a lock on the file, so concurrent adds never lose an
    event; a symlink is written through to its target. Raises ValidationFailed, leaving the
    file untouched, when the event or the resulting data is invalid.
    """
    from reportgen.output import file_lock, writable_target, write_atomic

    file = Path(file)
    if file.suffix.lower() not in (".yaml", ".yml"):
        raise _failed(file, 1, "`reportgen add` writes YAML files only", "use --file events/<name>.yaml")
    _check_text(fields)
    target = writable_target(file)
    target.parent.mkdir(parents=True, exist_ok=True)
    with file_lock(target):
        old, data, events_line = _candidate(target, fields)
        first, count = _added_block(old, data)
        with tempfile.TemporaryDirectory(prefix="reportgen-add-") as folder:
            candidate = Path(folder) / file.name
            candidate.write_bytes(data)
            try:
                dataset = _load_with(file, candidate, cfg)
            except ValidationFailed as exc:
                diagnostics = [
                    _remap(d, candidate, file, (first, count), events_line) for d in exc.diagnostics
                ]
                raise ValidationFailed(diagnostics) from None
        added = [
            e for e in dataset.events if e.loc.path == str(candidate) and first <= e.loc.line < first + count
        ]
        write_atomic(target, data)
    return added[-1].id if added else str(fields.get("id", ""))


def _check_text(fields: Mapping[str, Any]) -> None:
    """Text a terminal passed undecoded (a Latin-1 `café`) is refused before anything is written."""
    for key, value in fields.items():
        for text in value if isinstance(value, list | tuple) else [value]:
            if isinstance(text, str):
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    raise UsageError(
                        f"--{key.rstrip('s') if key == 'sources' else key} is not valid UTF-8 text;"
                        " set your terminal to UTF-8 (e.g. LANG=en_GB.UTF-8) and add again"
                    ) from None
