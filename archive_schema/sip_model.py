"""What a preservation SIP holds, as plain typed data, before it becomes METS.

``SipInfo`` is what the agency supplies (its digital-preservation contract, its name);
``PackageFile`` is one file in the tar with its PREMIS and MIX facts; ``PremisEvent`` and
``PremisAgent`` are the provenance. ``archive_schema.sip`` fills these from arkki's records
and ``archive_schema.mets`` writes them in the national METS profile 1.8.0.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from archive_schema.image_tech import ImageTech

METS_NS = "http://www.loc.gov/METS/"
FI_NS = "http://digitalpreservation.fi/schemas/mets/fi-extensions"
PREMIS_NS = "info:lc/xmlns/premis-v2"
MIX_NS = "http://www.loc.gov/mix/v20"
DC_NS = "http://purl.org/dc/elements/1.1/"
XLINK_NS = "http://www.w3.org/1999/xlink"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
PROFILE = "http://digitalpreservation.fi/mets-profiles/cultural-heritage"
CATALOG_VERSION = "1.8.0"
CONTRACT_ID = re.compile(r"urn:uuid:[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}")
# every PREMIS identifier arkki makes is a name-based UUID under this namespace, so the same
# records always give the same identifiers
ARKKI_UUID_NS = uuid.UUID("6f1d2c8e-4a5b-5c3d-9e7f-0a1b2c3d4e5f")


def premis_uuid(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(ARKKI_UUID_NS, '/'.join(parts))}"


@dataclass(frozen=True)
class SipInfo:
    """``contract_id`` the digital-preservation contract (fi:CONTRACTID, ``urn:uuid:…``);
    ``organisation`` the creating organisation; ``package_id`` METS OBJID; ``label`` LABEL."""

    contract_id: str
    organisation: str
    package_id: str
    label: str
    created: datetime
    software: str = "arkki"
    software_version: str = "0.1.0"


@dataclass(frozen=True)
class PackageFile:
    """One content file: where it lies in the tar and what PREMIS and MIX say about it."""

    file_id: str  # METS ID
    object_id: str  # PREMIS objectIdentifierValue
    record_id: str
    path: str  # path inside the tar, as in FLocat
    key: str  # object-store key it is read from
    sha256: str
    size: int
    media_type: str  # PREMIS formatName
    format_version: str
    pronom: str
    original_name: str
    created: date  # dateCreatedByApplication
    application: str = ""  # creatingApplicationName, where known
    application_version: str = ""
    tech: ImageTech | None = None  # MIX for images
    source_object_id: str | None = None  # a derivative's source (PREMIS relationship)


@dataclass(frozen=True)
class PremisAgent:
    agent_id: str
    name: str
    agent_type: str  # "organization", "software", "person"
    note: str = ""


@dataclass(frozen=True)
class PremisEvent:
    event_id: str
    event_type: str
    when: datetime | date
    detail: str
    outcome: str = "success"
    outcome_note: str = ""
    agents: tuple[tuple[str, str], ...] = ()  # (agent_id, role)
    objects: tuple[str, ...] = ()  # object ids
    record_id: str = ""  # the record whose div links it; "" for the whole package


@dataclass
class SipContent:
    """Everything ``archive_schema.mets.mets_xml`` writes; built by ``archive_schema.sip``."""

    info: SipInfo
    sahke2: bytes  # the SÄHKE2 transfer XML of the same records, embedded as OTHER
    title: str
    identifiers: list[str]  # diary numbers, for Dublin Core
    languages: list[str]
    dates: list[date]
    cases: dict[str, list[tuple[str, str]]]  # diary number → [(record id, title)] in order
    files: list[PackageFile] = field(default_factory=list)
    events: list[PremisEvent] = field(default_factory=list)
    agents: list[PremisAgent] = field(default_factory=list)
    ead3: Any = None  # the EAD3 finding aid of the same transfer (an lxml element), if any
