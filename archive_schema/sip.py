"""A preservation SIP (tar: mets.xml, signature.sig, content/…) from arkki's records.

``write_sip`` first collects every problem: the SÄHKE2 checks (``sahke2_problems``: diary
number, class, restriction, retention, formats …), the digital-preservation contract id, and
for each stored file that it is present, that its SHA-256 still matches the catalog and, for
an image, that its header can be read and a scan resolution is known. Any problem raises
``ExportRefused`` with all of them and nothing is written. Otherwise it writes the tar to a
temporary file beside ``out``, fsyncs it and renames it into place, so ``out`` is either
absent or complete. Content files are streamed from the store into the tar one at a time.
"""

from __future__ import annotations

import io
import os
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from archive_schema.ead3 import transfer_to_ead3_element
from archive_schema.image_tech import ImageTech, ImageTechError, image_tech
from archive_schema.mets import mets_xml
from archive_schema.record import RecordMetadata, StoredFile
from archive_schema.sahke2 import (
    ORIGINAL_FORMATS,
    ExportRefused,
    TransferInfo,
    record_date,
    sahke2_problems,
    to_transfer,
)
from archive_schema.sahke2_xml import transfer_to_xml
from archive_schema.signature import manifest, sign_manifest
from archive_schema.sip_events import record_agents, record_events
from archive_schema.sip_model import (
    CONTRACT_ID,
    PackageFile,
    PremisEvent,
    SipContent,
    SipInfo,
    premis_uuid,
)
from infra.store import ChecksumMismatch, ObjectStore, StoreError, sha256_file
from metadata.plan import RecordsPlan

METS_NAME = "mets.xml"
SIGNATURE_NAME = "signature.sig"
PDFA_2B = ("application/pdf", "A-2b", "fmt/477")
_JFIF_PRONOM = {"1.00": "fmt/42", "1.01": "fmt/43", "1.02": "fmt/44"}


@dataclass(frozen=True)
class Signer:
    key: Path
    cert: Path


@dataclass(frozen=True)
class SipReport:
    out: Path
    records: list[str]
    case_files: int
    files: int
    content_bytes: int
    signed: bool


@dataclass(frozen=True)
class _Checked:
    """A stored file that passed the checks: where it lies locally and its image facts."""

    path: Path
    tech: ImageTech | None
    ppi: float


def write_sip(
    records: Sequence[RecordMetadata],
    plan: RecordsPlan,
    transfer: TransferInfo,
    info: SipInfo,
    store: ObjectStore,
    out: Path,
    signer: Signer | None,
    workdir: Path,
) -> SipReport:
    """Write the SIP to ``out`` or raise ``ExportRefused`` listing every problem."""
    problems = sahke2_problems(records, plan)
    if not CONTRACT_ID.fullmatch(info.contract_id):
        problems.append(
            f"package: fi:CONTRACTID: {info.contract_id!r} is not the digital-preservation "
            "contract's urn:uuid:… identifier"
        )
    checked: dict[str, _Checked] = {}
    for record in records:
        problems += _check_files(record, store, workdir, checked)
    if problems:
        raise ExportRefused(problems)

    described = to_transfer(records, plan, transfer, verify=lambda _file: True)
    content = _content(records, info, transfer_to_xml(described), checked)
    content.ead3 = transfer_to_ead3_element(described, created=info.created)
    mets = mets_xml(content, {f.file_id: checked[f.key].ppi for f in content.files})
    members = {METS_NAME: mets}
    if signer is not None:
        signed = manifest({METS_NAME: mets})
        members[SIGNATURE_NAME] = sign_manifest(signed, signer.key, signer.cert)
    size = _write_tar(out, members, [(f.path, checked[f.key].path) for f in content.files])
    return SipReport(
        out=out,
        records=[r.id for r in records],
        case_files=len(content.cases),
        files=len(content.files),
        content_bytes=size,
        signed=signer is not None,
    )


def _stored_files(record: RecordMetadata) -> list[tuple[StoredFile, bool]]:
    """(file, is_original) for the record's originals and derivatives."""
    files = [(f, True) for f in record.files]
    files += [
        (
            StoredFile(
                name=PurePosixPath(d.key).name,
                sha256=d.sha256,
                size=d.size,
                key=d.key,
                media_type=d.media_type,
            ),
            False,
        )
        for d in record.derivatives
    ]
    return files


def _check_files(
    record: RecordMetadata, store: ObjectStore, workdir: Path, checked: dict[str, _Checked]
) -> list[str]:
    problems: list[str] = []
    names: set[str] = set()
    for file, original in _stored_files(record):
        name = PurePosixPath(file.name).name
        where = f"record {record.id}: Document {name}"
        if name in names:
            problems.append(f"{where}: Name: two files of the record have the same name")
        names.add(name)
        try:
            path = store.materialize(file.key, workdir)
            intact = sha256_file(path) == file.sha256.lower()
        except ChecksumMismatch:
            intact = False
        except StoreError as error:
            problems.append(f"{where}: HashValue: stored object {file.key} unreadable ({error})")
            continue
        if not intact:
            problems.append(f"{where}: HashValue: does not match the stored object {file.key}")
            continue
        tech, ppi = None, 0.0
        if original and file.media_type in ORIGINAL_FORMATS:
            try:
                tech = image_tech(path)
            except ImageTechError as error:
                problems.append(f"{where}: MIX: {error}")
                continue
            pages = [p for p in record.pages if p.file == file.name]
            ppi = tech.x_ppi or (pages[0].facts.ppi if pages else 0)
            if not ppi:
                problems.append(f"{where}: MIX/xSamplingFrequency: no scan resolution known")
        checked[file.key] = _Checked(path=path, tech=tech, ppi=float(ppi))
    return problems


