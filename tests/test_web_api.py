"""The JSON API's authorisation (every route, every role), agency scoping, the read-only audit
trail and its error answers: a real app on a real SQLite catalog (tests/test_web_support.py).
"""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.test_web_support import PASSWORD, ROLE_USER, Web, review_record, tiff_bytes
from tests.test_web_support import accounts_catalog as accounts_catalog
from tests.test_web_support import web as web

ROLES = ("registry", "archivist", "case_handler", "admin")
RID = "d-0123456789abcdef0001"
# (method, path) → the roles allowed; every /api route must be listed (checked below)
MATRIX: dict[tuple[str, str], set[str]] = {
    ("GET", "/api/me"): set(ROLES),
    ("PUT", "/api/me/language"): set(ROLES),
    ("GET", "/api/queue"): {"archivist"},
    ("GET", "/api/queue/summary"): {"archivist"},
    ("POST", "/api/queue/claim-next"): {"archivist"},
    ("POST", "/api/tasks/{record_id}/claim"): {"archivist"},
    ("POST", "/api/tasks/{record_id}/release"): {"archivist"},
    ("GET", "/api/records/{record_id}"): {"archivist"},
    ("GET", "/api/records/{record_id}/text"): {"archivist"},
    ("GET", "/api/records/{record_id}/sahke2-check"): {"archivist"},
    ("GET", "/api/records/{record_id}/pages/{number}.png"): {"archivist"},
    ("POST", "/api/records/{record_id}/approve"): {"archivist"},
    ("POST", "/api/records/{record_id}/return"): {"archivist"},
    ("GET", "/api/records/{record_id}/audit"): {"archivist"},
    ("POST", "/api/batches"): {"registry"},
    ("GET", "/api/batches"): {"registry", "archivist"},
    ("GET", "/api/batches/{upload_id}"): {"registry", "archivist"},
    ("GET", "/api/returns"): {"registry"},
    ("GET", "/api/users"): {"admin"},
    ("POST", "/api/users"): {"admin"},
    # records lifecycle (web/lifecycle_api.py)
    ("GET", "/api/records/{record_id}/retention"): {"archivist", "admin"},
    ("GET", "/api/disposition"): {"archivist", "admin"},
    ("GET", "/api/disposition/transfers"): {"archivist", "admin"},
    ("GET", "/api/disposition/approvals"): {"archivist", "admin"},
    ("POST", "/api/disposition/approvals"): {"archivist", "admin"},
    ("POST", "/api/disposition/approvals/{approval_id}/approve"): {"archivist", "admin"},
    ("GET", "/api/disposition/certificates/{certificate_id}"): {"archivist", "admin"},
    ("GET", "/api/holds"): {"archivist", "admin"},
    ("POST", "/api/holds"): {"archivist", "admin"},
    ("POST", "/api/holds/{hold_id}/lift"): {"archivist", "admin"},
    ("GET", "/api/reports/management"): {"archivist", "admin"},
    ("GET", "/api/search"): {"registry", "archivist", "case_handler"},
    ("GET", "/api/cases/{diary}"): {"registry", "archivist", "case_handler"},
    ("GET", "/api/view/{record_id}"): {"registry", "archivist", "case_handler"},
    ("GET", "/api/view/{record_id}/text"): {"registry", "archivist", "case_handler"},
    ("GET", "/api/view/{record_id}/pages/{number}.png"): {"registry", "archivist", "case_handler"},
    ("GET", "/api/view/{record_id}/download/{kind}"): {"registry", "archivist", "case_handler"},
}
OPEN_ROUTES = {("POST", "/api/session"), ("DELETE", "/api/session")}


def api_routes(web: Web) -> set[tuple[str, str]]:
    """Every API route and method, from the OpenAPI description the app serves."""
    paths = web.client().get("/api/openapi.json").json()["paths"]
    return {(method.upper(), path) for path, item in paths.items() for method in item}


def call(client, method: str, path: str):  # type: ignore[no-untyped-def]
    url = path.format(record_id=RID, number=1, upload_id="nope", diary="X/1/2020", kind="pdf",
                      approval_id="da-nope", hold_id=999,
                      certificate_id="dc-20260101-0000000000")  # fmt: skip
    if method == "POST" and path == "/api/batches":
        return client.post(url, files={"files": ("a.tif", tiff_bytes(), "image/tiff")})
    body = {"language": "sv"} if path == "/api/me/language" else {}
    return client.request(method, url, json=body)


def test_every_api_route_is_in_the_matrix(web: Web) -> None:
    assert api_routes(web) == set(MATRIX) | OPEN_ROUTES


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_refused_what_it_may_not_do(web: Web, role: str) -> None:
    record, data = review_record(RID)
    web.add(record, data)
    client = web.client(ROLE_USER[role])
    for (method, path), allowed in MATRIX.items():
        response = call(client, method, path)
        if role in allowed:
            assert response.status_code != 403, (method, path, response.text)
        else:
            assert response.status_code == 403, (method, path, response.status_code)
            assert "\n" not in response.json()["detail"]


def test_without_a_session_every_route_answers_401(web: Web) -> None:
    client = web.client()
    for method, path in MATRIX:
        assert call(client, method, path).status_code == 401, (method, path)
    assert (
        client.post("/api/session", json={"username": "aino", "password": "x" * 12}).status_code
        == 401
    )


