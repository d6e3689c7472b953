"""The subset of SÄHKE2 (``Sahke2_2019_03.xsd``) that arkki fills, as plain typed data.

One ``Transfer`` is one transfer XML: ``TransferInfo`` (TransferInformation and
ContactInformation, given by the caller) and one ``CaseFile`` per diary number, each with one
``Action`` per record (in date order) carrying one ``Record`` whose ``Document``s are the stored
originals and the PDF/A-2b derivative. Field names follow the XSD element names; the
serializer (``archive_schema.sahke2_xml``) writes them in the schema's mandatory order. Values
here are assumed valid: ``archive_schema.sahke2.sahke2_problems`` checks the records first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SAHKE2_NS = "http://www.arkisto.fi/skeemat/Sahke2/2019/08/29"  # targetNamespace, qualified
SAHKE2_SCHEMA_URL = "http://www.arkisto.fi/skeemat/Sahke2_2019_03.xsd"  # MetadataSchema value
ARKKI_NS = "urn:arkki:sahke2-custom:1"  # namespace of arkki's own elements inside Custom
HASH_ALGORITHM = "SHA-256"  # HashAlgorithm as in KA's minimal 2019 example


class ExportRefused(Exception):
    """The records cannot be transferred as SÄHKE2; ``problems`` lists every reason.

    Each problem is one line, ``"record <id>: <field>: <problem>"`` (``"records: ..."`` for a
    problem of the whole set).
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__(
            f"SÄHKE2 export refused, {len(problems)} problem(s):\n" + "\n".join(problems)
        )


@dataclass(frozen=True)
class TransferInfo:
    """What the transferring organisation supplies: TransferInformation and ContactInformation.

    ``native_id`` NativeId of the transfer, ``title`` Title, ``contract_id`` TransferContractId
    (KA's transfer agreement), ``organisation`` Organisation/Name; ``contact_*`` the
    ContactPerson. ``status`` is written as the Status of every CaseFile and Record;
    ``checker`` as the Authenticity/Checker.
    """

    native_id: str
    title: str
    contract_id: str
    organisation: str
    contact_name: str
    contact_address: str
    contact_phone: str
    contact_email: str
    status: str = "Arkistoitu"
    checker: str = "arkki"
    metadata_schema: str = SAHKE2_SCHEMA_URL


@dataclass(frozen=True)
class Restriction:
    """Käyttörajoitus; values verbatim from the XSD enumerations."""

    publicity_class: str
    personal_data: str
    security_period: int | None = None
    security_reason: str | None = None


@dataclass(frozen=True)
class FunctionClass:
    """One level of the ClassificationScheme (MainFunction, FunctionClassification, SubFunction)."""

    title: str
    code: str


@dataclass(frozen=True)
class Document:
    """Tiedosto: one file of a record. ``use_type`` is Arkisto, Natiivi or Julkaisu."""

    native_id: str
    use_type: str
    name: str
    path: str
    format_name: str  # PRONOM id, e.g. fmt/477
    format_version: str  # e.g. 2b
    hash_value: str
    hash_algorithm: str = HASH_ALGORITHM


@dataclass(frozen=True)
class Authenticity:
    """Asiakirjan alkuperäisyys ja eheys todettu: who checked, when, and how."""

    checker: str
    date: date
    description: str


@dataclass(frozen=True)
class Record:
    """Asiakirja. ``custom``: arkki's own (name, value) pairs, written under ``Custom``."""

    created: date
    native_id: str
    languages: list[str]  # ISO 639-1
    restriction: Restriction
    title: str
    retention_period: int  # years, -1 = permanent
    retention_reason: str
    status: str
    function: str  # the records-plan class code
    type: str
    authenticity: Authenticity
    other_ids: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    custom: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Action:
    """Toimenpide: arkki makes one per record, dated and typed like it."""

    created: date
    title: str
    type: str
    record: Record


@dataclass(frozen=True)
class CaseFile:
    """Asia: one diary number. ``classification`` is main class → … → leaf (3+ levels)."""

    created: date
    native_id: str
    languages: list[str]
    restriction: Restriction
    title: str
    retention_period: int
    retention_reason: str
    status: str
    classification: list[FunctionClass]
    function: str
    type: str | None
    actions: list[Action]


@dataclass(frozen=True)
class Transfer:
    """A whole SÄHKE2 transfer XML (root ``Metadata``)."""

    info: TransferInfo
    case_files: list[CaseFile]
