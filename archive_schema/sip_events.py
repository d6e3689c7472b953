"""The PREMIS provenance of a record: digitisation, checksums, format validation, OCR and
metadata creation, each with the agents that did it, from what the record says about itself.

Nothing is invented: where the scan date is unknown the digitisation event carries the date
arkki received the file and says so; OCR is described only where a page was OCR'd.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from archive_schema.record import RecordMetadata
from archive_schema.sip_model import PackageFile, PremisAgent, PremisEvent, SipInfo, premis_uuid

EXECUTING_PROGRAM = "executing program"
IMPLEMENTER = "implementer"
Links = tuple[tuple[str, str], ...]  # (agent id, role)


def _event(
    record_id: str,
    kind: str,
    when: datetime,
    detail: str,
    agents: Links = (),
    objects: tuple[str, ...] = (),
    outcome_note: str = "",
) -> PremisEvent:
    return PremisEvent(
        event_id=premis_uuid(record_id, kind),
        event_type=kind,
        when=when,
        detail=detail,
        outcome_note=outcome_note,
        agents=agents,
        objects=objects,
        record_id=record_id,
    )


def _organisation_id(info: SipInfo) -> str:
    return premis_uuid("agent", "organisation", info.organisation)


def _software_id(info: SipInfo) -> str:
    return premis_uuid("agent", info.software)


def _engine_id(engine: str) -> str:
    return premis_uuid("agent", "ocr", engine)


def _model_id(version: str) -> str:
    return premis_uuid("agent", "doctype-model", version)


def record_agents(records: Sequence[RecordMetadata], info: SipInfo) -> list[PremisAgent]:
    """The organisation, arkki, every OCR engine and every document-type model used."""
    agents = [
        PremisAgent(_organisation_id(info), info.organisation, "organization"),
        PremisAgent(
            _software_id(info),
            f"{info.software} {info.software_version}",
            "software",
            "Digitointi- ja arkistointiputki (arkki)",
        ),
    ]
    engines = sorted({p.ocr_engine for r in records for p in r.pages if p.ocr_engine})
    agents += [PremisAgent(_engine_id(e), e, "software", "Tekstintunnistus (OCR)") for e in engines]
    models = sorted({r.description.model_version for r in records if r.description.model_version})
    agents += [
        PremisAgent(_model_id(m), f"arkki asiakirjatyyppimalli {m}", "software") for m in models
    ]
    return agents


def record_events(
    record: RecordMetadata, info: SipInfo, files: list[PackageFile]
) -> list[PremisEvent]:
    originals = tuple(f.object_id for f in files if f.source_object_id is None)
    derivatives = tuple(f.object_id for f in files if f.source_object_id is not None)
    everything = originals + derivatives
    received = (
        record.created_at if record.created_at.tzinfo else record.created_at.replace(tzinfo=UTC)
    )
    software: Links = ((_software_id(info), EXECUTING_PROGRAM),)
    organisation: Links = ((_organisation_id(info), IMPLEMENTER),)

    scanned = [f.created for f in files if f.tech is not None and f.application]
    ppi = sorted({p.facts.ppi for p in record.pages})
    digitised = _event(
        record.id,
        "digitization",
        received,
        "Paperiasiakirja digitoitu; skannaustarkkuus "
        + ", ".join(f"{v} ppi" for v in ppi)
        + ("" if scanned else "; skannausaika ei tiedossa, päiväys on vastaanottoaika"),
        agents=organisation,
        objects=originals,
    )
    events = [
        digitised,
        _event(
            record.id,
            "message digest calculation",
            received,
            "SHA-256-tarkisteet laskettu vastaanotossa ja tarkistettu säilytyksestä paketoinnissa",
            agents=software,
            objects=everything,
        ),
        _event(
            record.id,
            "validation",
            received,
            "Tiedostomuodon tarkistus vastaanotossa: kuva purkautuu, tarkkuus, bittisyys ja koko"
            + (
                "; PDF/A-2b-johdannaisen vaatimustenmukaisuus tarkistettu"
                if record.derivatives
                else ""
            ),
            agents=software,
            objects=everything,
        ),
    ]
    engines = sorted({p.ocr_engine for p in record.pages if p.ocr_engine})
    if engines:
        languages = sorted({p.ocr_languages for p in record.pages if p.ocr_languages})
        scores = [p.quality.score for p in record.pages if p.quality is not None]
        events.append(
            _event(
                record.id,
                "creation",
                received,
                "Tekstintunnistus (OCR): "
                + ", ".join(engines)
                + (f", kielet {', '.join(languages)}" if languages else "")
                + ("; hakukelpoinen PDF/A-2b-johdannainen luotu" if derivatives else ""),
                outcome_note=(
                    f"OCR-laatu keskimäärin {sum(scores) / len(scores):.1f}/100" if scores else ""
                ),
                agents=software + tuple((_engine_id(e), EXECUTING_PROGRAM) for e in engines),
                objects=everything,
            )
        )
    events.append(_metadata_event(record, received, software))
    return events


def _metadata_event(record: RecordMetadata, when: datetime, software: Links) -> PremisEvent:
    d = record.description
    parts = [f"asiakirjatyyppi {d.doc_type} (varmuus {d.doc_type_confidence:.2f})"]
    if d.records_class is not None:
        parts.append(
            f"tehtäväluokka {d.records_class.code} (varmuus {d.records_class.confidence:.2f})"
        )
    if d.plan_version:
        parts.append(f"julkisuus ja säilytysaika tiedonohjaussuunnitelmasta {d.plan_version}")
    agents = software
    if d.model_version:
        agents += ((_model_id(d.model_version), EXECUTING_PROGRAM),)
    corrected = sorted(d.corrected)
    return _event(
        record.id,
        "metadata creation",
        when,
        "Kuvailutiedot ehdotettu: " + "; ".join(parts),
        outcome_note=(f"Arkistonhoitaja korjasi: {', '.join(corrected)}" if corrected else ""),
        agents=agents,
    )
