"""arkki's own structural check of PDF/A-2b (ISO 19005-2, level B) for the PDFs it writes.

This is a subset check, not a validator. It reads the clauses that matter for arkki's
searchable PDFs (image pages under Tesseract's invisible text) and that a structural
walk can decide: the header (version 1.7 or lower, binary comment), nothing after %%EOF,
no encryption, a trailer /ID; an XMP packet that claims PDF/A-2B; a GTS_PDFA1 output
intent whose DestOutputProfile is a sound ICC profile (header size, 'acsp', version,
device class, colour space matching /N); every font program embedded (stricter than
ISO 19005-2, which exempts fonts used only for invisible text); no JavaScript,
additional actions, forbidden action types, embedded files, XFA, LZW or external
streams; images without /Interpolate, /Alternates or /OPI; graphics states without
transfer functions, halftone phase or non-standard blend modes; and device colour, in
objects and content streams alike, covered by the output intent. Soft masks and
transparency groups are allowed in PDF/A-2 and are not reported. It also requires the
document information dictionary to agree with the XMP packet: a PDF/A-1 rule that
PDF/A-2 dropped, kept because readers show either. Not checked, among others: font
program internals (widths, glyphs, encodings), XMP schemas, annotations, implementation
limits and /Default colour spaces.

veraPDF (https://verapdf.org, the reference validator, in Java) is the authority on
conformance: an empty list here means "no problem found", not "conforms". veraPDF is not
packaged on PyPI, in Debian bookworm or on npm, so arkki cannot install it by itself.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime

import pikepdf
from pikepdf.models.metadata import decode_pdf_date

_HEADER = re.compile(rb"%PDF-(\d)\.(\d)(?:\r\n|\r|\n)")
_BINARY_COMMENT = re.compile(rb"%[\x80-\xff]{4}")
_XPACKET_HEADER = re.compile(r"<\?xpacket begin=[^>]*\?>")
_DOCINFO_XMP = (
    ("/Title", "dc:title"),
    ("/Author", "dc:creator"),
    ("/Subject", "dc:description"),
    ("/Keywords", "pdf:Keywords"),
    ("/Creator", "xmp:CreatorTool"),
    ("/Producer", "pdf:Producer"),
    ("/CreationDate", "xmp:CreateDate"),
    ("/ModDate", "xmp:ModifyDate"),
)
_DEVICE_SPACES = {"/DeviceGray": "GRAY", "/DeviceRGB": "RGB", "/DeviceCMYK": "CMYK"}
_OPERATOR_SPACES = {
    "g": "/DeviceGray",
    "G": "/DeviceGray",
    "rg": "/DeviceRGB",
    "RG": "/DeviceRGB",
    "k": "/DeviceCMYK",
    "K": "/DeviceCMYK",
}
_ICC_COMPONENTS = {b"GRAY": 1, b"RGB ": 3, b"CMYK": 4, b"Lab ": 3}
_OUTPUT_CLASSES = (b"prtr", b"mntr")
_INPUT_CLASSES = (b"prtr", b"mntr", b"scnr", b"spac")
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
_FONT_SUBTYPES = {"/Type0", "/Type1", "/MMType1", "/Type3", "/TrueType", "/CIDFontType0"}
_FORBIDDEN_ACTIONS = {
    "/Launch",
    "/Sound",
    "/Movie",
    "/ResetForm",
    "/ImportData",
    "/JavaScript",
    "/Hide",
    "/SetOCGState",
    "/Rendition",
    "/Trans",
    "/GoTo3DView",
}
_NAMED_ACTIONS = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
_BLEND_MODES = {
    "/Normal",
    "/Compatible",
    "/Multiply",
    "/Screen",
    "/Overlay",
    "/Darken",
    "/Lighten",
    "/ColorDodge",
    "/ColorBurn",
    "/HardLight",
    "/SoftLight",
    "/Difference",
    "/Exclusion",
    "/Hue",
    "/Saturation",
    "/Color",
    "/Luminosity",
}
_INTENTS = {"/RelativeColorimetric", "/AbsoluteColorimetric", "/Perceptual", "/Saturation"}
_MAX_PLACES = 5


def pdfa_problems(data: bytes) -> list[str]:
    """Each PDF/A-2b problem this subset check finds in ``data``, one line each; [] = none.

    A file that cannot be opened at all yields the problems found in its bytes plus one
    saying why. See the module docstring for what is and is not checked.
    """
    problems = _file_problems(data)
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        return [*problems, "encrypted: it needs a password to open (PDF/A forbids encryption)"]
    except pikepdf.PdfError as error:
        return [*problems, f"not a readable PDF: {error}"]
    with pdf:
        problems += _trailer_problems(pdf)
        problems += _metadata_problems(pdf)
        intent, intent_problems = _output_intent(pdf)
        problems += intent_problems
        uses: dict[str, list[str]] = {}
        for where, node in _nodes(pdf):
            problems += _node_problems(where, node)
            problems += _node_colours(where, node, uses)
        problems += _content_problems(pdf, uses)
        problems += _coverage_problems(uses, intent)
    return problems


# The file as bytes, and its trailer -------------------------------------------------------
def _file_problems(data: bytes) -> list[str]:
    header = _HEADER.match(data)
    problems: list[str] = []
    if header is None:
        problems.append("no '%PDF-n.n' header line at the start of the file")
    elif (int(header[1]), int(header[2])) > (1, 7):
        problems.append(f"header says PDF {header[1].decode()}.{header[2].decode()}; max 1.7")
    elif not _BINARY_COMMENT.match(data, header.end()):
        problems.append("header line not followed by a comment of four bytes above 127")
    eof = data.rfind(b"%%EOF")
    if eof < 0 or data[eof + 5 :] not in (b"", b"\n", b"\r", b"\r\n"):
        problems.append("data after the last %%EOF marker (or no marker)")
    return problems


def _trailer_problems(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
        problems.append("encrypted (/Encrypt in the trailer); PDF/A forbids encryption")
    ids = pdf.trailer.get("/ID")
    if not isinstance(ids, pikepdf.Array) or len(ids) != 2:
        problems.append("no file identifier (/ID) in the trailer")
    return problems


# XMP and the document information dictionary ----------------------------------------------
def _metadata_problems(pdf: pikepdf.Pdf) -> list[str]:
    stream = pdf.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return ["no XMP metadata stream (/Metadata) in the catalog"]
    problems = []
    if stream.get("/Type") != "/Metadata" or stream.get("/Subtype") != "/XML":
        problems.append("the catalog's /Metadata stream is not /Type /Metadata /Subtype /XML")
    try:
        text = stream.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return [*problems, "the XMP packet is not UTF-8"]
    header = _XPACKET_HEADER.search(text)
    if header and re.search(r"\s(bytes|encoding)=", header[0]):
        problems.append("the XMP packet header has a bytes or encoding attribute")
    try:
        meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False, strict=True)
    except (SyntaxError, ValueError) as error:  # lxml's parse errors are SyntaxErrors
        return [*problems, f"the XMP packet is not well-formed: {error}"]
    claim = meta.pdfa_status
    if claim != "2B":
        said = f"PDF/A-{claim}" if claim else "no PDF/A conformance"
        problems.append(f"XMP claims {said} (pdfaid:part, pdfaid:conformance); expected 2B")
    return problems + _docinfo_problems(pdf, meta)


def _docinfo_problems(pdf: pikepdf.Pdf, meta: pikepdf.models.PdfMetadata) -> list[str]:
    """Every docinfo entry with an XMP equivalent must equal it (ISO 19005-1, 6.7.3)."""
    info = pdf.trailer.get("/Info")
    if not isinstance(info, pikepdf.Dictionary):
        return []
    problems = []
    for key, prop in _DOCINFO_XMP:
        if key not in info:
            continue
        ours, theirs = str(info[key]), meta.get(prop)
        if not _same(key, ours, theirs):
            problems.append(f"docinfo {key} {ours!r} does not match XMP {prop} {theirs!r}")
    return problems


def _same(key: str, info: str, xmp: object) -> bool:
    if isinstance(xmp, list):  # dc:creator is an ordered list; PDF/A wants exactly one
        xmp = xmp[0] if len(xmp) == 1 else None
    if not isinstance(xmp, str):
        return False
    if key not in ("/CreationDate", "/ModDate"):
        return info == xmp
    try:
        return decode_pdf_date(info) == datetime.fromisoformat(xmp)
    except ValueError:
        return False


# Output intent and ICC profiles -----------------------------------------------------------
def _output_intent(pdf: pikepdf.Pdf) -> tuple[str | None, list[str]]:
    """The colour space of the PDF/A output intent's profile ("RGB", "GRAY", "CMYK")."""
    intents = [
        intent
        for intent in pdf.Root.get("/OutputIntents", pikepdf.Array())
        if isinstance(intent, pikepdf.Dictionary) and intent.get("/S") == "/GTS_PDFA1"
    ]
    if not intents:
        return None, ["no PDF/A output intent (/OutputIntents entry with /S /GTS_PDFA1)"]
    problems = []
    profiles = {i.DestOutputProfile.objgen for i in intents if "/DestOutputProfile" in i}
    if len(profiles) > 1:
        problems.append("the PDF/A output intents name different DestOutputProfile streams")
    intent = intents[0]
    if "/OutputConditionIdentifier" not in intent:
        problems.append("the PDF/A output intent has no /OutputConditionIdentifier")
    profile = intent.get("/DestOutputProfile")
    if not isinstance(profile, pikepdf.Stream):
        return None, [*problems, "the PDF/A output intent has no DestOutputProfile ICC stream"]
    space, icc = _icc_problems(profile, "output intent profile", _OUTPUT_CLASSES)
    if space == "Lab":
        icc.append("output intent profile: a Lab profile; PDF/A wants GRAY, RGB or CMYK")
    return space, problems + icc


