"""Metadata for exported PNGs: the marking and title as text chunks, the print density.

Chromium's PNGs carry neither. Chunks are inserted after IHDR by hand (PNG's chunk
format is length, type, data, CRC-32) so the pixels are never decoded and re-encoded.
"""

from __future__ import annotations

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
