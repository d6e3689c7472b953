"""Searchable PDF derivatives: each page image embedded as it is (lossless where the scan is),
with the invisible OCR text laid over it, merged per document. OCRmyPDF's "sandwich" idea,
built on img2pdf (no re-encoding) and pikepdf (qpdf) overlays."""

from __future__ import annotations

import io
from pathlib import Path

import img2pdf
import pikepdf
from PIL import Image


def _save(pdf: pikepdf.Pdf) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def image_page_pdf(image: Image.Image, ppi: int) -> bytes:
    """A one-page PDF of an image with no text (used for blank pages), losslessly."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1, dpi=(ppi, ppi))
    return bytes(img2pdf.convert(buffer.getvalue(), rotation=img2pdf.Rotation.none))


def searchable_page(image_file: Path, text_pdf: bytes) -> bytes:
    """The page image, embedded without re-encoding where img2pdf can, under the OCR text.

    ``text_pdf`` is Tesseract's text-only page for the same pixels and resolution; it is
    scaled onto the image page, so the invisible words sit over their printed places.
    EXIF orientation is ignored on purpose: Tesseract read the raw pixels.
    """
    image_pdf = img2pdf.convert(str(image_file), rotation=img2pdf.Rotation.none)
    with pikepdf.open(io.BytesIO(image_pdf)) as pdf, pikepdf.open(io.BytesIO(text_pdf)) as text:
        page = pdf.pages[0]
        page.add_overlay(text.pages[0], pikepdf.Rectangle(*page.mediabox))
        return _save(pdf)


def merge_pdfs(pages: list[bytes], title: str) -> bytes:
    with pikepdf.new() as merged:
        sources = [pikepdf.open(io.BytesIO(data)) for data in pages]
        try:
            for source in sources:
                merged.pages.extend(source.pages)
            with merged.open_metadata(set_pikepdf_as_editor=False) as meta:
                meta["dc:title"] = title
                meta["xmp:CreatorTool"] = "arkki"
            merged.docinfo["/Title"] = title
            merged.docinfo["/Producer"] = "arkki"
            return _save(merged)
        finally:
            for source in sources:
                source.close()
