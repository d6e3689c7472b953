"""Retention, disposition and holds over the catalog: what is due, destroying it, transfers.

Contract:
- ``candidates`` computes every record's retention now (metadata.retention), with case
  closure = the latest document date among the records sharing a diary number, and the
  active holds that cover it. Nothing is stored: a class change or a new record in the case
  moves the date at once.
- ``disposition_list(as_of)``: non-permanent records whose retention ended by ``as_of``,
  grouped by class; held ones are listed as held; permanent records never appear.
- ``destroy``: only approved (``stored``) records whose retention ended, not held, not
  permanent. Records not public (``Julkinen``) need a second approver, another person; else
  nothing at all is destroyed (``DispositionRefused``). Content objects are deleted:
  originals (unless another live record uses the same one), page files (PDF, text, ALTO, OCR
  result), the searchable PDF and ``records/<id>/text.txt``; the record leaves the search
  index; the catalog keeps the record row as a stub (status ``destroyed``) with what was
  destroyed and the SHA-256 of each object. An object S3 Object Lock protects is reported and
  left; its record is marked ``destroy_blocked`` and can be destroyed again once the lock
  ends. A destruction certificate (who approved, when, what, checksums) is written to the
  audit log and to the store as XML and plain text under ``certificates/`` (no PDF: no PDF
  writer with text is a dependency).
- ``transfers_due``: permanent, approved records whose trigger date has passed, per case
  (or per batch where a record has no diary number), with the ``arkki sip`` command to run.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from posixpath import dirname
from typing import Any

from lxml import etree
from sqlalchemy import delete

from infra.catalog import Catalog, audit_log, now, page_ocr
from infra.fixity import PAGE_FILES, page_folders
from infra.lifecycle import (
    BLOCKED,
    DESTROYED,
    ActiveHolds,
    describe_holds,
    read_active_holds,
    record_destruction,
)
from infra.search.base import SearchIndex
from infra.store import ObjectLocked, ObjectStore, StoreError
from metadata.models import Description
from metadata.retention import RetentionSchedule, case_closures, record_date, schedule

CERT_NS = "urn:arkki:destruction-certificate:1"
PUBLIC = "Julkinen"


class DispositionRefused(Exception):
    """The batch cannot be destroyed as asked; one line, nothing was destroyed."""


@dataclass
class Candidate:
    record_id: str
    agency: str
    batch_id: str
    status: str
    title: str
    doc_type: str
    class_code: str
    class_title: str
    publicity: str
    diaries: list[str]
    schedule: RetentionSchedule
    holds: list[dict[str, Any]]
    record: dict[str, Any]

    @property
    def public(self) -> bool:
        return self.publicity == PUBLIC

    def brief(self) -> dict[str, Any]:
        return {
            "id": self.record_id,
            "agency": self.agency,
            "status": self.status,
            "title": self.title,
            "doc_type": self.doc_type,
            "class": self.class_code,
            "publicity": self.publicity,
            "diary_numbers": self.diaries,
            "retention": self.schedule.model_dump(mode="json"),
            "held": bool(self.holds),
            "holds": [
                {k: h[k] for k in ("id", "scope", "value", "reason", "placed_by")}
                for h in self.holds
            ],
        }


def _description(record: dict[str, Any]) -> Description:
    return Description.model_validate(record["description"])


def candidates(catalog: Catalog, ids: Iterable[str] | None = None) -> list[Candidate]:
    """Every record (or those of ``ids``) with its retention schedule and active holds."""
    wanted = None if ids is None else set(ids)
    rows: list[tuple[dict[str, Any], dict[str, Any], Description]] = []
    dated: list[tuple[list[str], date | None]] = []
    for row in catalog.iter_records():
        record = json.loads(row["record"])
        description = _description(record)
        dated.append((description.diary_numbers, record_date(description)))
        if wanted is None or row["id"] in wanted:
            rows.append((row, record, description))
    closures = case_closures(dated)
    holds = read_active_holds(catalog)
    return [_candidate(row, record, d, closures, holds) for row, record, d in rows]


def _candidate(
    row: dict[str, Any],
    record: dict[str, Any],
    description: Description,
    closures: dict[str, date],
    holds: ActiveHolds,
) -> Candidate:
    klass = description.records_class
    restriction = description.restriction
    return Candidate(
        record_id=row["id"],
        agency=row["agency"],
        batch_id=row["batch_id"],
        status=row["status"],
        title=description.title,
        doc_type=description.doc_type,
        class_code=klass.code if klass else "",
        class_title=klass.title_fi if klass else "",
        publicity=restriction.publicity_class if restriction else PUBLIC,
        diaries=list(description.diary_numbers),
        schedule=schedule(description, row["created_at"].date(), closures),
        holds=holds.matching(row["id"], description.diary_numbers, klass.code if klass else None),
        record=record,
    )


def retention_of(catalog: Catalog, record_id: str) -> Candidate | None:
    found = candidates(catalog, [record_id])
    return found[0] if found else None


def disposition_list(catalog: Catalog, as_of: date) -> dict[str, Any]:
    """Records due for destruction by ``as_of``, by class (held ones marked held)."""
    groups: dict[str, dict[str, Any]] = {}
    for c in candidates(catalog):
        if c.status == DESTROYED or not c.schedule.due(as_of):
            continue
        group = groups.setdefault(
            c.class_code or "-",
            {"class": c.class_code, "title": c.class_title, "records": []},
        )
        entry = c.brief()
        entry["blocked_by_lock"] = c.status == BLOCKED
        entry["in_review"] = c.status == "needs_review"
        group["records"].append(entry)
    classes = [groups[k] for k in sorted(groups)]
    for group in classes:
        group["records"].sort(key=lambda r: (r["retention"]["ends_on"], r["id"]))
        group["due"] = sum(1 for r in group["records"] if not r["held"])
        group["held"] = sum(1 for r in group["records"] if r["held"])
    return {"as_of": as_of.isoformat(), "classes": classes}


def transfers_due(catalog: Catalog, as_of: date, after_years: int = 0) -> list[dict[str, Any]]:
    """Permanent approved records whose trigger date + ``after_years`` has passed, per case."""
    cases: dict[str, dict[str, Any]] = {}
    for c in candidates(catalog):
        s = c.schedule
        if not s.permanent or c.status != "stored" or s.trigger is None:
            continue
        trigger = s.trigger_date or _fallback_date(c)
        if trigger is None or trigger.replace(year=trigger.year + after_years) > as_of:
            continue
        by = ("case", c.diaries[0]) if c.diaries else ("batch", c.batch_id)
        entry = cases.setdefault(
            f"{by[0]}:{by[1]}",
            {"selection": by[0], "value": by[1], "class": c.class_code, "records": []},
        )
        entry["records"].append(c.record_id)
    out = []
    for key in sorted(cases):
        entry = cases[key]
        entry["command"] = (
            f"arkki sip --{entry['selection']} {entry['value']} --out "
            f"sip-{entry['value'].replace('/', '-')}.tar --dps-contract urn:uuid:… "
            "--sign-key KEY --sign-cert CERT --contract … --organisation … --contact-name … "
            "--contact-address … --contact-phone … --contact-email …"
        )
        out.append(entry)
    return out


def _fallback_date(c: Candidate) -> date | None:
    """A permanent record's schedule has no trigger date: use its own date."""
    return record_date(Description.model_validate(c.record["description"]))


