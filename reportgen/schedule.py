"""Build at cron times: a foreground loop, or a crontab line / systemd timer for the OS scheduler.

Cron expressions name *wall-clock* times in a time zone. croniter walks the
naive wall-clock times and zoneinfo turns each into an instant, which pins the
behaviour across daylight-saving changes (Europe/London shown):

- Spring forward (2025-03-30, 01:00 → 02:00): a wall time in the missing hour
  (e.g. 01:30) still runs, at the same elapsed time it would have had: 02:30 BST.
  A slot that lands on an instant already used (hourly ``30 * * * *`` gives 01:30
  → 02:30 and 02:30) runs once.
- Fall back (2025-10-26, 02:00 → 01:00): a wall time in the repeated hour runs
  once, at its first occurrence (01:30 BST); the second 01:30 (GMT) is skipped.

The loop re-reads the wall clock at least once a minute, so a machine that
slept (where `time.sleep` does not advance) still notices a due run. Runs missed
while asleep, or while a build overran, are caught up once, not once per slot.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shlex
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reportgen import clock as clock_mod
from reportgen.config import BuildConfig
from reportgen.errors import UsageError
from reportgen.report import Kind, failure, rebuilt_line

_CRON_HINT = 'five fields "minute hour day-of-month month day-of-week", e.g. "0 6 * * 1-5" (06:00 Mon–Fri)'
_MAX_SLEEP = 60.0  # seconds; re-check the wall clock this often (suspend stops the monotonic clock)
_LATE = dt.timedelta(seconds=_MAX_SLEEP + 5)  # a run starting later than this after its slot is a catch-up
_DAY_NAMES = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")


def zone(tz: str) -> ZoneInfo:
    """The IANA time zone `tz`, or UsageError."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"time zone {tz!r} is not known; use an IANA name such as Europe/London or UTC"
        ) from None


def check_cron(cron: str) -> str:
    """Return `cron` stripped when croniter accepts it as a five-field expression (or @daily etc.)."""
    from croniter import croniter

    text = " ".join(cron.split())
    fields_ok = text.startswith("@") or len(text.split()) == 5
    if not fields_ok or not croniter.is_valid(text):
        raise UsageError(f"cron expression {cron!r} is not valid; write {_CRON_HINT}")
    try:
        croniter(text, dt.datetime(2000, 1, 1, tzinfo=dt.UTC)).get_next(dt.datetime)
    except ValueError:  # CroniterBadDateError: e.g. "0 0 31 2 *" (31 February)
        raise UsageError(f"cron expression {cron!r} never fires; check the day and month fields") from None
    return text


def _fire_times(cron: str, tz: ZoneInfo, after: dt.datetime) -> Iterator[dt.datetime]:
    """Fire times (UTC) strictly after `after`, increasing, each instant once (see module doc).

    Everything is compared in UTC: Python compares and subtracts two datetimes that share a
    tzinfo by wall time, ignoring the DST offset.
    """
    from croniter import croniter

    last = after.astimezone(dt.UTC)
    wall = last.astimezone(tz).replace(tzinfo=None, fold=0)
    walker = croniter(check_cron(cron), wall)
    while True:
        naive = walker.get_next(dt.datetime)
        # fold=0: first occurrence of a repeated time; for a missing time, the pre-change offset.
        instant = naive.replace(tzinfo=tz, fold=0).astimezone(dt.UTC)
        if instant > last:
            last = instant
            yield instant


def next_runs(cron: str, tz: str, after: dt.datetime, n: int) -> list[dt.datetime]:
    """The next `n` fire times of `cron` in zone `tz` strictly after the aware datetime `after`."""
    if after.tzinfo is None:
        raise ValueError("`after` must be timezone-aware")
    zone_info = zone(tz)
    times = _fire_times(cron, zone_info, after)
    return [next(times).astimezone(zone_info) for _ in range(n)]  # 01:30 in the spring gap: 02:30 BST


def _latest_due(cron: str, tz: ZoneInfo, due: dt.datetime, now: dt.datetime) -> tuple[dt.datetime, int]:
    """The last fire time <= now (UTC), starting from the overdue `due`, and how many slots that is."""
    latest, count = due, 1
    for fire in _fire_times(cron, tz, due):
        if fire > now:
            break
        latest, count = fire, count + 1
    return latest, count


