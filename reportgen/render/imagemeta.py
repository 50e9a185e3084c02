"""Metadata for exported images: PNG text chunks and density, PDF document information.

Chromium's PNGs carry no title, marking or density: chunks are inserted after IHDR by
hand (PNG's chunk format is length, type, data, CRC-32), so the pixels are never decoded
and re-encoded. Chromium's PDFs are titled "Kaleido-fier" and dated with the clock: their
information is replaced, with the as-of day as the date, so the same inputs give the same
bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_INCH_M = 0.0254


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def text_chunks(png: bytes) -> dict[str, str]:
    """The tEXt chunks of a PNG (keyword → Latin-1 text)."""
    out: dict[str, str] = {}
    i = len(PNG_SIGNATURE)
    while i + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[i : i + 8])
        if kind == b"tEXt":
            key, _, value = png[i + 8 : i + 8 + length].partition(b"\0")
            out[key.decode("latin-1")] = value.decode("latin-1")
        if kind == b"IEND":
            break
        i += 12 + length
    return out


def with_png_metadata(png: bytes, *, text: dict[str, str], dpi: float | None = None) -> bytes:
    """`png` with tEXt chunks (empty values left out) and, given `dpi`, a pHYs chunk.

    Text that Latin-1 cannot hold is written with '?' in its place (tEXt is Latin-1).
    """
    if not png.startswith(PNG_SIGNATURE):
        return png
    ihdr_end = len(PNG_SIGNATURE) + 8 + struct.unpack(">I", png[8:12])[0] + 4
    extra = b""
    if dpi:
        per_metre = round(dpi / _INCH_M)
        extra += _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
    for key, value in text.items():
        if value:
            extra += _chunk(b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1", "replace"))
    return png[:ihdr_end] + extra + png[ihdr_end:]


def pdf_date(day: dt.date) -> str:
    return f"D:{day:%Y%m%d}000000Z"


def with_pdf_metadata(
    pdf: bytes, *, title: str, author: str, subject: str, marking: str, day: dt.date
) -> bytes:
    """`pdf` with its document information replaced: ours, dated `day` (no clock time)."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, BooleanObject, ByteStringObject, NameObject

    from reportgen import __version__

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    info = {
        "/Title": title,
        "/Author": author,
        "/Subject": subject,
        "/Keywords": f"protective marking: {marking}; as of {day.isoformat()}",
        "/Creator": f"reportgen {__version__}",
        "/Producer": f"reportgen {__version__} (Chromium)",
        "/CreationDate": pdf_date(day),
        "/ModDate": pdf_date(day),
    }
    writer.metadata = None
    writer.add_metadata({k: v for k, v in info.items() if v})
    viewer = writer._root_object.get("/ViewerPreferences")
    if viewer is not None:  # show the title, not the file name, in a viewer's title bar
        viewer.get_object()[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    # a fixed file identifier from the content (pypdf has no public way to set one)
    undated = re.sub(rb"/(CreationDate|ModDate)\s*\([^)]*\)", b"", pdf)
    digest = hashlib.md5(undated + repr(sorted(info.items())).encode(), usedforsecurity=False).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])  # noqa: SLF001
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
