"""EAD3 finding aid: valid against the EAD3 XSD and, inside a METS dmdSec, against the PAS
METS schema and Schematron; the national SÄHKE2 → EAD3 mapping; refusals; the CLI function."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, isoschematron

from archive_schema.ead3 import EAD3_NS, METS_MDWRAP, build_ead3, transfer_to_ead3_element
from archive_schema.record import RecordMetadata
from archive_schema.sahke2 import build_sahke2, to_transfer
from archive_schema.sahke2_model import SAHKE2_NS, ExportRefused, TransferInfo
from flows.config import Settings, open_catalog
from flows.ead3_cli import run_export_ead3
from infra.store import LocalObjectStore
from metadata.plan import sample_plan
from tests.factories import stored_record

SHARED = Path(__file__).resolve().parents[2] / "shared"
DPRES = SHARED / "schemas" / "dpres-xml-schemas"
EAD3_XSD = DPRES / "schema_catalogs" / "schemas_external" / "ead3" / "1.1.1" / "ead3.xsd"
NS = {"e": EAD3_NS}
METS = "http://www.loc.gov/METS/"
FI = "http://digitalpreservation.fi/schemas/mets/fi-extensions"
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
PLAN = sample_plan()
WHEN = datetime(2026, 1, 5, 12, 30)
INFO = TransferInfo(
    native_id="siirto-2026-0001",
    title="KEHA-keskuksen digitoidut asiakirjat",
    contract_id="KA/1234/07.01.01.03.01/2026",
    organisation="KEHA-keskus",
    contact_name="Kirjaamo",
    contact_address="PL 250, 00521 Helsinki",
    contact_phone="+358 295 000 000",
    contact_email="kirjaamo@example.fi",
)
NASTY = 'Päätös: Åbo & Öja <lönesubvention> "å" > ä'


def needs_shared(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} not found (the shared reference folder {SHARED} is absent)")


@pytest.fixture(scope="module")
def schema() -> Any:
    needs_shared(EAD3_XSD)
    return etree.XMLSchema(etree.parse(str(EAD3_XSD)))


def assert_valid(schema: Any, xml: bytes) -> Any:
    doc = etree.fromstring(xml)
    assert schema.validate(doc), "\n".join(f"{e.line}: {e.message}" for e in schema.error_log)
    return doc


def payload(rid: str, kind: str) -> bytes:
    return f"{kind} of {rid}".encode()


def make_record(
    rid: str,
    doc_type: str = "paatos",
    diary: list[str] | None = None,
    day: date = date(2017, 3, 12),
    language: str = "fin",
    title: str | None = None,
    originals: int = 1,
) -> RecordMetadata:
    """A stored record classed from the sample plan; its files' bytes are ``payload(...)``."""
    return stored_record(
        rid,
        doc_type=doc_type,
        diary=diary,
        day=day,
        language=language,
        title=title,
        class_reason="t",
        originals=[(f"scans/{rid}-{i}.tif", payload(rid, f"scan{i}")) for i in range(originals)],
        pdf=payload(rid, "pdf"),
    )


def sample_records() -> list[RecordMetadata]:
    """Two case files: one with three actions (one Swedish, one with two scans), one alone."""
    return [
        make_record("late", "paatos", day=date(2017, 5, 2)),
        make_record("early", "hakemus", day=date(2017, 1, 20), originals=2),
        make_record(
            "middle",
            "poytakirja",
            ["UUDELY/1290/2017", "VARELY/45/2017"],
            day=date(2017, 3, 1),
            language="swe",
            title=NASTY,
        ),
        make_record("bill", "lasku", ["UUDELY/77/2018"], day=date(2018, 2, 1)),
    ]


def localname(element: Any) -> str:
    return str(etree.QName(element).localname)


