"""Chromium's tagged PDF of the accessible edition, finished: the pack's metadata, no clock.

Chromium stamps each print with the time, names itself as creator, and names structure
elements after the DOM nodes they come from (numbers that grow with the tab's life); the
edition must say what it is (title, author, subject, keywords) and the same inputs must
give the same bytes. Parsing and rewriting the whole file (pypdf) costs 0.1–0.3 s, so the
finish is done on the bytes instead: the dates and node names are rewritten in place at
the same length (every offset stays valid), and an incremental update — a new information
dictionary, an xref section and a trailer with the file ID — is appended, as the PDF
standard provides for edits. The structure tree, `/Lang` and the outline are untouched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from reportgen import __version__
from reportgen.document.blocks import Document
from reportgen.errors import RenderError

# Chromium's print time in its information dictionary (written uncompressed): D:YYYYMMDDHHmmSS…
_CLOCK = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}")
_NODE = re.compile(rb"\(node(\d+)\)")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", re.S)


def finish_pdf(printed: bytes, document: Document, *, as_of: dt.date) -> bytes:
    """`printed` with the pack's metadata, dated `as_of`, and an ID derived from its content."""
    trailer = _TRAILER.search(printed)
    if trailer is None or b"/Prev" in trailer.group(1) or b"/Encrypt" in trailer.group(1):
        raise RenderError("Chromium's PDF has a trailer this version of reportgen cannot finish")
    fields = trailer.group(1)
    size = int(_field(fields, rb"/Size (\d+)"))
    root = _field(fields, rb"/Root (\d+ \d+ R)")
    day = f"{as_of:%Y%m%d}000000".encode()
    data = _CLOCK.sub(lambda m: b"/" + m.group(1) + b" (D:" + day, printed)
    data = _renumber_nodes(data)
    info = {
        "Title": document.title,
        "Author": document.author or "",
        "Subject": document.subject,
        "Keywords": document.keywords,
        "Creator": f"reportgen {__version__} (accessible edition)",
        "Producer": f"reportgen {__version__} (Chromium)",
    }
    entries = "".join(f"/{k} {_text(v)}" for k, v in info.items())
    date = f"(D:{as_of:%Y%m%d}000000Z)"
    obj = f"{size} 0 obj\n<<{entries}/CreationDate {date}/ModDate {date}>>\nendobj\n".encode()
    if not data.endswith(b"\n"):
        data += b"\n"
    at = len(data)
    xref = f"xref\n{size} 1\n{at:010d} 00000 n \n".encode()
    body = data + obj + xref
    # the file ID is a digest of everything before it: the same content, the same bytes
    ident = hashlib.md5(body, usedforsecurity=False).hexdigest()
    end = (
        f"trailer\n<</Size {size + 1}/Root {root.decode()}/Info {size} 0 R/Prev {int(trailer.group(2))}"
        f"/ID [<{ident}><{ident}>]>>\nstartxref\n{at + len(obj)}\n%%EOF\n"
    ).encode()
    return body + end


def _field(fields: bytes, pattern: bytes) -> bytes:
    match = re.search(pattern, fields)
    if match is None:
        raise RenderError(f"Chromium's PDF trailer has no {pattern.split(b' ')[0].decode()}")
    return match.group(1)


def _text(value: str) -> str:
    """A PDF text string (UTF-16BE with its byte-order mark, as hex: any character, no escaping)."""
    return "<" + ("\ufeff" + value).encode("utf-16-be").hex().upper() + ">"


def _renumber_nodes(data: bytes) -> bytes:
    """Name the structure elements in order of first appearance, each at its own width, so the
    file's offsets stay valid and the same page always gives the same names."""
    names: dict[bytes, int] = {}

    def renamed(match: re.Match[bytes]) -> bytes:
        digits = match.group(1)
        number = names.setdefault(digits, len(names) + 1)
        return b"(node" + str(number).zfill(len(digits)).encode() + b")"

    return _NODE.sub(renamed, data)