def _default_build(cfg: BuildConfig) -> Callable[[], object]:
    def rebuild() -> object:
        from reportgen.build import build

        return build(cfg.reload())  # the config as it is now, and today's date unless fixed

    return rebuild


def _echo(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _stamp(moment: dt.datetime, tz: ZoneInfo) -> str:
    return f"{moment.astimezone(tz):%Y-%m-%d %H:%M %Z}"


def _run_once(build: Callable[[], object], log: Callable[[str], None]) -> str:
    """Run one build; never raise (a failed run is logged and the schedule continues)."""
    try:
        return rebuilt_line(build())  # type: ignore[arg-type]
    except Exception as exc:
        problem = failure(exc)
    for line in problem.details:
        if problem.kind is Kind.BUG:  # a bug's traceback goes to stderr, apart from the schedule's log
            print(line, file=sys.stderr)  # noqa: T201
        else:
            log(line)
    if problem.kind is Kind.INPUT:
        return "not rebuilt: invalid input (previous outputs kept)"
    if problem.kind is Kind.BUG and problem.details:
        return "failed: internal error (a bug; traceback above)"
    return f"failed: {problem.reason}"


def run(
    cfg: BuildConfig,
    cron: str,
    tz: str,
    *,
    build: Callable[[], object] | None = None,
    clock: Callable[[], dt.datetime] | None = None,
    sleep: Callable[[float], None] | None = None,
    max_runs: int | None = None,
    log: Callable[[str], None] | None = None,
) -> int:
    """Build at each fire time of `cron` in `tz`, in the foreground. Returns 0 after `max_runs` runs.

    `build` returns a BuildResult (defaults to `reportgen.build.build(cfg)`); `clock`
    returns an aware now; `sleep` waits seconds. A build that is up to date does no work.
    """
    zone_info, cron = zone(tz), check_cron(cron)
    build = build or _default_build(cfg)
    clock = clock or clock_mod.now
    sleep = sleep or time.sleep
    log = log or _echo
    due = next(_fire_times(cron, zone_info, clock()))
    runs = 0
    try:
        with _sigterm_raises():
            log(f"schedule {cron!r} ({tz}) for {cfg.root}; next run {_stamp(due, zone_info)}")
            while max_runs is None or runs < max_runs:
                now = clock().astimezone(dt.UTC)
                if now < due:
                    sleep(min(_MAX_SLEEP, (due - now).total_seconds()))
                    continue
                slot, slots = _latest_due(cron, zone_info, due, now)
                outcome = _run_once(build, log)
                runs += 1
                due = next(_fire_times(cron, zone_info, slot))
                note = _catch_up_note(slot, slots, now, zone_info)
                log(f"{_stamp(now, zone_info)} {outcome}{note}; next run {_stamp(due, zone_info)}")
    except _Terminated:
        log("stopped")
        return 0
    except KeyboardInterrupt:
        log("stopped")
        return 130
    return 0


class _Terminated(Exception):
    """SIGTERM arrived: stop sleeping (or building: its own cleanup closes Chromium) and exit 0."""


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum: int, _frame: object) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _catch_up_note(slot: dt.datetime, slots: int, started: dt.datetime, tz: ZoneInfo) -> str:
    """Say when a run stands in for missed slots (machine asleep, or the previous build overran)."""
    if slots > 1:
        return f" (caught up {slots} missed runs in one, the last due {_stamp(slot, tz)})"
    if started - slot > _LATE:
        return f" (caught up the run due {_stamp(slot, tz)})"
    return ""


# --- OS scheduler text -------------------------------------------------------------------------


def _build_command(cfg: BuildConfig) -> list[str]:
    """The `reportgen build` command that reproduces this configuration's non-default settings."""
    from pathlib import Path

    from reportgen.config import load_config

    script = Path(sys.executable).with_name("reportgen")
    argv = [str(script)] if script.exists() else [sys.executable, "-m", "reportgen"]
    argv += ["build", "--quiet"]
    base = load_config(cfg.root)
    if cfg.events != base.events:
        for path in cfg.events:
            argv += ["--events", str(path)]
    if cfg.out_dir != base.out_dir:
        argv += ["--out", str(cfg.out_dir)]
    if cfg.style != base.style:
        argv += ["--style", cfg.style]
    if cfg.marking != base.marking and cfg.marking:
        argv += ["--marking", cfg.marking]
    return argv


