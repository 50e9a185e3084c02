"""The commands that look after what builds share on this machine: the render service and the render cache."""

from __future__ import annotations

import argparse

from reportgen.console import Console


def cmd_renderer(args: argparse.Namespace) -> int:
    from reportgen.render import service

    out: Console = args.console
    if args.action == "stop":
        count = service.stop_all()
        out.say(
            f"stopped {count} render service{'s' if count != 1 else ''}"
            if count
            else "no render service was running"
        )
        return 0
    found = service.running()
    if not found:
        state = "on" if service.enabled() else "off (REPORTGEN_RENDERER=off)"
        out.say(f"no render service is running; the next build starts one when it is {state}")
        return 0
    for s in found:
        fit = "current" if s.current else "stale (another version: no build uses it; it stops when idle)"
        out.say(
            f"render service {s.key}: pid {s.pid}, Chromium pid {s.chromium_pid}, up {s.uptime_s:.0f} s, "
            f"{s.renders} renders, {fit}"
        )
    return 0


def cmd_cache(args: argparse.Namespace) -> int:
    from reportgen import shared_cache

    out: Console = args.console
    store = shared_cache.RenderStore(shared_cache.folder(), shared_cache.limit_bytes())
    if args.action == "clear":
        count = store.clear()
        out.say(f"deleted {count} render{'s' if count != 1 else ''} from {store.root}")
        return 0
    s = store.status()
    state = "on" if shared_cache.enabled() else "off (REPORTGEN_CACHE=off)"
    usable = "" if s.usable or not s.entries else "; not used: the folder is not this user's own"
    out.say(
        f"render cache {state}: {s.folder}, {s.entries} render{'s' if s.entries != 1 else ''}, "
        f"{s.size / 2**20:.1f} MB of {s.limit / 2**20:.0f} MB (REPORTGEN_CACHE_MB){usable}"
    )
    return 0
