"""EAD3 1.1.1 finding aid of a SÄHKE2 ``Transfer``, for a PAS (dpres) METS dmdSec.

``build_ead3(records, plan, transfer, verify)`` checks the records exactly as the SÄHKE2
export does (``archive_schema.sahke2.to_transfer``, raising ``ExportRefused`` with every
problem) and returns the UTF-8 XML. ``transfer_to_ead3(transfer)`` serializes an already built
``Transfer``; ``transfer_to_ead3_element`` returns the lxml root (``ead``) for a METS builder
to put in ``dmdSec/mdWrap/xmlData`` with ``METS_MDWRAP``'s attributes.

Mapping (the national one, as CSC's ``import_sahke2.py`` does it): the transfer is the
``archdesc`` (``level="otherlevel" otherlevel="Metadata"``); CaseFile → ``c01``, Action →
``c02``, Record → ``c03``, Document → ``c04``, each ``level="otherlevel"`` with the SÄHKE2
element name as ``otherlevel``. Restriction → ``accessrestrict``; RetentionPeriod and
RetentionReason → ``appraisal``; ClassificationScheme → ``fileplan``; Function →
``controlaccess/function``; Type → ``controlaccess/genreform``; Status, Authenticity,
HashAlgorithm and HashValue → ``processinfo``; File → ``dao daotype="otherdaotype"
otherdaotype="Sähke2-File"``; ContactInformation → ``repository``; Created → ``unitdate``;
Language → ``langmaterial/language`` in ISO 639-2b. Every element that stands for a SÄHKE2
element carries its XPath (without namespace) in ``@encodinganalog``. arkki's Custom facts
become a ``processinfo localtype="arkki"`` definition list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from importlib import metadata
from typing import Any
from urllib.parse import quote

from lxml import etree

from archive_schema.record import RecordMetadata
from archive_schema.sahke2 import Verify, to_transfer
from archive_schema.sahke2_model import (
    Action,
    CaseFile,
    Document,
    FunctionClass,
    Record,
    Restriction,
    Transfer,
    TransferInfo,
)
from metadata.plan import RecordsPlan

EAD3_NS = "http://ead3.archivists.org/schema/"
EAD3_VERSION = "1.1.1"
# the mdWrap attributes under which the national Schematron (mets_ead3.sch) expects EAD3
METS_MDWRAP = {"MDTYPE": "OTHER", "OTHERMDTYPE": "EAD3", "MDTYPEVERSION": EAD3_VERSION}
SAHKE2_NAME = "SÄHKE2"
DAO_TYPE = "Sähke2-File"
# SÄHKE2 Language is ISO 639-1; EAD3 @langcode here is ISO 639-2b (control/@langencoding)
LANGUAGES_639_2B = {"fi": ("fin", "suomi"), "sv": ("swe", "ruotsi"), "en": ("eng", "englanti")}

_ROOT = "/Metadata"
_CASE = f"{_ROOT}/CaseFile"
_ACTION = f"{_CASE}/Action"
_RECORD = f"{_ACTION}/Record"
_DOCUMENT = f"{_RECORD}/Document"
_FUNCTION_LEVELS = ("MainFunction", "FunctionClassification", "SubFunction")


def _q(tag: str) -> str:
    return f"{{{EAD3_NS}}}{tag}"


def _el(parent: Any, tag: str, text: object = None, analog: str | None = None, **attrs: str) -> Any:
    element = etree.SubElement(parent, _q(tag))
    if analog is not None:
        element.set("encodinganalog", analog)
    for name, value in attrs.items():
        element.set(name, value)
    if text is not None:
        element.text = text.isoformat() if isinstance(text, date) else str(text)
    return element


def _block(parent: Any, tag: str, analog: str, paragraphs: Iterable[object], **attrs: str) -> Any:
    """A block element (accessrestrict, appraisal, processinfo …) with one ``p`` per value."""
    element = _el(parent, tag, analog=analog, **attrs)
    for text in paragraphs:
        _el(element, "p", text)
    return element


def _agent() -> str:
    try:
        return f"arkki {metadata.version('arkki')}"
    except metadata.PackageNotFoundError:
        return "arkki"


def build_ead3(
    records: Sequence[RecordMetadata],
    plan: RecordsPlan,
    transfer: TransferInfo,
    verify: Verify | None = None,
    created: datetime | None = None,
) -> bytes:
    """The EAD3 finding aid of ``records``; ``ExportRefused`` lists every problem first."""
    return transfer_to_ead3(to_transfer(records, plan, transfer, verify), created)


def transfer_to_ead3(transfer: Transfer, created: datetime | None = None) -> bytes:
    """The EAD3 finding aid of ``transfer`` as UTF-8 XML bytes (with declaration).

    ``created`` (default now) is the time of the maintenance event recording that arkki
    derived the finding aid; give it for reproducible output.
    """
    root = transfer_to_ead3_element(transfer, created)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def transfer_to_ead3_element(transfer: Transfer, created: datetime | None = None) -> Any:
    """The ``ead`` root element (EAD3 namespace as the default one), for embedding in METS."""
    root = etree.Element(_q("ead"), nsmap={None: EAD3_NS})
    root.set("relatedencoding", SAHKE2_NAME)
    _control(root, transfer, created or datetime.now(UTC))
    _archdesc(root, transfer)
    return root


def _control(root: Any, transfer: Transfer, created: datetime) -> None:
    info = transfer.info
    control = _el(root, "control", langencoding="iso639-2b", dateencoding="iso8601")
    _el(control, "recordid", f"ead3-{info.native_id}")
    titlestmt = _el(_el(control, "filedesc"), "titlestmt")
    _el(titlestmt, "titleproper", info.title, f"{_ROOT}/TransferInformation/Title")
    _el(control, "maintenancestatus", value="derived")
    agency = _el(control, "maintenanceagency")
    _el(agency, "agencyname", info.organisation, f"{_ROOT}/ContactInformation/Organisation/Name")
    declaration = _el(control, "languagedeclaration")
    _el(declaration, "language", "suomi", langcode="fin")
    _el(declaration, "script", "latinalainen", scriptcode="Latn")
    convention = _el(control, "conventiondeclaration")
    _el(convention, "citation", info.metadata_schema, f"{_ROOT}/TransferInformation/MetadataSchema")
    event = _el(_el(control, "maintenancehistory"), "maintenanceevent")
    _el(event, "eventtype", value="derived")
    utc = created.astimezone(UTC) if created.tzinfo else created
    # standarddatetime is a restricted xs:dateTime: written without a zone (UTC), as the
    # bounded type cannot compare a zoned value
    stamp = utc.replace(tzinfo=None, microsecond=0).isoformat()
    _el(event, "eventdatetime", f"{stamp}Z", standarddatetime=stamp)
    _el(event, "agenttype", value="machine")
    _el(event, "agent", _agent())
    _el(
        event,
        "eventdescription",
        f"arkki muodosti arkistoluettelon {SAHKE2_NAME}-siirron {info.native_id} tiedoista.",
    )


def _archdesc(root: Any, transfer: Transfer) -> None:
    info = transfer.info
    archdesc = _el(root, "archdesc", analog=_ROOT, level="otherlevel", otherlevel="Metadata")
    did = _el(archdesc, "did")
    _el(did, "unitid", info.native_id, f"{_ROOT}/TransferInformation/NativeId")
    _el(
        did,
        "unitid",
        info.contract_id,
        f"{_ROOT}/TransferInformation/TransferContractId",
        localtype="TransferContractId",
    )
    _el(did, "unittitle", info.title, f"{_ROOT}/TransferInformation/Title")
    dates = [c.created for c in transfer.case_files]
    dates += [a.created for c in transfer.case_files for a in c.actions]
    if dates:
        first, last = min(dates), max(dates)
        span = first.isoformat() if first == last else f"{first.isoformat()}–{last.isoformat()}"
        normal = first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"
        _el(did, "unitdate", span, unitdatetype="inclusive", normal=normal)
    languages = [lang for c in transfer.case_files for lang in c.languages]
    if languages:
        _langmaterial(did, languages, None)
    origination = _el(did, "origination", label="Arkistonmuodostaja")
    corp = _el(origination, "corpname")
    _el(corp, "part", info.organisation, f"{_ROOT}/ContactInformation/Organisation/Name")
    _repository(did, transfer)
    _block(
        archdesc,
        "processinfo",
        f"{_ROOT}/TransferInformation/MetadataSchema",
        [info.metadata_schema],
    )
    dsc = _el(archdesc, "dsc", dsctype="combined")
    for case in transfer.case_files:
        _case_file(dsc, case)


def _repository(did: Any, transfer: Transfer) -> None:
    info = transfer.info
    path = f"{_ROOT}/ContactInformation"
    repository = _el(did, "repository", analog=path)
    corp = _el(repository, "corpname", analog=f"{path}/Organisation")
    _el(corp, "part", info.organisation, f"{path}/Organisation/Name")
    person = _el(repository, "persname", analog=f"{path}/ContactPerson")
    _el(person, "part", info.contact_name, f"{path}/ContactPerson/Name")
    address = _el(repository, "address")
    for tag, value in (
        ("Address", info.contact_address),
        ("PhoneNumber", info.contact_phone),
        ("Email", info.contact_email),
    ):
        _el(address, "addressline", value, localtype=tag)


def _langmaterial(did: Any, languages: Iterable[str], analog: str | None) -> None:
    element = _el(did, "langmaterial", analog=analog)
    for code in dict.fromkeys(languages):
        langcode, name = LANGUAGES_639_2B.get(code, (code, code))
        _el(element, "language", name, langcode=langcode)


def _did(
    parent: Any,
    path: str,
    ids: Iterable[tuple[str, str]],
    title: str,
    created: date | None,
    languages: list[str],
    title_tag: str = "Title",
) -> Any:
    did = _el(parent, "did")
    for tag, value in ids:
        _el(
            did,
            "unitid",
            value,
            f"{path}/{tag}",
            **({"localtype": tag} if tag != "NativeId" else {}),
        )
    _el(did, "unittitle", title, f"{path}/{title_tag}")
    if created is not None:
        _el(
            did,
            "unitdate",
            created,
            f"{path}/Created",
            datechar="created",
            normal=created.isoformat(),
        )
    if languages:
        _langmaterial(did, languages, f"{path}/Language")
    return did


def _c(parent: Any, number: int, path: str, otherlevel: str) -> Any:
    return _el(parent, f"c0{number}", analog=path, level="otherlevel", otherlevel=otherlevel)


def _restriction(parent: Any, path: str, r: Restriction) -> None:
    path = f"{path}/Restriction"
    outer = _el(parent, "accessrestrict", analog=path)
    for tag, value in (
        ("PublicityClass", r.publicity_class),
        ("SecurityPeriod", r.security_period),
        ("SecurityReason", r.security_reason),
        ("PersonalData", r.personal_data),
    ):
        if value is not None and value != "":
            _block(outer, "accessrestrict", f"{path}/{tag}", [value], localtype=tag)


def _retention(parent: Any, path: str, period: int, reason: str) -> None:
    outer = _el(parent, "appraisal")
    _block(outer, "appraisal", f"{path}/RetentionPeriod", [period], localtype="RetentionPeriod")
    _block(outer, "appraisal", f"{path}/RetentionReason", [reason], localtype="RetentionReason")


def _access(parent: Any, path: str, function: str, type_: str | None) -> None:
    access = _el(parent, "controlaccess")
    _el(_el(access, "function", analog=f"{path}/Function"), "part", function)
    if type_:
        _el(_el(access, "genreform", analog=f"{path}/Type"), "part", type_)


def _fileplan(parent: Any, path: str, lineage: list[FunctionClass]) -> None:
    path = f"{path}/ClassificationScheme"
    plan = _el(parent, "fileplan", analog=path)
    container = plan
    for depth, level in enumerate(lineage):
        path = f"{path}/{_FUNCTION_LEVELS[min(depth, 2)]}"
        items = _el(container, "list", listtype="ordered")
        item = _el(items, "item")
        function = _el(item, "function", analog=path)
        _el(function, "part", level.code, f"{path}/FunctionCode", localtype="FunctionCode")
        _el(function, "part", level.title, f"{path}/Title", localtype="Title")
        container = item


def _case_file(dsc: Any, case: CaseFile) -> None:
    c01 = _c(dsc, 1, _CASE, "CaseFile")
    _did(c01, _CASE, [("NativeId", case.native_id)], case.title, case.created, case.languages)
    _restriction(c01, _CASE, case.restriction)
    _retention(c01, _CASE, case.retention_period, case.retention_reason)
    _block(c01, "processinfo", f"{_CASE}/Status", [case.status], localtype="Status")
    _fileplan(c01, _CASE, case.classification)
    _access(c01, _CASE, case.function, case.type)
    for action in case.actions:
        _action(c01, action)


def _action(c01: Any, action: Action) -> None:
    c02 = _c(c01, 2, _ACTION, "Action")
    _did(c02, _ACTION, [], action.title, action.created, [])
    genre = _el(_el(c02, "controlaccess"), "genreform", analog=f"{_ACTION}/Type")
    _el(genre, "part", action.type)
    _record(c02, action.record)


def _record(c02: Any, record: Record) -> None:
    c03 = _c(c02, 3, _RECORD, "Record")
    ids = [("NativeId", record.native_id)] + [("OtherId", other) for other in record.other_ids]
    _did(c03, _RECORD, ids, record.title, record.created, record.languages)
    _restriction(c03, _RECORD, record.restriction)
    _retention(c03, _RECORD, record.retention_period, record.retention_reason)
    _block(c03, "processinfo", f"{_RECORD}/Status", [record.status], localtype="Status")
    auth = record.authenticity
    path = f"{_RECORD}/Authenticity"
    authenticity = _el(c03, "processinfo", analog=path, localtype="Authenticity")
    _block(authenticity, "processinfo", f"{path}/Checker", [auth.checker], localtype="Checker")
    _block(authenticity, "processinfo", f"{path}/Date", [auth.date], localtype="Date")
    _block(
        authenticity,
        "processinfo",
        f"{path}/Description",
        [auth.description],
        localtype="Description",
    )
    _access(c03, _RECORD, record.function, record.type)
    if record.custom:
        custom = _el(c03, "processinfo", analog=f"{_RECORD}/Custom", localtype="arkki")
        facts = _el(custom, "list", listtype="deflist")
        for name, value in record.custom:
            pair = _el(facts, "defitem")
            _el(pair, "label", name)
            _el(pair, "item", value)
    for document in record.documents:
        _document(c03, document)


def _document(c03: Any, doc: Document) -> None:
    c04 = _c(c03, 4, _DOCUMENT, "Document")
    did = _did(c04, _DOCUMENT, [("NativeId", doc.native_id)], doc.name, None, [], "File/Name")
    path = f"{_DOCUMENT}/File"
    dao = _el(
        did,
        "dao",
        analog=path,
        daotype="otherdaotype",
        otherdaotype=DAO_TYPE,
        href=quote(f"{doc.path.rstrip('/')}/{doc.name}".replace("\\", "/")),
    )
    note = _el(_el(dao, "descriptivenote"), "p")
    name = _el(note, "name")
    _el(name, "part", doc.name, f"{path}/Name", localtype="Name")
    _el(name, "part", doc.path, f"{path}/Path", localtype="Path")
    _el(did, "physdesc", doc.format_name, f"{_DOCUMENT}/Format/Name", localtype="FormatName")
    _el(
        did,
        "physdesc",
        doc.format_version,
        f"{_DOCUMENT}/Format/Version",
        localtype="FormatVersion",
    )
    _block(c04, "scopecontent", f"{_DOCUMENT}/UseType", [doc.use_type], localtype="UseType")
    _block(
        c04,
        "processinfo",
        f"{_DOCUMENT}/HashAlgorithm",
        [doc.hash_algorithm],
        localtype="HashAlgorithm",
    )
    _block(c04, "processinfo", f"{_DOCUMENT}/HashValue", [doc.hash_value], localtype="HashValue")
