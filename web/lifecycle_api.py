"""The lifecycle JSON API: retention of a record, the disposition list and its approval in two
steps, transfers due, holds, the management report. Archivists and admins only.

Approval: ``POST /api/disposition/approvals`` selects the due, unheld records of a class (or
a list of ids) as of a date. Where every one is public it is destroyed at once, with the
caller as approver; otherwise it waits (``pending``) until ``POST
/api/disposition/approvals/{id}/approve`` by another user, who becomes the second approver
(the same user gets 409). Holds and retention are checked again when the destruction runs.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from flows.lifecycle import (
    DispositionRefused,
    destroy,
    disposition_list,
    needs_second_approver,
    retention_of,
    select_for_destruction,
    transfers_due,
)
from flows.reports import management_report, report_csv
from infra.catalog import now
from infra.lifecycle import (
    approval,
    approvals,
    finish_approval,
    lift_hold,
    list_holds,
    place_hold,
    save_approval,
    second_approval,
)
from infra.store import StoreError
from web.accounts import User
from web.auth import require
from web.context import WebContext

router = APIRouter(prefix="/api")
Manager = Annotated[User, Depends(require("archivist", "admin"))]
AsOf = Annotated[date | None, Query(description="count as of this date (default today)")]


def web(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.web
    return ctx


Ctx = Annotated[WebContext, Depends(web)]


class ApprovalIn(BaseModel):
    class_code: str | None = Field(default=None, max_length=32)
    record_ids: list[Annotated[str, Field(max_length=64)]] | None = Field(
        default=None, max_length=10000
    )
    as_of: date | None = None


class HoldIn(BaseModel):
    scope: Literal["case", "class", "records"]
    values: list[Annotated[str, Field(min_length=1, max_length=255)]] = Field(
        min_length=1, max_length=10000
    )
    reason: str = Field(min_length=1, max_length=2000)


class LiftIn(BaseModel):
    reason: str = Field(default="", max_length=2000)


@router.get("/records/{record_id}/retention", tags=["lifecycle"])
def record_retention(record_id: str, user: Manager, ctx: Ctx) -> dict[str, Any]:
    found = retention_of(ctx.catalog, record_id)
    if found is None or not user.sees(found.agency):
        raise HTTPException(404, f"record {record_id} not found")
    return found.brief()


@router.get("/disposition", tags=["lifecycle"])
def disposition(user: Manager, ctx: Ctx, as_of: AsOf = None) -> dict[str, Any]:
    return disposition_list(ctx.catalog, as_of or date.today())


@router.get("/disposition/transfers", tags=["lifecycle"])
def transfers(user: Manager, ctx: Ctx, as_of: AsOf = None) -> list[dict[str, Any]]:
    return transfers_due(ctx.catalog, as_of or date.today())


@router.get("/disposition/approvals", tags=["lifecycle"])
def approval_list(user: Manager, ctx: Ctx) -> list[dict[str, Any]]:
    return approvals(ctx.catalog)


@router.post("/disposition/approvals", tags=["lifecycle"], status_code=201)
def approve_first(body: ApprovalIn, user: Manager, ctx: Ctx) -> dict[str, Any]:
    as_of = body.as_of or date.today()
    try:
        chosen, skipped = select_for_destruction(
            ctx.catalog, as_of, body.class_code, body.record_ids
        )
    except DispositionRefused as error:
        raise HTTPException(422, str(error)) from error
    if not chosen:
        raise HTTPException(409, "nothing to destroy: no due, unheld, approved record selected")
    selection = f"class {body.class_code}" if body.class_code else f"{len(chosen)} records"
    approval_id = f"da-{uuid.uuid4().hex[:12]}"
    needs_second = bool(needs_second_approver(chosen))
    save_approval(
        ctx.catalog,
        {
            "id": approval_id,
            "record_ids": json.dumps([c.record_id for c in chosen]),
            "selection": f"{selection} as of {as_of.isoformat()}",
            "first_by": user.username,
            "first_at": now(),
            "needs_second": int(needs_second),
            "state": "pending",
        },
    )
    result: dict[str, Any] = {
        "id": approval_id,
        "records": [c.record_id for c in chosen],
        "skipped": skipped,
        "needs_second_approver": needs_second,
        "state": "pending",
    }
    if needs_second:
        return result
    if not second_approval(ctx.catalog, approval_id, None):
        raise HTTPException(409, f"approval {approval_id} was taken meanwhile")
    return result | _carry_out(ctx, approval_id, user.username, None)


@router.post("/disposition/approvals/{approval_id}/approve", tags=["lifecycle"])
def approve_second(approval_id: str, user: Manager, ctx: Ctx) -> dict[str, Any]:
    found = approval(ctx.catalog, approval_id)
    if found is None:
        raise HTTPException(404, f"approval {approval_id} not found")
    if found["first_by"] == user.username:
        raise HTTPException(409, "the second approver must be another person than the first")
    if found["state"] != "pending" or not second_approval(ctx.catalog, approval_id, user.username):
        raise HTTPException(409, f"approval {approval_id} is {found['state']}, not pending")
    return {"id": approval_id} | _carry_out(ctx, approval_id, found["first_by"], user.username)


def _carry_out(ctx: WebContext, approval_id: str, first: str, second: str | None) -> dict[str, Any]:
    found = approval(ctx.catalog, approval_id)
    assert found is not None
    as_of = date.fromisoformat(found["selection"].rsplit(" as of ", 1)[1])
    try:
        chosen, skipped = select_for_destruction(ctx.catalog, as_of, ids=found["record_ids"])
        report = destroy(
            ctx.catalog, ctx.store, _search(ctx), chosen, first, second, found["selection"], as_of
        )
    except DispositionRefused as error:
        raise HTTPException(409, str(error)) from error
    finish_approval(ctx.catalog, approval_id, report.certificate)
    report.skipped = skipped + report.skipped
    return {"state": "done"} | report.as_json()


def _search(ctx: WebContext) -> Any:
    from flows.config import open_search

    return open_search(ctx.settings)


@router.get(
    "/disposition/certificates/{certificate_id}",
    tags=["lifecycle"],
    response_class=PlainTextResponse,
)
def certificate(
    certificate_id: Annotated[str, PathParam(pattern=r"^dc-[0-9]{8}-[0-9a-f]{10}$")],
    user: Manager,
    ctx: Ctx,
    format: Annotated[Literal["xml", "txt"], Query()] = "xml",
) -> Response:
    try:
        data = ctx.store.get_bytes(f"certificates/{certificate_id}.{format}")
    except StoreError:
        raise HTTPException(404, f"certificate {certificate_id} not found") from None
    media = "application/xml" if format == "xml" else "text/plain; charset=utf-8"
    return Response(data, media_type=media)


@router.get("/holds", tags=["lifecycle"])
def holds(user: Manager, ctx: Ctx, lifted: bool = False) -> list[dict[str, Any]]:
    return list_holds(ctx.catalog, lifted)


@router.post("/holds", tags=["lifecycle"], status_code=201)
def hold_add(body: HoldIn, user: Manager, ctx: Ctx) -> dict[str, Any]:
    if body.scope == "records":
        unknown = [r for r in body.values if ctx.catalog.record(r) is None]
        if unknown:
            raise HTTPException(404, f"record {unknown[0]} not found")
    try:
        return place_hold(ctx.catalog, body.scope, body.values, body.reason, user.username)
    except ValueError as error:
        raise HTTPException(422, str(error)) from error


@router.post("/holds/{hold_id}/lift", tags=["lifecycle"])
def hold_lift(
    hold_id: Annotated[int, PathParam(ge=1, le=2**63 - 1)], body: LiftIn, user: Manager, ctx: Ctx
) -> dict[str, Any]:
    try:
        return lift_hold(ctx.catalog, hold_id, user.username, body.reason)
    except KeyError:
        raise HTTPException(404, f"no active hold {hold_id}") from None


@router.get("/reports/management", tags=["lifecycle"])
def report(
    user: Manager,
    ctx: Ctx,
    as_of: AsOf = None,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Response:
    figures = management_report(ctx.catalog, as_of)
    if format == "csv":
        return Response(report_csv(figures), media_type="text/csv; charset=utf-8")
    return Response(json.dumps(figures, ensure_ascii=False), media_type="application/json")
