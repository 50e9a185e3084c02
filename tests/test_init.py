"""`reportgen init DIR`: a project that validates and builds at once, and never overwrites."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from reportgen.cli import main
from reportgen.config import load_config
from reportgen.init import SCHEMA_PATH, init_project

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = {
    ".gitignore",
    "reportgen.toml",
    "events/events.yaml",
    "styles/default.toml",
    "schema/events.schema.json",
}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_init_creates_the_project_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "my-briefing"
    assert main(["init", str(project)]) == 0
    assert set(_tree(project)) == EXPECTED
    out = capsys.readouterr().out
    for name in EXPECTED:
        assert f"created {project / name}" in out
    assert "next: cd" in out


def test_init_returns_created_paths(tmp_path: Path) -> None:
    created = init_project(tmp_path / "p")
    assert sorted(p.relative_to(tmp_path / "p").as_posix() for p in created) == sorted(EXPECTED)


def test_init_files_are_the_packaged_ones(tmp_path: Path) -> None:
    from reportgen.schema import schema_text

    init_project(tmp_path)
    assert (tmp_path / "styles/default.toml").read_bytes() == (
        ROOT / "reportgen/styles/default.toml"
    ).read_bytes()
    assert (tmp_path / SCHEMA_PATH).read_text(encoding="utf-8") == schema_text()
    assert "output/" in (tmp_path / ".gitignore").read_text().splitlines()


def test_example_names_its_schema_on_the_first_line(tmp_path: Path) -> None:
    init_project(tmp_path)
    events = tmp_path / "events/events.yaml"
    first = events.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    assert (events.parent / first.removeprefix(prefix)).resolve() == (tmp_path / SCHEMA_PATH).resolve()


def test_config_uses_only_known_keys(tmp_path: Path) -> None:
    init_project(tmp_path)
    data = tomllib.loads((tmp_path / "reportgen.toml").read_text(encoding="utf-8"))
    assert set(data) == {"pack"}
    cfg = load_config(tmp_path)  # raises on unknown keys
    assert cfg.events == (tmp_path.resolve() / "events",)
    assert cfg.out_dir == tmp_path.resolve() / "output"
    assert cfg.marking == "OFFICIAL"


def test_init_then_validate_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    init_project(tmp_path)
    capsys.readouterr()
    assert main(["validate", "--project", str(tmp_path), "--strict"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: 6 events, 1 metrics, 2 sources, 0 warnings")


def test_init_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    init_project(tmp_path)
    (tmp_path / "events/events.yaml").write_text("events: []\n", encoding="utf-8")
    (tmp_path / "styles/default.toml").unlink()  # a missing file must not be written either
    before = _tree(tmp_path)
    assert main(["init", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reportgen: error: not overwriting existing file(s):")
    assert str(tmp_path / "events/events.yaml") in err
    assert str(tmp_path / "reportgen.toml") in err
    assert _tree(tmp_path) == before


def test_init_into_a_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("x")
    assert main(["init", str(target)]) == 2
    assert "is a file" in capsys.readouterr().err
    assert target.read_text() == "x"


def test_init_into_an_unrelated_folder_keeps_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    init_project(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.chromium
def test_init_then_build_writes_a_pdf(tmp_path: Path) -> None:
    if shutil.which("chromium") is None:
        pytest.skip("Debian chromium is not installed")
    init_project(tmp_path)
    assert main(["build", "--project", str(tmp_path), "--as-of", "2026-01-31", "--quiet"]) == 0
    pdf = tmp_path / "output/briefing-pack.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "town centre safety programme" in text


# --- the JSON Schema editors use ----------------------------------------------------------------

SHIPPED_SCHEMA = ROOT / "reportgen/schema/events.schema.json"
EXAMPLE = ROOT / "reportgen/templates/init/events/events.yaml"


def _yaml(path: Path) -> object:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "path", [*sorted((ROOT / "events").glob("*.yaml")), EXAMPLE], ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_yaml_files_match_the_schema(path: Path) -> None:
    import jsonschema

    from reportgen.schema import schema_text

    schema = json.loads(schema_text())
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(schema).iter_errors(_yaml(path))]
    assert errors == []


def test_schema_rejects_a_misspelt_key() -> None:
    import jsonschema

    from reportgen.schema import schema_text

    schema = json.loads(schema_text())
    bad = {"events": [{"date": "Oct 2023", "titel": "Typo"}]}
    assert list(jsonschema.validators.validator_for(schema)(schema).iter_errors(bad))


def test_schema_command_writes_the_shipped_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == SHIPPED_SCHEMA.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == SHIPPED_SCHEMA.read_text(encoding="utf-8")
