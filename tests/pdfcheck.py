"""Helpers for tests that read PDFs the way a reader would (text, pages, pixels)."""

from __future__ import annotations

import io
import math
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader


def figure(text: str = "chart", w: int = 900, h: int = 400) -> bytes:
    """A one-page PDF of `w`×`h` CSS px (as Chromium prints them) standing in for an exported figure."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(w * 0.75, h * 0.75), invariant=1)
    canvas.setFillColorRGB(0.87, 0.89, 0.93)
    canvas.setStrokeColorRGB(0.12, 0.23, 0.45)
    canvas.rect(1.5, 1.5, w * 0.75 - 3, h * 0.75 - 3, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont("Helvetica", 18)
    canvas.drawString(15, h * 0.75 - 30, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


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


@dataclass(frozen=True)
class Run:
    """A piece of text as printed: its page, size in points, where it starts, and whether it
    lies in a figure (Chromium's drawing, with its own embedded Type 0 fonts) or in the page."""

    page: int
    text: str
    size: float
    x: float
    y: float
    in_figure: bool


def text_runs(pdf: bytes) -> list[Run]:
    """Every piece of text in the PDF, with its printed size (font size × both matrices)."""
    runs: list[Run] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, 1):

        def visit(text, cm, tm, font, size, number=number):
            if not text.strip():
                return
            # the text matrix, then the current transformation matrix
            a, b, c, d = (tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
                          tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])  # fmt: skip
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = math.sqrt(abs(a * d - b * c))
            figure = font is not None and font.get("/Subtype") == "/Type0"
            runs.append(Run(number, text.strip(), round(size * scale, 2), x, y, figure))

        page.extract_text(visitor_text=visit)
    return runs


@dataclass(frozen=True)
class Element:
    """One element of a tagged PDF's structure tree."""

    tag: str  # "H1", "Table", "TH", "Figure"…
    depth: int
    alt: str = ""
    scope: str = ""  # a TH's /Scope: "Column" or "Row"


def structure(pdf: bytes) -> list[Element]:
    """The structure tree, depth first (empty when the PDF is not tagged)."""
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    if "/StructTreeRoot" not in root:
        return []
    out: list[Element] = []

    def walk(node: object, depth: int) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if not hasattr(node, "keys"):
            return
        if "/S" in node:
            scope = ""
            attrs = node.get("/A")
            for attr in attrs if isinstance(attrs, list) else [attrs] if attrs is not None else []:
                attr = attr.get_object()
                if hasattr(attr, "get") and attr.get("/Scope"):
                    scope = str(attr["/Scope"]).lstrip("/")
            out.append(Element(str(node["/S"]).lstrip("/"), depth, str(node.get("/Alt", "")), scope))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid, depth + 1)

    walk(root["/StructTreeRoot"], 0)
    return out


def catalog(pdf: bytes) -> dict[str, object]:
    """The document catalog's entries that accessibility checkers read."""
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    prefs = root.get("/ViewerPreferences", {})
    marked = root.get("/MarkInfo", {})
    return {
        "lang": str(root.get("/Lang", "")),
        "display_doc_title": bool(prefs.get("/DisplayDocTitle", False)),
        "marked": bool(marked.get("/Marked", False)),
        "outline": "/Outlines" in root,
    }
