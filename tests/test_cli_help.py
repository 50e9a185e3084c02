"""Every command's --help shows what it does and an example (as sqlite-utils checks its docs)."""

from __future__ import annotations

import argparse

import pytest

from reportgen.cli import EXAMPLES, main, make_parser


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = make_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices)


def test_every_command_has_an_example_entry() -> None:
    assert set(_subcommands()) == set(EXAMPLES)


def test_top_level_help_shows_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "example:" in out
    for name in _subcommands():
        assert name in out


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_command_help_shows_an_example(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([name, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: reportgen {name}" in out
    example = out.split("example:", 1)[1]
    assert f"reportgen {name}" in example


def test_every_parser_command_has_a_handler() -> None:
    from reportgen.cli import COMMANDS

    assert set(_subcommands()) == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_a_command_parsed_alone_is_parsed_as_by_the_whole_parser(name: str) -> None:
    """`main` sets up only the command it is given: its help and options must be the same."""
    whole = _subcommands()[name]
    actions = [a for a in make_parser(name)._actions if isinstance(a, argparse._SubParsersAction)]
    alone = actions[0].choices
    assert list(alone) == [name]
    assert alone[name].format_help() == whole.format_help()


def test_an_unknown_command_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["biuld"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'biuld'" in err and "'build'" in err and "'export'" in err


@pytest.mark.parametrize("name", ["watch", "preview"])
def test_the_debounce_help_gives_the_default_watch_uses(name: str) -> None:
    from reportgen.watch import DEBOUNCE_MS

    assert f"(default {DEBOUNCE_MS})" in _subcommands()[name].format_help()