@pytest.mark.shared
def test_cases_with_several_actions_validate_and_nest_c01_to_c04(schema: Any) -> None:
    doc = assert_valid(schema, build_ead3(sample_records(), PLAN, INFO, created=WHEN))
    archdesc = doc.find("e:archdesc", NS)
    assert (archdesc.get("level"), archdesc.get("otherlevel")) == ("otherlevel", "Metadata")
    cases = doc.findall("e:archdesc/e:dsc/e:c01", NS)
    assert [c.findtext("e:did/e:unitid", namespaces=NS) for c in cases] == [
        "UUDELY/1290/2017",
        "UUDELY/77/2018",
    ]
    for number, level in enumerate(("CaseFile", "Action", "Record", "Document"), 1):
        for c in doc.iter(f"{{{EAD3_NS}}}c0{number}"):
            assert (c.get("level"), c.get("otherlevel")) == ("otherlevel", level)
    first = cases[0]
    assert len(first.findall("e:c02", NS)) == 3
    records = first.findall("e:c02/e:c03", NS)
    assert [r.findtext("e:did/e:unitid", namespaces=NS) for r in records] == [
        "early",
        "middle",
        "late",
    ]
    # two scans and the PDF/A derivative of "early"; one scan and a PDF of the others
    assert [len(r.findall("e:c04", NS)) for r in records] == [3, 2, 2]
    assert len(doc.findall(".//e:c04", NS)) == 7 + 2
    dates = [d.get("normal") for d in first.findall("e:c02/e:did/e:unitdate", NS)]
    assert dates == ["2017-01-20", "2017-03-01", "2017-05-02"]
    top = archdesc.find("e:did/e:unitdate", NS)
    assert (top.get("normal"), top.get("unitdatetype")) == ("2017-01-20/2018-02-01", "inclusive")


@pytest.mark.shared
def test_every_encodinganalog_is_a_sahke2_path_with_the_same_value(schema: Any) -> None:
    records = sample_records()
    ead = assert_valid(schema, build_ead3(records, PLAN, INFO, created=WHEN))
    sahke2 = etree.fromstring(build_sahke2(records, PLAN, INFO))
    analogs = [e for e in ead.iter() if e.get("encodinganalog")]
    assert len(analogs) > 100
    for element in analogs:
        path = element.get("encodinganalog")
        steps = "/".join(f"s:{step}" for step in path.strip("/").split("/")[1:])
        found = sahke2.xpath(steps or ".", namespaces={"s": SAHKE2_NS})
        assert found, f"{path} (on EAD3 {localname(element)}) is no SÄHKE2 element"
        text = (element.text or "").strip()
        if text and len(found[0]) == 0:  # a leaf mapped to a leaf: the value is one of them
            assert text in {f.text for f in found}, (path, text)
    tags = {localname(e) for e in analogs}
    assert {"c01", "c02", "c03", "c04", "accessrestrict", "appraisal", "fileplan"} <= tags
    assert {"processinfo", "dao", "repository", "function", "genreform", "unitdate"} <= tags


