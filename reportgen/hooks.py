"""`--on-change CMD`: a command run after each new edition (copy it to a shared drive, mail it).

It runs through the shell, in the project folder, after the build has written its outputs
and the edition and released the output folder, with the edition described in the
environment. Its failure is reported, never raised: the edition is already safe.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from reportgen.config import BuildConfig
from reportgen.editions import PACK_FILE, SNAPSHOT_FILE

TIMEOUT_S = 600.0


def environment(edition: Path, outputs: Sequence[Path]) -> dict[str, str]:
    """The variables the command sees: the edition's folder, number, day and files, and the outputs."""
    number, _, day = edition.name.partition("-")
    env = {
        "REPORTGEN_EDITION": str(int(number)),
        "REPORTGEN_EDITION_DATE": day,
        "REPORTGEN_EDITION_DIR": str(edition.resolve()),
        "REPORTGEN_EDITION_PACK": str((edition / PACK_FILE).resolve()),
        "REPORTGEN_EDITION_SNAPSHOT": str((edition / SNAPSHOT_FILE).resolve()),
    }
    for path in outputs:
        key = "REPORTGEN_" + path.name.upper().replace("-", "_").replace(".", "_")
        env[key] = str(path.resolve())  # REPORTGEN_BRIEFING_PACK_PDF, REPORTGEN_BRIEFING_PACK_HTML…
    return env


def run_on_change(cfg: BuildConfig, edition: Path, outputs: Sequence[Path]) -> str:
    """Run `cfg.on_change` for `edition`; "" when it succeeded, else what went wrong, in words."""
    env = {**os.environ, **environment(edition, outputs)}
    try:
        done = subprocess.run(
            cfg.on_change, shell=True, cwd=cfg.root, env=env, timeout=TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        return f"--on-change command did not finish within {TIMEOUT_S:g} s; the edition is kept at {edition}"
    except OSError as exc:
        return f"--on-change command could not start ({exc.strerror}); the edition is kept at {edition}"
    if done.returncode != 0:
        return f"--on-change command failed (exit {done.returncode}); the edition is kept at {edition}"
    return ""
