"""reportgen: dated events and metrics in, a printable sourced briefing pack out.

The pipeline runs one way:

    inputs (what a build reads) → load (bytes → raw records with path:line)
      → validate (records → frozen model + diagnostics) → prepare (theme, marking, title)
      → document (the pack as writer-neutral blocks)
      → render (plotly figures → SVG/PNG/PDF/HTML bytes, via one Chromium: drawing, export)
      → writers (blocks + figures → PDF bytes, ReportLab) → output (atomic writes)

`build` runs those stages and skips artefacts whose fingerprint is unchanged;
`watch`, `schedule` and `add` drive `build`; `cli` and `report` put outcomes into words.

The library API (imported on first use, so `import reportgen` stays light):

    config = reportgen.BuildConfig.from_project("my-briefing", as_of=datetime.date(2025, 10, 15))
    result = reportgen.build(config)                   # -> BuildResult
    dataset = reportgen.load_events(["events"])        # -> Dataset
    svg = reportgen.render_timeline(dataset, "svg")    # -> bytes
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "build": "reportgen.build",
    "BuildResult": "reportgen.build",
    "BuildConfig": "reportgen.config",
    "load_events": "reportgen.load",
    "render_timeline": "reportgen.standalone",
    "Dataset": "reportgen.model",
    "Theme": "reportgen.theme",
    "load_theme": "reportgen.theme",
    "ReportgenError": "reportgen.errors",
    "ValidationFailed": "reportgen.errors",
    "UsageError": "reportgen.errors",
    "RenderError": "reportgen.errors",
    "EnvironmentProblem": "reportgen.errors",
    "Diagnostic": "reportgen.errors",
}
__all__ = [
    "BuildConfig",
    "BuildResult",
    "Dataset",
    "Diagnostic",
    "EnvironmentProblem",
    "RenderError",
    "ReportgenError",
    "Theme",
    "UsageError",
    "ValidationFailed",
    "__version__",
    "build",
    "load_events",
    "load_theme",
    "render_timeline",
]

if TYPE_CHECKING:
    from reportgen.build import BuildResult, build
    from reportgen.config import BuildConfig
    from reportgen.errors import (
        Diagnostic,
        EnvironmentProblem,
        RenderError,
        ReportgenError,
        UsageError,
        ValidationFailed,
    )
    from reportgen.load import load_events
    from reportgen.model import Dataset
    from reportgen.standalone import render_timeline
    from reportgen.theme import Theme, load_theme


def __getattr__(name: str) -> Any:
    """PEP 562: the API's names are imported when first used."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'reportgen' has no attribute {name!r}")
