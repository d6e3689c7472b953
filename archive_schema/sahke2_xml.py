"""Serialize a SÄHKE2 2019 transfer with lxml's incremental writer (``etree.xmlfile``).

Every SÄHKE2 content model is an ``xs:sequence``, so each writer below emits its children in
exactly the XSD order; optional elements with no value are left out (never written empty).
All elements are in the target namespace (``elementFormDefault="qualified"``), declared once
as the default namespace on the root; arkki's ``Custom`` children use ``ARKKI_NS`` (the XSD's
``xs:any`` there is ``processContents="skip"``).

One code path writes both forms: ``transfer_writer`` opens the root on a binary stream, writes
TransferInformation and ContactInformation, and hands back a function that writes one
``CaseFile`` at a time (flushed after each, so memory is bounded by one case);
``transfer_to_xml`` is that writer over an in-memory buffer. The output is indented by two
spaces and ends with a newline, so the same ``Transfer`` gives the same bytes either way.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, BinaryIO

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
    TransferInfo,
)

_NSMAP = {None: SAHKE2_NS, "arkki": ARKKI_NS}
_FUNCTION_LEVELS = ("MainFunction", "FunctionClassification", "SubFunction")
_INDENT = "  "

WriteCaseFile = Callable[[CaseFile], None]


class _Out:
    """An open ``xmlfile`` plus the current depth, for indented element-by-element output."""

    def __init__(self, xf: Any) -> None:
        self.xf = xf
        self.depth = 0

    def _newline(self) -> None:
        self.xf.write("\n" + _INDENT * self.depth)

    @contextmanager
    def node(self, tag: str, ns: str = SAHKE2_NS) -> Iterator[None]:
        self._newline()
        with self.xf.element(f"{{{ns}}}{tag}"):
            self.depth += 1
            yield
            self.depth -= 1
            self._newline()

    def leaf(self, tag: str, text: str | int | date, ns: str = SAHKE2_NS) -> None:
        self._newline()
        with self.xf.element(f"{{{ns}}}{tag}"):
            self.xf.write(text.isoformat() if isinstance(text, date) else str(text))

    def opt(self, tag: str, text: str | int | date | None) -> None:
        if text is not None and text != "":
            self.leaf(tag, text)


@contextmanager
def transfer_writer(stream: BinaryIO, info: TransferInfo) -> Iterator[WriteCaseFile]:
    """Write the root, TransferInformation and ContactInformation to ``stream``; yields a
    function that writes one ``CaseFile``. Closing the context closes the root element.

    Does no validation of its own: values come from ``archive_schema.sahke2``, which refuses
    records with missing mandatory fields first.
    """
    with etree.xmlfile(stream, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(f"{{{SAHKE2_NS}}}Metadata", nsmap=_NSMAP):
            out = _Out(xf)
            out.depth = 1
            _transfer_information(out, info)

            def write_case_file(case: CaseFile) -> None:
                _case_file(out, case)
                xf.flush()

            yield write_case_file
            xf.write("\n")
    stream.write(b"\n")  # xmlfile writes nothing after the root; tostring ended with one


def transfer_to_xml(transfer: Transfer) -> bytes:
    """The transfer as UTF-8 XML bytes (with declaration), root ``Metadata``."""
    buffer = io.BytesIO()
    with transfer_writer(buffer, transfer.info) as write_case_file:
        for case in transfer.case_files:
            write_case_file(case)
    return buffer.getvalue()


def _transfer_information(out: _Out, info: TransferInfo) -> None:
    with out.node("TransferInformation"):
        out.leaf("NativeId", info.native_id)
        out.leaf("Title", info.title)
        out.leaf("TransferContractId", info.contract_id)
        out.leaf("MetadataSchema", info.metadata_schema)
    with out.node("ContactInformation"):
        with out.node("Organisation"):
            out.leaf("Name", info.organisation)
        with out.node("ContactPerson"):
            out.leaf("Name", info.contact_name)
            out.leaf("Address", info.contact_address)
            out.leaf("PhoneNumber", info.contact_phone)
            out.leaf("Email", info.contact_email)


def _restriction(out: _Out, r: Restriction) -> None:
    with out.node("Restriction"):
        out.leaf("PublicityClass", r.publicity_class)
        out.opt("SecurityPeriod", r.security_period)
        out.opt("SecurityReason", r.security_reason)
        out.leaf("PersonalData", r.personal_data)


def _classification(out: _Out, lineage: list[FunctionClass]) -> None:
    with out.node("ClassificationScheme"):
        _function_level(out, lineage, 0)


def _function_level(out: _Out, lineage: list[FunctionClass], depth: int) -> None:
    if depth == len(lineage):
        return
    with out.node(_FUNCTION_LEVELS[min(depth, 2)]):
        out.leaf("Title", lineage[depth].title)
        out.leaf("FunctionCode", lineage[depth].code)
        _function_level(out, lineage, depth + 1)


def _case_file(out: _Out, case: CaseFile) -> None:
    with out.node("CaseFile"):
        out.leaf("Created", case.created)
        out.leaf("NativeId", case.native_id)
        for language in case.languages:
            out.leaf("Language", language)
        _restriction(out, case.restriction)
        out.leaf("Title", case.title)
        out.leaf("RetentionPeriod", case.retention_period)
        out.leaf("RetentionReason", case.retention_reason)
        out.leaf("Status", case.status)
        _classification(out, case.classification)
        out.leaf("Function", case.function)
        out.opt("Type", case.type)
        for action in case.actions:
            _action(out, action)


def _action(out: _Out, action: Action) -> None:
    with out.node("Action"):
        out.leaf("Created", action.created)
        out.leaf("Title", action.title)
        out.leaf("Type", action.type)
        _record(out, action.record)


def _record(out: _Out, record: Record) -> None:
    with out.node("Record"):
        out.leaf("Created", record.created)
        out.leaf("NativeId", record.native_id)
        for other in record.other_ids:
            out.leaf("OtherId", other)
        for language in record.languages:
            out.leaf("Language", language)
        _restriction(out, record.restriction)
        out.leaf("Title", record.title)
        out.leaf("RetentionPeriod", record.retention_period)
        out.leaf("RetentionReason", record.retention_reason)
        out.leaf("Status", record.status)
        out.leaf("Function", record.function)
        out.leaf("Type", record.type)
        with out.node("Authenticity"):
            out.leaf("Checker", record.authenticity.checker)
            out.leaf("Date", record.authenticity.date)
            out.leaf("Description", record.authenticity.description)
        for document in record.documents:
            _document(out, document)
        if record.custom:
            with out.node("Custom"):
                for name, value in record.custom:
                    out.leaf(name, value, ns=ARKKI_NS)


def _document(out: _Out, doc: Document) -> None:
    with out.node("Document"):
        out.leaf("NativeId", doc.native_id)
        out.leaf("UseType", doc.use_type)
        with out.node("File"):
            out.leaf("Name", doc.name)
            out.leaf("Path", doc.path)
        with out.node("Format"):
            out.leaf("Name", doc.format_name)
            out.leaf("Version", doc.format_version)
        out.leaf("HashAlgorithm", doc.hash_algorithm)
        out.leaf("HashValue", doc.hash_value)
