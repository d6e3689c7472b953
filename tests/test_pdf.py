"""The searchable PDF derivative: PDF/A-2b by arkki's own check, lossless, text extractable;
and the check itself, which must catch each kind of broken file."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import img2pdf
import numpy as np
import pikepdf
import pypdfium2
import pytest
from pikepdf.models.metadata import decode_pdf_date
from PIL import Image, ImageCms, ImageDraw, ImageFont

from ocr.engine import TesseractEngine
from ocr.pdf import image_page_pdf, merge_pdfs, searchable_page, srgb_profile
from ocr.pdfa import pdfa_problems

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
PPI = 300
CREATED = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
MODES = ("L", "RGB", "1")


def page_image(mode: str) -> Image.Image:
    """A 4 × 3 inch page at 300 ppi with two lines of text and a frame."""
    font = ImageFont.truetype(str(FONT), 50) if FONT.exists() else ImageFont.load_default()
    image = Image.new("RGB", (1200, 900), "white")
    draw = ImageDraw.Draw(image)
    draw.text((120, 150), "Helsinki archive record", font=font, fill=(20, 20, 120))
    draw.text((120, 260), "Decision 12 March 2017", font=font, fill="black")
    draw.rectangle((100, 480, 1000, 760), outline=(160, 0, 0), width=8)
    return image if mode == "RGB" else image.convert(mode)


def image_stream(pdf: pikepdf.Pdf, page: int = 0) -> pikepdf.Object:
    (image,) = (x for x in pdf.pages[page].Resources.XObject.values() if x.Subtype == "/Image")
    return image


def rebuilt(data: bytes, change: Callable[[pikepdf.Pdf], None], **save: object) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        buffer = io.BytesIO()
        pdf.save(buffer, preserve_pdfa=False, **save)  # type: ignore[arg-type]
        return buffer.getvalue()


@pytest.fixture(scope="module")
def image_pages() -> list[bytes]:
    return [image_page_pdf(page_image(mode), PPI) for mode in MODES]


@pytest.fixture(scope="module")
def merged(image_pages: list[bytes]) -> bytes:
    return merge_pdfs(image_pages, title="doc-0001", created=CREATED)


# merge_pdfs --------------------------------------------------------------------------------
def test_merged_image_pages_pass_the_check(merged: bytes) -> None:
    assert pdfa_problems(merged) == []


def test_page_pdfs_alone_are_not_pdfa(image_pages: list[bytes]) -> None:
    problems = " | ".join(pdfa_problems(image_pages[0]))
    assert "no XMP metadata" in problems
    assert "no PDF/A output intent" in problems


def test_merge_keeps_image_streams_byte_for_byte(image_pages: list[bytes], merged: bytes) -> None:
    with pikepdf.open(io.BytesIO(merged)) as pdf:
        for number, page in enumerate(image_pages):
            with pikepdf.open(io.BytesIO(page)) as original:
                before, after = image_stream(original), image_stream(pdf, number)
                assert after.read_raw_bytes() == before.read_raw_bytes()
                assert after.Filter == before.Filter
                assert after.DecodeParms == before.DecodeParms


def test_merged_metadata_claims_pdfa_2b_and_agrees_with_docinfo(merged: bytes) -> None:
    assert merged.startswith(b"%PDF-1.7\n")
    with pikepdf.open(io.BytesIO(merged)) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "2B"
        assert meta["dc:title"] == str(pdf.docinfo.Title) == "doc-0001"
        assert meta["xmp:CreatorTool"] == str(pdf.docinfo.Creator) == "arkki"
        assert meta["pdf:Producer"] == str(pdf.docinfo.Producer)
        assert datetime.fromisoformat(meta["xmp:CreateDate"]) == CREATED
        assert decode_pdf_date(str(pdf.docinfo.CreationDate)) == CREATED
        assert decode_pdf_date(str(pdf.docinfo.ModDate)) == CREATED
        assert not pdf.is_encrypted
        assert len(pdf.trailer.ID) == 2
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        assert intent.DestOutputProfile.read_bytes() == srgb_profile()


def test_output_intent_profile_is_a_working_srgb_profile() -> None:
    profile = ImageCms.ImageCmsProfile(io.BytesIO(srgb_profile()))
    assert "sRGB" in ImageCms.getProfileDescription(profile)
    assert srgb_profile()[16:20] == b"RGB " and srgb_profile()[36:40] == b"acsp"


def test_merge_is_reproducible(image_pages: list[bytes], merged: bytes) -> None:
    assert merge_pdfs(image_pages, title="doc-0001", created=CREATED) == merged


def test_merge_without_a_date_uses_now(image_pages: list[bytes]) -> None:
    data = merge_pdfs(image_pages[:1], title="doc-0002")
    assert pdfa_problems(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        created = decode_pdf_date(str(pdf.docinfo.CreationDate))
    assert abs((datetime.now(UTC) - created).total_seconds()) < 60


# With Tesseract's text-only pages ----------------------------------------------------------
@pytest.fixture(scope="module")
def ocr_pages(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, bytes]]:
    """Each mode's page as a PNG with Tesseract's text-only PDF for it, as the pipeline runs."""
    folder = tmp_path_factory.mktemp("ocr-pages")
    engine = TesseractEngine()
    pages = []
    for mode in MODES:
        png = folder / f"page-{mode}.png"
        page_image(mode).save(png, compress_level=1, dpi=(PPI, PPI))
        pages.append((png, engine.recognise(png, "eng", PPI).pdf))
    return pages


@pytest.fixture(scope="module")
def searchable(ocr_pages: list[tuple[Path, bytes]]) -> bytes:
    pages = [searchable_page(png, text_pdf) for png, text_pdf in ocr_pages]
    return merge_pdfs(pages, title="doc-0003", created=CREATED)


@pytest.mark.slow
def test_searchable_document_passes_the_check(searchable: bytes) -> None:
    assert pdfa_problems(searchable) == []


@pytest.mark.slow
def test_tesseract_text_layer_has_an_embedded_font(ocr_pages: list[tuple[Path, bytes]]) -> None:
    with pikepdf.open(io.BytesIO(ocr_pages[0][1])) as text:
        (font,) = text.pages[0].Resources.Font.values()
        (cid_font,) = font.DescendantFonts
        assert font.Subtype == "/Type0" and "/ToUnicode" in font
        assert "/FontFile2" in cid_font.FontDescriptor
        assert "/Group" not in text.pages[0]


@pytest.mark.slow
def test_searchable_document_text_is_extractable(searchable: bytes) -> None:
    document = pypdfium2.PdfDocument(searchable)
    try:
        for number in range(len(MODES)):
            text = document[number].get_textpage().get_text_range()
            assert "Helsinki" in text, (number, text)
            assert "2017" in text, (number, text)
    finally:
        document.close()


@pytest.mark.slow
def test_searchable_document_images_are_img2pdf_streams_and_pixels(
    ocr_pages: list[tuple[Path, bytes]], searchable: bytes
) -> None:
    with pikepdf.open(io.BytesIO(searchable)) as pdf:
        for number, (png, _) in enumerate(ocr_pages):
            converted = img2pdf.convert(str(png), rotation=img2pdf.Rotation.none)
            with pikepdf.open(io.BytesIO(converted)) as original:
                expected = image_stream(original).read_raw_bytes()
            embedded = image_stream(pdf, number)
            assert embedded.read_raw_bytes() == expected
            pixels = pikepdf.PdfImage(embedded).as_pil_image()
            with Image.open(png) as source:
                assert pixels.mode == source.mode
                assert pixels.tobytes() == source.tobytes()


@pytest.mark.slow
def test_merge_drops_a_cidset(ocr_pages: list[tuple[Path, bytes]]) -> None:
    """A CIDSet must list every CID the GlyphLessFont maps; merge_pdfs removes any."""

    def add_cidset(pdf: pikepdf.Pdf) -> None:
        (font,) = pdf.pages[0].Resources.Font.values()
        font.DescendantFonts[0].FontDescriptor.CIDSet = pdf.make_stream(b"\x80")

    png, text_pdf = ocr_pages[0]
    data = merge_pdfs([searchable_page(png, rebuilt(text_pdf, add_cidset))], title="doc-0004")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert not [obj for obj in pdf.objects if "/CIDSet" in getattr(obj, "keys", list)()]
    assert pdfa_problems(data) == []


# The checker catches broken files ----------------------------------------------------------
def no_output_intent(pdf: pikepdf.Pdf) -> None:
    del pdf.Root.OutputIntents


def no_pdfa_claim(pdf: pikepdf.Pdf) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        del meta["pdfaid:part"]
        del meta["pdfaid:conformance"]


def pdfa_1b_claim(pdf: pikepdf.Pdf) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["pdfaid:part"] = "1"


def no_xmp(pdf: pikepdf.Pdf) -> None:
    del pdf.Root.Metadata


def docinfo_title_differs(pdf: pikepdf.Pdf) -> None:
    pdf.docinfo.Title = "another title"


def docinfo_date_differs(pdf: pikepdf.Pdf) -> None:
    pdf.docinfo.ModDate = "D:20250101000000Z"


def standard_14_font(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[0]
    helvetica = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1)
    helvetica.BaseFont = pikepdf.Name.Helvetica
    page.Resources.Font = pikepdf.Dictionary(F1=helvetica)
    page.contents_add(pdf.make_stream(b"BT /F1 12 Tf 72 72 Td (visible) Tj ET"))


def javascript_open_action(pdf: pikepdf.Pdf) -> None:
    action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    pdf.Root.OpenAction = pdf.make_indirect(action)


def page_additional_actions(pdf: pikepdf.Pdf) -> None:
    go = pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.Array([pdf.pages[0].obj, "/Fit"]))
    pdf.pages[0].AA = pikepdf.Dictionary(O=go)


def embedded_file(pdf: pikepdf.Pdf) -> None:
    pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, b"not PDF/A")


def launch_action(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("x.exe"))


def odd_blend_mode(pdf: pikepdf.Pdf) -> None:
    state = pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, BM=pikepdf.Name.Plus)
    pdf.pages[0].Resources.ExtGState = pikepdf.Dictionary(GS1=state)


def cmyk_image(pdf: pikepdf.Pdf) -> None:
    image = pdf.make_stream(
        bytes(4),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=1,
        Height=1,
        BitsPerComponent=8,
        ColorSpace=pikepdf.Name.DeviceCMYK,
    )
    pdf.pages[0].Resources.XObject.CMYK = image


def cmyk_operator(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].contents_add(pdf.make_stream(b"0 0 0 1 k 0 0 10 10 re f"))


def profile_components_wrong(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OutputIntents[0].DestOutputProfile.N = 1


def profile_not_icc(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OutputIntents[0].DestOutputProfile.write(b"not a colour profile" * 10)


def lzw_stream(pdf: pikepdf.Pdf) -> None:
    stream = pdf.make_stream(b"")
    stream.write(b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01", filter=pikepdf.Name.LZWDecode)
    pdf.Root.Extra = stream


KEEP_LZW = {"stream_decode_level": pikepdf.StreamDecodeLevel.none, "compress_streams": False}


def interpolated_image(pdf: pikepdf.Pdf) -> None:
    image_stream(pdf).Interpolate = True


BROKEN: dict[str, tuple[Callable[[pikepdf.Pdf], None], dict[str, object], str]] = {
    "no output intent": (no_output_intent, {}, "no PDF/A output intent"),
    "no PDF/A claim": (no_pdfa_claim, {}, "XMP claims no PDF/A conformance"),
    "PDF/A-1b claim": (pdfa_1b_claim, {}, "XMP claims PDF/A-1B"),
    "no XMP": (no_xmp, {}, "no XMP metadata stream"),
    "docinfo title": (docinfo_title_differs, {}, "/Title 'another title' does not match"),
    "docinfo date": (docinfo_date_differs, {}, "/ModDate"),
    "unembedded font": (standard_14_font, {}, "font /Helvetica (/Type1) is not embedded"),
    "encrypted": (lambda pdf: None, {"encryption": pikepdf.Encryption(owner="x")}, "encrypted"),
    "password": (
        lambda pdf: None,
        {"encryption": pikepdf.Encryption(owner="x", user="y")},
        "needs a password",
    ),
    "JavaScript": (javascript_open_action, {}, "JavaScript (/JS)"),
    "additional actions": (page_additional_actions, {}, "additional actions (/AA)"),
    "embedded file": (embedded_file, {}, "embedded files"),
    "launch action": (launch_action, {}, "a /Launch action"),
    "blend mode": (odd_blend_mode, {}, "non-standard blend mode /Plus"),
    "CMYK image": (cmyk_image, {}, "DeviceCMYK used in object"),
    "CMYK operator": (cmyk_operator, {}, "DeviceCMYK used in page 1"),
    "ICC /N": (profile_components_wrong, {}, "/N 1 but the profile is RGB"),
    "not ICC": (profile_not_icc, {}, "not an ICC profile"),
    "LZW": (lzw_stream, KEEP_LZW, "an LZWDecode stream"),
    "interpolation": (interpolated_image, {}, "/Interpolate true"),
    "PDF 2.0": (lambda pdf: None, {"force_version": "2.0"}, "header says PDF 2.0"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_checker_catches(merged: bytes, case: str) -> None:
    change, save, expected = BROKEN[case]
    problems = pdfa_problems(rebuilt(merged, change, **save))
    assert any(expected in problem for problem in problems), problems


def test_checker_catches_a_missing_file_identifier(merged: bytes) -> None:
    assert merged.count(b"/ID [") == 1
    problems = pdfa_problems(merged.replace(b"/ID [", b"/XX ["))
    assert "no file identifier (/ID) in the trailer" in problems


def test_checker_catches_data_after_eof(merged: bytes) -> None:
    problems = pdfa_problems(merged + b"trailing bytes\n")
    assert any("after the last %%EOF" in problem for problem in problems), problems


def test_checker_reports_an_unreadable_file() -> None:
    problems = pdfa_problems(b"this is not a PDF")
    assert problems[0].startswith("no '%PDF-n.n' header")
    assert any(problem.startswith("not a readable PDF") for problem in problems)


def pikepdf_pdfa_findings(data: bytes) -> list[str]:
    """pikepdf's allowlist validator (pikepdf[pdfa], which needs fontTools): a second opinion."""
    pdfa = pytest.importorskip("pikepdf.pdfa", exc_type=ImportError)
    report = pdfa.validate_written(io.BytesIO(data), "2b")
    return [str(finding) for finding in report.findings]