def test_a_registry_sees_only_its_own_agencys_batches(web: Web) -> None:
    a, b = web.client("kirjaamo_a"), web.client("kirjaamo_b")
    mine = a.post("/api/batches", files={"files": ("a.tif", tiff_bytes(), "image/tiff")})
    theirs = b.post("/api/batches", files={"files": ("b.tif", tiff_bytes(2), "image/tiff")})
    assert mine.status_code == theirs.status_code == 202
    assert mine.json()["agency"] == "UUDELY" and theirs.json()["agency"] == "VARELY"
    assert [x["id"] for x in a.get("/api/batches").json()] == [mine.json()["id"]]
    assert a.get(f"/api/batches/{theirs.json()['id']}").status_code == 404
    assert b.get(f"/api/batches/{mine.json()['id']}").status_code == 404
    assert b.get(f"/api/batches/{theirs.json()['id']}").json()["documents"] == 1
    archivist = web.client("aino")  # a national role sees both
    assert len(archivist.get("/api/batches").json()) == 2


def test_an_upload_goes_into_the_uploaders_agency_folder_and_a_zip_is_unpacked(web: Web) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("erä/s1.tif", tiff_bytes())
        archive.writestr("erä/s2.tif", tiff_bytes(2))
    client = web.client("kirjaamo_a")
    response = client.post("/api/batches", files={"files": ("batch.zip", packed.getvalue())})
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["files"] == 2 and body["documents"] == 2
    folder = web.settings.home / "uploads" / "UUDELY" / body["id"]
    assert sorted(p.name for p in folder.rglob("*.tif")) == ["s1.tif", "s2.tif"]


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ({"files": ("x.zip", b"not a zip")}, "zip file cannot be read"),
        ({"files": ("../../etc/passwd", b"x")}, "not allowed"),
        ({"files": (".hidden.tif", b"x")}, "not allowed"),
    ],
)
def test_a_bad_upload_is_400_with_one_line(web: Web, files: dict, words: str) -> None:  # type: ignore[type-arg]
    response = web.client("kirjaamo_a").post("/api/batches", files=files)
    assert response.status_code == 400 and words in response.json()["detail"]
    assert not list((web.settings.home / "uploads").rglob("passwd"))


def test_a_zip_slip_member_is_refused(web: Web) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("../evil.tif", b"x")
    response = web.client("kirjaamo_a").post(
        "/api/batches", files={"files": ("b.zip", packed.getvalue())}
    )
    assert response.status_code == 400
    assert not (web.settings.home / "uploads" / "evil.tif").exists()


def test_the_audit_trail_has_no_route_that_writes(web: Web) -> None:
    audit_routes = [(m, p) for m, p in api_routes(web) if "audit" in p]
    assert audit_routes == [("GET", "/api/records/{record_id}/audit")]
    record, data = review_record(RID)
    web.add(record, data)
    client = web.client("aino")
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert client.request(method, f"/api/records/{RID}/audit").status_code == 405


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/api/queue?limit=0", None, 422),
        ("GET", "/api/queue?reason=bogus", None, 422),
        ("GET", "/api/queue?agency=%3Cscript%3E", None, 422),
        ("POST", "/api/queue/claim-next", {"reason": "bogus"}, 422),
        ("POST", f"/api/records/{RID}/approve", {}, 422),
        ("POST", f"/api/records/{RID}/approve", {"version": "x", "fields": {"colour": "x"}}, 422),
        ("POST", f"/api/records/{RID}/approve", {"version": "x", "fields": {"doc_type": 3}}, 422),
        ("POST", f"/api/records/{RID}/return", {"note": ""}, 422),
        ("GET", f"/api/records/{RID}/pages/0.png", None, 422),
        ("GET", f"/api/records/{RID}/pages/9.png", None, 404),
        ("GET", f"/api/records/{RID}/audit?format=xml", None, 422),
        ("GET", "/api/records/d-missing", None, 404),
        ("POST", "/api/tasks/d-missing/claim", None, 404),
        ("POST", "/api/users", {"username": "x"}, 422),
    ],
)
def test_bad_input_is_a_4xx_with_one_line_never_a_500(
    web: Web, method: str, path: str, body: object, status: int
) -> None:
    record, data = review_record(RID)
    web.add(record, data)
    client = web.client("paakayttaja" if path == "/api/users" else "aino")
    response = (
        client.request(method, path, json=body)
        if body is not None
        else client.request(method, path)
    )
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail and "\n" not in detail


def test_a_body_that_is_not_json_is_422(web: Web) -> None:
    response = web.client("aino").post(
        "/api/queue/claim-next", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422 and "\n" not in response.json()["detail"]


def test_an_admin_adds_users_and_bad_accounts_are_refused(web: Web) -> None:
    admin = web.client("paakayttaja")
    made = admin.post(
        "/api/users",
        json={"username": "uusi", "password": PASSWORD, "role": "registry", "agencies": "PIRELY"},
    )
    assert made.status_code == 201 and made.json()["agencies"] == ["PIRELY"]
    again = admin.post(
        "/api/users",
        json={"username": "uusi", "password": PASSWORD, "role": "registry", "agencies": "PIRELY"},
    )
    assert again.status_code == 409
    national_registry = admin.post(
        "/api/users",
        json={"username": "laaja", "password": "p" * 12, "role": "registry", "agencies": "*"},
    )
    assert (
        national_registry.status_code == 400
        and "exactly one agency" in national_registry.json()["detail"]
    )
    short = admin.post(
        "/api/users", json={"username": "lyhyt", "password": "short", "role": "archivist"}
    )
    assert short.status_code == 400
    assert web.client("uusi").get("/api/me").json()["role"] == "registry"


def test_the_openapi_description_is_served(web: Web) -> None:
    spec = web.client().get("/api/openapi.json").json()
    assert (
        "/api/queue/claim-next" in spec["paths"]
        and "/api/records/{record_id}/audit" in spec["paths"]
    )
