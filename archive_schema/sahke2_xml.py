"""Serialize a ``Transfer`` as SÄHKE2 2019 XML with lxml.

Every SÄHKE2 content model is an ``xs:sequence``, so each writer below emits its children in
exactly the XSD order; optional elements with no value are left out (never written empty).
All elements are in the target namespace (``elementFormDefault="qualified"``), written as the
default namespace; arkki's ``Custom`` children use ``ARKKI_NS`` (the XSD's ``xs:any`` there is
``processContents="skip"``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from lxml import etree

from archive_schema.sahke2_model import (
    ARKKI_NS,
    SAHKE2_NS,
    Action,
    CaseFile,
    Document,
    FunctionClass,
    Record,
    Restriction,
    Transfer,
)

_NSMAP = {None: SAHKE2_NS, "arkki": ARKKI_NS}
_FUNCTION_LEVELS = ("MainFunction", "FunctionClassification", "SubFunction")


def _q(tag: str) -> str:
    return f"{{{SAHKE2_NS}}}{tag}"


def _sub(parent: Any, tag: str, text: str | int | date | None = None) -> Any:
    element = etree.SubElement(parent, _q(tag))
    if text is not None:
        element.text = text.isoformat() if isinstance(text, date) else str(text)
    return element


def _opt(parent: Any, tag: str, text: str | int | date | None) -> None:
    if text is not None and text != "":
        _sub(parent, tag, text)


def transfer_to_xml(transfer: Transfer) -> bytes:
    """The transfer as UTF-8 XML bytes (with declaration), root ``Metadata``.

    Does no validation of its own: values come from ``archive_schema.sahke2.build_sahke2``,
    which refuses records with missing mandatory fields first.
    """
    root = etree.Element(_q("Metadata"), nsmap=_NSMAP)
    info = transfer.info
    ti = _sub(root, "TransferInformation")
    _sub(ti, "NativeId", info.native_id)
    _sub(ti, "Title", info.title)
    _sub(ti, "TransferContractId", info.contract_id)
    _sub(ti, "MetadataSchema", info.metadata_schema)
    ci = _sub(root, "ContactInformation")
    _sub(_sub(ci, "Organisation"), "Name", info.organisation)
    person = _sub(ci, "ContactPerson")
    _sub(person, "Name", info.contact_name)
    _sub(person, "Address", info.contact_address)
    _sub(person, "PhoneNumber", info.contact_phone)
    _sub(person, "Email", info.contact_email)
    for case in transfer.case_files:
        _case_file(root, case)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _restriction(parent: Any, r: Restriction) -> None:
    el = _sub(parent, "Restriction")
    _sub(el, "PublicityClass", r.publicity_class)
    _opt(el, "SecurityPeriod", r.security_period)
    _opt(el, "SecurityReason", r.security_reason)
    _sub(el, "PersonalData", r.personal_data)


def _classification(parent: Any, lineage: list[FunctionClass]) -> None:
    node = _sub(parent, "ClassificationScheme")
    for depth, level in enumerate(lineage):
        node = _sub(node, _FUNCTION_LEVELS[min(depth, 2)])
        _sub(node, "Title", level.title)
        _sub(node, "FunctionCode", level.code)


def _case_file(parent: Any, case: CaseFile) -> None:
    el = _sub(parent, "CaseFile")
    _sub(el, "Created", case.created)
    _sub(el, "NativeId", case.native_id)
    for language in case.languages:
        _sub(el, "Language", language)
    _restriction(el, case.restriction)
    _sub(el, "Title", case.title)
    _sub(el, "RetentionPeriod", case.retention_period)
    _sub(el, "RetentionReason", case.retention_reason)
    _sub(el, "Status", case.status)
    _classification(el, case.classification)
    _sub(el, "Function", case.function)
    _opt(el, "Type", case.type)
    for action in case.actions:
        _action(el, action)


def _action(parent: Any, action: Action) -> None:
    el = _sub(parent, "Action")
    _sub(el, "Created", action.created)
    _sub(el, "Title", action.title)
    _sub(el, "Type", action.type)
    _record(el, action.record)


def _record(parent: Any, record: Record) -> None:
    el = _sub(parent, "Record")
    _sub(el, "Created", record.created)
    _sub(el, "NativeId", record.native_id)
    for other in record.other_ids:
        _sub(el, "OtherId", other)
    for language in record.languages:
        _sub(el, "Language", language)
    _restriction(el, record.restriction)
    _sub(el, "Title", record.title)
    _sub(el, "RetentionPeriod", record.retention_period)
    _sub(el, "RetentionReason", record.retention_reason)
    _sub(el, "Status", record.status)
    _sub(el, "Function", record.function)
    _sub(el, "Type", record.type)
    auth = _sub(el, "Authenticity")
    _sub(auth, "Checker", record.authenticity.checker)
    _sub(auth, "Date", record.authenticity.date)
    _sub(auth, "Description", record.authenticity.description)
    for document in record.documents:
        _document(el, document)
    if record.custom:
        custom = _sub(el, "Custom")
        for name, value in record.custom:
            etree.SubElement(custom, f"{{{ARKKI_NS}}}{name}").text = value


def _document(parent: Any, doc: Document) -> None:
    el = _sub(parent, "Document")
    _sub(el, "NativeId", doc.native_id)
    _sub(el, "UseType", doc.use_type)
    file = _sub(el, "File")
    _sub(file, "Name", doc.name)
    _sub(file, "Path", doc.path)
    fmt = _sub(el, "Format")
    _sub(fmt, "Name", doc.format_name)
    _sub(fmt, "Version", doc.format_version)
    _sub(el, "HashAlgorithm", doc.hash_algorithm)
    _sub(el, "HashValue", doc.hash_value)
