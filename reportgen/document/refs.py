"""Source numbering, citations as spans, and the entries of the References section.

Sources are numbered in file order (the order the loader read them), so a number
stays the same wherever it is cited and across rebuilds. Every `[n]` links to entry n.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from reportgen.document.blocks import Inline, Span, Tone
from reportgen.document.text import clean, is_safe_url
from reportgen.model import Dataset, Source


def ref_anchor(number: int) -> str:
    return f"ref-{number}"


@dataclass(frozen=True, slots=True)
class References:
    sources: tuple[Source, ...]
    numbers: dict[str, int]
    # each distinct list of ids cited once: a long chronology cites a few source lists over and
    # over (100,000 events: 2.9 s and as many copies of the same spans); spans are immutable
    _cited: dict[tuple[str, ...], Inline] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def number(cls, dataset: Dataset) -> References:
        return cls(dataset.sources, {s.id: i for i, s in enumerate(dataset.sources, 1)})

    def _ordered(self, ids: Iterable[str]) -> list[str]:
        """Unique ids by reference number, unknown ids last: [1][3], not [3][1]."""
        return sorted(dict.fromkeys(ids), key=lambda i: (self.numbers.get(i, 10**9), i))

    def plain(self, ids: Iterable[str]) -> str:
        """`[1][3]` as plain text (unknown ids print as `[?id]`)."""
        return "".join(f"[{self.numbers.get(i, '?' + i)}]" for i in self._ordered(ids))

    def cite(self, ids: Iterable[str]) -> Inline:
        """`[1][3]`, each number a link to its reference."""
        key = tuple(ids)
        if (cited := self._cited.get(key)) is None:
            cited = self._cited[key] = self._cite(key)
        return cited

    def _cite(self, ids: tuple[str, ...]) -> Inline:
        out = []
        for source_id in self._ordered(ids):
            number = self.numbers.get(source_id)
            if number is None:
                out.append(Span(f"[?{source_id}]"))
            else:
                out.append(Span(f"[{number}]", href="#" + ref_anchor(number)))
        return tuple(out)


def reference_entry(number: int, source: Source) -> Inline:
    """One reference: publisher, title, date, URL (a link only if https), seed file, note."""
    # A free-text source from a CSV has a publisher but no title: print no empty ". ." for it.
    spans = [Span(f"[{number}]", anchor=ref_anchor(number)), Span("\u00a0" + _sentence(source.publisher))]
    if source.title.strip():
        spans.append(Span(" " + _sentence(source.title), italic=True))
    spans.append(Span(f" {clean(source.date.display)}." if source.date else " Undated."))
    if source.url:
        href = source.url if is_safe_url(source.url) else ""  # anything else prints as text
        spans += [Span(" "), Span(clean(source.url), href=href), Span(".")]
    if source.seed:
        spans.append(Span(f" Seed file: {clean(source.seed)}."))
    if source.marking and source.marking != "NONE":
        spans.append(Span(f" Marking: {clean(source.marking)}."))
    if source.note:
        spans.append(Span(f" Note: {clean(source.note)}", tone=Tone.MUTED))
    return tuple(spans)


def _sentence(text: str) -> str:
    """Text ending in one full stop ("Ltd." stays "Ltd.", never "Ltd..")."""
    text = " ".join(clean(text).split())
    if not text:
        return ""
    return text + ("" if text.endswith((".", "?", "!")) else ".")
