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

# Chromium's print time, in its information dictionary (written uncompressed)
_CLOCK = re.compile(rb"/(?:CreationDate|ModDate)\s*\(D:[^)]*\)")


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
    # the same page and metadata give the same ID (Chromium's clock left out): byte-identical rebuilds
    timeless = _CLOCK.sub(b"", printed)
    digest = hashlib.md5(timeless + repr(sorted(info.items())).encode(), usedforsecurity=False)
    ident = ByteStringObject(digest.digest())
    writer._ID = ArrayObject([ident, ident])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