def _icc_problems(
    profile: pikepdf.Stream, where: str, classes: tuple[bytes, ...]
) -> tuple[str | None, list[str]]:
    """The profile's colour space (as in its header, stripped) and what is wrong with it."""
    data = profile.read_bytes()
    if len(data) < 132 or data[36:40] != b"acsp":
        return None, [f"{where}: not an ICC profile (no 'acsp' signature in the header)"]
    problems = []
    size = int.from_bytes(data[0:4], "big")
    if size != len(data):
        problems.append(f"{where}: ICC header gives {size} bytes, the stream holds {len(data)}")
    if data[8] >= 5:
        problems.append(f"{where}: ICC version {data[8]}; PDF/A-2 allows up to 4")
    if data[12:16] not in classes:
        problems.append(f"{where}: ICC device class {data[12:16]!r} is not one of {classes}")
    components = _ICC_COMPONENTS.get(data[16:20])
    space = data[16:20].decode("latin-1").strip()
    if components is None:
        return None, [*problems, f"{where}: ICC colour space {space!r} not allowed"]
    if profile.get("/N") != components:
        problems.append(f"{where}: /N {profile.get('/N')} but the profile is {space}")
    return space, problems


# Every dictionary in the file -------------------------------------------------------------
def _nodes(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Object]]:
    """Every dictionary and stream, indirect or nested directly in another, with its object.

    Indirect references are not followed: each indirect object is visited on its own.
    Unlike veraPDF this also visits objects nothing refers to.
    """
    for obj in pdf.objects:
        where = f"object {obj.objgen[0]}"
        stack = [obj]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Dictionary | pikepdf.Stream):
                yield where, node
                children = list(node.values())
            elif isinstance(node, pikepdf.Array):
                children = list(node)
            else:
                continue
            stack.extend(
                child
                for child in children
                if isinstance(child, pikepdf.Object) and not child.is_indirect
            )


