"""Theme: fonts, colours, page and marking settings read from styles/*.toml.

`Theme.read(path)` reads a file; `Theme.from_text(text, source)` parses text
(used by tests). `load_theme(name, styles_dir)` resolves a style name or path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen import tomlfile as tf
from reportgen.errors import Diagnostic, Severity, ValidationFailed, error
from reportgen.inputs import find_style
from reportgen.markings import MARKINGS
from reportgen.sourceloc import SourceLoc
from reportgen.tomlfile import Fields, TomlDoc, read_toml


@dataclass(frozen=True, slots=True)
class Theme:
    name: str = "default"
    source: str = "<built-in>"
    # page
    page_size: str = "A4"
    orientation: str = "portrait"
    margin_mm: float = 18.0
    timeline_landscape: bool = True
    # marking
    marking: str = "NONE"  # a pack is marked only when the data, style, config or command line asks
    # fonts
    font_family: str = "DejaVu Sans"
    font_regular: str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    font_bold: str = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
    font_italic: str = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"
    base_size: float = 9.5
    heading_size: float = 15.0
    # colours
    text: str = "#1b1f24"
    muted: str = "#5f6b7a"
    primary: str = "#1f3b73"
    accent: str = "#c8102e"
    grid: str = "#d9dee5"
    background: str = "#ffffff"
    planned: str = "#7a4fa3"
    red: str = "#c0392b"
    amber: str = "#e08e0b"
    green: str = "#2e8540"
    lanes: tuple[str, ...] = (
        "#1f3b73",
        "#c8102e",
        "#2e8540",
        "#e08e0b",
        "#7a4fa3",
        "#00838f",
        "#6d4c41",
        "#546e7a",
    )
    # timeline image
    timeline_width: int = 1600
    timeline_height: int = 900
    # problems worth a warning (e.g. a font family that is not installed); not drawn
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False)

    def lane_colour(self, index: int) -> str:
        return self.lanes[index % len(self.lanes)]

    @classmethod
    def read(cls, path: Path, data: bytes | OSError | None = None) -> Theme:
        """The style in `path` (`data`: its bytes, when the build has read them already)."""
        try:
            raw = path.read_bytes() if data is None else data
            if isinstance(raw, OSError):
                raise raw
        except OSError as exc:
            raise ValidationFailed(
                [error(SourceLoc(str(path), 0), f"cannot read style: {exc.strerror}")]
            ) from None
        return cls.from_toml(read_toml(str(path), raw, "style", hint=""))

    @classmethod
    def from_text(cls, text: str, source: str = "<text>") -> Theme:
        return cls.from_toml(read_toml(source, text.encode("utf-8"), "style", hint=""))

    @classmethod
    def from_toml(cls, doc: TomlDoc) -> Theme:
        """A theme from a parsed style file; every problem at its line (ValidationFailed)."""
        values, problems = _settings(doc)
        if any(d.severity is Severity.ERROR for d in problems):
            raise ValidationFailed(sorted(problems, key=lambda d: d.loc.line))
        return cls(source=doc.path, warnings=tuple(problems), **values)


PAGE_SIZES = ("A4", "A3", "LETTER")  # the sizes pack/document.py knows

# [table] key → (Theme field, check)
_SETTINGS: dict[tuple[str, str], tuple[str, Any]] = {
    ("page", "size"): ("page_size", tf.choice(PAGE_SIZES, upper=True)),
    ("page", "orientation"): ("orientation", tf.choice(("portrait", "landscape"))),
    ("page", "margin_mm"): ("margin_mm", tf.number(0, 60)),  # 60 mm still leaves 90 mm on A4
    ("page", "timeline_landscape"): ("timeline_landscape", tf.boolean),
    ("marking", "default"): ("marking", tf.choice(MARKINGS, upper=True)),
    ("fonts", "family"): ("font_family", tf.text),
    ("fonts", "regular"): ("font_regular", tf.text),
    ("fonts", "bold"): ("font_bold", tf.text),
    ("fonts", "italic"): ("font_italic", tf.text),
    ("fonts", "base_size"): ("base_size", tf.number(9, 24)),  # printed text below 9 pt is hard to read
    ("fonts", "heading_size"): ("heading_size", tf.number(8, 48)),
    ("timeline", "width"): ("timeline_width", tf.number(400, 16384, integer=True)),
    ("timeline", "height"): ("timeline_height", tf.number(300, 16384, integer=True)),
}
_COLOURS = ("text", "muted", "primary", "accent", "grid", "background", "planned", "red", "amber", "green")
_TABLES = ("page", "marking", "fonts", "colours", "timeline")
# TrueType, OpenType (CFF) and TrueType collections start with one of these.
_FONT_MAGIC = (b"\x00\x01\x00\x00", b"true", b"OTTO", b"ttcf")
_FONT_HINT = "give the path of a .ttf or .otf file, e.g. /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _settings(doc: TomlDoc) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The Theme fields a style file sets, and every problem with them."""
    top = Fields(doc)
    top.unknown(["name", *_TABLES], "style")
    out: dict[str, Any] = {}
    if (name := top.get("name", tf.text)) is not None:
        out["name"] = name
    checked = [top]
    for table in _TABLES:
        f = Fields(doc, [table])
        checked.append(f)
        if table in doc.data and not isinstance(doc.data[table], dict):
            top.error(table, f"{table} must be a table", f"write its settings under a [{table}] line")
        elif table == "colours":
            _colours(f, out)
        else:
            _table(f, table, out)
    return out, [d for f in checked for d in f.problems]


def _colours(f: Fields, out: dict[str, Any]) -> None:
    f.unknown([*_COLOURS, "lanes"], "[colours]")
    for key in _COLOURS:
        if (value := f.get(key, tf.colour)) is not None:
            out[key] = value
    if (lanes := f.get("lanes", tf.colours)) is not None:
        out["lanes"] = lanes


def _table(f: Fields, table: str, out: dict[str, Any]) -> None:
    keys = {k: v for (t, k), v in _SETTINGS.items() if t == table}
    f.unknown(list(keys), f"[{table}]")
    for key, (target, kind) in keys.items():
        if (value := f.get(key, kind)) is not None:
            out[target] = value
    if table != "fonts":
        return
    for key in ("regular", "bold", "italic"):
        path = out.get(f"font_{key}")
        if path is not None and not _is_font(path):
            f.error(key, f"font file {path!r} is missing or not a TrueType/OpenType font", _FONT_HINT)
    family = out.get("font_family")
    if family is not None and not _known_family(family):
        f.warn(
            "family",
            f"font family {family!r} is not installed",
            "the timeline and charts will use a fallback font",
        )


def _is_font(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) in _FONT_MAGIC
    except OSError:
        return False


def _known_family(family: str) -> bool:
    """True when fontconfig (which Chromium uses) knows the family, or cannot be asked."""
    import shutil
    import subprocess

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True
    try:
        listed = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return True
    names = {name.strip().lower() for line in listed.splitlines() for name in line.split(",")}
    return family.strip().lower() in names


def load_theme(
    name: str, styles_dir: Path | None = None, read: Mapping[Path, bytes | OSError] | None = None
) -> Theme:
    """A style by name (styles/<name>.toml, then the built-in copy) or by path.

    `read` holds bytes the build has read already (`Inputs.data`).
    """
    path = find_style(name, styles_dir)
    if path is not None:
        return Theme.read(path, (read or {}).get(path))
    if name == "default":
        return Theme()
    raise ValidationFailed(
        [
            error(
                SourceLoc(name, 0),
                f"style '{name}' not found",
                f"looked in {styles_dir}; put {name}.toml there",
            )
        ]
    )
