"""Preparation: the one way every command turns a BuildConfig into what it draws or writes.

    load → validate → theme → marking → title and subject

`build`, `timeline`, `export`, `validate`, `add`, `watch` and `schedule` all start
here, so the protective marking (the most restrictive of the floor and everything in
the data) and the title are worked out once, the same way, for every output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportgen.config import BuildConfig, config_facts
from reportgen.errors import Diagnostic, ValidationFailed, warning
from reportgen.inputs import Inputs, gather
from reportgen.model import Dataset, data_marking
from reportgen.sourceloc import SourceLoc
from reportgen.theme import Theme, load_theme
from reportgen.tomlfile import key_lines

if TYPE_CHECKING:
    from reportgen.load.memo import Memo
    from reportgen.validate.records import RawFile  # validation's imports stay off the no-op path

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
    inputs: tuple[str, ...] = ()  # every file read: what watch watches
    memo: Memo | None = field(default=None, compare=False)  # parsed files, saved once the build is done

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


def prepare(cfg: BuildConfig, inputs: Inputs | None = None) -> Prepared:
    """Validate what a build of `cfg` reads (`inputs`, read now when not given) and settle
    theme, marking and title.

    Raises ValidationFailed (every problem in the data or the style at once).
    """
    from reportgen.cache import CACHE_DIR
    from reportgen.load import LoadOptions, Memo, load_inputs

    inputs = inputs or gather(cfg)
    # Data and style are both checked before either fails, so one run reports every problem.
    problems: list[Diagnostic] = []
    memo = None
    try:
        options = LoadOptions(cfg.columns, cfg.sheet)
        memo = Memo(cfg.out_dir / CACHE_DIR / "parsed") if cfg.out_dir else None
        dataset, warnings = load_inputs(inputs, _config_records(cfg), options, memo)
    except ValidationFailed as exc:
        problems += exc.diagnostics
    try:
        theme = load_theme(cfg.style, cfg.styles_dir, inputs.data)
    except ValidationFailed as exc:
        problems += exc.diagnostics
    if problems:
        raise ValidationFailed(problems)
    clashes = [*_clash(cfg, "title", cfg.title, dataset.title, dataset.title_at),
               *_clash(cfg, "subject", cfg.subject, dataset.subject, dataset.subject_at)]  # fmt: skip
    return Prepared(
        cfg=cfg,
        dataset=dataset,
        warnings=(*theme.warnings, *clashes, *warnings),
        theme=theme,
        marking=pack_marking(theme, cfg, dataset),
        title=cfg.title or dataset.title or _title_from(cfg),
        subject=cfg.subject or dataset.subject,
        inputs=inputs.names,
        memo=memo,
    )


def _clash(cfg: BuildConfig, key: str, configured: str, data: str, where: SourceLoc) -> list[Diagnostic]:
    """A warning naming both places when reportgen.toml and the data set one setting differently."""
    if not configured or not data or configured == data or cfg.config_path is None:
        return []
    line = key_lines(cfg.config_bytes.decode("utf-8", "replace")).get(("pack", key), 1)
    message = f"{key} {configured!r} here overrides {key} {data!r} at {where}"
    return [warning(SourceLoc(str(cfg.config_path), line), message, f"remove one of the two {key}s")]


def _title_from(cfg: BuildConfig) -> str:
    """With no title anywhere, a pack of one file is named after it ("council-milestones.csv" →
    "Council milestones"); anything else is a "Briefing pack"."""
    if len(cfg.events) != 1 or not cfg.events[0].suffix:
        return ""
    words = " ".join(cfg.events[0].stem.replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:]


def _config_records(cfg: BuildConfig) -> list[RawFile]:
    """Facts declared in reportgen.toml's [summary], checked with the data they cite."""
    from reportgen.validate.records import RawFile

    facts = config_facts(cfg)
    return [RawFile(str(cfg.config_path), facts=facts)] if facts else []
