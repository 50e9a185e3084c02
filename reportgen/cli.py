"""Command line: parses arguments, calls the library, maps typed errors to exit codes.

Exit codes: 0 ok · 2 bad input or usage · 3 environment problem · 1 a bug.
Heavy libraries (plotly, reportlab) are imported inside the commands that need
them, so `reportgen validate` and a no-op `reportgen build` stay fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from reportgen import __version__
from reportgen.config import BuildConfig

WAITING = "waiting for another build of this output folder to finish…"

EXAMPLES = {
    "validate": "reportgen validate --events events/ --events extra.csv",
    "build": "reportgen build --as-of 2025-10-15 --out output/",
    "timeline": "reportgen timeline -o output/timeline.png --width 1600 --height 900 --scale 2",
    "watch": "reportgen watch --events events/",
    "schedule": 'reportgen schedule --cron "0 6 * * 1-5" --tz Europe/London',
    "add": 'reportgen add --date "16 Sep 2025" --title "Force open day" --lane Community --source pfcc-2025',
    "init": "reportgen init my-briefing && cd my-briefing && reportgen build",
    "schema": "reportgen schema -o events.schema.json",
    "export": "reportgen export --format ics -o output/events.ics",
}


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a day; write YYYY-MM-DD, e.g. 2025-10-15"
        ) from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of processes; give 1 or more, e.g. --jobs 2"
        )
    return value


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--events",
        action="append",
        type=Path,
        metavar="PATH",
        help="event file or folder of *.yaml/*.yml/*.csv/*.json (repeatable; default: events/)",
    )
    p.add_argument(
        "--project", type=Path, default=None, help="project folder holding reportgen.toml (default: .)"
    )


def _build_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=None, help="output folder (default: output/)")
    p.add_argument(
        "--as-of", type=_day, default=None, help="as-of day YYYY-MM-DD (default: reportgen.toml, else today)"
    )
    p.add_argument(
        "--style", default=None, help="style name in styles/ or a path to a .toml (default: default)"
    )
    p.add_argument("--marking", default=None, help="minimum protective marking, e.g. OFFICIAL or NONE")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reportgen",
        description="Turn a dated event list and metrics into a printable, sourced briefing pack.",
        epilog="example:\n  reportgen build\n  " + "\n  ".join(EXAMPLES.values()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reportgen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=f"example:\n  {EXAMPLES[name]}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    p = add(
        "validate",
        "Check event files, reportgen.toml and the style; print each problem as path:line: message.",
    )
    _common(p)
    p.add_argument(
        "--style", default=None, help="style name in styles/ or a path to a .toml (default: default)"
    )
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 2)")

    p = add("build", "Build the briefing pack and timeline images, redoing only what changed.")
    _common(p)
    _build_opts(p)
    p.add_argument("--force", action="store_true", help="rebuild everything, ignoring the cache")
    p.add_argument(
        "--jobs",
        type=_positive,
        default=None,
        metavar="N",
        help="with several --events: one pack per folder into OUT/<folder>/, N processes at a time",
    )
    p.add_argument(
        "--each", action="store_true", help="with several --events: one pack per folder (as --jobs 1)"
    )
    p.add_argument("--quiet", action="store_true", help="print nothing on success")

    p = add("timeline", "Draw the timeline alone as PNG, SVG, PDF or interactive HTML.")
    _common(p)
    _build_opts(p)
    p.add_argument(
        "-o", "--output", type=Path, default=Path("output/timeline.png"), help="file; format from suffix"
    )
    p.add_argument("--width", type=int, default=None, help="width in px")
    p.add_argument("--height", type=int, default=None, help="height in px")
    p.add_argument("--scale", type=float, default=1.0, help="PNG pixel density multiplier")
    p.add_argument("--title", default=None, help="title drawn above the timeline")

    p = add("watch", "Build, then rebuild whenever event files, styles or config change.")
    _common(p)
    _build_opts(p)
    p.add_argument("--debounce", type=int, default=300, help="ms to wait for edits to settle (default 300)")

    p = add("schedule", "Build at cron times in the foreground (skips when nothing changed).")
    _common(p)
    _build_opts(p)
    p.add_argument("--cron", required=True, help='cron expression, e.g. "0 6 * * 1-5"')
    p.add_argument(
        "--tz", default="Europe/London", help="time zone for the cron times (default Europe/London)"
    )
    p.add_argument("--print-crontab", action="store_true", help="print an equivalent crontab line and exit")
    p.add_argument("--print-systemd", action="store_true", help="print a systemd service + timer and exit")

    p = add("add", "Append a validated event to a YAML file (keeps comments), then rebuild.")
    _common(p)
    _build_opts(p)
    p.add_argument("--date", required=True, help='e.g. "16 Sep 2025", "Oct 2023", "late 2025"')
    p.add_argument("--title", required=True)
    p.add_argument("--end", default=None, help="end date for a span")
    p.add_argument("--description", default="")
    p.add_argument("--lane", default=None)
    p.add_argument("--source", action="append", default=[], help="source id (repeatable)")
    p.add_argument("--status", choices=["past", "planned"], default=None)
    p.add_argument("--importance", type=int, choices=range(1, 6), default=None)
    p.add_argument(
        "--file", type=Path, default=None, help="YAML file to append to (default events/events.yaml)"
    )
    p.add_argument("--no-build", action="store_true", help="only add the event")

    p = add("init", "Create a ready-to-edit project folder.")
    p.add_argument("directory", type=Path)

    p = add("schema", "Write the JSON Schema of the YAML events file.")
    p.add_argument("-o", "--output", type=Path, default=None, help="file, or - to print (default)")

    p = add("export", "Export events as TimelineJS3 JSON or iCalendar.")
    _common(p)
    p.add_argument("--format", choices=["timelinejs", "ics"], required=True)
    p.add_argument("--marking", default=None, help="minimum protective marking; the data's may raise it")
    p.add_argument("-o", "--output", type=Path, required=True, help="file, or - for standard output")
    p.add_argument(
        "--as-of", type=_day, default=None, help="ics DTSTAMP day (default: SOURCE_DATE_EPOCH, else the data)"
    )
    return parser


def _config(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from reportgen.config import load_config

    return load_config(
        args.project,
        events=args.events,
        out_dir=getattr(args, "out", None),
        as_of=getattr(args, "as_of", None),
        style=getattr(args, "style", None),
        marking=getattr(args, "marking", None),
    )


def _print_warnings(diagnostics: Sequence[object]) -> None:
    for d in diagnostics:
        print(d, file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    from reportgen.prepare import prepare

    prep = prepare(_config(args))
    dataset, warnings = prep.dataset, prep.warnings
    _print_warnings(warnings)
    counts = f"{len(dataset.events)} events, {len(dataset.metrics)} metrics, {len(dataset.sources)} sources"
    print(f"ok: {counts}, {len(warnings)} warnings")
    return 2 if args.strict and warnings else 0


def _build(cfg: BuildConfig, *, force: bool = False, jobs: int | None = None, quiet: bool = False,
           each: bool = False) -> int:  # fmt: skip
    """One pack, or with several --events and --jobs/--each one pack per folder (`reportgen.batch`).

    Prints a one-line summary (warnings to stderr) unless quiet.
    """
    if len(cfg.events) > 1 and (jobs is not None or each):
        from reportgen.batch import build_each

        return build_each(cfg, force=force, jobs=jobs or 1, quiet=quiet)
    from reportgen.build import build
    from reportgen.report import summary_line

    result = build(cfg, force=force, on_wait=None if quiet else _say_waiting)
    if not quiet:
        _print_warnings(result.warnings)
        print(summary_line(result))
    return 0


def _say_waiting() -> None:
    print(WAITING, file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    cfg = _config(args)
    return _build(cfg, force=args.force, jobs=args.jobs, quiet=args.quiet, each=args.each)


def cmd_timeline(args: argparse.Namespace) -> int:
    from reportgen.standalone import render_timeline_file

    cfg = _config(args)
    path = render_timeline_file(
        cfg, args.output, width=args.width, height=args.height, scale=args.scale, title=args.title
    )
    print(f"wrote {path}")
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    from reportgen.watch import watch

    return watch(_config(args), debounce_ms=args.debounce)


def cmd_schedule(args: argparse.Namespace) -> int:
    from reportgen import schedule

    cfg = _config(args)
    if args.print_crontab:
        print(schedule.crontab_line(cfg, args.cron, args.tz))
        return 0
    if args.print_systemd:
        print(schedule.systemd_units(cfg, args.cron, args.tz))
        return 0
    return schedule.run(cfg, args.cron, args.tz)


def cmd_add(args: argparse.Namespace) -> int:
    from reportgen.add import add_event, is_input

    cfg = _config(args)
    fields = {
        "date": args.date,
        "end": args.end,
        "title": args.title,
        "description": args.description,
        "lane": args.lane,
        "sources": args.source,
        "status": args.status,
        "importance": args.importance,
    }
    target = args.file or (cfg.root / "events" / "events.yaml")
    event_id = add_event(target, {k: v for k, v in fields.items() if v not in (None, "", [])}, cfg)
    print(f"added {event_id} to {target}")
    if args.no_build:
        return 0
    if not is_input(target, cfg):
        events = " ".join(f"--events {p}" for p in cfg.events)
        print(
            f"note: {target} is not one of this build's inputs ({events}), so the pack was not rebuilt;"
            f" build it with: reportgen build --events {target}",
            file=sys.stderr,
        )
        return 0
    return _build(cfg)


def cmd_init(args: argparse.Namespace) -> int:
    from reportgen.init import init_project

    for path in init_project(args.directory):
        print(f"created {path}")
    print(f"next: cd {args.directory} && reportgen build")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from reportgen.output import write_output
    from reportgen.schema import schema_text

    said = write_output(args.output or Path("-"), schema_text().encode())
    if said:
        print(said)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from reportgen import interop
    from reportgen.output import write_output
    from reportgen.prepare import prepare

    prep = prepare(_config(args))
    _print_warnings(prep.warnings)
    if args.format == "timelinejs":
        data = interop.export_timelinejs(prep.dataset, marking=prep.marking)
    else:
        data = interop.export_ics(prep.dataset, as_of=args.as_of, marking=prep.marking)
    said = write_output(args.output, data)
    if said:
        print(said)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": cmd_validate,
    "build": cmd_build,
    "timeline": cmd_timeline,
    "watch": cmd_watch,
    "schedule": cmd_schedule,
    "add": cmd_add,
    "init": cmd_init,
    "schema": cmd_schema,
    "export": cmd_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # every outcome is put into words in one place: reportgen.report
        from reportgen.report import failure

        problem = failure(exc)
        for line in problem.lines():
            print(line, file=sys.stderr)
        return problem.exit_code
