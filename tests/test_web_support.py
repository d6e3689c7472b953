"""Shared fixtures of the web tests (no tests here): a real app on a real SQLite catalog and
object store in a temporary ARKKI_HOME, one account per role, and needs_review records written
straight into the catalog (no OCR), each with a real TIFF page in the store."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image

from archive_schema.record import RecordMetadata, RecordStatus
from flows.config import Settings, open_catalog, open_store
from infra.catalog import Catalog
from tests.factories import stored_record
from web.accounts import create_user
from web.app import create_app

PASSWORD = "salasana-1234-pitka"
# user name → (role, agencies)
USERS = {
    "kirjaamo_a": ("registry", "UUDELY"),
    "kirjaamo_b": ("registry", "VARELY"),
    "aino": ("archivist", "*"),
    "bertil": ("archivist", "*"),
    "kaisa": ("case_handler", "UUDELY"),
    "paakayttaja": ("admin", "*"),
}
ROLE_USER = {
    "registry": "kirjaamo_a",
    "archivist": "aino",
    "case_handler": "kaisa",
    "admin": "paakayttaja",
}
TYPE_REASON = "document type uncertain (kirje, confidence 0.41 < 0.80)"


def tiff_bytes(pages: int = 1) -> bytes:
    frames = [Image.new("L", (620, 877), 255 - 40 * i) for i in range(pages)]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:], dpi=(300, 300))
    return out.getvalue()


def review_record(
    rid: str,
    agency: str = "UUDELY",
    reasons: list[str] | None = None,
    doc_type: str = "kirje",
    created: datetime | None = None,
) -> tuple[RecordMetadata, bytes]:
    data = tiff_bytes()
    record = stored_record(
        rid,
        doc_type=doc_type,
        class_doc_type="paatos",
        title=f"Kirje {rid}",
        language_confidence=0.97,
        doc_type_confidence=0.41,
        doc_type_reason="model 0.41",
        class_confidence=0.9,
        class_reason="t",
        model_version="type-test",
        originals=[(f"{rid}.tif", data)],
        page_size=(620, 877),
        ink_ratio=0.0,
        ocr_engine="",
        status=RecordStatus.NEEDS_REVIEW,
        review_reasons=[TYPE_REASON] if reasons is None else reasons,
        agency=agency,
        batch=f"b-{agency.lower()}",
        ocr_confidence=88.0,
        created=created or datetime.now(UTC),
    )
    return record, data


@dataclass
class Web:
    app: FastAPI
    settings: Settings

    def client(self, user: str | None = None) -> TestClient:
        client = TestClient(self.app, base_url="https://testserver", raise_server_exceptions=False)
        if user is not None:
            response = client.post("/api/session", json={"username": user, "password": PASSWORD})
            assert response.status_code == 200, response.text
        return client

    def add(self, record: RecordMetadata, data: bytes, text: str = "Hyvä lukija") -> None:
        catalog, store = open_catalog(self.settings), open_store(self.settings)
        catalog.add_record(
            record.id,
            record.batch_id,
            record.status.value,
            record.description.doc_type,
            record.agency,
            record.description.title,
            record.model_dump_json(),
        )
        store.put_bytes(record.files[0].key, data, "image/tiff")
        store.put_bytes(f"records/{record.id}/text.txt", text.encode(), "text/plain")
        catalog.engine.dispose()


@pytest.fixture(scope="session")
def accounts_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated catalog holding the accounts, made once: argon2 is slow on purpose."""
    folder = tmp_path_factory.mktemp("web-template")
    catalog = Catalog(f"sqlite:///{folder / 'catalog.sqlite'}")
    for name, (role, agencies) in USERS.items():
        create_user(catalog, name, PASSWORD, role, agencies)
    catalog.engine.dispose()
    return folder / "catalog.sqlite"


@pytest.fixture
def web(arkki_home: Path, accounts_catalog: Path) -> Iterator[Web]:
    arkki_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(accounts_catalog, arkki_home / "catalog.sqlite")
    settings = Settings.from_env()
    app = create_app(settings, start_ingest=False)
    app.state.web.sync_interval_s = 0.0  # tests read their own writes at once
    yield Web(app, settings)
    app.state.web.catalog.engine.dispose()
