"""SÄHKE2 2019 transfer XML from arkki's records: check everything first, then build.

``sahke2_problems(records, plan)`` lists every reason the records cannot be transferred, one
line each, ``"record <id>: <field>: <problem>"``. ``build_sahke2`` raises ``ExportRefused``
with all of them, or returns the XML. Nothing is written anywhere: the caller stores the bytes.

Mapping: one CaseFile per (first) diary number, its other diary numbers as the Record's
OtherId; one Action per record in date order (document date, else the earliest date found,
else the ingest date); Function = the class code, ClassificationScheme = ``plan.lineage``
(a two-level plan class repeats its leaf as the SubFunction, which the XSD requires); Type =
the Finnish label of the document type; Language as ISO 639-1. The CaseFile takes the
strictest Restriction and longest retention of its records, and the class, type and title of
its first record. Originals that are image masters are UseType ``Arkisto`` (a PDF/A-2b
derivative of them ``Julkaisu``); other originals are ``Natiivi`` and then the derivative is
``Arkisto``. arkki's own facts go in Record/Custom.

Streamed (``write_sahke2``, for a series of any size): a first pass over the records keeps only
each record's id, case and a fingerprint of its checksums, plus its problems (checked per
record, as above); any problem refuses the export with all of them before a byte is written.
The second pass loads one case's records at a time through the caller's ``load`` and writes
that CaseFile, so memory is bounded by the largest case. CaseFiles come in the order their
first record appeared in the source, as in ``build_sahke2``: the same records give the same
bytes either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from statistics import fmean
from typing import BinaryIO

from archive_schema.record import Derivative, RecordMetadata, RecordStatus, StoredFile
from archive_schema.sahke2_model import (
    Action,
    Authenticity,
    CaseFile,
    Document,
    ExportRefused,
    FunctionClass,
    Record,
    Restriction,
    Transfer,
    TransferInfo,
)
from archive_schema.sahke2_xml import transfer_to_xml, transfer_writer
from metadata.models import DOC_TYPES
from metadata.plan import RecordsPlan
from metadata.plan_terms import PERSONAL_DATA_VALUES, PUBLIC, PUBLICITY_CLASSES

__all__ = [
    "CheckedSeries",
    "ExportRefused",
    "TransferInfo",
    "build_sahke2",
    "check_series",
    "sahke2_problems",
    "to_transfer",
    "write_checked",
    "write_sahke2",
]

Verify = Callable[[StoredFile], bool]
# records by id, in any order; the streamed writer calls it once per case
Load = Callable[[Sequence[str]], Iterable[RecordMetadata]]

LANGUAGES_639_1 = {"fin": "fi", "swe": "sv", "eng": "en"}
# media type → (PRONOM id, version), as in the national service's file-format list
ORIGINAL_FORMATS = {
    "image/tiff": ("fmt/353", "6.0"),
    "image/png": ("fmt/13", "1.2"),
    "image/jpeg": ("fmt/43", "1.01"),
}
PDFA_2B = ("fmt/477", "2b")
SEARCHABLE_PDF = "searchable-pdf"
_HEX = frozenset("0123456789abcdef")


def sahke2_problems(
    records: Sequence[RecordMetadata], plan: RecordsPlan, verify: Verify | None = None
) -> list[str]:
    """Every reason ``records`` cannot become a valid SÄHKE2 transfer; [] when they can.

    Checks, per record: stored status, a diary number, language, type, title, records-plan
    class present in ``plan`` (with at least two levels), Restriction (verbatim enumeration
    values; SecurityPeriod and SecurityReason for a non-public record), retention, a known
    format and a well-formed SHA-256 for each file, a PDF/A-2b derivative only, and, where
    ``verify`` is given, that it accepts each file's checksum against the store.
    """
    problems: list[str] = [] if records else ["records: none to transfer"]
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            problems.append(f"record {record.id}: NativeId: the same record id twice")
        seen.add(record.id)
        problems += [f"record {record.id}: {p}" for p in _record_problems(record, plan, verify)]
    return problems


def _record_problems(record: RecordMetadata, plan: RecordsPlan, verify: Verify | None) -> list[str]:
    d = record.description
    out: list[str] = []
    if record.status != RecordStatus.STORED:
        why = "; ".join(record.review_reasons)
        out.append(f"Status: is {record.status.value!r}, not stored" + (f" ({why})" if why else ""))
    if not d.diary_numbers:
        out.append("CaseFile/NativeId: no diary number; the record cannot join a CaseFile")
    if d.language not in LANGUAGES_639_1:
        out.append(f"Language: {d.language!r} has no ISO 639-1 code (fin, swe, eng)")
    if d.doc_type not in DOC_TYPES:
        out.append(f"Type: unknown document type {d.doc_type!r}")
    if not d.title.strip():
        out.append("Title: empty")
    if d.records_class is None:
        out.append("Function: no records-plan class")
    elif len(plan.lineage(d.records_class.code)) < 2:
        out.append(
            f"ClassificationScheme: class {d.records_class.code!r} is not in plan "
            f"{plan.version!r} below a main class"
        )
    out += _restriction_problems(record)
    if d.retention is None:
        out.append("RetentionPeriod: no retention")
    else:
        if d.retention.period < -1:
            out.append(f"RetentionPeriod: {d.retention.period} (years, or -1 for permanent)")
        if not d.retention.reason.strip():
            out.append("RetentionReason: empty")
    if not record.files:
        out.append("Document: no stored original")
    for file in record.files:
        if file.media_type not in ORIGINAL_FORMATS:
            out.append(f"Document {file.name}: Format: no PRONOM id for {file.media_type!r}")
        out += _hash_problems(file, verify)
    for derivative in record.derivatives:
        name = PurePosixPath(derivative.key).name
        if derivative.kind != SEARCHABLE_PDF or derivative.conformance != "PDF/A-2b":
            out.append(
                f"Document {name}: Format: derivative {derivative.kind!r} is not PDF/A-2b "
                f"(conformance {derivative.conformance!r})"
            )
        out += _hash_problems(_as_file(derivative), verify)
    return out


def _restriction_problems(record: RecordMetadata) -> list[str]:
    r = record.description.restriction
    if r is None:
        return ["Restriction: none"]
    out = []
    if r.publicity_class not in PUBLICITY_CLASSES:
        out.append(
            f"Restriction/PublicityClass: {r.publicity_class!r} is not one of "
            + ", ".join(repr(v) for v in PUBLICITY_CLASSES)
        )
    elif r.publicity_class != PUBLIC:
        if r.security_period is None or r.security_period < 1:
            out.append(f"Restriction/SecurityPeriod: missing for {r.publicity_class!r}")
        if not (r.security_reason or "").strip():
            out.append(f"Restriction/SecurityReason: missing for {r.publicity_class!r}")
    if r.personal_data not in PERSONAL_DATA_VALUES:
        out.append(f"Restriction/PersonalData: {r.personal_data!r} is not a SÄHKE2 value")
    return out


def _hash_problems(file: StoredFile, verify: Verify | None) -> list[str]:
    digest = file.sha256.lower()
    if len(digest) != 64 or not set(digest) <= _HEX:
        return [f"Document {file.name}: HashValue: {file.sha256!r} is not a SHA-256 hex digest"]
    if verify is not None and not verify(file):
        return [f"Document {file.name}: HashValue: does not match the stored object {file.key}"]
    return []


def _as_file(derivative: Derivative) -> StoredFile:
    """A derivative seen as a stored file, so that one ``verify`` checks both."""
    return StoredFile(
        name=PurePosixPath(derivative.key).name,
        sha256=derivative.sha256,
        size=derivative.size,
        key=derivative.key,
        media_type=derivative.media_type,
    )


def build_sahke2(
    records: Sequence[RecordMetadata],
    plan: RecordsPlan,
    transfer: TransferInfo,
    verify: Verify | None = None,
) -> bytes:
    """The SÄHKE2 2019 transfer XML (UTF-8 bytes) for ``records``.

    Raises ``ExportRefused`` listing every problem of ``sahke2_problems`` before building
    anything. ``verify`` (optional) checks a stored file's checksum against the store.
    """
    return transfer_to_xml(to_transfer(records, plan, transfer, verify))


def to_transfer(
    records: Sequence[RecordMetadata],
    plan: RecordsPlan,
    transfer: TransferInfo,
    verify: Verify | None = None,
) -> Transfer:
    """The typed ``Transfer``; raises ``ExportRefused`` as ``build_sahke2`` does."""
    problems = sahke2_problems(records, plan, verify)
    if problems:
        raise ExportRefused(problems)
    cases: dict[str, list[RecordMetadata]] = {}
    for record in records:
        cases.setdefault(record.description.diary_numbers[0], []).append(record)
    return Transfer(
        info=transfer,
        case_files=[
            _case_file(number, group, plan, transfer, verify is not None)
            for number, group in cases.items()
        ],
    )


def record_date(record: RecordMetadata) -> date:
    """The record's date: document date, else the earliest date in it, else the ingest date."""
    d = record.description
    return d.document_date or min(d.dates, default=record.created_at.date())


