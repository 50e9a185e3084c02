"""Helpers for tests that read PDFs the way a reader would (text, pages, pixels)."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}">'
    '<rect x="2" y="2" width="{iw}" height="{ih}" fill="#dde4ee" stroke="#1f3b73"/>'
    '<text x="20" y="40" font-family="DejaVu Sans" font-size="24">{text}</text></svg>'
)


def svg(text: str = "chart", w: int = 900, h: int = 400) -> bytes:
    """A small hand-made SVG standing in for an exported figure."""
    return SVG.format(w=w, h=h, iw=w - 4, ih=h - 4, text=text).encode()


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def all_text(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf))


def ink(pdf: bytes) -> list[float]:
    """Fraction of dark pixels inside the margins of each page (header and footer ignored)."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pack.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", str(path), f"{tmp}/p"], check=True)
        out = []
        for png in sorted(Path(tmp).glob("p-*.png")):
            img = Image.open(png).convert("L")
            w, h = img.size
            body = img.crop((int(w * 0.08), int(h * 0.1), int(w * 0.92), int(h * 0.9)))
            dark = sum(body.histogram()[:200])
            out.append(dark / (body.width * body.height))
        return out


def blank_pages(pdf: bytes, min_ink: float = 0.0005) -> list[int]:
    """Pages (1-based) with next to no ink between header and footer."""
    return [i for i, share in enumerate(ink(pdf), 1) if share < min_ink]


def qpdf_check(pdf: bytes) -> subprocess.CompletedProcess[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        return subprocess.run(["qpdf", "--check", fh.name], capture_output=True, text=True)


def pdffonts(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        return subprocess.run(["pdffonts", fh.name], capture_output=True, text=True, check=True).stdout


def link_uris(pdf: bytes) -> list[str]:
    """Every URI of a link annotation in the PDF."""
    uris = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def image_count(pdf: bytes) -> int:
    """Raster images embedded anywhere in the PDF."""
    count = 0
    for page in PdfReader(io.BytesIO(pdf)).pages:
        count += len(page.images)
    return count