def test_pikepdf_pdfa_validator_agrees(merged: bytes) -> None:
    assert pikepdf_pdfa_findings(merged) == []


@pytest.mark.slow
def test_pikepdf_pdfa_validator_agrees_on_the_text_layer(searchable: bytes) -> None:
    assert pikepdf_pdfa_findings(searchable) == []


@pytest.mark.slow
@pytest.mark.parametrize(("rotation", "skew"), [(0, 4.0), (90, -3.0), (180, 2.0)])
def test_turned_page_shows_the_scan_levelled_with_its_words_in_place(
    tmp_path: Path, rotation: int, skew: float
) -> None:
    from ocr.cleanup import level
    from ocr.pdf import turned_page

    upright = page_image("L")
    scan = upright.rotate(-skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    scan = scan.rotate(rotation, expand=True)  # lies turned: needs `rotation` clockwise
    original = tmp_path / "scan.png"
    scan.save(original, dpi=(PPI, PPI))
    levelled = level(scan, rotation, skew)
    ocr_input = tmp_path / "input.png"
    levelled.save(ocr_input, dpi=(PPI, PPI))
    ocr = TesseractEngine().recognise(ocr_input, "eng", PPI)

    data = turned_page(original, ocr.pdf, skew - rotation, PPI)

    with pikepdf.open(io.BytesIO(data)) as pdf:
        [embedded] = pdf.pages[0].get_images(recursive=False).values()
        with pikepdf.open(io.BytesIO(img2pdf.convert(str(original)))) as plain:
            [expected] = plain.pages[0].get_images(recursive=False).values()
            scan_bytes = expected.read_raw_bytes()
        assert embedded.read_raw_bytes() == scan_bytes  # the scan itself, not re-encoded
    document = pypdfium2.PdfDocument(data)
    rendered = document[0].render(scale=100 / 72).to_pil().convert("L")
    reference = levelled.resize(rendered.size)
    difference = np.abs(np.asarray(rendered, float) - np.asarray(reference, float)).mean()
    assert difference < 10  # looks like the levelled page (grey levels 0–255)
    first = ocr.words[0]
    left, _, _, top = document[0].get_textpage().get_charbox(0)
    height = document[0].get_height()
    assert left == pytest.approx(first.left * 72 / PPI, abs=3)
    assert top == pytest.approx(height - first.top * 72 / PPI, abs=6)
    assert pdfa_problems(merge_pdfs([data], title="turned")) == []
