"""The one place that reads the real clock.

Everything else receives `as_of` as a value, so builds are reproducible:
`--as-of` wins, then the config's `as_of`, then `SOURCE_DATE_EPOCH`, then today.
"""

from __future__ import annotations

import datetime as dt
import os


def today(explicit: dt.date | None = None) -> dt.date:
    if explicit is not None:
        return explicit
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).astimezone().date()


def now() -> dt.datetime:
    """Wall-clock time for log lines and schedules (never for document content)."""
    return dt.datetime.now(tz=dt.UTC).astimezone()
