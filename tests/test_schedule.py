"""Schedule: fire times across DST, the foreground loop with a fake clock, OS scheduler text."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reportgen.cli import main
from reportgen.config import load_config
from reportgen.errors import UsageError, ValidationFailed, error
from reportgen.schedule import crontab_line, next_runs, on_calendar, run, systemd_units
from reportgen.sourceloc import SourceLoc

LONDON = ZoneInfo("Europe/London")


def london(*parts: int, fold: int = 0) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=LONDON, fold=fold)  # type: ignore[misc]


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("cron", "after", "expected"),
    [
        # weekdays at 06:00, over a weekend
        ("0 6 * * 1-5", london(2025, 10, 24, 12), [utc(2025, 10, 27, 6), utc(2025, 10, 28, 6)]),
        ("*/15 * * * *", london(2025, 6, 1, 9, 50), [utc(2025, 6, 1, 9), utc(2025, 6, 1, 9, 15)]),
        ("@daily", utc(2025, 6, 1, 12), [utc(2025, 6, 1, 23), utc(2025, 6, 2, 23)]),  # 00:00 BST
        # spring forward 2025-03-30 01:00 GMT -> 02:00 BST: 01:30 does not exist and runs at 02:30 BST
        (
            "30 1 * * *",
            london(2025, 3, 29, 12),
            [utc(2025, 3, 29, 1, 30) + dt.timedelta(days=1), utc(2025, 3, 31, 0, 30)],
        ),
        # ... and hourly at :30 runs once for the 01:30 / 02:30 BST collision
        (
            "30 * * * *",
            london(2025, 3, 30, 0),
            [utc(2025, 3, 30, 0, 30), utc(2025, 3, 30, 1, 30), utc(2025, 3, 30, 2, 30)],
        ),
        # fall back 2025-10-26 02:00 BST -> 01:00 GMT: 01:30 happens twice and runs once, the first time
        ("30 1 * * *", london(2025, 10, 25, 12), [utc(2025, 10, 26, 0, 30), utc(2025, 10, 27, 1, 30)]),
        # started during the repeated hour, after the (first) 01:30: next is the next day
        ("30 1 * * *", london(2025, 10, 26, 1, 45, fold=1), [utc(2025, 10, 27, 1, 30)]),
        (
            "0 * * * *",
            london(2025, 10, 26, 0, 30),
            [utc(2025, 10, 26, 0), utc(2025, 10, 26, 2), utc(2025, 10, 26, 3)],
        ),
    ],
)
def test_next_runs(cron: str, after: dt.datetime, expected: list[dt.datetime]) -> None:
    got = next_runs(cron, "Europe/London", after, len(expected))
    # compared in UTC: Python never equates an ambiguous local time (01:00 on 26 Oct) with another zone's
    assert [t.astimezone(dt.UTC) for t in got] == expected
    assert all(t.tzinfo is LONDON for t in got)


def test_next_runs_show_london_wall_times_across_spring_forward() -> None:
    got = next_runs("30 1 * * *", "Europe/London", london(2025, 3, 29, 12), 2)
    assert [f"{t:%d %H:%M %Z}" for t in got] == ["30 02:30 BST", "31 01:30 BST"]


@pytest.mark.parametrize(
    ("cron", "tz", "message"),
    [
        ("bad", "Europe/London", "cron expression 'bad' is not valid; write five fields"),
        ("0 6 * *", "Europe/London", "is not valid"),
        ("0 6 * * 1-5 2025", "Europe/London", "is not valid"),
        ("61 6 * * *", "Europe/London", "is not valid"),
        ("0 0 31 2 *", "Europe/London", "never fires"),
        ("0 6 * * *", "Europe/Londn", "time zone 'Europe/Londn' is not known; use an IANA name"),
    ],
)
def test_bad_cron_or_zone_is_a_usage_error(cron: str, tz: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        next_runs(cron, tz, utc(2025, 1, 1), 1)


@dataclass
class FakeTime:
    """A clock that moves only when the loop sleeps or a build takes time; records builds.

    Kept in UTC: adding a timedelta to a London datetime is wall-clock arithmetic and would
    step straight into the missing hour of a DST change.
    """

    now: dt.datetime
    build_takes: dt.timedelta = dt.timedelta(seconds=3)
    wake_late_at: dt.datetime | None = None  # the machine sleeps through this moment ...
    wake_at: dt.datetime | None = None  # ... and wakes here
    builds: list[dt.datetime] = field(default_factory=list)
    naps: list[float] = field(default_factory=list)
    results: list[object] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.now = self.now.astimezone(dt.UTC)
        if self.wake_late_at and self.wake_at:
            self.wake_late_at, self.wake_at = (
                self.wake_late_at.astimezone(dt.UTC),
                self.wake_at.astimezone(dt.UTC),
            )

    def clock(self) -> dt.datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert 0 <= seconds <= 60, "the loop re-reads the clock at least once a minute"
        self.naps.append(seconds)
        self.now += dt.timedelta(seconds=seconds)
        if self.wake_late_at and self.wake_at and self.now >= self.wake_late_at:
            self.now, self.wake_late_at = self.wake_at, None

    def build(self) -> object:
        self.builds.append(self.now)
        self.now += self.build_takes
        result = self.results.pop(0) if self.results else Result([])
        if isinstance(result, Exception):
            raise result
        return result


@dataclass
class Result:
    redone: list[str]
    seconds: float = 3.0
    warnings: tuple[str, ...] = ()


def _run(cfg_root: Path, fake: FakeTime, cron: str, runs: int) -> list[str]:
    lines: list[str] = []
    code = run(
        load_config(cfg_root),
        cron,
        "Europe/London",
        build=fake.build,
        clock=fake.clock,
        sleep=fake.sleep,
        max_runs=runs,
        log=lines.append,
    )
    assert code == 0
    return lines


def test_runs_at_fire_times_and_logs_up_to_date(tmp_path: Path) -> None:
    fake = FakeTime(london(2025, 10, 24, 12))  # a Friday
    fake.results = [Result(["timeline", "pack.pdf"])]  # then nothing changed: up to date
    lines = _run(tmp_path, fake, "0 6 * * 1-5", 3)
    assert fake.builds == [utc(2025, 10, 27, 6), utc(2025, 10, 28, 6), utc(2025, 10, 29, 6)]
    assert lines[0] == f"schedule '0 6 * * 1-5' (Europe/London) for {tmp_path}; next run 2025-10-27 06:00 GMT"
    assert (
        lines[1]
        == "2025-10-27 06:00 GMT rebuilt (timeline, pack.pdf) in 3.00 s; next run 2025-10-28 06:00 GMT"
    )
    assert lines[2] == "2025-10-28 06:00 GMT up to date; next run 2025-10-29 06:00 GMT"


def test_daily_job_runs_once_on_each_dst_change(tmp_path: Path) -> None:
    spring = FakeTime(london(2025, 3, 29, 12))
    _run(tmp_path, spring, "30 1 * * *", 2)
    assert spring.builds == [utc(2025, 3, 30, 1, 30), utc(2025, 3, 31, 0, 30)]  # 02:30 BST, then 01:30 BST

    autumn = FakeTime(london(2025, 10, 25, 12))
    _run(tmp_path, autumn, "30 1 * * *", 2)
    assert autumn.builds == [utc(2025, 10, 26, 0, 30), utc(2025, 10, 27, 1, 30)]  # not again at 01:30 GMT


def test_runs_missed_while_asleep_are_caught_up_once(tmp_path: Path) -> None:
    # Monday 05:00; asleep from 05:30 until Thursday 09:00
    fake = FakeTime(
        london(2025, 10, 27, 5), wake_late_at=london(2025, 10, 27, 5, 30), wake_at=london(2025, 10, 30, 9)
    )
    lines = _run(tmp_path, fake, "0 6 * * 1-5", 2)
    assert fake.builds == [utc(2025, 10, 30, 9), utc(2025, 10, 31, 6)]  # one catch-up, then on time Friday
    assert "caught up 4 missed runs in one, the last due 2025-10-30 06:00 GMT" in lines[1]
    assert "caught up" not in lines[2]


def test_one_missed_run_is_caught_up_and_said_so(tmp_path: Path) -> None:
    fake = FakeTime(
        london(2025, 10, 27, 5), wake_late_at=london(2025, 10, 27, 5, 30), wake_at=london(2025, 10, 27, 8)
    )
    lines = _run(tmp_path, fake, "0 6 * * 1-5", 1)
    assert fake.builds == [utc(2025, 10, 27, 8)]
    assert "(caught up the run due 2025-10-27 06:00 GMT)" in lines[1]


def test_overrunning_build_is_followed_by_one_catch_up(tmp_path: Path) -> None:
    fake = FakeTime(london(2025, 6, 2, 5, 59), build_takes=dt.timedelta(minutes=40))
    lines = _run(tmp_path, fake, "*/15 * * * *", 3)
    # 06:00 runs until 06:40 (06:15 and 06:30 missed) -> one run at 06:40 -> until 07:20 -> one run
    assert fake.builds == [london(2025, 6, 2, 6), london(2025, 6, 2, 6, 40), london(2025, 6, 2, 7, 20)]
    assert "caught up 2 missed runs in one" in lines[2]
    assert "caught up 3 missed runs in one" in lines[3]


def test_failed_builds_are_logged_and_the_schedule_continues(tmp_path: Path) -> None:
    fake = FakeTime(london(2025, 6, 2, 5, 59))
    bad = ValidationFailed([error(SourceLoc("events/a.yaml", 3), "date 'x' is not a date", "write Oct 2023")])
    fake.results = [bad, ZeroDivisionError("bug"), Result(["timeline"])]
    lines = _run(tmp_path, fake, "0 * * * *", 3)
    assert len(fake.builds) == 3
    assert "events/a.yaml:3: date 'x' is not a date; write Oct 2023" in lines
    assert "not rebuilt: invalid input (previous outputs kept)" in lines[2]
    assert "failed: internal error" in lines[3]
    assert "rebuilt (timeline)" in lines[4]


def test_crontab_line(tmp_path: Path) -> None:
    text = crontab_line(load_config(tmp_path), "0 6 * * 1-5", "Europe/London")
    lines = text.splitlines()
    assert "CRON_TZ=Europe/London" in lines
    [job] = [line for line in lines if line.startswith("0 6 * * 1-5 ")]
    assert f"cd {tmp_path} && " in job
    assert " build --quiet >> " in job and job.endswith(f"{tmp_path / 'output'}/schedule.log 2>&1")


def test_crontab_line_keeps_command_line_settings(tmp_path: Path) -> None:
    cfg = load_config(tmp_path, events=[tmp_path / "other"], style="print")
    job = crontab_line(cfg, "0 6 * * *", "UTC").splitlines()[-1]
    assert f"--events {tmp_path / 'other'}" in job and "--style print" in job


@pytest.mark.parametrize(
    ("cron", "calendars"),
    [
        ("0 6 * * 1-5", ["Mon..Fri *-*-* 06:00:00 Europe/London"]),
        ("0 6 * * mon-fri", ["Mon..Fri *-*-* 06:00:00 Europe/London"]),
        ("30 2 * * 6,0", ["Sat,Sun *-*-* 02:30:00 Europe/London"]),
        ("0 9 * * 7", ["Sun *-*-* 09:00:00 Europe/London"]),
        ("*/15 * * * *", ["*-*-* *:00/15:00 Europe/London"]),
        ("0 8-18 * * *", ["*-*-* 08..18:00:00 Europe/London"]),
        ("5,35 * 1-7 * *", ["*-*-01..07 *:05,35:00 Europe/London"]),
        ("0 9 1 jan,jul *", ["*-01,07-01 09:00:00 Europe/London"]),
        ("@daily", ["*-*-* 00:00:00 Europe/London"]),
        # cron runs when EITHER the day of month or the weekday matches: two timers
        ("0 6 1 * 1", ["*-*-01 06:00:00 Europe/London", "Mon *-*-* 06:00:00 Europe/London"]),
    ],
)
def test_on_calendar(cron: str, calendars: list[str]) -> None:
    assert on_calendar(cron, "Europe/London") == calendars


def test_systemd_units(tmp_path: Path) -> None:
    text = systemd_units(load_config(tmp_path), "0 6 * * 1-5", "Europe/London")
    for piece in (
        "[Service]",
        "Type=oneshot",
        f"WorkingDirectory={tmp_path}",
        "build --quiet",
        "[Timer]",
        "OnCalendar=Mon..Fri *-*-* 06:00:00 Europe/London",
        "Persistent=true",
        "WantedBy=timers.target",
    ):
        assert piece in text


def test_systemd_refuses_what_it_cannot_express(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="use --print-crontab"):
        systemd_units(load_config(tmp_path), "0 0 L * *", "UTC")


def test_cli_bad_cron_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "--project", str(tmp_path), "--cron", "bad"]) == 2
    err = capsys.readouterr().err
    assert "reportgen: error: cron expression 'bad' is not valid" in err and '"0 6 * * 1-5"' in err


def test_cli_bad_zone_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "--project", str(tmp_path), "--cron", "0 6 * * *", "--tz", "Mars/Base"]) == 2
    assert "time zone 'Mars/Base' is not known" in capsys.readouterr().err


def test_cli_prints_crontab_and_systemd(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "--project", str(tmp_path), "--cron", "0 6 * * 1-5", "--print-crontab"]) == 0
    assert "CRON_TZ=Europe/London" in capsys.readouterr().out
    assert main(["schedule", "--project", str(tmp_path), "--cron", "0 6 * * 1-5", "--print-systemd"]) == 0
    assert "Persistent=true" in capsys.readouterr().out


_FAKE_SCHEDULE = """
import sys
from pathlib import Path
from reportgen.config import load_config
from reportgen.schedule import run

raise SystemExit(run(load_config(Path(sys.argv[1])), "0 6 * * *", "UTC", build=lambda: None))
"""


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 0), (signal.SIGINT, 130)])
def test_schedule_process_stops_cleanly_on_signal(tmp_path: Path, sig: signal.Signals, code: int) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    argv = [sys.executable, "-c", _FAKE_SCHEDULE, str(tmp_path)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.startswith("schedule '0 6 * * *' (UTC)"), first
    proc.send_signal(sig)
    rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == code and rest == "stopped\n", rest
