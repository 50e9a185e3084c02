"""Which Chromium draws: found without importing the renderer (a build asks before it needs one)."""

from __future__ import annotations

import os
from pathlib import Path

_CANDIDATES = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")
INSTALL_HINT = "install it with: apt-get install -y chromium (Debian/Ubuntu: chromium package)"


def find_chromium() -> Path:
    """Path of the Chromium to use: $REPORTGEN_CHROMIUM, $BROWSER_PATH, then Debian's.

    Raises:
        EnvironmentProblem: nothing executable at the chosen or usual places.
    """
    explicit = os.environ.get("REPORTGEN_CHROMIUM") or os.environ.get("BROWSER_PATH")
    candidates: tuple[str, ...] = (explicit,) if explicit else _CANDIDATES
    found = _first_executable(candidates)
    if found is None and not explicit:  # then $PATH (shutil: ~4 ms a build, so only if needed)
        import shutil

        which = shutil.which("chromium")
        candidates = (*candidates, *((which,) if which else ()))
        found = _first_executable(candidates)
    if found is not None:
        return found
    # imported here: the model's dataclasses (~25 ms) are not needed by a build that hands
    # itself to the warm build process, which asks this first
    from reportgen.errors import EnvironmentProblem

    raise EnvironmentProblem(f"Chromium not found at {', '.join(candidates)}; {INSTALL_HINT}")


def _first_executable(candidates: tuple[str, ...]) -> Path | None:
    return next((Path(c) for c in candidates if Path(c).is_file() and os.access(c, os.X_OK)), None)
