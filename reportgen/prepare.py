"""Preparation: the one way every command turns a BuildConfig into what it draws or writes.

    load → validate → theme → marking → title and subject

`build`, `timeline`, `export`, `validate`, `add`, `watch` and `schedule` all start
here, so the protective marking (the most restrictive of the floor and everything in
the data) and the title are worked out once, the same way, for every output.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.config import BuildConfig
from reportgen.errors import Diagnostic
from reportgen.model import Dataset, data_marking
from reportgen.theme import Theme, load_theme

DEFAULT_TITLE = "Briefing pack"


@dataclass(frozen=True, slots=True)
class Prepared:
    """Validated data with the settings every output of one build shares."""

    cfg: BuildConfig
    dataset: Dataset
    warnings: tuple[Diagnostic, ...]
    theme: Theme
    marking: str  # the marking every output that shows this data carries
    title: str  # "" when neither the config nor the data names one
    subject: str

    @property
    def pack_title(self) -> str:
        return self.title or DEFAULT_TITLE


def marking_floor(cfg: BuildConfig, theme: Theme) -> str:
    """The lowest marking allowed: the config's or command line's, else the style's.

    An explicit `--marking NONE` replaces the style's default; it never lowers the data.
    """
    return cfg.marking if cfg.marking is not None else theme.marking


def pack_marking(theme: Theme, cfg: BuildConfig, dataset: Dataset) -> str:
    """The marking of every output made from `dataset` under `cfg` and `theme`."""
    return data_marking(dataset, marking_floor(cfg, theme))


def prepare(cfg: BuildConfig, paths: list[Path] | None = None) -> Prepared:
    """Load and validate the events (`paths`, default `cfg.events`) and settle theme, marking and title.

    Raises ValidationFailed (every problem in the data or the style at once).
    """
    from reportgen.load import load_dataset

    dataset, warnings = load_dataset(list(cfg.events) if paths is None else paths)
    theme = load_theme(cfg.style, cfg.styles_dir)
    return Prepared(
        cfg=cfg,
        dataset=dataset,
        warnings=tuple(warnings),
        theme=theme,
        marking=pack_marking(theme, cfg, dataset),
        title=cfg.title or dataset.title,
        subject=cfg.subject or dataset.subject,
    )
