"""Source numbering and the References section.

Sources are numbered in file order (the order the loader read them), so a
number stays the same wherever it is cited and across rebuilds. Every `[n]`
printed anywhere in the pack links to entry n here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.platypus import Flowable, Paragraph

from reportgen.model import Dataset, Source
from reportgen.pack import markup


@dataclass(frozen=True, slots=True)
class References:
    sources: tuple[Source, ...]
    numbers: dict[str, int]
    colour: str = "#1f3b73"

    @classmethod
    def number(cls, dataset: Dataset, colour: str = "#1f3b73") -> References:
        return cls(dataset.sources, {s.id: i for i, s in enumerate(dataset.sources, 1)}, colour)

    def plain(self, ids: Iterable[str]) -> str:
        """`[1][3]` as plain text (unknown ids print as `[?id]`)."""
        return "".join(f"[{self.numbers.get(i, '?' + i)}]" for i in self._ordered(ids))

    def _ordered(self, ids: Iterable[str]) -> list[str]:
        """Unique ids by reference number, unknown ids last: [1][3], not [3][1]."""
        return sorted(dict.fromkeys(ids), key=lambda i: (self.numbers.get(i, 10**9), i))

    def cite(self, ids: Iterable[str]) -> str:
        """`[1][3]` as Paragraph markup, each number a link to its reference."""
        out = []
        for source_id in self._ordered(ids):
            number = self.numbers.get(source_id)
            if number is None:
                out.append(markup.text(f"[?{source_id}]"))
            else:
                out.append(markup.anchor_link(f"ref-{number}", f"[{number}]", self.colour))
        return "".join(out)


def reference_entry(number: int, source: Source) -> str:
    """One reference as markup: publisher, title, date, URL (a link only if https), seed file."""
    # A free-text source from a CSV has a publisher but no title: print no empty ". ." for it.
    parts = [f'<a name="ref-{number}"/>[{number}]&nbsp;{_sentence(source.publisher)}'.rstrip()]
    if source.title.strip():
        parts.append(f"<i>{_sentence(source.title)}</i>")
    parts.append(f"{markup.text(source.date.display)}." if source.date else "Undated.")
    if source.url:
        parts.append(markup.link(source.url) + ".")
    if source.seed:
        parts.append(f"Seed file: {markup.text(source.seed)}.")
    if source.marking and source.marking != "NONE":
        parts.append(f"Marking: {markup.text(source.marking)}.")
    if source.note:
        parts.append(f'<font color="#5f6b7a">Note: {markup.text(source.note)}</font>')
    return " ".join(parts)


def _sentence(text: str) -> str:
    """Escaped text ending in one full stop ("Ltd." stays "Ltd.", never "Ltd..")."""
    text = " ".join(text.split())
    if not text:
        return ""
    return markup.text(text) + ("" if text.endswith((".", "?", "!")) else ".")


def references_section(refs: References, style: object, empty_style: object) -> list[Flowable]:
    if not refs.sources:
        return [Paragraph("No sources are recorded in the data.", empty_style)]
    return [Paragraph(reference_entry(n, s), style) for n, s in enumerate(refs.sources, 1)]
