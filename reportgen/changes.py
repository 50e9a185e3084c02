"""What changed between two editions' snapshots: events added, removed and changed field by
field, metric values added or revised, date conflicts that appeared or were resolved.

    compare(old, new) -> Changes

Events are matched by identity, never by date, so an event whose date moved is a change,
not a removal and an addition. In order: an `id` given in the data on both sides; the
same title in the same lane; the same title in another lane (the lane changed); a title
in the same lane that reads almost the same (a small edit: difflib similarity ≥ 0.8, the
closest first; a title with words added or cut counts as 0.9). Whatever is left is added
or removed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SIMILAR = 0.8  # difflib ratio above which two titles in one lane are the same event, edited

_FIELDS = (  # what a reader sees of an event, in the order changes are listed
    ("date", "date moved"),
    ("end", "end date"),
    ("title", "title edited"),
    ("lane", "lane"),
    ("status", "status"),
    ("description", "description edited"),
)


@dataclass(frozen=True, slots=True)
class FieldChange:
    name: str  # "date", "title", "sources"…
    old: str
    new: str

    def describe(self) -> str:
        """`date moved from 20 Jan 2025 to 21 Jan 2025`, `title edited (was "…")`, `source added: x`."""
        if self.name == "date":
            return f"date moved from {self.old or 'none'} to {self.new or 'none'}"
        if self.name in ("title", "description"):
            return f'{self.name} edited (was "{_short(self.old)}")'
        if self.name == "sources+":
            return f"source added: {self.new}"
        if self.name == "sources-":
            return f"source removed: {self.old}"
        label = dict(_FIELDS).get(self.name, self.name)
        return f"{label} changed from {self.old or 'none'} to {self.new or 'none'}"

    def arrow(self) -> str:
        """The terminal's form: `date 20 Jan 2025 → 21 Jan 2025`, `source added: x`."""
        if self.name in ("sources+", "sources-"):
            return self.describe()
        return f"{self.name} {_short(self.old) or 'none'} → {_short(self.new) or 'none'}"


@dataclass(frozen=True, slots=True)
class EventChange:
    title: str
    date: str
    lane: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class MetricChange:
    series: str  # the series' name
    kind: str  # "added", "removed", "value added", "value revised", "value removed", "target"
    label: str = ""
    old: str = ""
    new: str = ""

    def describe(self) -> str:
        if self.kind in ("added", "removed"):
            return f"{self.series}: series {self.kind}"
        if self.kind == "value added":
            return f"{self.series}: {self.label} added ({self.new})"
        if self.kind == "value removed":
            return f"{self.series}: {self.label} removed (was {self.old})"
        if self.kind == "target":
            return f"{self.series}: target changed from {self.old or 'none'} to {self.new or 'none'}"
        return f"{self.series}: {self.label} revised from {self.old} to {self.new}"


@dataclass(frozen=True, slots=True)
class Changes:
    added: tuple[dict[str, Any], ...] = ()
    removed: tuple[dict[str, Any], ...] = ()
    changed: tuple[EventChange, ...] = ()
    metrics: tuple[MetricChange, ...] = ()
    conflicts_appeared: tuple[str, ...] = ()  # event titles
    conflicts_resolved: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.metrics)

    def summary(self) -> str:
        """`+3 events, 1 moved, 1 edited, -1 event, 999 calls updated` (or `no changes`)."""
        parts = []
        if self.added:
            parts.append(f"+{len(self.added)} event{'s' if len(self.added) != 1 else ''}")
        moved = sum(1 for c in self.changed if any(f.name == "date" for f in c.fields))
        if moved:
            parts.append(f"{moved} moved")
        if len(self.changed) > moved:
            parts.append(f"{len(self.changed) - moved} edited")
        if self.removed:
            parts.append(f"-{len(self.removed)} event{'s' if len(self.removed) != 1 else ''}")
        series = list(dict.fromkeys(m.series for m in self.metrics))
        parts += [f"{name} updated" for name in series[:3]]
        if len(series) > 3:
            parts.append(f"{len(series) - 3} more figures updated")
        return ", ".join(parts) or "no changes"

    def to_json(self) -> dict[str, Any]:
        return {
            "added": [_event_json(e) for e in self.added],
            "removed": [_event_json(e) for e in self.removed],
            "changed": [
                {
                    "title": c.title,
                    "date": c.date,
                    "lane": c.lane,
                    "fields": [{"field": f.name, "old": f.old, "new": f.new} for f in c.fields],
                }
                for c in self.changed
            ],
            "metrics": [
                {"series": m.series, "kind": m.kind, "label": m.label, "old": m.old, "new": m.new}
                for m in self.metrics
            ],
            "conflicts": {
                "appeared": list(self.conflicts_appeared),
                "resolved": list(self.conflicts_resolved),
            },
            "summary": self.summary(),
        }

    def lines(self) -> list[str]:
        """The terminal form: `+ added`, `- removed`, `~ changed: old → new`."""
        out = [f"+ {e['date']}  {e['title']}  ({e['lane']})" for e in self.added]
        out += [f"- {e['date']}  {e['title']}  ({e['lane']})" for e in self.removed]
        for c in self.changed:
            out += [f"~ {c.title}: {f.arrow()}" for f in c.fields]
        out += [f"~ {m.describe()}" for m in self.metrics]
        out += [f"! date conflict appeared: {t}" for t in self.conflicts_appeared]
        out += [f"✓ date conflict resolved: {t}" for t in self.conflicts_resolved]
        return out


