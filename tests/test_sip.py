"""Preservation SIPs: every package arkki writes passes the official METS schema and all 21
Schematron files of the national digital-preservation service; bad records are refused with
the record and field named and nothing written."""

from __future__ import annotations

import hashlib
import io
import subprocess
import tarfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from PIL import Image, ImageDraw

from archive_schema.record import Derivative, PageRecord, RecordMetadata, StoredFile
from archive_schema.sahke2 import ExportRefused
from archive_schema.sip import Signer, write_sip
from archive_schema.sip_model import MIX_NS, PREMIS_NS, SipInfo
from infra.store import LocalObjectStore, original_key
from metadata.models import DOC_TYPES
from tests.mets_validator import validate_files
from tests.test_sahke2 import INFO, PLAN, make_record, with_description

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCHEMAS = SHARED / "schemas" / "dpres-xml-schemas"
CONTRACT = "urn:uuid:0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
NS = {"mets": "http://www.loc.gov/METS/", "premis": PREMIS_NS, "mix": MIX_NS}
# (media type, Pillow mode, save options): the masters a registry office scans
MASTERS: list[tuple[str, str, dict[str, Any]]] = [
    ("image/tiff", "L", {"format": "TIFF", "compression": "tiff_lzw"}),
    ("image/tiff", "1", {"format": "TIFF", "compression": "group4"}),
    ("image/tiff", "RGB", {"format": "TIFF"}),
    ("image/png", "L", {"format": "PNG"}),
    ("image/png", "RGB", {"format": "PNG"}),
    ("image/jpeg", "L", {"format": "JPEG", "quality": 95}),
    ("image/jpeg", "RGB", {"format": "JPEG", "quality": 95}),
]


def sip_info(package_id: str = "arkki-sip-1") -> SipInfo:
    return SipInfo(
        contract_id=CONTRACT,
        organisation="KEHA-keskus",
        package_id=package_id,
        label="Digitoidut asiakirjat: UUDELY & VARELY <2017>",
        created=datetime(2026, 11, 28, 12, 0, tzinfo=UTC),
    )


def stored_record(
    store: LocalObjectStore,
    rid: str,
    doc_type: str = "paatos",
    master: int = 0,
    diary: str = "UUDELY/1290/2017",
    ppi: int = 300,
    dpi_in_file: bool = True,
) -> RecordMetadata:
    """A stored record with a real image master and a PDF derivative in ``store``."""
    media, mode, options = MASTERS[master]
    image = Image.new(mode, (620, 877), 255 if mode in ("L", "1") else (255, 255, 255))
    ImageDraw.Draw(image).text((40, 40), f"{rid} {diary}", fill=0)  # every master unique
    buffer = io.BytesIO()
    image.save(buffer, **options, **({"dpi": (ppi, ppi)} if dpi_in_file else {}))
    data = buffer.getvalue()
    sha = hashlib.sha256(data).hexdigest()
    store.put_bytes(original_key(sha), data, media)
    name = f"scans/{rid}.{options['format'].lower()}"
    pdf = io.BytesIO()
    image.convert("RGB").save(pdf, format="PDF", resolution=ppi)
    derivative = store.put_bytes(f"derivatives/{rid}.pdf", pdf.getvalue(), "application/pdf")
    record = make_record(rid, doc_type, [diary], media_type=media)
    page = record.pages[0].model_copy(
        update={"file": name, "facts": record.pages[0].facts.model_copy(update={"ppi": ppi})}
    )
    return record.model_copy(
        update={
            "files": [
                StoredFile(
                    name=name, sha256=sha, size=len(data), key=original_key(sha), media_type=media
                )
            ],
            "pages": [PageRecord.model_validate(page.model_dump())],
            "derivatives": [
                Derivative(
                    kind="searchable-pdf",
                    key=derivative.key,
                    sha256=derivative.sha256,
                    size=derivative.size,
                    media_type="application/pdf",
                    conformance="PDF/A-2b",
                )
            ],
            "created_at": datetime(2026, 1, 5, 10, 0, tzinfo=UTC),
        }
    )


@pytest.fixture
def store(tmp_path: Path) -> LocalObjectStore:
    return LocalObjectStore(tmp_path / "objects")


@pytest.fixture(scope="module")
def signer(tmp_path_factory: pytest.TempPathFactory) -> Signer:
    folder = tmp_path_factory.mktemp("signing")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "KEHA-keskus SIP signing")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return Signer(key=folder / "key.pem", cert=folder / "cert.pem")


