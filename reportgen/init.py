"""`reportgen init DIR`: a ready-to-edit project that `reportgen build` turns into a pack at once.

The files come from the package (templates/init/, styles/default.toml and the
generated JSON Schema), so a new project always matches the installed version.
Nothing is overwritten: if any target file exists, nothing at all is written.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from reportgen.errors import UsageError
from reportgen.markings import MARKINGS
from reportgen.output import write_atomic

# Where the schema goes in a new project. Not under events/: every *.json there is read as a
# TimelineJS file. The example events file names it on its first line (relative to events/).
SCHEMA_PATH = Path("schema") / "events.schema.json"

# Packaged template names that differ from the file they become (dotfiles are left out of
# package data by some build tools, so .gitignore is stored without its dot).
_RENAMES = {"gitignore": ".gitignore"}


def project_files(marking: str = "OFFICIAL") -> dict[Path, bytes]:
    """Every file of a new project, by path relative to the project folder."""
    from reportgen.schema import schema_text

    package = resources.files("reportgen")
    files = dict(_walk(package / "templates" / "init", Path()))
    config = Path("reportgen.toml")
    files[config] = files[config].replace(b"{marking}", marking.encode())
    files[Path("styles") / "default.toml"] = (package / "styles" / "default.toml").read_bytes()
    files[SCHEMA_PATH] = schema_text().encode("utf-8")
    return dict(sorted(files.items()))


def _walk(folder: Traversable, rel: Path) -> list[tuple[Path, bytes]]:
    found: list[tuple[Path, bytes]] = []
    for entry in folder.iterdir():
        if entry.name == "__pycache__":
            continue
        if entry.is_dir():
            found.extend(_walk(entry, rel / entry.name))
        else:
            found.append((rel / _RENAMES.get(entry.name, entry.name), entry.read_bytes()))
    return found


def init_project(directory: Path, marking: str = "OFFICIAL") -> list[Path]:
    """Create a project in `directory` (made if missing) and return the paths created.

    `marking` is written into its reportgen.toml: the lowest marking of its packs.

    Raises:
        UsageError: `directory` is a file, or some project files already exist
            (they are listed; nothing is written).
    """
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is a file; give a folder name, e.g. reportgen init my-briefing")
    if marking.upper() not in MARKINGS:
        raise UsageError(f"--marking {marking!r} is not one of {', '.join(MARKINGS)}")
    files = project_files(marking.upper())
    existing = [directory / rel for rel in files if (directory / rel).exists()]
    if existing:
        listed = ", ".join(str(p) for p in existing)
        raise UsageError(
            f"not overwriting existing file(s): {listed}; choose a new folder or move them away first"
        )
    created = []
    for rel, data in files.items():
        write_atomic(directory / rel, data)
        created.append(directory / rel)
    return created