def _content(
    records: Sequence[RecordMetadata], info: SipInfo, sahke2: bytes, checked: dict[str, _Checked]
) -> SipContent:
    ordered = sorted(records, key=lambda r: (r.description.diary_numbers[0], record_date(r), r.id))
    cases: dict[str, list[tuple[str, str]]] = {}
    files: list[PackageFile] = []
    events: list[PremisEvent] = []
    for record in ordered:
        d = record.description
        cases.setdefault(d.diary_numbers[0], []).append((record.id, d.title))
        record_files = _package_files(record, info, checked, start=len(files) + 1)
        files += record_files
        events += record_events(record, info, record_files)
    events.append(
        PremisEvent(
            event_id=premis_uuid(info.package_id, "information package creation"),
            event_type="information package creation",
            when=info.created,
            detail=(
                f"Säilytyspaketti (SIP) muodostettu: {len(ordered)} asiakirjaa, "
                f"{len(files)} tiedostoa, METS-profiili {info.package_id}"
            ),
            agents=((premis_uuid("agent", info.software), "executing program"),),
            objects=tuple(f.object_id for f in files),
        )
    )
    dates = [record_date(r) for r in ordered]
    languages = list(dict.fromkeys(r.description.language for r in ordered))
    return SipContent(
        info=info,
        sahke2=sahke2,
        title=info.label,
        identifiers=list(cases),
        languages=languages,
        dates=dates,
        cases=cases,
        files=files,
        events=events,
        agents=record_agents(ordered, info),
    )


def _package_files(
    record: RecordMetadata, info: SipInfo, checked: dict[str, _Checked], start: int
) -> list[PackageFile]:
    folder = f"content/{record.id}/"
    out: list[PackageFile] = []
    originals = [f for f, original in _stored_files(record) if original]
    first_original = premis_uuid(record.id, "original", "1")
    for i, file in enumerate(originals, 1):
        tech = checked[file.key].tech
        pronom, version = ORIGINAL_FORMATS[file.media_type]
        if file.media_type == "image/jpeg":
            version = _jfif_version(checked[file.key].path) or version
            pronom = _JFIF_PRONOM.get(version, pronom)
        out.append(
            PackageFile(
                file_id=f"file-{start + len(out)}",
                object_id=premis_uuid(record.id, "original", str(i)),
                record_id=record.id,
                path=folder + PurePosixPath(file.name).name,
                key=file.key,
                sha256=file.sha256.lower(),
                size=file.size,
                media_type=file.media_type,
                format_version=version,
                pronom=pronom,
                original_name=file.name,
                created=_scan_date(tech) or record.created_at.date(),
                application=tech.software if tech else "",
                tech=tech,
            )
        )
    for i, derivative in enumerate(record.derivatives, 1):
        name = PurePosixPath(derivative.key).name
        out.append(
            PackageFile(
                file_id=f"file-{start + len(out)}",
                object_id=premis_uuid(record.id, derivative.kind, str(i)),
                record_id=record.id,
                path=folder + name,
                key=derivative.key,
                sha256=derivative.sha256.lower(),
                size=derivative.size,
                media_type=PDFA_2B[0],
                format_version=PDFA_2B[1],
                pronom=PDFA_2B[2],
                original_name=name,
                created=record.created_at.date(),
                application=info.software,
                application_version=info.software_version,
                source_object_id=first_original,
            )
        )
    return out


def _scan_date(tech: ImageTech | None) -> date | None:
    """The TIFF DateTime tag (``YYYY:MM:DD HH:MM:SS``) as a date, where it is well formed."""
    if tech is None or not tech.date_time:
        return None
    try:
        return datetime.strptime(tech.date_time[:19], "%Y:%m:%d %H:%M:%S").date()
    except ValueError:
        return None


def _jfif_version(path: Path) -> str | None:
    from PIL import Image

    with Image.open(path) as image:
        version = image.info.get("jfif_version")
    return f"{version[0]}.{version[1]:02d}" if version else None


def _write_tar(out: Path, members: dict[str, bytes], files: list[tuple[str, Path]]) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
    size = 0
    try:
        with os.fdopen(handle, "wb") as stream:
            with tarfile.open(fileobj=stream, mode="w", format=tarfile.PAX_FORMAT) as tar:
                for name, data in members.items():
                    entry = tarfile.TarInfo(name)
                    entry.size = len(data)
                    entry.mtime = int(datetime.now().timestamp())
                    entry.mode = 0o644
                    tar.addfile(entry, io.BytesIO(data))
                for arcname, path in files:
                    entry = tar.gettarinfo(str(path), arcname=arcname)
                    entry.mode, entry.uid, entry.gid, entry.uname, entry.gname = 0o644, 0, 0, "", ""
                    with path.open("rb") as source:
                        tar.addfile(entry, source)
                    size += entry.size
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return size