def write(records: list[RecordMetadata], store: LocalObjectStore, out: Path, **kw: Any) -> Any:
    return write_sip(
        records,
        PLAN,
        INFO,
        kw.pop("info", sip_info()),
        store,
        out,
        kw.pop("signer", None),
        out.parent / "work",
    )


def unpack(sip: Path, into: Path) -> dict[str, bytes]:
    with tarfile.open(sip) as tar:
        tar.extractall(into, filter="data")
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]


def official_failures(files: list[Path]) -> dict[str, list[str]]:
    if not (SCHEMAS / "schematron").is_dir():
        pytest.skip(f"the national METS schemas are not under {SCHEMAS} (../shared is absent)")
    report = validate_files(SCHEMAS, files)
    assert len(report.pop("_rules")) == 21
    return report


@pytest.mark.shared
@pytest.mark.slow
def test_every_type_and_master_format_passes_the_official_schema_and_schematron(
    store: LocalObjectStore, tmp_path: Path, signer: Signer
) -> None:
    records = [
        stored_record(store, f"r{i}", doc_type, master=i % len(MASTERS), diary=f"UUDELY/{i}/2017")
        for i, doc_type in enumerate(DOC_TYPES)
    ]
    many = [
        stored_record(store, f"case-{i}", t, master=i % len(MASTERS), diary="VARELY/45/2018")
        for i, t in enumerate(["hakemus", "lausunto", "paatos", "kirje", "poytakirja", "muistio"])
    ]
    unsigned = write(records, store, tmp_path / "types.tar")
    signed = write(many, store, tmp_path / "case.tar", signer=signer)
    assert (unsigned.files, unsigned.case_files, unsigned.signed) == (2 * len(DOC_TYPES), 11, False)
    assert (signed.files, signed.case_files, signed.signed) == (12, 1, True)

    mets_files = []
    for sip in (tmp_path / "types.tar", tmp_path / "case.tar"):
        members = unpack(sip, tmp_path / sip.stem)
        mets_files.append(tmp_path / sip.stem / "mets.xml")
        for record in records if sip.stem == "types" else many:
            original = members[f"content/{record.id}/{Path(record.files[0].name).name}"]
            assert hashlib.sha256(original).hexdigest() == record.files[0].sha256
            assert f"content/{record.id}/{record.id}.pdf" in members
    report = official_failures(mets_files)
    assert report == {str(path): [] for path in mets_files}


@pytest.mark.shared
@pytest.mark.slow
def test_the_signature_is_an_smime_signed_manifest_of_mets(
    store: LocalObjectStore, tmp_path: Path, signer: Signer
) -> None:
    write([stored_record(store, "s1")], store, tmp_path / "s.tar", signer=signer)
    members = unpack(tmp_path / "s.tar", tmp_path / "s")
    verified = subprocess.run(
        [
            "openssl",
            "smime",
            "-verify",
            "-in",
            str(tmp_path / "s" / "signature.sig"),
            "-CAfile",
            str(signer.cert),
            "-purpose",
            "any",
        ],
        capture_output=True,
        check=True,
    )
    digest = hashlib.sha1(members["mets.xml"], usedforsecurity=False).hexdigest()
    assert verified.stdout.decode().strip() == f"mets.xml:sha1:{digest}"


