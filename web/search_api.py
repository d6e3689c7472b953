"""Case handlers' search and the unified case view: ``/api/search``, ``/api/cases/{diary}``
and ``/api/view/{record_id}`` (metadata, text, page images, downloads).

Access rule (``access_of``; the same for every route here and enforced inside the search
query, so totals, facets and snippets never count what the viewer may not see): public
records of every agency for every role with search rights (registry, archivist,
case_handler); non-public records (whose secrecy period has not ended) only of the viewer's
own agencies and only for case_handler and archivist (an archivist with ``*`` sees all);
registry never. admin has no search (403). A record the viewer may not see answers 404, as if
it did not exist.

Personal identity codes: the index holds masked text only. Unmasked text comes from the store
with ``?unmasked=true``, only for roles with ``may_see_personal_ids`` (case_handler,
archivist) and only for records of their own agencies, and every unmasked view is audited.
Page images and original files cannot be masked, so roles without that right get them only
for records in which no identity code was found. Every download is audited; on S3 it is a
short-lived presigned URL (307), on the local store the file is streamed.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, PlainTextResponse, RedirectResponse, Response

from archive_schema.record import RecordMetadata
from flows.config import open_search
from flows.steps import index_document
from infra.search.base import Access, SearchError, SearchIndex, SearchQuery, SearchResult
from infra.store import StoreError
from metadata.masking import mask_personal_identity_codes
from web.accounts import User
from web.api import page_image
from web.auth import require
from web.context import WebContext

router = APIRouter(prefix="/api")
SEARCH_ROLES = ("registry", "archivist", "case_handler")
Searcher = Annotated[User, Depends(require(*SEARCH_ROLES))]
Value = Annotated[str | None, Query(max_length=64)]
CASE_LIMIT = 1000  # records shown per diary number
RELATED_LIMIT = 20  # related diary numbers followed one step
DOWNLOAD_URL_S = 300


def access_of(user: User) -> Access:
    """The search access of a signed-in user."""
    privileged = user.role in ("case_handler", "archivist")
    return Access(
        role=user.role,
        agencies=user.agencies,
        may_see_personal_ids=privileged,
        may_see_secret_of_own_agency=privileged,
    )


def web(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.web
    return ctx


Ctx = Annotated[WebContext, Depends(web)]


def search_index(request: Request) -> SearchIndex:
    """The configured index, opened once per app (tests may set ``app.state.search_index``)."""
    index: SearchIndex | None = getattr(request.app.state, "search_index", None)
    if index is None:
        index = open_search(request.app.state.web.settings)
        request.app.state.search_index = index
    return index


Index = Annotated[SearchIndex, Depends(search_index)]


def run_search(index: SearchIndex, query: SearchQuery) -> SearchResult:
    try:
        return index.search(query)
    except ValueError as error:
        raise HTTPException(422, str(error).splitlines()[0]) from error
    except SearchError as error:
        raise HTTPException(503, str(error).splitlines()[0]) from error


def search_query(
    user: User,
    q: str,
    filters: dict[str, str | None],
    sort: str,
    after: str | None,
    limit: int,
) -> SearchQuery:
    chosen = {k: v for k, v in filters.items() if v}
    if "year" in chosen and not chosen["year"].isdigit():
        raise HTTPException(422, "year: expected a year such as 2017")
    return SearchQuery(
        text=q,
        limit=limit,
        filters=chosen,
        sort=sort,  # type: ignore[arg-type]
        after=after or None,
        access=access_of(user),
    )


def visible_record(ctx: WebContext, user: User, record_id: str) -> RecordMetadata:
    """The record, or 404 where it does not exist or the viewer may not see it."""
    row = ctx.catalog.record(record_id)
    if row is None:
        raise HTTPException(404, f"record {record_id} not found")
    meta = RecordMetadata.model_validate_json(row["record"])
    if not access_of(user).may_see(meta.agency, index_document(meta, "").public_from):
        raise HTTPException(404, f"record {record_id} not found")
    return meta


def may_unmask(user: User, meta: RecordMetadata) -> bool:
    return access_of(user).may_see_personal_ids and user.sees(meta.agency)


def may_see_images(user: User, meta: RecordMetadata) -> bool:
    """Scans cannot be masked: without the right to identity codes, only scans without one."""
    return may_unmask(user, meta) or not meta.description.personal_data


def case_view(index: SearchIndex, user: User, diary: str) -> dict[str, Any]:
    """Every visible record carrying ``diary``, and those carrying a diary number found in
    them (one step), oldest first. Related numbers come only from records the viewer sees."""
    access = access_of(user)

    def records_of(number: str) -> list[Any]:
        query = SearchQuery(
            text="",
            limit=CASE_LIMIT,
            sort="date",
            filters={"diary_number": number},
            access=access,
        )
        return run_search(index, query).hits

    direct = records_of(diary)
    if not direct:
        raise HTTPException(404, f"case {diary} not found")
    wanted = diary.strip().lower()
    entries: dict[str, dict[str, Any]] = {}
    related: list[str] = []
    for hit in direct:
        entries[hit.id] = _entry(hit, "direct", diary)
        for number in hit.diary_numbers:
            if number.lower() != wanted and number.lower() not in {r.lower() for r in related}:
                related.append(number)
    for number in related[:RELATED_LIMIT]:
        for hit in records_of(number):
            entries.setdefault(hit.id, _entry(hit, "related", number))
    timeline = sorted(entries.values(), key=lambda e: (e["date"] or "9999", e["id"]))
    return {
        "diary_number": diary,
        "related": related[:RELATED_LIMIT],
        "total": len(timeline),
        "records": timeline,
    }


def _entry(hit: Any, relation: str, via: str) -> dict[str, Any]:
    return {
        "id": hit.id,
        "title": hit.title,
        "doc_type": hit.doc_type,
        "date": hit.date,
        "agency": hit.agency,
        "status": hit.status,
        "publicity": hit.publicity,
        "diary_numbers": hit.diary_numbers,
        "relation": relation,
        "via": via,
    }


def record_view(user: User, meta: RecordMetadata) -> dict[str, Any]:
    d = meta.description
    restriction = d.restriction
    return {
        "id": meta.id,
        "agency": meta.agency,
        "status": meta.status.value,
        "title": mask_personal_identity_codes(d.title),
        "doc_type": d.doc_type,
        "document_date": d.document_date.isoformat() if d.document_date else None,
        "diary_numbers": d.diary_numbers,
        "records_class": d.records_class.code if d.records_class else "",
        "publicity": restriction.publicity_class if restriction else "",
        "security_period": restriction.security_period if restriction else None,
        "personal_data": restriction.personal_data if restriction else "",
        "pages": [p.number for p in meta.pages] if may_see_images(user, meta) else [],
        "downloads": _downloads(user, meta),
        "may_unmask": may_unmask(user, meta),
        "record": json.loads(mask_personal_identity_codes(meta.model_dump_json())),
    }


def _downloads(user: User, meta: RecordMetadata) -> list[str]:
    kinds = []
    if meta.files and may_see_images(user, meta):
        kinds.append("original")
    if any(d.kind == "searchable-pdf" for d in meta.derivatives) and may_see_images(user, meta):
        kinds.append("pdf")
    return kinds


# routes ------------------------------------------------------------------------------------
@router.get("/search", tags=["search"])
def search(
    user: Searcher,
    index: Index,
    q: Annotated[str, Query(max_length=500)] = "",
    agency: Value = None,
    doc_type: Value = None,
    records_class: Value = None,
    year: Value = None,
    language: Value = None,
    publicity: Value = None,
    diary_number: Value = None,
    sort: Literal["relevance", "date"] = "relevance",
    after: Annotated[str | None, Query(max_length=2000)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Free text (Finnish/Swedish, "quoted phrases", diary numbers, business IDs), filters,
    facets and snippets; page on with ``after`` = the previous page's ``next_after``."""
    filters = {
        "agency": agency,
        "doc_type": doc_type,
        "records_class": records_class,
        "year": year,
        "language": language,
        "publicity": publicity,
        "diary_number": diary_number,
    }
    result = run_search(index, search_query(user, q, filters, sort, after, limit))
    return result.model_dump(mode="json")


