"""The catalog's lifecycle tables: holds, destructions, disposition approvals, fixity state.

Tables (on the catalog's ``metadata_obj``; created by migration 0003):
- ``holds``: a legal or disposal hold on a case (``scope='case'``, a diary number), a
  records-plan class (``'class'``, a class code) or a list of records (``'records'``, the ids
  in ``hold_records``), with reason and who placed it; ``lifted_at`` set when lifted. Rows
  are never deleted: a lifted hold stays as evidence.
- ``destructions``: one row per record whose content was destroyed (``state='destroyed'``)
  or only partly, because S3 Object Lock refused (``'blocked'``), with the objects and their
  SHA-256 and the certificate.
- ``disposition_approvals``: a batch of records approved for destruction, waiting for its
  second approver where one is needed (``pending``), or carried out (``done``).
- ``fixity_state``: per stored object, when it was last re-read and what was found.

Contract: placing and lifting a hold write the hold row and its ``audit_log`` row in one
transaction. ``refusal`` is called by ``Catalog.correct_record`` inside its transaction, so
a correction of a held or destroyed record is refused (``RecordHeld``, a ``ConcurrentChange``
so every existing caller reports it as one line / HTTP 409) and nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import (
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    and_,
    select,
    update,
)
from sqlalchemy.engine import Connection

from infra.catalog import (
    Catalog,
    ConcurrentChange,
    UTCDateTime,
    audit_log,
    metadata_obj,
    now,
    records,
)

Scope = Literal["case", "class", "records"]
SCOPES: tuple[Scope, ...] = ("case", "class", "records")
DESTROYED, BLOCKED = "destroyed", "destroy_blocked"  # records.status of a destroyed record

holds = Table(
    "holds",
    metadata_obj,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scope", String(16), nullable=False),
    Column("value", String(255), nullable=False),  # diary number, class code, or "n records"
    Column("reason", Text, nullable=False),
    Column("placed_by", String(128), nullable=False),
    Column("placed_at", UTCDateTime(), nullable=False),
    Column("lifted_by", String(128), nullable=True),
    Column("lifted_at", UTCDateTime(), nullable=True),
    Column("lift_reason", Text, nullable=True),
    Index("ix_holds_active", "lifted_at", "scope"),
)

hold_records = Table(
    "hold_records",
    metadata_obj,
    Column("hold_id", Integer, primary_key=True),
    Column("record_id", String(64), primary_key=True),
    Index("ix_hold_records_record", "record_id"),
)

destructions = Table(
    "destructions",
    metadata_obj,
    Column("record_id", String(64), primary_key=True),
    Column("state", String(16), nullable=False),  # destroyed | destroy_blocked
    Column("certificate", String(64), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("objects", Text, nullable=False),  # JSON: [{key, sha256, size, result}]
)

disposition_approvals = Table(
    "disposition_approvals",
    metadata_obj,
    Column("id", String(64), primary_key=True),
    Column("record_ids", Text, nullable=False),  # JSON list
    Column("selection", Text, nullable=False),  # what was asked, in words
    Column("first_by", String(128), nullable=False),
    Column("first_at", UTCDateTime(), nullable=False),
    Column("second_by", String(128), nullable=True),
    Column("second_at", UTCDateTime(), nullable=True),
    Column("needs_second", Integer, nullable=False),
    Column("state", String(16), nullable=False),  # pending | done
    Column("certificate", String(64), nullable=True),
)

fixity_state = Table(
    "fixity_state",
    metadata_obj,
    Column("key", String(512), primary_key=True),
    Column("sha256", String(64), nullable=True),  # the catalog's; None: the store's own
    Column("last_checked", UTCDateTime(), nullable=True),
    Column("result", String(16), nullable=True),  # ok | mismatch | missing
    Column("detail", Text, nullable=True),
    Index("ix_fixity_state_due", "last_checked"),
)


class RecordHeld(ConcurrentChange):
    """The record is under a hold (or destroyed): it may not be changed."""


@dataclass
class ActiveHolds:
    """Every active hold, for matching many records at once."""

    cases: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    classes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    ids: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def matching(
        self, record_id: str, diaries: Iterable[str], class_code: str | None
    ) -> list[dict[str, Any]]:
        found = list(self.ids.get(record_id, []))
        for diary in diaries:
            found += self.cases.get(diary, [])
        if class_code:
            found += self.classes.get(class_code, [])
        unique = {h["id"]: h for h in found}
        return [unique[k] for k in sorted(unique)]


def _hold_json(row: Any) -> dict[str, Any]:
    return {k: row[k] for k in ("id", "scope", "value", "reason", "placed_by", "placed_at")} | {
        "lifted_by": row["lifted_by"],
        "lifted_at": row["lifted_at"],
        "lift_reason": row["lift_reason"],
    }


def _audit(conn: Connection, actor: str, action: str, rid: str | None, detail: Any) -> None:
    conn.execute(
        audit_log.insert().values(
            at=now(),
            actor=actor,
            action=action,
            record_id=rid,
            detail=json.dumps(detail, ensure_ascii=False, default=str),
        )
    )


def place_hold(
    catalog: Catalog, scope: Scope, values: list[str], reason: str, actor: str
) -> dict[str, Any]:
    """Place one hold; ``values`` is one diary number, one class code, or record ids."""
    if scope not in SCOPES:
        raise ValueError(f"hold scope {scope!r}: one of {', '.join(SCOPES)}")
    values = [v.strip() for v in values if v.strip()]
    if not values or (scope != "records" and len(values) != 1):
        raise ValueError(f"a {scope} hold takes exactly one value" if values else "nothing held")
    if not reason.strip() or not actor.strip():
        raise ValueError("a hold needs a reason and the name of who places it")
    shown = values[0] if scope != "records" else f"{len(values)} records"
    at = now()
    with catalog.engine.begin() as conn:
        inserted = conn.execute(
            holds.insert().values(
                scope=scope, value=shown, reason=reason, placed_by=actor, placed_at=at
            )
        ).inserted_primary_key
        assert inserted is not None
        hold_id = inserted[0]
        if scope == "records":
            conn.execute(
                hold_records.insert(),
                [{"hold_id": hold_id, "record_id": r} for r in dict.fromkeys(values)],
            )
        detail = {"hold": hold_id, "scope": scope, "value": shown, "reason": reason}
        if scope == "records":
            detail["records"] = values
        _audit(conn, actor, "hold-place", values[0] if scope == "records" else None, detail)
        row = conn.execute(select(holds).where(holds.c.id == hold_id)).mappings().one()
    return _hold_json(row)


def lift_hold(catalog: Catalog, hold_id: int, actor: str, reason: str) -> dict[str, Any]:
    """Lift an active hold; raises KeyError where no active hold has this id."""
    with catalog.engine.begin() as conn:
        done = conn.execute(
            update(holds)
            .where(holds.c.id == hold_id, holds.c.lifted_at.is_(None))
            .values(lifted_by=actor, lifted_at=now(), lift_reason=reason)
        ).rowcount
        if done != 1:
            raise KeyError(f"no active hold {hold_id}")
        row = conn.execute(select(holds).where(holds.c.id == hold_id)).mappings().one()
        _audit(conn, actor, "hold-lift", None, {"hold": hold_id, "reason": reason})
    return _hold_json(row)


def list_holds(catalog: Catalog, include_lifted: bool = False) -> list[dict[str, Any]]:
    query = select(holds).order_by(holds.c.id)
    if not include_lifted:
        query = query.where(holds.c.lifted_at.is_(None))
    with catalog.engine.connect() as conn:
        rows = [_hold_json(r) for r in conn.execute(query).mappings()]
        for row in rows:
            if row["scope"] == "records":
                row["records"] = [
                    str(r[0])
                    for r in conn.execute(
                        select(hold_records.c.record_id)
                        .where(hold_records.c.hold_id == row["id"])
                        .order_by(hold_records.c.record_id)
                    )
                ]
    return rows


def active_holds(conn: Connection) -> ActiveHolds:
    found = ActiveHolds()
    rows = conn.execute(select(holds).where(holds.c.lifted_at.is_(None))).mappings().all()
    by_id = {r["id"]: _hold_json(r) for r in rows}
    for hold in by_id.values():
        if hold["scope"] == "case":
            found.cases.setdefault(hold["value"], []).append(hold)
        elif hold["scope"] == "class":
            found.classes.setdefault(hold["value"], []).append(hold)
    if by_id:
        members = conn.execute(
            select(hold_records.c.hold_id, hold_records.c.record_id).where(
                hold_records.c.hold_id.in_(list(by_id))
            )
        ).all()
        for hold_id, record_id in members:
            found.ids.setdefault(str(record_id), []).append(by_id[hold_id])
    return found


def read_active_holds(catalog: Catalog) -> ActiveHolds:
    with catalog.engine.connect() as conn:
        return active_holds(conn)


def describe_holds(held: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"hold {h['id']} on {h['scope']} {h['value']} by {h['placed_by']}: {h['reason']}"
        for h in held
    )


def refusal(conn: Connection, record_id: str, record_json: str) -> str | None:
    """Why the record may not be changed now (a hold, or it was destroyed), else None."""
    status = conn.execute(select(records.c.status).where(records.c.id == record_id)).scalar()
    if status in (DESTROYED, BLOCKED):
        return f"record {record_id} was destroyed in disposition; its metadata stub is kept as is"
    try:
        description = json.loads(record_json).get("description") or {}
    except (ValueError, AttributeError):
        description = {}
    klass = (description.get("records_class") or {}).get("code")
    held = active_holds(conn).matching(record_id, description.get("diary_numbers") or [], klass)
    if held:
        return f"record {record_id} is under a hold and cannot be changed: {describe_holds(held)}"
    return None


# destructions and approvals --------------------------------------------------------------
def destruction(catalog: Catalog, record_id: str) -> dict[str, Any] | None:
    with catalog.engine.connect() as conn:
        row = conn.execute(
            select(destructions).where(destructions.c.record_id == record_id)
        ).mappings()
        first = row.first()
    if first is None:
        return None
    return dict(first) | {"objects": json.loads(first["objects"])}


def record_destruction(
    conn: Connection,
    record_id: str,
    state: str,
    certificate: str,
    objects: list[dict[str, Any]],
    at: datetime,
) -> None:
    """Mark the record (status), remember what was destroyed, drop it from fixity checks."""
    # indexed: a destroyed record must never be re-indexed from content that is gone
    conn.execute(
        update(records).where(records.c.id == record_id).values(status=state, indexed=True)
    )
    payload = json.dumps(objects, ensure_ascii=False)
    done = conn.execute(
        update(destructions)
        .where(destructions.c.record_id == record_id)
        .values(state=state, certificate=certificate, at=at, objects=payload)
    ).rowcount
    if not done:
        conn.execute(
            destructions.insert().values(
                record_id=record_id, state=state, certificate=certificate, at=at, objects=payload
            )
        )
    gone = [o["key"] for o in objects if o["result"] in ("deleted", "absent")]
    for start in range(0, len(gone), 500):
        conn.execute(fixity_state.delete().where(fixity_state.c.key.in_(gone[start : start + 500])))


def save_approval(catalog: Catalog, row: dict[str, Any]) -> None:
    with catalog.engine.begin() as conn:
        conn.execute(disposition_approvals.insert().values(**row))


def approval(catalog: Catalog, approval_id: str) -> dict[str, Any] | None:
    with catalog.engine.connect() as conn:
        found = (
            conn.execute(
                select(disposition_approvals).where(disposition_approvals.c.id == approval_id)
            )
            .mappings()
            .first()
        )
    return None if found is None else dict(found) | {"record_ids": json.loads(found["record_ids"])}


def approvals(catalog: Catalog, state: str | None = None) -> list[dict[str, Any]]:
    query = select(disposition_approvals).order_by(disposition_approvals.c.first_at)
    if state is not None:
        query = query.where(disposition_approvals.c.state == state)
    with catalog.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [dict(r) | {"record_ids": json.loads(r["record_ids"])} for r in rows]


def second_approval(catalog: Catalog, approval_id: str, actor: str | None) -> bool:
    """Take a pending approval for running: by its second approver ``actor`` (another person
    than the first), or with ``None`` where no second approver is needed. False where it is
    not pending any more (another took it) or ``actor`` is the first approver."""
    c = disposition_approvals.c
    where = [c.id == approval_id, c.state == "pending"]
    values: dict[str, Any] = {"state": "running"}
    if actor is not None:
        where.append(c.first_by != actor)
        values |= {"second_by": actor, "second_at": now()}
    with catalog.engine.begin() as conn:
        return (
            conn.execute(
                update(disposition_approvals)
                .where(and_(*where))
                .values(**values)
                .execution_options(preserve_rowcount=True)
            ).rowcount
            == 1
        )


def finish_approval(catalog: Catalog, approval_id: str, certificate: str) -> None:
    with catalog.engine.begin() as conn:
        conn.execute(
            update(disposition_approvals)
            .where(disposition_approvals.c.id == approval_id)
            .values(state="done", certificate=certificate)
        )
