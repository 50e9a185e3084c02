"""Shared fixtures. Engineers append their fixtures here; do not rewrite others'."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# Builds run by tests draw in a Chromium of their own, never in a background render service
# that would outlive the test run; tests/test_renderer.py turns the service on where it tests it.
os.environ["REPORTGEN_RENDERER"] = "off"
# Nor from the user's shared render cache: each test's build draws what it needs, so what one
# test drew never decides what another redoes; tests/test_shared_cache.py turns it on.
os.environ["REPORTGEN_CACHE"] = "off"


@pytest.fixture(scope="session")
def exporter() -> Iterator[object]:
    """One real Chromium (kaleido) for the whole test session."""
    from reportgen.render.export import Exporter

    with Exporter() as ex:
        yield ex


# --- timeline and export fixtures -------------------------------------------------------------
TIMELINEJS_DIR = __import__("pathlib").Path(__file__).resolve().parent / "data" / "timelinejs"
TIMELINEJS_NAMES = ("eras", "houston", "user_interface", "women_in_computing")


@pytest.fixture(scope="session")
def timeline_inputs() -> dict[str, list[object]]:
    """Name → event paths: the default data (events/) and the four TimelineJS examples."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    inputs: dict[str, list[object]] = {"default": [root / "events"]}
    inputs |= {name: [TIMELINEJS_DIR / f"{name}.json"] for name in TIMELINEJS_NAMES}
    return inputs


@pytest.fixture(scope="session")
def timeline_datasets(timeline_inputs: dict[str, list[object]]) -> dict[str, object]:
    """Name → loaded Dataset for every entry of `timeline_inputs`."""
    from reportgen.load import load_dataset

    return {name: load_dataset(paths)[0] for name, paths in timeline_inputs.items()}
