"""Page images for the validation screen: a stored original's page as PNG, made on demand.

The original (TIFF, PNG, JPEG or PDF) is read from the object store, the requested page
(``pages[n].facts.source_page`` of the record) is decoded with Pillow (PDF pages rendered with
pypdfium2), scaled to the requested width and cached under ARKKI_HOME/cache/pages keyed by the
original's SHA-256, page and width, so a second view costs a file read. The master is never
changed. Raises ``LookupError`` for a page that does not exist.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image

from archive_schema.record import RecordMetadata
from infra.store import ObjectStore

WIDTHS = (800, 1200, 2000)


def page_png(
    record: RecordMetadata, number: int, width: int, store: ObjectStore, cache: Path
) -> Path:
    page = next((p for p in record.pages if p.number == number), None)
    if page is None:
        raise LookupError(f"record {record.id} has no page {number}")
    original = next((f for f in record.files if f.name == page.file), None)
    if original is None:
        raise LookupError(f"record {record.id}: page {number}'s file {page.file} is not stored")
    target = cache / f"{original.sha256}-{page.facts.source_page}-{width}.png"
    if target.exists():
        return target
    data = store.get_bytes(original.key)
    if original.media_type == "application/pdf":
        image = _pdf_page(data, page.facts.source_page, width)
    else:
        image = Image.open(io.BytesIO(data))
        image.seek(page.facts.source_page)
        image.load()
    if image.mode not in ("1", "L", "RGB"):
        image = image.convert("RGB")
    if image.width > width:
        height = max(1, round(image.height * width / image.width))
        image = image.convert("L" if image.mode == "1" else image.mode).resize(
            (width, height), Image.Resampling.LANCZOS
        )
    cache.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    image.save(partial, format="PNG", optimize=False)
    partial.replace(target)  # atomic: a concurrent reader sees the whole file or none
    return target


def _pdf_page(data: bytes, index: int, width: int) -> Image.Image:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        page = pdf[index]
        scale = width / page.get_width()
        return page.render(scale=scale).to_pil()
    finally:
        pdf.close()
