"""Theme: fonts, colours, page and marking settings read from styles/*.toml.

`Theme.read(path)` reads a file; `Theme.from_text(text, source)` parses text
(used by tests). `load_theme(name, styles_dir)` resolves a style name or path.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from reportgen.errors import ValidationFailed, error
from reportgen.model import MARKINGS, SourceLoc
from reportgen.toml_errors import toml_problem

_BUILTIN = Path(__file__).parent / "styles"


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
    marking: str = "OFFICIAL"
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

    def lane_colour(self, index: int) -> str:
        return self.lanes[index % len(self.lanes)]

    @classmethod
    def read(cls, path: Path) -> Theme:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ValidationFailed(
                [error(SourceLoc(str(path), 0), f"cannot read style: {exc.strerror}")]
            ) from None
        return cls.from_text(text, source=str(path))

    @classmethod
    def from_text(cls, text: str, source: str = "<text>") -> Theme:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line, message = toml_problem(exc, text)
            raise ValidationFailed(
                [error(SourceLoc(source, line), f"style is not valid TOML: {message}")]
            ) from None
        return cls(**_flatten(data, source))


# TOML [section] key → Theme field
_MAP = {
    ("page", "size"): "page_size",
    ("page", "orientation"): "orientation",
    ("page", "margin_mm"): "margin_mm",
    ("page", "timeline_landscape"): "timeline_landscape",
    ("marking", "default"): "marking",
    ("fonts", "family"): "font_family",
    ("fonts", "regular"): "font_regular",
    ("fonts", "bold"): "font_bold",
    ("fonts", "italic"): "font_italic",
    ("fonts", "base_size"): "base_size",
    ("fonts", "heading_size"): "heading_size",
    ("timeline", "width"): "timeline_width",
    ("timeline", "height"): "timeline_height",
}
_COLOURS = {
    "text",
    "muted",
    "primary",
    "accent",
    "grid",
    "background",
    "planned",
    "red",
    "amber",
    "green",
    "lanes",
}


def _flatten(data: dict[str, Any], source: str) -> dict[str, Any]:
    out: dict[str, Any] = {"source": source}
    problems = []
    known = {f.name for f in fields(Theme)}
    for key, value in data.items():
        if key == "name":
            out["name"] = str(value)
        elif key == "colours" and isinstance(value, dict):
            for name, colour in value.items():
                if name not in _COLOURS:
                    problems.append(
                        error(
                            SourceLoc(source, 0),
                            f"unknown colour '{name}'",
                            f"known: {', '.join(sorted(_COLOURS))}",
                        )
                    )
                else:
                    out[name] = tuple(colour) if name == "lanes" else str(colour)
        elif isinstance(value, dict):
            for sub, v in value.items():
                target = _MAP.get((key, sub))
                if target is None or target not in known:
                    problems.append(error(SourceLoc(source, 0), f"unknown style setting [{key}] {sub}"))
                else:
                    out[target] = v
        else:
            problems.append(error(SourceLoc(source, 0), f"unknown style setting '{key}'"))
    if out.get("marking", "OFFICIAL") not in MARKINGS:
        problems.append(
            error(SourceLoc(source, 0), f"marking {out['marking']!r} is not one of {', '.join(MARKINGS)}")
        )
    if problems:
        raise ValidationFailed(problems)
    return out


def find_style(name: str, styles_dir: Path | None = None) -> Path | None:
    """The file a style name resolves to (styles/<name>.toml, then the built-in copy), or None."""
    candidates = [Path(name)] if name.endswith(".toml") else []
    if styles_dir is not None:
        candidates.append(styles_dir / f"{name}.toml")
    candidates.append(_BUILTIN / f"{name}.toml")
    return next((path for path in candidates if path.is_file()), None)


def load_theme(name: str, styles_dir: Path | None = None) -> Theme:
    """A style by name (styles/<name>.toml, then the built-in copy) or by path."""
    path = find_style(name, styles_dir)
    if path is not None:
        return Theme.read(path)
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