@router.get("/cases/{diary:path}", tags=["search"])
def case(diary: Annotated[str, PathParam(max_length=120)], user: Searcher, index: Index) -> Any:
    """All records of the case the viewer may see, and those of related diary numbers."""
    return case_view(index, user, diary)


@router.get("/view/{record_id}", tags=["search"])
def view_record(record_id: str, user: Searcher, ctx: Ctx) -> dict[str, Any]:
    return record_view(user, visible_record(ctx, user, record_id))


@router.get("/view/{record_id}/text", tags=["search"], response_class=PlainTextResponse)
def view_text(record_id: str, user: Searcher, ctx: Ctx, unmasked: bool = False) -> str:
    """The OCR text, identity codes masked; ``unmasked=true`` (audited) where allowed."""
    meta = visible_record(ctx, user, record_id)
    if unmasked and not may_unmask(user, meta):
        raise HTTPException(403, "your role may not see personal identity codes of this record")
    try:
        text = ctx.store.get_bytes(f"records/{record_id}/text.txt").decode()
    except StoreError:
        text = ""
    if unmasked:
        ctx.catalog.audit(user.username, "view_unmasked", record_id, {"via": "web"})
        return text
    return mask_personal_identity_codes(text)


@router.get(
    "/view/{record_id}/pages/{number}.png",
    tags=["search"],
    response_class=FileResponse,
    responses={200: {"content": {"image/png": {}}}},
)
def view_page(
    record_id: str,
    number: Annotated[int, PathParam(ge=1, le=100_000)],
    user: Searcher,
    ctx: Ctx,
    width: Annotated[int, Query(ge=100, le=4000)] = 1200,
) -> FileResponse:
    meta = visible_record(ctx, user, record_id)
    if not may_see_images(user, meta):
        raise HTTPException(404, f"record {record_id} has no page images you may see")
    return page_image(ctx, meta, number, width)


