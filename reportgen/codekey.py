"""The digest of the code that draws: reportgen's version and files, and the renderers' versions.

Its own module, with nothing but the standard library's hashing: a build handing itself to
the warm build process keys the service with it before importing anything else.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

FORMAT = 2  # bump when the manifest or fingerprint recipe changes
_RENDERERS = ("plotly", "kaleido", "reportlab", "pypdf", "pikepdf")


@functools.cache
def code_digest() -> str:
    """reportgen's version and package files, and the renderers' versions (no imports needed)."""
    from reportgen import __version__

    digest = hashlib.sha256(f"reportgen {__version__} format {FORMAT}".encode())
    package = os.path.dirname(__file__)
    # os.walk, pruning bytecode folders: a pathlib rglob of the package took ~7 ms of a no-op
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(names):
            path = os.path.join(folder, name)
            with open(path, "rb") as fh:
                relative = os.path.relpath(path, package).replace(os.sep, "/")
                digest.update(relative.encode() + b"\0" + fh.read())
    for name in _RENDERERS:
        digest.update(f"{name} {installed_version(name)}".encode())
    return digest.hexdigest()


def installed_version(name: str) -> str:
    """The installed version of package `name` ("missing" when it is not installed).

    Read from the name of its `.dist-info` folder beside it when there is exactly one: every
    build (a no-op too) asks, and importing `importlib.metadata` alone takes ~15 ms of a
    ~100 ms no-op build. Anything else (an egg, two dist-infos, a zip) asks importlib.metadata.
    """
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return "missing"
    found = list(Path(spec.origin).parent.parent.glob(f"{name}-*.dist-info"))
    if len(found) == 1:
        return found[0].name.removeprefix(f"{name}-").removesuffix(".dist-info")
    import importlib.metadata

    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "missing"
