"""Acceptance audit (issue 2): what a user sees from `reportgen` on bad input and bad usage.

Each loader (YAML, CSV, TimelineJS JSON) gets the same kinds of broken file; every one must
exit 2 with `path:line: message; hint` and never a traceback. Exit 1 is kept for bugs.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import run_reportgen

from reportgen import cli

ROOT = Path(__file__).resolve().parents[1]
GARBAGE = bytes(range(256)) * 2


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return run_reportgen(*args, cwd=cwd)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("g.yaml", GARBAGE, ":1: binary data, not text; save the file as UTF-8"),
        ("g.json", GARBAGE, ":1: binary data, not text; save the file as UTF-8"),
        ("g.csv", GARBAGE, ":1: binary data, not text; save as UTF-8"),
        ("l.json", '{"events": [{"text": {"headline": "café"}}]}'.encode("latin-1"), ":1: not UTF-8 text"),
        ("q.yaml", b'events:\n  - date: "1997\n    title: x\n', ": not valid YAML: "),
        (
            "q.json",
            b'{"events": [{"text": {"headline": "x}}]}',
            ":1: not valid JSON: Unterminated string starting at column 35; check for a missing comma",
        ),
        (
            "c.json",
            b'{"events": [\n  {"a": 1,}\n]}',
            ":2: not valid JSON: Expecting property name enclosed in double quotes at column 11; ",
        ),
        ("e.json", b"", ":1: file is empty; a TimelineJS file is "),
        ("e.csv", b"", ":1: file is empty; add a header row"),
        ("y.json", b'{"events": [{"start_date": {"year": "10000"}, "text": {"headline": "x"}}]}', ":1: date"),
        ("deep.yaml", b"events:\n  - " + b"[" * 5000 + b"]" * 5000 + b"\n", ": YAML is nested too deeply"),
    ],
)
def test_every_loader_reports_broken_files_with_path_line_and_hint(
    tmp_path: Path, name: str, data: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = run("validate", "--project", str(tmp_path), "--events", str(path))
    assert result.returncode == 2, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(str(path) + ":") and expected in first, first
    assert "; " in first  # every error carries a hint
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_events_is_repeatable_and_mixes_folders_and_files(tmp_path: Path) -> None:
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "a.csv").write_text("date,title\n1997,One\n", encoding="utf-8")
    (tmp_path / "more" / "b.yaml").write_text("events:\n  - {date: 1998, title: Two}\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("date,title\n1999,Three\n", encoding="utf-8")
    houston = ROOT / "tests/data/timelinejs/houston.json"
    args = ["--events", str(tmp_path / "more"), "--events", str(tmp_path / "c.csv"), "--events", str(houston)]
    result = run("validate", "--project", str(tmp_path), *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 21 events, 0 metrics, 1 sources")  # 2 + 1 + houston's 18


def test_default_data_validates_with_the_conflict_as_the_only_warning() -> None:
    result = run("validate")
    assert result.returncode == 0
    assert result.stdout == "ok: 18 events, 6 metrics, 5 sources, 1 warnings\n"
    assert result.stderr.strip() == (
        "events/events.yaml:79: warning: conflicting dates: 'Feb 2025' (polfed-2025-04-25) vs 'Jan 2025' "
        "(ldrs-2025-04-24); check the sources; the pack shows both dates"
    )


@pytest.mark.parametrize(
    "args",
    [["bogus"], ["validate", "--evnts", "events"], [], ["build", "--as-of", "15/10/2025"]],
    ids=["unknown-command", "unknown-option", "no-command", "bad-as-of"],
)
def test_bad_usage_exits_2_without_a_traceback(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "usage: reportgen" in result.stderr and "Traceback" not in result.stderr


def test_a_bug_exits_1_with_the_traceback_and_a_request_to_report_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(args: object) -> int:
        raise ZeroDivisionError("a bug")

    monkeypatch.setitem(cli.COMMANDS, "validate", broken)
    assert cli.main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "ZeroDivisionError: a bug" in err
    assert err.rstrip().endswith("reportgen: internal error (a bug); please report it with the text above")


def test_console_script_and_python_m_agree() -> None:
    script = ROOT / ".venv/bin/reportgen"
    if not script.exists():
        pytest.skip("no console script in .venv")
    direct = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert direct.returncode == 0 and direct.stdout == run("--version").stdout
    assert direct.stdout.startswith("reportgen ")
