"""mets.xml of a preservation SIP in the national METS profile (catalog/specification 1.8.0).

Layout: metsHdr (the organisation and arkki as CREATOR agents); dmdSecs for Dublin Core (a
standard-portfolio format the profile requires), the SÄHKE2 transfer XML of the same records
as OTHER/SAHKE2 and its EAD3 finding aid as OTHER/EAD3 1.1.1; one amdSec with a PREMIS 2.3
object per file, MIX 2.0 per image, then the PREMIS events and agents; a fileSec; one
PHYSICAL structMap whose top div is the package, with a div per CaseFile and per Record
holding the record's files. Every amdSec section is referenced from the file or div it
describes, as the profile requires.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from archive_schema.premis_xml import mix, premis_agent, premis_event, premis_object
from archive_schema.sip_model import (
    CATALOG_VERSION,
    DC_NS,
    FI_NS,
    METS_NS,
    PROFILE,
    XLINK_NS,
    XSI_NS,
    SipContent,
)

_NSMAP = {"mets": METS_NS, "fi": FI_NS, "xlink": XLINK_NS, "xsi": XSI_NS}
_SCHEMA_LOCATION = f"{METS_NS} http://digitalpreservation.fi/schemas/mets/mets.xsd"


def _q(tag: str) -> str:
    return f"{{{METS_NS}}}{tag}"


def _sub(parent: Any, tag: str, **attributes: str) -> Any:
    return etree.SubElement(parent, _q(tag), {k: v for k, v in attributes.items() if v})


def mets_xml(content: SipContent, pdf_ppi: dict[str, float]) -> bytes:
    """The METS document (UTF-8 bytes). ``pdf_ppi`` maps a file id to the scan resolution
    to record in MIX where the image's header has none."""
    info = content.info
    created = info.created.replace(microsecond=0).isoformat()
    root = etree.Element(_q("mets"), nsmap=_NSMAP)
    root.set(f"{{{XSI_NS}}}schemaLocation", _SCHEMA_LOCATION)
    root.set("PROFILE", PROFILE)
    root.set("OBJID", info.package_id)
    root.set("LABEL", info.label)
    root.set(f"{{{FI_NS}}}CATALOG", CATALOG_VERSION)
    root.set(f"{{{FI_NS}}}SPECIFICATION", CATALOG_VERSION)
    root.set(f"{{{FI_NS}}}CONTRACTID", info.contract_id)

    header = _sub(root, "metsHdr", CREATEDATE=created, RECORDSTATUS="submission")
    organisation = _sub(header, "agent", ROLE="CREATOR", TYPE="ORGANIZATION")
    _sub(organisation, "name").text = info.organisation
    software = _sub(header, "agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    _sub(software, "name").text = f"{info.software} {info.software_version}"

    _dublin_core(root, content, created)
    sahke2 = _sub(root, "dmdSec", ID="dmd-sahke2", CREATED=created)
    wrap = _sub(sahke2, "mdWrap", MDTYPE="OTHER", OTHERMDTYPE="SAHKE2", MDTYPEVERSION="2019.03")
    _sub(wrap, "xmlData").append(etree.fromstring(content.sahke2))
    descriptions = ["dmd-dc", "dmd-sahke2"]
    if content.ead3 is not None:
        ead3 = _sub(root, "dmdSec", ID="dmd-ead3", CREATED=created)
        wrap = _sub(ead3, "mdWrap", MDTYPE="OTHER", OTHERMDTYPE="EAD3", MDTYPEVERSION="1.1.1")
        _sub(wrap, "xmlData").append(content.ead3)
        descriptions.append("dmd-ead3")

    amd = _sub(root, "amdSec")
    file_admids: dict[str, list[str]] = {}
    for index, file in enumerate(content.files, 1):
        tech_id = f"tech-{index}"
        _md(amd, "techMD", tech_id, created, "PREMIS:OBJECT", "2.3", premis_object(file))
        file_admids[file.file_id] = [tech_id]
        if file.tech is not None:
            mix_id = f"mix-{index}"
            element = mix(file, file.tech, pdf_ppi.get(file.file_id, 0.0))
            _md(amd, "techMD", mix_id, created, "NISOIMG", "2.0", element)
            file_admids[file.file_id].append(mix_id)
    record_admids: dict[str, list[str]] = {}
    package_admids: list[str] = []
    for index, event in enumerate(content.events, 1):
        event_id = f"event-{index}"
        _md(amd, "digiprovMD", event_id, created, "PREMIS:EVENT", "2.3", premis_event(event))
        target = record_admids.setdefault(event.record_id, []) if event.record_id else None
        (target if target is not None else package_admids).append(event_id)
    for index, agent in enumerate(content.agents, 1):
        agent_id = f"agent-{index}"
        _md(amd, "digiprovMD", agent_id, created, "PREMIS:AGENT", "2.3", premis_agent(agent))
        package_admids.append(agent_id)

    group = _sub(_sub(root, "fileSec"), "fileGrp")
    for file in content.files:
        element = _sub(group, "file", ID=file.file_id, ADMID=" ".join(file_admids[file.file_id]))
        locator = _sub(element, "FLocat", LOCTYPE="URL")
        locator.set(f"{{{XLINK_NS}}}type", "simple")
        locator.set(f"{{{XLINK_NS}}}href", f"file://{file.path}")

    structure = _sub(root, "structMap", TYPE="PHYSICAL")
    top = _sub(
        structure,
        "div",
        TYPE="arkki-siirtopaketti",
        LABEL=content.title,
        DMDID=" ".join(descriptions),
        ADMID=" ".join(package_admids),
    )
    files_of: dict[str, list[str]] = {}
    for file in content.files:
        files_of.setdefault(file.record_id, []).append(file.file_id)
    for diary_number, records in content.cases.items():
        case_div = _sub(top, "div", TYPE="CaseFile", LABEL=diary_number)
        for record_id, title in records:
            record_div = _sub(
                case_div,
                "div",
                TYPE="Record",
                LABEL=title,
                ADMID=" ".join(record_admids.get(record_id, [])),
            )
            for file_id in files_of.get(record_id, []):
                _sub(record_div, "fptr", FILEID=file_id)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _md(
    amd: Any, kind: str, md_id: str, created: str, mdtype: str, version: str, data: Any
) -> None:
    section = _sub(amd, kind, ID=md_id, CREATED=created)
    wrap = _sub(section, "mdWrap", MDTYPE=mdtype, MDTYPEVERSION=version)
    _sub(wrap, "xmlData").append(data)


def _dublin_core(root: Any, content: SipContent, created: str) -> None:
    section = _sub(root, "dmdSec", ID="dmd-dc", CREATED=created)
    wrap = _sub(section, "mdWrap", MDTYPE="DC", MDTYPEVERSION="2008")
    data = _sub(wrap, "xmlData")

    def dc(tag: str, text: str) -> None:
        etree.SubElement(data, f"{{{DC_NS}}}{tag}", nsmap={"dc": DC_NS}).text = text

    dc("title", content.title)
    dc("creator", content.info.organisation)
    for identifier in content.identifiers:
        dc("identifier", identifier)
    if content.dates:
        first, last = min(content.dates), max(content.dates)
        dc("date", first.isoformat() if first == last else f"{first}/{last}")
    for language in content.languages:
        dc("language", language)
    dc("type", "Text")
