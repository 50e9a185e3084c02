"""Command line: parses arguments, calls the library, maps typed errors to exit codes.

Exit codes: 0 ok · 2 bad input or usage · 3 environment problem · 1 a bug.
Heavy libraries (plotly, reportlab) are imported inside the commands that need
them, so `reportgen validate` and a no-op `reportgen build` stay fast.
"""

from __future__ import annotations

import argparse
import atexit
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from reportgen.cli_args import EXAMPLES, make_parser
from reportgen.cli_machine import cmd_cache, cmd_renderer
from reportgen.config import BuildConfig
from reportgen.console import Console, diagnostic_json
from reportgen.warm import WARM_PID

WAITING = "waiting for another build of this output folder to finish…"
__all__ = ["COMMANDS", "EXAMPLES", "main", "make_parser"]


def _config(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from reportgen.config import load_config

    return load_config(
        args.project,
        events=args.events,
        out_dir=getattr(args, "out", None),
        as_of=getattr(args, "as_of", None),
        style=getattr(args, "style", None),
        marking=getattr(args, "marking", None),
        columns=getattr(args, "column", None),
        sheet=getattr(args, "sheet", None),
        window_from=getattr(args, "window_from", None),
        window_to=getattr(args, "window_to", None),
        accessible=False if getattr(args, "no_accessible", False) else None,
        keep_editions=getattr(args, "keep_editions", None),
        on_change=getattr(args, "on_change", None),
    )


def cmd_validate(args: argparse.Namespace) -> int:
    out: Console = args.console
    from reportgen.prepare import prepare

    prep = prepare(_config(args))
    dataset, warnings = prep.dataset, prep.warnings
    code = 2 if args.strict and warnings else 0
    for name in prep.inputs:
        out.detail(f"read {name}")
    counts = {"events": len(dataset.events), "metrics": len(dataset.metrics), "sources": len(dataset.sources)}
    if out.as_json:
        diagnostics = [diagnostic_json(w) for w in warnings]
        out.json({"ok": code == 0, "exit_code": code, "counts": counts, "diagnostics": diagnostics})
        return code
    for w in warnings:
        out.problem(w)
    out.say(f"ok: {counts['events']} events, {counts['metrics']} metrics, {counts['sources']} sources, "
            f"{len(warnings)} warnings")  # fmt: skip
    return code


def _build(cfg: BuildConfig, out: Console, *, force: bool = False, jobs: int | None = None,
           each: bool = False, dask: str | None = None) -> int:  # fmt: skip
    """One pack, or with several --events and --jobs/--each one pack per folder (`reportgen.batch`),
    or one pack per folder on a Dask cluster (`reportgen.cluster`)."""
    many = dask is not None or (len(cfg.events) > 1 and (jobs is not None or each))
    if many and out.as_json:
        from reportgen.errors import UsageError

        raise UsageError("--json describes one pack; it does not go with --each, --jobs or --dask")
    if dask is not None:
        from reportgen.cluster import build_on_dask

        return build_on_dask(cfg, dask, jobs=jobs or 2, force=force, quiet=out.quiet or out.as_json)
    if len(cfg.events) > 1 and (jobs is not None or each):
        from reportgen.batch import build_each

        return build_each(cfg, force=force, jobs=jobs or 1, quiet=out.quiet or out.as_json)
    from reportgen.build import build
    from reportgen.report import summary_line

    with out.progress("building") as stage:
        result = build(cfg, force=force, on_wait=lambda: out.problem(WAITING), on_stage=stage)
    if out.as_json:
        warnings = [diagnostic_json(w) for w in result.warnings]
        out.json({"ok": True, "exit_code": 0, "diagnostics": warnings, "result": _result_json(result)})
        return 0
    for w in result.warnings:
        out.problem(w)
    out.say(summary_line(result))
    if result.edition is not None:
        out.detail(f"recorded edition {result.edition}")
    for problem in result.problems:
        out.problem(f"reportgen: warning: {problem}")
    if os.environ.get(WARM_PID) == str(os.getpid()):
        out.detail(f"built in the warm build process (pid {os.getpid()}; see `reportgen renderer status`)")
    for name, seconds in result.timings.items():
        out.detail(f"  {name:<10} {seconds:6.2f} s")
    return 0


def _result_json(result: Any) -> dict[str, Any]:
    return {
        "outputs": [str(p) for p in result.outputs],
        "written": [str(p) for p in result.written],
        "pages": result.pages,
        "marking": result.marking,
        "redone": list(result.redone),
        "reused": list(result.reused),
        "up_to_date": result.up_to_date,
        "edition": str(result.edition) if result.edition else None,
        "problems": list(result.problems),
        "seconds": round(result.seconds, 3),
    }


def cmd_build(args: argparse.Namespace) -> int:
    out: Console = args.console
    return _build(_config(args), out, force=args.force, jobs=args.jobs, each=args.each, dask=args.dask)


def cmd_timeline(args: argparse.Namespace) -> int:
    out: Console = args.console
    from reportgen.standalone import render_timeline_file

    cfg = _config(args)
    path = render_timeline_file(
        cfg, args.output, width=args.width, height=args.height, scale=args.scale, title=args.title,
        paper=args.paper, dpi=args.dpi, embed=args.embed,
    )  # fmt: skip
    out.say(f"wrote {path}" + (f" and {path.parent / 'plotly.min.js'}" if args.embed else ""))
    return 0


def cmd_preview(args: argparse.Namespace) -> int:
    out: Console = args.console
    from reportgen.preview import preview

    def log(line: str, err: bool = False) -> None:
        (out.problem if err else out.say)(line)

    from reportgen.errors import UsageError

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} is not a port; give 1-65535, or 0 for a free one")
    return preview(_config(args), port=args.port, open_browser=args.open, log=log, debounce_ms=args.debounce)


