"""Opening scan files as pages, and refusing the ones that cannot be trusted.

Contract: ``inspect_file`` never raises for bad content. It returns either the pages of the
file or one human-readable reason, naming what is wrong, for quarantine. Image content is
recognised by its bytes, not its file name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from ocr.cleanup import analyse_layout
from ocr.models import PageFacts
from ocr.orientation import detail_copy, upright_turn

A4_LONG_SIDE_INCHES = 11.69
PDF_TEXT_LAYER_MIN_CHARS = 40

MAGIC = {
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
    b"\x89PNG": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"%PDF": "application/pdf",
}


@dataclass(frozen=True)
class PageLimits:
    min_ppi: int = 300
    max_megapixels: float = 100.0
    min_side_px: int = 500


@dataclass
class Inspection:
    media_type: str = ""
    pages: list[PageFacts] = field(default_factory=list)
    reason: str = ""  # set where the file must be quarantined
    pdf_text: list[str] = field(default_factory=list)  # text layer per page, born-digital PDFs

    @property
    def ok(self) -> bool:
        return not self.reason


def sniff_media_type(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(8)
    for magic, media_type in MAGIC.items():
        if head.startswith(magic):
            return media_type
    return ""


def inspect_file(path: Path, name: str, limits: PageLimits) -> Inspection:
    size = path.stat().st_size
    if size == 0:
        return Inspection(reason=f"{name}: empty file (0 bytes)")
    media_type = sniff_media_type(path)
    if not media_type:
        return Inspection(
            reason=f"{name}: not a TIFF, PNG, JPEG or PDF file (content does not match "
            f"any supported scan format{_named_as(name)})"
        )
    if media_type == "application/pdf":
        return _inspect_pdf(path, name, limits)
    return _inspect_image(path, name, media_type, limits)


def _named_as(name: str) -> str:
    suffix = Path(name).suffix
    return f", although named {suffix}" if suffix else ""


def _ppi_of(image: Image.Image) -> tuple[int, str]:
    dpi = image.info.get("dpi")
    if dpi and dpi[0] and float(dpi[0]) > 1:
        return round(float(dpi[0])), "metadata"
    return round(max(image.size) / A4_LONG_SIDE_INCHES), "estimated from A4 page size"


def _bits(image: Image.Image) -> int:
    return {"1": 1, "L": 8, "P": 8, "RGB": 8, "RGBA": 8, "CMYK": 8, "I;16": 16}.get(image.mode, 8)


def page_facts(image: Image.Image, index: int, ppi: int, ppi_source: str) -> PageFacts:
    detail = detail_copy(image)  # one grey reduction serves every estimate
    layout = analyse_layout(detail)
    return PageFacts(
        source_page=index,
        width=image.width,
        height=image.height,
        ppi=ppi,
        ppi_source=ppi_source,
        mode=image.mode,
        bits_per_sample=_bits(image),
        ink_ratio=round(layout.ink_ratio, 5),
        blank=layout.blank,
        skew_degrees=layout.skew_degrees,
        lines_vertical=layout.vertical_lines,
        upright_turn=upright_turn(detail, layout),
    )


def _size_problem(name: str, width: int, height: int, limits: PageLimits) -> str:
    megapixels = width * height / 1e6
    if megapixels > limits.max_megapixels:
        return (
            f"{name}: image is {width}×{height} px ({megapixels:.0f} MP), over the "
            f"{limits.max_megapixels:.0f} MP limit (decompression-bomb guard)"
        )
    if min(width, height) < limits.min_side_px:
        return f"{name}: image is only {width}×{height} px, too small to be a scanned page"
    return ""


def _inspect_image(path: Path, name: str, media_type: str, limits: PageLimits) -> Inspection:
    pages: list[PageFacts] = []
    try:
        with Image.open(path) as image:
            for index, frame in enumerate(ImageSequence.Iterator(image)):
                problem = _size_problem(name, frame.width, frame.height, limits)
                if problem:
                    return Inspection(media_type=media_type, reason=problem)
                ppi, source = _ppi_of(frame)
                if ppi < limits.min_ppi:
                    return Inspection(
                        media_type=media_type,
                        reason=f"{name}: resolution {ppi} ppi ({source}) is below the "
                        f"minimum {limits.min_ppi} ppi",
                    )
                frame.load()
                pages.append(page_facts(frame, index, ppi, source))
    except Image.DecompressionBombError as error:
        return Inspection(
            media_type=media_type,
            reason=f"{name}: image is over the {limits.max_megapixels:.0f} MP limit "
            f"(decompression-bomb guard; {_short(error)})",
        )
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        return Inspection(
            media_type=media_type,
            reason=f"{name}: image data is truncated or unreadable ({_short(error)})",
        )
    return Inspection(media_type=media_type, pages=pages)


def _short(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:160]


def load_page(path: Path, media_type: str, index: int, ppi: int) -> Image.Image:
    """Decode one page for OCR; PDF pages are rendered at their scan resolution."""
    if media_type == "application/pdf":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(path))
        try:
            bitmap = document[index].render(scale=ppi / 72, grayscale=False)
            return bitmap.to_pil()
        finally:
            document.close()
    with Image.open(path) as image:
        image.seek(index)
        image.load()
        return image.copy()


def _inspect_pdf(path: Path, name: str, limits: PageLimits) -> Inspection:
    import pypdfium2 as pdfium
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    media_type = "application/pdf"
    try:
        if PdfReader(str(path)).is_encrypted:
            return Inspection(
                media_type=media_type, reason=f"{name}: PDF is encrypted (password-protected)"
            )
        document = pdfium.PdfDocument(str(path))
    except (PdfReadError, pdfium.PdfiumError, OSError, ValueError) as error:
        return Inspection(
            media_type=media_type, reason=f"{name}: PDF is damaged or unreadable ({_short(error)})"
        )
    inspection = Inspection(media_type=media_type)
    try:
        if len(document) == 0:
            return Inspection(media_type=media_type, reason=f"{name}: PDF has no pages")
        for index in range(len(document)):
            page = document[index]
            text = page.get_textpage().get_text_range().strip()
            width_in, height_in = page.get_width() / 72, page.get_height() / 72
            if len(text) >= PDF_TEXT_LAYER_MIN_CHARS:
                inspection.pdf_text.append(text)
                inspection.pages.append(
                    PageFacts(
                        source_page=index,
                        width=round(width_in * 72),
                        height=round(height_in * 72),
                        ppi=72,
                        ppi_source="born-digital PDF page (points)",
                        mode="text",
                        bits_per_sample=0,
                        ink_ratio=0.0,
                        blank=False,
                        text_layer=True,
                    )
                )
                continue
            ppi = _pdf_image_ppi(page, width_in)
            if ppi < limits.min_ppi:
                return Inspection(
                    media_type=media_type,
                    reason=f"{name}: page {index + 1} is scanned at {ppi} ppi, below the "
                    f"minimum {limits.min_ppi} ppi",
                )
            image = page.render(scale=ppi / 72).to_pil()
            inspection.pdf_text.append("")
            inspection.pages.append(page_facts(image, index, ppi, "pdf image"))
    except pdfium.PdfiumError as error:
        return Inspection(
            media_type=media_type, reason=f"{name}: PDF page cannot be read ({_short(error)})"
        )
    finally:
        document.close()
    return inspection


def _pdf_image_ppi(page: object, width_in: float) -> int:
    """Resolution of the largest image on a scanned PDF page; 300 where there is none."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    best = 0
    assert isinstance(page, pdfium.PdfPage)
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        assert isinstance(obj, pdfium.PdfImage)
        pixel_width, _ = obj.get_px_size()
        left, _, right, _ = obj.get_bounds()
        shown_in = max((right - left) / 72, 0.01)
        best = max(best, round(pixel_width / shown_in))
    return min(best, 600) if best else 300
