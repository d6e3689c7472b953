"""``create_app(settings)``: the FastAPI application (JSON API under /api, HTML pages).

Errors never leak a traceback: validation errors answer 422 with one line naming the first
bad field, refused roles 403, missing sessions 401 (pages redirect to the login form), and
anything unexpected 500 with one line (logged in full on the server).
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from flows.config import Settings
from web import api, html, lifecycle_api, lifecycle_html, search_api, search_html
from web.auth import Forbidden, LoginRequired, session_secret
from web.context import WebContext

HERE = Path(__file__).resolve().parent
log = logging.getLogger(__name__)


def create_app(
    settings: Settings, *, start_ingest: bool = True, secure_cookies: bool = True
) -> FastAPI:
    """The app on the catalog and store that ``settings`` name. ``secure_cookies=False`` only
    for plain-HTTP development; behind TLS keep the default."""
    app = FastAPI(
        title="arkki",
        version="0.1.0",
        description="Registry uploads, the archivists' national work queue, validation and "
        "the audit trail.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.web = WebContext.open(settings, start_ingest=start_ingest)
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings.home),
        session_cookie="arkki_session",
        max_age=8 * 3600,
        same_site="lax",
        https_only=secure_cookies,
    )
    app.include_router(api.router)
    app.include_router(html.router)
    app.include_router(lifecycle_api.router)
    app.include_router(lifecycle_html.router)
    app.include_router(search_api.router)
    app.include_router(search_html.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query"))
        message = f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg"))
        return JSONResponse({"detail": message.splitlines()[0]}, status_code=422)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, error: LoginRequired) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "sign in first"}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden) -> Response:
        message = str(error) or "forbidden"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=403)
        return html.error_page(request, 403, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        detail = str(error.detail).splitlines()[0] if error.detail else "error"
        if request.url.path.startswith("/api/") or request.url.path.startswith("/static/"):
            return JSONResponse(
                {"detail": detail},
                status_code=error.status_code,
                headers=getattr(error, "headers", None),
            )
        return html.error_page(request, error.status_code, detail)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        line = f"{type(error).__name__}: {error}".splitlines()[0][:300]
        return JSONResponse({"detail": f"internal error ({line})"}, status_code=500)

    return app