def _case_file(
    number: str,
    group: list[RecordMetadata],
    plan: RecordsPlan,
    info: TransferInfo,
    verified: bool,
) -> CaseFile:
    ordered = sorted(group, key=lambda r: (record_date(r), r.id))
    built = [_record(r, info, verified) for r in ordered]
    first = built[0]
    restrictions = [r.restriction for r in built]
    longest = max(
        built, key=lambda r: float("inf") if r.retention_period < 0 else r.retention_period
    )
    languages = list(dict.fromkeys(lang for r in built for lang in r.languages))
    return CaseFile(
        created=first.created,
        native_id=number,
        languages=languages,
        restriction=_strictest(restrictions),
        title=first.title,
        retention_period=longest.retention_period,
        retention_reason=longest.retention_reason,
        status=info.status,
        classification=_lineage(plan, first.function),
        function=first.function,
        type=first.type,
        actions=[Action(created=r.created, title=r.title, type=r.type, record=r) for r in built],
    )


def _strictest(restrictions: list[Restriction]) -> Restriction:
    publicity = max(restrictions, key=lambda r: PUBLICITY_CLASSES.index(r.publicity_class))
    periods = [r.security_period for r in restrictions if r.security_period is not None]
    reasons = dict.fromkeys(r.security_reason for r in restrictions if r.security_reason)
    secret = publicity.publicity_class != PUBLIC
    return Restriction(
        publicity_class=publicity.publicity_class,
        personal_data=max((r.personal_data for r in restrictions), key=PERSONAL_DATA_VALUES.index),
        security_period=max(periods) if secret and periods else None,
        security_reason="; ".join(reasons) if secret and reasons else None,
    )


