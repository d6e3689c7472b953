"""The JSON API under /api (OpenAPI at /api/openapi.json, docs at /api/docs).

Every route names its roles (``require``) and checks the agency of what it touches; refused
roles get 403, objects of an agency outside the user's get 404. Errors are one line in
``{"detail": ...}``. The audit trail is only ever read here: no route writes, edits or
deletes an audit row other than by the actions that append to it.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, PlainTextResponse, Response
from pydantic import BaseModel, Field

from archive_schema.record import RecordMetadata
from infra.catalog import now
from infra.store import StoreError
from infra.worklist import KINDS, TaskFilter
from metadata.masking import mask_personal_identity_codes
from web import review, uploads
from web.accounts import AccountError, User, authenticate, create_user, list_users, set_language
from web.auth import require
from web.context import WebContext
from web.images import WIDTHS, page_png
from web.review import ReviewError

router = APIRouter(prefix="/api")
Archivist = Annotated[User, Depends(require("archivist"))]
Registry = Annotated[User, Depends(require("registry"))]
Admin = Annotated[User, Depends(require("admin"))]
AnyUser = Annotated[User, Depends(require("registry", "archivist", "case_handler", "admin"))]
RegistryOrArchivist = Annotated[User, Depends(require("registry", "archivist"))]
Code = Annotated[str | None, Query(max_length=32, pattern=r"^[A-Za-z0-9_ÅÄÖåäö-]+$")]
Kind = Literal[
    "quarantine",
    "no_text",
    "ocr_quality",
    "doc_type",
    "records_class",
    "missing_field",
    "pdf",
    "other",
]
assert set(Kind.__args__) == set(KINDS)  # type: ignore[attr-defined]


def web(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.web
    return ctx


Ctx = Annotated[WebContext, Depends(web)]


class LoginIn(BaseModel):
    username: str = Field(max_length=128)
    password: str = Field(max_length=1024)


class ClaimNextIn(BaseModel):
    agency: str | None = Field(default=None, max_length=32)
    reason: Kind | None = None
    doc_type: str | None = Field(default=None, max_length=32)


class ApproveIn(BaseModel):
    version: str = Field(max_length=64, description="the record's version as read")
    fields: dict[str, Annotated[str, Field(max_length=2000)]] = Field(
        default_factory=dict, description="FIELD: VALUE corrections; unchanged ones are ignored"
    )
    reason: str = Field(default="", max_length=2000)


class ReturnIn(BaseModel):
    note: str = Field(min_length=1, max_length=2000)


class UserIn(BaseModel):
    username: str = Field(max_length=128)
    password: str = Field(max_length=1024)
    role: Literal["registry", "archivist", "case_handler", "admin"]
    agencies: str = Field(default="*", max_length=255)
    display_name: str = Field(default="", max_length=255)
    language: Literal["fi", "sv", "en"] = "fi"


class LanguageIn(BaseModel):
    language: Literal["fi", "sv", "en"]


def _age(at: datetime | None) -> int | None:
    return None if at is None else max(0, int((now() - at).total_seconds()))


def task_json(task: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": task["record_id"],
        "agency": task["agency"],
        "doc_type": task["doc_type"],
        "reasons": task["reasons"],
        "priority": task["priority"],
        "created_at": task["created_at"],
        "age_s": _age(task["created_at"]),
        "state": task["state"],
        "note": task["note"],
        "lease_holder": task["lease_holder"],
        "lease_expires": task["lease_expires"],
    }


def user_json(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "role": user.role,
        "agencies": "*" if user.agencies is None else list(user.agencies),
        "display_name": user.display_name,
        "language": user.language,
    }


def record_in_scope(
    ctx: WebContext, user: User, record_id: str
) -> tuple[dict[str, Any], RecordMetadata]:
    row = ctx.catalog.record(record_id)
    if row is None or not user.sees(row["agency"]):
        raise HTTPException(404, f"record {record_id} not found")
    return row, RecordMetadata.model_validate_json(row["record"])


def review_error(error: ReviewError) -> HTTPException:
    return HTTPException(error.status, str(error))


def page_image(ctx: WebContext, meta: RecordMetadata, number: int, width: int) -> FileResponse:
    """Page ``number`` of the record as PNG, at the cached width nearest ``width``: 404 where
    the page does not exist, 422 where it cannot be decoded. The caller checks access."""
    width = min(WIDTHS, key=lambda w: abs(w - width))
    try:
        path = page_png(meta, number, width, ctx.store, ctx.page_cache)
    except LookupError as error:
        raise HTTPException(404, str(error)) from error
    except (StoreError, OSError, EOFError, ValueError) as error:
        message = f"page {number} cannot be shown: {error}".splitlines()[0]
        raise HTTPException(422, message) from error
    return FileResponse(
        path, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"}
    )


# sessions
@router.post("/session", tags=["session"])
def login(body: LoginIn, request: Request, ctx: Ctx) -> dict[str, Any]:
    user = authenticate(ctx.catalog, body.username, body.password)
    if user is None:
        raise HTTPException(401, "wrong user name or password")
    request.session.clear()
    request.session["user"] = user.username
    return user_json(user)


@router.delete("/session", tags=["session"])
def logout(request: Request) -> dict[str, str]:
    request.session.clear()
    return {"status": "signed out"}


@router.get("/me", tags=["session"])
def me(user: AnyUser) -> dict[str, Any]:
    return user_json(user)


@router.put("/me/language", tags=["session"])
def my_language(body: LanguageIn, user: AnyUser, request: Request, ctx: Ctx) -> dict[str, Any]:
    set_language(ctx.catalog, user.username, body.language)
    request.session["lang"] = body.language
    return {"language": body.language}


# the work queue
@router.get("/queue", tags=["queue"])
def queue(
    user: Archivist,
    ctx: Ctx,
    agency: Code = None,
    reason: Kind | None = None,
    doc_type: Code = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    ctx.sync_queue()
    where = TaskFilter(agencies=user.agencies, agency=agency, reason=reason, doc_type=doc_type)
    tasks = ctx.worklist.tasks(where, limit, offset)
    return {"total": ctx.worklist.count(where), "tasks": [task_json(t) for t in tasks]}


@router.get("/queue/summary", tags=["queue"])
def queue_summary(user: Archivist, ctx: Ctx) -> list[dict[str, Any]]:
    ctx.sync_queue()
    return [
        {**row, "oldest_age_s": _age(row["oldest"])} for row in ctx.worklist.summary(user.agencies)
    ]


@router.post("/queue/claim-next", tags=["queue"])
def claim_next(body: ClaimNextIn, user: Archivist, ctx: Ctx) -> dict[str, Any]:
    ctx.sync_queue()
    where = TaskFilter(
        agencies=user.agencies, agency=body.agency, reason=body.reason, doc_type=body.doc_type
    )
    claimed = ctx.worklist.claim_next(user.username, where)
    if claimed is None:
        raise HTTPException(404, "no free task matches")
    task = ctx.worklist.task(claimed)
    assert task is not None
    return task_json(task)


def _task_in_scope(ctx: WebContext, user: User, record_id: str) -> dict[str, Any]:
    task = ctx.worklist.task(record_id)
    if task is None or not user.sees(task["agency"]):
        raise HTTPException(404, f"no task for record {record_id}")
    return task


@router.post("/tasks/{record_id}/claim", tags=["queue"])
def claim(record_id: str, user: Archivist, ctx: Ctx) -> dict[str, Any]:
    ctx.sync_queue()
    _task_in_scope(ctx, user, record_id)
    if not ctx.worklist.claim(record_id, user.username):
        raise HTTPException(409, f"record {record_id} is claimed by someone else")
    task = ctx.worklist.task(record_id)
    assert task is not None
    return task_json(task)


@router.post("/tasks/{record_id}/release", tags=["queue"])
def release(record_id: str, user: Archivist, ctx: Ctx) -> dict[str, Any]:
    _task_in_scope(ctx, user, record_id)
    if not ctx.worklist.release(record_id, user.username):
        raise HTTPException(409, f"you do not hold the task of record {record_id}")
    return {"id": record_id, "released": True}


# records
@router.get("/records/{record_id}", tags=["records"])
def record(record_id: str, user: Archivist, ctx: Ctx) -> dict[str, Any]:
    row, meta = record_in_scope(ctx, user, record_id)
    task = ctx.worklist.task(record_id)
    return {
        "id": record_id,
        "version": review.version_of(row["record"]),
        "status": meta.status.value,
        "record": json.loads(mask_personal_identity_codes(meta.model_dump_json())),
        "values": review.shown_values(meta.description),
        "uncertain": review.uncertain_fields(meta),
        "task": task_json(task) if task else None,
        "sahke2": review.sahke2_check(meta, ctx.plan),
    }


@router.get("/records/{record_id}/text", tags=["records"], response_class=PlainTextResponse)
def record_text(record_id: str, user: Archivist, ctx: Ctx) -> str:
    record_in_scope(ctx, user, record_id)
    try:
        text = ctx.store.get_bytes(f"records/{record_id}/text.txt").decode()
    except StoreError:
        text = ""
    return mask_personal_identity_codes(text)


@router.get("/records/{record_id}/sahke2-check", tags=["records"])
def record_sahke2(record_id: str, user: Archivist, ctx: Ctx) -> dict[str, Any]:
    _, meta = record_in_scope(ctx, user, record_id)
    return review.sahke2_check(meta, ctx.plan)


@router.get(
    "/records/{record_id}/pages/{number}.png",
    tags=["records"],
    response_class=FileResponse,
    responses={200: {"content": {"image/png": {}}}},
)
def record_page(
    record_id: str,
    number: Annotated[int, PathParam(ge=1, le=100_000)],
    user: Archivist,
    ctx: Ctx,
    width: Annotated[int, Query(ge=100, le=4000)] = 1200,
) -> FileResponse:
    _, meta = record_in_scope(ctx, user, record_id)
    return page_image(ctx, meta, number, width)


@router.post("/records/{record_id}/approve", tags=["records"])
def approve(record_id: str, body: ApproveIn, user: Archivist, ctx: Ctx) -> dict[str, Any]:
    """Approve the record, with corrections where ``fields`` differ; releases the task."""
    record_in_scope(ctx, user, record_id)
    try:
        decision = review.decide(
            ctx.catalog,
            ctx.store,
            ctx.plan,
            ctx.worklist,
            record_id,
            user.username,
            body.version,
            body.fields,
            body.reason,
        )
    except ReviewError as error:
        raise review_error(error) from error
    return {
        "id": decision.record_id,
        "status": decision.status,
        "changes": [{"field": f, "old": o, "new": n} for f, o, n in decision.changes],
    }


@router.post("/records/{record_id}/return", tags=["records"])
def return_record(record_id: str, body: ReturnIn, user: Archivist, ctx: Ctx) -> dict[str, Any]:
    """Return the record to its registry with a note; the task leaves the queue."""
    record_in_scope(ctx, user, record_id)
    try:
        review.return_to_registry(ctx.catalog, ctx.worklist, record_id, user.username, body.note)
    except ReviewError as error:
        raise review_error(error) from error
    return {"id": record_id, "state": "returned"}


AUDIT_COLUMNS = ("id", "at", "actor", "action", "record_id", "detail")


@router.get(
    "/records/{record_id}/audit",
    tags=["audit"],
    responses={200: {"content": {"application/json": {}, "text/csv": {}}}},
)
def audit(
    record_id: str,
    user: Archivist,
    ctx: Ctx,
    format: Literal["json", "csv"] = "json",
) -> Response:
    """The record's audit trail, oldest first; read-only."""
    record_in_scope(ctx, user, record_id)
    trail = ctx.catalog.audit_trail(record_id)
    if format == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(AUDIT_COLUMNS)
        for row in trail:
            writer.writerow(
                [
                    row["id"],
                    row["at"].isoformat(),
                    row["actor"],
                    row["action"],
                    row["record_id"],
                    row["detail"],
                ]
            )
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="audit-{record_id}.csv"'},
        )
    entries = [
        {
            "id": r["id"],
            "at": r["at"].isoformat(),
            "actor": r["actor"],
            "action": r["action"],
            "record_id": r["record_id"],
            "detail": json.loads(r["detail"] or "{}"),
        }
        for r in trail
    ]
    return Response(
        json.dumps({"id": record_id, "audit": entries}, ensure_ascii=False),
        media_type="application/json",
    )