def _node_problems(where: str, node: pikepdf.Object) -> list[str]:
    return [
        f"{where}: {problem}"
        for check in (_action_problems, _stream_problems, _font_problems, _graphics_problems)
        for problem in check(node)
    ]


def _action_problems(node: pikepdf.Object) -> list[str]:
    keys = set(node.keys())
    problems = [f"JavaScript ({key})" for key in sorted(keys & {"/JS", "/JavaScript"})]
    if "/AA" in keys:
        problems.append("additional actions (/AA)")
    if keys & {"/EmbeddedFiles", "/EF"}:
        problems.append("embedded files (/EmbeddedFiles or /EF)")
    if "/XFA" in keys:
        problems.append("an XFA form (/XFA)")
    if node.get("/NeedsRendering") is True:
        problems.append("/NeedsRendering true")
    action = node.get("/S")
    if action in _FORBIDDEN_ACTIONS:
        problems.append(f"a {action} action, which PDF/A forbids")
    elif action == "/Named" and node.get("/N") not in _NAMED_ACTIONS:
        problems.append(f"a named action {node.get('/N')}, not a page navigation one")
    return problems


def _stream_problems(node: pikepdf.Object) -> list[str]:
    if not isinstance(node, pikepdf.Stream):
        return []
    problems = []
    filters = node.get("/Filter")
    names = list(filters) if isinstance(filters, pikepdf.Array) else [filters]
    if "/LZWDecode" in names:
        problems.append("an LZWDecode stream")
    if set(node.keys()) & {"/F", "/FFilter", "/FDecodeParms"}:
        problems.append("a stream with its data in an external file (/F)")
    subtype = node.get("/Subtype")
    if subtype == "/Image":
        problems += [f"an image with {key}" for key in ("/Alternates", "/OPI") if key in node]
        if node.get("/Interpolate") is True:
            problems.append("an image with /Interpolate true")
    elif subtype == "/PS" or node.get("/Subtype2") == "/PS":
        problems.append("a PostScript XObject")
    elif subtype == "/Form":
        problems += [f"a form XObject with {key}" for key in ("/OPI", "/Ref") if key in node]
    return problems


