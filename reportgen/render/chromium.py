"""Which Chromium draws: found without importing the renderer (a build asks before it needs one)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from reportgen.errors import EnvironmentProblem

_CANDIDATES = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")
INSTALL_HINT = "install it with: apt-get install -y chromium (Debian/Ubuntu: chromium package)"


def find_chromium() -> Path:
    """Path of the Chromium to use: $REPORTGEN_CHROMIUM, $BROWSER_PATH, then Debian's.

    Raises:
        EnvironmentProblem: nothing executable at the chosen or usual places.
    """
    explicit = os.environ.get("REPORTGEN_CHROMIUM") or os.environ.get("BROWSER_PATH")
    if explicit:
        candidates: tuple[str, ...] = (explicit,)
    else:
        which = shutil.which("chromium")
        candidates = (*_CANDIDATES, *((which,) if which else ()))
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file() and os.access(path, os.X_OK):
            return path
    raise EnvironmentProblem(f"Chromium not found at {', '.join(candidates)}; {INSTALL_HINT}")