# batches (registry uploads)
@router.post("/batches", tags=["batches"], status_code=202)
def upload_batch(
    files: Annotated[list[UploadFile], File(description="scans, or one zip of them")],
    user: Registry,
    ctx: Ctx,
) -> dict[str, Any]:
    assert user.agencies is not None and len(user.agencies) == 1  # create_user ensures it
    agency = user.agencies[0]
    try:
        row = uploads.new_upload(
            ctx.catalog,
            ctx.settings,
            agency,
            user.username,
            ((f.filename or "", f.file) for f in files),
            ctx.max_upload_bytes,
        )
    except uploads.UploadError as error:
        raise HTTPException(400, str(error)) from error
    if ctx.start_ingest:
        uploads.start_ingest(ctx.catalog, ctx.settings, row)
    return uploads.progress(ctx.catalog, row)


@router.get("/batches", tags=["batches"])
def batches(user: RegistryOrArchivist, ctx: Ctx) -> list[dict[str, Any]]:
    return [
        uploads.progress(ctx.catalog, row) for row in uploads.uploads_of(ctx.catalog, user.agencies)
    ]


@router.get("/batches/{upload_id}", tags=["batches"])
def batch(upload_id: str, user: RegistryOrArchivist, ctx: Ctx) -> dict[str, Any]:
    row = uploads.upload(ctx.catalog, upload_id)
    if row is None or not user.sees(row["agency"]):
        raise HTTPException(404, f"batch {upload_id} not found")
    return uploads.progress(ctx.catalog, row)


@router.get("/returns", tags=["batches"])
def returns(user: Registry, ctx: Ctx) -> list[dict[str, Any]]:
    """Records the archivists returned to this registry, with their notes."""
    ctx.sync_queue()
    return [task_json(t) for t in ctx.worklist.returned(user.agencies)]


# users
@router.get("/users", tags=["users"])
def users(user: Admin, ctx: Ctx) -> list[dict[str, Any]]:
    return [user_json(u) for u in list_users(ctx.catalog)]


@router.post("/users", tags=["users"], status_code=201)
def add_user(body: UserIn, user: Admin, ctx: Ctx) -> dict[str, Any]:
    try:
        created = create_user(
            ctx.catalog,
            body.username,
            body.password,
            body.role,
            body.agencies,
            body.display_name,
            body.language,
            by=user.username,
        )
    except AccountError as error:
        raise HTTPException(400 if "exists" not in str(error) else 409, str(error)) from error
    return user_json(created)