# destruction ------------------------------------------------------------------------------
@dataclass
class DestructionReport:
    certificate: str = ""
    certificate_keys: list[str] = field(default_factory=list)
    destroyed: list[str] = field(default_factory=list)
    blocked: list[dict[str, Any]] = field(default_factory=list)  # lock refused
    skipped: list[dict[str, str]] = field(default_factory=list)  # held, not due, ...

    def as_json(self) -> dict[str, Any]:
        return {
            "certificate": self.certificate,
            "certificate_keys": self.certificate_keys,
            "destroyed": self.destroyed,
            "blocked_by_lock": self.blocked,
            "skipped": self.skipped,
        }


def select_for_destruction(
    catalog: Catalog,
    as_of: date,
    class_code: str | None = None,
    ids: Sequence[str] | None = None,
) -> tuple[list[Candidate], list[dict[str, str]]]:
    """The records that may be destroyed now, and why each other asked-for one may not."""
    if (class_code is None) == (ids is None):
        raise DispositionRefused("give either a class or record ids")
    pool = candidates(catalog, None if ids is None else list(ids))
    if ids is not None:
        missing = sorted(set(ids) - {c.record_id for c in pool})
        if missing:
            raise DispositionRefused(f"no record {missing[0]}")
    else:
        pool = [c for c in pool if c.class_code == class_code]
    chosen: list[Candidate] = []
    skipped: list[dict[str, str]] = []
    for c in pool:
        why = _why_not(c, as_of)
        if why is None:
            chosen.append(c)
        elif ids is not None or c.status != DESTROYED:
            skipped.append({"id": c.record_id, "reason": why})
    return chosen, skipped


