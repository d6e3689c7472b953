"""Technical facts of a stored image, read from its own header, for MIX 2.0.

``image_tech(path)`` opens the file with Pillow without decoding the pixels and returns what
the national digital-preservation service's MIX rules ask for: size, colour space, samples
and bits per sample, compression, byte order (TIFF) and the scan resolution. A file Pillow
cannot open raises ``ImageTechError`` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, TiffImagePlugin, UnidentifiedImageError

# Pillow's compression names → MIX compressionScheme, as the service's file-scraper writes them
_TIFF_COMPRESSION = {
    "raw": "Uncompressed",
    "tiff_lzw": "LZW",
    "group4": "CCITT Group 4",
    "group3": "CCITT Group 3",
    "tiff_ccitt": "CCITT RLE",
    "packbits": "PackBits",
    "tiff_adobe_deflate": "Deflate",
    "tiff_deflate": "Deflate",
    "jpeg": "JPEG",
    "tiff_jpeg": "JPEG",
}
# Pillow mode → (colour space, bits per sample)
_MODES = {
    "1": ("BlackIsZero", (1,)),
    "L": ("BlackIsZero", (8,)),
    "LA": ("BlackIsZero", (8, 8)),
    "I;16": ("BlackIsZero", (16,)),
    "I;16B": ("BlackIsZero", (16,)),
    "P": ("PaletteColor", (8,)),
    "RGB": ("RGB", (8, 8, 8)),
    "RGBA": ("RGB", (8, 8, 8, 8)),
    "CMYK": ("CMYK", (8, 8, 8, 8)),
    "YCbCr": ("YCbCr", (8, 8, 8)),
}
_PHOTOMETRIC_TAG = 262
_TIFF_PHOTOMETRIC = {0: "WhiteIsZero", 1: "BlackIsZero", 2: "RGB", 3: "PaletteColor"}


class ImageTechError(Exception):
    pass


@dataclass(frozen=True)
class ImageTech:
    width: int
    height: int
    color_space: str  # MIX colorSpace: BlackIsZero, WhiteIsZero, RGB, YCbCr, PaletteColor, CMYK
    bits_per_sample: tuple[int, ...]  # one value per sample
    compression: str  # MIX compressionScheme
    byte_order: str | None  # "little endian" / "big endian" for TIFF, else None
    x_ppi: float | None  # scan resolution from the file's own metadata, pixels per inch
    y_ppi: float | None
    software: str = ""  # TIFF Software tag: the scanning application, where recorded
    date_time: str = ""  # TIFF DateTime tag (YYYY:MM:DD HH:MM:SS), where recorded

    @property
    def samples_per_pixel(self) -> int:
        return len(self.bits_per_sample)


def image_tech(path: Path) -> ImageTech:
    """The MIX facts of the image at ``path`` (its first frame for a multi-page TIFF)."""
    try:
        with Image.open(path) as image:
            return _facts(image)
    except UnidentifiedImageError as error:
        raise ImageTechError("cannot read the image header: not an image Pillow knows") from error
    except (OSError, SyntaxError, ValueError) as error:
        reason = str(error).replace(str(path), "").strip(" :'") or type(error).__name__
        raise ImageTechError(f"cannot read the image header: {reason}") from error


def _facts(image: Image.Image) -> ImageTech:
    if image.mode not in _MODES:
        raise ImageTechError(f"image mode {image.mode!r} has no MIX colour space in arkki")
    color_space, bits = _MODES[image.mode]
    byte_order = None
    software = date_time = ""
    if isinstance(image, TiffImagePlugin.TiffImageFile):
        compression = _TIFF_COMPRESSION.get(str(image.info.get("compression")), "Unknown")
        byte_order = "little endian" if image.tag_v2.prefix == b"II" else "big endian"
        photometric = image.tag_v2.get(_PHOTOMETRIC_TAG)
        color_space = (
            _TIFF_PHOTOMETRIC.get(int(photometric), color_space) if photometric else (color_space)
        )
        software = str(image.tag_v2.get(305, "") or "").strip()
        date_time = str(image.tag_v2.get(306, "") or "").strip()
    elif image.format == "PNG":
        compression = "Deflate"
    elif image.format == "JPEG":
        compression = "JPEG"
        if image.mode == "RGB":
            color_space = "YCbCr"  # JFIF stores colour JPEGs as YCbCr
    else:
        raise ImageTechError(f"format {image.format!r} is not an archival master format")
    dpi = image.info.get("dpi")
    x_ppi = y_ppi = None
    if dpi and float(dpi[0]) > 0 and float(dpi[1]) > 0:
        x_ppi, y_ppi = float(dpi[0]), float(dpi[1])
    return ImageTech(
        width=image.width,
        height=image.height,
        color_space=color_space,
        bits_per_sample=bits,
        compression=compression,
        byte_order=byte_order,
        x_ppi=x_ppi,
        y_ppi=y_ppi,
        software=software,
        date_time=date_time,
    )