def _lineage(plan: RecordsPlan, code: str) -> list[FunctionClass]:
    levels = [FunctionClass(title=c.title_fi, code=c.code) for c in plan.lineage(code)]
    return levels + levels[-1:] if len(levels) == 2 else levels


def _record(record: RecordMetadata, info: TransferInfo, verified: bool) -> Record:
    d = record.description
    assert d.restriction is not None and d.retention is not None and d.records_class is not None
    r = d.restriction
    secret = r.publicity_class != PUBLIC
    how = "SHA-256-tarkisteet laskettu vastaanotossa" + (
        " ja tarkistettu säilytyksestä siirrossa" if verified else ""
    )
    return Record(
        created=record_date(record),
        native_id=record.id,
        other_ids=d.diary_numbers[1:],
        languages=[LANGUAGES_639_1[d.language]],
        restriction=Restriction(
            publicity_class=r.publicity_class,
            personal_data=r.personal_data,
            security_period=r.security_period if secret else None,
            security_reason=r.security_reason if secret else None,
        ),
        title=d.title,
        retention_period=d.retention.period,
        retention_reason=d.retention.reason,
        status=info.status,
        function=d.records_class.code,
        type=DOC_TYPES[d.doc_type][0],
        authenticity=Authenticity(
            checker=info.checker,
            date=record.created_at.date(),
            description=f"Digitoitu ja tallennettu arkki-järjestelmään; {how}.",
        ),
        documents=_documents(record),
        custom=_custom(record),
    )


def _documents(record: RecordMetadata) -> list[Document]:
    path = f"content/{record.id}/"
    masters = all(f.media_type in ORIGINAL_FORMATS for f in record.files)
    docs = [
        Document(
            native_id=f"{record.id}/original/{i}",
            use_type="Arkisto" if masters else "Natiivi",
            name=PurePosixPath(f.name).name,
            path=path,
            format_name=ORIGINAL_FORMATS[f.media_type][0],
            format_version=ORIGINAL_FORMATS[f.media_type][1],
            hash_value=f.sha256.lower(),
        )
        for i, f in enumerate(record.files, 1)
    ]
    docs += [
        Document(
            native_id=f"{record.id}/{d.kind}/{i}",
            use_type="Julkaisu" if masters else "Arkisto",
            name=PurePosixPath(d.key).name,
            path=path,
            format_name=PDFA_2B[0],
            format_version=PDFA_2B[1],
            hash_value=d.sha256.lower(),
        )
        for i, d in enumerate(record.derivatives, 1)
    ]
    return docs