def _why_not(c: Candidate, as_of: date) -> str | None:
    s = c.schedule
    if c.status == DESTROYED:
        return "already destroyed"
    if s.permanent:
        return "permanent: transferred to the National Archives, never destroyed"
    if c.holds:
        return f"held: {describe_holds(c.holds)}"
    if c.status not in ("stored", BLOCKED):
        return f"status {c.status}: only approved records are destroyed"
    if s.ends_on is None:
        return "no retention period (no records-plan class)"
    if s.ends_on > as_of:
        return f"retention ends {s.ends_on.isoformat()}"
    return None


def needs_second_approver(chosen: Iterable[Candidate]) -> list[str]:
    return [c.record_id for c in chosen if not c.public]


def check_approvers(chosen: list[Candidate], first: str, second: str | None) -> None:
    if not first.strip():
        raise DispositionRefused("destruction needs the name of who approved it")
    secret = needs_second_approver(chosen)
    if secret and (not second or second.strip() == first.strip()):
        raise DispositionRefused(
            f"{len(secret)} of the records are not public (e.g. {secret[0]}): a second "
            "approver, another person than the first, must approve their destruction too"
        )


def destroy(
    catalog: Catalog,
    store: ObjectStore,
    search: SearchIndex | None,
    chosen: list[Candidate],
    approved_by: str,
    second_approver: str | None,
    selection: str,
    as_of: date,
) -> DestructionReport:
    """Destroy the content of ``chosen`` (from ``select_for_destruction``); see the contract."""
    check_approvers(chosen, approved_by, second_approver)
    report = DestructionReport()
    if not chosen:
        return report
    # a hold placed since the selection still wins
    holds = read_active_holds(catalog)
    live: list[Candidate] = []
    for c in chosen:
        held = holds.matching(c.record_id, c.diaries, c.class_code or None)
        if held:
            report.skipped.append({"id": c.record_id, "reason": f"held: {describe_holds(held)}"})
        else:
            live.append(c)
    if not live:
        return report
    at = now()
    cert_id = f"dc-{at:%Y%m%d}-{uuid.uuid4().hex[:10]}"
    shared = _keys_in_use(catalog, {c.record_id for c in live})
    entries: list[dict[str, Any]] = []
    for c in live:
        objects = [_destroy_object(store, key, sha, shared) for key, sha in _content(c)]
        locked = [o for o in objects if o["result"] == "locked"]
        entries.append({"candidate": c, "objects": objects, "locked": bool(locked)})
        if locked:
            report.blocked.append({"id": c.record_id, "locked": [o["key"] for o in locked]})
        else:
            report.destroyed.append(c.record_id)
        if search is not None:
            try:
                search.delete(c.record_id)
            except Exception as error:  # the index must not keep content; said, not hidden
                report.skipped.append(
                    {"id": c.record_id, "reason": f"search index delete failed: {error}"}
                )
    certificate = _certificate(cert_id, at, approved_by, second_approver, selection, as_of, entries)
    xml_key, text_key = f"certificates/{cert_id}.xml", f"certificates/{cert_id}.txt"
    store.put_bytes(xml_key, certificate_xml(certificate), "application/xml")
    store.put_bytes(text_key, certificate_text(certificate).encode(), "text/plain; charset=utf-8")
    report.certificate, report.certificate_keys = cert_id, [xml_key, text_key]
    _record(catalog, certificate, entries, at, approved_by)
    return report


