"""Searchable PDF derivatives: each page image embedded as it is (lossless where the scan is),
with the invisible OCR text laid over it, merged per document into PDF/A-2b. OCRmyPDF's
"sandwich" idea, built on img2pdf (no re-encoding) and pikepdf (qpdf) overlays; unlike
OCRmyPDF's Ghostscript route to PDF/A, nothing here decodes or re-encodes an image."""

from __future__ import annotations

import io
import math
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import img2pdf
import pikepdf
from PIL import Image, ImageCms

CREATOR = "arkki"
PRODUCER = f"arkki (pikepdf {pikepdf.__version__})"
PDF_VERSION = "1.7"  # PDF/A-2 is built on PDF 1.7 (ISO 32000-1)
# A fixed ICC header date (year, month, day, hour, minute, second) keeps the profile stable.
_ICC_DATE = (2000, 1, 1, 0, 0, 0)


def _save(pdf: pikepdf.Pdf) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _save_pdfa(pdf: pikepdf.Pdf) -> bytes:
    """Saved as PDF 1.7 with an /ID that hashes the content, so equal input, equal bytes."""
    buffer = io.BytesIO()
    pdf.save(
        buffer,
        min_version=PDF_VERSION,
        deterministic_id=True,
        fix_metadata_version=False,  # it would add pdf:PDFVersion after the fact
    )
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


def turned_page(original: Path, text_pdf: bytes, turn_degrees: float, ppi: int) -> bytes:
    """The stored scan itself, embedded as it is, drawn turned by ``turn_degrees``
    (counter-clockwise) on a page the size of the levelled image Tesseract read.

    Levelling a page for OCR then re-encoding the levelled pixels for the PDF cost a PNG
    encode per page (~0.2–0.4 s here) and put pixels in the PDF that are not the scan's.
    Here the PDF carries the original image bytes (as img2pdf embeds them) and a
    transformation matrix does the turning, so the invisible text, made from the levelled
    image, still lies over its words.
    """
    image_pdf = img2pdf.convert(str(original), rotation=img2pdf.Rotation.none)
    with (
        pikepdf.open(io.BytesIO(image_pdf)) as source,
        pikepdf.open(io.BytesIO(text_pdf)) as text,
        pikepdf.new() as pdf,
    ):
        [image] = source.pages[0].get_images(recursive=False).values()
        width = float(image.Width) * 72 / ppi
        height = float(image.Height) * 72 / ppi
        text_box = text.pages[0].mediabox
        page_width, page_height = float(text_box[2]), float(text_box[3])
        matrix = _turn_matrix(width, height, turn_degrees, page_width, page_height)
        content = "q " + " ".join(f"{v:.6f}" for v in matrix) + " cm /Im0 Do Q"
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, page_width, page_height],
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=pdf.copy_foreign(image))),
            Contents=pdf.make_stream(content.encode()),
        )
        pdf.pages.append(pikepdf.Page(page))
        target = pdf.pages[0]
        target.add_overlay(pdf.copy_foreign(text.pages[0].obj), pikepdf.Rectangle(*target.mediabox))
        return _save(pdf)


def _turn_matrix(
    width: float, height: float, degrees: float, page_width: float, page_height: float
) -> tuple[float, float, float, float, float, float]:
    """PDF ``cm`` operands drawing the unit-square image ``width``×``height``, turned by
    ``degrees`` counter-clockwise about its centre, centred on the page."""
    radians = math.radians(degrees)
    cos, sin = math.cos(radians), math.sin(radians)
    # scale to size, move the centre to the origin, turn, move to the page centre
    a, b, c, d = width * cos, width * sin, -height * sin, height * cos
    e = page_width / 2 - (width / 2) * cos + (height / 2) * sin
    f = page_height / 2 - (width / 2) * sin - (height / 2) * cos
    return a, b, c, d, e, f


@cache
def srgb_profile() -> bytes:
    """Little CMS's built-in sRGB monitor profile (ICC v4, 588 bytes), generated, not shipped.

    Little CMS stamps the creation time into the header; it is fixed here so the profile,
    and so the documents, do not change from run to run. The profile ID (an MD5 that covers
    the date) is zeroed, which ICC defines as "not computed".
    """
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = b"".join(part.to_bytes(2, "big") for part in _ICC_DATE)
    data[84:100] = bytes(16)
    return bytes(data)


def merge_pdfs(pages: list[bytes], title: str, *, created: datetime | None = None) -> bytes:
    """The page PDFs as one PDF/A-2b document titled ``title``.

    Image and content streams are copied byte for byte, never decoded. ``created``
    (default: now; a naive value is local time) becomes both the creation and modification
    date, in UTC, in the XMP packet and the document information dictionary alike. The
    same pages, title and date give the same bytes (with the same pikepdf and Little CMS):
    the trailer /ID hashes the content.
    `ocr.pdfa.pdfa_problems` checks the result.
    """
    when = (created or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    with pikepdf.new() as merged:
        sources = [pikepdf.open(io.BytesIO(data)) for data in pages]
        try:
            for source in sources:
                merged.pages.extend(source.pages)
            _drop_cidsets(merged)
            _add_output_intent(merged)
            _declare_pdfa(merged, title, when)
            return _save_pdfa(merged)
        finally:
            for source in sources:
                source.close()


def _drop_cidsets(pdf: pikepdf.Pdf) -> None:
    """Remove /CIDSet from font descriptors.

    PDF/A-2 makes a CIDSet optional, but one present must list every CID in the font
    program. Tesseract's GlyphLessFont maps all 65,536 CIDs to one glyph; Tesseract 5.3
    writes no CIDSet, and dropping any keeps other builds from writing an incomplete one.
    """
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and "/CIDSet" in obj:
            del obj["/CIDSet"]


def _add_output_intent(pdf: pikepdf.Pdf) -> None:
    """The PDF/A output intent: sRGB, which covers the DeviceGray and DeviceRGB page images."""
    profile = pdf.make_stream(srgb_profile(), N=3)
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier="sRGB IEC61966-2.1",
        RegistryName="http://www.color.org",
        Info="sRGB IEC61966-2.1",
        DestOutputProfile=profile,
    )
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])


def _declare_pdfa(pdf: pikepdf.Pdf, title: str, when: datetime) -> None:
    """XMP claiming PDF/A-2b; pikepdf mirrors each property into the docinfo on close."""
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta:
        meta["dc:title"] = title
        meta["xmp:CreatorTool"] = CREATOR
        meta["pdf:Producer"] = PRODUCER
        meta["xmp:CreateDate"] = when.isoformat()
        meta["xmp:ModifyDate"] = when.isoformat()
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
