"""A registry's upload runs the real ingest (``python -m flows ingest``) in the background and
its progress and quarantine are visible through the API. Slow: Prefect and Tesseract run."""

from __future__ import annotations

import time

import pytest

from flows.config import Settings
from tests.conftest import FINNISH_DECISION, render_page
from tests.test_web_support import PASSWORD, USERS, Web
from tests.test_web_support import accounts_catalog as accounts_catalog
from web.app import create_app

pytestmark = pytest.mark.slow


def test_an_uploaded_batch_is_ingested_and_its_quarantine_shown(
    arkki_home, accounts_catalog
) -> None:  # type: ignore[no-untyped-def]
    import io
    import shutil

    arkki_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(accounts_catalog, arkki_home / "catalog.sqlite")
    app = create_app(Settings.from_env(), start_ingest=True)
    web = Web(app, Settings.from_env())
    assert "kirjaamo_a" in USERS and PASSWORD
    page = io.BytesIO()
    render_page(FINNISH_DECISION).save(page, format="PNG", dpi=(300, 300))
    client = web.client("kirjaamo_a")
    response = client.post(
        "/api/batches",
        files=[
            ("files", ("paatos.png", page.getvalue(), "image/png")),
            ("files", ("tyhja.tif", b"", "image/tiff")),
        ],
    )
    assert response.status_code == 202, response.text
    upload_id = response.json()["id"]
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        status = client.get(f"/api/batches/{upload_id}").json()
        if status["state"] != "running":
            break
        time.sleep(2)
    assert status["state"] == "quarantine", status
    assert status["records"] == 1 and status["batch_status"] == "finished_with_quarantine"
    assert [q["file"] for q in status["quarantined"]] == ["tyhja.tif"]
    assert "empty" in status["quarantined"][0]["reason"]
    stages = {s["stage"]: (s["done"], s["total"]) for s in status["stages"]}
    assert stages["store"] == (2, 2) and stages["ocr"] == (1, 1), stages  # stage by stage
    assert stages["describe"] == (1, 1) and stages["index"] == (1, 1), stages