@router.get(
    "/view/{record_id}/download/{kind}",
    tags=["search"],
    responses={200: {"content": {"application/octet-stream": {}}}, 307: {}},
)
def download(
    record_id: str,
    kind: Literal["original", "pdf"],
    user: Searcher,
    ctx: Ctx,
    file: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> Response:
    """The original scan (``file``: which of the record's files) or the PDF/A derivative;
    audited. S3: a presigned URL (307); local store: the file itself."""
    meta = visible_record(ctx, user, record_id)
    if kind not in _downloads(user, meta):
        raise HTTPException(404, f"record {record_id} has no {kind} you may download")
    if kind == "original":
        if file >= len(meta.files):
            raise HTTPException(404, f"record {record_id} has no file {file}")
        key, media, name = meta.files[file].key, meta.files[file].media_type, meta.files[file].name
    else:
        pdf = next(d for d in meta.derivatives if d.kind == "searchable-pdf")
        key, media, name = pdf.key, pdf.media_type, f"{record_id}.pdf"
    try:
        url = ctx.store.presigned_url(key, DOWNLOAD_URL_S)
    except StoreError as error:
        raise HTTPException(404, f"{kind} of record {record_id} is not stored") from error
    detail = {"kind": kind, "key": key, "via": "presigned" if url.startswith("http") else "stream"}
    ctx.catalog.audit(user.username, "download", record_id, detail)
    if url.startswith(("http://", "https://")):
        return RedirectResponse(url, status_code=307)
    try:
        path = ctx.store.materialize(key, ctx.settings.home / "cache" / "downloads")
    except StoreError as error:
        raise HTTPException(404, f"{kind} of record {record_id} is not stored") from error
    return FileResponse(path, media_type=media, filename=name.rsplit("/", 1)[-1])