def _content(c: Candidate) -> list[tuple[str, str | None]]:
    record = c.record
    keys: list[tuple[str, str | None]] = [(f["key"], f["sha256"]) for f in record["files"]]
    keys += [(d["key"], d["sha256"]) for d in record.get("derivatives") or []]
    for folder in page_folders(record):
        keys += [(f"{folder}/{name}", None) for name in PAGE_FILES]
    keys.append((f"records/{c.record_id}/text.txt", None))
    return list(dict.fromkeys(keys))


def _keys_in_use(catalog: Catalog, leaving: set[str]) -> dict[str, str]:
    """Original and page keys used by records that are not being destroyed → one such id."""
    used: dict[str, str] = {}
    for row in catalog.iter_records():
        if row["id"] in leaving or row["status"] == DESTROYED:
            continue
        record = json.loads(row["record"])
        for f in record.get("files") or []:
            used.setdefault(f["key"], row["id"])
        for folder in page_folders(record):
            used.setdefault(folder, row["id"])
    return used


def _destroy_object(
    store: ObjectStore, key: str, sha: str | None, shared: dict[str, str]
) -> dict[str, Any]:
    entry: dict[str, Any] = {"key": key, "sha256": sha, "size": None}
    other = shared.get(key) or shared.get(dirname(key))
    try:
        head = store.head(key)
    except StoreError as error:
        head = None
        entry["detail"] = str(error).splitlines()[0]
    if head is not None:
        entry["sha256"], entry["size"] = head.sha256, head.size
    if other is not None:
        return entry | {"result": "kept", "detail": f"also a part of record {other}"}
    if head is None and sha is None:
        return entry | {"result": "absent"}
    try:
        removed = store.delete(key)
    except ObjectLocked as error:
        return entry | {"result": "locked", "detail": str(error).splitlines()[0]}
    return entry | {"result": "deleted" if removed else "absent"}


def _certificate(
    cert_id: str,
    at: datetime,
    approved_by: str,
    second: str | None,
    selection: str,
    as_of: date,
    entries: list[dict[str, Any]],
) -> dict[str, Any]:
    records = []
    for entry in entries:
        c: Candidate = entry["candidate"]
        records.append(
            {
                "id": c.record_id,
                "agency": c.agency,
                "title": c.title,
                "class": c.class_code,
                "publicity": c.publicity,
                "diary_numbers": c.diaries,
                "retention_period": c.schedule.period,
                "retention_reason": c.schedule.reason,
                "retention_basis": c.schedule.basis,
                "retention_ended": c.schedule.ends_on.isoformat() if c.schedule.ends_on else "",
                "state": BLOCKED if entry["locked"] else DESTROYED,
                "objects": entry["objects"],
            }
        )
    return {
        "id": cert_id,
        "at": at.isoformat(timespec="seconds"),
        "approved_by": approved_by,
        "second_approver": second or "",
        "selection": selection,
        "as_of": as_of.isoformat(),
        "records": records,
    }