def test_restriction_retention_processinfo_and_dao_carry_the_values() -> None:
    transfer = to_transfer(sample_records(), PLAN, INFO)
    ead = transfer_to_ead3_element(transfer, WHEN)
    case = transfer.case_files[0]
    c01 = ead.find(".//e:c01", NS)

    def paragraph(parent: Any, path: str) -> str | None:
        found = parent.find(f".//*[@encodinganalog='{path}']/e:p", NS)
        return None if found is None else found.text

    base = "/Metadata/CaseFile"
    r = case.restriction
    assert paragraph(c01, f"{base}/Restriction/PublicityClass") == r.publicity_class
    assert paragraph(c01, f"{base}/Restriction/PersonalData") == r.personal_data
    assert paragraph(c01, f"{base}/Restriction/SecurityPeriod") == str(r.security_period)
    assert paragraph(c01, f"{base}/RetentionPeriod") == str(case.retention_period)
    assert paragraph(c01, f"{base}/RetentionReason") == case.retention_reason
    assert paragraph(c01, f"{base}/Status") == "Arkistoitu"
    codes = c01.xpath(".//e:fileplan//e:part[@localtype='FunctionCode']/text()", namespaces=NS)
    assert codes == [level.code for level in case.classification]
    assert c01.findtext("e:controlaccess/e:function/e:part", namespaces=NS) == case.function

    record = case.actions[0].record
    c03 = c01.find("e:c02/e:c03", NS)
    rec = "/Metadata/CaseFile/Action/Record"
    assert paragraph(c03, f"{rec}/Authenticity/Checker") == "arkki"
    assert paragraph(c03, f"{rec}/Authenticity/Date") == record.authenticity.date.isoformat()
    assert c03.findtext("e:controlaccess/e:genreform/e:part", namespaces=NS) == record.type
    custom = dict(
        zip(
            c03.xpath(".//e:defitem/e:label/text()", namespaces=NS),
            c03.xpath(".//e:defitem/e:item/text()", namespaces=NS),
            strict=True,
        )
    )
    assert custom == dict(record.custom)

    for document, c04 in zip(record.documents, c03.findall("e:c04", NS), strict=True):
        doc_path = f"{rec}/Document"
        assert paragraph(c04, f"{doc_path}/HashAlgorithm") == "SHA-256"
        assert paragraph(c04, f"{doc_path}/HashValue") == document.hash_value
        assert paragraph(c04, f"{doc_path}/UseType") == document.use_type
        dao = c04.find("e:did/e:dao", NS)
        assert dao.get("daotype") == "otherdaotype"
        assert dao.get("otherdaotype") == "Sähke2-File"
        assert dao.get("href") == f"content/early/{document.name}"
        assert dao.get("encodinganalog") == f"{doc_path}/File"
        assert c04.findtext("e:did/e:physdesc", namespaces=NS) == document.format_name


def test_finnish_and_swedish_text_with_markup_characters_survive() -> None:
    xml = build_ead3(sample_records(), PLAN, INFO, created=WHEN)
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert "Åbo &amp; Öja &lt;lönesubvention&gt;".encode() in xml
    doc = etree.fromstring(xml)
    middle = doc.xpath(".//e:c03[e:did/e:unitid='middle']", namespaces=NS)[0]
    assert middle.findtext("e:did/e:unittitle", namespaces=NS) == NASTY
    assert middle.xpath("e:did/e:unitid[@localtype='OtherId']/text()", namespaces=NS) == [
        "VARELY/45/2017"
    ]
    assert middle.find("e:did/e:langmaterial/e:language", NS).get("langcode") == "swe"
    case = doc.find(".//e:c01", NS)
    codes = [x.get("langcode") for x in case.findall("e:did/e:langmaterial/e:language", NS)]
    assert codes == ["fin", "swe"]
    assert doc.find("e:control", NS).get("langencoding") == "iso639-2b"


def test_control_records_that_arkki_derived_it() -> None:
    doc = etree.fromstring(build_ead3(sample_records(), PLAN, INFO, created=WHEN))
    control = doc.find("e:control", NS)
    assert control.findtext("e:recordid", namespaces=NS) == "ead3-siirto-2026-0001"
    assert control.findtext("e:filedesc/e:titlestmt/e:titleproper", namespaces=NS) == INFO.title
    assert control.find("e:maintenancestatus", NS).get("value") == "derived"
    assert control.findtext("e:maintenanceagency/e:agencyname", namespaces=NS) == "KEHA-keskus"
    event = control.find("e:maintenancehistory/e:maintenanceevent", NS)
    assert event.find("e:agenttype", NS).get("value") == "machine"
    assert event.findtext("e:agent", namespaces=NS).startswith("arkki")
    assert event.find("e:eventdatetime", NS).get("standarddatetime") == "2026-01-05T12:30:00"
    assert doc.get("relatedencoding") == "SÄHKE2"


def test_a_refusal_of_to_transfer_is_raised_with_every_problem() -> None:
    good = make_record("ok")
    bad = make_record("bad", diary=[])
    worse = make_record("worse")
    worse = worse.model_copy(
        update={"description": worse.description.model_copy(update={"retention": None})}
    )
    with pytest.raises(ExportRefused) as refused:
        build_ead3([good, bad, worse], PLAN, INFO)
    problems = refused.value.problems
    assert any(p.startswith("record bad: CaseFile/NativeId:") for p in problems), problems
    assert any(p.startswith("record worse: RetentionPeriod:") for p in problems), problems
    assert not any(p.startswith("record ok:") for p in problems)


