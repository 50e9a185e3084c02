"""The code digest every cache key and the render service's key carry."""

from __future__ import annotations

import importlib.metadata

import pytest

from reportgen.codekey import _RENDERERS, code_digest, installed_version
from reportgen.fingerprint import fingerprint


@pytest.mark.parametrize("name", [*_RENDERERS, "pytest"])
def test_installed_version_is_what_importlib_metadata_says(name: str) -> None:
    assert installed_version(name) == importlib.metadata.version(name)


def test_a_package_that_is_not_installed_is_missing() -> None:
    assert installed_version("reportgen_no_such_package") == "missing"


def test_the_digest_is_stable_and_in_every_fingerprint() -> None:
    assert code_digest() == code_digest() and len(code_digest()) == 64
    assert fingerprint({"a": 1}) == fingerprint({"a": 1}) != fingerprint({"a": 2})
