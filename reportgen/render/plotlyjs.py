"""Which plotly.js kaleido loads into Chromium: the cartesian bundle when it is at hand.

Every figure reportgen draws is cartesian (scatter, bar, heatmap, shapes). plotly's cartesian
bundle (npm `plotly.js-cartesian-dist-min`, 1.5 MB) holds all of them; plotly.py's full one
(4.8 MB) holds every trace type. Chromium compiles whichever it is given before the first
figure: with the cartesian one, starting and drawing the first figure take ~1.3 s less.

It is used only when it is the same plotly.js release as plotly.py's own, so a figure is drawn
by the same code either way (the tests compare the bytes); otherwise, or when it is not
installed (`make run` installs it beside the checkout), the full bundle is used.
`REPORTGEN_PLOTLYJS=full` asks for the full one; a path, for that file.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

PACKAGE = "plotly.js-cartesian-dist-min"
_CHECKOUT = Path(__file__).resolve().parents[2] / "node_modules" / PACKAGE / "plotly-cartesian.min.js"


@functools.cache
def bundle() -> Path | None:
    """The plotly.js file kaleido should load (absolute), or None for plotly.py's own."""
    wanted = os.environ.get("REPORTGEN_PLOTLYJS", "").strip()
    if wanted.lower() == "full":
        return None
    path = Path(wanted).expanduser().resolve() if wanted else _CHECKOUT
    if not path.is_file():
        return None  # kaleido would wait for ever on a page whose script never loads
    release = _release(path)
    return path if release is not None and release == _plotly_release() else None


def key() -> str:
    """What names the bundle in the render service's and the render cache's keys."""
    path = bundle()
    if path is None:
        return "plotly.js: plotly.py's own"
    st = path.stat()
    return f"plotly.js: {path}:{st.st_size}:{st.st_mtime_ns}"


def _release(path: Path) -> str | None:
    """The bundle's plotly.js release, from the npm package beside it."""
    try:
        return str(json.loads((path.parent / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _plotly_release() -> str | None:
    """plotly.py's plotly.js release, read from its source: importing plotly takes ~0.3 s, and a
    build handing itself to the warm build process asks this before importing anything."""
    import importlib.util
    import re

    spec = importlib.util.find_spec("plotly")
    if spec is None or spec.origin is None:
        return None
    try:
        text = (Path(spec.origin).parent / "offline" / "_plotlyjs_version.py").read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(r"""__plotlyjs_version__ = ["']([^"']+)["']""", text)
    return found.group(1) if found else None