def cmd_diff(args: argparse.Namespace) -> int:
    out: Console = args.console
    from reportgen.diffing import diff

    report = diff(_config(args), since=args.since)
    if out.as_json:
        out.json(report.to_json())
        return 0
    out.say(report.heading)
    for line in report.changes.lines():
        out.say(line)
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    out: Console = args.console
    from reportgen.watch import watch

    def log(line: str, err: bool = False) -> None:
        (out.problem if err else out.say)(line)

    return watch(_config(args), debounce_ms=args.debounce, log=log)


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
    out: Console = args.console
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
    out.say(f"added {event_id} to {target}")
    if args.no_build:
        return 0
    if not is_input(target, cfg):
        events = " ".join(f"--events {p}" for p in cfg.events)
        out.problem(
            f"note: {target} is not one of this build's inputs ({events}), so the pack was not rebuilt;"
            f" build it with: reportgen build --events {target}"
        )
        return 0
    return _build(cfg, out)


def cmd_init(args: argparse.Namespace) -> int:
    out: Console = args.console
    from reportgen.init import init_project

    for path in init_project(args.directory, args.marking):
        out.say(f"created {path}")
    out.say(f"next: cd {args.directory} && reportgen build")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    out: Console = args.console
    from reportgen.output import write_output
    from reportgen.schema import schema_text

    said = write_output(args.output or Path("-"), schema_text().encode())
    if said:
        out.say(said)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    out: Console = args.console
    from reportgen.convert import to_yaml
    from reportgen.load import load_dataset
    from reportgen.output import write_output

    dataset, warnings = load_dataset([args.source])
    for w in warnings:
        out.problem(w)
    said = write_output(args.output, to_yaml(dataset, args.source.name))
    if said:
        counts = (
            f"{len(dataset.events)} events, {len(dataset.metrics)} metrics, {len(dataset.sources)} sources"
        )
        out.say(f"{said}: {counts}")
    return 0


def cmd_completion(args: argparse.Namespace) -> int:
    from argcomplete.shell_integration import shellcode

    # The script asks `reportgen` itself for completions (argcomplete in `main`): always in step.
    print(shellcode(["reportgen"], shell=args.shell), end="")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    out: Console = args.console
    from reportgen import interop
    from reportgen.output import write_output
    from reportgen.prepare import prepare

    prep = prepare(_config(args))
    for w in prep.warnings:
        out.problem(w)
    if args.format == "timelinejs":
        data = interop.export_timelinejs(prep.dataset, marking=prep.marking)
    else:
        data = interop.export_ics(prep.dataset, as_of=args.as_of, marking=prep.marking)
    said = write_output(args.output, data)
    if said:
        out.say(said)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": cmd_validate,
    "build": cmd_build,
    "timeline": cmd_timeline,
    "preview": cmd_preview,
    "diff": cmd_diff,
    "watch": cmd_watch,
    "schedule": cmd_schedule,
    "add": cmd_add,
    "init": cmd_init,
    "schema": cmd_schema,
    "completion": cmd_completion,
    "import": cmd_import,
    "export": cmd_export,
    "renderer": cmd_renderer,
    "cache": cmd_cache,
}


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    if "_ARGCOMPLETE" in os.environ:  # a shell asking for completions (see `reportgen completion`)
        import argcomplete

        argcomplete.autocomplete(make_parser())
    # a named command gets a parser of that command alone; anything else (--help, a typo) all of them
    parser = make_parser(args_in[0] if args_in and args_in[0] in COMMANDS else None)
    args = parser.parse_args(args_in)
    out = Console(quiet=args.quiet, verbose=args.verbose, as_json=getattr(args, "json", False))
    args.console = out  # what every command prints through
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # every outcome is put into words in one place: reportgen.report
        from reportgen.errors import ValidationFailed
        from reportgen.report import failure

        problem = failure(exc)
        if out.as_json:
            found = exc.diagnostics if isinstance(exc, ValidationFailed) else ()
            error = {"ok": False, "exit_code": problem.exit_code, "error": problem.reason}
            out.json({**error, "diagnostics": [diagnostic_json(d) for d in found]})
            return problem.exit_code
        if isinstance(exc, ValidationFailed):  # diagnostics coloured by severity, then the count
            for d in exc.diagnostics:
                out.problem(d)
            out.problem(problem.lines()[-1])
        else:
            for line in problem.lines():
                out.problem(line)
        return problem.exit_code


def run() -> NoReturn:
    """The `reportgen` command: `main`, then an exit without the interpreter's teardown.

    Freeing plotly's, ReportLab's and pydantic's modules one object at a time takes ~0.2 s
    after every command, a sixth of a rebuild, for memory the system frees at once. Threads
    and child processes still running (watch, batch workers) get Python's ordinary exit.
    """
    from reportgen.warm import delegate

    warm = delegate(sys.argv[1:])  # a one-shot build, in a fork of a process with everything imported
    code = main() if warm is None else warm
    if threading.active_count() > 1 or ("multiprocessing" in sys.modules and _children()):
        raise SystemExit(code)
    atexit._run_exitfuncs()  # what `atexit` promises still happens (our own temp files, kaleido's)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: Python's own exit reports it as usual
        raise SystemExit(code) from None
    os._exit(code)


def _children() -> bool:
    import multiprocessing

    return bool(multiprocessing.active_children())
