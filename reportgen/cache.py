"""Fingerprints and the artefact cache: redo only what changed.

Every artefact a build makes (each metric chart's SVG, the timeline as SVG, PNG
and HTML, the PDF) gets a *fingerprint*: the sha256 of a canonical JSON form of
exactly the model objects it is drawn from, plus the style, the settings that
reach it, and `code_digest()` (reportgen's version and source, and the
renderers' versions). Rendered bytes are kept under
`<out>/.cache/<fingerprint>.<ext>`, so an unchanged chart is read back instead
of being rendered again.

`input_key(cfg)` is a cheaper fingerprint of the raw inputs (file bytes, style,
config, as-of, code). When it matches the manifest of the last build and the
outputs on disk are the ones that build wrote, nothing is loaded at all: this
is the no-op path, and it never imports plotly or starts Chromium.

Fingerprints (`reportgen.fingerprint`) never depend on the process.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.codekey import FORMAT
from reportgen.config import BuildConfig
from reportgen.errors import Diagnostic, Severity
from reportgen.fingerprint import Canonical, _field_names, _json, fingerprint, stable
from reportgen.inputs import Inputs, gather
from reportgen.output import write_atomic
from reportgen.sourceloc import SourceLoc

if TYPE_CHECKING:
    from reportgen.model import Dataset
    from reportgen.theme import Theme  # its module is needed only when a build draws

CACHE_DIR = ".cache"
MANIFEST = "manifest.json"
_NO_LOC = frozenset({"loc"})

PACK = "briefing-pack.pdf"
TIMELINE_SVG, TIMELINE_PNG, TIMELINE_HTML = "timeline.svg", "timeline.png", "timeline.html"
TIMELINE_FORMATS = {TIMELINE_SVG: "svg", TIMELINE_PNG: "png", TIMELINE_HTML: "html"}
CHART = "chart:"
TIMELINE_FIGURE = "timeline"  # the pack's own timeline (drawn for its page, no title or marking)
WEB = "svg:"  # a pack figure as SVG, for the accessible edition: "svg:timeline", "svg:chart:<id>"
HTML_PACK = "briefing-pack.html"
ACCESSIBLE_PDF = "briefing-pack-accessible.pdf"


# -- the cheap check ---------------------------------------------------------------------------------
def settings(cfg: BuildConfig) -> dict[str, Any]:
    """The settings that reach the outputs (not where they are written)."""
    return {
        "as_of": cfg.as_of.isoformat(),
        "style": cfg.style,
        "title": cfg.title,
        "subject": cfg.subject,
        "prepared_by": cfg.prepared_by,
        "version": cfg.version,
        "marking": cfg.marking,
        "columns": [list(pair) for pair in cfg.columns],  # how spreadsheets are read
        "sheet": cfg.sheet,
        "window": [d.isoformat() if d else None for d in cfg.window],
        "accessible": cfg.accessible,
        "editions": cfg.editions,
        "control": [list(pair) for pair in cfg.control],  # printed on the cover
    }


def input_key(cfg: BuildConfig, inputs: Inputs | None = None) -> tuple[str, tuple[str, ...]]:
    """A fingerprint of every raw input (bytes of event files, style, config) and the files read.

    Hashes the bytes `inputs` holds (read now when not given) without parsing them; a
    changed file listing, byte, setting or reportgen source gives a different key.
    """
    inputs = inputs or gather(cfg)
    folders = inputs.listing.folders
    listing = [
        [str(p), sorted(f.name for f in inputs.files if f.parent == p) if p in folders else p.is_file()]
        for p in cfg.events
    ]
    hashes = [
        [str(p), _hash(inputs.data[p])] for p in inputs.files
    ]  # event paths show in the pack (path:line)
    # the style and config count by content only: where they live is never drawn
    key = fingerprint("inputs", settings(cfg), listing, hashes, [_hash(inputs.data[p]) for p in inputs.extra])
    return key, inputs.names


def _hash(data: bytes | OSError) -> str:
    if isinstance(data, OSError):
        return f"unreadable: {data.strerror}"
    return hashlib.sha256(data).hexdigest()


# -- artefacts ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Artefact:
    """One thing a build makes: its name, fingerprint, file type and whether Chromium draws it."""

    name: str
    fingerprint: str
    ext: str
    chromium: bool

    @property
    def is_chart(self) -> bool:
        return self.name.startswith(CHART)

    @property
    def is_figure(self) -> bool:
        """A figure the pack places (Chromium's PDF of it); kept in the cache, not an output."""
        return self.is_chart or self.name == TIMELINE_FIGURE

    @property
    def is_web(self) -> bool:
        """A pack figure as SVG, inline in the accessible edition; kept in the cache, not an output."""
        return self.name.startswith(WEB)

    @property
    def is_render(self) -> bool:
        """A figure as Chromium draws it, the same for any pack: kept in the shared render cache too."""
        return self.is_figure or self.is_web or self.name in (TIMELINE_SVG, TIMELINE_PNG)


def plan(
    dataset: Dataset,
    theme: Theme,
    cfg: BuildConfig,
    *,
    marking: str,
    timeline_title: str | None,
    warnings: Sequence[Diagnostic],
    edition: Any = None,
) -> dict[str, Artefact]:
    """Every artefact of a build: charts, timeline images, pack figures as SVG, the pack, its
    accessible edition (HTML and the tagged PDF printed from it).

    The events and eras are walked once: their drawn form (without `loc`) is hashed for
    the timeline, and the pack adds that digest, the locations left out, and the rest.
    """
    look = Canonical(
        stable(dataclasses.replace(theme, source="", warnings=()))
    )  # where the style lives is not drawn
    out: dict[str, Artefact] = {}
    for series in dataset.metrics:
        wanted = set(series.marker_events)
        markers = sorted((e for e in dataset.events if e.id in wanted), key=_by_id)
        fp = fingerprint("chart", stable(series, _NO_LOC), stable(markers, _NO_LOC), look, marking)
        out[CHART + series.id] = Artefact(CHART + series.id, fp, "pdf", True)
    locs: list[Any] = []
    drawn = hashlib.sha256(_json(stable([dataset.events, dataset.eras], _NO_LOC, locs)).encode()).hexdigest()
    window = [d.isoformat() if d else None for d in cfg.window]
    base = fingerprint("timeline", drawn, dataset.all_lanes, look, cfg.as_of, timeline_title, marking, window)
    for name, ext in TIMELINE_FORMATS.items():
        out[name] = Artefact(name, fingerprint(base, ext), ext, ext != "html")
    out[TIMELINE_FIGURE] = Artefact(TIMELINE_FIGURE, fingerprint(base, "pack"), "pdf", True)
    # the PDF shows everything, source locations included (data-quality table, warnings)
    rest = {f: getattr(dataset, f) for f in _field_names(type(dataset)) or () if f not in ("events", "eras")}
    figures = [a for a in out.values() if a.is_figure]
    for a in figures:  # the same figure for the accessible edition: the same drawing, as SVG
        out[WEB + a.name] = Artefact(WEB + a.name, fingerprint(a.fingerprint, "svg"), "svg", True)
    fps = [a.fingerprint for a in figures]
    fp = fingerprint("pack", drawn, locs, rest, look, settings(cfg), marking, list(warnings), fps, edition)
    out[PACK] = Artefact(PACK, fp, "pdf", False)
    if not cfg.accessible:
        return out
    # the accessible edition says what the pack says (its figures' fingerprints are in the pack's)
    html = fingerprint(fp, "html")
    out[HTML_PACK] = Artefact(HTML_PACK, html, "html", False)
    out[ACCESSIBLE_PDF] = Artefact(ACCESSIBLE_PDF, fingerprint(html, "accessible"), "pdf", True)
    return out


def _by_id(event: Any) -> str:
    return str(event.id)


# Charts rendered by this process, by fingerprint: packs that share a chart (many ward packs
# with the force's figures, built by one worker) render it once per worker, not once per pack.
# Only a process that builds many packs turns this on (`share_charts`, by batch.start_worker):
# a single build stays self-contained, its output folder's cache the only one it reads.
_SHARED: OrderedDict[str, bytes] = OrderedDict()
SHARED_CHARTS = 256  # the most recent charts kept (PDFs of some kB each)
_SHARING = [False]


def share_charts(on: bool) -> None:
    """Let the packs this process builds share the charts it has drawn (on) or not (off)."""
    _SHARING[0] = on
    if not on:
        _SHARED.clear()


class ArtefactCache:
    """Rendered bytes by fingerprint under `<out>/.cache/`; every write is atomic.

    Chart PDFs are also kept in memory for the life of the process (`_SHARED`), so another
    pack built by the same process finds a chart it shares without drawing it again; and every
    figure Chromium draws is kept in the user's shared render cache (`reportgen.shared_cache`),
    which any output folder reads when its own cache lacks one.
    """

    def __init__(self, out_dir: Path) -> None:
        from reportgen.shared_cache import RenderStore

        self.folder = Path(out_dir) / CACHE_DIR
        self.shared = RenderStore.from_env()

    def path(self, artefact: Artefact) -> Path:
        return self.folder / f"{artefact.fingerprint}.{artefact.ext}"

    def get(self, artefact: Artefact) -> bytes | None:
        try:
            return self.path(artefact).read_bytes()
        except OSError:
            pass
        data = _SHARED.get(self.path(artefact).name) if artefact.is_chart and _SHARING[0] else None
        if data is None and self.shared is not None and artefact.is_render:
            data = self.shared.get(self.shared.name(artefact.fingerprint, artefact.ext))
        if data is not None:
            self.put(artefact, data)  # this folder's cache is complete again
        return data

    def put(self, artefact: Artefact, data: bytes) -> None:
        write_atomic(self.path(artefact), data)
        if self.shared is not None and artefact.is_render:
            self.shared.put(self.shared.name(artefact.fingerprint, artefact.ext), data)
        if artefact.is_chart and _SHARING[0]:
            _SHARED[self.path(artefact).name] = data
            _SHARED.move_to_end(self.path(artefact).name)
            while len(_SHARED) > SHARED_CHARTS:
                _SHARED.popitem(last=False)

    def prune(self, keep: Iterable[Artefact]) -> list[Path]:
        """Delete cached files no artefact of the last build uses (the manifest stays)."""
        wanted = {self.path(a).name for a in keep} | {MANIFEST}
        removed = []
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.is_file() and path.name not in wanted:
                    path.unlink(missing_ok=True)
                    removed.append(path)
        return removed


# -- manifest ----------------------------------------------------------------------------------------
@dataclass
class Manifest:
    """What the last successful build used and wrote (`<out>/.cache/manifest.json`)."""

    input_key: str
    inputs: tuple[str, ...]
    artefacts: dict[str, str]  # name → fingerprint
    outputs: dict[str, tuple[int, int]]  # output file name → (size, mtime_ns) as written
    pages: int
    marking: str
    warnings: tuple[Diagnostic, ...] = field(default=())

    @classmethod
    def read(cls, out_dir: Path) -> Manifest | None:
        """The manifest in `out_dir`, or None when missing, unreadable or of another format."""
        try:
            data = json.loads((Path(out_dir) / CACHE_DIR / MANIFEST).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return None
            return cls(
                input_key=data["input_key"],
                inputs=tuple(data["inputs"]),
                artefacts=dict(data["artefacts"]),
                outputs={k: (int(v[0]), int(v[1])) for k, v in data["outputs"].items()},
                pages=int(data["pages"]),
                marking=str(data["marking"]),
                warnings=tuple(_diagnostic(d) for d in data["warnings"]),
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

    def write(self, out_dir: Path) -> None:
        data = {
            "format": FORMAT,
            "input_key": self.input_key,
            "inputs": list(self.inputs),
            "artefacts": self.artefacts,
            "outputs": {k: list(v) for k, v in self.outputs.items()},
            "pages": self.pages,
            "marking": self.marking,
            "warnings": [stable(d) for d in self.warnings],
        }
        text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        write_atomic(Path(out_dir) / CACHE_DIR / MANIFEST, text.encode("utf-8"))

    def fresh(self, key: str, out_dir: Path) -> bool:
        """True when `key` is the last build's and its outputs are on disk as it left them."""
        return (
            key == self.input_key
            and bool(self.outputs)
            and self.outputs == output_stats(out_dir, self.outputs)
        )


def output_stats(out_dir: Path, names: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of each output file that exists."""
    stats = {}
    for name in names:
        try:
            st = (Path(out_dir) / name).stat()
        except OSError:
            continue
        stats[name] = (st.st_size, st.st_mtime_ns)
    return stats


def _diagnostic(data: dict[str, Any]) -> Diagnostic:
    loc = data["loc"]
    return Diagnostic(
        Severity(data["severity"]), SourceLoc(loc["path"], int(loc["line"])), data["message"], data["hint"]
    )
