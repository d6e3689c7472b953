"""Searchable PDF derivatives: page PDFs from the OCR pass, merged per document."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfReader, PdfWriter


def image_page_pdf(image: Image.Image, ppi: int) -> bytes:
    """A one-page PDF of an image with no text (used for blank pages)."""
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=float(ppi))
    return buffer.getvalue()


def merge_pdfs(pages: list[bytes], title: str) -> bytes:
    writer = PdfWriter()
    for data in pages:
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    writer.add_metadata({"/Title": title, "/Producer": "arkki"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
