"""The command line's arguments: one parser, every command's options, an example for each."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from reportgen import __version__

EXAMPLES = {
    "validate": "reportgen validate --events events/ --events extra.csv",
    "build": "reportgen build --as-of 2025-10-15 --out output/",
    "timeline": "reportgen timeline -o output/timeline.pdf --paper A4",
    "watch": "reportgen watch --events events/",
    "preview": "reportgen preview --open   # then edit events/*.yaml and watch the page update",
    "diff": "reportgen diff --since 3     # or --since 2025-10-08, or --since old/snapshot.json; --json",
    "schedule": 'reportgen schedule --cron "0 6 * * 1-5" --tz Europe/London',
    "add": 'reportgen add --date "16 Sep 2025" --title "Force open day" --lane Community --source pfcc-2025',
    "init": "reportgen init my-briefing && cd my-briefing && reportgen build",
    "schema": "reportgen schema -o events.schema.json",
    "export": "reportgen export --format ics -o output/events.ics",
    "completion": 'eval "$(reportgen completion bash)"   # or add it to ~/.bashrc',
    "import": "reportgen import force.xlsx -o events/force.yaml",
    "renderer": "reportgen renderer status    # or: reportgen renderer stop",
    "cache": "reportgen cache status       # or: reportgen cache clear",
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


def _column(text: str) -> tuple[str, str]:
    from reportgen.config import COLUMN_NAMES

    name, sep, header = text.partition("=")
    if not sep or name.strip() not in COLUMN_NAMES or not header.strip():
        raise argparse.ArgumentTypeError(
            f"{text!r} is not NAME=HEADER with NAME one of {', '.join(COLUMN_NAMES)}; e.g. title=Incident"
        )
    return name.strip(), header.strip()


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
    p.add_argument(
        "--column",
        action="append",
        type=_column,
        default=None,
        metavar="NAME=HEADER",
        help='a spreadsheet header for one of our columns, e.g. --column title="Incident" (repeatable)',
    )
    p.add_argument("--sheet", default=None, help="the workbook sheet that holds the events (default: Events)")


def _build_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=None, help="output folder (default: output/)")
    p.add_argument(
        "--as-of", type=_day, default=None, help="as-of day YYYY-MM-DD (default: reportgen.toml, else today)"
    )
    p.add_argument(
        "--style", default=None, help="style name in styles/ or a path to a .toml (default: default)"
    )
    p.add_argument("--marking", default=None, help="minimum protective marking, e.g. OFFICIAL or NONE")
    p.add_argument(
        "--from", dest="window_from", default=None, metavar="DATE",
        help="timeline starts here, e.g. 2017 or Jan 2023 (events before it stay in the chronology)",
    )  # fmt: skip
    p.add_argument(
        "--to", dest="window_to", default=None, metavar="DATE", help="timeline ends here, e.g. 2026"
    )
    p.add_argument(
        "--keep-editions", type=int, default=None, metavar="N",
        help="keep the newest N editions in output/editions/ (default: every one; keep_editions)",
    )  # fmt: skip
    p.add_argument(
        "--on-change", default=None, metavar="CMD",
        help='run CMD after each new edition, e.g. --on-change \'cp "$REPORTGEN_EDITION_PACK" /mnt/share/\'',
    )  # fmt: skip
    p.add_argument(
        "--no-accessible", action="store_true",
        help="skip the accessible edition (briefing-pack.html, -accessible.pdf); or accessible = false",
    )  # fmt: skip


def _shared() -> argparse.ArgumentParser:
    """Options every command takes."""
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    shared.add_argument("-v", "--verbose", action="store_true", help="say more: files read, stage timings")
    return shared


def make_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser. Given `command`, only that command is set up: a run parses
    one command, and setting up all of them took ~7 ms of a ~0.1 s no-op build."""
    parser = argparse.ArgumentParser(
        prog="reportgen",
        description="Turn a dated event list and metrics into a printable, sourced briefing pack.",
        epilog="example:\n  reportgen build\n  " + "\n  ".join(EXAMPLES.values()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-V", "--version", action="version", version=f"reportgen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    shared = _shared()

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=f"example:\n  {EXAMPLES[name]}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
            parents=[shared],
        )

    for name, (help_text, options) in _COMMANDS.items():
        if command is None or name == command:
            options(add(name, help_text))
    return parser


def _validate_options(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument(
        "--style", default=None, help="style name in styles/ or a path to a .toml (default: default)"
    )
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 2)")
    p.add_argument(
        "--json", action="store_true", help="print the outcome as JSON (docs/cli-json.schema.json)"
    )


def _build_options(p: argparse.ArgumentParser) -> None:
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
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        default=None,
        help="one pack per --events as tasks on a Dask cluster: tcp://HOST:8786, or local (a LocalCluster"
        " of --jobs workers); needs reportgen[cluster]",
    )
    p.add_argument(
        "--json", action="store_true", help="print the outcome as JSON (docs/cli-json.schema.json)"
    )


