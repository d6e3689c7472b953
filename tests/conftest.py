"""Fixtures the suite generates itself: rendered pages, bad inputs, an isolated ARKKI_HOME."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

SHARED = Path(__file__).resolve().parents[2] / "shared"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")

FINNISH_DECISION = (
    "PÄÄTÖS\n"
    "Dnro UUDELY/1290/2017\n"
    "Helsinki 12.3.2017\n"
    "Asia: Palkkatuki työttömän työnhakijan palkkaamiseen\n"
    "Uudenmaan elinkeino-, liikenne- ja ympäristökeskus myöntää hakijalle palkkatukea "
    "työttömän työnhakijan palkkaamiseen. Palkkatuen määrä on 50 prosenttia "
    "palkkauskustannuksista. Hakija Esimerkki Oy (Y-tunnus 0245437-2) on toimittanut "
    "hakemuksen määräajassa. Päätöstä sovelletaan hakemuksen mukaisesti."
)


def render_page(text: str, size: tuple[int, int] = (2480, 3508), dpi: int = 300) -> Image.Image:
    font = ImageFont.truetype(str(FONT), 46) if FONT.exists() else ImageFont.load_default()
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    y = 250
    for paragraph in text.split("\n"):
        for line in textwrap.wrap(paragraph, 70) or [""]:
            draw.text((200, y), line, font=font, fill=0)
            y += 70
    image.info["dpi"] = (dpi, dpi)
    return image


@pytest.fixture
def page_image() -> Image.Image:
    return render_page(FINNISH_DECISION)


@pytest.fixture
def arkki_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "arkki-home"
    monkeypatch.setenv("ARKKI_HOME", str(home))
    for name in ("ARKKI_STORE", "ARKKI_CATALOG", "ARKKI_SEARCH"):
        monkeypatch.delenv(name, raising=False)
    return home


def write_bad_inputs(folder: Path) -> dict[str, str]:
    """Every kind of bad input the pipeline must quarantine; returns name → expected words."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}
    (folder / "empty.tif").write_bytes(b"")
    expected["empty.tif"] = "empty file"
    good = render_page(FINNISH_DECISION)
    good.save(folder / "whole.tif", dpi=(300, 300), compression="tiff_lzw")
    data = (folder / "whole.tif").read_bytes()
    (folder / "truncated.tif").write_bytes(data[: len(data) // 3])
    (folder / "whole.tif").unlink()
    expected["truncated.tif"] = "truncated or unreadable"
    (folder / "notes.jpg").write_text("Tämä on tekstitiedosto, ei kuva.\n", encoding="utf-8")
    expected["notes.jpg"] = "not a TIFF, PNG, JPEG or PDF"
    thumbnail = good.resize((595, 842))
    thumbnail.save(folder / "thumbnail.jpg", dpi=(72, 72), quality=80)
    expected["thumbnail.jpg"] = "below the minimum"
    Image.new("1", (20000, 20000), 1).save(
        folder / "huge.tif", dpi=(300, 300), compression="group4"
    )
    expected["huge.tif"] = "decompression-bomb guard"
    _encrypted_pdf(folder / "secret.pdf")
    expected["secret.pdf"] = "encrypted"
    odd = os.fsdecode(b"p\xe4\xe4t\xf6s-latin1.png")
    good.save(folder / odd, dpi=(300, 300))
    expected[odd.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")] = (
        "not valid UTF-8"
    )
    return expected


def _encrypted_pdf(path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="salainen", owner_password="salainen")
    with path.open("wb") as handle:
        writer.write(handle)
