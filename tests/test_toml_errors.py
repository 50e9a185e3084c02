"""A TOML syntax error in reportgen.toml or a style is `path:line: message`, exit 2, on Python 3.11 too."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.cli import main
from reportgen.errors import ValidationFailed
from reportgen.theme import Theme


def test_bad_config_toml_exits_2_with_path_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "reportgen.toml").write_text('title = "x"\n[build\n', encoding="utf-8")
    assert main(["validate", "--project", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert (
        f"{tmp_path / 'reportgen.toml'}:2: not valid TOML: Expected ']' at the end of a table declaration"
        in err
    )
    assert "internal error" not in err


def test_bad_style_toml_names_the_line() -> None:
    with pytest.raises(ValidationFailed) as info:
        Theme.from_text("[page]\nsize = \n", source="styles/house.toml")
    assert [str(d) for d in info.value.diagnostics] == [
        "styles/house.toml:2: style is not valid TOML: Invalid value"
    ]
