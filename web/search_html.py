"""The search, case and record-view pages (server-rendered; no JavaScript needed). They call
the same functions as ``web.search_api``, so the access rule is the same: a record or case
the viewer may not see answers 404, unmasked text is audited."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from infra.search.base import FACET_FIELDS
from infra.store import StoreError
from metadata.masking import mask_personal_identity_codes
from web.accounts import User
from web.auth import require
from web.html import render
from web.search_api import (
    SEARCH_ROLES,
    Ctx,
    Index,
    case_view,
    may_unmask,
    record_view,
    run_search,
    search_query,
    visible_record,
)

router = APIRouter(include_in_schema=False)
Searcher = Annotated[User, Depends(require(*SEARCH_ROLES))]
Value = Annotated[str, Query(max_length=64)]
FILTERS = ("agency", "doc_type", "records_class", "year", "language", "publicity")


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    user: Searcher,
    index: Index,
    q: Annotated[str, Query(max_length=500)] = "",
    agency: Value = "",
    doc_type: Value = "",
    records_class: Value = "",
    year: Value = "",
    language: Value = "",
    publicity: Value = "",
    sort: Literal["relevance", "date"] = "relevance",
    after: Annotated[str, Query(max_length=2000)] = "",
) -> Response:
    chosen = {
        "agency": agency,
        "doc_type": doc_type,
        "records_class": records_class,
        "year": year,
        "language": language,
        "publicity": publicity,
    }
    result = run_search(index, search_query(user, q, dict(chosen), sort, after, 20))
    base = {"q": q, "sort": sort, **{k: v for k, v in chosen.items() if v}}

    def link(**change: str) -> str:
        params = {**base, **change}
        return "/search?" + urlencode({k: v for k, v in params.items() if v})

    return render(
        request,
        "search.html",
        user,
        q=q,
        sort=sort,
        chosen=chosen,
        result=result,
        facet_fields=[f for f in FACET_FIELDS if f in FILTERS],
        link=link,
        next_link=link(after=result.next_after) if result.next_after else "",
    )


@router.get("/cases/{diary:path}", response_class=HTMLResponse)
def case_page(
    request: Request,
    diary: Annotated[str, PathParam(max_length=120)],
    user: Searcher,
    index: Index,
) -> Response:
    return render(request, "case.html", user, case=case_view(index, user, diary))


@router.get("/view/{record_id}", response_class=HTMLResponse)
def record_page(
    request: Request, record_id: str, user: Searcher, ctx: Ctx, unmasked: bool = False
) -> Response:
    meta = visible_record(ctx, user, record_id)
    if unmasked and not may_unmask(user, meta):
        raise HTTPException(403, "your role may not see personal identity codes of this record")
    try:
        text = ctx.store.get_bytes(f"records/{record_id}/text.txt").decode()
    except StoreError:
        text = ""
    if unmasked:
        ctx.catalog.audit(user.username, "view_unmasked", record_id, {"via": "web page"})
    else:
        text = mask_personal_identity_codes(text)
    return render(
        request,
        "case_record.html",
        user,
        view=record_view(user, meta),
        text=text,
        unmasked=unmasked,
    )
