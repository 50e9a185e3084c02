"""The README stays true: its commands parse, and its tutorial runs from `reportgen init` on.

A code block preceded by `<!-- readme-test: run -->` is run line by line in a temporary folder
(following `cd`); one preceded by `<!-- readme-test: file PATH -->` is written to PATH there first.
Steps run in README order, so later blocks see the files earlier ones made. Commands that need
Chromium run only in the chromium-marked test; long-running ones (watch, schedule) never run.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from reportgen.cli import make_parser

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
_MARK = re.compile(r"<!-- readme-test: (run|file (\S+)) -->")
_ENV = re.compile(r"^[A-Z_][A-Z0-9_]*=\S*$")


@dataclass
class Block:
    lang: str
    text: str
    action: str = ""  # "", "run" or "file"
    path: str = ""


def _blocks() -> list[Block]:
    blocks: list[Block] = []
    lines = README.read_text(encoding="utf-8").splitlines()
    pending: re.Match[str] | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if mark := _MARK.fullmatch(line.strip()):
            pending = mark
        elif line.startswith("```"):
            end = lines.index("```", i + 1)
            block = Block(line[3:].strip(), "\n".join(lines[i + 1 : end]) + "\n")
            if pending:
                block.action = "file" if pending.group(2) else "run"
                block.path = pending.group(2) or ""
            blocks.append(block)
            pending, i = None, end
        i += 1
    return blocks


def _commands(text: str) -> list[list[str]]:
    """Each shell command of a block as argv (comments dropped, `&&` split, env prefixes kept)."""
    out = []
    for line in text.splitlines():
        words = shlex.split(line, comments=True)
        while words:
            cut = words.index("&&") if "&&" in words else len(words)
            out.append(words[:cut])
            words = words[cut + 1 :]
    return [c for c in out if c]


def _reportgen_argv(argv: list[str]) -> tuple[dict[str, str], list[str]] | None:
    env = {}
    while argv and _ENV.match(argv[0]):
        key, value = argv[0].split("=", 1)
        env[key], argv = value, argv[1:]
    return (env, argv[1:]) if argv and argv[0] == "reportgen" else None


def _kind(args: list[str]) -> str:
    """ "skip" (long-running), "chromium" (needs the browser) or "plain"."""
    command = args[0]
    printing = "--print-crontab" in args or "--print-systemd" in args
    if command == "watch" or (command == "schedule" and not printing):
        return "skip"
    if command in {"build", "timeline"} or (command == "add" and "--no-build" not in args):
        return "chromium"
    return "plain"


def test_readme_opens_with_the_two_commands() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# reportgen"
    assert lines[2] == "```sh"
    assert lines[3].startswith("make run ")
    assert lines[4].startswith("make test ")
    assert lines[5] == "```"


def test_every_readme_command_parses() -> None:
    parser = make_parser()
    found = 0
    for block in _blocks():
        if block.lang != "sh":
            continue
        for argv in _commands(block.text):
            parsed = _reportgen_argv(argv)
            if parsed is not None:
                parser.parse_args(parsed[1])  # exits (fails the test) on an unknown option
                found += 1
    assert found >= 15


def test_readme_mentions_every_command() -> None:
    text = README.read_text(encoding="utf-8")
    for name in ("init", "validate", "build", "timeline", "watch", "schedule", "add", "schema", "export"):
        assert f"reportgen {name}" in text


def _run_tutorial(tmp_path: Path, with_chromium: bool) -> list[str]:
    cwd, ran = tmp_path, []
    for block in _blocks():
        if block.action == "file":
            (cwd / block.path).parent.mkdir(parents=True, exist_ok=True)
            (cwd / block.path).write_text(block.text, encoding="utf-8")
        if block.action != "run":
            continue
        for argv in _commands(block.text):
            if argv[0] == "cd":
                cwd = (cwd / argv[1]).resolve()
                continue
            parsed = _reportgen_argv(argv)
            if parsed is None:
                continue  # lp, apt-get: not ours to run
            env, args = parsed
            kind = _kind(args)
            if kind == "skip" or (kind == "chromium" and not with_chromium):
                continue
            result = subprocess.run(
                [sys.executable, "-m", "reportgen", *args],
                cwd=cwd,
                env={**os.environ, **env},
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert result.returncode == 0, f"`{shlex.join(argv)}` in {cwd}:\n{result.stdout}\n{result.stderr}"
            ran.append(shlex.join(args))
    return ran


def test_readme_tutorial_runs(tmp_path: Path) -> None:
    ran = _run_tutorial(tmp_path, with_chromium=False)
    assert ran[0] == "init my-briefing"
    project = tmp_path / "my-briefing"
    assert (project / "output/timeline.json").is_file()
    assert (project / "output/events.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


@pytest.mark.chromium
@pytest.mark.slow
def test_readme_tutorial_runs_with_chromium(tmp_path: Path) -> None:
    if shutil.which("chromium") is None and not os.environ.get("REPORTGEN_CHROMIUM"):
        pytest.skip("Debian chromium is not installed")
    ran = _run_tutorial(tmp_path, with_chromium=True)
    assert "build" in ran
    output = tmp_path / "my-briefing/output"
    assert (output / "briefing-pack.pdf").read_bytes().startswith(b"%PDF-")
    for name in ("timeline.png", "timeline.svg", "timeline.html", "timeline-wide.png", "timeline.pdf"):
        assert (output / name).stat().st_size > 0, name
