"""Schemathesis fuzzes every operation of the JSON API's OpenAPI description (/api/openapi.json)
on the real ASGI app (a real SQLite catalog and object store with two needs_review records),
signed in as each role and signed out, and asserts that no request gets a server error (5xx).

Schemathesis's own pytest plugin (``schemathesis.pytest.from_fixture``) fails under pytest 9.2
(it sets ``request.node._nodeid``, which pytest no longer has), so the test runs the operations'
Hypothesis strategies itself: valid and invalid requests per operation and role, bounded so the
module runs in well under two minutes. Uploads are stored but not ingested (start_ingest=False).
A failure names the operation and mode; the falsifying request is in the captured output.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from flows.config import Settings
from tests.test_web_support import PASSWORD, ROLE_USER, review_record
from tests.test_web_support import accounts_catalog as accounts_catalog
from web.app import create_app
from web.context import WebContext

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 10  # valid requests per operation and role
MAX_NEGATIVE = 5  # invalid ones
SIGNED_OUT_EXAMPLES = 3
ROLES = ["admin", "archivist", "registry"]


@pytest.fixture(scope="module")
def api_app(tmp_path_factory: pytest.TempPathFactory, accounts_catalog: Path) -> Iterator[Any]:
    home = tmp_path_factory.mktemp("schemathesis-home")
    shutil.copy(accounts_catalog, home / "catalog.sqlite")
    config = Settings.from_env().model_copy(
        update={
            "home": home,
            "store": str(home / "objects"),
            "catalog": f"sqlite:///{home / 'catalog.sqlite'}",
            "search": "embedded",
        }
    )
    app = create_app(config, start_ingest=False, secure_cookies=False)
    ctx: WebContext = app.state.web
    ctx.sync_interval_s = 0.0
    for rid, agency in (("d-schema-uudely", "UUDELY"), ("d-schema-varely", "VARELY")):
        record, data = review_record(rid, agency)
        ctx.catalog.add_record(
            record.id,
            record.batch_id,
            record.status.value,
            record.description.doc_type,
            record.agency,
            record.description.title,
            record.model_dump_json(),
        )
        ctx.store.put_bytes(record.files[0].key, data, "image/tiff")
        ctx.store.put_bytes(f"records/{rid}/text.txt", "Hyvä lukija".encode(), "text/plain")
    yield app
    ctx.catalog.engine.dispose()


@pytest.fixture(scope="module")
def cookies(api_app: Any) -> dict[str, str]:
    """A signed session cookie per role (the session lives in the cookie, so a fuzzed
    DELETE /api/session cannot end it)."""
    out: dict[str, str] = {}
    for role in ROLES:
        client = TestClient(api_app)
        response = client.post(
            "/api/session", json={"username": ROLE_USER[role], "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        out[role] = f"arkki_session={client.cookies['arkki_session']}"
    return out


@pytest.fixture(scope="module")
def api_schema(api_app: Any) -> Any:
    return schemathesis.openapi.from_asgi("/api/openapi.json", api_app)


def _fuzz(operation: Any, mode: GenerationMode, cookie: str, examples: int) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    def run(case: Any) -> None:
        case.call_and_validate(
            headers={"Cookie": cookie} if cookie else {}, checks=[not_a_server_error]
        )

    try:
        run()
    except Unsatisfiable:
        # nothing in the operation can be made invalid (no parameters, or only a path
        # parameter that takes any string): the positive run covers it
        if mode is not GenerationMode.NEGATIVE:
            raise


@pytest.mark.parametrize("role", [*ROLES, "signed_out"])
def test_no_operation_answers_a_server_error(
    role: str, api_schema: Any, cookies: dict[str, str]
) -> None:
    """Every operation, with valid and invalid requests, signed in as ``role``; signed out,
    a few valid ones (every operation but the login answers 401 before reading the rest)."""
    plan = (
        [(GenerationMode.POSITIVE, SIGNED_OUT_EXAMPLES)]
        if role == "signed_out"
        else [(GenerationMode.POSITIVE, MAX_EXAMPLES), (GenerationMode.NEGATIVE, MAX_NEGATIVE)]
    )
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 15, [o.label for o in operations]
    failures: list[str] = []
    for operation in operations:
        for mode, examples in plan:
            try:
                _fuzz(operation, mode, cookies.get(role, ""), examples)
            except Exception as error:  # the falsifying example is in the captured output
                failures.append(
                    f"{operation.label} ({mode.value}): {type(error).__name__}: {error}"
                )
    assert not failures, "\n\n".join(failures)