def crontab_line(cfg: BuildConfig, cron: str, tz: str) -> str:
    """Crontab lines running `reportgen build --quiet` at `cron` in `tz` (CRON_TZ needs cronie)."""
    cron, _ = check_cron(cron), zone(tz)
    out = shlex.quote(str(cfg.out_dir))
    command = " ".join(shlex.quote(a) for a in _build_command(cfg))
    shell = f"cd {shlex.quote(str(cfg.root))} && mkdir -p {out} && {command} >> {out}/schedule.log 2>&1"
    return "\n".join(
        [
            f"# reportgen: build {cfg.root} at {cron!r} in {tz}; add with `crontab -e`.",
            "# CRON_TZ needs cronie; other crons use the system time zone.",
            f"CRON_TZ={tz}",
            f"{cron} {shell.replace('%', chr(92) + '%')}",  # % is a newline in crontab
        ]
    )


def _span(values: list[int], lowest: int, highest: int, fmt: Callable[[int], str]) -> str:
    """Render a sorted list of field values as systemd calendar syntax."""
    if values == list(range(lowest, highest + 1)):
        return "*"
    if len(values) > 2:
        step = values[1] - values[0]
        if all(b - a == step for a, b in zip(values, values[1:], strict=False)):
            if step == 1:
                return f"{fmt(values[0])}..{fmt(values[-1])}"
            if values[-1] + step > highest:
                return f"{fmt(values[0])}/{step}"
    return ",".join(fmt(v) for v in values)


def _field(expanded: list[Any], lowest: int, highest: int, fmt: Callable[[int], str] = str) -> str:
    if expanded == ["*"]:
        return "*"
    if not all(isinstance(v, int) for v in expanded):
        raise UsageError(
            f"cannot express cron value {expanded!r} (L, #, W) as a systemd timer; use --print-crontab"
        )
    return _span(sorted(set(expanded)), lowest, highest, fmt)


def on_calendar(cron: str, tz: str) -> list[str]:
    """systemd OnCalendar= values equivalent to `cron` in `tz` (two when cron ORs day and weekday)."""
    from croniter import croniter

    zone(tz)
    minute, hour, dom, month, dow = croniter(check_cron(cron)).expanded[:5]
    days = [7 if d == 0 else d for d in dow] if dow != ["*"] else dow  # Monday-first, Sunday = 7
    week = _field(days, 1, 7, lambda d: _DAY_NAMES[d % 7])
    clock_part = f"{_field(hour, 0, 23, '{:02d}'.format)}:{_field(minute, 0, 59, '{:02d}'.format)}:00"
    months = _field(month, 1, 12, "{:02d}".format)
    monthday = _field(dom, 1, 31, "{:02d}".format)
    with_days = f"*-{months}-{monthday} {clock_part} {tz}"
    if week == "*":
        return [with_days]
    with_week = f"{week} *-{months}-* {clock_part} {tz}"
    # cron runs when EITHER day-of-month or day-of-week matches if both are restricted.
    return [with_week] if monthday == "*" else [with_days, with_week]


def systemd_units(cfg: BuildConfig, cron: str, tz: str) -> str:
    """A systemd user service and timer (Persistent=true catches up runs missed while off)."""
    calendars = on_calendar(cron, tz)
    name = f"reportgen-{cfg.root.name or 'pack'}"
    command = " ".join(shlex.quote(a) for a in _build_command(cfg))
    service = [
        f"# ~/.config/systemd/user/{name}.service",
        "[Unit]",
        f"Description=Build the reportgen briefing pack in {cfg.root}",
        "",
        "[Service]",
        "Type=oneshot",
        f"WorkingDirectory={cfg.root}",
        f"ExecStart={command}",
    ]
    timer = [
        f"# ~/.config/systemd/user/{name}.timer  (then: systemctl --user enable --now {name}.timer)",
        "[Unit]",
        f"Description=Build the reportgen pack at {cron!r} ({tz})",
        "",
        "[Timer]",
        *(f"OnCalendar={c}" for c in calendars),
        "Persistent=true",
        "",
        "[Install]",
        "WantedBy=timers.target",
    ]
    return "\n".join(service + [""] + timer)
