from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from ocr.cleanup import analyse_layout, level
from ocr.pages import PageLimits, inspect_file
from tests.conftest import FINNISH_DECISION, render_page, write_bad_inputs


def test_every_bad_input_gets_a_reason_naming_the_file(tmp_path: Path) -> None:
    expected = write_bad_inputs(tmp_path)
    for path in tmp_path.iterdir():
        name = path.name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        if "UTF-8" in expected[name]:
            continue  # a name problem, found when the batch is planned (test_batch)
        result = inspect_file(path, name, PageLimits())
        assert not result.ok, name
        assert result.reason.startswith(f"{name}: "), result.reason
        assert expected[name] in result.reason, result.reason


def test_good_pages_pass_with_their_facts(tmp_path: Path, page_image: Image.Image) -> None:
    page_image.save(tmp_path / "p.tif", dpi=(300, 300), compression="tiff_lzw")
    result = inspect_file(tmp_path / "p.tif", "p.tif", PageLimits())
    assert result.ok and result.media_type == "image/tiff"
    [facts] = result.pages
    assert (facts.width, facts.height, facts.ppi, facts.ppi_source) == (2480, 3508, 300, "metadata")
    assert facts.mode == "L" and facts.bits_per_sample == 8 and not facts.blank


def test_multipage_tiff_with_a_blank_back_side(tmp_path: Path, page_image: Image.Image) -> None:
    blank = Image.new("L", page_image.size, 255)
    page_image.save(tmp_path / "m.tif", save_all=True, append_images=[blank], dpi=(300, 300))
    result = inspect_file(tmp_path / "m.tif", "m.tif", PageLimits())
    assert result.ok
    assert [p.blank for p in result.pages] == [False, True]


def test_resolution_without_metadata_is_estimated_from_a4(tmp_path: Path) -> None:
    image = render_page(FINNISH_DECISION)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")  # no pHYs chunk
    (tmp_path / "p.png").write_bytes(buffer.getvalue())
    [facts] = inspect_file(tmp_path / "p.png", "p.png", PageLimits()).pages
    assert facts.ppi == 300 and facts.ppi_source.startswith("estimated")


def test_minimum_resolution_is_configurable(tmp_path: Path, page_image: Image.Image) -> None:
    page_image.resize((1240, 1754)).save(tmp_path / "p.png", dpi=(150, 150))
    assert (
        "below the minimum 300 ppi"
        in inspect_file(tmp_path / "p.png", "p.png", PageLimits()).reason
    )
    assert inspect_file(tmp_path / "p.png", "p.png", PageLimits(min_ppi=150)).ok


def test_scanned_and_born_digital_pdfs(tmp_path: Path, page_image: Image.Image) -> None:
    page_image.save(tmp_path / "scan.pdf", "PDF", resolution=300.0)
    scan = inspect_file(tmp_path / "scan.pdf", "scan.pdf", PageLimits())
    assert scan.ok and not scan.pages[0].text_layer and scan.pages[0].ppi == 300

    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    # a born-digital page: a PDF whose content stream draws real text
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    from pypdf.generic import DecodedStreamObject, DictionaryObject

    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(
        b"BT /F1 12 Tf 72 720 Td (Paatos palkkatuesta annetaan hakijalle tiedoksi.) Tj ET"
    )
    page[NameObject("/Contents")] = writer._add_object(stream)
    with (tmp_path / "digital.pdf").open("wb") as handle:
        writer.write(handle)
    digital = inspect_file(tmp_path / "digital.pdf", "digital.pdf", PageLimits())
    assert digital.ok and digital.pages[0].text_layer
    assert "palkkatuesta" in digital.pdf_text[0]


@pytest.mark.parametrize("angle", [-1.5, -0.7, 0.6, 1.8])
def test_skew_is_measured(page_image: Image.Image, angle: float) -> None:
    skewed = page_image.rotate(angle, fillcolor=255, resample=Image.Resampling.BICUBIC)
    layout = analyse_layout(skewed)
    assert layout.skew_degrees == pytest.approx(-angle, abs=0.2)
    assert not layout.vertical_lines


def test_pages_lying_on_their_side_are_recognised(page_image: Image.Image) -> None:
    assert analyse_layout(page_image.rotate(90, expand=True)).vertical_lines
    assert not analyse_layout(page_image.rotate(180)).vertical_lines


def test_level_never_changes_the_master(page_image: Image.Image) -> None:
    before = page_image.tobytes()
    turned = level(page_image, 90, 1.0)
    assert page_image.tobytes() == before
    assert turned.size != page_image.size
