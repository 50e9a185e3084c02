"""Careless and hostile use: nothing lost, nothing clobbered, one clear line and the right exit code."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import difflib
import errno
import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest
from helpers import ROOT, run_reportgen

from reportgen.output import TEMP_PREFIX


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "events", root / "events")
    shutil.copy(ROOT / "reportgen.toml", root / "reportgen.toml")
    return root


def no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr


# --- 1. concurrent adds ----------------------------------------------------------------------


def test_ten_concurrent_adds_keep_ten_events(project):
    from reportgen.load import load_dataset

    before = len(load_dataset([project / "events"])[0].events)

    def add(i: int) -> subprocess.CompletedProcess[str]:
        return run_reportgen(
            "add", "--date", f"{i + 1} Sep 2026", "--title", f"Concurrent event {i}",
            "--source", "polfed-2025-04-25", "--no-build", cwd=project,
        )  # fmt: skip

    with concurrent.futures.ThreadPoolExecutor(10) as pool:
        procs = list(pool.map(add, range(10)))
    assert [p.returncode for p in procs] == [0] * 10, [p.stderr for p in procs]
    titles = {e.title for e in load_dataset([project / "events"])[0].events}
    assert {f"Concurrent event {i}" for i in range(10)} <= titles
    assert len(titles) >= before + 10
    assert not list((project / "events").glob(f"{TEMP_PREFIX}*"))


# --- 2. devices, FIFOs and standard output -----------------------------------------------------


@pytest.mark.parametrize("command", [["export", "--format", "ics"], ["schema"], ["timeline"]])
def test_outputs_never_replace_a_device(project, command):
    proc = run_reportgen(*command, "-o", "/dev/full", cwd=project)
    assert proc.returncode == 2 and "/dev/full" in proc.stderr and "not a regular file" in proc.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    no_traceback(proc)


def test_outputs_never_replace_a_fifo(project, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    proc = run_reportgen("export", "--format", "ics", "-o", str(fifo), cwd=project)
    assert proc.returncode == 2 and "FIFO" in proc.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_dash_writes_standard_output(project):
    proc = run_reportgen("export", "--format", "ics", "-o", "-", cwd=project)
    assert proc.returncode == 0 and proc.stdout.startswith("BEGIN:VCALENDAR") and "wrote" not in proc.stdout


# --- 3. a full disk ----------------------------------------------------------------------------


def test_a_full_disk_ends_the_build_promptly_and_touches_nothing(project, exporter, monkeypatch):
    """ENOSPC injected where every write lands (the temp file): the build stops with WriteFailed."""
    from reportgen import output
    from reportgen.build import build
    from reportgen.config import load_config
    from reportgen.errors import EnvironmentProblem

    cfg = load_config(project, as_of=dt.date(2025, 10, 15))
    build(cfg, exporter=exporter)
    before = {p: p.read_bytes() for p in cfg.out_dir.iterdir() if p.is_file()}
    (project / "events" / "new.yaml").write_text(
        "events:\n  - {date: 1 Oct 2025, title: One more, source: polfed-2025-04-25}\n"
    )
    real = output._stage
    calls = []

    def full(target, data, shown):
        calls.append(target)
        if len(calls) > 1:  # the first write succeeds, every later one finds the disk full
            raise output.os_problem(OSError(errno.ENOSPC, "No space left on device"), "writing", shown)
        return real(target, data, shown)

    monkeypatch.setattr(output, "_stage", full)
    started = time.monotonic()
    with pytest.raises(EnvironmentProblem, match="no space left on device writing"):
        build(cfg, exporter=exporter)
    assert time.monotonic() - started < 30
    assert {p: p.read_bytes() for p in cfg.out_dir.iterdir() if p.is_file()} == before
    assert not list(cfg.out_dir.rglob(f"{TEMP_PREFIX}*"))


def test_a_small_tmpfs_gives_exit_3_and_no_temp_files(project, tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("this machine does not allow mount (the injected-ENOSPC test covers it)")
    try:
        proc = run_reportgen("build", "--out", str(mount / "out"), cwd=project, timeout=90)
        assert proc.returncode == 3, proc.stderr
        assert "no space left on device writing" in proc.stderr
        no_traceback(proc)
        assert not list(mount.rglob(f"{TEMP_PREFIX}*"))
    finally:
        subprocess.run(["umount", str(mount)], check=False)


# --- 4, 5. add through a symlink, and only the new lines change ----------------------------------


def test_add_writes_through_a_symlink(project, tmp_path):
    real = tmp_path / "real.yaml"
    shutil.move(project / "events" / "events.yaml", real)
    (project / "events" / "events.yaml").symlink_to(real)
    proc = run_reportgen(
        "add", "--date", "1 Sep 2026", "--title", "Through the link", "--source", "polfed-2025-04-25",
        "--no-build", cwd=project,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert (project / "events" / "events.yaml").is_symlink()
    assert "Through the link" in real.read_text()


def test_add_changes_only_the_new_event_s_lines_and_prints_its_id(project):
    path = project / "events" / "events.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    proc = run_reportgen(
        "add", "--date", "16 Sep 2026", "--title", "Open day", "--lane", "Community",
        "--source", "polfed-2025-04-25", "--no-build", cwd=project,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [d for d in difflib.unified_diff(before, after, lineterm="", n=0) if d[:1] in "+-"]
    changed = [d for d in changed if not d.startswith(("+++", "---"))]
    assert all(d.startswith("+") for d in changed), changed
    assert [d for d in changed if d.strip("+ ")] == [
        "+  - date: 16 Sep 2026", "+    title: Open day", "+    lane: Community",
        "+    sources: [polfed-2025-04-25]",
    ]  # fmt: skip
    assert proc.stdout.startswith("added 2026-09-16-open-day to ")


# --- 6. text that is not Unicode -----------------------------------------------------------------


def test_add_refuses_undecodable_terminal_text_and_writes_nothing(project):
    import sys

    path = project / "events" / "events.yaml"
    before = path.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "reportgen", "add", "--date", "2026", "--title", b"caf\xe9", "--no-build"],
        cwd=project, capture_output=True, text=True, env={**os.environ, "LC_ALL": "C.UTF-8"},
    )  # fmt: skip
    assert proc.returncode == 2 and "--title is not valid UTF-8" in proc.stderr
    assert path.read_bytes() == before
    no_traceback(proc)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("s.yaml", 'events:\n  - date: 2024\n    title: "caf\\ud800"\n'),
        ("s.json", '{"events": [{"start_date": {"year": 2024}, "text": {"headline": "a\\ud800"}}]}'),
    ],
)
def test_escaped_lone_surrogates_are_an_error_at_their_line(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    proc = run_reportgen("validate", "--events", str(path), cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout
    line = 3 if name.endswith("yaml") else 1
    assert f"{path}:{line}: title holds a character that is not valid Unicode text" in proc.stderr
    assert proc.stderr.count("error(s)") == 1 and "has no title" not in proc.stderr


# --- 7. images Chromium cannot draw ----------------------------------------------------------------


@pytest.mark.parametrize("args", [["--width", "100000"], ["--scale", "1000"]])
def test_an_image_too_large_to_draw_is_a_usage_error(project, tmp_path, args):
    out = tmp_path / "wide.png"
    started = time.monotonic()
    proc = run_reportgen("timeline", "-o", str(out), *args, cwd=project)
    assert proc.returncode == 2 and "larger than Chromium can draw" in proc.stderr
    assert not out.exists() and time.monotonic() - started < 10


def test_every_image_is_checked_before_it_is_written():
    from reportgen.errors import RenderError
    from reportgen.render.export import check_image

    with pytest.raises(RenderError, match="no whole PNG"):
        check_image("png", b"\x00\x00\x00", (100, 100))
    with pytest.raises(RenderError, match="no whole SVG"):
        check_image("svg", b"", (100, 100))
    with pytest.raises(RenderError, match="no whole PDF"):
        check_image("pdf", b"%PDF-1.4 truncated", (100, 100))


@pytest.mark.chromium
def test_a_tab_left_on_the_blank_page_is_repaired_before_rendering(exporter):
    """The kaleido start-up race: a tab holding a stale execution context is reloaded, not used."""
    import asyncio

    import plotly.graph_objects as go

    from reportgen.render.kaleido_fixes import check_tabs

    exporter.wait_ready()
    k = exporter._kaleido

    async def break_and_repair() -> None:
        tab = k.tabs_ready.get_nowait()
        tab._current_js_id = 987654  # a context that does not exist, as after the race
        k.tabs_ready.put_nowait(tab)
        await check_tabs(k)

    asyncio.run_coroutine_threadsafe(break_and_repair(), exporter._loop).result(timeout=30)
    assert exporter.render(go.Figure(), "svg", width=300, height=200).lstrip().startswith(b"<svg")


# --- 17, 18. machine problems and bad data before Chromium -----------------------------------------


def test_bad_data_answers_before_chromium_starts_and_makes_no_folder(project):
    (project / "events" / "bad.yaml").write_text("events:\n  - {date: Sept 2O23, title: Typo}\n")
    started = time.monotonic()
    proc = run_reportgen("build", "--out", str(project / "fresh"), cwd=project)
    assert proc.returncode == 2 and "bad.yaml:2" in proc.stderr
    assert time.monotonic() - started < 3  # no Chromium (2.5-4 s) was started
    assert not (project / "fresh").exists()


def test_out_naming_a_file_is_a_usage_error(project):
    (project / "taken").write_text("mine")
    proc = run_reportgen("build", "--out", str(project / "taken"), cwd=project)
    assert proc.returncode == 2 and "is a file, not a folder" in proc.stderr
    assert (project / "taken").read_text() == "mine"
    no_traceback(proc)


@pytest.mark.parametrize("target", ["/proc/x/out", "/proc/self/x.ics"])
def test_unwritable_places_are_one_line_and_exit_3(project, target):
    args = (
        ["build", "--out", target] if target.endswith("out") else ["export", "--format", "ics", "-o", target]
    )
    proc = run_reportgen(*args, cwd=project)
    assert proc.returncode == 3, proc.stderr
    assert target in proc.stderr and len(proc.stderr.strip().splitlines()) <= 2
    no_traceback(proc)


def test_an_immutable_output_folder_is_exit_3(project, tmp_path):
    out = tmp_path / "locked"
    out.mkdir()
    if subprocess.run(["chattr", "+i", str(out)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available on this file system")
    try:
        proc = run_reportgen("build", "--out", str(out), cwd=project)
        assert proc.returncode == 3 and str(out) in proc.stderr
        no_traceback(proc)
    finally:
        subprocess.run(["chattr", "-i", str(out)], check=False)


def test_project_naming_a_file_is_a_usage_error(project):
    proc = run_reportgen("build", "--project", str(project / "reportgen.toml"), cwd=project)
    assert proc.returncode == 2 and "is not a folder" in proc.stderr
    no_traceback(proc)


# --- 10-12. reportgen.toml and styles are checked like the events, each problem at its line --------

CONFIG_CASES = [
    ("[pack]\nout = 5\n", 2, "out is a number, not text"),
    ("[pack]\nevents = [1, 2]\n", 2, "events must be a list of paths"),
    ('[pack]\ntitle = ["a"]\n', 2, "title is a list, not text"),
    ("[pack]\nas_of = 20251015\n", 2, "as_of 20251015 is not a day"),
    (
        "[pack]\nas_of = 2025-10-15T10:00:00\n",
        2,
        "as_of is a date and time; write just the day: as_of = 2025-10-15",
    ),
    ("pack = 5\n", 1, "pack must be a table"),
    ("[pack]\nstyle = 3\n", 2, "style is a number, not text"),
    ("[pack]\nmarking = 5\n", 2, "marking = 5 is not allowed"),
    ('# a comment\n\n[pack]\ntitle = "x"\nbogus = 1\n', 5, "unknown setting 'bogus' in [pack]"),
    ("[pack]\n[pack.extra]\nx = 1\n", 2, "unknown setting 'extra' in [pack]"),
    (b'[pack]\ntitle = "caf\xe9"\n', 2, "not UTF-8 text"),
]


@pytest.mark.parametrize(("text", "line", "message"), CONFIG_CASES)
def test_a_bad_config_value_is_reported_at_its_line(tmp_path, text, line, message):
    path = tmp_path / "reportgen.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    proc = run_reportgen("validate", cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout
    assert f"{path}:{line}: {message}" in proc.stderr
    no_traceback(proc)


def test_every_config_problem_is_reported_in_one_run(tmp_path):
    (tmp_path / "reportgen.toml").write_text('[pack]\nout = 5\nstyle = 3\nmarking = "PUBLIC"\n')
    proc = run_reportgen("validate", cwd=tmp_path)
    assert "3 error(s)" in proc.stderr and ":2:" in proc.stderr and ":4:" in proc.stderr


def test_events_as_one_path_is_one_path(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "e.yaml").write_text("events:\n  - {date: 2024, title: A thing}\n")
    (tmp_path / "reportgen.toml").write_text('[pack]\nevents = "data"\n')
    proc = run_reportgen("validate", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("ok: 1 events"), proc.stderr


STYLE_CASES = [
    ('[colours]\ntext = "red; stroke: url(x)"\n', 2, "colour text = 'red; stroke: url(x)' is not a colour"),
    ("[colours]\nlanes = []\n", 2, "lanes must be a list of one or more colours"),
    (
        '[fonts]\nregular = "/etc/passwd"\n',
        2,
        "font file '/etc/passwd' is missing or not a TrueType/OpenType font",
    ),
    ('[fonts]\nbold = "/no/such.ttf"\n', 2, "font file '/no/such.ttf' is missing"),
    ('[page]\nmargin_mm = "wide"\n', 2, "margin_mm is text, not a number"),
    ("[page]\nmargin_mm = -50\n", 2, "margin_mm = -50 is out of range"),
    ("[page]\nmargin_mm = 400\n", 2, "margin_mm = 400 is out of range"),
    (
        '[page]\nsize = "A3"\norientation = "portrait"\nmargin_mm = 60\n[fonts]\nbase_size = 0\n',
        6,
        "base_size = 0 is out of range",
    ),
    ("[timeline]\nwidth = 0\n", 2, "width = 0 is out of range"),
    ('[page]\nsize = "A7x"\n', 2, "size = 'A7x' is not allowed"),
    ('[page]\norientation = "diagonal"\n', 2, "orientation = 'diagonal' is not allowed"),
    ("\n[page]\nkerning = 1\n", 3, "unknown setting 'kerning' in [page]"),
]


@pytest.mark.parametrize(("text", "line", "message"), STYLE_CASES)
def test_a_bad_style_value_is_reported_at_its_line(tmp_path, text, line, message):
    (tmp_path / "styles").mkdir()
    path = tmp_path / "styles" / "house.toml"
    path.write_text(text)
    proc = run_reportgen("validate", "--style", "house", cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout
    assert f"{path}:{line}: {message}" in proc.stderr
    no_traceback(proc)


def test_an_unknown_font_family_is_a_warning(tmp_path):
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "odd.toml").write_text('[fonts]\nfamily = "No Such Sans"\n')
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "e.yaml").write_text("events:\n  - {date: 2024, title: A thing}\n")
    proc = run_reportgen("validate", "--style", "odd", cwd=tmp_path)
    assert proc.returncode == 0
    assert "odd.toml:2: warning: font family 'No Such Sans' is not installed" in proc.stderr


# --- 8, 9. TimelineJS: duplicate keys, media-only slides, lane names as text ---------------------


def test_a_duplicate_events_key_is_an_error_at_its_line(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(
        '{\n "events": [{"start_date": {"year": 2001}, "text": {"headline": "A"}}],\n'
        ' "events": [{"start_date": {"year": 2002}, "text": {"headline": "B"}}]\n}\n'
    )
    proc = run_reportgen("validate", "--events", str(path), cwd=tmp_path)
    assert proc.returncode == 2
    assert f"{path}:3: the file has 'events' twice; the first is at line 2 and is ignored" in proc.stderr


def test_media_only_slides_take_their_title_from_the_media(tmp_path):
    from reportgen.load import load_dataset

    path = tmp_path / "twain.json"
    path.write_text(
        '{"events": [\n'
        ' {"start_date": {"year": 1835},\n'
        '  "media": {"url": "https://example.org/a.jpg", "caption": "Born in Florida, Missouri"}},\n'
        ' {"start_date": {"year": 1869},\n'
        '  "text": {"text": "<p>The Innocents Abroad is published. It sells well.</p>"}}\n'
        "]}\n"
    )
    dataset, _ = load_dataset([path])
    assert [e.title for e in dataset.events] == [
        "Born in Florida, Missouri",
        "The Innocents Abroad is published.",
    ]


def test_a_slide_with_nothing_to_call_it_gets_a_json_hint(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('{"events": [\n {"start_date": {"year": 1835}}\n]}\n')
    proc = run_reportgen("validate", "--events", str(path), cwd=tmp_path)
    assert f"{path}:2: event has no title" in proc.stderr and '"headline"' in proc.stderr
    assert "`title:" not in proc.stderr  # no YAML hint for a JSON file


def test_lane_names_are_text_in_timelinejs_and_plotly(tmp_path):
    import json

    from reportgen.interop import export_timelinejs
    from reportgen.load import load_dataset
    from reportgen.render.timeline import timeline_figure
    from reportgen.theme import Theme

    path = tmp_path / "e.yaml"
    path.write_text("events:\n  - {date: 2024, title: A, lane: '<b>R&D</b>'}\n")
    dataset, _ = load_dataset([path])
    doc = json.loads(export_timelinejs(dataset))
    assert doc["events"][0]["group"] == "&lt;b&gt;R&amp;D&lt;/b&gt;"
    fig = timeline_figure(dataset, Theme(), as_of=dt.date(2025, 1, 1), width=1600, height=900, marking="NONE")
    names = [t.name for t in fig.data if t.name and "R&" in t.name or "<b>" in (t.name or "")]
    assert names and all("<b>" not in n for n in names)
    again = tmp_path / "t.json"
    again.write_bytes(export_timelinejs(dataset))
    assert load_dataset([again])[0].events[0].lane == "<b>R&D</b>"


# --- 13-16. warnings, usage errors and messages that do not mislead -------------------------------


def test_a_duplicate_metric_name_warns(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(
        "metrics:\n  - {id: a, name: Calls answered, unit: '%', points: [{label: x, value: 1}]}\n"
        "  - {id: b, name: Calls answered, unit: '%', points: [{label: x, value: 2}]}\n"
    )
    proc = run_reportgen("validate", "--events", str(path), cwd=tmp_path)
    assert proc.returncode == 0
    assert f"{path}:3: warning: metric name 'Calls answered' is used twice" in proc.stderr


def test_a_csv_lane_is_checked_against_the_declared_lanes_as_yaml_is(tmp_path):
    (tmp_path / "lanes.yaml").write_text("lanes: [Career, Community]\n")
    (tmp_path / "e.csv").write_text("date,title,lane\n2024,A thing,Carer\n")
    (tmp_path / "e.yaml").write_text("events:\n  - {date: 2024, title: B, lane: Carer}\n")
    proc = run_reportgen("validate", "--events", str(tmp_path), cwd=tmp_path)
    assert "e.csv:2: warning: lane 'Carer' is not in lanes; did you mean 'Career'?" in proc.stderr
    assert "e.yaml:2: warning: lane 'Carer' is not in lanes; did you mean 'Career'?" in proc.stderr


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_positive(project, jobs):
    proc = run_reportgen("build", "--jobs", jobs, cwd=project)
    assert proc.returncode == 2 and "--jobs" in proc.stderr and "1 or more" in proc.stderr


def test_add_to_a_file_outside_the_project_uses_that_file_s_data(project, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text("events:\n  - {date: 2024, title: Other thing}\n")
    proc = run_reportgen(
        "add", "--file", str(other), "--date", "1 Jan 2025", "--title", "Another", cwd=project
    )
    assert proc.returncode == 0, proc.stderr
    assert "duplicate" not in proc.stderr and "not one of this build's inputs" in proc.stderr
    assert "title: Another" in other.read_text()


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("1 Jan 0000", "has a year out of range"),
        ("2024-02-30", "is not a date"),
    ],
)
def test_date_messages_say_what_is_wrong(tmp_path, date, message):
    path = tmp_path / "d.yaml"
    path.write_text(f'events:\n  - {{date: "{date}", title: x}}\n')
    proc = run_reportgen("validate", "--events", str(path), cwd=tmp_path)
    assert message in proc.stderr and "two-digit" not in proc.stderr


def test_a_cosmological_year_is_out_of_range_not_not_a_number(tmp_path):
    path = tmp_path / "d.json"
    path.write_text(
        '{"events": [{"start_date": {"year": "-13800000000"}, "text": {"headline": "Big Bang"}}]}'
    )
    proc = run_reportgen("validate", "--events", str(path), cwd=tmp_path)
    assert "has a year out of range" in proc.stderr and "not a number" not in proc.stderr


def test_devices_and_fifos_as_events_say_what_they_are(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for path, kind in (("/dev/zero", "a device"), (str(fifo), "a FIFO")):
        proc = run_reportgen("validate", "--events", path, cwd=tmp_path, timeout=20)
        assert proc.returncode == 2 and f"{path}: is {kind}, not an event file" in proc.stderr


def test_an_unusable_chromium_points_at_debian_not_a_download(project, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    proc = run_reportgen(
        "timeline", "-o", str(tmp_path / "t.png"), cwd=project,
        env={"REPORTGEN_CHROMIUM": str(fake), "REPORTGEN_CHROMIUM_TIMEOUT": "10"},
    )  # fmt: skip
    assert proc.returncode == 3, proc.stderr
    assert "apt-get install -y chromium" in proc.stderr
    assert "get_chrome" not in proc.stderr and "Traceback" not in proc.stderr


def test_a_nul_byte_is_reported_at_its_line(tmp_path):
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"events:\n  - date: 2024\n    title: a\n  - date: 2025\n    title: b\x00c\n")
    proc = run_reportgen("validate", "--events", str(path), cwd=tmp_path)
    assert f"{path}:5: binary data, not text" in proc.stderr


def test_watch_reports_a_full_disk_and_keeps_watching(project):
    import threading

    from reportgen.config import load_config
    from reportgen.output import WriteFailed
    from reportgen.watch import watch

    lines: list[str] = []
    calls: list[int] = []
    done, stop = threading.Event(), threading.Event()

    def rebuild() -> object:
        calls.append(1)
        if len(calls) == 1:
            raise WriteFailed("no space left on device writing output/timeline.html")
        done.set()
        raise WriteFailed("still full")

    def log(line: str, err: bool = False) -> None:
        lines.append(line)

    thread = threading.Thread(
        target=watch, args=(load_config(project),),
        kwargs={"debounce_ms": 50, "rebuild": rebuild, "stop_event": stop, "log": log},
    )  # fmt: skip
    thread.start()
    while not calls:
        time.sleep(0.01)
    (project / "events" / "more.yaml").write_text("events: []\n")
    assert done.wait(15)
    stop.set()
    thread.join(15)
    assert any("not rebuilt: no space left on device writing output/timeline.html" in line for line in lines)


def test_schedule_reports_a_full_disk_and_goes_on():
    from reportgen.output import WriteFailed
    from reportgen.schedule import _run_once

    def full() -> object:
        raise WriteFailed("no space left on device writing output/briefing-pack.pdf")

    assert _run_once(full, print) == "failed: no space left on device writing output/briefing-pack.pdf"


def test_watch_and_schedule_read_an_edited_config_afresh(project):
    from reportgen.config import load_config

    cfg = load_config(project, marking="SECRET")
    (project / "reportgen.toml").write_text('[pack]\ntitle = "Edited title"\nas_of = 2025-10-15\n')
    again = cfg.reload()
    assert again.title == "Edited title" and again.marking == "SECRET"  # the command line still wins
    assert again.config_bytes == (project / "reportgen.toml").read_bytes()


@pytest.mark.chromium
def test_a_failed_render_is_tried_once_more(exporter, monkeypatch):
    import plotly.graph_objects as go

    from reportgen.errors import RenderError
    from reportgen.render import export

    real, calls = export.check_image, []

    def flaky(fmt, data, size):
        calls.append(fmt)
        if len(calls) == 1:
            raise RenderError(
                "Chromium failed to render a SVG: ReferenceError: kaleido_scopes is not defined"
            )
        real(fmt, data, size)

    monkeypatch.setattr(export, "check_image", flaky)
    assert exporter.render(go.Figure(), "svg", width=300, height=200).lstrip().startswith(b"<svg")
    assert len(calls) == 2


# --- a timeline window that makes no sense ------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "sometime"], "--from 'sometime' is not a date"),
        (["--from", "2025", "--to", "2017"], "--from 2025 is after --to 2017; give the earlier date first"),
    ],
)
def test_a_bad_window_on_the_command_line_is_exit_2_before_any_work(project, args, message):
    proc = run_reportgen("build", *args, cwd=project)
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
    no_traceback(proc)
    assert not (project / "output").exists()


def test_a_bad_window_in_the_config_names_its_line(project):
    config = project / "reportgen.toml"
    text = config.read_text().replace("[pack]\n", '[pack]\nfrom = "the olden days"\n', 1)
    config.write_text(text)
    line = text.splitlines().index('from = "the olden days"') + 1
    proc = run_reportgen("build", cwd=project)
    assert proc.returncode == 2, proc.stderr
    assert f"reportgen.toml:{line}: from = 'the olden days' is not a date" in proc.stderr
    no_traceback(proc)
