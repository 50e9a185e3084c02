"""Sources: declared ones (ids checked unique, urls checked) and those made from free-text CSV cells."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportgen.model import Source
from reportgen.sourceloc import SourceLoc
from reportgen.text import slug
from reportgen.validate.checker import Checker
from reportgen.validate.records import RawRecord


def sources(check: Checker, records: Sequence[RawRecord]) -> list[Source]:
    out: list[Source] = []
    seen: dict[str, SourceLoc] = {}
    for rec in records:
        sid = check.text(rec, "id")
        if check.duplicate(rec, sid, seen, "source", rec.at("id")):
            continue
        url = _url(check, rec)
        date, marking = check.date(rec, "date"), check.marking(rec)
        publisher, title = check.text(rec, "publisher"), check.text(rec, "title")
        if not publisher and "publisher" not in rec.reported:
            check.error(rec.at("publisher"), "source has no publisher", "add `publisher: …`")
        seed = rec.get("seed")
        out.append(Source(sid, publisher, title, rec.loc, date, url, seed, marking, check.text(rec, "note")))
    return out


def _url(check: Checker, rec: RawRecord) -> str | None:
    url = str(rec.get("url", "")).strip()
    if not url:
        return None
    if not re.match(r"https?://[^\s/]+", url, re.IGNORECASE):
        check.error(rec.at("url"), f"url {url!r} is not a web address", "start it with https:// or http://")
        return None
    return url


def free_text_sources(check: Checker, events: Sequence[RawRecord], known: set[str]) -> list[Source]:
    """CSV `source` cells that are not a known id become sources of their own (publisher = the text).

    Rewrites each such event's `sources` to the id made, so events are checked like any other.
    """
    made: dict[tuple[str, str | None], Source] = {}
    for rec in (r for r in events if "source_text" in r.data):
        text = " ".join(str(rec.get("source_text", "")).split())
        url = _url(check, rec)
        if not text and url:
            text = re.sub(r"^https?://(www\.)?", "", url, flags=re.IGNORECASE).split("/")[0]
        if not text or text in known:
            rec.data["sources"] = [text] if text else []
            continue
        if (text, url) not in made:
            base = slug(text) or "source"
            sid, n = base, 1
            while sid in known:
                n, sid = n + 1, f"{base}-{n + 1}"
            known.add(sid)
            made[(text, url)] = Source(sid, text, "", rec.loc, url=url)
        rec.data["sources"] = [made[(text, url)].id]
    return list(made.values())