def _timeline_options(p: argparse.ArgumentParser) -> None:
    _common(p)
    _build_opts(p)
    p.add_argument(
        "-o", "--output", type=Path, default=Path("output/timeline.png"), help="file; format from suffix"
    )
    p.add_argument("--width", type=int, default=None, help="width in px")
    p.add_argument("--height", type=int, default=None, help="height in px")
    p.add_argument("--scale", type=float, default=1.0, help="PNG pixel density multiplier")
    p.add_argument("--paper", default=None, help="size the image for A4, A3 or LETTER paper, landscape")
    p.add_argument(
        "--dpi", type=float, default=None, help="PNG density in dots per inch, written into the PNG"
    )
    p.add_argument("--title", default=None, help="title drawn above the timeline")
    p.add_argument(
        "--embed",
        action="store_true",
        help="with an .html output: a fragment to paste into a web page, and plotly.min.js beside it",
    )


def _watch_options(p: argparse.ArgumentParser) -> None:
    _common(p)
    _build_opts(p)
    p.add_argument("--debounce", type=int, default=None, help="ms to wait for edits to settle (default 100)")


def _preview_options(p: argparse.ArgumentParser) -> None:
    _common(p)
    _build_opts(p)
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one, printed)")
    p.add_argument("--open", action="store_true", help="open the page in the default browser")
    p.add_argument("--debounce", type=int, default=None, help="ms to wait for edits to settle (default 100)")


def _diff_options(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument(
        "--out", type=Path, default=None, help="output folder holding editions/ (default: output/)"
    )
    p.add_argument(
        "--since", default=None, metavar="N|DATE|PATH",
        help="an edition number, an as-of day (the last edition on or before it), or a snapshot.json",
    )  # fmt: skip
    p.add_argument("--json", action="store_true", help="print added, changed, removed and metrics as JSON")


def _schedule_options(p: argparse.ArgumentParser) -> None:
    _common(p)
    _build_opts(p)
    p.add_argument("--cron", required=True, help='cron expression, e.g. "0 6 * * 1-5"')
    p.add_argument(
        "--tz", default="Europe/London", help="time zone for the cron times (default Europe/London)"
    )
    p.add_argument("--print-crontab", action="store_true", help="print an equivalent crontab line and exit")
    p.add_argument("--print-systemd", action="store_true", help="print a systemd service + timer and exit")


def _add_options(p: argparse.ArgumentParser) -> None:
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


def _init_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("directory", type=Path)
    p.add_argument(
        "--marking",
        default="OFFICIAL",
        help="the lowest protective marking of the project's packs: NONE (e.g. a newspaper), OFFICIAL"
        " (default), OFFICIAL-SENSITIVE, SECRET or TOP SECRET",
    )


def _schema_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", type=Path, default=None, help="file, or - to print (default)")


def _import_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", type=Path, help="the file to convert")
    p.add_argument("-o", "--output", type=Path, required=True, help="the YAML file to write, or - to print")


def _completion_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("shell", choices=["bash", "zsh", "fish"])


def _renderer_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["status", "stop"])


def _cache_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["status", "clear"])


def _export_options(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("--format", choices=["timelinejs", "ics"], required=True)
    p.add_argument("--marking", default=None, help="minimum protective marking; the data's may raise it")
    p.add_argument("-o", "--output", type=Path, required=True, help="file, or - for standard output")
    p.add_argument(
        "--as-of", type=_day, default=None, help="ics DTSTAMP day (default: SOURCE_DATE_EPOCH, else the data)"
    )


_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "validate": (
        "Check event files, reportgen.toml and the style; print each problem as path:line: message.",
        _validate_options,
    ),
    "build": ("Build the briefing pack and timeline images, redoing only what changed.", _build_options),
    "timeline": ("Draw the timeline alone as PNG, SVG, PDF or interactive HTML.", _timeline_options),
    "watch": ("Build, then rebuild whenever event files, styles or config change.", _watch_options),
    "preview": (
        "Build, serve the HTML edition and PDFs on 127.0.0.1, reload the page on rebuilds.",
        _preview_options,
    ),
    "diff": (
        "What changed since the last edition (or --since one), before anything is built.",
        _diff_options,
    ),
    "schedule": ("Build at cron times in the foreground (skips when nothing changed).", _schedule_options),
    "add": ("Append a validated event to a YAML file (keeps comments), then rebuild.", _add_options),
    "init": ("Create a ready-to-edit project folder.", _init_options),
    "schema": ("Write the JSON Schema of the YAML events file.", _schema_options),
    "import": (
        "Write any readable input (workbook, CSV, TimelineJS) as a native YAML events file.",
        _import_options,
    ),
    "completion": ("Print a shell completion script for bash, zsh or fish.", _completion_options),
    "renderer": (
        "Show or stop the background renderer that keeps Chromium warm between builds (it stops "
        "by itself after REPORTGEN_RENDERER_IDLE seconds, default 600; REPORTGEN_RENDERER=off: none).",
        _renderer_options,
    ),
    "cache": (
        "Show or empty the render cache every output folder shares (figures Chromium drew, by content;"
        " REPORTGEN_CACHE_DIR, REPORTGEN_CACHE_MB (default 256), REPORTGEN_CACHE=off: none).",
        _cache_options,
    ),
    "export": ("Export events as TimelineJS3 JSON or iCalendar.", _export_options),
}
