"""The work queue, leases and the validation decisions through the API and the pages, on a
real SQLite catalog: concurrent claims, expiry, approve/correct with the audit trail, return
to the registry, the queue following the records table, page images and the languages."""

from __future__ import annotations

import html
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from infra.catalog import Catalog, corrections
from infra.worklist import TaskFilter, Worklist, review_tasks
from tests.test_web_support import TYPE_REASON, Web, review_record
from tests.test_web_support import accounts_catalog as accounts_catalog
from tests.test_web_support import web as web


def fill(web: Web, count: int, agency: str = "UUDELY") -> list[str]:
    ids = []
    for i in range(count):
        rid = f"d-{agency.lower()}{i:04d}"
        record, data = review_record(rid, agency, created=datetime(2026, 1, 1, 9, i, tzinfo=UTC))
        web.add(record, data)
        ids.append(rid)
    return ids


def test_two_archivists_claiming_at_once_get_different_tasks(web: Web) -> None:
    fill(web, 3)
    clients = [web.client("aino"), web.client("bertil")]
    barrier, claimed = threading.Barrier(2), {}

    def claim(name: str, client) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        claimed[name] = client.post("/api/queue/claim-next", json={}).json()["id"]

    threads = [
        threading.Thread(target=claim, args=(n, c))
        for n, c in zip(("a", "b"), clients, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert claimed["a"] != claimed["b"]


def test_many_claimers_on_separate_connections_never_share_a_task(web: Web) -> None:
    fill(web, 5)
    url = web.settings.catalog
    Worklist(Catalog(url)).sync_tasks()
    barrier, results = threading.Barrier(8), []

    def claim(user: str) -> None:
        worklist = Worklist(Catalog(url))  # its own engine, as another process would have
        barrier.wait()
        results.append(worklist.claim_next(user, TaskFilter()))

    threads = [threading.Thread(target=claim, args=(f"u{i}",)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    won = [r for r in results if r is not None]
    assert len(won) == 5 and len(set(won)) == 5


def test_an_expired_lease_returns_the_task_and_its_old_holder_cannot_approve(web: Web) -> None:
    (rid,) = fill(web, 1)
    aino, bertil = web.client("aino"), web.client("bertil")
    assert aino.post("/api/queue/claim-next", json={}).json()["id"] == rid
    assert bertil.post("/api/queue/claim-next", json={}).status_code == 404
    assert bertil.post(f"/api/tasks/{rid}/claim").status_code == 409
    with web.app.state.web.catalog.engine.begin() as conn:
        conn.execute(
            update(review_tasks).values(lease_expires=datetime.now(UTC) - timedelta(seconds=1))
        )
    assert bertil.post("/api/queue/claim-next", json={}).json()["id"] == rid
    version = aino.get(f"/api/records/{rid}").json()["version"]
    refused = aino.post(f"/api/records/{rid}/approve", json={"version": version})
    assert refused.status_code == 409


def test_correct_and_approve_writes_the_audit_trail_and_removes_the_task(web: Web) -> None:
    (rid,) = fill(web, 1)
    client = web.client("aino")
    assert client.get("/api/queue").json()["total"] == 1
    client.post(f"/api/tasks/{rid}/claim")
    shown = client.get(f"/api/records/{rid}").json()
    assert shown["uncertain"] == {"doc_type": TYPE_REASON}
    assert not shown["sahke2"]["valid"] and any("Status" in p for p in shown["sahke2"]["problems"])
    response = client.post(
        f"/api/records/{rid}/approve",
        json={
            "version": shown["version"],
            "fields": {**shown["values"], "doc_type": "paatos"},
            "reason": "otsikko PÄÄTÖS",
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["changes"] == [
        {"field": "doc_type", "old": "kirje", "new": "paatos"},
        {"field": "status", "old": "needs_review", "new": "stored"},
    ]
    assert client.get("/api/queue").json()["total"] == 0
    trail = client.get(f"/api/records/{rid}/audit").json()["audit"]
    assert [(e["actor"], e["action"], e["detail"]["reason"]) for e in trail] == [
        ("aino", "correct", "otsikko PÄÄTÖS")
    ]
    csv_text = client.get(f"/api/records/{rid}/audit?format=csv").text
    assert csv_text.splitlines()[0] == "id,at,actor,action,record_id,detail" and "aino" in csv_text
    with web.app.state.web.catalog.engine.connect() as conn:
        assert [r.field for r in conn.execute(corrections.select())] == ["doc_type", "status"]
    assert client.get(f"/api/records/{rid}").json()["status"] == "stored"
    again = client.post(f"/api/records/{rid}/approve", json={"version": shown["version"]})
    assert again.status_code == 409  # no task, and the record changed


def test_an_invalid_value_or_a_stale_version_changes_nothing(web: Web) -> None:
    (rid,) = fill(web, 1)
    client = web.client("aino")
    client.post(f"/api/tasks/{rid}/claim")
    version = client.get(f"/api/records/{rid}").json()["version"]
    bad = client.post(
        f"/api/records/{rid}/approve", json={"version": version, "fields": {"doc_type": "runo"}}
    )
    assert bad.status_code == 422 and "doc_type=runo" in bad.json()["detail"]
    stale = client.post(f"/api/records/{rid}/approve", json={"version": "0" * 16})
    assert stale.status_code == 409 and "reload" in stale.json()["detail"]
    assert client.get(f"/api/records/{rid}/audit").json()["audit"] == []
    assert client.get("/api/queue").json()["total"] == 1


def test_return_to_registry_reaches_only_that_agencys_registry(web: Web) -> None:
    (rid,) = fill(web, 1)
    client = web.client("aino")
    client.post(f"/api/tasks/{rid}/claim")
    response = client.post(
        f"/api/records/{rid}/return", json={"note": "Sivu 2 puuttuu, skannaa uudelleen"}
    )
    assert response.status_code == 200
    assert client.get("/api/queue").json()["total"] == 0
    returned = web.client("kirjaamo_a").get("/api/returns").json()
    assert [(r["id"], r["note"]) for r in returned] == [(rid, "Sivu 2 puuttuu, skannaa uudelleen")]
    assert web.client("kirjaamo_b").get("/api/returns").json() == []
    assert (
        client.get(f"/api/records/{rid}/audit").json()["audit"][0]["action"] == "return-to-registry"
    )


def test_the_queue_follows_the_records_filters_and_counts_per_agency(web: Web) -> None:
    fill(web, 3, "UUDELY")
    fill(web, 2, "VARELY")
    other, data = review_record("d-blank", "VARELY", reasons=["no text was recognised"])
    web.add(other, data)
    client = web.client("aino")
    summary = {s["agency"]: s["open"] for s in client.get("/api/queue/summary").json()}
    assert summary == {"UUDELY": 3, "VARELY": 3}
    first = client.get("/api/queue").json()["tasks"][0]
    assert first["id"] == "d-blank" and first["priority"] == 3 and first["reasons"] == ["no_text"]
    assert client.get("/api/queue?reason=no_text").json()["total"] == 1
    assert client.get("/api/queue?agency=VARELY&reason=doc_type").json()["total"] == 2
    assert client.get("/api/queue?doc_type=paatos").json()["total"] == 0
    # approved outside the web app (as `arkki correct --approve` does): the task goes
    catalog = web.app.state.web.catalog
    row = catalog.record("d-blank")
    catalog.correct_record(
        "d-blank",
        row["record"],
        {"status": "stored"},
        [("status", "needs_review", "stored")],
        "cli",
        "",
    )
    assert client.get("/api/queue?agency=VARELY").json()["total"] == 2


def test_the_validation_screen_page_image_and_languages(web: Web) -> None:
    (rid,) = fill(web, 1)
    client = web.client("aino")
    page = client.get(f"/tasks/{rid}")
    assert page.status_code == 200 and '<html lang="fi">' in page.text
    assert (
        'class="field unsure"' in page.text and html.escape(TYPE_REASON, quote=False) in page.text
    )
    assert client.get(f"/tasks/{rid}?lang=sv").text.count('<html lang="sv">') == 1
    assert '<html lang="sv">' in client.get("/queue").text  # remembered in the session
    image = client.get(f"/api/records/{rid}/pages/1.png?width=800")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    assert list((web.settings.home / "cache" / "pages").glob("*-0-800.png"))
    english = web.client()
    english.headers["accept-language"] = "en-GB,en;q=0.9,fi;q=0.5"
    assert '<html lang="en">' in english.get("/login").text


def test_the_common_path_in_the_pages_claim_approve_and_see_the_audit_entry(web: Web) -> None:
    fill(web, 2)
    client = web.client()
    login = client.post(
        "/login",
        data={"username": "aino", "password": "salasana-1234-pitka"},
        follow_redirects=False,
    )
    assert login.status_code == 303 and login.headers["location"] == "/queue"
    queue = client.get("/queue").text
    csrf = queue.split('name="csrf" value="')[1].split('"')[0]
    claimed = client.post("/queue/claim-next", data={"csrf": csrf}, follow_redirects=False)
    rid = claimed.headers["location"].removeprefix("/tasks/")
    screen = client.get(f"/tasks/{rid}").text
    version = screen.split('name="version" value="')[1].split('"')[0]
    done = client.post(
        f"/tasks/{rid}/approve",
        data={"csrf": csrf, "version": version, "doc_type": "paatos", "reason": "", "then": "next"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/tasks/d-")
    assert done.headers["location"] != f"/tasks/{rid}"  # straight on to the next task
    record_page = client.get(f"/records/{rid}").text
    assert "kirje → paatos" in record_page and "aino" in record_page
    forged = client.post("/queue/claim-next", data={"csrf": "forged"})
    assert forged.status_code == 403
