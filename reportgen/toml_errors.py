"""Where a TOML syntax error is and what it says, on every Python we support.

Python 3.11's `tomllib.TOMLDecodeError` carries only its text, e.g.
"Invalid value (at line 3, column 7)"; `msg` and `lineno` arrived in 3.14.
"""

from __future__ import annotations

import re
import tomllib

_WHERE = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)\s*$")


def toml_problem(exc: tomllib.TOMLDecodeError, text: str) -> tuple[int, str]:
    """(line, message) of a syntax error in `text`; the message without its "(at line …)" suffix."""
    message = str(exc)
    where = _WHERE.search(message)
    if where is None:
        return 1, message
    line = int(where[1]) if where[1] else max(1, text.count("\n") + (not text.endswith("\n")))
    return line, message[: where.start()]