def mets_with(ead: Any, version: str = METS_MDWRAP["MDTYPEVERSION"]) -> Any:
    """A minimal PAS METS document whose one dmdSec wraps ``ead``."""
    root = etree.Element(f"{{{METS}}}mets", nsmap={"mets": METS, "fi": FI})
    root.set("OBJID", "arkki-siirto-2026-0001")
    root.set("PROFILE", "http://digitalpreservation.fi/mets-profiles/cultural-heritage")
    root.set(f"{{{FI}}}CATALOG", "1.8.0")
    root.set(f"{{{FI}}}SPECIFICATION", "1.8.0")
    root.set(f"{{{FI}}}CONTRACTID", "urn:uuid:12345678-1234-4234-8234-123456789abc")
    header = etree.SubElement(
        root, f"{{{METS}}}metsHdr", CREATEDATE="2026-01-05T12:30:00Z", RECORDSTATUS="submission"
    )
    agent = etree.SubElement(header, f"{{{METS}}}agent", ROLE="CREATOR", TYPE="ORGANIZATION")
    etree.SubElement(agent, f"{{{METS}}}name").text = "KEHA-keskus"
    dmd = etree.SubElement(root, f"{{{METS}}}dmdSec", ID="dmd-ead3")
    dmd.set(f"{{{FI}}}CREATED", "2026-01-05")
    wrap = etree.SubElement(dmd, f"{{{METS}}}mdWrap", {**METS_MDWRAP, "MDTYPEVERSION": version})
    etree.SubElement(wrap, f"{{{METS}}}xmlData").append(ead)
    struct = etree.SubElement(root, f"{{{METS}}}structMap")
    etree.SubElement(struct, f"{{{METS}}}div", TYPE="siirto", DMDID="dmd-ead3")
    return etree.ElementTree(root)


def schematron_failures(doc: Any, name: str) -> list[str]:
    path = DPRES / "schematron" / name
    needs_shared(path)
    checker = isoschematron.Schematron(etree.parse(str(path)), store_report=True)
    checker.validate(doc)
    texts = checker.validation_report.xpath(
        "//svrl:failed-assert/svrl:text/text()", namespaces=SVRL
    )
    return [" ".join(t.split()) for t in texts]


@pytest.mark.shared
def test_in_a_mets_dmdsec_it_passes_the_national_schematron() -> None:
    transfer = to_transfer(sample_records(), PLAN, INFO)
    doc = mets_with(transfer_to_ead3_element(transfer, WHEN))
    for name in ("mets_ead3.sch", "mets_dmdsec.sch", "mets_mdwrap.sch"):
        assert schematron_failures(doc, name) == [], name
    # the rules do apply to this wrapper: EAD3 1.1.0 forbids ref/foreign, which 1.1.1 allows
    old = mets_with(transfer_to_ead3_element(transfer, WHEN), version="1.1.0")
    did = old.find(f".//{{{EAD3_NS}}}c03/{{{EAD3_NS}}}did")
    ref = etree.SubElement(etree.SubElement(did, f"{{{EAD3_NS}}}didnote"), f"{{{EAD3_NS}}}ref")
    etree.SubElement(ref, f"{{{EAD3_NS}}}foreign").text = "x"
    assert schematron_failures(old, "mets_ead3.sch")


VALIDATE_METS = textwrap.dedent(
    """
    import sys
    from lxml import etree
    schema = etree.XMLSchema(etree.parse(sys.argv[1]))
    ok = schema.validate(etree.parse(sys.argv[2]))
    for error in schema.error_log:
        print(f"{error.line}: {error.message}")
    sys.exit(0 if ok else 1)
    """
)


