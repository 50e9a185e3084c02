"""A pack for any subject, and a command line that fits people's habits (issue 18)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from helpers import ROOT, run_reportgen
from pdfcheck import all_text, page_texts
from pypdf import PdfReader

SCHEMA = json.loads((ROOT / "docs" / "cli-json.schema.json").read_text())
POLICE = ("Career", "Chief Constable", "In post since", "Years of service", "Role", "OFFICIAL", "Police")

COUNCIL_CSV = """date,title,description,lane,source
14 Mar 2024,Library reopens,The central library reopens after refurbishment.,Culture,Council report
Jun 2024,Town centre plan adopted,Cabinet adopts the plan.,Planning,Council report
Q1 2026,New bus station,Construction is due to finish.,Transport,Local Gazette
"""

JOURNALIST_TIMELINEJS = {
    "title": {
        "text": {
            "headline": "The bridge that took ten years",
            "text": "<p>How the Riverside bridge was built</p>",
        }
    },
    "events": [
        {"start_date": {"year": "2015"}, "text": {"headline": "Bridge first proposed"}, "group": "Plans"},
        {
            "start_date": {"year": "2019", "month": "5"},
            "text": {"headline": "Funding agreed"},
            "group": "Money",
        },
        {
            "start_date": {"year": "2025", "month": "3", "day": "1"},
            "text": {"headline": "Bridge opens"},
            "group": "Plans",
        },
    ],
}


def _no_police_wording(text: str) -> None:
    for word in POLICE:
        assert word not in text, word


@pytest.mark.chromium
def test_a_council_csv_builds_its_own_pack(tmp_path):
    csv = tmp_path / "council-milestones.csv"
    csv.write_text(COUNCIL_CSV)
    out = tmp_path / "out"
    proc = run_reportgen(
        "build", "--events", str(csv), "--out", str(out), "--as-of", "2025-10-15", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    pdf = (out / "briefing-pack.pdf").read_bytes()
    text = all_text(pdf)
    assert PdfReader(out / "briefing-pack.pdf").metadata["/Title"] == "Council milestones"
    assert "Council milestones" in page_texts(pdf)[0]
    _no_police_wording(text)
    assert "Performance and inspection" not in text  # no metrics, no empty section
    assert "Timeline 14 Mar 2024 to Q1 2026 (3 events)" in " ".join(text.split())
    assert "Lanes Culture 1, Planning 1, Transport 1" in " ".join(text.split())


@pytest.mark.chromium
def test_a_journalist_s_timelinejs_file_inside_the_default_project_keeps_its_own_title(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "events", project / "events")
    (project / "reportgen.toml").write_text('[pack]\nprepared_by = "News desk"\n')
    story = tmp_path / "bridge.json"
    story.write_text(json.dumps(JOURNALIST_TIMELINEJS))
    out = tmp_path / "out"
    proc = run_reportgen(
        "build", "--events", str(story), "--out", str(out), "--as-of", "2025-10-15", cwd=project
    )
    assert proc.returncode == 0, proc.stderr
    pdf = (out / "briefing-pack.pdf").read_bytes()
    pages = page_texts(pdf)
    assert all("The bridge that took ten years" in p for p in pages)  # the page headers
    _no_police_wording(all_text(pdf))
    assert "NONE" not in proc.stdout and "OFFICIAL" not in proc.stdout  # unmarked unless asked


@pytest.mark.chromium
def test_marking_only_when_asked(tmp_path):
    csv = tmp_path / "a.csv"
    csv.write_text(COUNCIL_CSV)
    out = tmp_path / "out"
    args = (
        "build",
        "--events",
        str(csv),
        "--out",
        str(out),
        "--as-of",
        "2025-10-15",
        "--marking",
        "OFFICIAL",
    )
    assert run_reportgen(*args, cwd=tmp_path).returncode == 0
    assert all(p.count("OFFICIAL") >= 2 for p in page_texts((out / "briefing-pack.pdf").read_bytes()))


def test_init_writes_the_chosen_marking_with_a_note_on_the_tiers(tmp_path):
    proc = run_reportgen("init", str(tmp_path / "paper"), "--marking", "NONE", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    config = (tmp_path / "paper" / "reportgen.toml").read_text()
    assert 'marking = "NONE"' in config and "Government Security Classifications" in config
    assert not [line for line in config.splitlines() if line.startswith("title")]  # the data names the pack


def test_a_title_in_config_and_data_that_disagree_warns_naming_both(tmp_path):
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "e.yaml").write_text("title: Data title\nevents:\n  - {date: 2024, title: A}\n")
    (tmp_path / "reportgen.toml").write_text('[pack]\ntitle = "Config title"\n')
    proc = run_reportgen("validate", cwd=tmp_path)
    assert (
        f"{tmp_path / 'reportgen.toml'}:2: warning: title 'Config title' here overrides title 'Data title'"
        " at events/e.yaml:1" in proc.stderr
    )


def test_declared_facts_in_config_are_checked_with_the_data(tmp_path):
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "e.yaml").write_text(
        "sources:\n  - {id: s, publisher: P, title: T}\n"
        "events:\n  - {id: a, date: 2020, title: A, source: s}\n"
    )
    (tmp_path / "reportgen.toml").write_text(
        '[[summary.facts]]\nlabel = "Chair"\nvalue = "Cllr Jones"\nsource = "s"\n\n'
        '[[summary.facts]]\nlabel = "Since"\nevent = "zz"\n'
    )
    proc = run_reportgen("validate", cwd=tmp_path)
    assert (
        proc.returncode == 2
        and f"{tmp_path / 'reportgen.toml'}:8: fact 'Since': unknown event 'zz'" in proc.stderr
    )


def test_validate_json_matches_the_schema(tmp_path):
    (tmp_path / "bad.yaml").write_text("events:\n  - {date: Sept 2O23, title: Typo}\n")
    (tmp_path / "good.yaml").write_text("events:\n  - {date: 2023, title: Fine}\n")
    for name, code in (("bad.yaml", 2), ("good.yaml", 0)):
        proc = run_reportgen("validate", "--events", name, "--json", cwd=tmp_path)
        assert proc.returncode == code
        data = json.loads(proc.stdout)
        jsonschema.validate(data, SCHEMA)
        assert proc.stderr == ""
    bad = json.loads(run_reportgen("validate", "--events", "bad.yaml", "--json", cwd=tmp_path).stdout)
    assert bad["diagnostics"][0]["file"] == "bad.yaml" and bad["diagnostics"][0]["line"] == 2


@pytest.mark.chromium
def test_build_json_matches_the_schema(tmp_path):
    csv = tmp_path / "a.csv"
    csv.write_text(COUNCIL_CSV)
    proc = run_reportgen("build", "--events", str(csv), "--out", str(tmp_path / "o"), "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["result"]["pages"] >= 4 and not data["result"]["up_to_date"]


def test_quiet_verbose_and_version_on_every_command():
    from reportgen.cli_args import make_parser

    parser = make_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, sub in commands.items():
        flags = {f for a in sub._actions for f in a.option_strings}
        assert {"-q", "--quiet", "-v", "--verbose"} <= flags, name
    proc = run_reportgen("-V")
    assert proc.returncode == 0 and proc.stdout.startswith("reportgen ")


def test_quiet_prints_only_errors(tmp_path):
    (tmp_path / "e.yaml").write_text("events:\n  - {date: 2023, title: Fine}\n")
    proc = run_reportgen("validate", "--events", "e.yaml", "--quiet", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == ""  # a warning is not an error
    (tmp_path / "e.yaml").write_text("events:\n  - {date: Sept 2O23, title: Typo}\n")
    proc = run_reportgen("validate", "--events", "e.yaml", "--quiet", cwd=tmp_path)
    assert proc.returncode == 2 and "e.yaml:2: date 'Sept 2O23'" in proc.stderr


def test_colour_only_on_a_terminal_and_never_with_no_color(tmp_path):
    from reportgen.console import Console
    from reportgen.errors import error
    from reportgen.sourceloc import SourceLoc

    class Tty:
        def __init__(self) -> None:
            self.text = ""

        def isatty(self) -> bool:
            return True

        def write(self, text: str) -> None:
            self.text += text

        def flush(self) -> None:
            pass

    diag = error(SourceLoc("e.yaml", 2), "date 'x' is not a date")
    tty = Tty()
    Console(err=tty).problem(diag)
    assert tty.text.startswith("\033[31me.yaml:2:")
    import os

    os.environ["NO_COLOR"] = "1"
    try:
        plain = Tty()
        Console(err=plain).problem(diag)
        assert plain.text == "e.yaml:2: date 'x' is not a date\n"
    finally:
        del os.environ["NO_COLOR"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(shell):
    proc = run_reportgen("completion", shell)
    assert proc.returncode == 0 and "reportgen" in proc.stdout


def test_bash_completion_loads_and_completes_commands(tmp_path):
    import sys

    script = run_reportgen("completion", "bash").stdout
    (tmp_path / "c.sh").write_text(script)
    bin_dir = Path(sys.executable).parent
    probe = (
        f'export PATH="{bin_dir}:$PATH"; source {tmp_path / "c.sh"}; '
        'COMP_WORDS=(reportgen bui); COMP_CWORD=1; COMP_LINE="reportgen bui"; COMP_POINT=${#COMP_LINE}; '
        "_python_argcomplete reportgen; printf '%s\\n' \"${COMPREPLY[@]}\""
    )
    proc = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "build" in proc.stdout.split()


def test_a_comma_in_a_flow_mapping_says_to_quote_the_value(tmp_path):
    path = tmp_path / "e.yaml"
    path.write_text("events:\n  - {date: 2024, title: Police, Fire and Crime Panel meets}\n")
    proc = run_reportgen("validate", "--events", str(path), cwd=tmp_path)
    assert proc.returncode == 2
    assert 'quote it, e.g. title: "Police, Fire and Crime Panel meets"' in proc.stderr


def test_json_errors_speak_json(tmp_path):
    path = tmp_path / "t.json"
    events = [{"start_date": {"year": 2024}, "text": {"headline": t}, "unique_id": "a"} for t in "xy"]
    path.write_text(json.dumps({"events": events}))
    proc = run_reportgen("validate", "--events", str(path), cwd=tmp_path)
    assert 'give one of them a different "unique_id"' in proc.stderr and "`id:`" not in proc.stderr


@pytest.mark.chromium
def test_a_long_build_shows_its_stage_on_a_terminal_and_not_in_a_pipe(tmp_path):
    import os
    import pty
    import sys

    csv = tmp_path / "a.csv"
    csv.write_text(COUNCIL_CSV)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    leader, follower = pty.openpty()
    cmd = [sys.executable, "-m", "reportgen", "build", "--events", str(csv), "--out", str(tmp_path / "tty")]
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the build ended and closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=120) == 0
    os.close(leader)
    assert b"building: " in seen and b"\r" in seen  # a status line, rewritten in place
    piped = run_reportgen(
        "build", "--events", str(csv), "--out", str(tmp_path / "pipe"), cwd=tmp_path, env=env
    )
    assert piped.returncode == 0 and "building:" not in piped.stderr