def certificate_xml(cert: dict[str, Any]) -> bytes:
    q = f"{{{CERT_NS}}}"
    root = etree.Element(q + "destructionCertificate", nsmap={None: CERT_NS})
    root.set("id", cert["id"])
    for name in ("at", "approved_by", "second_approver", "selection", "as_of"):
        etree.SubElement(root, q + _camel(name)).text = cert[name]
    for rec in cert["records"]:
        el = etree.SubElement(root, q + "record", id=rec["id"], state=rec["state"])
        for name in ("agency", "title", "class", "publicity", "retention_reason"):
            etree.SubElement(el, q + _camel(name)).text = str(rec[name])
        etree.SubElement(el, q + "retentionPeriod").text = str(rec["retention_period"])
        etree.SubElement(el, q + "retentionBasis").text = rec["retention_basis"]
        etree.SubElement(el, q + "retentionEnded").text = rec["retention_ended"]
        for diary in rec["diary_numbers"]:
            etree.SubElement(el, q + "diaryNumber").text = diary
        for obj in rec["objects"]:
            o = etree.SubElement(el, q + "object", key=obj["key"], result=obj["result"])
            if obj.get("sha256"):
                o.set("sha256", obj["sha256"])
            if obj.get("size") is not None:
                o.set("size", str(obj["size"]))
            if obj.get("detail"):
                o.text = obj["detail"]
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def certificate_text(cert: dict[str, Any]) -> str:
    lines = [
        "HÄVITYSTODISTUS / INTYG OM FÖRSTÖRING / DESTRUCTION CERTIFICATE",
        f"Certificate: {cert['id']}",
        f"Destroyed at: {cert['at']}",
        f"Approved by: {cert['approved_by']}"
        + (f"; second approver: {cert['second_approver']}" if cert["second_approver"] else ""),
        f"Selection: {cert['selection']} (retention ended by {cert['as_of']})",
        f"Records: {len(cert['records'])}",
        "",
    ]
    for rec in cert["records"]:
        lines.append(
            f"{rec['id']}  {rec['state']}  class {rec['class']}  {rec['publicity']}  "
            f"{', '.join(rec['diary_numbers']) or '-'}  {rec['title']}"
        )
        lines.append(
            f"  retention {rec['retention_period']} y ({rec['retention_reason']}); "
            f"{rec['retention_basis']}; ended {rec['retention_ended']}"
        )
        for obj in rec["objects"]:
            detail = f"  ({obj['detail']})" if obj.get("detail") else ""
            lines.append(f"  {obj['result']:8} {obj.get('sha256') or '-':64}  {obj['key']}{detail}")
    return "\n".join(lines) + "\n"


def _record(
    catalog: Catalog,
    cert: dict[str, Any],
    entries: list[dict[str, Any]],
    at: datetime,
    actor: str,
) -> None:
    deleted_results: list[str] = []
    with catalog.engine.begin() as conn:
        for entry, rec in zip(entries, cert["records"], strict=True):
            c: Candidate = entry["candidate"]
            record_destruction(conn, c.record_id, rec["state"], cert["id"], entry["objects"], at)
            deleted_results += [
                o["key"]
                for o in entry["objects"]
                if o["key"].endswith("/result.json") and o["result"] in ("deleted", "absent")
            ]
            conn.execute(
                audit_log.insert().values(
                    at=at,
                    actor=actor,
                    action="destroy" if rec["state"] == DESTROYED else "destroy-blocked",
                    record_id=c.record_id,
                    detail=json.dumps(
                        {
                            "certificate": cert["id"],
                            "second_approver": cert["second_approver"],
                            "objects": entry["objects"],
                        },
                        ensure_ascii=False,
                    ),
                )
            )
        if deleted_results:  # a re-ingest must OCR again, not read a checkpoint that is gone
            conn.execute(delete(page_ocr).where(page_ocr.c.result_key.in_(deleted_results)))
        conn.execute(
            audit_log.insert().values(
                at=at,
                actor=actor,
                action="destruction-certificate",
                record_id=None,
                detail=json.dumps(cert, ensure_ascii=False),
            )
        )
