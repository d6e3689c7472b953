"""``arkki serve``: the web app under uvicorn. Registered in flows/cli.py by the lead as::

    @app.command()
    def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
        from web.serve import run_serve
        raise typer.Exit(run_serve(host, port, settings()))

(web is the top layer, so flows/cli.py imports it lazily inside the command.)
ARKKI_WEB_SECRET signs the session cookies (else a secret made under ARKKI_HOME);
ARKKI_WEB_COOKIE_SECURE=0 allows the cookie over plain HTTP (development only).
"""

from __future__ import annotations

import os

from flows.config import Settings


def run_serve(host: str, port: int, settings: Settings) -> int:
    import uvicorn

    from web.app import create_app

    secure = os.environ.get("ARKKI_WEB_COOKIE_SECURE", "1") != "0"
    app = create_app(settings, secure_cookies=secure)
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)
    return 0