@pytest.mark.shared
def test_in_a_mets_dmdsec_it_validates_against_the_pas_mets_schema(tmp_path: Path) -> None:
    """mets.xsd imports EAD3 through the dpres catalog; xmlData is lax, so the EAD3 inside is
    validated too. XML_CATALOG_FILES must be set before libxml2 loads: a child process."""
    catalog = DPRES / "schema_catalogs" / "catalog_main.xml"
    needs_shared(catalog)
    mets_xsd = DPRES / "schema_catalogs" / "schemas" / "mets" / "mets.xsd"
    transfer = to_transfer(sample_records(), PLAN, INFO)
    good = tmp_path / "mets.xml"
    mets_with(transfer_to_ead3_element(transfer, WHEN)).write(str(good), encoding="UTF-8")
    broken = transfer_to_ead3_element(transfer, WHEN)
    broken.find("e:control/e:maintenancestatus", NS).set("value", "bogus")
    bad = tmp_path / "mets-bad.xml"
    mets_with(broken).write(str(bad), encoding="UTF-8")

    def validate(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", VALIDATE_METS, str(mets_xsd), str(path)],
            env={"XML_CATALOG_FILES": str(catalog), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=120,
        )

    result = validate(good)
    assert result.returncode == 0, result.stdout + result.stderr
    result = validate(bad)
    assert result.returncode == 1 and "maintenancestatus" in result.stdout, result.stdout


# run_export_ead3 through a real catalog and object store (no OCR: the records are written in)


def archive_with(home: Path, records: list[RecordMetadata], skip: str | None = None) -> Settings:
    settings = Settings.from_env()
    assert settings.home == home
    catalog = open_catalog(settings)
    store = LocalObjectStore(Path(settings.store))
    for record in records:
        catalog.add_record(
            record.id,
            record.batch_id,
            record.status.value,
            record.description.doc_type,
            record.agency,
            record.description.title,
            record.model_dump_json(),
        )
        for i, file in enumerate(record.files):
            if file.key != skip:
                store.put_bytes(file.key, payload(record.id, f"scan{i}"))
        for derivative in record.derivatives:
            if derivative.key != skip:
                store.put_bytes(derivative.key, payload(record.id, "pdf"))
    return settings


def test_run_export_ead3_writes_a_case(
    arkki_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = sample_records()
    settings = archive_with(arkki_home, records)
    out = tmp_path / "out" / "ead3.xml"
    assert run_export_ead3("uudely/1290/2017", None, out, INFO, True, settings) == 0
    result = json.loads(capsys.readouterr().out)
    assert sorted(result.pop("records")) == ["early", "late", "middle"]
    assert result == {"out": str(out), "case_files": 1, "refused": []}
    doc = etree.parse(str(out)).getroot()
    assert [c.findtext("e:did/e:unitid", namespaces=NS) for c in doc.iter(f"{{{EAD3_NS}}}c01")] == [
        "UUDELY/1290/2017"
    ]
    description = doc.findtext(
        ".//e:c03//e:processinfo[@localtype='Description']/e:p", namespaces=NS
    )
    assert "tarkistettu säilytyksestä" in description  # the checksums were re-verified
    assert sorted(p.name for p in out.parent.iterdir()) == ["ead3.xml"]  # no temporary left
    assert run_export_ead3(None, "batch-1", out, INFO, False, settings) == 0
    assert "4 records in 2 case file(s), EAD3" in " ".join(capsys.readouterr().out.split())


def test_run_export_ead3_refuses_a_missing_object_and_writes_nothing(
    arkki_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = sample_records()
    settings = archive_with(arkki_home, records, skip="derivatives/bill.pdf")
    out = tmp_path / "ead3.xml"
    assert run_export_ead3(None, "batch-1", out, INFO, True, settings) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["out"] is None and len(result["records"]) == 4
    assert result["refused"] == [
        "record bill: Document bill.pdf: HashValue: does not match the stored object "
        "derivatives/bill.pdf"
    ]
    assert not out.exists() and list(tmp_path.iterdir()) == [arkki_home]
    assert run_export_ead3(None, "batch-1", out, INFO, False, settings) == 1
    assert "export refused: 1 problem(s)" in capsys.readouterr().err
