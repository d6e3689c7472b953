"""Server-rendered pages (Jinja2), working without JavaScript; a little script adds polling
and keyboard shortcuts. Forms carry a CSRF token from the session. The pages call the same
functions as the API, with the same role and agency checks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from archive_schema.record import RecordMetadata
from infra.store import StoreError
from infra.worklist import KINDS, TaskFilter
from metadata.corrections import CORRECTABLE
from metadata.masking import mask_personal_identity_codes
from metadata.models import DOC_TYPES
from metadata.plan_terms import PERSONAL_DATA_VALUES, PUBLICITY_CLASSES
from web import review, uploads
from web.accounts import AccountError, User, authenticate, create_user, list_users
from web.auth import check_csrf, csrf_token, require, user_of
from web.context import WebContext
from web.i18n import DEFAULT, LANGS, from_accept_language, translate
from web.review import ReviewError
from web.review_text import low_confidence_words, marked_text, sahke2_preview

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters["fromjson"] = json.loads
router = APIRouter(include_in_schema=False)
Archivist = Annotated[User, Depends(require("archivist"))]
Registry = Annotated[User, Depends(require("registry"))]
Admin = Annotated[User, Depends(require("admin"))]
RegistryOrArchivist = Annotated[User, Depends(require("registry", "archivist"))]
HOME = {
    "archivist": "/queue",
    "registry": "/batches",
    "admin": "/admin/users",
    "case_handler": "/search",
}


def web(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.web
    return ctx


Ctx = Annotated[WebContext, Depends(web)]


def language(request: Request, user: User | None) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGS:
        request.session["lang"] = asked
        return asked
    chosen = request.session.get("lang")
    if chosen in LANGS:
        return str(chosen)
    if user is not None and user.language in LANGS:
        return user.language
    return from_accept_language(request.headers.get("accept-language", "")) or DEFAULT


def render(
    request: Request, name: str, user: User | None, status: int = 200, **context: Any
) -> HTMLResponse:
    lang = language(request, user)
    return templates.TemplateResponse(
        request,
        name,
        {
            "user": user,
            "lang": lang,
            "langs": LANGS,
            "t": lambda key: translate(lang, key),
            "csrf": csrf_token(request),
            "path": request.url.path,
            **context,
        },
        status_code=status,
    )


def error_page(request: Request, status: int, message: str) -> Response:
    try:
        user: User | None = user_of(request)
    except Exception:
        user = None
    return render(request, "error.html", user, status=status, status_code=status, message=message)


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _local(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


# session
@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", None, next=_local(next), failed=False)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    ctx: Ctx,
    username: Annotated[str, Form(max_length=128)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    user = authenticate(ctx.catalog, username, password)
    if user is None:
        return render(request, "login.html", None, status=401, next=_local(next), failed=True)
    lang = request.session.get("lang")
    request.session.clear()
    request.session["user"] = user.username
    if lang in LANGS:
        request.session["lang"] = lang
    return redirect(_local(next) if next != "/" else HOME.get(user.role, "/home"))


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
    return redirect("/login")


@router.get("/")
def root(request: Request) -> Response:
    user = user_of(request)
    return redirect(HOME.get(user.role, "/home"))


@router.get("/home", response_class=HTMLResponse)
def home(request: Request) -> Response:
    user = user_of(request)
    return render(request, "home.html", user)


# queue and validation
@router.get("/queue", response_class=HTMLResponse)
def queue(
    request: Request,
    user: Archivist,
    ctx: Ctx,
    agency: str = "",
    reason: str = "",
    doc_type: str = "",
    page: int = 0,
) -> Response:
    ctx.sync_queue()
    if reason and reason not in KINDS:
        raise HTTPException(422, f"reason {reason!r}: one of {', '.join(KINDS)}")
    where = TaskFilter(
        agencies=user.agencies,
        agency=agency or None,
        reason=reason or None,
        doc_type=doc_type or None,
    )
    page = max(0, min(page, 10_000))
    tasks = ctx.worklist.tasks(where, 50, 50 * page)
    summary = ctx.worklist.summary(user.agencies)
    return render(
        request,
        "queue.html",
        user,
        tasks=tasks,
        summary=summary,
        total=ctx.worklist.count(where),
        agency=agency,
        reason=reason,
        doc_type=doc_type,
        kinds=KINDS,
        doc_types=DOC_TYPES,
        page=page,
    )


@router.post("/queue/claim-next")
def claim_next(
    request: Request,
    user: Archivist,
    ctx: Ctx,
    csrf: Annotated[str, Form()],
    agency: Annotated[str, Form(max_length=32)] = "",
    reason: Annotated[str, Form(max_length=32)] = "",
    doc_type: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    check_csrf(request, csrf)
    ctx.sync_queue()
    where = TaskFilter(
        agencies=user.agencies,
        agency=agency or None,
        reason=reason or None,
        doc_type=doc_type or None,
    )
    claimed = ctx.worklist.claim_next(user.username, where)
    if claimed is None:
        return redirect("/queue?empty=1")
    return redirect(f"/tasks/{quote(claimed)}")


@router.post("/tasks/{record_id}/claim")
def claim(
    request: Request, record_id: str, user: Archivist, ctx: Ctx, csrf: Annotated[str, Form()]
) -> Response:
    check_csrf(request, csrf)
    task = ctx.worklist.task(record_id)
    if task is None or not user.sees(task["agency"]):
        raise HTTPException(404, f"no task for record {record_id}")
    if not ctx.worklist.claim(record_id, user.username):
        raise HTTPException(409, translate(language(request, user), "not_yours"))
    return redirect(f"/tasks/{quote(record_id)}")


def _record(ctx: WebContext, user: User, record_id: str) -> tuple[dict[str, Any], RecordMetadata]:
    row = ctx.catalog.record(record_id)
    if row is None or not user.sees(row["agency"]):
        raise HTTPException(404, f"record {record_id} not found")
    return row, RecordMetadata.model_validate_json(row["record"])


def _plan_classes(ctx: WebContext) -> list[tuple[str, str]]:
    return [
        (f"{leaf.code}:{p.id}", f"{leaf.code} {leaf.title_fi} – {p.id}")
        for leaf in ctx.plan.leaves()
        for p in leaf.processes
    ]


def _validation(
    request: Request,
    user: User,
    ctx: WebContext,
    record_id: str,
    status: int = 200,
    problem: str = "",
    values: dict[str, str] | None = None,
) -> Response:
    row, meta = _record(ctx, user, record_id)
    try:
        text = ctx.store.get_bytes(f"records/{record_id}/text.txt").decode()
    except StoreError:
        text = ""
    return render(
        request,
        "task.html",
        user,
        status=status,
        record=meta,
        row=row,
        task=ctx.worklist.task(record_id),
        holds=ctx.worklist.holds(record_id, user.username),
        version=review.version_of(row["record"]),
        values=values or review.shown_values(meta.description),
        uncertain=review.uncertain_fields(meta),
        sahke2=review.sahke2_check(meta, ctx.plan),
        sahke2_xml=sahke2_preview(meta, ctx.plan),
        text=marked_text(mask_personal_identity_codes(text), low_confidence_words(meta, ctx.store)),
        doc_types=DOC_TYPES,
        classes=_plan_classes(ctx),
        publicity=PUBLICITY_CLASSES,
        personal=PERSONAL_DATA_VALUES,
        problem=problem,
        audit=ctx.catalog.audit_trail(record_id),
    )


@router.get("/tasks/{record_id}", response_class=HTMLResponse)
def task_page(request: Request, record_id: str, user: Archivist, ctx: Ctx) -> Response:
    return _validation(request, user, ctx, record_id)


@router.post("/tasks/{record_id}/approve")
async def approve(request: Request, record_id: str, user: Archivist, ctx: Ctx) -> Response:
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    fields = {f: str(form.get(f, "")) for f in CORRECTABLE if f in form}
    _record(ctx, user, record_id)
    try:
        review.decide(
            ctx.catalog,
            ctx.store,
            ctx.plan,
            ctx.worklist,
            record_id,
            user.username,
            str(form.get("version", "")),
            fields,
            str(form.get("reason", ""))[:2000],
        )
    except ReviewError as error:
        return _validation(
            request,
            user,
            ctx,
            record_id,
            status=error.status,
            problem=str(error),
            values=fields if error.status == 422 else None,
        )
    if form.get("then") == "next":
        claimed = ctx.worklist.claim_next(user.username, TaskFilter(agencies=user.agencies))
        if claimed:
            return redirect(f"/tasks/{quote(claimed)}")
    return redirect(f"/records/{quote(record_id)}")


@router.post("/tasks/{record_id}/return")
def return_record(
    request: Request,
    record_id: str,
    user: Archivist,
    ctx: Ctx,
    csrf: Annotated[str, Form()],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    check_csrf(request, csrf)
    _record(ctx, user, record_id)
    try:
        review.return_to_registry(ctx.catalog, ctx.worklist, record_id, user.username, note)
    except ReviewError as error:
        return _validation(request, user, ctx, record_id, status=error.status, problem=str(error))
    return redirect("/queue")


@router.post("/tasks/{record_id}/release")
def release(
    request: Request, record_id: str, user: Archivist, ctx: Ctx, csrf: Annotated[str, Form()]
) -> Response:
    check_csrf(request, csrf)
    ctx.worklist.release(record_id, user.username)
    return redirect("/queue")


@router.get("/records/{record_id}", response_class=HTMLResponse)
def record_page(request: Request, record_id: str, user: Archivist, ctx: Ctx) -> Response:
    row, meta = _record(ctx, user, record_id)
    return render(
        request,
        "record.html",
        user,
        record=meta,
        row=row,
        audit=ctx.catalog.audit_trail(record_id),
        sahke2=review.sahke2_check(meta, ctx.plan),
    )


# batches
@router.get("/batches", response_class=HTMLResponse)
def batches(request: Request, user: RegistryOrArchivist, ctx: Ctx) -> Response:
    rows = [
        uploads.progress(ctx.catalog, r) for r in uploads.uploads_of(ctx.catalog, user.agencies)
    ]
    returned = ctx.worklist.returned(user.agencies) if user.role == "registry" else []
    return render(request, "batches.html", user, batches=rows, returned=returned)


@router.post("/batches")
def upload(
    request: Request,
    user: Registry,
    ctx: Ctx,
    csrf: Annotated[str, Form()],
    files: Annotated[list[UploadFile], File()],
) -> Response:
    check_csrf(request, csrf)
    assert user.agencies is not None
    try:
        row = uploads.new_upload(
            ctx.catalog,
            ctx.settings,
            user.agencies[0],
            user.username,
            ((f.filename or "", f.file) for f in files),
            ctx.max_upload_bytes,
        )
    except uploads.UploadError as error:
        raise HTTPException(400, str(error)) from error
    if ctx.start_ingest:
        uploads.start_ingest(ctx.catalog, ctx.settings, row)
    return redirect(f"/batches/{row['id']}")


@router.get("/batches/{upload_id}", response_class=HTMLResponse)
def batch_page(request: Request, upload_id: str, user: RegistryOrArchivist, ctx: Ctx) -> Response:
    row = uploads.upload(ctx.catalog, upload_id)
    if row is None or not user.sees(row["agency"]):
        raise HTTPException(404, f"batch {upload_id} not found")
    return render(request, "batch.html", user, batch=uploads.progress(ctx.catalog, row))


# users
@router.get("/admin/users", response_class=HTMLResponse)
def users(request: Request, user: Admin, ctx: Ctx) -> Response:
    return render(request, "users.html", user, users=list_users(ctx.catalog), problem="")


@router.post("/admin/users", response_class=HTMLResponse)
def add_user(
    request: Request,
    user: Admin,
    ctx: Ctx,
    csrf: Annotated[str, Form()],
    username: Annotated[str, Form(max_length=128)],
    password: Annotated[str, Form(max_length=1024)],
    role: Annotated[str, Form(max_length=32)],
    agencies: Annotated[str, Form(max_length=255)] = "*",
    display_name: Annotated[str, Form(max_length=255)] = "",
) -> Response:
    check_csrf(request, csrf)
    try:
        create_user(ctx.catalog, username, password, role, agencies, display_name, by=user.username)
    except AccountError as error:
        return render(
            request,
            "users.html",
            user,
            status=400,
            users=list_users(ctx.catalog),
            problem=str(error),
        )
    return redirect("/admin/users")
