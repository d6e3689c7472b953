"""Server-rendered lifecycle pages: the management dashboard (charts as inline SVG made on the
server, each with its table for screen readers and keyboard users) and the disposition screen
with its approval forms. Archivists and admins; the same functions as web/lifecycle_api.py.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from flows.lifecycle import disposition_list, transfers_due
from flows.reports import management_report
from infra.lifecycle import approvals, list_holds
from web import lifecycle_api
from web.accounts import User
from web.auth import check_csrf, require
from web.html import render

router = APIRouter(include_in_schema=False)
Manager = Annotated[User, Depends(require("archivist", "admin"))]
Ctx = lifecycle_api.Ctx


def bar_chart(title: str, rows: list[tuple[str, float]], unit: str = "") -> Markup:
    """A horizontal bar chart as SVG; ``role="img"`` with the title; the page shows the
    same figures as a table next to it."""
    width, bar_h, label_w = 520, 22, 170
    top = max((v for _, v in rows), default=0) or 1
    height = bar_h * len(rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(rows):
        y = 4 + i * bar_h
        length = (width - label_w - 70) * value / top
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{bar_h - 6}" '
            f'fill="#1f5f8b"/>'
            f'<text x="{label_w + length + 4:.1f}" y="{y + 15}" font-size="12">'
            f"{value:g}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def charts(report: dict[str, Any]) -> dict[str, Markup]:
    return {
        "ingested": bar_chart(
            "records ingested per agency and month",
            [(f"{r['agency']} {r['month']}", r["records"]) for r in report["ingested"]],
        ),
        "approval": bar_chart(
            "median hours from scan to approval",
            [(r["agency"], r["median_hours"] or 0) for r in report["approval_time"]],
            " h",
        ),
        "auto": bar_chart(
            "share auto-approved by type",
            [
                (r["doc_type"], round(100 * (r["auto_share"] or 0)))
                for r in report["outcome_by_type"]
            ],
            " %",
        ),
    }


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, user: Manager, ctx: Ctx) -> Response:
    report = management_report(ctx.catalog)
    return render(request, "dashboard.html", user, report=report, charts=charts(report))


@router.get("/disposition", response_class=HTMLResponse)
def disposition_page(
    request: Request, user: Manager, ctx: Ctx, as_of: date | None = None
) -> Response:
    when = as_of or date.today()
    return render(
        request,
        "disposition.html",
        user,
        listing=disposition_list(ctx.catalog, when),
        transfers=transfers_due(ctx.catalog, when),
        approvals=[a for a in approvals(ctx.catalog) if a["state"] == "pending"],
        holds=list_holds(ctx.catalog),
        as_of=when.isoformat(),
    )


@router.post("/disposition/approvals")
def disposition_approve(
    request: Request,
    user: Manager,
    ctx: Ctx,
    csrf: Annotated[str, Form()],
    class_code: Annotated[str, Form(max_length=32)],
    as_of: Annotated[date, Form()],
) -> Response:
    check_csrf(request, csrf)
    body = lifecycle_api.ApprovalIn(class_code=class_code, as_of=as_of)
    try:
        lifecycle_api.approve_first(body, user, ctx)
    except HTTPException as error:
        return render(
            request,
            "error.html",
            user,
            status=error.status_code,
            status_code=error.status_code,
            message=str(error.detail),
        )
    return RedirectResponse(f"/disposition?as_of={as_of.isoformat()}", status_code=303)


@router.post("/disposition/approvals/{approval_id}/approve")
def disposition_second(
    request: Request, approval_id: str, user: Manager, ctx: Ctx, csrf: Annotated[str, Form()]
) -> Response:
    check_csrf(request, csrf)
    try:
        lifecycle_api.approve_second(approval_id, user, ctx)
    except HTTPException as error:
        return render(
            request,
            "error.html",
            user,
            status=error.status_code,
            status_code=error.status_code,
            message=str(error.detail),
        )
    return RedirectResponse("/disposition", status_code=303)
