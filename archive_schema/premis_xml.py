"""PREMIS 2.3 objects, events and agents and MIX 2.0 image metadata, as lxml elements.

Each writer emits children in the order of its XSD sequence (premis-v2-3.xsd, mix20.xsd) and
leaves optional elements out rather than writing them empty.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from lxml import etree

from archive_schema.image_tech import ImageTech
from archive_schema.sip_model import (
    MIX_NS,
    PREMIS_NS,
    XSI_NS,
    PackageFile,
    PremisAgent,
    PremisEvent,
)

_INCH = "in."  # MIX 2.0 samplingFrequencyUnit: "no absolute unit of measurement", "in.", "cm"


def _p(parent: Any, tag: str, text: str | None = None) -> Any:
    element = etree.SubElement(parent, f"{{{PREMIS_NS}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _m(parent: Any, tag: str, text: str | None = None) -> Any:
    element = etree.SubElement(parent, f"{{{MIX_NS}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _when(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def premis_object(file: PackageFile) -> Any:
    """``premis:object`` of type file: identifier, fixity, size, format, creating application,
    original name and, for a derivative, its source."""
    obj = etree.Element(f"{{{PREMIS_NS}}}object", nsmap={"premis": PREMIS_NS, "xsi": XSI_NS})
    obj.set(f"{{{XSI_NS}}}type", "premis:file")
    ident = _p(obj, "objectIdentifier")
    _p(ident, "objectIdentifierType", "UUID")
    _p(ident, "objectIdentifierValue", file.object_id)
    chars = _p(obj, "objectCharacteristics")
    _p(chars, "compositionLevel", "0")
    fixity = _p(chars, "fixity")
    _p(fixity, "messageDigestAlgorithm", "SHA-256")
    _p(fixity, "messageDigest", file.sha256)
    _p(chars, "size", str(file.size))
    fmt = _p(chars, "format")
    designation = _p(fmt, "formatDesignation")
    _p(designation, "formatName", file.media_type)
    _p(designation, "formatVersion", file.format_version)
    registry = _p(fmt, "formatRegistry")
    _p(registry, "formatRegistryName", "PRONOM")
    _p(registry, "formatRegistryKey", file.pronom)
    app = _p(chars, "creatingApplication")
    if file.application:
        _p(app, "creatingApplicationName", file.application)
    if file.application_version:
        _p(app, "creatingApplicationVersion", file.application_version)
    _p(app, "dateCreatedByApplication", file.created.isoformat())
    _p(obj, "originalName", file.original_name)
    if file.source_object_id:
        relationship = _p(obj, "relationship")
        _p(relationship, "relationshipType", "derivation")
        _p(relationship, "relationshipSubType", "has source")
        related = _p(relationship, "relatedObjectIdentification")
        _p(related, "relatedObjectIdentifierType", "UUID")
        _p(related, "relatedObjectIdentifierValue", file.source_object_id)
    return obj


def premis_event(event: PremisEvent) -> Any:
    element = etree.Element(f"{{{PREMIS_NS}}}event", nsmap={"premis": PREMIS_NS})
    ident = _p(element, "eventIdentifier")
    _p(ident, "eventIdentifierType", "UUID")
    _p(ident, "eventIdentifierValue", event.event_id)
    _p(element, "eventType", event.event_type)
    _p(element, "eventDateTime", _when(event.when))
    _p(element, "eventDetail", event.detail)
    outcome = _p(element, "eventOutcomeInformation")
    _p(outcome, "eventOutcome", event.outcome)
    if event.outcome_note:
        _p(_p(outcome, "eventOutcomeDetail"), "eventOutcomeDetailNote", event.outcome_note)
    for agent_id, role in event.agents:
        link = _p(element, "linkingAgentIdentifier")
        _p(link, "linkingAgentIdentifierType", "UUID")
        _p(link, "linkingAgentIdentifierValue", agent_id)
        _p(link, "linkingAgentRole", role)
    for object_id in event.objects:
        link = _p(element, "linkingObjectIdentifier")
        _p(link, "linkingObjectIdentifierType", "UUID")
        _p(link, "linkingObjectIdentifierValue", object_id)
    return element


def premis_agent(agent: PremisAgent) -> Any:
    element = etree.Element(f"{{{PREMIS_NS}}}agent", nsmap={"premis": PREMIS_NS})
    ident = _p(element, "agentIdentifier")
    _p(ident, "agentIdentifierType", "UUID")
    _p(ident, "agentIdentifierValue", agent.agent_id)
    _p(element, "agentName", agent.name)
    _p(element, "agentType", agent.agent_type)
    if agent.note:
        _p(element, "agentNote", agent.note)
    return element


def mix(file: PackageFile, tech: ImageTech, ppi: float) -> Any:
    """``mix:mix`` for one image: object, size, colour, compression, byte order, resolution.

    ``ppi`` is the scan resolution to record where the file's header has none (arkki's page
    check estimated it); the header's own values win.
    """
    root = etree.Element(f"{{{MIX_NS}}}mix", nsmap={"mix": MIX_NS})
    basic = _m(root, "BasicDigitalObjectInformation")
    ident = _m(basic, "ObjectIdentifier")
    _m(ident, "objectIdentifierType", "UUID")
    _m(ident, "objectIdentifierValue", file.object_id)
    _m(basic, "fileSize", str(file.size))
    designation = _m(basic, "FormatDesignation")
    _m(designation, "formatName", file.media_type)
    _m(designation, "formatVersion", file.format_version)
    if tech.byte_order:
        _m(basic, "byteOrder", tech.byte_order)
    _m(_m(basic, "Compression"), "compressionScheme", tech.compression)
    fixity = _m(basic, "Fixity")
    _m(fixity, "messageDigestAlgorithm", "SHA-256")
    _m(fixity, "messageDigest", file.sha256)
    image = _m(_m(root, "BasicImageInformation"), "BasicImageCharacteristics")
    _m(image, "imageWidth", str(tech.width))
    _m(image, "imageHeight", str(tech.height))
    _m(_m(image, "PhotometricInterpretation"), "colorSpace", tech.color_space)
    if tech.software:
        capture = _m(root, "ImageCaptureMetadata")
        scanner = _m(capture, "ScannerCapture")
        software = _m(scanner, "ScanningSystemSoftware")
        _m(software, "scanningSoftwareName", tech.software)
    assessment = _m(root, "ImageAssessmentMetadata")
    metrics = _m(assessment, "SpatialMetrics")
    _m(metrics, "samplingFrequencyUnit", _INCH)
    for axis, value in (("x", tech.x_ppi or ppi), ("y", tech.y_ppi or ppi)):
        numerator, denominator = _rational(value)
        frequency = _m(metrics, f"{axis}SamplingFrequency")
        _m(frequency, "numerator", str(numerator))
        _m(frequency, "denominator", str(denominator))
    encoding = _m(assessment, "ImageColorEncoding")
    bits = _m(encoding, "BitsPerSample")
    for value in tech.bits_per_sample:  # one per sample
        _m(bits, "bitsPerSampleValue", str(value))
    _m(bits, "bitsPerSampleUnit", "integer")
    _m(encoding, "samplesPerPixel", str(tech.samples_per_pixel))
    return root


def _rational(value: float) -> tuple[int, int]:
    value = round(value, 1)  # PNG stores pixels per metre: 400 ppi reads back as 399.9992
    if value.is_integer():
        return int(value), 1
    return round(value * 1000), 1000
