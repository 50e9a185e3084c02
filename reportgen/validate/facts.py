"""Key facts the data or the config declares for the summary."""

from __future__ import annotations

from collections.abc import Sequence

from reportgen.model import Fact
from reportgen.text import suggestion
from reportgen.validate.checker import Checker
from reportgen.validate.records import RawRecord

_KINDS = ("value", "event", "since")
_HINT = "give one of value (text), event (an event id: its date) or since (an event id: years since it)"


def facts(
    check: Checker, records: Sequence[RawRecord], source_ids: Sequence[str], event_ids: Sequence[str]
) -> list[Fact]:
    out = []
    for rec in records:
        label = check.text(rec, "label")
        if not label:
            check.error(
                rec.at("label"), "fact has no label", "add `label: Role`, the words printed before it"
            )
            continue
        given = {k: check.text(rec, k) for k in _KINDS if check.text(rec, k)}
        if len(given) != 1:
            what = "none of value, event, since" if not given else "both " + " and ".join(given)
            check.error(rec.loc, f"fact {label!r} gives {what}", _HINT)
            continue
        for key in ("event", "since"):
            if given.get(key) and given[key] not in event_ids:
                hint = suggestion(given[key], event_ids, "use the id of an event in the data")
                check.error(rec.at(key), f"fact {label!r}: unknown event {given[key]!r}", hint)
        refs = check.refs(rec, "sources", "source")
        check.unknown_refs(rec, "sources", refs, source_ids, "source")
        out.append(
            Fact(label, given.get("value", ""), given.get("event", ""), given.get("since", ""), refs, rec.loc)
        )
    return out