def _font_problems(node: pikepdf.Object) -> list[str]:
    """Simple fonts and CIDFonts need a font program; a Type0 font's are in its CIDFonts."""
    subtype = node.get("/Subtype")
    is_font = node.get("/Type") == "/Font" or (subtype in _FONT_SUBTYPES and "/BaseFont" in node)
    if not is_font or subtype == "/Type3":
        return []
    name = node.get("/BaseFont", "(no /BaseFont)")
    if subtype == "/Type0":
        return [] if "/DescendantFonts" in node else [f"Type0 font {name} has no CIDFont"]
    descriptor = node.get("/FontDescriptor")
    if isinstance(descriptor, pikepdf.Dictionary) and any(k in descriptor for k in _FONT_FILES):
        return []
    return [f"font {name} ({subtype}) is not embedded (no FontFile in its descriptor)"]


def _graphics_problems(node: pikepdf.Object) -> list[str]:
    problems = []
    if "/TR" in node:
        problems.append("a transfer function (/TR) in a graphics state")
    if "/TR2" in node and node.get("/TR2") != "/Default":
        problems.append("a transfer function (/TR2) other than /Default")
    if "/HTP" in node:
        problems.append("a halftone phase (/HTP)")
    modes = node.get("/BM")
    for mode in modes if isinstance(modes, pikepdf.Array) else [modes]:
        if mode is not None and mode not in _BLEND_MODES:
            problems.append(f"a non-standard blend mode {mode}")
    intent = node.get("/Intent") if node.get("/Subtype") == "/Image" else node.get("/RI")
    if intent is not None and intent not in _INTENTS:
        problems.append(f"an unknown rendering intent {intent}")
    return problems