def _custom(record: RecordMetadata) -> list[tuple[str, str]]:
    d = record.description
    engines = sorted({p.ocr_engine for p in record.pages if p.ocr_engine})
    scores = [p.quality.score for p in record.pages if p.quality is not None]
    pairs = [
        ("batchId", record.batch_id),
        ("agency", record.agency),
        ("ocrEngine", ", ".join(engines)),
        ("ocrConfidence", "" if record.ocr_confidence is None else f"{record.ocr_confidence:.2f}"),
        ("ocrQualityMean", f"{fmean(scores):.1f}" if scores else ""),
        ("typeModelVersion", d.model_version),
        ("typeConfidence", f"{d.doc_type_confidence:.4f}"),
        ("languageConfidence", f"{d.language_confidence:.4f}"),
        ("classConfidence", f"{d.records_class.confidence:.4f}" if d.records_class else ""),
        ("processId", d.records_class.process_id if d.records_class else ""),
        ("retentionTrigger", (d.retention.trigger or "") if d.retention else ""),
        ("planVersion", d.plan_version),
        ("planHash", d.plan_hash),
    ]
    return [(name, value) for name, value in pairs if value]


@dataclass
class CheckedSeries:
    """What the first pass of a streamed export keeps: no records, only their ids.

    ``cases`` maps each first diary number to its record ids in source order (CaseFiles are
    written in that order); ``fingerprints`` lets the second pass notice a record that changed
    in between. ``verified``: whether the checksums were compared with the store.
    """

    cases: dict[str, list[str]] = field(default_factory=dict)
    fingerprints: dict[str, int] = field(default_factory=dict)
    verified: bool = False

    @property
    def record_ids(self) -> list[str]:
        return list(self.fingerprints)


def _fingerprint(record: RecordMetadata) -> int:
    d = record.description
    return hash(
        (
            tuple(d.diary_numbers),
            tuple(f.sha256 for f in record.files),
            tuple(x.sha256 for x in record.derivatives),
        )
    )


def check_series(
    records: Iterable[RecordMetadata], plan: RecordsPlan, verify: Verify | None = None
) -> CheckedSeries:
    """The first pass of a streamed export: every record checked as ``sahke2_problems`` does,
    holding only ids. Raises ``ExportRefused`` with every problem of every record."""
    checked = CheckedSeries(verified=verify is not None)
    problems: list[str] = []
    for record in records:
        if record.id in checked.fingerprints:
            problems.append(f"record {record.id}: NativeId: the same record id twice")
            continue
        found = _record_problems(record, plan, verify)
        problems += [f"record {record.id}: {p}" for p in found]
        checked.fingerprints[record.id] = _fingerprint(record)
        if not found:
            case = record.description.diary_numbers[0]
            checked.cases.setdefault(case, []).append(record.id)
    if not checked.fingerprints:
        problems.insert(0, "records: none to transfer")
    if problems:
        raise ExportRefused(problems)
    return checked


def write_checked(
    checked: CheckedSeries,
    load: Load,
    plan: RecordsPlan,
    transfer: TransferInfo,
    stream: BinaryIO,
) -> int:
    """The second pass: write the transfer XML to ``stream``, one CaseFile at a time, each
    case's records fetched with ``load``. Returns the number of CaseFiles.

    Raises ``ExportRefused`` (with the stream partly written: the caller discards it) where a
    record is gone or changed since ``check_series``.
    """
    with transfer_writer(stream, transfer) as write_case_file:
        for number, ids in checked.cases.items():
            loaded = {r.id: r for r in load(ids)}
            changed = _changed(checked, ids, loaded, plan)
            if changed:
                raise ExportRefused(changed)
            group = [loaded[rid] for rid in ids]
            write_case_file(_case_file(number, group, plan, transfer, checked.verified))
    return len(checked.cases)


def _changed(
    checked: CheckedSeries,
    ids: Sequence[str],
    loaded: dict[str, RecordMetadata],
    plan: RecordsPlan,
) -> list[str]:
    out = []
    for rid in ids:
        record = loaded.get(rid)
        if record is None:
            out.append(f"record {rid}: NativeId: gone since it was checked; export again")
        elif _fingerprint(record) != checked.fingerprints[rid] or _record_problems(
            record, plan, None
        ):
            out.append(f"record {rid}: changed since it was checked; export again")
    return out


def write_sahke2(
    records: Iterable[RecordMetadata],
    load: Load,
    plan: RecordsPlan,
    transfer: TransferInfo,
    stream: BinaryIO,
    verify: Verify | None = None,
) -> CheckedSeries:
    """Stream the SÄHKE2 2019 transfer of ``records`` (iterated once) to ``stream``.

    ``check_series`` then ``write_checked``: refused with every problem before anything is
    written; otherwise the bytes equal ``build_sahke2`` of the same records in the same order.
    """
    checked = check_series(records, plan, verify)
    write_checked(checked, load, plan, transfer, stream)
    return checked
