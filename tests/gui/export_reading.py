"""Reading exported files as a reader's tools would: SVG text with its position, PDF text, PNG pixels."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QColor, QImage

SVG = "{http://www.w3.org/2000/svg}"
KEY_EVENTS = ("Microsoft invests billions in OpenAI", "Stargate announced at the White House",
              "OpenAI signs $11.9B contract with CoreWeave", "CoreWeave IPO: $40 a share, trades as CRWV")
"""The default story's four key events, in date order."""

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class SvgText:
    """One <text> element: its words, where it is drawn in the picture, its drawn font size."""

    text: str
    x: float
    y: float
    size: float


def _compose(outer: Matrix, inner: Matrix) -> Matrix:
    a, b, c, d, e, f = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def _matrix(transform: str | None) -> Matrix:
    if not transform:
        return IDENTITY
    match = re.fullmatch(r"\s*matrix\(([^)]*)\)\s*", transform)
    assert match is not None, f"unexpected transform {transform!r}"
    values = [float(v) for v in re.split(r"[ ,]+", match.group(1).strip())]
    return (values[0], values[1], values[2], values[3], values[4], values[5])


def svg_texts(data: bytes) -> list[SvgText]:
    """Every <text> element with its position and size in the SVG's own coordinates (transforms applied)."""
    root = ET.fromstring(data)
    found: list[SvgText] = []

    def walk(node: ET.Element, matrix: Matrix) -> None:
        matrix = _compose(matrix, _matrix(node.get("transform")))
        if node.tag == f"{SVG}text":
            x, y = float(node.get("x", "0")), float(node.get("y", "0"))
            a, b, c, d, e, f = matrix
            scale = (abs(a * d - b * c)) ** 0.5
            size = float(re.sub(r"[a-z]+$", "", node.get("font-size", "0"))) * scale
            found.append(SvgText("".join(node.itertext()).strip(), a * x + c * y + e, b * x + d * y + f, size))
        for child in node:
            walk(child, matrix)

    walk(root, IDENTITY)
    return found


def svg_images(data: bytes) -> int:
    """How many embedded bitmaps the SVG holds."""
    return len(ET.fromstring(data).findall(f".//{SVG}image"))


def pdf_text(path: Path) -> tuple[str, list[tuple[float, float]]]:
    """The text of every page, and each page's size in points (pypdfium2, as a PDF reader extracts it)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        texts, sizes = [], []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            sizes.append((page.get_width(), page.get_height()))
            textpage.close()
            page.close()
        return "\n".join(texts), sizes
    finally:
        document.close()


def pdf_images(path: Path) -> int:
    """How many bitmaps the PDF's pages hold (text and paths are not counted)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(str(path))
    try:
        return sum(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for page in document for obj in page.get_objects(max_depth=15))
    finally:
        document.close()


def color_share(image: QImage, rect: tuple[float, float, float, float], color: str, tolerance: int = 40) -> float:
    """The share of pixels in ``rect`` that are within ``tolerance`` of ``color`` on each channel."""
    x, y, w, h = (round(v) for v in rect)
    want = QColor(color)
    hits = total = 0
    for px in range(max(x, 0), min(x + w, image.width())):
        for py in range(max(y, 0), min(y + h, image.height())):
            got = QColor(image.pixel(px, py))
            total += 1
            if max(abs(got.red() - want.red()), abs(got.green() - want.green()), abs(got.blue() - want.blue())) <= tolerance:
                hits += 1
    return hits / total if total else 0.0