# Colour spaces ----------------------------------------------------------------------------
def _node_colours(where: str, node: pikepdf.Object, uses: dict[str, list[str]]) -> list[str]:
    """Record the device spaces a dictionary uses; return problems with ICCBased profiles."""
    spaces = node.get("/ColorSpace")
    if isinstance(spaces, pikepdf.Dictionary):  # a resource dictionary: name -> space
        found = list(spaces.values())
    else:
        found = [] if spaces is None else [spaces]
    if node.get("/S") == "/Transparency" and "/CS" in node:
        found.append(node.CS)
    problems: list[str] = []
    for space in found:
        problems += _colour_space(space, where, uses)
    return problems


def _colour_space(space: pikepdf.Object, where: str, uses: dict[str, list[str]]) -> list[str]:
    if isinstance(space, pikepdf.Name):
        if str(space) in _DEVICE_SPACES:
            uses.setdefault(str(space), []).append(where)
        return []
    if not isinstance(space, pikepdf.Array) or len(space) < 2:
        return []
    family = space[0]
    if family == "/ICCBased" and isinstance(space[1], pikepdf.Stream):
        return _icc_problems(space[1], f"{where}: ICCBased profile", _INPUT_CLASSES)[1]
    base = {"/Indexed": 1, "/Pattern": 1, "/Separation": 2, "/DeviceN": 2}.get(str(family))
    if base is None or len(space) <= base:
        return []
    return _colour_space(space[base], where, uses)


def _content_problems(pdf: pikepdf.Pdf, uses: dict[str, list[str]]) -> list[str]:
    """Record the device spaces that page, form and pattern content streams select; report
    content that cannot be parsed and LZW-compressed inline images."""
    streams: list[tuple[str, pikepdf.Object]] = [
        (f"page {number}", page.obj) for number, page in enumerate(pdf.pages, start=1)
    ]
    streams += [
        (f"object {obj.objgen[0]}", obj)
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Stream)
        and (obj.get("/Subtype") == "/Form" or obj.get("/PatternType") == 1)
    ]
    problems = []
    for where, owner in streams:
        try:
            instructions = pikepdf.parse_content_stream(owner)
        except pikepdf.PdfError as error:
            problems.append(f"{where}: content stream cannot be parsed: {error}")
            continue
        for instruction in instructions:
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                problems += _inline_image(instruction.iimage, where, uses)
            elif isinstance(instruction, pikepdf.ContentStreamInstruction):
                space = _instruction_space(instruction)
                if space:
                    uses.setdefault(space, []).append(where)
    return problems


def _inline_image(
    image: pikepdf.PdfInlineImage, where: str, uses: dict[str, list[str]]
) -> list[str]:
    try:
        space = image.colorspace
    except (NotImplementedError, ValueError, pikepdf.PdfError):
        space = None  # a named resource space; the resource dictionary records it
    if space in _DEVICE_SPACES:
        uses.setdefault(str(space), []).append(where)
    return [f"{where}: an LZWDecode inline image"] if "/LZWDecode" in image.filters else []


def _instruction_space(instruction: pikepdf.ContentStreamInstruction) -> str | None:
    operator = str(instruction.operator)
    if operator in _OPERATOR_SPACES:
        return _OPERATOR_SPACES[operator]
    if operator in ("cs", "CS") and instruction.operands:
        space = str(instruction.operands[0])
        return space if space in _DEVICE_SPACES else None
    return None


def _coverage_problems(uses: dict[str, list[str]], intent: str | None) -> list[str]:
    """Device colour needs an output intent; DeviceRGB and DeviceCMYK one of their kind."""
    problems = []
    for space, places in sorted(uses.items()):
        needed = _DEVICE_SPACES[space]
        if intent is not None and (needed == "GRAY" or needed == intent):
            continue
        unique = list(dict.fromkeys(places))
        shown = ", ".join(unique[:_MAX_PLACES])
        more = f" and {len(unique) - _MAX_PLACES} more" if len(unique) > _MAX_PLACES else ""
        why = "there is no PDF/A output intent" if intent is None else f"the intent is {intent}"
        problems.append(f"{space[1:]} used in {shown}{more}, but {why}")
    return problems