def _event_json(e: dict[str, Any]) -> dict[str, Any]:
    return {k: e[k] for k in ("id", "title", "date", "end", "lane", "sources")}


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _key(title: str) -> str:
    return re.sub(r"\W+", " ", title.casefold()).strip()


def _similarity(a: str, b: str) -> float:
    """How alike two titles read, 0–1: difflib's ratio, or 0.9 when every word of the shorter
    (two words or more) is in the longer — a title with words added or cut is the same event."""
    ka, kb = _key(a), _key(b)
    short, long = sorted((set(ka.split()), set(kb.split())), key=len)
    if len(short) >= 2 and short <= long:
        return max(0.9, difflib.SequenceMatcher(None, ka, kb).ratio())
    return difflib.SequenceMatcher(None, ka, kb).ratio()


def match(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of the same event in two snapshots' event lists."""
    pairs: list[tuple[int, int]] = []
    free_old, free_new = set(range(len(old))), set(range(len(new)))

    def take(same: Callable[[dict[str, Any], dict[str, Any]], bool]) -> None:
        for j in sorted(free_new):
            for i in sorted(free_old):
                if same(old[i], new[j]):
                    pairs.append((i, j))
                    free_old.discard(i)
                    free_new.discard(j)
                    break

    take(lambda a, b: a["explicit"] and b["explicit"] and a["id"] == b["id"])
    take(lambda a, b: _key(a["title"]) == _key(b["title"]) and a["lane"] == b["lane"])
    take(lambda a, b: _key(a["title"]) == _key(b["title"]))
    # small title edits, same lane: the closest pairs first
    scored = sorted(
        (-_similarity(old[i]["title"], new[j]["title"]), i, j)
        for i in free_old
        for j in free_new
        if old[i]["lane"] == new[j]["lane"]
    )
    for score, i, j in scored:
        if -score >= SIMILAR and i in free_old and j in free_new:
            pairs.append((i, j))
            free_old.discard(i)
            free_new.discard(j)
    return sorted(pairs, key=lambda p: p[1])


def _fields(a: dict[str, Any], b: dict[str, Any]) -> tuple[FieldChange, ...]:
    out = [FieldChange(name, str(a[name]), str(b[name])) for name, _label in _FIELDS if a[name] != b[name]]
    out += [FieldChange("sources+", "", s) for s in b["sources"] if s not in a["sources"]]
    out += [FieldChange("sources-", s, "") for s in a["sources"] if s not in b["sources"]]
    return tuple(out)


def _metrics(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[MetricChange]:
    before, after = {m["id"]: m for m in old}, {m["id"]: m for m in new}
    out = [MetricChange(after[k]["name"], "added") for k in after if k not in before]
    out += [MetricChange(before[k]["name"], "removed") for k in before if k not in after]
    for k in (k for k in after if k in before):
        a, b = before[k], after[k]
        unit = b["unit"]
        if a["target"] != b["target"]:
            out.append(
                MetricChange(
                    b["name"], "target", old=_value(a["target"], unit), new=_value(b["target"], unit)
                )
            )
        pa = {(p["label"], p["group"]): p["value"] for p in a["points"]}
        pb = {(p["label"], p["group"]): p["value"] for p in b["points"]}
        for (label, group), value in pb.items():
            shown = f"{label} {group}".strip()
            if (label, group) not in pa:
                out.append(MetricChange(b["name"], "value added", shown, new=_value(value, unit)))
            elif pa[(label, group)] != value:
                old_value = _value(pa[(label, group)], unit)
                out.append(MetricChange(b["name"], "value revised", shown, old_value, _value(value, unit)))
        for (label, group), value in pa.items():
            if (label, group) not in pb:
                out.append(
                    MetricChange(b["name"], "value removed", f"{label} {group}".strip(), _value(value, unit))
                )
    return out


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    from reportgen.metrics import format_value

    return format_value(value, unit)


def compare(old: dict[str, Any], new: dict[str, Any]) -> Changes:
    """The changes from snapshot `old` to snapshot `new` (see `reportgen.snapshot`)."""
    a, b = old["events"], new["events"]
    pairs = match(a, b)
    matched_old, matched_new = {i for i, _ in pairs}, {j for _, j in pairs}
    changed = []
    appeared, resolved = [], []
    for i, j in pairs:
        fields = _fields(a[i], b[j])
        if fields:
            changed.append(EventChange(b[j]["title"], b[j]["date"], b[j]["lane"], fields))
        if b[j]["conflicts"] and not a[i]["conflicts"]:
            appeared.append(b[j]["title"])
        if a[i]["conflicts"] and not b[j]["conflicts"]:
            resolved.append(b[j]["title"])
    added = [e for j, e in enumerate(b) if j not in matched_new]
    appeared += [e["title"] for e in added if e["conflicts"]]
    return Changes(
        added=tuple(added),
        removed=tuple(e for i, e in enumerate(a) if i not in matched_old),
        changed=tuple(changed),
        metrics=tuple(_metrics(old["metrics"], new["metrics"])),
        conflicts_appeared=tuple(appeared),
        conflicts_resolved=tuple(resolved),
    )