def test_mets_carries_premis_fixity_formats_and_mix_resolution(
    store: LocalObjectStore, tmp_path: Path
) -> None:
    records = [stored_record(store, f"m{i}", master=i, ppi=400) for i in range(len(MASTERS))]
    records.append(stored_record(store, "estimated", master=3, ppi=300, dpi_in_file=False))
    write(records, store, tmp_path / "m.tar")
    doc = etree.fromstring(unpack(tmp_path / "m.tar", tmp_path / "m")["mets.xml"])
    mixes = doc.findall(".//mix:mix", NS)
    assert len(mixes) == len(records)
    facts = [
        (
            m.findtext(".//mix:formatName", namespaces=NS),
            m.findtext(".//mix:colorSpace", namespaces=NS),
            ",".join(b.text for b in m.findall(".//mix:bitsPerSampleValue", NS)),
            m.findtext(".//mix:compressionScheme", namespaces=NS),
            m.findtext(".//mix:byteOrder", namespaces=NS),
            m.findtext(".//mix:xSamplingFrequency/mix:numerator", namespaces=NS),
        )
        for m in mixes
    ]
    assert facts == [  # records in case and date order: "estimated" sorts first
        ("image/png", "BlackIsZero", "8", "Deflate", None, "300"),  # arkki's estimate
        ("image/tiff", "BlackIsZero", "8", "LZW", "little endian", "400"),
        ("image/tiff", "BlackIsZero", "1", "CCITT Group 4", "little endian", "400"),
        ("image/tiff", "RGB", "8,8,8", "Uncompressed", "little endian", "400"),
        ("image/png", "BlackIsZero", "8", "Deflate", None, "400"),
        ("image/png", "RGB", "8,8,8", "Deflate", None, "400"),
        ("image/jpeg", "BlackIsZero", "8", "JPEG", None, "400"),
        ("image/jpeg", "YCbCr", "8,8,8", "JPEG", None, "400"),
    ]
    formats = {
        (
            o.findtext(".//premis:formatName", namespaces=NS),
            o.findtext(".//premis:formatVersion", namespaces=NS),
            o.findtext(".//premis:formatRegistryKey", namespaces=NS),
        )
        for o in doc.findall(".//premis:object", NS)
    }
    assert formats == {
        ("image/tiff", "6.0", "fmt/353"),
        ("image/png", "1.2", "fmt/13"),
        ("image/jpeg", "1.01", "fmt/43"),
        ("application/pdf", "A-2b", "fmt/477"),
    }
    digests = {d.text for d in doc.findall(".//premis:messageDigest", NS)}
    assert {r.files[0].sha256 for r in records} <= digests
    events = [e.text for e in doc.findall(".//premis:eventType", NS)]
    for kind in ("digitization", "message digest calculation", "validation", "creation"):
        assert events.count(kind) == len(records), kind
    assert events.count("metadata creation") == len(records)
    assert events.count("information package creation") == 1
    sahke2 = doc.find(".//mets:mdWrap[@OTHERMDTYPE='SAHKE2']/mets:xmlData/*", NS)
    assert sahke2 is not None and sahke2.tag.endswith("Metadata")
    ead3 = doc.find(".//mets:mdWrap[@OTHERMDTYPE='EAD3']/mets:xmlData/*", NS)
    assert ead3 is not None and ead3.tag.endswith("ead")
    top = doc.find("mets:structMap/mets:div", NS)
    assert top is not None and top.get("DMDID") == "dmd-dc dmd-sahke2 dmd-ead3"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"retention": None}, "record bad: RetentionPeriod: no retention"),
        ({"diary_numbers": []}, "record bad: CaseFile/NativeId: no diary number"),
        ("publicity", "record bad: Restriction/PublicityClass: 'Salassa pidettävä!'"),
        ("tampered", "record bad: Document bad.tiff: HashValue: does not match the stored"),
        ("contract", "package: fi:CONTRACTID: 'KA/1234/2026' is not"),
        ("not-an-image", "record bad: Document bad.tiff: MIX: cannot read the image header"),
    ],
)
def test_bad_records_are_refused_naming_record_and_field(
    store: LocalObjectStore, tmp_path: Path, change: Any, expected: str
) -> None:
    good = stored_record(store, "good", diary="UUDELY/1/2017")
    bad = stored_record(store, "bad", master=0)
    info = sip_info()
    if isinstance(change, dict):
        bad = with_description(bad, **change)
    elif change == "publicity":
        restriction = bad.description.restriction
        assert restriction is not None
        wrong = restriction.model_copy(update={"publicity_class": "Salassa pidettävä!"})
        bad = with_description(bad, restriction=wrong)
    elif change == "tampered":
        path = store.root / bad.files[0].key
        path.chmod(0o644)
        path.write_bytes(path.read_bytes() + b"changed")
    elif change == "contract":
        info = sip_info().__class__(**{**sip_info().__dict__, "contract_id": "KA/1234/2026"})
    elif change == "not-an-image":
        data = b"%PDF-1.4 not an image"
        sha = hashlib.sha256(data).hexdigest()
        store.put_bytes(original_key(sha), data, "image/tiff")
        files = [bad.files[0].model_copy(update={"sha256": sha, "key": original_key(sha)})]
        bad = bad.model_copy(update={"files": files})
    with pytest.raises(ExportRefused) as refused:
        write([good, bad], store, tmp_path / "x.tar", info=info)
    assert any(p.startswith(expected) for p in refused.value.problems), refused.value.problems
    assert not any("record good" in p for p in refused.value.problems)
    assert not (tmp_path / "x.tar").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".x.tar")] == []
