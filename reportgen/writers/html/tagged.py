"""Chromium's tagged PDF of the accessible edition, finished: the pack's metadata, no clock.

Chromium stamps each print with the time and names itself as creator and producer; the
edition must say what it is (title, author, subject, keywords, language) and the same
inputs must give the same bytes. The document is cloned whole with pypdf — catalog,
structure tree, outline and all — and only its information dictionary and file ID are
rewritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

from reportgen import __version__
from reportgen.document.blocks import Document

_PLACEHOLDER = b"reportgen-id-tbd"  # 16 bytes, as an MD5 digest
# Structure elements are named after the DOM nodes they come from ("node00001435"), and a tab
# numbers its nodes for its whole life: a second print of the same page gets other numbers.
_NODE = re.compile(rb"\(node(\d+)\)")


def _renumber_nodes(data: bytes) -> bytes:
    """Number the structure elements' names in order of first appearance, each at its own width,
    so the file's offsets stay valid and the same page always gives the same names."""
    names: dict[bytes, int] = {}

    def renamed(match: re.Match[bytes]) -> bytes:
        digits = match.group(1)
        number = names.setdefault(digits, len(names) + 1)
        return b"(node" + str(number).zfill(len(digits)).encode() + b")"

    return _NODE.sub(renamed, data)


def finish_pdf(printed: bytes, document: Document, *, as_of: dt.date) -> bytes:
    """`printed` with the pack's metadata, dated `as_of`, and an ID derived from its content."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(printed)))
    day = f"D:{as_of:%Y%m%d}000000Z"
    info = {
        "/Title": document.title,
        "/Author": document.author or "",
        "/Subject": document.subject,
        "/Keywords": document.keywords,
        "/Creator": f"reportgen {__version__} (accessible edition)",
        "/Producer": f"reportgen {__version__} (Chromium)",
        "/CreationDate": day,
        "/ModDate": day,
    }
    writer.metadata = info
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject(document.lang)
    # The file ID is a digest of the file itself, written first with a placeholder ID of the
    # same length: the same content gives the same bytes, and nothing of Chromium's clock is left.
    placeholder = ByteStringObject(_PLACEHOLDER)
    writer._ID = ArrayObject([placeholder, placeholder])
    out = io.BytesIO()
    writer.write(out)
    data = _renumber_nodes(out.getvalue())
    digest = hashlib.md5(data, usedforsecurity=False).hexdigest().encode()
    return data.replace(_PLACEHOLDER.hex().encode(), digest)
